"""Importing a sealed recordings file: each sound put beside the meeting it belongs to, under the
name the meeting's recording gives it.

The file is opened and checked (:mod:`exports.recordings.reader`); then each sound this workspace's
records name, and does not hold yet, is unsealed into a temporary file in its meeting's folder
(``.<file name>.<random>.tmp``, which opening the workspace sweeps away should the import be cut
short) and checked whole; only when every one of them passed, and under the workspace's write lock
each one's meeting is found to want it still, are they renamed into place. A meeting this
workspace does not know yet (its bundle not imported), of another group, or whose records no longer
name the recording (deleted since a consent was withdrawn), is left out and told. Importing the
file again changes nothing. The import never writes a record: a recording's length, when its
records do not know it, is read from its sound when it is wanted.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from exports.bundle.archive import ZIP_ERRORS, BundleRefused
from exports.bundle.group_keys import KeysHere
from exports.recordings.reader import OpenedRecordings, SoundListed, open_recordings
from facilitator.dates import format_count, format_day
from facilitator.i18n import _, ngettext
from facilitator.local_time import local_day
from facilitator.model import Meeting
from facilitator.model.group import DEFAULT_TIME_ZONE
from storage.atomic import FILE_MODE, FOLDER_MODE, replace_file
from storage.errors import NotFound, StorageError, os_reason
from storage.meeting_consent import present_without_consent
from storage.recordings import meeting_folder
from storage.repository import Repository
from storage.sync_ledger import SyncLedger

#: Told as it goes: bytes of sound written so far, and of all the sounds to write.
Progress = Callable[[int, int], None]


class RecordingsStatus(StrEnum):
    IMPORTED = "imported"
    ALREADY = "already imported"
    #: Some sounds were put in place, then one could not be: those in place stay (they are whole).
    STOPPED = "stopped"
    REFUSED = "refused"


@dataclass
class RecordingsImported:
    """What importing one recordings file did: how many sounds were put in place, how many were
    here already, and each meeting or recording left out (a sentence each)."""

    path: Path
    status: RecordingsStatus
    message: str = ""
    group: str = ""
    written: int = 0
    unchanged: int = 0
    left_out: list[str] = field(default_factory=list)
    #: What the person importing should know of the key that opened the file.
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status in (RecordingsStatus.IMPORTED, RecordingsStatus.ALREADY)

    def line(self) -> str:
        """One line for this file, as the command prints it (what was left out follows on lines of its own)."""
        if self.status is RecordingsStatus.REFUSED:
            return _("{file}: refused: {reason}").format(file=self.path.name, reason=self.message)
        if self.status is RecordingsStatus.ALREADY:
            detail = _("every sound file in it is here already; nothing changed")
        else:
            detail = ngettext(
                "{count} sound file put beside its meeting",
                "{count} sound files put beside their meetings",
                self.written,
            ).format(count=format_count(self.written))
            if self.unchanged:
                detail += "; " + ngettext(
                    "{count} was here already", "{count} were here already", self.unchanged
                ).format(count=format_count(self.unchanged))
        if self.left_out:
            detail += "; " + ngettext("{count} left out", "{count} left out", len(self.left_out)).format(
                count=format_count(len(self.left_out))
            )
        if self.notes:
            detail += "; " + "; ".join(self.notes)
        if self.status is RecordingsStatus.STOPPED:
            detail += "; " + _("then stopped: {reason}").format(reason=self.message)
        return _("{file}: recordings of {group}: {detail}").format(file=self.path.name, group=self.group, detail=detail)


@dataclass(frozen=True)
class _Placing:
    sound: SoundListed
    meeting: Meeting
    target: Path


def import_recordings_file(repository: Repository, path: Path, progress: Progress | None = None) -> RecordingsImported:
    """Open ``path`` with the group keys held here and put its sounds beside their meetings; never
    raises for a bad file (the result says why it was refused, and nothing of it is written)."""
    keys = KeysHere.of(SyncLedger(repository.workspace).key_ring(), repository.groups())
    try:
        opened = open_recordings(path, keys)
    except BundleRefused as error:
        return RecordingsImported(path, RecordingsStatus.REFUSED, str(error))
    with opened.archive:
        try:
            return _import(repository, opened, keys, progress)
        except BundleRefused as error:
            return RecordingsImported(path, RecordingsStatus.REFUSED, str(error), group=opened.group_name)
        except (*ZIP_ERRORS, KeyError):
            reason = _("The recordings file is damaged: its contents cannot be read. Ask for the file again.")
            return RecordingsImported(path, RecordingsStatus.REFUSED, reason, group=opened.group_name)
        except OSError as error:
            reason = _("not imported: {reason}").format(reason=os_reason(error))
            return RecordingsImported(path, RecordingsStatus.REFUSED, reason, group=opened.group_name)
        except StorageError as error:
            reason = _("not imported: {reason}").format(reason=error)
            return RecordingsImported(path, RecordingsStatus.REFUSED, reason, group=opened.group_name)


def _import(
    repository: Repository, opened: OpenedRecordings, keys: KeysHere, progress: Progress | None
) -> RecordingsImported:
    result = RecordingsImported(opened.path, RecordingsStatus.IMPORTED, group=keys.label(opened.group_id))
    result.notes = list(keys.notes)
    placing = _placing(repository, opened, result)
    if not placing:
        result.status = RecordingsStatus.ALREADY if result.unchanged and not result.left_out else result.status
        return result
    staged = _staged(opened, placing, progress)
    try:
        with repository.workspace.writing:
            # Anything may have changed while the sounds were unsealed (a consent withdrawn, a bundle
            # imported): only a sound its meeting still wants is put in place.
            now = RecordingsImported(opened.path, RecordingsStatus.IMPORTED)
            wanted = {_wanted(place) for place in _placing(repository, opened, now)}
            for temporary, place in staged:
                if _wanted(place) not in wanted:
                    continue
                try:
                    replace_file(temporary, place.target)
                except OSError as error:
                    if not result.written:
                        raise
                    result.status = RecordingsStatus.STOPPED
                    result.message = os_reason(error)
                    break
                result.written += 1
            result.left_out += [sentence for sentence in now.left_out if sentence not in result.left_out]
    finally:
        for temporary, place in staged:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            with contextlib.suppress(OSError):  # a folder made for a sound not put in place: not left behind
                place.target.parent.rmdir()
    return result


def _wanted(place: _Placing) -> tuple[str, str]:
    return place.meeting.id, place.sound.member


def _placing(repository: Repository, opened: OpenedRecordings, result: RecordingsImported) -> list[_Placing]:
    """The sounds to write: those whose meeting is here and whose recording its records name, that
    are not here already; the others counted (here already) or told (left out)."""
    folder = repository.workspace.folder
    by_meeting: dict[str, list[SoundListed]] = {}
    for sound in opened.sounds:
        by_meeting.setdefault(sound.meeting_id, []).append(sound)
    placing = []
    for meeting_id, sounds in by_meeting.items():
        try:
            meeting = repository.meeting(meeting_id)
        except NotFound:
            meeting = None
        if meeting is None:
            result.left_out.append(
                _(
                    "The meeting of {day} (id {id}) is not in this workspace: import the group's bundle first, "
                    "then this file again."
                ).format(day=_day(repository, opened.group_id, sounds[0].started_at), id=meeting_id[:8] + "…")
            )
            continue
        if meeting.group_id != opened.group_id:
            result.left_out.append(
                _(
                    "The meeting with the id {id} belongs to another group here, not to the group whose recordings "
                    "these are: its sound was refused."
                ).format(id=meeting_id[:8] + "…")
            )
            continue
        day = _day(repository, meeting.group_id, meeting.starts_at)
        missing = present_without_consent(repository, meeting)
        if missing:
            result.left_out.append(
                _(
                    "The meeting of {day}: the records here show {names} present without consent to the recording, "
                    "so its sound was not imported."
                ).format(day=day, names=", ".join(missing))
            )
            continue
        for sound in sounds:
            named = any(
                recording.audio_file == sound.audio_file and recording.started_at == sound.started_at
                for recording in meeting.recordings
            )
            if not named:
                result.left_out.append(
                    _(
                        "The meeting of {day}: its records here do not name the recording {file} (deleted since, or "
                        "the group's newest bundle not imported yet), so it was not imported."
                    ).format(day=day, file=sound.audio_file)
                )
                continue
            target = meeting_folder(folder, meeting.id) / sound.audio_file
            if _holds(target, sound):
                result.unchanged += 1
            else:
                placing.append(_Placing(sound, meeting, target))
    return placing


def _day(repository: Repository, group_id: str, moment: datetime) -> str:
    try:
        zone = repository.group(group_id).time_zone
    except NotFound:
        zone = DEFAULT_TIME_ZONE
    return format_day(local_day(moment, zone))


def _holds(target: Path, sound: SoundListed) -> bool:
    """Whether ``target`` is the very sound (its size, then its SHA-256)."""
    try:
        if not target.is_file() or target.stat().st_size != sound.size:
            return False
        with target.open("rb") as file:
            return hashlib.file_digest(file, "sha256").hexdigest() == sound.sha256
    except OSError:
        return False


def _staged(opened: OpenedRecordings, placing: list[_Placing], progress: Progress | None) -> list[tuple[str, _Placing]]:
    """Each sound unsealed into a temporary file beside where it goes, checked whole; when any
    fails, every temporary file is removed and the refusal raised."""
    total = sum(place.sound.size for place in placing)
    done = 0
    staged: list[tuple[str, _Placing]] = []
    made: list[Path] = []
    try:
        for place in placing:
            if not place.target.parent.is_dir():
                place.target.parent.mkdir(mode=FOLDER_MODE, parents=True)
                made.append(place.target.parent)
            fd, temporary = tempfile.mkstemp(prefix=f".{place.target.name}.", suffix=".tmp", dir=place.target.parent)
            staged.append((temporary, place))
            with os.fdopen(fd, "wb") as handle:
                os.chmod(temporary, FILE_MODE)
                for chunk in opened.sound(place.sound):
                    handle.write(chunk)
                    done += len(chunk)
                    if progress is not None:
                        progress(done, total)
                handle.flush()
                os.fsync(handle.fileno())
    except BaseException:
        for temporary, _place in staged:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        for folder in made:  # a folder made for the sounds, left as it was found: not there
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    return staged
