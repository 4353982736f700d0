"""Places where a workspace folder is at risk although it opens: warned about at every start.

- A folder a sync client keeps (OneDrive, Dropbox, iCloud Drive, Google Drive, Box): two laptops
  each hold their own copy and so each their own lock, and may both change the workspace; and the
  sync client holds files open while it uploads them.
- The application-data folder as seen by a Python from the Microsoft Store: Windows keeps what
  that Python writes there inside the Python's own package folder, and deletes it with that Python
  when it is reset or uninstalled.

Plain path arithmetic on the path, the environment and the running Python given as arguments, so
that tests simulate Windows and macOS paths with ``PureWindowsPath`` and ``PurePosixPath``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import PurePath, PureWindowsPath

from facilitator.i18n import _

#: Where Windows says OneDrive's folders are (personal, and the work or school account's).
ONEDRIVE_VARIABLES = ("OneDrive", "OneDriveCommercial", "OneDriveConsumer")

#: A folder's name (case-folded) that is a sync client's folder, and the client's name.
_SYNCED_NAMES = {
    "onedrive": "OneDrive",
    "dropbox": "Dropbox",
    "google drive": "Google Drive",
    "googledrive": "Google Drive",
    "my drive": "Google Drive",
    "mobile documents": "iCloud Drive",  # ~/Library/Mobile Documents, iCloud Drive on a Mac
    "icloud drive": "iCloud Drive",
    "iclouddrive": "iCloud Drive",  # iCloud for Windows
    "box": "Box",
    "box sync": "Box",
}
#: The start of a folder's name (case-folded) that names the client and the account: "OneDrive -
#: Company" (Windows), "OneDrive-Personal", "GoogleDrive-name@example.com", "Box-Box" (macOS), …
_SYNCED_PREFIXES = {
    "onedrive -": "OneDrive",
    "onedrive-": "OneDrive",
    "dropbox (": "Dropbox",
    "googledrive-": "Google Drive",
    "box-": "Box",
}
#: Where a Python from the Microsoft Store is installed, and the start of its package's name.
_STORE_APPS = "windowsapps"
_STORE_PYTHON = "pythonsoftwarefoundation.python"


def sync_service(folder: PurePath, environ: Mapping[str, str]) -> str | None:
    """The name of the sync client whose folder holds ``folder`` ("OneDrive", "Dropbox"…), or None.

    ``folder`` is absolute, as Windows or macOS spells it: OneDrive's folders as Windows names them
    in ``environ`` (wherever they are), and the usual names of the clients' folders on the way.
    """
    for variable in ONEDRIVE_VARIABLES:
        root = _variable(environ, variable)
        if root and _is_within(folder, type(folder)(root)):
            return "OneDrive"
    parts = [part.casefold() for part in folder.parts]
    for part in parts:
        if part in _SYNCED_NAMES:
            return _SYNCED_NAMES[part]
        for prefix, service in _SYNCED_PREFIXES.items():
            if part.startswith(prefix):
                return service
    for index in range(1, len(parts) - 1):
        if parts[index - 1 : index + 1] == ["library", "cloudstorage"]:
            # macOS keeps every client's folder here, a client named otherwise too: <client>-<account>
            return folder.parts[index + 1].split("-")[0]
    return None


def store_python_family(executable: str, base_prefix: str) -> str | None:
    """The package family name ("PythonSoftwareFoundation.Python.3.12_qbz5n2kfra8p0") of the
    Microsoft Store's Python running this app, or None for any other Python.

    That Python is installed in ``…\\WindowsApps\\<Name>_<Version>_<Arch>__<PublisherId>`` (its
    ``sys.base_prefix``, in a virtual environment too) and started through an alias in
    ``…\\WindowsApps\\<Name>_<PublisherId>``; its family name is ``<Name>_<PublisherId>``.
    """
    for path in (executable, base_prefix):
        parts = PureWindowsPath(path).parts
        for index, part in enumerate(parts):
            in_store = index > 0 and parts[index - 1].casefold() == _STORE_APPS
            if in_store or part.casefold().startswith(_STORE_PYTHON):
                family = _package_family(part)
                if family is not None:
                    return family
    return None


def store_python_place(folder: PureWindowsPath, family: str, environ: Mapping[str, str]) -> PureWindowsPath | None:
    """Where ``folder`` really is for the Store's Python of package ``family``: in its package's
    ``LocalCache``, when the folder is in the application-data folders (``LOCALAPPDATA`` or
    ``APPDATA``), which Windows redirects for it; None for a folder anywhere else."""
    local = _variable(environ, "LOCALAPPDATA")
    for variable, cache in (("LOCALAPPDATA", "Local"), ("APPDATA", "Roaming")):
        root = _variable(environ, variable)
        if not (root and local and _is_within(folder, PureWindowsPath(root))):
            continue
        package = PureWindowsPath(local, "Packages", family)
        if _is_within(folder, package):
            return folder  # named by its real place already
        return package / "LocalCache" / cache / folder.relative_to(root)
    return None


def placement_warnings(
    folder: PurePath,
    environ: Mapping[str, str] | None = None,
    executable: str | None = None,
    base_prefix: str | None = None,
) -> list[str]:
    """What the user must know about where the workspace ``folder`` (absolute) lies: nothing for
    the usual places. By default, about this system and the Python running the app."""
    environ = os.environ if environ is None else environ
    warnings = []
    service = sync_service(folder, environ)
    if service is not None:
        warnings.append(
            _(
                "The workspace {folder} is in a folder that {service} syncs: two laptops could each change "
                "it at the same time, and {service} holds its files open while it copies them. Move the "
                "workspace out of the synced folder and open it with --workspace, or pause syncing while "
                "you use the app. To share records with other facilitators, send bundles."
            ).format(folder=folder, service=service)
        )
    family = store_python_family(
        sys.executable if executable is None else executable, sys.base_prefix if base_prefix is None else base_prefix
    )
    if family is not None and isinstance(folder, PureWindowsPath):
        real = store_python_place(folder, family, environ)
        if real is not None:
            warnings.append(
                _(
                    "This Python is from the Microsoft Store: Windows keeps the workspace {folder} inside "
                    "that Python's own package folder, really in {real}, and deletes it when that Python is "
                    "reset or uninstalled. Copy that folder to your Documents, for example, and open it "
                    "from there with --workspace; or install Python from python.org and copy it to {folder}."
                ).format(folder=folder, real=real)
            )
    return warnings


def _package_family(name: str) -> str | None:
    """``<Name>_<PublisherId>`` from a package's full name (``<Name>_<Version>_<Arch>_<ResourceId>_
    <PublisherId>``) or its family name; None for a folder named otherwise."""
    pieces = name.split("_")
    if len(pieces) not in (2, 5) or not all(pieces[index] for index in (0, -1)):
        return None
    return f"{pieces[0]}_{pieces[-1]}"


def _is_within(folder: PurePath, root: PurePath) -> bool:
    """``folder`` is ``root`` or inside it, spelt as its system compares names (Windows: any case)."""
    return root.is_absolute() and (folder == root or root in folder.parents)


def _variable(environ: Mapping[str, str], name: str) -> str | None:
    """An environment variable, whatever the case of its name (Windows ignores it)."""
    if name in environ:
        return environ[name]
    return next((value for key, value in environ.items() if key.casefold() == name.casefold()), None)
