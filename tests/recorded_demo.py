"""A demo workspace where one member's meetings hold real sound: two held meetings they attended,
each with an Ogg Opus file of its own tone in ``meetings/<meeting id>/`` and a memo line keeping
its moment in it; and the means to tell whether any file of the workspace still holds that sound."""

from __future__ import annotations

import dataclasses
import math
import struct
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from facilitator.model import MeetingStatus, Presence, Recording, Role
from storage.recordings import meeting_folder
from tests.conftest import make_demo, reopen

RATE = 48000


def write_sound(path: Path, seconds: float, frequency: float) -> None:
    """A tone of ``frequency`` for ``seconds``, encoded as Ogg Opus (PyAV, as the app records)."""
    import av

    path.parent.mkdir(parents=True, exist_ok=True)
    with av.open(str(path), "w", format="ogg") as container:
        stream = container.add_stream("libopus", rate=RATE, layout="mono")  # type: ignore[call-overload]
        step = 960
        for start in range(0, int(RATE * seconds), step):
            frame = av.AudioFrame(format="s16", layout="mono", samples=step)
            samples = (int(8000 * math.sin(2 * math.pi * frequency * (start + i) / RATE)) for i in range(step))
            frame.planes[0].update(b"".join(struct.pack("<h", sample) for sample in samples))
            frame.sample_rate = RATE
            frame.pts = start
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)


@dataclass(frozen=True)
class RecordedDemo:
    """The member whose meetings hold sound, those meetings, and a piece of each sound file."""

    folder: Path
    group_id: str
    person_id: str
    name: str
    meeting_ids: tuple[str, ...]
    files: tuple[Path, ...]
    #: A stretch of each file's bytes, found in no other file: where it is, the sound is.
    pieces: tuple[bytes, ...]

    def files_holding_the_sound(self) -> list[Path]:
        """Every file of the whole workspace folder (backups included) holding a piece of the sound."""
        return [
            path
            for path in self.folder.rglob("*")
            if path.is_file() and any(piece in path.read_bytes() for piece in self.pieces)
        ]


def recorded_demo(folder: Path) -> RecordedDemo:
    """A one-group demo in which a member with the consent to record attended two held meetings
    that now hold sound; a backup is taken after, so that a backup holds their records too."""
    make_demo(folder, groups=1, years=1)
    repository = reopen(folder)
    try:
        repository.load_all()
        (group,) = repository.groups()
        held = [
            meeting
            for meeting in repository.meetings(group.id)
            if meeting.status is MeetingStatus.HELD and not any(recording.has_audio for recording in meeting.recordings)
        ]
        present: dict[str, list[str]] = {}
        for meeting in held:
            for row in repository.attendance(meeting.id):
                if row.person_id and row.status is Presence.PRESENT:
                    present.setdefault(row.person_id, []).append(meeting.id)
        person = next(
            person
            for person in repository.people(group.id)
            if person.role is Role.MEMBER and person.audio_consent and len(present.get(person.id, [])) >= 2
        )
        meeting_ids = tuple(present[person.id][-2:])
        files, pieces = [], []
        for number, meeting_id in enumerate(meeting_ids):
            meeting = repository.meeting(meeting_id)
            path = meeting_folder(folder, meeting_id) / "recording-1.opus"
            write_sound(path, 1.5, 330.0 + 110 * number)
            recording = Recording(
                started_at=meeting.starts_at,
                stopped_at=meeting.starts_at + timedelta(minutes=40),
                audio_file=path.name,
                audio_seconds=1.5,
            )
            repository.save_meeting(dataclasses.replace(meeting, recordings=[recording]))
            entries = repository.memo(meeting_id)
            repository.save_memo_entries(meeting_id, [dataclasses.replace(entries[0], recording_offset=1)])
            files.append(path)
            data = path.read_bytes()
            pieces.append(data[len(data) // 2 : len(data) // 2 + 48])
        repository.workspace.backup("test")
        return RecordedDemo(folder, group.id, person.id, person.name, meeting_ids, tuple(files), tuple(pieces))
    finally:
        repository.workspace.close()


def sound_state(demo: RecordedDemo) -> tuple[list[str], list[int | None]]:
    """The meetings' sound file names, and the memo lines' moments in them, as saved now."""
    repository = reopen(demo.folder)
    try:
        repository.load_all()
        names = [
            recording.audio_file
            for meeting_id in demo.meeting_ids
            for recording in repository.meeting(meeting_id).recordings
        ]
        offsets = [entry.recording_offset for meeting_id in demo.meeting_ids for entry in repository.memo(meeting_id)]
        return names, [offset for offset in offsets if offset is not None]
    finally:
        repository.workspace.close()
