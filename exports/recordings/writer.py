"""Making a group's sealed recordings file: the sound of its held meetings whose attendees all
consented, for the coordinator, on a USB stick (sound never travels in a bundle).

The file is written a chunk at a time into a temporary file beside where it goes, then renamed:
whatever the size of the recordings, only a chunk of one sound is held at a time, and the folder
holds the whole file or nothing of it.
"""

from __future__ import annotations

import base64
import hashlib
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import IO, Any, BinaryIO

import orjson

from exports.bundle.sealing import (
    CIPHER,
    KEY_DERIVATION,
    NONCE_BYTES,
    TAG_BYTES,
    fingerprint,
    group_sealing_key,
    new_content_key,
    seal,
)
from exports.files import unused_path, write_export
from exports.recordings.format import (
    CHUNK_BYTES,
    COMPRESSION,
    CONTENTS,
    CONTENTS_PAD_BYTES,
    FORMAT_NAME,
    FORMAT_VERSION,
    MANIFEST,
    MAX_SOUND_BYTES,
    SEALED_CHUNK_BYTES,
    SEALING_PURPOSE,
    SEALS,
    SOUND_NAME,
    SUFFIX,
    audio_member,
    padded_size,
    sealed_chunks,
)
from facilitator import __version__
from facilitator.dates import format_count, format_day
from facilitator.i18n import _
from facilitator.local_time import local_day, local_moment
from facilitator.model import Group, Meeting, MeetingStatus, Recording, new_id
from storage.errors import StorageError
from storage.meeting_consent import present_without_consent
from storage.recordings import audio_path
from storage.repository import Repository
from storage.sync_ledger import SyncLedger
from storage.workspace_info import WorkspaceRole

#: Every member's time in the zip: the laptop's clock says nothing a reader needs (created_at does).
_NO_CLOCK = (1980, 1, 1, 0, 0, 0)
#: How much of a sound is read at a time.
_READ_BYTES = 64 << 10

#: Told as it goes: bytes of sound sealed so far, and of all the sounds.
Progress = Callable[[int, int], None]


class NoRecordings(StorageError):
    """The group has no sound here that may leave the laptop: no file is written."""


@dataclass(frozen=True)
class SoundToSend:
    """One recording's sound file, chosen to travel: its meeting, its place among the meeting's
    recordings, and its length (from the recording, else read from the file)."""

    meeting: Meeting
    index: int
    recording: Recording
    path: Path
    size: int


@dataclass(frozen=True)
class RecordingsChosen:
    """What a group's recordings file carries, and what it leaves out and why (one sentence each)."""

    group: Group
    sounds: list[SoundToSend]
    left_out: list[str]

    @property
    def total_bytes(self) -> int:
        return sum(sound.size for sound in self.sounds)


def chosen_recordings(repository: Repository, group_id: str) -> RecordingsChosen:
    """The sound files of the group's held meetings that are here, of meetings whose every attendee
    consented to the recording; each meeting left out is told (who did not consent, what is missing)."""
    group = repository.group(group_id)
    people = repository.people(group_id)
    sounds: list[SoundToSend] = []
    left_out: list[str] = []
    folder = repository.workspace.folder
    for meeting in repository.meetings(group_id):
        with_audio = [(index, rec) for index, rec in enumerate(meeting.recordings) if rec.has_audio]
        if meeting.status is not MeetingStatus.HELD or not with_audio:
            continue
        day = format_day(local_day(meeting.starts_at, group.time_zone))
        missing = present_without_consent(repository, meeting, people=people)
        if missing:
            left_out.append(
                _("The meeting of {day} was left out: {names} did not consent to the recording.").format(
                    day=day, names=", ".join(missing)
                )
            )
            continue
        for index, recording in with_audio:
            if not SOUND_NAME.fullmatch(recording.audio_file):  # no stored record names one (validate_meeting)
                continue
            path = audio_path(folder, meeting.id, recording)
            size = _size(path)
            if path is None or size is None:
                left_out.append(
                    _("The meeting of {day}: its sound file {file} is not on this laptop.").format(
                        day=day, file=recording.audio_file
                    )
                )
            elif size > MAX_SOUND_BYTES:
                left_out.append(
                    _("The meeting of {day}: its sound file {file} is larger than {size} GB.").format(
                        day=day, file=recording.audio_file, size=format_count(MAX_SOUND_BYTES >> 30)
                    )
                )
            else:
                sounds.append(SoundToSend(meeting, index, recording, path, size))
    return RecordingsChosen(group, sounds, left_out)


def _size(path: Path | None) -> int | None:
    try:
        return None if path is None else path.stat().st_size
    except OSError:
        return None


def write_recordings_file(
    repository: Repository,
    group_id: str,
    folder: Path,
    *,
    chosen: RecordingsChosen | None = None,
    progress: Progress | None = None,
) -> Path:
    """Write the group's recordings file into ``folder`` and return its path.

    ``chosen`` is what :func:`chosen_recordings` gave (asked again when None). Raises
    :class:`NoRecordings` when there is no sound to send, :class:`~exports.bundle.writer.NoGroupKey`
    when the group has no key, :class:`~exports.errors.ExportFailed` when the file cannot be written (nothing is
    left in ``folder`` then)."""
    from exports.bundle.writer import NoGroupKey, no_key_message

    chosen = chosen or chosen_recordings(repository, group_id)
    group = chosen.group
    if not chosen.sounds:
        told = _("No held meeting of {group} has a recording here that may be sent.").format(group=group.name)
        raise NoRecordings(" ".join([told, *chosen.left_out]))
    key = SyncLedger(repository.workspace).keys().get(group_id)
    if key is None:
        raise NoGroupKey(no_key_message(group, repository.workspace.info.role is WorkspaceRole.COORDINATOR))
    created_at = repository.now().astimezone(UTC)
    # Not the group's name: the file name is in the clear, on a stick that may be lost.
    stamp = local_moment(created_at, group.time_zone).strftime("%Y-%m-%d-%H%M%S")
    path = unused_path(folder / f"recordings-{stamp}{SUFFIX}")
    file_id = new_id()
    content_key = new_content_key()
    done = 0
    total = chosen.total_bytes

    def sealed_more(size: int) -> None:
        nonlocal done
        done += size
        if progress is not None:
            progress(done, total)

    def fill(handle: BinaryIO) -> None:
        with zipfile.ZipFile(handle, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
            files: dict[str, dict[str, Any]] = {}
            meetings: dict[str, dict[str, Any]] = {}
            for number, sound in enumerate(chosen.sounds, start=1):
                name = audio_member(number)
                plain = hashlib.sha256()
                read = 0
                with sound.path.open("rb") as source:

                    def padded(source: IO[bytes] = source, plain: Any = plain) -> Iterator[bytes]:
                        nonlocal read
                        while chunk := source.read(_READ_BYTES):
                            plain.update(chunk)
                            read += len(chunk)
                            sealed_more(len(chunk))
                            yield chunk
                        yield bytes(padded_size(read) - read)  # zero bytes up to a whole number of PAD_BYTES

                    files[name] = _member(
                        archive, name, sealed_chunks(content_key, file_id, name, padded()), padded_size(sound.size)
                    )
                entry = meetings.setdefault(sound.meeting.id, {"id": sound.meeting.id, "recordings": []})
                # What was read, not what the folder said before: a file that changed meanwhile is sent as read.
                entry["recordings"].append(_recording(sound, name, plain.hexdigest(), read))
            contents = orjson.dumps(
                {
                    "app_version": __version__,
                    "group": {"id": group.id, "name": group.name},
                    "meetings": list(meetings.values()),
                },
                option=orjson.OPT_INDENT_2,
            )
            contents += b" " * (padded_size(len(contents), CONTENTS_PAD_BYTES) - len(contents))
            files[CONTENTS] = _member(
                archive, CONTENTS, sealed_chunks(content_key, file_id, CONTENTS, [contents]), len(contents)
            )
            manifest = {
                "format": FORMAT_NAME,
                "version": FORMAT_VERSION,
                "file_id": file_id,
                "created_at": created_at.isoformat(timespec="milliseconds"),
                "source": {"workspace_id": repository.workspace.id, "role": repository.workspace.info.role.value},
                "cipher": CIPHER,
                "key_derivation": KEY_DERIVATION,
                "compression": COMPRESSION,
                "chunk_bytes": CHUNK_BYTES,
                "groups": [
                    {"id": group.id, "key_generation": key.generation, "key_fingerprint": fingerprint(key.secret_bytes)}
                ],
                "files": files,
            }
            manifest_bytes = orjson.dumps(manifest, option=orjson.OPT_INDENT_2)
            sealing_key = group_sealing_key(key.secret_bytes, file_id, group.id, key.generation, SEALING_PURPOSE)
            seals = {"groups": {group.id: base64.b64encode(seal(sealing_key, content_key, manifest_bytes)).decode()}}
            archive.writestr(zipfile.ZipInfo(MANIFEST, _NO_CLOCK), manifest_bytes)
            archive.writestr(zipfile.ZipInfo(SEALS, _NO_CLOCK), orjson.dumps(seals, option=orjson.OPT_INDENT_2))

    return write_export(path, fill)


def sealed_size(plain_bytes: int) -> int:
    """The size of a member of ``plain_bytes`` once sealed: its full chunks, then the shorter last one."""
    full, rest = divmod(plain_bytes, CHUNK_BYTES)
    return full * SEALED_CHUNK_BYTES + NONCE_BYTES + rest + TAG_BYTES


def _member(archive: zipfile.ZipFile, name: str, sealed: Iterator[bytes], plain_bytes: int) -> dict[str, Any]:
    """Write one sealed member as it comes (stored, not compressed: sealed bytes do not compress);
    its size and SHA-256, for the manifest."""
    info = zipfile.ZipInfo(name, _NO_CLOCK)
    info.compress_type = zipfile.ZIP_STORED
    info.file_size = sealed_size(plain_bytes)
    digest = hashlib.sha256()
    size = 0
    with archive.open(info, "w") as member:
        for chunk in sealed:
            digest.update(chunk)
            size += len(chunk)
            member.write(chunk)
    return {"bytes": size, "sha256": digest.hexdigest()}


def _recording(sound: SoundToSend, member: str, sha256: str, size: int) -> dict[str, Any]:
    """What the sealed contents say of one recording: the member holding its sound, enough to find
    it among the meeting's, and to know its sound once written."""
    recording = sound.recording
    return {
        "member": member,
        "index": sound.index,
        "started_at": recording.started_at.isoformat(),
        "audio_file": recording.audio_file,
        "audio_seconds": recording.audio_seconds,
        "attached": recording.attached,
        "bytes": size,
        "sha256": sha256,
    }
