"""The disk as the domain meets it: why the system refused, in the user's language, and making a
new file's name durable. Storage (storage.errors, storage.atomic) and the recorder
(facilitator.audio) both use these; the domain may not import storage, so they live here."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from facilitator.i18n import _

#: What Windows answers while another program has a file open: "access denied" (5), "sharing
#: violation" (32) and "lock violation" (33). A virus scanner, the search indexer and OneDrive open
#: each file the app writes, for a moment; a PDF reader keeps the file it shows open.
_HELD_BY_ANOTHER_PROGRAM = frozenset({5, 32, 33})


def held_by_another_program(error: OSError) -> bool:
    """Whether Windows refused because another program has the file open (it may let go soon)."""
    return getattr(error, "winerror", None) in _HELD_BY_ANOTHER_PROGRAM


def os_reason(error: OSError) -> str:
    """Why the system refused, in the user's language: its own words are English only.

    The usual causes are named; a rare one keeps the system's words.
    """
    if held_by_another_program(error):
        return _(
            "the file is probably open in another program (a PDF reader, a virus scanner, OneDrive); "
            "close it there, or wait a moment, and try again"
        )
    reasons = {
        errno.ENOENT: _("there is no such file or folder"),
        errno.EACCES: _("permission denied"),
        errno.EPERM: _("permission denied"),
        errno.ENOSPC: _("the disk is full"),
        errno.EROFS: _("the disk is read-only"),
        errno.EISDIR: _("it is a folder"),
        errno.ENOTDIR: _("a part of the path is not a folder"),
        errno.EEXIST: _("it exists already"),
        errno.EIO: _("the disk could not be read or written"),
        errno.EFBIG: _("the file is too large for this disk"),
    }
    return reasons.get(error.errno or 0) or error.strerror or str(error)


def fsync_folder(folder: Path) -> None:
    """Make a new name (or a rename) inside ``folder`` durable: without it a power cut can lose a
    file whose content was synced. A no-op where folders cannot be opened (Windows)."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
