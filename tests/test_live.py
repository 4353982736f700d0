"""The live meeting's rules without a terminal: check-in, consent gate, clock, entries, closing."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from facilitator.checkin import checkin_rows, consent_given, counts, marked, new_guest
from facilitator.closing import check_closing, closed, last_recorded
from facilitator.live import (
    ConsentMissing,
    actual_minutes,
    advanced,
    clock,
    follow_ups,
    new_entry,
    nothing_recorded,
    recording_offset,
    recording_started,
    recording_stopped,
    retagged,
    revised,
    started,
    unstarted,
    with_action_status,
)
from facilitator.markers import parse_line
from facilitator.mentions import Mentionable
from facilitator.model import (
    ActionStatus,
    AgendaItem,
    Group,
    Meeting,
    MeetingStatus,
    MemoKind,
    Person,
    Presence,
    Recording,
    Role,
    validate_meeting,
)
from facilitator.record_rules import record_problems
from storage.repository import Repository
from storage.workspace import Workspace

START = datetime(2026, 12, 8, 15, 30, tzinfo=UTC)  # 17:30 in Helsinki
HELSINKI = "Europe/Helsinki"
DAY = date(2026, 12, 8)


def _meeting() -> Meeting:
    return Meeting(group_id="g", starts_at=START, ends_at=START + timedelta(hours=2, minutes=30))


def _items(meeting: Meeting) -> list[AgendaItem]:
    return [
        AgendaItem(meeting_id=meeting.id, position=position, title=title, minutes=minutes)
        for position, (title, minutes) in enumerate((("News", 15), ("Host", 30), ("Discussion", 60)))
    ]


def _people() -> list[Person]:
    return [
        Person(group_id="g", name="Biret Đuđá", company="Đuođđi Oy", audio_consent=date(2025, 1, 1)),
        Person(group_id="g", name="Matti Virtanen", company="Virtasen Puu"),
        Person(group_id="g", name="Anna Berg"),
        Person(group_id="g", name="Left Long Ago", left=date(2020, 1, 1)),
        Person(group_id="g", name="Aila Facilitator", role=Role.FACILITATOR),
    ]


def test_checkin_lists_current_people_members_first_then_guests_and_counts_them() -> None:
    people = _people()
    meeting = _meeting()
    rows = checkin_rows(people, [], DAY)
    assert [row.name for row in rows] == ["Anna Berg", "Biret Đuđá", "Matti Virtanen", "Aila Facilitator"]
    present = marked(rows[1], meeting.id, Presence.PRESENT, START)
    apologies = marked(rows[0], meeting.id, Presence.APOLOGIES, START)
    guest, problems = new_guest(meeting.id, "Sara Guest", "Bank", START)
    assert problems == []
    rows = checkin_rows(people, [present, apologies, guest], DAY)
    assert rows[-1].name == "Sara Guest" and rows[-1].organisation == "Bank"
    assert counts(rows).describe() == "members present 1 · apologies 1 · absent 1 · guests 1"  # not the facilitator


def test_arrival_is_the_first_moment_marked_present() -> None:
    meeting = _meeting()
    people = _people()
    (row, *_rest) = checkin_rows(people, [], DAY)
    first = marked(row, meeting.id, Presence.PRESENT, START)
    rows = checkin_rows(people, [first], DAY)
    again = marked(next(r for r in rows if r.attendance), meeting.id, Presence.PRESENT, START + timedelta(hours=1))
    assert first.arrived_at == again.arrived_at == START


def test_a_guest_needs_a_name() -> None:
    _guest, problems = new_guest("m", "  ", "Bank", START)
    assert [problem.field for problem in problems] == ["guest_name"]


def test_recording_waits_for_the_consent_of_everyone_present() -> None:
    meeting = _meeting()
    people = _people()
    rows = checkin_rows(people, [], DAY)
    attendance = [marked(row, meeting.id, Presence.PRESENT, START) for row in rows[:3]]
    rows = checkin_rows(people, attendance, DAY)
    with pytest.raises(ConsentMissing) as missing:
        recording_started(meeting, rows, START)
    assert [row.name for row in missing.value.rows] == ["Anna Berg", "Matti Virtanen"]  # Biret consented before
    given = [consent_given(row, meeting.id, DAY) for row in missing.value.rows]
    assert all(entry.audio_consent == DAY for entry in given)
    rows = checkin_rows(people, [attendance[1], *given], DAY)
    recording = recording_started(meeting, rows, START)
    assert recording.recording is not None
    assert recording_offset(recording, START + timedelta(minutes=2, seconds=5)) == 125
    stopped = recording_stopped(recording, START + timedelta(minutes=5))
    assert stopped.recording is None and recording_offset(stopped, START) is None


def test_a_recording_stopped_after_the_clock_was_set_back_stops_where_it_began() -> None:
    """The meeting must stay savable: a recording that stops before it starts is no valid meeting."""
    meeting = dataclasses.replace(_meeting(), recordings=[Recording(started_at=START)])
    stopped = recording_stopped(meeting, START - timedelta(seconds=3))
    assert stopped.recordings[-1].stopped_at == START and validate_meeting(stopped) == []


def test_a_meeting_closed_by_an_earlier_release_in_the_minute_a_recording_began_is_valid_and_saves(
    tmp_path: Path,
) -> None:
    """Releases before the record rules stopped the running recording at the closing form's end
    minute: a recording begun at 20:10:45, the meeting closed with the form's "20:10", stopped at
    20:10:00, before it began. Such a stored meeting passes the record rules and saves again."""
    begun = START + timedelta(hours=2, minutes=40, seconds=45)  # 20:10:45 in Helsinki
    meeting = dataclasses.replace(started(_meeting(), START, HELSINKI), recordings=[Recording(started_at=begun)])
    ended, problems = check_closing({"ended": "20:10"}, meeting, HELSINKI, begun + timedelta(seconds=5), begun)
    assert problems == [] and ended is not None and ended < begun
    old_stop = dataclasses.replace(meeting.recordings[-1], stopped_at=ended)  # the earlier release's stop
    held = dataclasses.replace(meeting, recordings=[old_stop], closed_at=ended, status=MeetingStatus.HELD)
    assert validate_meeting(held) == [] and record_problems(held, DAY) == []
    workspace = Workspace.open(tmp_path / "workspace")
    try:
        repository = Repository(workspace)
        group = repository.save_group(Group(name="Kuhmo"))
        saved = repository.save_meeting(dataclasses.replace(held, group_id=group.id))
        assert saved.recordings[0].stopped_at == ended
    finally:
        workspace.close()


def test_only_the_last_recording_may_still_run() -> None:
    running = Recording(started_at=START)
    meeting = dataclasses.replace(_meeting(), recordings=[running, Recording(started_at=START + timedelta(minutes=5))])
    (problem,) = validate_meeting(meeting)
    assert problem.message == "Recording 1 is still running while a later one exists."
    assert validate_meeting(dataclasses.replace(meeting, recordings=[running])) == []


def test_clock_runs_through_the_agenda_and_stores_what_each_item_took() -> None:
    meeting = _meeting()
    items = _items(meeting)
    meeting = started(meeting, START, HELSINKI)
    assert meeting.started_at == START and clock(meeting, items, START).item is None
    assert clock(meeting, items, START).expected_end == START + timedelta(minutes=105)
    items = _apply(items, advanced(items, START))
    state = clock(meeting, items, START + timedelta(minutes=10))
    assert state.item.title == "News" and state.number == 1 and not state.over
    assert state.expected_end == START + timedelta(minutes=105)
    late = clock(meeting, items, START + timedelta(minutes=20))
    assert late.over and late.expected_end == START + timedelta(minutes=20 + 90)
    items = _apply(items, advanced(items, START + timedelta(minutes=20)))
    assert actual_minutes(items[0]) == 20
    assert clock(meeting, items, START + timedelta(minutes=21)).item.title == "Host"
    items = _apply(items, advanced(items, START + timedelta(minutes=50)))
    items = _apply(items, advanced(items, START + timedelta(minutes=110)))
    assert clock(meeting, items, START + timedelta(minutes=111)).item is None
    assert advanced(items, START + timedelta(minutes=112)) == []
    assert [actual_minutes(item) for item in items] == [20, 30, 60]


def _apply(items: list[AgendaItem], changed: list[AgendaItem]) -> list[AgendaItem]:
    by_id = {item.id: item for item in changed}
    return [by_id.get(item.id, item) for item in items]


def test_an_entry_is_under_the_current_item_at_the_recording_offset() -> None:
    meeting = _meeting()
    items = _items(meeting)
    meeting = started(meeting, START, HELSINKI)
    items = _apply(items, advanced(items, START))
    meeting = recording_started(meeting, [], START)
    roster = _people()
    people = [Mentionable(person.id, person.name) for person in roster]
    parsed = parse_line("!a @Matti sends the price list #CS due:15.12.", people, DAY)
    entry = new_entry(parsed, meeting, items, START + timedelta(minutes=3))
    assert entry.kind is MemoKind.ACTION and entry.codes == ["CS"]
    assert entry.agenda_item_id == items[0].id and entry.recording_offset == 180
    assert entry.owner_id == roster[1].id and entry.people == [roster[1].id]
    assert entry.due == date(2026, 12, 15)


def test_an_edit_keeps_the_earlier_wording_and_tagging_adds_to_it() -> None:
    meeting = _meeting()
    people = [Mentionable("p1", "Anna Berg")]
    first = new_entry(parse_line("Bank loan talk", people, DAY), meeting, [], START)
    edited = revised(first, parse_line("Bank loan talk with @Anna", people, DAY), START + timedelta(minutes=1))
    assert edited.text == "Bank loan talk with Anna Berg" and edited.people == ["p1"]
    assert [revision.text for revision in edited.revisions] == ["Bank loan talk"]
    tagged = retagged(edited, parse_line("#PS !d", people, DAY, tags_only=True), START + timedelta(minutes=2))
    assert tagged.kind is MemoKind.DECISION and tagged.codes == ["PS"] and tagged.text == edited.text
    assert len(tagged.revisions) == 2 and tagged.revisions[-1].kind is MemoKind.NOTE


def test_open_action_items_become_follow_ups_and_closing_one_records_where() -> None:
    meeting = _meeting()
    people = _people()
    mentionables = [Mentionable(person.id, person.name) for person in people]
    action = new_entry(parse_line("!a @Matti sends the list due:15.12.", mentionables, DAY), meeting, [], START)
    note = new_entry(parse_line("Just a note", mentionables, DAY), meeting, [], START)
    later = START + timedelta(days=30)
    next_one = Meeting(group_id="g", starts_at=later, ends_at=later + timedelta(hours=2))
    assert follow_ups([action, note], people, meeting) == []  # raised in this very meeting
    assert follow_ups([action, note], people, next_one) == ["Matti Virtanen sends the list (due 15 Dec 2026)"]
    unnamed = new_entry(parse_line("!a Book the hall @Matti", mentionables, DAY), meeting, [], START)
    assert follow_ups([unnamed], people, next_one) == ["Book the hall Matti Virtanen"]
    done = with_action_status(action, ActionStatus.DONE, "next-meeting", later)
    assert done.closed_in == "next-meeting" and done.closed_at == later
    assert follow_ups([done], people, next_one) == []
    assert with_action_status(done, ActionStatus.OPEN, "", later).closed_in == ""
    assert action.is_overdue(date(2026, 12, 16)) and not done.is_overdue(date(2026, 12, 16))


def test_closing_ends_the_item_stops_the_recording_and_marks_the_meeting_held() -> None:
    meeting = _meeting()
    items = _items(meeting)
    meeting = recording_started(started(meeting, START, HELSINKI), [], START)
    end = START + timedelta(hours=2)
    held, ended = closed(meeting, _apply(items, advanced(items, START)), "  We buy a stand together.  ", end)
    assert (
        held.status is MeetingStatus.HELD and held.closed_at == end and held.conclusions == "We buy a stand together."
    )
    assert held.recording is None and held.recordings[-1].stopped_at == end
    assert [item.ended_at for item in ended] == [end]


def test_the_end_time_is_read_on_the_meeting_day_and_checked() -> None:
    meeting = started(_meeting(), START, HELSINKI)
    now = START + timedelta(hours=3)
    ended, problems = check_closing({"ended": "19:45"}, meeting, HELSINKI, now)
    assert problems == [] and ended == datetime(2026, 12, 8, 17, 45, tzinfo=UTC)
    for typed in ("19.45x", "", "25:00"):
        assert check_closing({"ended": typed}, meeting, HELSINKI, now)[1]
    assert check_closing({"ended": "17:00"}, meeting, HELSINKI, now)[1]  # the next morning: not yet come
    assert check_closing({"ended": "20:45"}, meeting, HELSINKI, now)[1]  # not yet come
    noted = START + timedelta(hours=2, minutes=20)  # 19:50
    (problem,) = check_closing({"ended": "19:45"}, meeting, HELSINKI, now, noted)[1]
    assert "recorded at 19:50" in problem.message
    late = START + timedelta(hours=8)  # 01:30 the next night
    ended, problems = check_closing({"ended": "00:30"}, meeting, HELSINKI, late)
    assert problems == [] and ended == datetime(2026, 12, 8, 22, 30, tzinfo=UTC)


def _closing_problem(typed: str, meeting: Meeting, now: datetime, zone: str = HELSINKI) -> str:
    ended, problems = check_closing({"ended": typed}, meeting, zone, now)
    assert ended is None and len(problems) == 1, (typed, ended)
    return problems[0].message


def test_a_wrong_end_time_says_whether_it_is_before_the_start_or_still_to_come() -> None:
    meeting = started(_meeting(), START + timedelta(seconds=40), HELSINKI)  # 17:30:40 in Helsinki
    evening = START + timedelta(hours=3)  # 20:30, the same evening
    for typed in ("17:00", "06:00", "0:00", "17:29"):
        assert (
            _closing_problem(typed, meeting, evening)
            == f"The meeting started at 17:30: it cannot have ended at {typed.zfill(5)}."
        )
    assert _closing_problem("20:45", meeting, evening) == "It is only 20:30: 20:45 has not come yet."
    for typed, local in (("17:30", "17:30"), ("20:30", "20:30"), ("20:31", "20:31"), ("19:00", "19:00")):
        ended, problems = check_closing({"ended": typed}, meeting, HELSINKI, evening)
        assert problems == [] and ended.astimezone(ZoneInfo(HELSINKI)).strftime("%H:%M") == local
    # Past midnight: the small hours are read as the next morning, the evening as the day before.
    night = START + timedelta(hours=7)  # 00:30 the next night
    for typed, day, local in (("00:15", 9, "00:15"), ("23:55", 8, "23:55"), ("18:00", 8, "18:00")):
        ended, problems = check_closing({"ended": typed}, meeting, HELSINKI, night)
        assert problems == [] and ended.astimezone(ZoneInfo(HELSINKI)).strftime("%d %H:%M") == f"{day:02d} {local}"
    assert _closing_problem("01:00", meeting, night) == "It is only 00:30: 01:00 has not come yet."
    assert _closing_problem("17:00", meeting, night) == "The meeting started at 17:30: it cannot have ended at 17:00."


def test_a_time_before_the_start_is_the_next_morning_only_for_a_meeting_of_reasonable_length() -> None:
    """Closed two days later (a facilitator who forgot to close it): a time before the start is
    not read as the next day at any distance, which would make a meeting of almost a day."""
    meeting = started(_meeting(), START, HELSINKI)  # Tuesday 17:30 in Helsinki
    two_days_later = START + timedelta(days=1, hours=16, minutes=30)  # Thursday 10:00
    assert _closing_problem("17:00", meeting, two_days_later) == (
        "The meeting started at 17:30: it cannot have ended at 17:00."
    )
    assert _closing_problem("05:31", meeting, two_days_later) == (
        "The meeting started at 17:30: it cannot have ended at 05:31."
    )
    ended, problems = check_closing({"ended": "05:30"}, meeting, HELSINKI, two_days_later)  # twelve hours
    assert problems == [] and ended == START + timedelta(hours=12)
    ended, problems = check_closing({"ended": "23:00"}, meeting, HELSINKI, two_days_later)
    assert problems == [] and ended == START + timedelta(hours=5, minutes=30)


def test_the_end_time_is_read_on_the_group_s_clocks() -> None:
    stockholm = "Europe/Stockholm"  # an hour behind Helsinki: the meeting started at 16:30 there
    meeting = started(_meeting(), START, stockholm)
    now = START + timedelta(hours=3)  # 19:30 in Stockholm
    ended, problems = check_closing({"ended": "16:45"}, meeting, stockholm, now)
    assert problems == [] and ended == datetime(2026, 12, 8, 15, 45, tzinfo=UTC)
    assert (
        _closing_problem("16:15", meeting, now, stockholm)
        == "The meeting started at 16:30: it cannot have ended at 16:15."
    )
    assert _closing_problem("20:00", meeting, now, stockholm) == "It is only 19:30: 20:00 has not come yet."


def test_a_meeting_held_on_another_day_moves_to_it_and_a_start_with_nothing_recorded_can_be_undone() -> None:
    meeting = _meeting()
    early = START - timedelta(days=11, hours=2)  # 27 Nov, 15:30 in Helsinki
    moved = started(meeting, early, HELSINKI)
    assert moved.starts_at == datetime(2026, 11, 27, 15, 30, tzinfo=UTC) and moved.edited_by_hand
    assert moved.ends_at - moved.starts_at == meeting.ends_at - meeting.starts_at and moved.started_at == early
    assert moved.is_fixed and started(meeting, START, HELSINKI).is_fixed  # re-planning keeps it
    assert started(moved, START, HELSINKI) == moved  # already under way: unchanged
    items = _items(meeting)
    assert nothing_recorded(moved, items, [], []) and unstarted(moved).started_at is None
    assert not nothing_recorded(moved, _apply(items, advanced(items, START)), [], [])


def test_the_last_recorded_moment_counts_entries_items_recordings_and_arrivals() -> None:
    meeting = recording_started(started(_meeting(), START, HELSINKI), [], START + timedelta(minutes=1))
    items = _apply(_items(meeting), advanced(_items(meeting), START + timedelta(minutes=2)))
    rows = checkin_rows(_people(), [], DAY)
    arrival = marked(rows[0], meeting.id, Presence.PRESENT, START + timedelta(minutes=9))
    assert last_recorded(meeting, items, [arrival], []) == START + timedelta(minutes=9)
    entry = new_entry(parse_line("Late words", [], DAY), meeting, items, START + timedelta(minutes=30))
    assert last_recorded(meeting, items, [arrival], [entry]) == START + timedelta(minutes=30)


def test_an_unchanged_edit_or_tag_changes_nothing() -> None:
    meeting = _meeting()
    people = [Mentionable("p1", "Anna Berg")]
    entry = new_entry(parse_line("Bank loan #PS", people, DAY), meeting, [], START)
    assert revised(entry, parse_line("Bank loan #PS", people, DAY), START) is entry
    assert retagged(entry, parse_line("#PS", people, DAY, tags_only=True), START) is entry
    tagged = retagged(entry, parse_line("@Anna", people, DAY, tags_only=True), START)
    kept = revised(tagged, parse_line("Bank loan talk #PS", people, DAY), START, tagged=["p1"])
    assert kept.people == ["p1"] and kept.text == "Bank loan talk"
