"""Where exports go and how they are written: whole files with readable names, or nothing.

A name says what a file is, so that two different things never share one: a meeting's papers
carry its day, and its start time or the first characters of its id when the day is not enough.
Writing a file again under its name replaces it, as a re-print should; the file replaced is
noted (:func:`replaced_files`), and the command line and the screens say so, in case it was not
the same thing after all. Files that are sent away (bundles, keys) are never written over
(:func:`unused_path`).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from pathlib import Path
from typing import BinaryIO

from exports.errors import ExportFailed
from facilitator.i18n import _
from facilitator.local_time import local_day, local_moment
from facilitator.model import Group, Meeting
from facilitator.text import fold
from storage.atomic import write_atomic, write_atomic_with
from storage.errors import WriteFailed, os_reason
from storage.exports_folder import make_exports_folder
from storage.workspace import Workspace

#: Letters that :func:`facilitator.text.fold` keeps but a plain ASCII file name cannot hold.
_ASCII_LETTERS = {"ø": "o", "æ": "ae", "œ": "oe", "ð": "d", "þ": "th", "ł": "l"}


def slug(text: str) -> str:
    """``text`` as lower-case ASCII words joined by hyphens: "Čuoŋ Duodji" gives "cuon-duodji".

    File names travel by e-mail and USB stick to every kind of computer, so they avoid accents.
    """
    folded = "".join(_ASCII_LETTERS.get(character, character) for character in fold(text))
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def export_folder(workspace: Workspace, to: Path | None) -> Path:
    """The folder an export goes into: ``to`` (the command line's ``--to``, which the command line
    has made when missing), else the exports folder of this laptop, made when missing (see
    :mod:`storage.exports_folder`)."""
    return to if to is not None else make_exports_folder(workspace.exports_folder)


def default_export_path(folder: Path, kind: str, group: Group, suffix: str, *, detail: str = "") -> Path:
    """A readable file name in ``folder``, such as ``inari-peer-group-schedule-2026-2027.pdf``.

    ``kind`` says what the file is ("schedule", "calendar"); ``detail`` narrows it down (the
    season's years, a meeting's date); ``suffix`` is the extension with its dot.
    """
    parts = [slug(group.name) or "group", slug(kind), slug(detail)]
    return folder / ("-".join(part for part in parts if part) + suffix)


def meeting_detail(meeting: Meeting, group_meetings: Iterable[Meeting], time_zone: str) -> str:
    """What tells ``meeting``'s files from those of the group's other meetings: its local day
    (``2026-12-08``); with its start time (``2026-12-08-1730``) when the group has another meeting
    that day; and with the first characters of its id (``2026-12-08-1730-3f9a2c1b``) when another
    one starts at the same minute. The same meeting keeps its name, so a re-print replaces its file.
    """
    starts = local_moment(meeting.starts_at, time_zone)
    same_day = [
        local_moment(other.starts_at, time_zone)
        for other in group_meetings
        if other.id != meeting.id and local_day(other.starts_at, time_zone) == starts.date()
    ]
    detail = starts.date().isoformat()
    if not same_day:
        return detail
    detail += starts.strftime("-%H%M")
    if any(other.strftime("%H%M") == starts.strftime("%H%M") for other in same_day):
        detail += "-" + meeting.id[:8]  # the commands accept these eight characters as the meeting
    return detail


def unused_path(path: Path) -> Path:
    """``path``, or ``…-2``, ``…-3`` beside it when a file of that name exists already: for files
    that are sent away (bundles, keys), where the earlier one may still be on its way."""
    number, free = 2, path
    while free.exists():
        free = path.with_name(f"{path.stem}-{number}{path.suffix}")
        number += 1
    return free


class _Written:
    """The exports written inside one :func:`replaced_files` block, and the earlier files among them."""

    def __init__(self) -> None:
        self.paths: set[Path] = set()
        self.replaced: list[Path] = []


#: The exports written inside :func:`replaced_files`, in this thread.
_written: ContextVar[_Written | None] = ContextVar("written_exports", default=None)


@contextmanager
def replaced_files() -> Iterator[list[Path]]:
    """Collect the existing files that the exports written inside the ``with`` block replaced, so
    that the command or screen that asked for them can say so (see :func:`replaced_notice`).

    A file written earlier in the same block is its own, not an earlier one: a read made again
    because an import came in between (:mod:`storage.reading`) writes its files again.
    """
    written = _Written()
    token = _written.set(written)
    try:
        yield written.replaced
    finally:
        _written.reset(token)


def replaced_notice(path: Path) -> str:
    """What the user is told of a file an export wrote over."""
    return _("The earlier file {name} was replaced.").format(name=path.name)


def write_export(path: Path, data: bytes | Callable[[BinaryIO], object]) -> Path:
    """Write ``data`` to ``path`` atomically (readers see the old file or the new, never a mix);
    ``data`` may be a function that writes the file in a stream into the handle it is given.

    A file already at ``path`` is replaced, and noted for :func:`replaced_files` unless it was
    written in the same block. Raises
    :class:`~exports.errors.ExportFailed` naming the path when it cannot be written.
    """
    folder = path.parent
    if folder.exists() and not folder.is_dir():
        raise ExportFailed(path, _("{folder} is a file, not a folder").format(folder=folder))
    if not folder.is_dir():
        raise ExportFailed(path, _("the folder {folder} does not exist").format(folder=folder))
    written = _written.get()
    earlier = path.exists() and (written is None or path not in written.paths)
    try:
        if isinstance(data, bytes):
            write_atomic(path, data)
        else:
            write_atomic_with(path, data)
    except WriteFailed as error:
        cause = error.__cause__
        reason = os_reason(cause) if isinstance(cause, OSError) else str(cause or error)
        raise ExportFailed(path, reason) from error
    if written is not None:
        written.paths.add(path)
        if earlier:
            written.replaced.append(path)
    return path


def spreadsheet_csv_bytes(
    header: Sequence[str], rows: Iterable[Sequence[str | date | None]], *, formula_safe: bool = False
) -> bytes:
    """A CSV file as Excel on a Finnish or Swedish Windows opens it straight: UTF-8 with its byte
    order mark, ``;`` between the fields (the comma is the decimal sign there), a day as 2026-11-27.

    With ``formula_safe``, a cell starting with a sign a spreadsheet takes for a formula (= + - @)
    is given a leading apostrophe, so that it reads as text: for a file only read by people, not
    one read back (a roster's "-" would come back as "'-")."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        cells = ("" if cell is None else cell.isoformat() if isinstance(cell, date) else cell for cell in row)
        writer.writerow([_as_text(cell) for cell in cells] if formula_safe else list(cells))
    return out.getvalue().encode("utf-8-sig")


def _as_text(cell: str) -> str:
    return f"'{cell}" if cell[:1] in ("=", "+", "-", "@") else cell
