"""The timeline's rules on records made for each case: a person checked in twice at one meeting,
a cancelled meeting, a removed memo entry, a member who left, one without a joined date, a new
member with nothing yet, a host's held meeting counted as attended."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

from facilitator.history import MeetingRecords, entry_meetings
from facilitator.model import (
    Attendance,
    Group,
    GrowthIntention,
    Interview,
    Meeting,
    MeetingStatus,
    MemoEntry,
    MemoKind,
    Outcome,
    OutcomeKind,
    Person,
    Presence,
)
from facilitator.text import shortened
from facilitator.timeline import EventKind, Timeline, make_timeline, record_key

TODAY = date(2026, 11, 27)
GROUP = Group(name="Inari", time_zone="UTC")
AINO = Person(group_id=GROUP.id, name="Aino Aalto", joined=date(2026, 1, 10))
BO = Person(group_id=GROUP.id, name="Bo Berg", joined=date(2025, 1, 10))


def meeting(day: date, status: MeetingStatus = MeetingStatus.HELD, theme: str = "", host: str = "") -> Meeting:
    start = datetime(day.year, day.month, day.day, 17, tzinfo=UTC)
    return Meeting(
        group_id=GROUP.id, starts_at=start, ends_at=start + timedelta(hours=2), status=status, theme=theme, host_id=host
    )


def present(at: Meeting, person: Person) -> Attendance:
    return Attendance(meeting_id=at.id, person_id=person.id, status=Presence.PRESENT)


def need(at: Meeting, person: Person, text: str) -> MemoEntry:
    return MemoEntry(
        meeting_id=at.id, group_id=GROUP.id, text=text, written_at=at.starts_at, kind=MemoKind.NEED, people=[person.id]
    )


def timeline(
    person: Person,
    meetings: list[Meeting],
    records: dict[str, MeetingRecords],
    outcomes: tuple[Outcome, ...] = (),
) -> Timeline:
    return make_timeline(person, GROUP, [AINO, BO, person], meetings, records, (), outcomes, TODAY)


def kinds(found: Timeline) -> list[tuple[EventKind, str]]:
    return [(event.kind, event.record_id) for event in found.events]


def test_checked_in_present_twice_at_one_meeting_is_one_attended_event() -> None:
    """Two devices' check-in lists merged: two present rows, one meeting attended."""
    held = meeting(date(2026, 3, 5))
    records = {held.id: MeetingRecords(attendance=[present(held, AINO), present(held, AINO)])}
    found = timeline(AINO, [held], records)
    assert kinds(found) == [(EventKind.JOINED, AINO.id), (EventKind.ATTENDED, held.id)]
    assert found.summary.attended == 1 and found.summary.text().startswith("Meetings attended 1 of 1")


def test_a_cancelled_meeting_is_left_out_even_where_checked_in() -> None:
    held, cancelled = meeting(date(2026, 3, 5)), meeting(date(2026, 4, 5), MeetingStatus.CANCELLED)
    records = {
        held.id: MeetingRecords(attendance=[present(held, AINO)]),
        cancelled.id: MeetingRecords(attendance=[present(cancelled, AINO)]),
    }
    found = timeline(AINO, [held, cancelled], records)
    assert cancelled.id not in {event.record_id for event in found.events}
    assert (found.summary.attended, found.summary.held_while_member) == (1, 1)


def test_a_removed_need_and_the_meeting_of_a_removed_entry_are_left_out() -> None:
    first, second = meeting(date(2026, 3, 5), theme="Pricing"), meeting(date(2026, 4, 5), theme="Export")
    kept = need(first, AINO, "Needs a bookkeeper")
    removed = dataclasses.replace(need(second, AINO, "Needs a van"), deleted=True)
    records = {first.id: MeetingRecords(memo=[kept]), second.id: MeetingRecords(memo=[removed])}
    outcome = Outcome(person_id=AINO.id, day=date(2026, 5, 1), kind=OutcomeKind.OTHER, entry_ids=[kept.id, removed.id])
    found = timeline(AINO, [first, second], records, (outcome,))
    assert [event.record_id for event in found.events if event.kind is EventKind.NEED] == [kept.id]
    (shown,) = [event for event in found.events if event.outcome is not None]
    assert [behind.meeting_id for behind in shown.meetings] == [first.id]
    assert found.summary.needs == 1


def test_a_member_who_left_counts_the_meetings_held_while_a_member() -> None:
    gone = dataclasses.replace(AINO, left=date(2026, 6, 1))
    before, after = meeting(date(2026, 3, 5)), meeting(date(2026, 7, 5))
    before_joining = meeting(date(2025, 12, 5))
    records = {before.id: MeetingRecords(attendance=[present(before, gone)])}
    found = timeline(gone, [before_joining, before, after], records)
    assert [event.kind for event in found.events] == [EventKind.JOINED, EventKind.ATTENDED, EventKind.LEFT]
    assert found.events[-1].day == date(2026, 6, 1)
    assert (found.summary.attended, found.summary.held_while_member) == (1, 1)


def test_without_a_joined_date_the_attended_meetings_are_not_out_of_any_number() -> None:
    unknown = dataclasses.replace(AINO, joined=None)
    held, other = meeting(date(2026, 3, 5)), meeting(date(2026, 4, 5))
    found = timeline(unknown, [held, other], {held.id: MeetingRecords(attendance=[present(held, unknown)])})
    assert found.summary.held_while_member is None
    assert found.summary.text().startswith("Meetings attended 1 · Meetings hosted 0")


def test_a_held_meeting_they_hosted_counts_as_attended() -> None:
    hosted, attended = meeting(date(2026, 3, 5), host=AINO.id), meeting(date(2026, 4, 5))
    records = {attended.id: MeetingRecords(attendance=[present(attended, AINO)])}
    found = timeline(AINO, [hosted, attended], records)
    assert kinds(found)[1:] == [(EventKind.HOSTED, hosted.id), (EventKind.ATTENDED, attended.id)]
    assert (found.summary.attended, found.summary.held_while_member, found.summary.hosted) == (2, 2, 1)


def test_a_new_members_timeline_has_their_joining_alone() -> None:
    new = Person(group_id=GROUP.id, name="Cecilia Nyström", joined=TODAY)
    found = timeline(new, [meeting(date(2026, 3, 5))], {})
    assert kinds(found) == [(EventKind.JOINED, new.id)]
    assert found.interviews == ()
    assert found.summary.text() == (
        "Meetings attended 0 of 0 · Meetings hosted 0 · Needs recorded 0 · Interviews 0 · Outcomes 0"
    )


def test_the_meetings_behind_an_outcome_are_those_chosen_then_those_of_its_entries_each_once() -> None:
    first, second, third = (f"meeting-{number}" for number in range(3))
    said = MemoEntry(meeting_id=second, group_id=GROUP.id, text="hire", written_at=datetime(2026, 3, 1, tzinfo=UTC))
    again = dataclasses.replace(said, id="again", meeting_id=first)
    removed = dataclasses.replace(said, id="removed", meeting_id=third, deleted=True)
    records = {
        second: MeetingRecords(memo=[said]),
        first: MeetingRecords(memo=[again]),
        third: MeetingRecords(memo=[removed]),
    }
    meeting_of_entry = entry_meetings(records)
    assert meeting_of_entry == {said.id: second, again.id: first}, "a removed entry leads nowhere"
    outcome = Outcome(
        person_id=AINO.id,
        day=TODAY,
        meeting_ids=[third, first],
        entry_ids=["unknown", again.id, said.id, removed.id],
    )
    assert outcome.meetings_behind(meeting_of_entry) == [third, first, second]


def test_an_event_s_key_names_its_kind_and_record_and_a_long_text_is_cut_at_a_word() -> None:
    assert record_key(EventKind.INTERVIEW, "abc") == "interview:abc"
    assert shortened("A long story\nof the hire.  " * 3, 32) == "A long story of the hire. A long…"
    assert shortened("short", 30) == "short"
    assert shortened("x" * 40, 10) == "x" * 10 + "…"


def test_two_interviews_of_one_day_stand_in_the_order_they_were_saved() -> None:
    day = TODAY - timedelta(days=3)
    saved = datetime.combine(day, datetime.min.time(), UTC)
    first = Interview(id="z", person_id=AINO.id, day=day, created_at=saved, intention=GrowthIntention.STAY)
    second = Interview(
        id="a", person_id=AINO.id, day=day, created_at=saved + timedelta(hours=1), intention=GrowthIntention.STRONG
    )
    made = make_timeline(AINO, GROUP, [AINO, BO], [], {}, [second, first], (), TODAY)
    assert [step.interview.id for step in made.interviews] == ["z", "a"]
    assert made.interviews[1].intention_text() == "stay as now → grow strongly"
    assert [event.record_id for event in made.events if event.kind is EventKind.INTERVIEW] == ["z", "a"]
