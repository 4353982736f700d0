"""A meeting's recording and its memo lines: which recording holds a line's moment, where playback
of it starts, the lines' offsets into a file made on another device and attached afterwards, the
questions such a file raises when its start or length does not fit the meeting, and who present
has not consented to its sound. Plain functions; :mod:`storage.recordings` keeps the files."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from facilitator.dates import format_count, format_time
from facilitator.i18n import _, ngettext
from facilitator.local_time import local_moment
from facilitator.model import Meeting, MemoEntry, Recording
from facilitator.summary import format_offset

#: Seconds of sound played before the moment a memo line was typed: the words it notes were said
#: just before.
LEAD_SECONDS = 5

#: How much longer than the meeting an attached file may run before it is questioned.
_LONGER_BY = timedelta(minutes=30)

#: The meetings whose sound this app's recorder is taking now (the live screen's): a recording that
#: runs only in the records (a crash left it, or it came from another laptop) is in none of them.
_TAKING_SOUND: set[str] = set()


def recorder_started(meeting_id: str) -> None:
    """The live screen's recorder took the microphone for the meeting: its sound is not to be deleted now."""
    _TAKING_SOUND.add(meeting_id)


def recorder_stopped(meeting_id: str) -> None:
    """The live screen's recorder closed the meeting's sound file."""
    _TAKING_SOUND.discard(meeting_id)


def recorder_running(meeting_id: str) -> bool:
    """Whether this app is taking the meeting's sound now (what withdrawing a consent must wait for)."""
    return meeting_id in _TAKING_SOUND


def recording_of_entry(meeting: Meeting, entry: MemoEntry) -> Recording | None:
    """The recording whose offset the entry keeps: the last one running when it was typed (None
    when the entry has no offset, or no recording of the meeting spans its moment)."""
    if entry.recording_offset is None:
        return None
    holding = [
        recording
        for recording in meeting.recordings
        if recording.started_at <= entry.written_at
        and (recording.stopped_at is None or entry.written_at <= recording.stopped_at)
    ]
    return holding[-1] if holding else None


def playback_start(entry: MemoEntry) -> float:
    """Where playing the entry's moment starts: a few seconds before it was typed, never before the
    sound's beginning."""
    return float(max(0, (entry.recording_offset or 0) - LEAD_SECONDS))


def offset_in(moment: datetime, started_at: datetime, seconds: float) -> int | None:
    """Seconds into a file that started at ``started_at`` and lasts ``seconds``, or None outside it."""
    offset = (moment - started_at).total_seconds()
    return int(offset) if 0 <= offset <= seconds else None


def start_on_meeting_day(meeting: Meeting, clock: time, time_zone: str) -> datetime:
    """The moment a file started, given as a clock time in the group's time zone: on the meeting's
    day, or the day before or after when that is nearer the meeting's start (a meeting past midnight);
    a clock time that the change to or from summer time makes twice, or skips, is the one nearest it."""
    opened = meeting.started_at or meeting.starts_at
    day = local_moment(opened, time_zone).date()
    zone = ZoneInfo(time_zone)
    # Both folds of each day: on the night the clocks go back a clock time happens twice, and on the
    # night they go forward one never happens (either fold then reads it an hour to one side).
    candidates = [
        datetime.combine(day + timedelta(days=shift), clock, zone).replace(fold=fold).astimezone(UTC)
        for shift in (0, -1, 1)
        for fold in (0, 1)
    ]
    return min(candidates, key=lambda moment: abs(moment - opened))


def fit_questions(
    meeting: Meeting, entries: Sequence[MemoEntry], started_at: datetime, seconds: float, time_zone: str
) -> list[str]:
    """What to ask before a file that started at ``started_at`` and lasts ``seconds`` is attached
    to ``meeting``: it misses the meeting altogether, memo entries fall before it started or after
    it ended, or it is much longer than the meeting. Empty when it fits. A question, not a refusal:
    a recorder's clock may be off, and the user knows the file."""
    ended_at = started_at + timedelta(seconds=seconds)
    moments = [entry.written_at for entry in entries]
    opened = min([meeting.started_at or meeting.starts_at, *moments])
    closed = max([meeting.closed_at or meeting.ends_at, *moments])

    def clock(moment: datetime) -> str:
        return format_time(local_moment(moment, time_zone))

    if ended_at < opened or started_at > closed:
        return [
            _(
                "The file runs from {start} to {end}, but the meeting ran from {opened} to {closed}: "
                "is the moment it started right?"
            ).format(start=clock(started_at), end=clock(ended_at), opened=clock(opened), closed=clock(closed))
        ]
    questions = []
    if before := sum(moment < started_at for moment in moments):
        questions.append(
            ngettext(
                "{count} memo entry was typed before the file started at {start} and will have no moment in it.",
                "{count} memo entries were typed before the file started at {start} and will have no moment in it.",
                before,
            ).format(count=format_count(before), start=clock(started_at))
        )
    if after := sum(moment > ended_at for moment in moments):
        questions.append(
            ngettext(
                "{count} memo entry was typed after the file ended at {end} and will have no moment in it.",
                "{count} memo entries were typed after the file ended at {end} and will have no moment in it.",
                after,
            ).format(count=format_count(after), end=clock(ended_at))
        )
    span = closed - opened
    if timedelta(seconds=seconds) > span + _LONGER_BY:
        questions.append(
            _("The file lasts {length}, much longer than the meeting ({span}): is it the right file?").format(
                length=format_offset(seconds), span=format_offset(span.total_seconds())
            )
        )
    return questions
