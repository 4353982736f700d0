"""The workspace's backups: rotating copies of its files in ``backups/<time>-<reason>``, taken
before migrations and imports and once a day; a damaged file's refusal names the newest."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

from facilitator.i18n import _
from storage.atomic import FOLDER_MODE
from storage.errors import StorageError, os_reason

BACKUPS_KEPT = 10
DAILY_BACKUP_AGE = timedelta(hours=24)


def list_backups(folder: Path) -> list[Path]:
    """The backup folders of the workspace in ``folder``, oldest first (their names sort by time)."""
    backups_folder = folder / "backups"
    if not backups_folder.is_dir():
        return []
    return sorted(path for path in backups_folder.iterdir() if path.is_dir())


def newest_backup(folder: Path) -> Path | None:
    backups = list_backups(folder)
    return backups[-1] if backups else None


def daily_backup_due(folder: Path) -> bool:
    """Whether the newest backup is a day old or more, or there is none."""
    newest = newest_backup(folder)
    if newest is None:
        return True
    return datetime.now() - datetime.fromtimestamp(newest.stat().st_mtime) >= DAILY_BACKUP_AGE


def make_backup(folder: Path, reason: str, *, with_meetings: bool = True) -> Path:
    """Copy the workspace's data into ``backups/<time>-<reason>`` and drop the oldest copies."""
    backups_folder = folder / "backups"
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    target = backups_folder / f"{stamp}-{reason}"
    try:
        backups_folder.mkdir(mode=FOLDER_MODE, exist_ok=True)
        target.mkdir(mode=FOLDER_MODE)
        for name in ("workspace.json", "network.json"):
            source = folder / name
            if source.exists():
                shutil.copy2(source, target / name)
        meetings = folder / "meetings"
        if with_meetings and meetings.is_dir():
            shutil.copytree(meetings, target / "meetings")
    except OSError as error:
        shutil.rmtree(target, ignore_errors=True)
        raise StorageError(
            _("Could not back up the workspace into {target}: {reason}.").format(target=target, reason=os_reason(error))
        ) from error
    for old in list_backups(folder)[:-BACKUPS_KEPT]:
        shutil.rmtree(old, ignore_errors=True)
    return target
