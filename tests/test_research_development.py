"""The research export's interviews and outcomes, beside the coded entries: one row per record,
the entrepreneur and the members involved under their pseudonyms, the free texts of a person with
consent to research use only, the entries and meetings behind an outcome by their ids."""

from __future__ import annotations

import csv
import dataclasses
import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from exports.bundle.importer import Importer
from exports.bundle.writer import make_bundle
from exports.research import COLUMNS, write_research_export
from exports.research_development import INTERVIEW_COLUMNS, OUTCOME_COLUMNS, development_rows
from facilitator.model import Interview, MeetingStatus, MemoEntry, Outcome, Person, Role
from facilitator.pseudonyms import pseudonym
from storage.workspace import WorkspaceRole
from tests.sync_support import opened, share_keys
from tests.test_cli import facilitator
from tests.test_erasure import NAME, build
from tests.test_erasure_development import THEIR_TEXTS, record_development

OTHER = "Bertta Lampinen"


@dataclasses.dataclass
class Made:
    folder: Path
    consenting: str  # Áilu's id: research consent given
    other: str  # Bertta's id: no research consent
    entry_id: str
    meeting_id: str


@pytest.fixture
def made(tmp_path: Path) -> Made:
    """Áilu (research consent) with an interview and an export naming Bertta, and a draft still to
    be completed; Bertta (no research consent) with an interview and a joint stand naming Áilu."""
    folder = tmp_path / "workspace"
    with opened(folder) as repository:
        group, person, meeting = build(repository)
        (other,) = [found for found in repository.people(group.id) if found.name == OTHER]
        repository.save_person(dataclasses.replace(other, research_consent=None))
        record_development(repository, group.id, person.id, meeting.id)
        repository.save_outcome(
            Outcome(person_id=person.id, day=date(2026, 11, 28), description="Drafted live", draft=True)
        )
        (entry,) = repository.memo(meeting.id)
    return Made(folder, person.id, other.id, entry.id, meeting.id)


def read_csv(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        reader = csv.DictReader(file)
        assert tuple(reader.fieldnames or ()) == columns
        return list(reader)


def test_the_csv_files_hold_the_records_as_the_entries_name_people_with_the_consenting_one_s_texts(
    made: Made, tmp_path: Path
) -> None:
    with opened(made.folder) as repository:
        written = write_research_export(repository, "csv", to=tmp_path)
    assert (written.interviews, written.outcomes) == (2, 2)  # the draft is not yet data
    interviews_path, outcomes_path = written.beside
    assert interviews_path.name == "all-groups-research-interviews.csv"
    assert outcomes_path.name == "all-groups-research-outcomes.csv"
    for path in written.paths:
        data = path.read_text(encoding="utf-8-sig")
        assert "Bertta" not in data, path  # no consent to research use
    ailu, bertta = NAME, pseudonym(made.other, "Member")  # as the entries' people column names them

    by_whom = {row["entrepreneur"]: row for row in read_csv(interviews_path, INTERVIEW_COLUMNS)}
    assert set(by_whom) == {ailu, bertta}
    theirs = by_whom[ailu]
    assert (theirs["interview_date"], theirs["kind"], theirs["growth_intention"]) == (
        "2026-11-02",
        "joining",
        "grow_moderately",
    )
    assert (theirs["staff"], theirs["planned_staff"], theirs["network_value"]) == ("1.0", "2.0", "4")
    assert theirs["barriers"] == "finance;time" and theirs["barrier_note_finance"] == THEIR_TEXTS[1]
    assert theirs["network_gives"] == f"{bertta} told me of {THEIR_TEXTS[0]}"  # her name hidden in his text
    assert by_whom[bertta]["network_gives"] == "" and by_whom[bertta]["interview_date"] == "2026-11-03"

    by_whom = {row["entrepreneur"]: row for row in read_csv(outcomes_path, OUTCOME_COLUMNS)}
    theirs = by_whom[ailu]
    assert theirs["kind"] == "export_started" and THEIR_TEXTS[2] in theirs["description"]
    assert (theirs["involved"], theirs["entry_ids"], theirs["meeting_ids"]) == (bertta, made.entry_id, made.meeting_id)
    assert theirs["staff_after"] == "2.0"
    assert by_whom[bertta]["description"] == "" and by_whom[bertta]["involved"] == ailu
    assert "Drafted live" not in outcomes_path.read_text(encoding="utf-8-sig")


def test_json_lines_carry_lists_and_numbers_and_a_period_keeps_its_days(made: Made, tmp_path: Path) -> None:
    with opened(made.folder) as repository:
        written = write_research_export(repository, "jsonl", to=tmp_path)
        later = write_research_export(repository, "jsonl", first=date(2026, 11, 21), to=tmp_path)
    interviews, outcomes = (
        [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] for path in written.beside
    )
    assert all(tuple(row) == INTERVIEW_COLUMNS for row in interviews)
    assert all(tuple(row) == OUTCOME_COLUMNS for row in outcomes)
    theirs = next(row for row in interviews if row["entrepreneur"] == NAME)
    assert theirs["barriers"] == ["finance", "time"] and theirs["staff"] == 1.0 and theirs["turnover"] is None
    joint = next(row for row in outcomes if row["kind"] == "joint_venture_or_campaign")
    assert joint["involved"] == [NAME] and joint["entry_ids"] == []
    assert joint["description"] == ""  # Bertta gave no consent to research use
    assert (later.interviews, later.outcomes) == (0, 1)
    assert "-from-2026-11-21" in later.beside[0].name


@pytest.mark.processes
def test_the_command_names_every_file_and_counts_the_records(made: Made, tmp_path: Path) -> None:
    result = facilitator("export", "research", "--workspace", made.folder, "--to", tmp_path)
    assert result.returncode == 0, result.stderr
    *paths, entries, development = result.stdout.splitlines()
    assert [Path(path).name for path in paths] == [
        "all-groups-research.csv",
        "all-groups-research-interviews.csv",
        "all-groups-research-outcomes.csv",
    ]
    assert entries == "0 coded memo entries."
    assert development == "Beside them, 2 interviews and 2 outcomes, each kind in a file of its own."


def test_the_coordinator_s_files_are_the_facilitator_s(made: Made, tmp_path: Path) -> None:
    """On the coordinator's workspace the records arrived as consent allows already: the view
    applied again changes nothing, so both sides write the same rows."""
    with (
        opened(tmp_path / "coordinator", WorkspaceRole.COORDINATOR) as coordinator,
        opened(made.folder) as laptop,
    ):
        share_keys(coordinator, [laptop], tmp_path / "keys")
        assert Importer(coordinator).import_file(make_bundle(laptop, laptop.groups(), to=tmp_path).path).ok
        coordinator.reload()
        on_laptop = development_rows(laptop, laptop.groups())
        at_coordinator = development_rows(coordinator, coordinator.groups())
    assert at_coordinator == on_laptop and all(on_laptop)


def test_the_three_files_name_people_alike_and_join_on_them(made: Made, tmp_path: Path) -> None:
    """The entries' people column, the interviews' entrepreneur and interviewer, the outcomes'
    entrepreneur and involved: by name with consent to research use, else the same pseudonym; the
    texts through the same hiding (Bertta's name, without consent, as her pseudonym everywhere)."""
    with opened(made.folder) as repository:
        ailu = repository.person(made.consenting)
        researcher = repository.save_person(
            Person(group_id=ailu.group_id, name="Riikka Tutkija", role=Role.RESEARCHER)  # no research consent
        )
        adviser = repository.save_person(
            Person(
                group_id=ailu.group_id, name="Pekka Neuvoja", role=Role.FACILITATOR, research_consent=date(2026, 1, 5)
            )
        )
        meeting = repository.meeting(made.meeting_id)
        repository.save_meeting(dataclasses.replace(meeting, status=MeetingStatus.HELD))
        repository.save_memo_entry(
            MemoEntry(
                meeting_id=meeting.id,
                group_id=ailu.group_id,
                text="Bertta Lampinen and Riikka Tutkija ask Áilu for the supplier",
                written_at=meeting.starts_at + timedelta(minutes=40),
                codes=["RI"],
                people=[made.consenting, made.other, researcher.id, adviser.id],
            )
        )
        repository.save_interview(
            Interview(
                person_id=made.consenting,
                day=date(2026, 11, 29),
                interviewer="pekka  neuvoja",
                network_gives="Bertta Lampinen and Riikka Tutkija ask Áilu for the supplier",
            )
        )
        written = write_research_export(repository, "csv", to=tmp_path)
    entries_path, interviews_path, outcomes_path = written.paths
    (entry,) = read_csv(entries_path, COLUMNS)
    named_in_entries = entry["people"].split("; ")
    bertta, riikka = pseudonym(made.other, "Member"), pseudonym(researcher.id, "Researcher")
    assert named_in_entries == [NAME, bertta, riikka, "Pekka Neuvoja"]

    interviews = read_csv(interviews_path, INTERVIEW_COLUMNS)
    assert {row["entrepreneur"] for row in interviews} == {NAME, bertta}
    assert {row["interviewer"] for row in interviews} == {riikka, "Pekka Neuvoja", ""}  # as the people column
    (latest,) = [row for row in interviews if row["interview_date"] == "2026-11-29"]
    assert latest["network_gives"] == entry["text"] == f"{bertta} and {riikka} ask Áilu for the supplier"

    outcomes = read_csv(outcomes_path, OUTCOME_COLUMNS)
    assert {row["entrepreneur"] for row in outcomes} == {NAME, bertta}
    assert {row["involved"] for row in outcomes} == {NAME, bertta}
    assert set(named_in_entries) >= {row["entrepreneur"] for row in [*interviews, *outcomes]}


def test_a_member_removed_from_the_roster_keeps_their_interviews_and_outcomes_in_the_export(
    made: Made, tmp_path: Path
) -> None:
    """Their answers are still data: removed from the roster, Áilu's interview and outcome stay
    in the files under their name, as the entries' rows name them."""
    with opened(made.folder) as repository:
        repository.remove_person(made.consenting)
        written = write_research_export(repository, "jsonl", to=tmp_path)
    assert (written.interviews, written.outcomes) == (2, 2)
    interviews_path, outcomes_path = written.beside
    for path in (interviews_path, outcomes_path):
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        assert NAME in {row["entrepreneur"] for row in rows}, path
