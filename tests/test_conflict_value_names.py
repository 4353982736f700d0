"""What the Conflicts screen shows of the values two versions disagree on: as the conflict gives
them (stored: an enum by its value, a date in ISO), in words, with each meeting's memo read only
until the entries named are found."""

from __future__ import annotations

from pathlib import Path

from facilitator.dates import format_date
from facilitator.local_time import local_day
from facilitator.model import MeetingStatus, MemoEntry, MemoKind, Outcome, OutcomeKind, Person
from facilitator.outcome_links import one_line
from facilitator.timeline import meeting_text
from screens.conflict_values import ENTRY_WORDS, ValueNames
from storage.codec import to_document
from tests.conftest import reopen


def test_values_as_stored_are_named_and_the_memo_is_read_only_as_far_as_needed(demo_path: Path) -> None:
    repository = reopen(demo_path)
    try:
        group = repository.groups()[0]
        zone = group.time_zone
        held = sorted(
            (meeting for meeting in repository.meetings(group.id) if meeting.status is MeetingStatus.HELD),
            key=lambda meeting: meeting.starts_at,
        )
        newest, oldest = held[-1], held[0]
        [entry, *_rest] = [found for found in repository.memo(newest.id) if found.text]
        member = next(person for person in repository.people(group.id))
        names = ValueNames(repository, group.id, zone)
        outcome = Outcome(
            person_id=member.id,
            day=held[-1].starts_at.date(),
            kind=OutcomeKind.FIRST_EMPLOYEE,
            entry_ids=[entry.id],
            meeting_ids=[newest.id],
        )
        stored = to_document(outcome)
        assert names.text(Outcome, "kind", stored["kind"]) == OutcomeKind.FIRST_EMPLOYEE.label
        assert names.text(Outcome, "day", stored["day"]) == format_date(outcome.day)
        assert names.text(Outcome, "person_id", stored["person_id"]) == member.name
        assert names.text(Outcome, "meeting_ids", stored["meeting_ids"]) == meeting_text(
            local_day(newest.starts_at, zone), newest.theme
        )
        assert names.text(Outcome, "staff_after", None) == "–"
        assert names.text(MemoEntry, "kind", MemoKind.ACTION.value) == MemoKind.ACTION.label
        # the newest meeting's memo names the entry: the older meetings are not read
        assert names.text(Outcome, "entry_ids", stored["entry_ids"]) == one_line(entry.text, ENTRY_WORDS)
        assert names._unread is not None and oldest in names._unread
        # an id no memo holds reads them all and goes by its start
        assert names.text(Outcome, "entry_ids", ["0123456789abcdef"]) == "01234567"
        assert names._unread == []
        # a conflict settled by keeping a name: named so from then on, without reading again
        names.settled(Person(id=member.id, group_id=group.id, name="Kept Name"))
        assert names.text(Outcome, "involved", [member.id]) == "Kept Name"
    finally:
        repository.workspace.close()
