"""The sign-in sheet of one meeting: a row to sign for every current member, blank rows for
guests, and a box to tick for consent to audio recording of this meeting."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import tzinfo
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from exports.pdf.agenda import build_meeting_pdf, heading, local_times, meeting_facts
from exports.pdf.styles import (
    CELL_PADDING,
    CONTENT_WIDTH,
    HEADER_FILL,
    INK,
    RULE,
    TableCell,
    TableCommand,
    styles,
    table_style,
)
from facilitator.i18n import _
from facilitator.model import Group, Meeting, Person
from facilitator.pseudonyms import shown_pseudonyms

#: The tick box of the consent column (DejaVu Sans has U+2610 BALLOT BOX).
BOX = "☐"
#: Rows tall enough to sign in with a pen (and 14 members with 8 guests fit one page).
ROW_HEIGHT = 9 * mm
#: The top and bottom padding of a cell in :func:`~exports.pdf.styles.table_style`.
_VERTICAL_PADDING = 4 + 5
#: The top and bottom padding of the tick box cells.
_BOX_PADDING = 2
#: Column widths: number, name, company, signature, consent (together the content width).
_WIDTHS = (9 * mm, 46 * mm, 48 * mm, 43 * mm, CONTENT_WIDTH - 146 * mm)


def write_signin_pdf(
    group: Group,
    meeting: Meeting,
    members: Sequence[Person],
    path: Path,
    time_zone: str | tzinfo,
    guest_rows: int = 8,
) -> Path:
    """Write the sign-in sheet of ``meeting`` to ``path`` (atomically) and return the path.

    One row per person of ``members``, in the order given (the caller chooses who is current),
    then ``guest_rows`` blank rows for guests. Times are shown in ``time_zone``. Raises
    :class:`~exports.errors.ExportFailed` naming the path when it cannot be written.
    """
    starts, ends = local_times(meeting, time_zone)
    title = _("Sign-in sheet")
    members = [person for person in members if not person.deleted]
    story: list[Flowable] = [
        *heading(group, title),
        meeting_facts(meeting, None, starts, ends, compact=True),
        Spacer(0, 1 * mm),
        Paragraph(
            escape(
                _(
                    "Tick the box if you consent to audio recording: "
                    "the meeting is recorded only if everyone present agrees."
                )
            ),
            styles().note,
        ),
        _signin_table(members, max(0, guest_rows)),
    ]
    return build_meeting_pdf(path, story, group, title, starts)


@functools.cache
def _number_style() -> ParagraphStyle:
    return ParagraphStyle("number", parent=styles().cell_note, alignment=TA_RIGHT)


@functools.cache
def _consent_header_style() -> ParagraphStyle:
    return ParagraphStyle("consent_header", parent=styles().header_cell, fontSize=7.5, leading=9)


@functools.cache
def _box_style() -> ParagraphStyle:
    return ParagraphStyle("box", parent=styles().cell, fontSize=14, leading=14, alignment=TA_CENTER)


@functools.cache
def _on_file_style() -> ParagraphStyle:
    return ParagraphStyle("on_file", parent=styles().cell_note, fontSize=6.5, leading=7.5, alignment=TA_CENTER)


def _signin_table(members: list[Person], guest_rows: int) -> Table:
    style = styles()
    header: list[TableCell] = [
        Paragraph("#", _number_style()),
        Paragraph(escape(_("Name")), style.header_cell),
        Paragraph(escape(_("Company")), style.header_cell),
        Paragraph(escape(_("Signature")), style.header_cell),
        Paragraph(escape(_("I consent to audio recording of this meeting")), _consent_header_style()),
    ]
    rows = [header]
    heights: list[float | None] = [None]
    for number, person in enumerate(members, start=1):
        consent: list[Flowable] = [Paragraph(BOX, _box_style())]
        if person.audio_consent:
            consent.append(Paragraph(escape(_("consent on file")), _on_file_style()))
        row: list[TableCell] = [
            Paragraph(str(number), _number_style()),
            Paragraph(escape(shown_pseudonyms(person.name)), style.cell),
            Paragraph(escape(shown_pseudonyms(person.company)), style.cell_note),
            "",
            consent,
        ]
        rows.append(row)
        heights.append(max(ROW_HEIGHT, _needed_height(row)))
    guests_from = len(rows)
    if guest_rows:
        rows.append(
            [Paragraph(escape(_("Guests: please write your name and organisation.")), style.cell_note), "", "", "", ""]
        )
        heights.append(None)
        for number in range(len(members) + 1, len(members) + guest_rows + 1):
            rows.append([Paragraph(str(number), _number_style()), "", "", "", Paragraph(BOX, _box_style())])
            heights.append(ROW_HEIGHT)
    table = Table(rows, colWidths=_WIDTHS, rowHeights=heights, repeatRows=1, style=table_style())
    commands: list[TableCommand] = [
        ("VALIGN", (0, 1), (-1, -1), "MIDDLE"),
        ("VALIGN", (4, 0), (4, 0), "BOTTOM"),
        # The tick box and its "consent on file" fit in a row of ROW_HEIGHT with less padding.
        ("TOPPADDING", (4, 1), (4, -1), _BOX_PADDING),
        ("BOTTOMPADDING", (4, 1), (4, -1), _BOX_PADDING),
    ]
    if members:  # the signature and consent columns are ruled off, so that a signature stays in its box
        commands.append(("LINEBEFORE", (3, 1), (4, guests_from - 1), 0.4, RULE))
    if guest_rows:
        commands += [
            ("SPAN", (0, guests_from), (-1, guests_from)),
            ("TOPPADDING", (0, guests_from), (-1, guests_from), 2),
            ("BOTTOMPADDING", (0, guests_from), (-1, guests_from), 3),
            ("BACKGROUND", (0, guests_from), (-1, guests_from), HEADER_FILL),
            ("LINEABOVE", (0, guests_from), (-1, guests_from), 0.8, INK),
            ("LINEBEFORE", (1, guests_from + 1), (4, -1), 0.4, RULE),
        ]
    table.setStyle(TableStyle(commands))
    return table


def _needed_height(row: list[TableCell]) -> float:
    """The height the tallest cell of ``row`` needs in its column, padding included."""
    tallest = 0.0
    for column, (cell, width) in enumerate(zip(row, _WIDTHS, strict=True)):
        flowables = cell if isinstance(cell, list) else [cell] if isinstance(cell, Flowable) else []
        inner = width - 2 * CELL_PADDING
        padding = 2 * _BOX_PADDING if column == 4 else _VERTICAL_PADDING
        tallest = max(tallest, sum(flowable.wrap(inner, ROW_HEIGHT * 10)[1] for flowable in flowables) + padding)
    return tallest
