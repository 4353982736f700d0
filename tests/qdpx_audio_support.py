"""What the tests of the REFI-QDA project's sound share: a held meeting given recordings with real
sound files (a tone in a WAV, as a recorder writes them), the offsets of its memo entries in them
and everyone present's consent to the recording; and the project's sound read back as a QDA tool
reads it (PyAV decoding the MP3)."""

from __future__ import annotations

import dataclasses
import math
import struct
import wave
import xml.etree.ElementTree as ET
import zipfile
from datetime import date, timedelta
from pathlib import Path

import av

from facilitator.model import Meeting, MemoEntry, Presence, Recording
from storage.recordings import meeting_folder
from storage.repository import Repository

QDA = "{urn:QDA-XML:project:1.0}"
RATE = 16_000


def write_tone(path: Path, seconds: float, frequency: float = 440.0) -> None:
    """A WAV of a quiet tone, ``seconds`` long."""
    path.parent.mkdir(parents=True, exist_ok=True)
    samples = round(seconds * RATE)
    with wave.open(str(path), "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(RATE)
        sound.writeframes(
            b"".join(
                struct.pack("<h", int(8000 * math.sin(2 * math.pi * frequency * n / RATE))) for n in range(samples)
            )
        )


@dataclasses.dataclass(frozen=True)
class Part:
    seconds: float
    entries: list[MemoEntry]  # as saved, with their offsets into this part's sound
    file: str = ""  # the recording's audio_file ("": only the marks were kept)


def record(repository: Repository, meeting: Meeting, parts: list[Part], *, consent: bool = True) -> Meeting:
    """Give ``meeting`` one recording per part, each spanning its entries' moments (pauses between
    them: the sound is shorter than the evening), its sound written as ``part.file`` unless empty;
    everyone present consented on the spot when ``consent``."""
    recordings = []
    for part in parts:
        moments = [entry.written_at for entry in part.entries]
        recordings.append(
            Recording(
                started_at=min(moments) - timedelta(seconds=1),
                stopped_at=max(moments) + timedelta(seconds=1),
                audio_file=part.file,
                audio_seconds=part.seconds if part.file else None,
            )
        )
        if part.file:
            write_tone(meeting_folder(repository.workspace.folder, meeting.id) / part.file, part.seconds)
        repository.save_memo_entries(meeting.id, part.entries)
    if consent:
        for attendance in repository.attendance(meeting.id):
            if attendance.status is Presence.PRESENT:
                repository.save_attendance(dataclasses.replace(attendance, audio_consent=date(2025, 1, 1)))
    return repository.save_meeting(dataclasses.replace(meeting, recordings=recordings))


def with_offsets(entries: list[MemoEntry], offsets: list[int]) -> list[MemoEntry]:
    return [dataclasses.replace(entry, recording_offset=offset) for entry, offset in zip(entries, offsets, strict=True)]


def mp3_seconds(data: bytes, folder: Path) -> float:
    """How long the MP3 plays, decoded frame by frame (not as its header claims)."""
    path = folder / "decoded.mp3"
    path.write_bytes(data)
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        assert stream.codec_context.name.startswith("mp3") and stream.channels == 1
        samples = sum(frame.samples for frame in container.decode(stream))
        return samples / stream.rate


@dataclasses.dataclass
class Heard:
    """An ``AudioSource`` of the project read back."""

    element: ET.Element
    mp3: bytes
    stored: bool  # the MP3 is stored in the zip, not deflated again
    transcript: str
    sync: list[tuple[int, int]]  # (position, timeStamp) of each SyncPoint
    selections: list[tuple[int, int, str, list[str]]]  # (begin, end, name, code GUIDs)


def audio_sources(path: Path) -> dict[str, Heard]:
    """Every ``AudioSource`` of the project at ``path`` by name, its sound and transcript where
    the project's ``internal://`` paths point."""
    found = {}
    with zipfile.ZipFile(path) as archive:
        root = ET.fromstring(archive.read("project.qde"))
        for source in root.iter(f"{QDA}AudioSource"):
            guid = source.get("guid", "")
            assert source.get("path") == f"internal://{guid}.mp3"
            member = archive.getinfo(f"sources/{guid}.mp3")
            (transcript,) = source.findall(f"{QDA}Transcript")
            where = transcript.get("plainTextPath", "")
            assert where == f"internal://{transcript.get('guid')}.txt"
            text = archive.read("sources/" + where.removeprefix("internal://")).decode("utf-8")
            selections = [
                (
                    int(selection.get("begin", "")),
                    int(selection.get("end", "")),
                    selection.get("name", ""),
                    [ref.get("targetGUID", "") for ref in selection.iter(f"{QDA}CodeRef")],
                )
                for selection in source.findall(f"{QDA}AudioSelection")
            ]
            sync = [
                (int(point.get("position", "")), int(point.get("timeStamp", "")))
                for point in transcript.findall(f"{QDA}SyncPoint")
            ]
            found[source.get("name", "")] = Heard(
                source,
                archive.read(member),
                member.compress_type == zipfile.ZIP_STORED,
                text,
                sync,
                selections,
            )
    return found
