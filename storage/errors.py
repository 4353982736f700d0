"""Storage failures, each with a message a facilitator can act on (never a traceback)."""

from __future__ import annotations

import errno
from collections.abc import Sequence
from pathlib import Path

from facilitator.dates import format_count

# Why the system refused, translated: in the domain, so that the recorder can say it too.
from facilitator.disk import held_by_another_program as held_by_another_program, os_reason as os_reason
from facilitator.i18n import _, ngettext


class StorageError(Exception):
    """Base of every failure of the workspace on disk; ``str()`` is the user's message."""


class WriteFailed(StorageError):
    """A file could not be written; its previous content is intact."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(
            _("Could not save {path}: {reason}. The previous version of the file is intact.").format(
                path=path, reason=reason
            )
        )


class DamagedFile(StorageError):
    """A workspace file is unreadable or has the wrong shape."""

    def __init__(self, path: Path, reason: str, backup: Path | None = None) -> None:
        self.path = path
        self.reason = reason
        self.backup = backup
        if backup:
            hint = _("The newest backup is {backup}.").format(backup=backup)
        else:
            hint = _("There is no backup of this workspace yet.")
        super().__init__(
            _("The file {path} is damaged ({reason}); nothing was changed. {hint}").format(
                path=path, reason=reason, hint=hint
            )
        )


class WorkspaceLocked(StorageError):
    """Another running app or command is writing to the workspace."""

    def __init__(self, folder: Path, holder: str) -> None:
        self.folder = folder
        self.holder = holder
        super().__init__(
            _("The workspace {folder} is in use by {holder}. Close that app or wait for the command to finish.").format(
                folder=folder, holder=holder
            )
        )


class LocksUnsupported(StorageError):
    """The file system of the workspace folder cannot lock files (some network shares, NAS,
    macOS smbfs): nothing could keep a second app or command from changing it at the same time."""

    def __init__(self, folder: Path, code: int | None) -> None:
        self.folder = folder
        super().__init__(
            _(
                "The workspace folder {folder} is on a disk or network share that does not support file locks "
                "(system error {code}), so nothing could stop two apps from changing it at once. Keep the "
                "workspace on this computer's own disk: in the default place, or in a folder you choose with "
                "--workspace or FACILITATOR_WORKSPACE."
            ).format(folder=folder, code=errno.errorcode.get(code or 0, code))
        )


class FolderNotWritable(StorageError):
    """The workspace folder can be read but not written (made read-only, not the user's, a
    read-only disk): said when it is opened, not at the first save."""

    def __init__(self, folder: Path, reason: str) -> None:
        self.folder = folder
        self.reason = reason
        super().__init__(
            _(
                "Cannot write in the workspace folder {folder}: {reason}. Choose a folder of your own with "
                "--workspace or FACILITATOR_WORKSPACE, or have this one made writable for you."
            ).format(folder=folder, reason=reason)
        )


class NewerSchema(StorageError):
    """The workspace was written by a newer version of the app."""

    def __init__(self, folder: Path, found: int, supported: int) -> None:
        self.folder = folder
        super().__init__(
            _(
                "The workspace {folder} was written by a newer version of MicroENTRE Facilitator "
                "(data version {found}; this version reads up to {supported}). Update the app to open it."
            ).format(folder=folder, found=found, supported=supported)
        )


class NotFound(StorageError):
    """A record asked for by id does not exist (or was removed)."""


def left_out(damaged: Sequence[DamagedFile]) -> str:
    """What the network screens, the search and its command say of the meeting files they read
    around, damaged (``damaged`` holds at least one)."""
    return ngettext(
        "{count} meeting file could not be read and is left out: {first}",
        "{count} meeting files could not be read and are left out, the first: {first}",
        len(damaged),
    ).format(count=format_count(len(damaged)), first=damaged[0])
