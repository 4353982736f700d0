"""Where exports go: the folder chosen in the settings, else ``MicroENTRE`` in the user's Documents.

The PDFs, calendars, bundles and key files are what the user prints, sends or opens, so they go
where people look for their files, not into the hidden application-data folder that holds the
workspace. The choice belongs to this laptop's workspace (``workspace.json``'s settings; it never
travels): a USB stick or a shared drive on one laptop means nothing on another.

The folder is made only when something is written into it (or opened), so that choosing a folder
on a stick that is not plugged in loses nothing: the export says what to do instead.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from pathlib import Path

from facilitator.i18n import _
from storage.atomic import FOLDER_MODE
from storage.errors import StorageError, os_reason

#: The setting (in ``workspace.json``) of the folder chosen for the exports; absent or empty: the default.
EXPORTS_FOLDER_SETTING = "exports_folder"
#: The folder the exports go into, in the user's Documents, unless another is chosen.
DEFAULT_FOLDER_NAME = "MicroENTRE"


class ExportsFolderUnavailable(StorageError):
    """The exports folder cannot be made or written into (a stick not plugged in, a read-only disk)."""

    def __init__(self, folder: Path, reason: str) -> None:
        self.folder = folder
        self.reason = reason
        super().__init__(
            _(
                "Nothing can be written into the exports folder {folder}: {reason}. If it is on a USB stick "
                "or a network drive, plug it in or connect to it; or choose another folder in the settings "
                "(s on the home screen)."
            ).format(folder=folder, reason=reason)
        )


def default_exports_folder() -> Path:
    """``MicroENTRE`` in the user's Documents, as the system knows it (on Linux from
    ``user-dirs.dirs``, so a Finnish desktop's ``~/Asiakirjat`` too)."""
    import platformdirs

    return platformdirs.user_documents_path() / DEFAULT_FOLDER_NAME


def exports_folder_of(settings: Mapping[str, object]) -> Path:
    """The folder chosen in ``settings``, else the default one."""
    chosen = settings.get(EXPORTS_FOLDER_SETTING)
    if isinstance(chosen, str) and chosen:
        return Path(chosen)
    return default_exports_folder()


def make_exports_folder(folder: Path) -> Path:
    """``folder``, made with its parents when missing; :class:`ExportsFolderUnavailable` when it
    cannot be (a file of that name, a drive not there)."""
    if folder.is_dir():
        return folder
    if folder.exists():
        raise ExportsFolderUnavailable(folder, _("it is a file, not a folder"))
    try:
        folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    except OSError as error:
        raise ExportsFolderUnavailable(folder, os_reason(error)) from error
    return folder


def usable_exports_folder(typed: str) -> Path:
    """The folder the user typed in the settings, as a full path (``~`` is the home folder), once
    it is sure that exports can be written there: an existing folder, or one whose nearest existing
    parent is, that takes a file. Nothing is made (see the module's docstring); a
    :class:`StorageError` says what is wrong."""
    if not typed.strip():
        raise StorageError(_("Type the full path of a folder."))
    folder = Path(typed.strip()).expanduser()
    if not folder.is_absolute():
        raise StorageError(
            _("Type the full path of the folder, such as {example}.").format(example=default_exports_folder())
        )
    existing = folder
    while not existing.exists() and existing.parent != existing:
        existing = existing.parent
    if not existing.exists():
        raise StorageError(_("There is no drive {drive}: plug it in or connect to it first.").format(drive=existing))
    if not existing.is_dir():
        where = folder if existing == folder else existing
        raise StorageError(_("{folder} is a file, not a folder.").format(folder=where))
    _check_takes_a_file(existing)
    return folder


def _check_takes_a_file(folder: Path) -> None:
    """Refuse, with the system's reason, a folder into which no file can be written."""
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        raise StorageError(
            _("Nothing can be written into {folder}: {reason}.").format(folder=folder, reason=os_reason(error))
        ) from error


def make_output_folder(folder: Path) -> Path | None:
    """The folder a command's ``--to`` names, made with its parents when missing (people expect a
    new folder to be made, as the exports folder is), and refused with the reason when it is a file
    or takes no file: before the command works, not after. Returns the outermost folder it made,
    None when the folder was there, so that a command that fails can take away what it made
    (:func:`remove_made_folders`)."""
    existing, outermost = folder, None
    while not existing.exists() and existing.parent != existing:
        existing, outermost = existing.parent, existing
    if existing.exists() and not existing.is_dir():
        raise StorageError(_("{folder} is a file, not a folder.").format(folder=existing))
    try:
        folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    except OSError as error:
        raise StorageError(
            _("Cannot make the folder {folder}: {reason}.").format(folder=folder, reason=os_reason(error))
        ) from error
    try:
        _check_takes_a_file(folder)
    except StorageError:
        remove_made_folders(folder, outermost)
        raise
    return outermost


def remove_made_folders(folder: Path, outermost: Path | None) -> None:
    """Take away ``folder`` and its parents up to ``outermost`` (what :func:`make_output_folder`
    made), as long as they are empty: a command that wrote nothing leaves nothing behind."""
    if outermost is None:
        return
    for made in (folder, *folder.parents):
        try:
            made.rmdir()
        except OSError:
            return
        if made == outermost:
            return
