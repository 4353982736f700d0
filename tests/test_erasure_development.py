"""Erasing an entrepreneur who was interviewed, had outcomes in the business and is named as
involved in another member's outcome: no file of the workspace, backups included, holds their name
or what they said, on the laptop that erases nor on the co-facilitator's once the bundle arrives."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from exports.bundle.format import Audience
from exports.bundle.importer import Importer, ImportStatus
from facilitator.erasure import Erasure, erased_tombstone
from facilitator.model import (
    Barrier,
    GrowthIntention,
    Interview,
    InterviewKind,
    Outcome,
    OutcomeKind,
    Person,
    Record,
    Role,
    TurnoverBand,
)
from storage.erasure import WorkspaceErasure
from storage.repository import Repository
from storage.workspace import WorkspaceRole
from tests.sync_support import TickingClock, opened, share_keys
from tests.test_erasure import NAME, build, forms, send

#: What only Áilu said: their answers and their outcome's description.
THEIR_TEXTS = ("the reindeer hide supplier", "no loan for the sewing machine", "first export to Kiruna")


def holding(folder: Path) -> dict[str, list[str]]:
    """Which files of ``folder`` (backups included) hold Áilu's name or free texts, read byte by byte."""
    found: dict[str, list[str]] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            for needle in (NAME, *THEIR_TEXTS):
                if any(form in data for form in forms(needle)):
                    found.setdefault(needle, []).append(str(path.relative_to(folder)))
    return found


def record_development(repository: Repository, group_id: str, person_id: str, meeting_id: str) -> tuple[str, str]:
    """Áilu's interview and outcome, and Bertta's, which names Áilu: Bertta's interview's id and outcome's id."""
    (other,) = [person for person in repository.people(group_id) if person.name == "Bertta Lampinen"]
    (entry,) = repository.memo(meeting_id)
    repository.save_interview(
        Interview(
            person_id=person_id,
            day=date(2026, 11, 2),
            kind=InterviewKind.JOINING,
            interviewer="Riikka Tutkija",
            intention=GrowthIntention.MODERATE,
            planned_staff=2.0,
            barriers={Barrier.FINANCE.value: THEIR_TEXTS[1], Barrier.TIME.value: ""},
            staff=1.0,
            network_gives=f"Bertta told me of {THEIR_TEXTS[0]}",
            network_value=4,
        )
    )
    repository.save_outcome(
        Outcome(
            person_id=person_id,
            day=date(2026, 11, 20),
            kind=OutcomeKind.EXPORT,
            description=f"The {THEIR_TEXTS[2]}, with Bertta's contact",
            staff_after=2.0,
            involved=[other.id],
            entry_ids=[entry.id],
            meeting_ids=[meeting_id],
        )
    )
    interview = repository.save_interview(
        Interview(person_id=other.id, day=date(2026, 11, 3), network_gives=f"{NAME} showed me the fair")
    )
    outcome = repository.save_outcome(
        Outcome(
            person_id=other.id,
            day=date(2026, 11, 25),
            kind=OutcomeKind.JOINT,
            description=f"A joint stand with {NAME} at the Christmas fair",
            involved=[person_id],
            meeting_ids=[meeting_id],
        )
    )
    return interview.id, outcome.id


def test_an_erased_entrepreneur_s_interviews_and_outcomes_go_everywhere_backups_included(tmp_path: Path) -> None:
    clock = TickingClock()
    bundles = tmp_path / "bundles"
    bundles.mkdir()
    with (
        opened(tmp_path / "coordinator", WorkspaceRole.COORDINATOR, clock) as coordinator,
        opened(tmp_path / "facilitator", clock=clock) as facilitator,
        opened(tmp_path / "co-facilitator", clock=clock) as co_facilitator,
    ):
        group, person, meeting = build(facilitator)
        interview_id, outcome_id = record_development(facilitator, group.id, person.id, meeting.id)
        share_keys(coordinator, [facilitator, co_facilitator], tmp_path / "keys")
        for repository, audience in ((co_facilitator, Audience.GROUP), (coordinator, Audience.COORDINATOR)):
            report = Importer(repository).import_file(send(facilitator, group, audience, bundles, full=True))
            assert report.status is ImportStatus.IMPORTED, report.line()
            assert len(repository.interviews_of(person.id)) == 1  # the records travelled
        # Made before the erasure, imported after it: it must not bring anything back.
        late = send(facilitator, group, Audience.GROUP, bundles, full=True)
        for repository in (facilitator, co_facilitator, coordinator):
            repository.workspace.backup("test")
        folders = {name: tmp_path / name for name in ("facilitator", "co-facilitator", "coordinator")}
        for folder in folders.values():  # the test sees them before
            assert set(holding(folder)) == {NAME, *THEIR_TEXTS}, folder

        erasure = WorkspaceErasure(facilitator, person.id)
        asked = "\n".join(erasure.counts.lines())
        assert "  1 interview\n" in asked + "\n" and "  1 outcome\n" in asked + "\n", asked
        counts = erasure.apply()
        assert (counts.interviews, counts.outcomes, len(counts.backups)) == (1, 1, 1)
        assert holding(folders["facilitator"]) == {}
        for repository, audience in ((co_facilitator, Audience.GROUP), (coordinator, Audience.COORDINATOR)):
            report = Importer(repository).import_file(send(facilitator, group, audience, bundles))
            assert report.status is ImportStatus.IMPORTED, report.line()
        assert Importer(co_facilitator).import_file(late).ok
        for name, folder in folders.items():
            assert holding(folder) == {}, name

        for repository in (facilitator, co_facilitator, coordinator):
            repository.load_all()
            assert repository.interviews_of(person.id) == [] and repository.outcomes_of(person.id) == []
            (interview,) = [found for found in repository.interviews(group.id) if found.id == interview_id]
            assert interview.network_gives == "A former member showed me the fair"
            (outcome,) = [found for found in repository.outcomes(group.id) if found.id == outcome_id]
            assert outcome.involved == []
            assert outcome.description == "A joint stand with a former member at the Christmas fair"
            assert outcome.meeting_ids == [meeting.id]  # what is not theirs stays


def test_an_interview_removed_before_is_cleaned_but_not_counted(tmp_path: Path) -> None:
    """The question counts what the user sees: a removed interview is not among them, though its
    tombstone still held the answers, which go as well."""
    folder = tmp_path / "workspace"
    with opened(folder) as repository:
        group, person, meeting = build(repository)
        record_development(repository, group.id, person.id, meeting.id)
        removed = repository.save_interview(
            Interview(person_id=person.id, day=date(2026, 10, 1), network_gives="an answer taken back")
        )
        repository.remove_interview(removed.id)
        erasure = WorkspaceErasure(repository, person.id)
        assert (erasure.counts.interviews, erasure.counts.outcomes) == (1, 1)
        assert "  1 interview" in erasure.counts.lines() and "  1 outcome" in erasure.counts.lines()
        erasure.apply()
    assert not [path for path in folder.rglob("*") if path.is_file() and b"an answer taken back" in path.read_bytes()]


def _default(field: dataclasses.Field[Any]) -> Any:
    if field.default_factory is not dataclasses.MISSING:
        return field.default_factory()
    return field.default


def test_an_erased_interview_or_outcome_keeps_only_whose_it_was_its_day_and_its_history() -> None:
    """Every field of the record is filled here (a field added to the record later fails the first
    check until it is filled here too); after the erasure each is at its default, except what the
    tombstone keeps."""
    person = Person(name=NAME, role=Role.MEMBER, group_id="group")
    history: dict[str, Any] = {
        "created_at": datetime(2026, 11, 2, 10, tzinfo=UTC),
        "updated_at": datetime(2026, 11, 3, 10, tzinfo=UTC),
        "revision": 3,
        "changed_by": "laptop",
        "versions": {"laptop": 3},
    }
    interview = Interview(
        person_id=person.id,
        day=date(2026, 11, 2),
        kind=InterviewKind.JOINING,
        interviewer="Riikka Tutkija",
        intention=GrowthIntention.STRONG,
        planned_staff=2.0,
        planned_turnover=TurnoverBand.UP_TO_200K,
        barriers={Barrier.FINANCE.value: THEIR_TEXTS[1]},
        staff=1.0,
        turnover=TurnoverBand.UNDER_50K,
        network_gives=THEIR_TEXTS[0],
        network_value=4,
        **history,
    )
    outcome = Outcome(
        person_id=person.id,
        day=date(2026, 11, 20),
        kind=OutcomeKind.EXPORT,
        description=THEIR_TEXTS[2],
        staff_after=2.0,
        involved=["bertta"],
        entry_ids=["entry"],
        meeting_ids=["meeting"],
        draft=True,
        **history,
    )
    erasure = Erasure([erased_tombstone(person)])
    kept = {field.name for field in dataclasses.fields(Record)} - {"deleted"} | {"person_id", "day"}
    for record in (interview, outcome):
        fields = dataclasses.fields(record)
        assert [
            field.name for field in fields if field.name not in kept and getattr(record, field.name) == _default(field)
        ] == ["deleted"]
        erased = erasure(record)
        assert type(erased) is type(record) and erased.deleted
        for field in fields:
            if field.name in kept:
                assert getattr(erased, field.name) == getattr(record, field.name), field.name
            elif field.name != "deleted":
                assert getattr(erased, field.name) == _default(field), field.name
