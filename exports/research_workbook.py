"""The research export as one Excel workbook in the user's language (``facilitator export research
--excel``, the dashboard's ``x``): a sheet per table of the CSV files — the coded memo entries, the
growth interviews, the outcomes — with the same columns in the same order and the same rows.

The CSV and JSON lines stay as scripts read them (English headers, values as stored). A Finnish or
Swedish Excel puts a comma-separated file's every row in one column, so the people who read the
data in Excel get this instead: headers and sheet names in their language, kinds, intentions,
turnover bands and barriers as the app shows them, days as Excel dates (Excel shows them in its own
locale's format), staff and the network's value as numbers, every other cell as text. People are
named as the screens and PDFs name them: a pseudonym and a firm token in the reader's language
("Jäsen-3F9A2C", "Yritys 1a2b3c4d", :func:`facilitator.pseudonyms.shown_pseudonyms`) in every text
cell, so that a name read on a screen is found in the workbook; the CSV and JSON lines keep them as
stored ("Member-3F9A2C"), the ids scripts join on, and the records' ids are in both.

Written with openpyxl in its write-only mode (rows streamed into the file, none kept as cells).
A text that openpyxl would store as a formula (``=SUM(A1)``) or an error value (``#N/A``) is
stored as text: a memo line is never run by Excel. A cell holds at most 32,767 characters (Excel's
limit; openpyxl cuts a longer text there): a memo entry that long is not expected.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any, BinaryIO

from exports.research_development import (
    ID_SEPARATOR,
    INTERVIEW_COLUMNS,
    LIST_SEPARATOR,
    OUTCOME_COLUMNS,
    PEOPLE_SEPARATOR,
)
from exports.workbook_cells import cell_text, sheet_name, taken_for_more_than_text
from facilitator.i18n import _, pgettext
from facilitator.model import Barrier, GrowthIntention, InterviewKind, MemoKind, OutcomeKind, TurnoverBand
from facilitator.model.interview import interview_field_labels
from facilitator.model.memo import memo_field_labels
from facilitator.model.outcome import outcome_field_labels
from facilitator.pseudonyms import shown_pseudonyms

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

#: The columns holding a day (as ``2026-11-27`` in the rows): Excel dates in the workbook.
DAY_COLUMNS = frozenset({"meeting_date", "interview_date", "outcome_date"})
#: Excel's built-in short date (number format 14): shown in the reader's own locale's format
#: ("27.11.2026", "2026-11-27", "11/27/2026"), unlike any format code written out.
LOCALE_DATE_FORMAT = "mm-dd-yy"
#: Column widths in characters: from the header's and the values' length, within these bounds.
WIDTH_MIN, WIDTH_MAX = 8, 60
#: How many rows are measured for a column's width (the rest are like them).
WIDTH_SAMPLE = 500

Shown = Callable[[Any], object]


@dataclass(frozen=True)
class Sheet:
    """A table as a sheet: its name, its columns (the CSV's) with their headers, and its rows (each
    a mapping of the columns, as the CSV and JSON lines are written from), each value turned into
    its cell by ``shown`` (a column not there is written as it is, a list joined by ``;``), with its
    pseudonyms in the user's language."""

    name: str
    columns: Sequence[str]
    headers: Mapping[str, str]
    rows: Sequence[Mapping[str, object]]
    shown: Mapping[str, Shown]

    def cells(self, row: Mapping[str, object]) -> list[object]:
        cells = (self.shown.get(column, _as_is)(row[column]) for column in self.columns)
        return [shown_pseudonyms(cell) if isinstance(cell, str) else cell for cell in cells]


def research_sheets(
    entry_columns: Sequence[str],
    entries: Sequence[Mapping[str, object]],
    interviews: Sequence[Mapping[str, object]],
    outcomes: Sequence[Mapping[str, object]],
) -> list[Sheet]:
    """The workbook's three sheets in the user's language, of the rows the CSV files are written
    from: the entries' (of ``entry_columns``, :data:`exports.research.COLUMNS`) as
    :meth:`~exports.research.ResearchRow.as_json` gives them."""
    day = dict.fromkeys(DAY_COLUMNS, _day)
    return [
        Sheet(
            pgettext("a sheet of the research workbook", "Coded memo entries"),
            entry_columns,
            entry_headers(),
            entries,
            {**day, "kind": _label(MemoKind), "people": _joined(PEOPLE_SEPARATOR)},
        ),
        Sheet(
            _("Growth interviews"),
            INTERVIEW_COLUMNS,
            interview_headers(),
            interviews,
            {
                **day,
                "kind": _label(InterviewKind),
                "growth_intention": _label(GrowthIntention),
                "planned_turnover": _label(TurnoverBand),
                "turnover": _label(TurnoverBand),
                "barriers": _barriers,
            },
        ),
        Sheet(
            pgettext("a sheet of the research workbook", "Outcomes"),
            OUTCOME_COLUMNS,
            outcome_headers(),
            outcomes,
            {**day, "kind": _label(OutcomeKind), "involved": _joined(PEOPLE_SEPARATOR)},
        ),
    ]


def entry_headers() -> dict[str, str]:
    """The entries' columns as the workbook names them, in the user's language."""
    memo = memo_field_labels()
    return {
        "group": _("Group"),
        "meeting_date": _("Meeting date"),
        "agenda_item": _("Agenda item"),
        "kind": memo["kind"],
        "codes": memo["codes"],
        "text": memo["text"],
        "people": _("People mentioned"),
        "entry_id": _("Memo entry id"),
        "meeting_id": _("Meeting id"),
    }


def interview_headers() -> dict[str, str]:
    """The interviews' columns as the workbook names them: as the interview form labels its fields."""
    form = interview_field_labels()
    return {
        "group": _("Group"),
        "interview_date": form["day"],
        "entrepreneur": _("Entrepreneur"),
        "kind": form["kind"],
        "interviewer": form["interviewer"],
        "growth_intention": form["intention"],
        "planned_staff": form["planned_staff"],
        "planned_turnover": form["planned_turnover"],
        "staff": form["staff"],
        "turnover": form["turnover"],
        "barriers": form["barriers"],
        **{
            f"barrier_note_{barrier.value}": _("{label}: {value}").format(label=form["barriers"], value=barrier.label)
            for barrier in Barrier
        },
        "network_gives": form["network_gives"],
        "network_value": form["network_value"],
        "interview_id": _("Interview id"),
    }


def outcome_headers() -> dict[str, str]:
    """The outcomes' columns as the workbook names them: as the outcome form labels its fields."""
    form = outcome_field_labels()
    return {
        "group": _("Group"),
        "outcome_date": form["day"],
        "entrepreneur": _("Entrepreneur"),
        "kind": form["kind"],
        "description": form["description"],
        "staff_after": form["staff_after"],
        "involved": form["involved"],
        "entry_ids": form["entry_ids"],
        "meeting_ids": form["meeting_ids"],
        "outcome_id": _("Outcome id"),
    }


# -- the cells ---------------------------------------------------------------------------------


def _as_is(value: object) -> object:
    """A value as the CSV has it: a list joined by ``;``, anything else as it is."""
    if isinstance(value, (list, tuple)):
        return ID_SEPARATOR.join(map(str, value))
    return value


def _day(value: object) -> object:
    return date.fromisoformat(value) if isinstance(value, str) and value else value


def _label(kind: type[StrEnum]) -> Shown:
    """A stored value of ``kind`` as the app shows it (a value this version does not know, as stored)."""
    known: dict[str, Any] = {member.value: member for member in kind}  # each has its ``label``

    def shown(value: object) -> object:
        member = known.get(value) if isinstance(value, str) else None
        return member.label if member is not None else value

    return shown


def _joined(separator: str) -> Shown:
    def shown(value: object) -> object:
        return separator.join(map(str, value)) if isinstance(value, (list, tuple)) else value

    return shown


def _barriers(value: object) -> object:
    """The barriers named, as the interview form lists them ("rahoitus; aika")."""
    named = _label(Barrier)
    return LIST_SEPARATOR.join(str(named(barrier)) for barrier in value) if isinstance(value, list) else value


# -- the file ----------------------------------------------------------------------------------


def workbook_writer(sheets: Sequence[Sheet]) -> Callable[[BinaryIO], None]:
    """What writes the workbook of ``sheets`` into a file handle (for
    :func:`exports.files.write_export`, which writes it atomically)."""

    def write(handle: BinaryIO) -> None:
        from openpyxl import Workbook

        from facilitator import __version__

        workbook = Workbook(write_only=True)
        workbook.properties.creator = f"MicroENTRE Facilitator {__version__}"
        for sheet in sheets:
            _write_sheet(workbook.create_sheet(sheet_name(sheet.name)), sheet)
        workbook.save(handle)

    return write


def _write_sheet(worksheet: WriteOnlyWorksheet, sheet: Sheet) -> None:
    """The header row in bold, frozen and filtered, the columns as wide as their contents, then the
    rows: a day as a date, a number as a number, everything else as text (never a formula)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    rows = [sheet.cells(row) for row in sheet.rows]
    headers = [sheet.headers[column] for column in sheet.columns]
    # A write-only sheet has the column widths and the filter of any sheet (openpyxl's own
    # ``_setup``), set before its first row; the type stubs leave them out.
    layout: Any = worksheet
    for index, header in enumerate(headers):
        letter = get_column_letter(index + 1)
        layout.column_dimensions[letter].width = _width(header, (row[index] for row in rows[:WIDTH_SAMPLE]))
    worksheet.freeze_panes = "A2"
    layout.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"
    bold = Font(bold=True)

    def heading(text: str) -> Cell:
        cell = WriteOnlyCell(worksheet, cell_text(text))
        cell.font = bold
        return cell

    def cell(value: object) -> object:
        if isinstance(value, str):
            if not value:
                return None  # an empty cell, as the CSV's empty field
            value = cell_text(value)
            if taken_for_more_than_text(value):
                text = WriteOnlyCell(worksheet, value)
                text.data_type = "s"  # openpyxl took it for a formula or an error value
                return text
            return value
        if isinstance(value, date):
            day = WriteOnlyCell(worksheet, value)  # type: ignore[arg-type] # openpyxl writes a date, its stubs say datetime
            day.number_format = LOCALE_DATE_FORMAT
            return day
        return value

    worksheet.append([heading(header) for header in headers])
    for row in rows:
        worksheet.append([cell(value) for value in row])


def _width(header: str, values: Iterable[object]) -> float:
    """A column's width: its header's or its longest value's first line, within bounds; a day 12."""
    widest = len(header)
    for value in values:
        if isinstance(value, date):
            length = 12
        elif value is None:
            length = 0
        else:
            length = len(str(value).partition("\n")[0])
        widest = max(widest, length)
    return float(min(max(widest + 2, WIDTH_MIN), WIDTH_MAX))
