"""Opening a folder in the system's file manager (Explorer, Finder, or the desktop's own), so that
the user reaches the files the app wrote without looking for their path."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from facilitator.i18n import _

#: How long the opener may take to say that it failed; one still running then has opened a window.
OPENER_TIMEOUT = 5.0


class FolderNotOpened(Exception):
    """No file manager showed the folder; ``str()`` says why and where the folder is, so that the
    user can go there another way."""

    def __init__(self, folder: Path, reason: str) -> None:
        self.folder = folder
        super().__init__(
            _(
                "The folder could not be shown in a file manager: {reason}. Go there another way; it is:\n{folder}"
            ).format(reason=reason, folder=folder)
        )


def file_manager_command(folder: Path, platform: str = sys.platform) -> list[str] | None:
    """The command that shows ``folder`` in the file manager of ``platform`` (as ``sys.platform``
    names it): ``open`` on macOS, ``xdg-open`` (the desktop's choice) elsewhere; None on Windows,
    where :func:`os.startfile` hands the folder to Explorer, with no console window."""
    if platform == "win32":
        return None
    if platform == "darwin":
        return ["open", str(folder)]
    return ["xdg-open", str(folder)]


def open_in_file_manager(folder: Path, timeout: float = OPENER_TIMEOUT) -> None:
    """Show ``folder`` in the system's file manager; :class:`FolderNotOpened` when none can.

    The file manager is left running on its own: it stays open after the app ends, and never writes
    into the app's terminal or reads its keys. Waits (up to ``timeout``) only for the opener to say
    whether it failed, as ``xdg-open`` does where no file manager is installed: call it from a
    worker thread.
    """
    command = file_manager_command(folder)
    if command is None:
        try:
            os.startfile(folder)  # type: ignore[attr-defined,unused-ignore]  # Windows only
        except OSError as error:
            raise FolderNotOpened(folder, error.strerror or str(error)) from error
        return
    try:
        opener = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError as error:
        raise FolderNotOpened(
            folder, _("there is no file manager to open it with ({command} is missing)").format(command=command[0])
        ) from error
    try:
        code = opener.wait(timeout)
    except subprocess.TimeoutExpired:
        return
    if code != 0:
        raise FolderNotOpened(folder, _("{command} found no file manager to open it with").format(command=command[0]))
