"""A meeting's sound follows its records: after an import, every sound file of a meeting the
import changed that none of the meeting's recordings names any more is deleted.

A consent to audio recording withdrawn on a laptop, or a person erased there, deletes the sound
of the meetings they attended and clears the recordings' file names (:mod:`storage.recordings`).
Those meetings travel in the laptop's next bundle; the sound, which reached the coordinator in a
sealed recordings file (:mod:`exports.recordings`), is only here. So the import, finding a file
that no recording of its meeting names, deletes it too: no file keeps sound whose consent is gone.

A file that any version held of the meeting names (the other side of a conflict too) is kept,
unless a version just received clears it: a recording of that version, begun at the moment a
version held here names the file for, names no file. Then the file goes even when the other side of
a conflict (an edit made here meanwhile) still names it: a withdrawal wins over any edit, and what
was deleted is never put back. The file of a recording running here, in a version saved here (the
recorder is writing it), is never deleted. Files whose names begin with a dot are left alone: a
copy or an unsealing under way (opening the workspace sweeps away those a crash left).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from exports.bundle.format import RECEIVED_AT
from exports.bundle.workspace_records import Document, Tables
from facilitator.dates import format_count
from facilitator.i18n import _, ngettext
from storage.errors import StorageError, os_reason
from storage.recordings import meeting_folder
from storage.sync_ledger import CONFLICTS_TABLE


class SoundNotDeleted(StorageError):
    """A sound file no recording names could not be deleted: the message says which and why."""


def sound_deleted_note(count: int) -> str:
    """What the import's report adds once it deleted ``count`` sound files."""
    return ngettext(
        "{count} sound file deleted: its meeting's recordings no longer name it (consent withdrawn)",
        "{count} sound files deleted: their meetings' recordings no longer name them (consent withdrawn)",
        count,
    ).format(count=format_count(count))


def delete_unnamed_sound(workspace_folder: Path, before: Tables, after: Tables, meeting_files: Iterable[str]) -> int:
    """Delete each sound file of a meeting whose records the import changed (its versions in the
    network file, ``before`` and ``after`` the import, or its own file, one of ``meeting_files``)
    that no recording of the meeting names now; the number of files deleted. Raises
    :class:`SoundNotDeleted` when one cannot be (the ones before it are gone)."""
    folders = _sound_folders(workspace_folder)
    if not folders:
        return 0
    wanted = set(folders)
    held_before, held_after = _versions(before, wanted), _versions(after, wanted)
    changed_files = set(meeting_files)
    deleted = 0
    for meeting_id, folder in sorted(folders.items()):
        was, now = held_before.get(meeting_id, []), held_after.get(meeting_id, [])
        if meeting_id not in changed_files and was == now:
            continue
        named = (_names(now) - _cleared(was, now)) | _recording_here(was)
        for path in sorted(folder.iterdir()):
            if path.name.startswith(".") or path.name in named or not path.is_file():
                continue
            try:
                path.unlink()
            except OSError as error:
                raise SoundNotDeleted(_not_deleted(path, error)) from error
            deleted += 1
        with contextlib.suppress(OSError):  # it holds a named file yet (or a copy under way)
            folder.rmdir()  # the folder goes with its last file
    return deleted


def _not_deleted(path: Path, error: OSError) -> str:
    return _("the sound file {path}, which no recording names any more, could not be deleted: {reason}").format(
        path=path, reason=os_reason(error)
    )


def _sound_folders(workspace_folder: Path) -> dict[str, Path]:
    """The meetings' sound folders here, by meeting id (few: only recorded meetings have one)."""
    meetings = workspace_folder / "meetings"
    try:
        return {path.name: meeting_folder(workspace_folder, path.name) for path in meetings.iterdir() if path.is_dir()}
    except OSError:
        return {}


def _versions(tables: Tables, meeting_ids: set[str]) -> dict[str, list[Document]]:
    """Every version held of each of ``meeting_ids``: the current one first, then its conflict's sides."""
    found: dict[str, list[Document]] = {}
    for document in tables.get("meetings", {}).values():
        if document.get("id") in meeting_ids:
            found.setdefault(document["id"], []).append(document)
    for conflict in tables.get(CONFLICTS_TABLE, {}).values():
        side = conflict.get("record")
        if conflict.get("type") == "meetings" and isinstance(side, dict) and side.get("id") in meeting_ids:
            found.setdefault(side["id"], []).append(side)
    return found


def _recordings(document: Document) -> Iterator[dict[str, Any]]:
    recordings = document.get("recordings")
    if isinstance(recordings, list):
        yield from (recording for recording in recordings if isinstance(recording, dict))


def _names(versions: list[Document]) -> set[str]:
    """The sound files the recordings of any of ``versions`` name."""
    return {
        str(recording["audio_file"])
        for document in versions
        for recording in _recordings(document)
        if recording.get("audio_file")
    }


def _cleared(was: list[Document], now: list[Document]) -> set[str]:
    """The files that a version received by this import no longer names, where a version held
    before named one for the recording begun at the same moment (its consent withdrawn there)."""
    held = {
        (recording.get("started_at"), str(recording["audio_file"]))
        for document in was
        for recording in _recordings(document)
        if recording.get("audio_file")
    }
    cleared: set[str] = set()
    for document in now:
        if RECEIVED_AT not in document or document in was:
            continue
        for recording in _recordings(document):
            if not recording.get("audio_file"):
                cleared |= {name for started, name in held if started == recording.get("started_at")}
    return cleared


def _recording_here(versions: list[Document]) -> set[str]:
    """The file of a recording running in the current version, when that version was saved here
    (not received): the recorder is writing it."""
    if not versions or RECEIVED_AT in versions[0]:
        return set()
    running = [recording for recording in _recordings(versions[0]) if recording.get("stopped_at") is None]
    return {str(recording["audio_file"]) for recording in running if recording.get("audio_file")}
