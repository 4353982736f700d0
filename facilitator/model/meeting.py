"""A meeting of a group: when, where, who hosts, and how far it has got."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from facilitator.audio.files import AUDIO_SUFFIXES
from facilitator.dates import format_count
from facilitator.i18n import _
from facilitator.model.problems import Problem, per_language
from facilitator.model.record import Record
from facilitator.text import printable


class MeetingStatus(StrEnum):
    PLANNED = "planned"
    CONFIRMED = "confirmed"
    HELD = "held"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return {
            MeetingStatus.PLANNED: _("planned"),
            MeetingStatus.CONFIRMED: _("confirmed"),
            MeetingStatus.HELD: _("held"),
            MeetingStatus.CANCELLED: _("cancelled"),
        }[self]


#: The name a recording gives its sound in the meeting's folder: ``recording-<n>`` and a sound's
#: suffix the app knows (``recording-2.m4a``): never a path, so that no record can point the player,
#: an export or a deletion at another file.
SOUND_FILE_NAME = re.compile(
    r"recording-[1-9][0-9]{0,5}(?:" + "|".join(re.escape(suffix) for suffix in AUDIO_SUFFIXES) + ")"
)
#: The longest sound a recording can hold, in seconds (about four months): past it, a length is no length.
MAX_AUDIO_SECONDS = 1e7
#: Recordings of one meeting, and pauses of one recording: far above any meeting's.
MAX_RECORDINGS = 500
MAX_PAUSES = 5000


@dataclass(kw_only=True)
class Pause:
    """A stretch of a recording during which no sound was taken: the memo lines typed after it keep
    their offsets into the sound, which has no gap."""

    paused_at: datetime
    resumed_at: datetime | None = None


@dataclass(kw_only=True)
class Recording:
    """An audio recording of the meeting: its marks on the clock, and the sound when one is held.

    ``audio_file`` names the sound in the meeting's folder (``meetings/<meeting id>/``); it is
    empty when only the marks were kept (no microphone answered, the sound was made on another
    device and not attached, or it was deleted when someone present withdrew their consent).
    ``audio_seconds`` is the sound's length once known; ``attached`` marks a file made on another
    device and attached to the held meeting with the moment it started (``started_at``).
    """

    started_at: datetime
    stopped_at: datetime | None = None
    audio_file: str = ""
    audio_seconds: float | None = None
    attached: bool = False
    pauses: list[Pause] = dataclasses.field(default_factory=list)

    @property
    def paused(self) -> bool:
        """Whether the recording is paused now."""
        return bool(self.pauses) and self.pauses[-1].resumed_at is None

    @property
    def has_audio(self) -> bool:
        return bool(self.audio_file)


@dataclass(kw_only=True)
class Meeting(Record):
    """One meeting. Times are aware datetimes (stored in UTC); the group's time zone shows them.

    ``theme`` is the host's choice and ``host_note`` the host's few words on why it matters;
    the agenda itself lives in the meeting's own file. ``edited_by_hand`` marks a meeting whose
    date or host a person chose: re-planning the season leaves it alone, as it leaves confirmed
    and held meetings. ``host_reason`` says why the rotation proposed the host; ``declined_by``
    lists members who declined to host this one.

    The live meeting sets ``started_at`` when the facilitator starts it, keeps its audio
    ``recordings``, and on closing stores the ``conclusions`` and the actual end ``closed_at``.
    """

    group_id: str
    starts_at: datetime
    ends_at: datetime
    status: MeetingStatus = MeetingStatus.PLANNED
    host_id: str = ""
    location: str = ""
    edited_by_hand: bool = False
    host_reason: str = ""
    declined_by: list[str] = dataclasses.field(default_factory=list)
    theme: str = ""
    host_note: str = ""
    started_at: datetime | None = None
    recordings: list[Recording] = dataclasses.field(default_factory=list)
    conclusions: str = ""
    closed_at: datetime | None = None

    @property
    def in_progress(self) -> bool:
        """Started and not yet closed: reopening the app returns to it."""
        return self.started_at is not None and self.status not in (MeetingStatus.HELD, MeetingStatus.CANCELLED)

    @property
    def recording(self) -> Recording | None:
        """The recording running now, if any."""
        if self.recordings and self.recordings[-1].stopped_at is None:
            return self.recordings[-1]
        return None

    @property
    def is_fixed(self) -> bool:
        """Whether re-planning must keep this meeting as it is: chosen by hand, confirmed, held, or
        under way (its memo belongs to it)."""
        return (
            self.edited_by_hand
            or self.started_at is not None
            or self.status in (MeetingStatus.CONFIRMED, MeetingStatus.HELD)
        )

    @property
    def counts_as_hosting(self) -> bool:
        """Whether the host of this meeting has hosted (or will host) it, for the rotation."""
        return bool(self.host_id) and self.status is not MeetingStatus.CANCELLED


@per_language
def meeting_field_labels() -> dict[str, str]:
    return {"starts_at": _("Starts"), "ends_at": _("End"), "status": _("Status"), "recordings": _("Recordings")}


def validate_meeting(meeting: Meeting) -> list[Problem]:
    """Every problem with ``meeting`` that no save may store: an end not after the start, a
    status that is not one, or a recording still running that is not the last (the live meeting
    runs one at a time, the last one, in every release).

    A recording's times are the clock's, not typed: one may stop before it started (earlier
    releases stopped a recording at the closing form's minute, 20:10:00 for one begun at 20:10:45,
    or a clock was set back), and such a meeting stays savable."""
    labels = meeting_field_labels()
    problems: list[Problem] = []
    if meeting.ends_at <= meeting.starts_at:
        problems.append(Problem("ends_at", labels["ends_at"], _("The meeting ends before it starts.")))
    if not isinstance(meeting.status, MeetingStatus):
        problems.append(Problem("status", labels["status"], _("This is not a meeting status.")))
    for number, recording in enumerate(meeting.recordings[:-1], start=1):
        if recording.stopped_at is None:
            problems.append(
                Problem(
                    "recordings",
                    labels["recordings"],
                    _("Recording {number} is still running while a later one exists.").format(number=number),
                )
            )
    if len(meeting.recordings) > MAX_RECORDINGS:
        problems.append(
            Problem(
                "recordings",
                labels["recordings"],
                _("The meeting has {count} recordings; it may have at most {most}.").format(
                    count=format_count(len(meeting.recordings)), most=format_count(MAX_RECORDINGS)
                ),
            )
        )
    for number, recording in enumerate(meeting.recordings[:MAX_RECORDINGS], start=1):
        problem = recording_problem(recording, number)
        if problem:
            problems.append(Problem("recordings", labels["recordings"], problem))
    return problems


def recording_problem(recording: Recording, number: int) -> str | None:
    """What is wrong with recording ``number`` of a meeting, if anything: a sound file name that is
    not a recording's, a length that is none, or a pause outside the recording (before its start,
    after its stop, ending before it began, or still open while a later one exists)."""
    if recording.audio_file and not SOUND_FILE_NAME.fullmatch(recording.audio_file):
        return _("Recording {number} names its sound file “{file}”, which is not a recording's file name.").format(
            number=number, file=printable(recording.audio_file[:100])
        )
    seconds = recording.audio_seconds
    if seconds is not None and not 0 <= seconds <= MAX_AUDIO_SECONDS:
        return _("Recording {number} gives its sound a length that is not one.").format(number=number)
    if len(recording.pauses) > MAX_PAUSES:
        return _("Recording {number} has more pauses than a recording may have.").format(number=number)
    for index, pause in enumerate(recording.pauses):
        ends = pause.resumed_at
        if (
            pause.paused_at < recording.started_at
            or (ends is not None and ends < pause.paused_at)
            or (ends is None and index < len(recording.pauses) - 1)
            or (recording.stopped_at is not None and (ends is None or ends > recording.stopped_at))
        ):
            return _("Recording {number} has a pause outside the recording.").format(number=number)
    return None
