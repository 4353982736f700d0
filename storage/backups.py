"""The workspace's backups: rotating copies of all its files in ``backups/<time>-<reason>``, taken
before migrations and imports and once a day; a damaged file's refusal names the newest.

A backup holds every file of the workspace (``workspace.json``, ``network.json`` and each meeting's
file), so that any file the refusal names can be restored from it. It is made in a hidden folder
(``backups/.<name>.partial``): every copy is written, fsynced and read back, and only then is the
folder renamed to its name. A backup that cannot be completed (a full disk, a crash) never shows
as the newest: the last good one stays what the messages point to, and the next open removes the
leftover.

A file unchanged since the previous backup (same size and time as its copy there) is not copied
again but hard-linked to that copy: a daily backup of twenty years of meetings costs what changed
that day. Copies of one file share their bytes only with each other, never with the workspace's own
file (which is always replaced by a new one, never changed in place).
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from contextlib import AbstractContextManager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from facilitator.i18n import _
from storage.atomic import FILE_MODE, FOLDER_MODE, _fsync_folder, check_json, replace_file
from storage.errors import DamagedFile, StorageError, os_reason

BACKUPS_KEPT = 10
DAILY_BACKUP_AGE = timedelta(hours=24)
_PARTIAL = ".partial"
#: Where a backup being made keeps second names of the workspace's files, taken under the lock.
_SNAPSHOT = ".snapshot"
#: How long the finished backup's folder may wait on Windows for a virus scanner to let go of it.
_RENAME_PATIENCE = 60.0
#: What a backup holds while it names the files, when its caller has nothing to hold.
_UNLOCKED: AbstractContextManager[object] = contextlib.nullcontext()


def list_backups(folder: Path) -> list[Path]:
    """The complete backup folders of the workspace in ``folder``, oldest first (their names sort by
    time); one being made, or left unfinished by a crash, is hidden and not listed."""
    backups_folder = folder / "backups"
    if not backups_folder.is_dir():
        return []
    return sorted(path for path in backups_folder.iterdir() if path.is_dir() and not path.name.startswith("."))


def newest_backup(folder: Path) -> Path | None:
    backups = list_backups(folder)
    return backups[-1] if backups else None


def daily_backup_due(folder: Path) -> bool:
    """Whether the newest backup is a day old or more, or there is none: a day of elapsed time, so
    that the night the clocks change does not make a backup an hour early or late."""
    newest = newest_backup(folder)
    if newest is None:
        return True
    return datetime.now(UTC) - datetime.fromtimestamp(newest.stat().st_mtime, UTC) >= DAILY_BACKUP_AGE


def workspace_files(folder: Path) -> Iterator[str]:
    """The data files of the workspace in ``folder``, relative to it: what a backup holds."""
    for name in ("workspace.json", "network.json"):
        if (folder / name).is_file():
            yield name
    meetings = folder / "meetings"
    if meetings.is_dir():
        for path in sorted(meetings.glob("*.json")):
            if not path.name.startswith("."):  # a write's temporary file
                yield f"meetings/{path.name}"


def make_backup(folder: Path, reason: str, writing: AbstractContextManager[object] = _UNLOCKED) -> Path:
    """Copy every file of the workspace into ``backups/<time>-<reason>``, checked, and drop the
    oldest copies. Raises :class:`StorageError` when it cannot be completed; the backups are then
    as they were.

    ``writing`` is held only while every file is given a second name (a hard link: the files are
    replaced, never changed, so the names keep the workspace as it was at that moment); the copying
    and checking come after, while saves go on. Where links cannot be made, all is done holding it.
    """
    backups_folder = folder / "backups"
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = backups_folder / f"{stamp}-{reason}"
    partial = backups_folder / f".{target.name}{_PARTIAL}"
    snapshot = partial / _SNAPSHOT
    previous = newest_backup(folder)
    try:
        with writing:
            backups_folder.mkdir(mode=FOLDER_MODE, exist_ok=True)
            partial.mkdir(mode=FOLDER_MODE)
            (partial / "meetings").mkdir(mode=FOLDER_MODE)
            files = list(workspace_files(folder))
            source = snapshot if _linked(folder, files, snapshot) else folder
            if source is folder:
                _keep_all(folder, files, partial, previous)
        if source is snapshot:
            _keep_all(snapshot, files, partial, previous)
            shutil.rmtree(snapshot)
        _fsync_folder(partial / "meetings")
        _fsync_folder(partial)
        replace_file(partial, target, patience=_RENAME_PATIENCE)
    except (OSError, DamagedFile) as error:
        shutil.rmtree(partial, ignore_errors=True)
        reason = os_reason(error) if isinstance(error, OSError) else f"{error.path.name}: {error.reason}"
        raise StorageError(
            _("Could not back up the workspace into {target}: {reason}.").format(target=target, reason=reason)
        ) from error
    with contextlib.suppress(OSError):  # the backup is in place: only its durability is in question
        _fsync_folder(backups_folder)
    for old in list_backups(folder)[:-BACKUPS_KEPT]:
        shutil.rmtree(old, ignore_errors=True)
    return target


def _linked(folder: Path, files: list[str], snapshot: Path) -> bool:
    """Give each of ``files`` a second name under ``snapshot``; False (and none) where the disk
    has no links."""
    try:
        (snapshot / "meetings").mkdir(mode=FOLDER_MODE, parents=True)
        for relative in files:
            os.link(folder / relative, snapshot / relative)
    except OSError:
        shutil.rmtree(snapshot, ignore_errors=True)
        return False
    return True


def _keep_all(source: Path, files: list[str], partial: Path, previous: Path | None) -> None:
    for relative in files:
        _keep(source / relative, partial / relative, previous / relative if previous else None)


def remove_unfinished_backups(folder: Path) -> None:
    """Delete what a backup interrupted by a crash left (called at open, with the lock held)."""
    backups_folder = folder / "backups"
    if backups_folder.is_dir():
        for leftover in backups_folder.glob(f".*{_PARTIAL}"):
            shutil.rmtree(leftover, ignore_errors=True)


def _keep(source: Path, copy: Path, earlier: Path | None) -> None:
    """Put ``source`` into the backup at ``copy``: a link to ``earlier`` (its copy in the previous
    backup) when the file has not changed since, else a new copy, fsynced and read back; a file
    that is not whole JSON is :class:`DamagedFile` (the backup is then not made)."""
    found = source.stat()
    if earlier is not None:
        with contextlib.suppress(OSError):  # no earlier copy, or no links here: copied instead
            kept = earlier.stat()
            if (kept.st_size, kept.st_mtime_ns) == (found.st_size, found.st_mtime_ns):
                os.link(earlier, copy)
                return
    data = source.read_bytes()
    check_json(source, data)  # a damaged file is never copied over the good copies before it
    descriptor = os.open(copy, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.utime(copy, ns=(found.st_atime_ns, found.st_mtime_ns))  # so that the next backup can link it
    if copy.read_bytes() != data:
        raise OSError(_("the copy of {file}, read back, does not match the original").format(file=source.name))
