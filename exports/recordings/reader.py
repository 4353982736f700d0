"""Opening a sealed recordings file: the zip is sane, the manifest is this format, the group's seal
opens with a key held here that was not retired when the file was made, and every member is what
the manifest lists and opens with the file's key. A refusal (:class:`RecordingsRefused`) says why
in words a person can act on, in the words of a bundle's where they fit.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from exports.bundle.archive import UUID, BundleRefused, groups_problem, is_moment, not_as_listed
from exports.bundle.group_keys import KeysHere
from exports.bundle.sealed import opened_content_key, sealed_group
from exports.bundle.sealing import CIPHER, KEY_BYTES, KEY_DERIVATION
from exports.recordings.format import (
    AUDIO_MEMBER,
    CHUNK_BYTES,
    COMPRESSION,
    CONTENTS,
    FORMAT_NAME,
    FORMAT_VERSION,
    MANIFEST,
    MAX_CONTENTS_BYTES,
    MAX_MANIFEST_BYTES,
    MAX_SOUND_BYTES,
    MAX_SOUNDS,
    SEALING_PURPOSE,
    SEALS,
    SOUND_NAME,
    ChunkBroken,
    opened_chunks,
    padded_size,
)
from exports.recordings.members import RecordingsRefused, damaged, listed_members, parsed, small_member
from exports.zip_safety import ZIP_ERRORS
from facilitator.i18n import _
from facilitator.model.ranges import in_range
from storage.errors import os_reason

_READ_BYTES = 64 << 10
_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class SoundListed:
    """One recording the sealed contents name: the member holding its sound, its meeting, its place
    among the meeting's recordings, its start, its file's name and length, and the SHA-256 and size
    of its sound (the member's plain bytes are padded past it)."""

    member: str
    meeting_id: str
    index: int
    started_at: datetime
    audio_file: str
    audio_seconds: float | None
    attached: bool
    size: int
    sha256: str


@dataclass
class OpenedRecordings:
    """A recordings file whose manifest, seal and contents were checked: its sounds are read one at
    a time (:meth:`sound`), each checked whole as it is."""

    path: Path
    archive: zipfile.ZipFile
    #: The zip's files, as the safe listing gave them: what every member is opened through.
    members: dict[str, zipfile.ZipInfo]
    file_id: str
    created_at: datetime
    source_workspace: str
    group_id: str
    group_name: str
    sounds: list[SoundListed]
    listed: dict[str, dict[str, Any]]
    content_key: bytes

    def sound(self, listed: SoundListed) -> Iterator[bytes]:
        """The sound's plain bytes a chunk at a time, its padding cut off; refused when a chunk does
        not open, or the member is not what the manifest lists, or the sound not what the contents
        say (a caller keeps nothing of it until the last chunk came)."""
        name = listed.member
        digest, size = hashlib.sha256(), 0
        for chunk in _opened(self.content_key, self.file_id, name, self._member(name)):
            sound = chunk[: max(listed.size - size, 0)]
            if chunk[len(sound) :].strip(b"\0"):
                raise _changed(name)  # the padding is zero bytes, nothing else
            size += len(chunk)
            if size > padded_size(listed.size):
                raise _changed(name)
            if sound:
                digest.update(sound)
                yield sound
        if size != padded_size(listed.size) or digest.hexdigest() != listed.sha256:
            raise _changed(name)

    def _member(self, name: str) -> Iterator[bytes]:
        """The member's sealed bytes as read, checked against the manifest's size and SHA-256 at the end."""
        listed = self.listed[name]
        digest, size = hashlib.sha256(), 0
        with self.archive.open(self.members[name]) as handle:
            while chunk := handle.read(_READ_BYTES):
                size += len(chunk)
                if size > listed["bytes"]:
                    raise not_as_listed(name)
                digest.update(chunk)
                yield chunk
        if size != listed["bytes"] or digest.hexdigest() != listed["sha256"]:
            raise not_as_listed(name)


def bundles_then_recordings(paths: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """The bundles and the recordings files among ``paths``, each kind in the order given, each
    file looked into once: the bundles are imported first, as a recordings file's sounds go beside
    meetings its group's bundle brings."""
    bundles: list[Path] = []
    recordings: list[Path] = []
    for path in paths:
        (recordings if is_recordings_file(path) else bundles).append(path)
    return bundles, recordings


def is_recordings_file(path: Path) -> bool:
    """Whether ``path`` is a zip whose manifest names this format (any version): such a file is
    imported as recordings, anything else as a bundle (whose reader says what is wrong with it)."""
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo(MANIFEST)  # a look only: the import opens the file again, checked
            if info.file_size > MAX_MANIFEST_BYTES:
                return False
            manifest = orjson.loads(archive.read(info))
    except (*ZIP_ERRORS, OSError, KeyError, orjson.JSONDecodeError):
        return False
    return isinstance(manifest, dict) and manifest.get("format") == FORMAT_NAME


def open_recordings(path: Path, keys: KeysHere) -> OpenedRecordings:
    """The recordings file at ``path``, its seal opened with the keys held here and its contents
    checked; the caller closes ``.archive``. Raises :class:`RecordingsRefused` (or the
    :class:`BundleRefused` of the keys) saying why."""
    try:
        if path.exists() and not path.is_dir() and not path.is_file():
            raise RecordingsRefused(_("This is not a file but a device or a pipe: a recordings file is a file."))
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise RecordingsRefused(_("The file does not exist.")) from None
    except IsADirectoryError:
        raise RecordingsRefused(_("This is a folder, not a recordings file.")) from None
    except OSError as error:
        raise RecordingsRefused(_("The file cannot be read: {reason}.").format(reason=os_reason(error))) from None
    except ZIP_ERRORS:
        raise RecordingsRefused(damaged()) from None
    try:
        return _open(path, archive, keys)
    except BundleRefused:
        archive.close()
        raise
    except (*ZIP_ERRORS, OSError, KeyError):
        archive.close()
        raise RecordingsRefused(damaged()) from None


def _open(path: Path, archive: zipfile.ZipFile, keys: KeysHere) -> OpenedRecordings:
    members = listed_members(archive)
    if MANIFEST not in members:
        raise RecordingsRefused(damaged())
    manifest_bytes = small_member(archive, members[MANIFEST], MAX_MANIFEST_BYTES)
    manifest = parsed(manifest_bytes, MANIFEST)
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
        raise RecordingsRefused(damaged())
    version = manifest.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise RecordingsRefused(_("The recordings file's manifest has no valid format version."))
    if version > FORMAT_VERSION:
        raise RecordingsRefused(
            _(
                "The recordings file was made by a newer version of the app (format {found}; this one reads "
                "{known}): update the app."
            ).format(found=version, known=FORMAT_VERSION)
        )
    problem = _manifest_problem(manifest)
    if problem:
        raise RecordingsRefused(_("The recordings file's manifest is malformed: {problem}.").format(problem=problem))
    file_id: str = manifest["file_id"]
    group = manifest["groups"][0]
    listed: dict[str, dict[str, Any]] = manifest["files"]
    if SEALS not in members:
        raise RecordingsRefused(_("The recordings file is not sealed, so it cannot be opened."))
    for name in members:
        if name not in (MANIFEST, SEALS) and name not in listed:
            raise RecordingsRefused(
                _("The recordings file holds a file its manifest does not list ({name}).").format(name=name)
            )
    for name in listed:
        if name not in members:
            raise RecordingsRefused(_("The recordings file lacks {name}, which its manifest lists.").format(name=name))
    made = datetime.fromisoformat(manifest["created_at"])
    seals = parsed(small_member(archive, members[SEALS], MAX_MANIFEST_BYTES), SEALS)
    sealed_keys = seals.get("groups") if isinstance(seals, dict) else None

    def broken() -> RecordingsRefused:
        return RecordingsRefused(
            _(
                "The recordings file's seal for {group} does not open: the file was changed after it was sealed. "
                "Ask for the file again."
            ).format(group=keys.label(group["id"]))
        )

    if not isinstance(sealed_keys, dict) or set(sealed_keys) != {group["id"]}:
        raise broken()
    content_key, _sealed = opened_content_key(
        keys, group, file_id, sealed_keys[group["id"]], manifest_bytes, made, broken, SEALING_PURPOSE
    )
    if len(content_key) != KEY_BYTES:
        raise RecordingsRefused(_("The recordings file's seal is not one this app makes: it is refused as unsafe."))
    if listed[CONTENTS]["bytes"] > MAX_CONTENTS_BYTES:
        raise RecordingsRefused(_("{name} in the recordings file is too large.").format(name=CONTENTS))
    opened = OpenedRecordings(
        path,
        archive,
        members,
        file_id,
        made,
        manifest["source"]["workspace_id"],
        group["id"],
        "",
        [],
        listed,
        content_key,
    )
    contents = parsed(b"".join(_opened(content_key, file_id, CONTENTS, opened._member(CONTENTS))), CONTENTS)
    opened.group_name, opened.sounds = _contents(contents, group["id"], listed)
    return opened


def _opened(content_key: bytes, file_id: str, name: str, sealed: Iterator[bytes]) -> Iterator[bytes]:
    try:
        yield from opened_chunks(content_key, file_id, name, sealed)
    except ChunkBroken:
        raise RecordingsRefused(
            _(
                "{name} in the recordings file does not open with the file's key: it was changed, or taken from "
                "another file. Ask for the file again."
            ).format(name=name)
        ) from None


def _changed(name: str) -> RecordingsRefused:
    return RecordingsRefused(
        _(
            "{name} in the recordings file is not what its contents say: the file was changed or damaged. "
            "Ask for the file again."
        ).format(name=name)
    )


def _manifest_problem(manifest: dict[str, Any]) -> str | None:
    """What is wrong with the manifest's shape, if anything (in words, for the refusal)."""
    if not isinstance(manifest.get("file_id"), str) or not UUID.fullmatch(manifest["file_id"]):
        return _("no file id")
    if not is_moment(manifest.get("created_at")) or not in_range(datetime.fromisoformat(manifest["created_at"])):
        return _("no creation time")
    source = manifest.get("source")
    if not isinstance(source, dict) or not isinstance(source.get("workspace_id"), str) or not source["workspace_id"]:
        return _("no source workspace")
    if (
        manifest.get("cipher"),
        manifest.get("key_derivation"),
        manifest.get("compression"),
        manifest.get("chunk_bytes"),
    ) != (CIPHER, KEY_DERIVATION, COMPRESSION, CHUNK_BYTES):
        return _("a cipher this app does not know")
    groups = manifest.get("groups")
    problem = groups_problem(groups, sealed_group)
    if problem or not isinstance(groups, list) or len(groups) != 1:
        return _("no valid list of groups")
    files = manifest.get("files")
    if not isinstance(files, dict) or CONTENTS not in files or len(files) > MAX_SOUNDS + 1:
        return _("no list of files")
    for name, details in files.items():
        if name != CONTENTS and not AUDIO_MEMBER.fullmatch(name):
            return _("an unknown file {name}").format(name=name)
        if not isinstance(details, dict) or not _SHA256.fullmatch(str(details.get("sha256"))):
            return _("no checksum for {name}").format(name=name)
        size = details.get("bytes")
        if not isinstance(size, int) or isinstance(size, bool) or not 0 <= size <= 2 * MAX_SOUND_BYTES:
            return _("no {field} for {name}").format(field="bytes", name=name)
    return None


def _contents(contents: Any, group_id: str, listed: dict[str, Any]) -> tuple[str, list[SoundListed]]:
    """The group's name and the recordings the sealed contents name, which must be the very sound
    members the manifest lists, each once."""
    refused = RecordingsRefused(
        _(
            "What the recordings file seals does not match its manifest: it was not made by this app. "
            "Ask for the file again."
        )
    )
    try:
        group = contents["group"]
        if group["id"] != group_id or not isinstance(group["name"], str):
            raise refused
        sounds = [
            SoundListed(
                member=_text(recording["member"], AUDIO_MEMBER),
                meeting_id=_text(meeting["id"], UUID),
                index=_count(recording["index"]),
                started_at=_moment(recording["started_at"]),
                audio_file=_text(recording["audio_file"], SOUND_NAME),
                audio_seconds=_seconds(recording.get("audio_seconds")),
                attached=recording.get("attached") is True,
                size=_count(recording["bytes"]),
                sha256=_text(recording["sha256"], _SHA256),
            )
            for meeting in contents["meetings"]
            for recording in meeting["recordings"]
        ]
    except (KeyError, TypeError, ValueError):
        raise refused from None
    members = [sound.member for sound in sounds]
    if len(set(members)) != len(members) or set(members) != set(listed) - {CONTENTS}:
        raise refused
    return group["name"], sounds


def _text(value: Any, pattern: re.Pattern[str]) -> str:
    if not isinstance(value, str) or not pattern.fullmatch(value):
        raise ValueError(value)
    return value


def _count(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(value)
    return value


def _moment(value: Any) -> datetime:
    if not is_moment(value):
        raise ValueError(value)
    return datetime.fromisoformat(value)


def _seconds(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value < 1e7:
        raise ValueError(value)
    return float(value)
