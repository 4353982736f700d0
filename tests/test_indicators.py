"""The funder's indicators of a demo network: the CSV read back and checked figure by figure against
the repository's records (counted here, the test's own way), locked periods and their corrections,
the PDF read back. The command and the keys: tests/test_indicators_keys.py."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from exports.bundle.importer import Importer, ImportStatus
from exports.bundle.writer import make_bundle
from exports.errors import ExportFailed
from exports.indicators_files import indicators_period, write_indicators, write_indicators_files
from facilitator.demo import generate_network
from facilitator.i18n import _, use_language
from facilitator.model import (
    Interview,
    InterviewKind,
    Meeting,
    MeetingStatus,
    Outcome,
    OutcomeKind,
    Person,
    Presence,
    Role,
)
from facilitator.text import fold
from storage.erasure import WorkspaceErasure
from storage.indicator_locks import LockRefused, PeriodLocked, locks
from storage.repository import Repository
from storage.workspace import WorkspaceRole
from tests.conftest import DEMO_DAY, TEST_LANGUAGE
from tests.indicators_support import demo as demo
from tests.sync_support import opened, share_keys

FIRST, LAST = date(2025, 1, 1), date(2025, 12, 31)


def _present_in_2025(repository: Repository, group_id: str) -> list[Person]:
    """The group's members present at a held meeting of 2025, most present first."""
    group = repository.group(group_id)
    zone = ZoneInfo(group.time_zone)
    members = {person.id: person for person in repository.people(group_id) if person.role is Role.MEMBER}
    times: dict[str, int] = {}
    for meeting in repository.meetings(group_id):
        if meeting.status is MeetingStatus.HELD and FIRST <= meeting.starts_at.astimezone(zone).date() <= LAST:
            for entry in repository.attendance(meeting.id):
                if entry.status is Presence.PRESENT and entry.person_id in members:
                    times[entry.person_id] = times.get(entry.person_id, 0) + 1
    return [members[person_id] for person_id in sorted(times, key=lambda person_id: (-times[person_id], person_id))]


def _development(repository: Repository) -> dict[str, str]:
    """Known staff counts and outcomes for four members of the first group; two of them share a
    firm (the same company, written otherwise). Returns the roles the test gave them by person id."""
    group = repository.groups()[0]
    one, two, three, four = _present_in_2025(repository, group.id)[:4]
    for person in (one, two, three, four):  # the demo's own records of them make way for the test's
        for interview in repository.interviews_of(person.id):
            repository.remove_interview(interview.id)
        for outcome in repository.outcomes_of(person.id):
            repository.remove_outcome(outcome.id)
    repository.save_person(replace(one, company="Saamen Matkat Oy"))
    repository.save_person(replace(two, company="SAAMEN MATKAT OY "))
    # The shared firm: 4 FTE before the period, 6.5 in it: 2.5 jobs, micro; a new product in 2025.
    repository.save_interview(Interview(person_id=one.id, day=date(2024, 6, 1), kind=InterviewKind.JOINING, staff=4))
    repository.save_outcome(
        Outcome(
            person_id=two.id,
            day=date(2025, 9, 1),
            kind=OutcomeKind.NEW_PRODUCT,
            staff_after=6.5,
            description="Winter tours",
        )
    )
    # Three: 12 FTE only, in the period: small, not measurable; a draft product does not count.
    repository.save_interview(Interview(person_id=three.id, day=date(2025, 3, 1), staff=12))
    repository.save_outcome(
        Outcome(
            person_id=three.id,
            day=date(2025, 4, 1),
            kind=OutcomeKind.NEW_PRODUCT,
            draft=True,
            description="Smoked fish",
        )
    )
    # Four: shrank from 3 to 2 (no jobs, never negative), and 9 after the period (not read);
    # its new product of 2026 is out of the period.
    repository.save_interview(Interview(person_id=four.id, day=date(2025, 2, 1), staff=3))
    repository.save_interview(Interview(person_id=four.id, day=date(2025, 11, 1), staff=2))
    repository.save_interview(Interview(person_id=four.id, day=date(2026, 2, 1), staff=9))
    repository.save_outcome(
        Outcome(person_id=four.id, day=date(2026, 3, 1), kind=OutcomeKind.NEW_PRODUCT, description="Web shop")
    )
    return {one.id: "firm", two.id: "firm", three.id: "small", four.id: "shrank"}


def _read_csv(path: Path) -> tuple[dict[str, float], dict[str, list[list[str]]]]:
    """The figures by code, and each code's record rows."""
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads the letters right
    rows = _rows(path)
    assert rows[0][:5] == ["Section", "Code", "Indicator", "Unit", "Value"]
    assert rows[1][0] == "report"
    values = {row[1]: float(row[4]) for row in rows[1:] if row[0] == "figure"}
    basis: dict[str, list[list[str]]] = {}
    for row in rows[1:]:
        if row[0] == "record":
            basis.setdefault(row[1], []).append(row)
    return values, basis


def _rows(path: Path) -> list[list[str]]:
    """The CSV's rows, read as Excel on a Finnish Windows reads them: ``;`` between the fields."""
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline=""), delimiter=";"))


def _expected(repository: Repository, group_ids: list[str]) -> dict[str, object]:
    """The figures counted from the repository's records, the test's own way."""
    members = {
        person.id: person
        for group_id in group_ids
        for person in repository.people(group_id)
        if person.role is Role.MEMBER and not person.deleted
    }

    def firm(person: Person) -> str:
        company = " ".join(fold(person.company).split())
        return company if any(char.isalnum() for char in company) else person.id

    held, present = [], []
    for group_id in group_ids:
        zone = ZoneInfo(repository.group(group_id).time_zone)
        for meeting in repository.meetings(group_id):
            if meeting.status is MeetingStatus.HELD and FIRST <= meeting.starts_at.astimezone(zone).date() <= LAST:
                held.append(meeting.id)
                present += [
                    entry.person_id
                    for entry in repository.attendance(meeting.id)
                    if entry.status is Presence.PRESENT and entry.person_id in members and not entry.deleted
                ]
    firms: dict[str, set[str]] = {}
    for person in members.values():
        firms.setdefault(firm(person), set()).add(person.id)
    supported = {firm(members[person_id]) for person_id in present}
    counts: dict[str, list[tuple[date, float, datetime | None, str]]] = {key: [] for key in supported}
    products: set[str] = set()
    for key in supported:
        for person_id in firms[key]:
            counts[key] += [
                (i.day, i.staff, i.updated_at, f"interview:{i.id}")
                for i in repository.interviews_of(person_id)
                if i.staff is not None
            ]
            counts[key] += [
                (o.day, o.staff_after, o.updated_at, f"outcome:{o.id}")
                for o in repository.outcomes_of(person_id)
                if o.staff_after is not None and not o.draft
            ]
            if any(
                o.kind is OutcomeKind.NEW_PRODUCT and not o.draft and FIRST <= o.day <= LAST
                for o in repository.outcomes_of(person_id)
            ):
                products.add(key)
    sizes = {"micro": 0, "small": 0, "medium": 0, "unknown": 0, "large": 0}
    jobs, unmeasured = 0.0, 0
    for found in counts.values():
        # Of two counts on one day the one saved last is the later (then the greater id).
        found.sort(key=lambda count: (count[0], count[2], count[3]))
        until_end = [staff for day, staff, _saved, _id in found if day <= LAST]
        end = until_end[-1] if until_end else None
        size = "unknown" if end is None else "micro" if end < 10 else "small" if end < 50 else "medium"
        sizes[size if end is None or end < 250 else "large"] += 1
        # The growth is from the last count before 1 January (else the period's first) to the last
        # of the period: a firm needs a count in the period and another before it or in it.
        before = [staff for day, staff, _saved, _id in found if day < FIRST]
        inside = [staff for day, staff, _saved, _id in found if FIRST <= day <= LAST]
        if not inside or (not before and len(inside) < 2):
            unmeasured += 1
        else:
            start = before[-1] if before else inside[0]
            jobs += max(0.0, inside[-1] - start)
    return {
        "RCO01": len(supported),
        "RCO01-micro": sizes["micro"],
        "RCO01-small": sizes["small"],
        "RCO01-medium": sizes["medium"],
        "RCO01-size-not-known": sizes["unknown"],
        "RCO01-large": sizes["large"],
        "RCO04": len(supported),
        "RCR01": round(jobs, 2),
        "RCR01-not-measurable": unmeasured,
        "RCR03": len(products),
        "meetings-held": len(held),
        "attendances": len(present),
        "participants": len(set(present)),
        "firms": firms,
    }


def test_the_csv_of_a_demo_group_matches_its_records_figure_by_figure(demo: Repository, tmp_path: Path) -> None:
    given = _development(demo)
    group = demo.groups()[0]
    pdf, table = write_indicators(demo, [group.id], FIRST, LAST, tmp_path)
    assert pdf.name == "inari-peer-group-indicators-2025-01-01-2025-12-31.pdf" and table.suffix == ".csv"
    values, basis = _read_csv(table)
    expected = _expected(demo, [group.id])
    for code, value in values.items():
        assert value == expected[code], code
    # What the test set up, said plainly: the numbers above are not all zeros by accident.
    assert values["RCR01"] >= 2.5 and values["RCR03"] >= 1
    assert values["RCO01-micro"] >= 2 and values["RCO01-small"] >= 1
    assert values["meetings-held"] > 5 and values["attendances"] > values["participants"]
    # The firm with two members is one firm, with both its people behind it.
    firm_people = sorted(person_id for person_id, role in given.items() if role == "firm")
    firm_rows = [row for row in basis["RCO01"] if fold(row[5]).strip() == "saamen matkat oy"]
    assert len(firm_rows) == 1
    assert all(f"person:{person_id}" in firm_rows[0][6] for person_id in firm_people)
    assert values["participants"] == values["RCO01"] + 1  # two participants, one firm
    # Each figure's records are those behind it: the jobs name both staff counts read.
    (jobs_row,) = [row for row in basis["RCR01"] if fold(row[5]).strip() == "saamen matkat oy"]
    (start,) = [i for i in demo.interviews_of(firm_people[0]) + demo.interviews_of(firm_people[1]) if i.staff == 4]
    (end,) = [o for o in demo.outcomes_of(firm_people[0]) + demo.outcomes_of(firm_people[1]) if o.staff_after == 6.5]
    assert f"interview:{start.id}" in jobs_row[6] and f"outcome:{end.id}" in jobs_row[6]
    assert "2024-06-01" in jobs_row[7] and "2025-09-01" in jobs_row[7]
    assert len(basis["meetings-held"]) == values["meetings-held"]


def test_a_firm_with_members_in_two_groups_counts_once_on_the_whole_network(demo: Repository, tmp_path: Path) -> None:
    first_group, second_group = demo.groups()
    here = _present_in_2025(demo, first_group.id)[0]
    there = _present_in_2025(demo, second_group.id)[0]
    demo.save_person(replace(here, company="Pohjoisen Puu Ky"))
    demo.save_person(replace(there, company="Pohjoisen puu ky"))
    _pdf, table = write_indicators(demo, None, FIRST, LAST, tmp_path)
    values, basis = _read_csv(table)
    expected = _expected(demo, [first_group.id, second_group.id])
    assert values["RCO01"] == expected["RCO01"] == values["participants"] - 1
    (row,) = [row for row in basis["RCO01"] if fold(row[5]) == "pohjoisen puu ky"]
    assert f"person:{here.id}" in row[6] and f"person:{there.id}" in row[6]
    assert table.name.startswith("network-indicators-")


def test_a_locked_period_keeps_its_figures_and_a_later_change_shows_as_a_correction(
    demo: Repository, tmp_path: Path
) -> None:
    given = _development(demo)
    group = demo.groups()[0]
    _pdf, table = write_indicators(demo, [group.id], FIRST, LAST, tmp_path, lock=True)
    reported, reported_basis = _read_csv(table)
    assert _rows(table)[1][7] == "Locked on 27 Nov 2026: the figures are as reported then."
    (shrank,) = [person_id for person_id, role in given.items() if role == "shrank"]
    (shrank_end,) = [i for i in demo.interviews_of(shrank) if i.day == date(2025, 11, 1)]
    late = demo.save_interview(Interview(person_id=shrank, day=date(2025, 12, 1), staff=7))
    (firm_outcome,) = [o for person_id, role in given.items() if role == "firm" for o in demo.outcomes_of(person_id)]
    demo.save_outcome(replace(firm_outcome, day=date(2025, 10, 1)))  # a day the figures read

    _pdf, again = write_indicators(demo, [group.id], FIRST, LAST, tmp_path)
    values, basis = _read_csv(again)
    assert values == reported and basis == reported_basis  # the locked period reads as reported, rows too
    rows = _rows(again)
    corrections = {row[1]: row for row in rows if row[0] == "correction"}
    jobs = corrections["RCR01"]
    assert float(jobs[4]) == reported["RCR01"] + 4  # 3 → 7
    assert jobs[6] == (
        f"added: interview:{late.id}; removed: interview:{shrank_end.id}; changed: outcome:{firm_outcome.id}"
    )
    assert jobs[7].endswith("difference +4")
    # The firm's size reads its latest count, another record now: the same figure, other rows.
    assert f"added: interview:{late.id}" in corrections["RCO01-micro"][6]
    assert corrections["RCO01-micro"][7].endswith("difference 0")
    # The new product's outcome is of another day now: its figure names it, unchanged in value.
    assert corrections["RCR03"][6] == f"changed: outcome:{firm_outcome.id}"
    assert not any(cell[:1] in "+-=@" for row in rows for cell in row if cell)  # Excel takes none for a formula

    # The next year's report lists the corrections too, and its own figures are its own.
    _pdf, next_year = write_indicators(demo, [group.id], date(2026, 1, 1), date(2026, 11, 26), tmp_path)
    assert {row[1] for row in _rows(next_year) if row[0] == "correction"} == set(corrections)
    with pytest.raises(PeriodLocked, match="1 Jan 2025 – 31 Dec 2025 is locked already"):
        write_indicators(demo, [group.id], date(2025, 12, 1), date(2026, 1, 31), tmp_path, lock=True)
    # Another scope is another lock: the whole network may lock the same year.
    write_indicators(demo, None, FIRST, LAST, tmp_path, lock=True)
    assert len(locks(demo.workspace)) == 2


def test_a_locked_report_names_its_rows_as_today_and_says_what_was_removed_since(
    demo: Repository, tmp_path: Path
) -> None:
    """The lock keeps ids, no name: the rows are named as the records read today, a participant's
    firm too."""
    given = _development(demo)
    group = demo.groups()[0]
    write_indicators(demo, [group.id], FIRST, LAST, tmp_path, lock=True)
    (lock,) = locks(demo.workspace)
    assert lock.fingerprints
    assert all(identity in lock.fingerprints for row in lock.rows["RCR01"] for identity in row.ids)
    (small,) = [person_id for person_id, role in given.items() if role == "small"]
    demo.save_person(replace(demo.person(small), name="Renamed Since"))
    gone = next(
        person_id
        for row in lock.rows["participants"]
        for person_id in [row.ids[0].removeprefix("person:")]
        if person_id not in given
    )
    demo.remove_person(gone)
    _pdf, table = write_indicators(demo, [group.id], FIRST, LAST, tmp_path)
    _values, basis = _read_csv(table)
    participants = {row[6]: row[5] for row in basis["participants"]}
    assert participants[f"person:{small}"] == "Renamed Since"
    assert participants[f"person:{gone}"] == "removed since"
    assert len(participants) == len(lock.rows["participants"])
    firms = {row[6]: row[7] for row in basis["participants"]}
    assert all(
        fold(firms[f"person:{person_id}"]) == "saamen matkat oy" for person_id, role in given.items() if role == "firm"
    )


def test_a_lock_stores_no_name_nor_word_and_reads_in_the_readers_language(demo: Repository, tmp_path: Path) -> None:
    """Locked in Finnish, read in Swedish: the lock keeps days, staff counts and kinds, and the notes
    are said when the report is written; no member's name or company is in the stored lock."""
    _development(demo)
    group = demo.groups()[0]
    try:
        use_language("fi")
        write_indicators(demo, [group.id], FIRST, LAST, tmp_path, lock=True)
        finnish = [_("present on {days}").format(days=""), _("{staff} FTE").format(staff="")]
        use_language("sv")
        _pdf, table = write_indicators(demo, [group.id], FIRST, LAST, tmp_path)
        swedish = _("present on {days}").format(days="")
        swedish_fte = _("{staff} FTE").format(staff="").strip()
    finally:
        use_language(TEST_LANGUAGE)
    network = json.loads((demo.workspace.folder / "network.json").read_bytes())
    stored = json.dumps(network["indicator_locks"], ensure_ascii=False)
    members = [person for person in demo.people(group.id) if person.role is Role.MEMBER]
    assert len(members) > 5 and "RCO01" in stored
    for person in members:
        assert person.name not in stored
        assert not any(char.isalnum() for char in person.company) or person.company.strip() not in stored
    assert not any(word.strip() in stored for word in finnish)
    rows = _rows(table)
    supported = [row[7] for row in rows if row[1] == "RCO01" and row[5]]
    assert supported and all(note.startswith(swedish) for note in supported)
    jobs = [row[7] for row in rows if row[1] == "RCR01" and row[5]]
    assert jobs and all(swedish_fte in note and finnish[1].strip() not in note for note in jobs)


def test_saving_a_record_again_unchanged_is_no_correction_and_a_new_staff_count_is(
    demo: Repository, tmp_path: Path
) -> None:
    """A correction is a change of what the figures read (a day, a staff count, a kind, whose, draft or
    removed), not a record saved again, as storage does when a member gives research consent."""
    given = _development(demo)
    group = demo.groups()[0]
    write_indicators(demo, [group.id], FIRST, LAST, tmp_path, lock=True)
    firm = [person_id for person_id, role in given.items() if role == "firm"]
    (start,) = [interview for person_id in firm for interview in demo.interviews_of(person_id)]
    (product,) = [outcome for person_id in firm for outcome in demo.outcomes_of(person_id)]
    again = demo.save_interview(start)
    assert again.revision != start.revision
    demo.save_outcome(replace(product, description="Winter tours by snowmobile"))
    for person_id in firm:
        demo.save_person(replace(demo.person(person_id), phone="040 123 4567"))
    written = write_indicators_files(demo, [group.id], FIRST, LAST, tmp_path)
    assert written.report.corrections == ()
    assert not [row for row in _rows(written.csv) if row[0] == "correction"]

    demo.save_interview(replace(again, staff=3))  # 3 → 6.5 now: a job more than reported
    written = write_indicators_files(demo, [group.id], FIRST, LAST, tmp_path)
    (jobs,) = [correction for correction in written.report.corrections if correction.code == "RCR01"]
    assert jobs.changed == (f"interview:{start.id}",) and jobs.difference == 1
    assert {correction.code for correction in written.report.corrections} == {"RCR01"}


def test_a_period_is_locked_once_it_is_over_and_only_with_groups(demo: Repository, tmp_path: Path) -> None:
    group = demo.groups()[0]
    today = demo.today()
    with pytest.raises(LockRefused, match="A period can be locked once it is over"):
        write_indicators(demo, [group.id], date(today.year, 1, 1), today, tmp_path, lock=True)
    assert locks(demo.workspace) == [] and list(tmp_path.glob("*.pdf")) == []
    write_indicators(demo, [group.id], date(today.year, 1, 1), today - timedelta(days=1), tmp_path, lock=True)
    with (
        opened(tmp_path / "coordinator", WorkspaceRole.COORDINATOR) as coordinator,
        pytest.raises(LockRefused, match="There are no groups to report on"),
    ):
        write_indicators(coordinator, None, FIRST, LAST, tmp_path, lock=True)


def test_when_the_csv_cannot_be_written_no_new_pdf_is_left(demo: Repository, tmp_path: Path) -> None:
    group = demo.groups()[0]
    out = tmp_path / "out"
    out.mkdir()
    (out / "inari-peer-group-indicators-2025-01-01-2025-12-31.csv").mkdir()  # a folder where the CSV goes
    with pytest.raises(ExportFailed, match=r"indicators-2025-01-01-2025-12-31\.csv"):
        write_indicators(demo, [group.id], FIRST, LAST, out, lock=True)
    assert sorted(path.name for path in out.iterdir()) == ["inari-peer-group-indicators-2025-01-01-2025-12-31.csv"]
    assert locks(demo.workspace) == []  # nothing reported, nothing locked


def test_a_damaged_meeting_file_out_of_the_period_changes_nothing_and_one_in_it_is_named(
    demo: Repository, tmp_path: Path
) -> None:
    group = demo.groups()[0]
    _pdf, table = write_indicators(demo, [group.id], FIRST, LAST, tmp_path)
    before, _basis = _read_csv(table)
    zone = ZoneInfo(group.time_zone)
    held = [m for m in demo.meetings(group.id) if m.status is MeetingStatus.HELD]
    outside = next(m for m in held if m.starts_at.astimezone(zone).date() < FIRST)
    inside = next(m for m in held if FIRST <= m.starts_at.astimezone(zone).date() <= LAST)
    (demo.workspace.folder / "meetings" / f"{outside.id}.json").write_text("{ damaged")
    _pdf, table = write_indicators(demo, [group.id], FIRST, LAST, tmp_path)
    assert _read_csv(table)[0] == before
    (demo.workspace.folder / "meetings" / f"{inside.id}.json").write_text("{ damaged")
    written = write_indicators_files(demo, [group.id], FIRST, LAST, tmp_path)
    assert written.report.notices and "1 meeting file could not be read" in written.report.notices[-1]
    assert _read_csv(written.csv)[0]["meetings-held"] == before["meetings-held"]
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(written.pdf).pages)
    assert "1 meeting file could not be read" in text


def test_a_lock_survives_an_import_of_a_bundle_and_an_erasure(tmp_path: Path) -> None:
    with (
        opened(tmp_path / "coordinator", WorkspaceRole.COORDINATOR) as coordinator,
        opened(tmp_path / "laptop") as laptop,
    ):
        laptop.add_network(**generate_network(groups=1, years=2, seed=1, today=DEMO_DAY).records())
        group = laptop.groups()[0]
        share_keys(coordinator, [laptop], tmp_path / "keys")
        write_indicators(laptop, [group.id], FIRST, LAST, tmp_path, lock=True)
        (report,) = Importer(coordinator).import_files([make_bundle(laptop, [group], to=tmp_path).path])
        assert report.status is ImportStatus.IMPORTED, report.message
        _pdf, table = write_indicators(coordinator, None, FIRST, LAST, tmp_path, lock=True)
        reported, _basis = _read_csv(table)
        assert reported["RCO01"] > 0
        # A meeting of the locked year, entered late on the laptop, arrives with the next bundle.
        starts = datetime(2025, 12, 10, 15, tzinfo=UTC)
        late = laptop.save_meeting(
            Meeting(group_id=group.id, starts_at=starts, ends_at=starts + timedelta(hours=2), status=MeetingStatus.HELD)
        )
        (report,) = Importer(coordinator).import_files([make_bundle(laptop, [group], to=tmp_path).path])
        assert report.status is ImportStatus.IMPORTED, report.message
        assert [(lock.first, lock.last) for lock in locks(coordinator.workspace)] == [(FIRST, LAST)]
        _pdf, table = write_indicators(coordinator, None, FIRST, LAST, tmp_path)
        values, _basis = _read_csv(table)
        assert values == reported  # as reported
        corrections = {row[1]: row for row in _rows(table) if row[0] == "correction"}
        assert float(corrections["meetings-held"][4]) == reported["meetings-held"] + 1
        assert corrections["meetings-held"][6] == f"added: meeting:{late.id}"
        member = next(person for person in laptop.people(group.id) if person.role is Role.MEMBER)
        WorkspaceErasure(laptop, member.id).apply()
        (kept,) = locks(laptop.workspace)
        assert kept.first == FIRST and kept.scope == (group.id,)


def test_the_pdf_reads_back_with_every_figure_and_the_records_behind_it(demo: Repository, tmp_path: Path) -> None:
    given = _development(demo)
    group = demo.groups()[0]
    pdf, table = write_indicators(demo, [group.id], FIRST, LAST, tmp_path)
    values, _basis = _read_csv(table)
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages)
    assert text.startswith("Indicators Inari peer group Period: 1 Jan 2025 – 31 Dec 2025")
    assert f"RCO01 Enterprises supported enterprises {round(values['RCO01'])}" in text
    assert "RCR01 Jobs created in supported enterprises annual FTEs" in text
    assert "RCO04 Enterprises receiving non-financial support (the meetings)" in text
    assert "Corrections to locked periods None: every locked period reads as it was reported." in text
    assert "The records behind each figure" in text
    supported = round(values["RCO01"])
    assert (
        f"RCO04 · Enterprises receiving non-financial support (the meetings): {supported} enterprises "
        "The same enterprises as RCO01." in text
    )
    assert "Product or process innovation (RCR03) is recorded as the outcome “new product or service”." in text
    assert all(person_id[:8] in text for person_id in given)  # ids wrap in the table: their start is whole


def test_when_the_pdf_cannot_be_written_the_new_csv_goes_too(demo: Repository, tmp_path: Path) -> None:
    group = demo.groups()[0]
    out = tmp_path / "out"
    out.mkdir()
    (out / "inari-peer-group-indicators-2025-01-01-2025-12-31.pdf").mkdir()  # a folder where the PDF goes
    with pytest.raises(ExportFailed, match=r"indicators-2025-01-01-2025-12-31\.pdf"):
        write_indicators(demo, [group.id], FIRST, LAST, out, lock=True)
    assert sorted(path.name for path in out.iterdir()) == ["inari-peer-group-indicators-2025-01-01-2025-12-31.pdf"]
    assert locks(demo.workspace) == []


def test_with_one_end_of_the_period_given_the_other_is_in_its_calendar_year() -> None:
    today = date(2026, 11, 27)
    assert indicators_period(None, None, today) == (date(2025, 1, 1), date(2025, 12, 31))
    assert indicators_period(date(2024, 3, 1), None, today) == (date(2024, 3, 1), date(2024, 12, 31))
    assert indicators_period(None, date(2024, 6, 30), today) == (date(2024, 1, 1), date(2024, 6, 30))
    assert indicators_period(date(2024, 3, 1), date(2025, 2, 1), today) == (date(2024, 3, 1), date(2025, 2, 1))
