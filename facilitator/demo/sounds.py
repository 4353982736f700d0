"""The demo network's recorded meetings that hold their sound, so that playing a memo line's moment,
attaching and the researchers' export can be tried at once.

The network's latest held meetings (:data:`SOUND_MEETINGS` of them) had a few minutes of the evening
recorded in the app: the stretch holding the most memo lines, everyone present having consented
(those who had not, on the spot, as the live meeting's consent gate lets them). The lines typed
then keep their offsets into the sound, the others none. The sound itself is made up
(:func:`facilitator.audio.synthetic.write_synthetic_recording`) and written beside the meeting's
file once the network is in the workspace (:class:`DemoSound` says what to write). Kept short, so
that the demo is made as fast as before and stays small; nothing here draws from the network's
generator, so the rest of the network stays that of the same seed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from facilitator.local_time import local_day
from facilitator.model import Attendance, Group, Meeting, MeetingStatus, MemoEntry, Person, Presence, Recording
from facilitator.recordings import offset_in

#: How many of the latest held meetings hold their sound, and its length in seconds.
SOUND_MEETINGS = 3
SOUND_SECONDS = 120
#: Seconds of sound before the first line typed in it, and at least after the last.
_BEFORE_FIRST_LINE = 20
_AFTER_LAST_LINE = 15


@dataclass(frozen=True)
class DemoSound:
    """A sound file the demo writes: the meeting's ``audio_file``, ``seconds`` long, made up from ``seed``."""

    meeting_id: str
    audio_file: str
    seconds: float
    seed: int


def record_sounds(
    groups: list[Group],
    people: list[Person],
    meetings: list[Meeting],
    attendance: list[Attendance],
    entries: list[MemoEntry],
) -> list[DemoSound]:
    """Give the latest held meetings with memo lines a short recording holding its sound (changing
    the meetings, their attendance and their entries in place); the sounds to write."""
    lines: dict[str, list[MemoEntry]] = {}
    for entry in entries:
        lines.setdefault(entry.meeting_id, []).append(entry)
    held = [meeting for meeting in meetings if meeting.status is MeetingStatus.HELD and lines.get(meeting.id)]
    held.sort(key=lambda meeting: meeting.starts_at, reverse=True)
    time_zones = {group.id: group.time_zone for group in groups}
    sounds = []
    for meeting in held[:SOUND_MEETINGS]:
        started_at = _stretch_with_most_lines([entry.written_at for entry in lines[meeting.id]])
        stopped_at = started_at + timedelta(seconds=SOUND_SECONDS)
        sound = DemoSound(meeting.id, "recording-1.opus", SOUND_SECONDS, seed=int(meeting.id[:8], 16))
        meeting.recordings = [
            Recording(
                started_at=started_at, stopped_at=stopped_at, audio_file=sound.audio_file, audio_seconds=sound.seconds
            )
        ]
        for entry in lines[meeting.id]:
            entry.recording_offset = offset_in(entry.written_at, started_at, SOUND_SECONDS)
        _consent_on_the_spot(meeting, people, attendance, time_zones[meeting.group_id])
        sounds.append(sound)
    return sounds


def _stretch_with_most_lines(moments: list[datetime]) -> datetime:
    """When the recording started: shortly before the line that opens the stretch of
    :data:`SOUND_SECONDS` holding the most lines (the latest such stretch)."""
    room = timedelta(seconds=SOUND_SECONDS - _BEFORE_FIRST_LINE - _AFTER_LAST_LINE)
    moments = sorted(moments)
    first = max(moments, key=lambda moment: (sum(moment <= other <= moment + room for other in moments), moment))
    return first - timedelta(seconds=_BEFORE_FIRST_LINE)


def _consent_on_the_spot(meeting: Meeting, people: list[Person], attendance: list[Attendance], time_zone: str) -> None:
    """Everyone present at ``meeting`` who had not consented to recording by its day does so on the
    spot (a guest too): the recording runs only with everyone's consent."""
    day = local_day(meeting.starts_at, time_zone)
    consents = {person.id: person.audio_consent for person in people}
    for row in attendance:
        if row.meeting_id != meeting.id or row.status is not Presence.PRESENT or row.audio_consent:
            continue
        consent = consents.get(row.person_id) if row.person_id else None
        if consent is None or consent > day:
            row.audio_consent = day
