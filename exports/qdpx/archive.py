"""Writing a REFI-QDA project that holds the meetings' sound: file by file, never all in memory.

A three-hour meeting is some 80 MB of MP3, and a network's project may hold dozens: each sound is
converted to MP3 (:func:`facilitator.audio.files.write_mp3`) into a scratch folder in the system's
temporary folder, copied into the zip a chunk at a time (stored: MP3 is compressed already) and
deleted, before the next one is converted. Never beside the export: a killed export would leave
the meetings' voices in the user's exports folder, where no withdrawal of consent reaches them.
The project itself (``project.qde``) is written last, once every MP3's length is known: the last
entry's moment runs to the end of the sound the tool plays. The .qdpx appears whole or not at
all, written in a stream by :func:`exports.files.write_export`.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import time
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

from exports.files import write_export
from exports.qdpx.audio import AudioPart, audio_parts
from exports.qdpx.project import add_member, add_texts, member_info, project_bytes, qdpx_bytes
from exports.qdpx.reading import PROJECT_MEMBER
from exports.qdpx.sources import MeetingSource, meeting_sources
from facilitator.audio import UnreadableAudio
from facilitator.i18n import _
from facilitator.model import Group, MeetingStatus
from storage.bulk_reading import collector_held_back
from storage.repository import Repository

#: How much of an MP3 is copied into the zip at a time.
_CHUNK_BYTES = 1 << 20


@dataclass(frozen=True)
class SoundWritten:
    """What the project holds of the sound: the recordings written, and why any other was not."""

    recordings: int
    unreadable: tuple[str, ...]  # a sentence for each sound that could not be converted


def write_qdpx_with_sound(
    path: Path,
    sources: Sequence[MeetingSource],
    parts: Sequence[AudioPart],
    moment: datetime,
    name: str,
    converted: Callable[[int], None] | None = None,
) -> SoundWritten:
    """Write the .qdpx of ``sources`` and the recordings ``parts`` at ``path`` atomically;
    ``converted(done)`` is told after each recording. A sound that cannot be read is left out
    (and said so); raises :class:`~exports.errors.ExportFailed` when the file cannot be written."""
    from facilitator.audio.files import audio_seconds, write_mp3  # PyAV loads only when sound is exported

    sounds: list[tuple[AudioPart, float]] = []
    unreadable: list[str] = []

    def fill(handle: BinaryIO) -> None:
        with (
            zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive,
            _scratch_folder() as scratch,
        ):
            for done, part in enumerate(parts, start=1):
                mp3 = Path(scratch) / f"{part.guid}.mp3"
                try:
                    write_mp3(part.sound, mp3)
                    seconds = audio_seconds(mp3)
                except UnreadableAudio as error:
                    unreadable.append(
                        _("The sound of “{name}” was left out of the project: {reason}").format(
                            name=part.name, reason=error
                        )
                    )
                else:
                    _add_file(archive, part.sound_member, mp3, moment)
                    sounds.append((part, seconds))
                mp3.unlink(missing_ok=True)
                if converted is not None:
                    converted(done)
            add_member(archive, PROJECT_MEMBER, project_bytes(sources, moment, name, sounds), moment)
            add_texts(archive, sources, moment)
            for part, _seconds in sounds:
                add_member(archive, part.transcript_member, part.transcript()[0].encode("utf-8"), moment)

    write_export(path, fill)
    return SoundWritten(len(sounds), tuple(unreadable))


#: The scratch folders' names in the system's temporary folder.
_SCRATCH_PREFIX = "microentre-qdpx-sound-"
#: A scratch folder untouched this long was left by a killed export (a live one changes at each recording).
_STALE_SECONDS = 24 * 3600


def _scratch_folder() -> tempfile.TemporaryDirectory[str]:
    """A private folder (owner only) in the system's temporary folder for the MP3s being converted,
    after sweeping away those a killed or powered-off export left there."""
    now = time.time()
    for stale in Path(tempfile.gettempdir()).glob(_SCRATCH_PREFIX + "*"):
        with contextlib.suppress(OSError):
            if stale.is_dir() and now - stale.stat().st_mtime > _STALE_SECONDS:
                shutil.rmtree(stale, ignore_errors=True)
    return tempfile.TemporaryDirectory(prefix=_SCRATCH_PREFIX)


def _add_file(archive: zipfile.ZipFile, member: str, file: Path, moment: datetime) -> None:
    """``file`` into the zip as ``member``, stored, a chunk at a time."""
    info = member_info(member, moment, zipfile.ZIP_STORED)
    info.file_size = file.stat().st_size  # tells the zip beforehand whether the member needs ZIP64
    with file.open("rb") as source, archive.open(info, "w") as target:
        shutil.copyfileobj(source, target, _CHUNK_BYTES)


@collector_held_back()
def write_project(
    repository: Repository,
    path: Path,
    groups: Sequence[Group],
    first: date | None,
    last: date | None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[MeetingSource], SoundWritten]:
    """The REFI-QDA project of ``groups``' meetings held from ``first`` to ``last`` (see
    :func:`~exports.qdpx.sources.meeting_sources`), with their recordings' sound, written at
    ``path``; its sources and what it holds of the sound. ``progress(done, total)`` counts the
    groups read, then the recordings converted (the slow part)."""
    meetings_by_group = repository.meetings_by_group()
    expected = sum(
        recording.has_audio
        for group in groups
        for meeting in meetings_by_group.get(group.id, [])
        if meeting.status is MeetingStatus.HELD
        for recording in meeting.recordings
    )

    def read(done: int, total: int) -> None:
        if progress is not None:
            progress(done, total + expected)

    sources = meeting_sources(repository, groups, first, last, read)
    parts = audio_parts(repository.workspace.folder, sources)
    if not parts:  # no sound: the project as it always was, in one piece
        write_export(path, qdpx_bytes(sources, repository.now(), path.stem))
        return sources, SoundWritten(0, ())

    def converted(done: int) -> None:
        if progress is not None:
            progress(len(groups) + done, len(groups) + len(parts))

    return sources, write_qdpx_with_sound(path, sources, parts, repository.now(), path.stem, converted)
