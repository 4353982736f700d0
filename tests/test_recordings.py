"""A meeting's recording and its memo lines, as plain rules: which recording holds a line, where its
playback starts, the lines' moments in a file attached afterwards, and the questions a file that
does not fit the meeting raises."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from facilitator.checkin import checkin_rows, without_audio_consent
from facilitator.i18n import use_language
from facilitator.model import Attendance, Meeting, MeetingStatus, MemoEntry, Person, Presence, Recording
from facilitator.recordings import (
    LEAD_SECONDS,
    fit_questions,
    offset_in,
    playback_start,
    recording_of_entry,
    start_on_meeting_day,
)
from facilitator.summary import format_offset

#: 18:00 in Helsinki (UTC+2 in winter).
START = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)
ZONE = "Europe/Helsinki"


def held_meeting(**changes: object) -> Meeting:
    meeting = Meeting(
        group_id="g",
        starts_at=START,
        ends_at=START + timedelta(hours=2),
        status=MeetingStatus.HELD,
        started_at=START,
        closed_at=START + timedelta(hours=2),
    )
    for name, value in changes.items():
        setattr(meeting, name, value)
    return meeting


def entry(minutes: float, offset: int | None = None) -> MemoEntry:
    return MemoEntry(
        meeting_id="m",
        group_id="g",
        text="said",
        written_at=START + timedelta(minutes=minutes),
        recording_offset=offset,
    )


def test_offsets_are_written_as_minutes_and_seconds() -> None:
    assert format_offset(3725) == "62:05"
    assert format_offset(65.9) == "01:05"
    assert format_offset(0) == "00:00"
    assert format_offset(None) == ""


def test_playback_starts_a_few_seconds_before_the_line_never_before_the_sound() -> None:
    assert LEAD_SECONDS == 5
    assert playback_start(entry(10, offset=600)) == 595.0
    assert playback_start(entry(0, offset=3)) == 0.0
    assert playback_start(entry(0)) == 0.0


def test_the_recording_of_a_line_is_the_last_running_when_it_was_typed() -> None:
    first = Recording(started_at=START, stopped_at=START + timedelta(minutes=30), audio_file="recording-1.opus")
    second = Recording(started_at=START + timedelta(minutes=40), stopped_at=None, audio_file="recording-2.opus")
    meeting = held_meeting(recordings=[first, second])
    assert recording_of_entry(meeting, entry(10, offset=600)) is first
    assert recording_of_entry(meeting, entry(30, offset=1800)) is first  # typed as it stopped
    assert recording_of_entry(meeting, entry(50, offset=600)) is second  # still running
    assert recording_of_entry(meeting, entry(35, offset=5)) is None  # between the two
    assert recording_of_entry(meeting, entry(10)) is None  # no offset kept: typed while nothing recorded


def test_offsets_in_an_attached_file_count_from_its_start_and_none_outside_it() -> None:
    """What attaching gives each line (see tests/test_recordings_storage.py for the file attached)."""
    started = START + timedelta(minutes=5)
    entries = [entry(2, offset=120), entry(5), entry(15.5), entry(65), entry(66)]
    offsets = [offset_in(found.written_at, started, seconds=3600) for found in entries]
    assert offsets == [None, 0, 630, 3600, None]


def test_a_file_that_fits_the_meeting_raises_no_question() -> None:
    use_language("en")
    entries = [entry(1), entry(60), entry(119)]
    assert fit_questions(held_meeting(), entries, START - timedelta(minutes=2), 2 * 3600 + 300, ZONE) == []


def test_a_file_started_late_or_stopped_early_names_the_lines_left_without_a_moment() -> None:
    use_language("en")
    entries = [entry(1), entry(3), entry(60), entry(119)]
    questions = fit_questions(held_meeting(), entries, START + timedelta(minutes=10), 3600, ZONE)
    assert questions == [
        "2 memo entries were typed before the file started at 18:10 and will have no moment in it.",
        "1 memo entry was typed after the file ended at 19:10 and will have no moment in it.",
    ]


def test_a_file_much_longer_than_the_meeting_is_questioned() -> None:
    use_language("en")
    questions = fit_questions(held_meeting(), [entry(1)], START - timedelta(minutes=1), 3 * 3600, ZONE)
    assert questions == ["The file lasts 180:00, much longer than the meeting (120:00): is it the right file?"]
    assert fit_questions(held_meeting(), [entry(1)], START - timedelta(minutes=1), 2 * 3600 + 29 * 60, ZONE) == []


def test_a_file_outside_the_meeting_asks_only_whether_its_start_is_right() -> None:
    use_language("en")
    questions = fit_questions(held_meeting(), [entry(1)], START + timedelta(hours=5), 600, ZONE)
    assert questions == [
        "The file runs from 23:00 to 23:10, but the meeting ran from 18:00 to 20:00: is the moment it started right?"
    ]
    use_language("fi")
    (finnish,) = fit_questions(held_meeting(), [entry(1)], START + timedelta(hours=5), 600, ZONE)
    assert "23.00" in finnish and "tapaaminen" in finnish
    use_language("en")


def test_a_clock_time_is_placed_on_the_meeting_s_day_or_the_nearest_one() -> None:
    assert start_on_meeting_day(held_meeting(), time(17, 58, 30), ZONE) == START - timedelta(seconds=90)
    late = START + timedelta(hours=5, minutes=30)  # 23:30 local
    past_midnight = held_meeting(starts_at=late, ends_at=late + timedelta(hours=2), started_at=late)
    assert start_on_meeting_day(past_midnight, time(0, 5), ZONE) == late + timedelta(minutes=35)


def test_the_consent_missing_names_whoever_present_has_not_consented() -> None:
    consented = Person(group_id="g", name="Biret Đuđá", audio_consent=date(2025, 1, 1))
    not_asked = Person(group_id="g", name="Matti Virtanen")
    away = Person(group_id="g", name="Anna Berg")
    agreed_at_door = Person(group_id="g", name="Kaisa Laine")
    attendance = [
        Attendance(meeting_id="m", person_id=consented.id, status=Presence.PRESENT),
        Attendance(meeting_id="m", person_id=not_asked.id, status=Presence.PRESENT),
        Attendance(meeting_id="m", person_id=away.id, status=Presence.APOLOGIES),
        Attendance(
            meeting_id="m", person_id=agreed_at_door.id, status=Presence.PRESENT, audio_consent=date(2026, 11, 27)
        ),
        Attendance(meeting_id="m", guest_name="Guest Speaker", status=Presence.PRESENT),
    ]
    rows = checkin_rows([consented, not_asked, away, agreed_at_door], attendance, date(2026, 11, 27))
    assert [row.name for row in without_audio_consent(rows)] == ["Matti Virtanen", "Guest Speaker"]
    assert [row.name for row in without_audio_consent([row for row in rows if row.person is consented])] == []


def test_a_clock_time_on_the_night_summer_time_ends_or_begins_is_the_one_nearest_the_meeting() -> None:
    def started_at(moment: datetime) -> Meeting:
        return held_meeting(starts_at=moment, ends_at=moment + timedelta(hours=2), started_at=moment)

    # 25.10.2026: at 04:00 summer time the clocks go back to 03:00, so 03:30 comes twice.
    second_pass = datetime(2026, 10, 25, 1, 40, tzinfo=UTC)  # 03:40, the second time round
    assert start_on_meeting_day(started_at(second_pass), time(3, 30), ZONE) == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    first_pass = datetime(2026, 10, 25, 0, 20, tzinfo=UTC)  # 03:20 summer time
    assert start_on_meeting_day(started_at(first_pass), time(3, 30), ZONE) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    # 29.3.2026: at 03:00 the clocks go forward to 04:00, so 03:30 never comes: a recorder whose clock
    # shows it is read as the nearer of 02:30 winter time and 04:30 summer time.
    spring = datetime(2026, 3, 29, 0, 50, tzinfo=UTC)  # 02:50
    assert start_on_meeting_day(started_at(spring), time(3, 30), ZONE) == datetime(2026, 3, 29, 0, 30, tzinfo=UTC)
