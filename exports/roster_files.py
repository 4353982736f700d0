"""Roster spreadsheets in and out: an Excel workbook (.xlsx) or a CSV file read as a header and
rows of cells, and a group's roster written as either.

Workbooks are read with python-calamine, which tells a workbook with a password from a damaged
one, and written with openpyxl. CSV files come as Excel writes them: UTF-8 (with or without its
byte order mark), Windows-1252 or ISO-8859-15 on a Finnish Windows, or UTF-16 ("Unicode text",
tab-separated); the separator (``;``, ``,`` or tab) is found from the file. A file that cannot be
read is refused whole with one :class:`RosterFileError` a facilitator can act on.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from exports.files import default_export_path, export_folder, spreadsheet_csv_bytes, write_export
from exports.workbook_cells import cell_text, sheet_name, taken_for_more_than_text
from facilitator.dates import format_count
from facilitator.i18n import _, ngettext
from facilitator.model import Group, Person
from facilitator.model.person import PERSON_FIELDS, person_field_labels
from facilitator.roster_columns import Cell
from facilitator.roster_import import ImportPlan, plan_import
from storage.repository import Repository

XLSX = ".xlsx"
CSV = ".csv"
#: Text files Excel writes besides CSV: "Unicode text" (.txt) and tab-separated values.
TEXT_SUFFIXES = (CSV, ".txt", ".tsv")
ROSTER_SUFFIXES = (XLSX, *TEXT_SUFFIXES)
#: More rows than any group's roster has: a file past it is not a roster (a whole register, a log).
MAX_ROWS = 2000
#: A roster of MAX_ROWS rows is far smaller; a larger file is refused before it is read.
MAX_BYTES = 20_000_000
#: Bytes Windows-1252 leaves undefined: text holding them is not cp1252 (FACTS.md).
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
#: The bytes ISO-8859-15 reads as € Š š Ž ž Œ œ Ÿ, where Windows-1252 has ¤ ¦ ¨ ´ ¸ ¼ ½ ¾.
_ISO_8859_15_ONLY = frozenset(b"\xa4\xa6\xa8\xb4\xb8\xbc\xbd\xbe")
_SEPARATORS = ";,\t"


class RosterFileError(Exception):
    """A roster file that cannot be read; the message says why, for the user."""


@dataclass(frozen=True)
class RosterSheet:
    """A roster file's first row (the headers) and the rows under it."""

    path: Path
    header: list[str]
    rows: list[list[Cell]]


def read_roster_file(path: Path) -> RosterSheet:
    """The header and rows of the .xlsx or CSV file at ``path`` (its first sheet, for a workbook)."""
    suffix = path.suffix.lower()
    if suffix not in ROSTER_SUFFIXES:
        raise RosterFileError(
            _("{name} is not a roster file: choose an Excel workbook (.xlsx) or a CSV file.").format(name=path.name)
        )
    try:
        size = path.stat().st_size
    except OSError as error:
        raise RosterFileError(
            _("{name} cannot be read: {reason}.").format(name=path.name, reason=error.strerror or error)
        ) from error
    if size > MAX_BYTES:
        raise RosterFileError(
            _("{name} is too large for a group's roster ({size} MB).").format(name=path.name, size=size // 1_000_000)
        )
    rows = _read_workbook(path) if suffix == XLSX else _read_text(path)
    while rows and not any(_filled(cell) for cell in rows[0]):
        rows.pop(0)  # blank lines above the headers
    if not rows:
        raise RosterFileError(_("{name} is empty: there are no headers and no people in it.").format(name=path.name))
    header = [_header_text(cell) for cell in rows[0]]
    return RosterSheet(path, header, rows[1:])


def _filled(cell: Cell) -> bool:
    return cell is not None and (not isinstance(cell, str) or bool(cell.strip()))


def _header_text(cell: Cell) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return "" if cell is None else str(cell).strip()


def _too_many(path: Path, count: int) -> RosterFileError:
    return RosterFileError(
        ngettext(
            "{name} has more than {count} row: more than a group's roster. Is it the right file?",
            "{name} has more than {count} rows: more than a group's roster. Is it the right file?",
            count,
        ).format(name=path.name, count=format_count(count))
    )


def _read_workbook(path: Path) -> list[list[Cell]]:
    """The first sheet's rows; a workbook with a password, or one that is damaged, is refused."""
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_index(0)
        if sheet.height > MAX_ROWS + 1:
            raise _too_many(path, MAX_ROWS)
        rows = [[_workbook_cell(cell) for cell in row] for row in sheet.iter_rows()]
    except PasswordError:
        raise RosterFileError(
            _(
                "{name} is protected by a password: open it in Excel, save a copy without the password and import that."
            ).format(name=path.name)
        ) from None
    except CalamineError as error:
        raise RosterFileError(
            _("{name} is damaged or not an Excel workbook ({reason}): open it in Excel and save it again.").format(
                name=path.name, reason=error
            )
        ) from None
    except OSError as error:
        raise RosterFileError(
            _("{name} cannot be read: {reason}.").format(name=path.name, reason=error.strerror or error)
        ) from error
    return rows


def _workbook_cell(cell: object) -> Cell:
    """A workbook's cell as a roster cell: a time of day or a duration (never a roster's) as text."""
    if cell is None or isinstance(cell, str | float | int | bool | date):
        return cell
    return str(cell)


def _decode(path: Path, raw: bytes) -> str:
    """The text of a CSV file in whichever encoding Excel wrote it (see the module's docstring)."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    elif b"\x00" not in raw:
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            return raw.decode(_single_byte_encoding(raw))
    raise RosterFileError(_("{name} is not a text file: it cannot be a CSV roster.").format(name=path.name))


def _single_byte_encoding(raw: bytes) -> str:
    """Windows-1252, unless the bytes say ISO-8859-15: none in 0x80–0x9F (its control codes, and
    where Windows-1252 keeps € Š Ž…) and some of the eight that ISO-8859-15 gave € Š š Ž ž Œ œ Ÿ."""
    present = set(raw)
    if _CP1252_UNDEFINED & present:
        return "iso-8859-15"
    if not any(0x80 <= byte <= 0x9F for byte in present) and _ISO_8859_15_ONLY & present:
        return "iso-8859-15"
    return "cp1252"


def _separator(text: str) -> str:
    """The separator of ``text``: the one the csv module finds, else the one the header line holds most of."""
    sample = "\n".join(text.splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=_SEPARATORS).delimiter
    except csv.Error:
        first = next((line for line in text.splitlines() if line.strip()), "")
        return max(_SEPARATORS, key=first.count)


def _read_text(path: Path) -> list[list[Cell]]:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise RosterFileError(
            _("{name} cannot be read: {reason}.").format(name=path.name, reason=error.strerror or error)
        ) from error
    text = _decode(path, raw)
    if any(character in text for character in "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x7f"):
        raise RosterFileError(_("{name} is not a text file: it cannot be a CSV roster.").format(name=path.name))
    rows: list[list[Cell]] = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=_separator(text)):
            if len(rows) > MAX_ROWS:
                raise _too_many(path, MAX_ROWS)
            rows.append(list(row))
    except csv.Error as error:
        raise RosterFileError(
            _("{name} is not a readable CSV file ({reason}).").format(name=path.name, reason=error)
        ) from None
    return rows


# -- writing -----------------------------------------------------------------------------------


def roster_xlsx_bytes(title: str, header: Sequence[str], rows: Sequence[Sequence[str | date | None]]) -> bytes:
    """An Excel workbook of one sheet: the headers in bold and frozen, dates as dates, every other
    cell as text (a phone number stays as written, with its leading zero)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook has its one sheet
    sheet.title = sheet_name(title, "Roster")
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append([(cell_text(cell) if isinstance(cell, str) else cell) or None for cell in row])
    for column, name in enumerate(header, start=1):
        widest = max([len(name), *(len(str(row[column - 1] or "")) for row in rows)])
        sheet.column_dimensions[get_column_letter(column)].width = min(widest + 2, 50)
    for row_cells in sheet.iter_rows(min_row=2):
        for cell in row_cells:
            if isinstance(cell.value, (date, datetime)):
                cell.number_format = "yyyy-mm-dd"
            else:
                cell.number_format = "@"
                if isinstance(cell.value, str) and taken_for_more_than_text(cell.value):
                    cell.data_type = "s"  # a name typed "=1+1" is a name, never a formula
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def roster_table(people: Sequence[Person]) -> tuple[list[str], list[list[str | date | None]]]:
    """The headers (the person form's labels, in the user's language) and a row per person, every
    field and consent date included: what :mod:`facilitator.roster_import` reads back unchanged."""
    labels = person_field_labels()
    header = [labels[name] for name in PERSON_FIELDS]
    rows: list[list[str | date | None]] = []
    for person in people:
        row: list[str | date | None] = []
        for name in PERSON_FIELDS:
            value = getattr(person, name)
            if name == "role":
                value = person.role.label
            elif name == "can_host":
                value = _("yes") if person.can_host else _("no")
            row.append(value)
        rows.append(row)
    return header, rows


def plan_for(repository: Repository, group: Group, sheet: RosterSheet, fields: list[str | None]) -> ImportPlan:
    """What importing ``sheet`` into ``group``'s roster would do, its columns read as ``fields``
    (raises :class:`NoNameColumn` when none gives a name); it only reads, so a worker may ask."""
    return plan_import(
        sheet.header,
        sheet.rows,
        fields,
        repository.people(group.id),
        group.id,
        repository.today(group.time_zone),
    )


def write_roster_export(repository: Repository, group: Group, file_format: str, to: Path | None = None) -> Path:
    """Write ``group``'s roster (people removed left out, former members in) as ``file_format``
    ("csv" or "xlsx") into the exports folder or ``to``; return the file's path."""
    header, rows = roster_table(repository.people(group.id))
    day = repository.today(group.time_zone).isoformat()
    path = default_export_path(export_folder(repository.workspace, to), "roster", group, f".{file_format}", detail=day)
    if file_format == "xlsx":
        return write_export(path, roster_xlsx_bytes(group.name, header, rows))
    return write_export(path, spreadsheet_csv_bytes(header, rows))
