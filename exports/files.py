"""Where exports go and how they are written: whole files with readable names, or nothing."""

from __future__ import annotations

import re
from pathlib import Path

from exports.errors import ExportFailed
from facilitator.i18n import _
from facilitator.model import Group
from facilitator.text import fold
from storage.atomic import write_atomic
from storage.errors import WriteFailed, os_reason

#: Letters that :func:`facilitator.text.fold` keeps but a plain ASCII file name cannot hold.
_ASCII_LETTERS = {"ø": "o", "æ": "ae", "œ": "oe", "ð": "d", "þ": "th", "ł": "l"}


def slug(text: str) -> str:
    """``text`` as lower-case ASCII words joined by hyphens: "Čuoŋ Duodji" gives "cuon-duodji".

    File names travel by e-mail and USB stick to every kind of computer, so they avoid accents.
    """
    folded = "".join(_ASCII_LETTERS.get(character, character) for character in fold(text))
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def default_export_path(folder: Path, kind: str, group: Group, suffix: str, *, detail: str = "") -> Path:
    """A readable file name in ``folder``, such as ``inari-peer-group-schedule-2026-2027.pdf``.

    ``kind`` says what the file is ("schedule", "calendar"); ``detail`` narrows it down (the
    season's years, a meeting's date); ``suffix`` is the extension with its dot.
    """
    parts = [slug(group.name) or "group", slug(kind), slug(detail)]
    return folder / ("-".join(part for part in parts if part) + suffix)


def write_export(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (readers see the old file or the new, never a mix).

    Raises :class:`~exports.errors.ExportFailed` naming the path when it cannot be written.
    """
    folder = path.parent
    if folder.exists() and not folder.is_dir():
        raise ExportFailed(path, _("{folder} is a file, not a folder").format(folder=folder))
    if not folder.is_dir():
        raise ExportFailed(path, _("the folder {folder} does not exist").format(folder=folder))
    try:
        write_atomic(path, data)
    except WriteFailed as error:
        cause = error.__cause__
        reason = os_reason(cause) if isinstance(cause, OSError) else str(cause or error)
        raise ExportFailed(path, reason) from error
    return path
