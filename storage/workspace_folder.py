"""The workspace's folder itself, as :meth:`storage.workspace.Workspace.open` finds it: made when
missing, refused at once when it cannot be written, and cleared of what a killed writer left."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from facilitator.i18n import _
from storage.atomic import FOLDER_MODE
from storage.errors import FolderNotWritable, StorageError, os_reason


def remove_stale_temporaries(folder: Path) -> None:
    """Delete the temporary files of writes that a killed process never finished.

    Called with the lock held, so no running writer can own them; the data files they were
    meant to replace are intact. Those in a meeting's sound folder (a recording being copied in
    or imported) may hold the plain sound of people who have since withdrawn their consent.
    """
    patterns = (".*.tmp", "meetings/.*.tmp", "meetings/*/.*.tmp")
    for temporary in (path for pattern in patterns for path in folder.glob(pattern)):
        with contextlib.suppress(OSError):
            temporary.unlink()


def check_writable(folder: Path) -> None:
    """Refuse a folder whose files can be read but not replaced (made read-only after it was used,
    or not the user's): now, rather than at the first save of a meeting. The probe is a temporary
    file such as every save makes; one left behind goes with the next open's stale ones."""
    try:
        descriptor, probe = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
    except OSError as error:
        raise FolderNotWritable(folder, os_reason(error)) from error
    os.close(descriptor)
    with contextlib.suppress(OSError):
        os.unlink(probe)


def make_folder(folder: Path) -> None:
    """Make ``folder`` (and its parents) for the workspace, readable by the user only."""
    try:
        folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    except FileExistsError:
        raise StorageError(_("{folder} is a file, not a workspace folder.").format(folder=folder)) from None
    except OSError as error:
        if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            # By its number alone: Windows' "access denied" here is no file held by another program.
            raise FolderNotWritable(folder, os_reason(OSError(error.errno, error.strerror))) from error
        raise StorageError(
            _("Cannot create the workspace folder {folder}: {reason}.").format(folder=folder, reason=os_reason(error))
        ) from error
