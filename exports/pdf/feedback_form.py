"""The feedback form of one meeting, to hand out at its end: how useful it was (1–5), whether one
would recommend the meetings, and ruled lines for a comment, anonymous, on one A4 page."""

from __future__ import annotations

import functools
from datetime import tzinfo
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from exports.pdf.agenda import build_meeting_pdf, heading, local_times, meeting_facts
from exports.pdf.ruled import RuledLines
from exports.pdf.signin import BOX
from exports.pdf.styles import CONTENT_WIDTH, FONT, FONT_BOLD, HEADER_FILL, INK, MUTED_HEX, RULE, TableCell, styles
from facilitator.i18n import _
from facilitator.model import Group, Meeting, Person

#: The points of the usefulness scale, low to high.
SCALE = (1, 2, 3, 4, 5)
#: The width of one point of the scale, and of a box and its answer in the yes/no question.
_SCALE_COLUMN = 26 * mm
_BOX_COLUMN = 12 * mm
_ANSWER_COLUMN = 30 * mm
#: Handwriting needs more room between the lines than the agenda's notes.
_LINE_SPACING = 9 * mm
_LINES_AT_LEAST = 5


def usefulness_question() -> str:
    return _("How useful was this meeting for your business?")


def recommend_question() -> str:
    return _("Would you recommend these meetings to another entrepreneur?")


def comment_question() -> str:
    return _("Your comments: what was most useful, and what could be better?")


def write_feedback_form_pdf(
    group: Group, meeting: Meeting, host: Person | None, path: Path, time_zone: str | tzinfo
) -> Path:
    """Write the feedback form of ``meeting`` to ``path`` (atomically) and return the path.

    The place is the meeting's location, else ``host``'s premises; times are shown in
    ``time_zone``. Raises :class:`~exports.errors.ExportFailed` naming the path when it cannot
    be written.
    """
    starts, ends = local_times(meeting, time_zone)
    title = _("Feedback")
    story: list[Flowable] = [
        *heading(group, title),
        meeting_facts(meeting, host, starts, ends, compact=True),
        Spacer(0, 4 * mm),
        _anonymous_notice(),
        Spacer(0, 2 * mm),
        KeepTogether([_question(1, usefulness_question(), _("Tick one box.")), _usefulness_scale()]),
        KeepTogether([_question(2, recommend_question()), _yes_no()]),
        RuledLines(_question(3, comment_question()), _LINE_SPACING, _LINES_AT_LEAST),
    ]
    return build_meeting_pdf(path, story, group, title, starts)


@functools.cache
def _question_style() -> ParagraphStyle:
    return ParagraphStyle(
        "question",
        parent=styles().subtitle,
        fontSize=11.5,
        leading=15,
        spaceBefore=8,
        spaceAfter=2,
        leftIndent=6 * mm,
        firstLineIndent=-6 * mm,
    )


@functools.cache
def _notice_style() -> ParagraphStyle:
    return ParagraphStyle("notice", parent=styles().body, fontName=FONT_BOLD, alignment=TA_CENTER, spaceAfter=0)


@functools.cache
def _big_box_style() -> ParagraphStyle:
    return ParagraphStyle("big_box", parent=styles().cell, fontSize=22, leading=22, alignment=TA_CENTER)


@functools.cache
def _scale_number_style() -> ParagraphStyle:
    return ParagraphStyle("scale_number", parent=styles().header_cell, fontSize=11, leading=13, alignment=TA_CENTER)


@functools.cache
def _scale_label_style() -> ParagraphStyle:
    return ParagraphStyle("scale_label", parent=styles().cell_note, alignment=TA_CENTER)


@functools.cache
def _answer_style() -> ParagraphStyle:
    return ParagraphStyle("answer", parent=styles().body, fontName=FONT_BOLD, fontSize=12, leading=15, spaceAfter=0)


def _question(number: int, text: str, hint: str = "") -> Paragraph:
    """A numbered question, in bold, with a muted hint after it."""
    line = f"{number}.&nbsp;&nbsp;{escape(text)}"
    if hint:
        line += f" <font name='{FONT}' size='9' color='{MUTED_HEX}'>{escape(hint)}</font>"
    return Paragraph(line, _question_style())


def _anonymous_notice() -> Table:
    """The promise that makes people write freely, where nobody can miss it."""
    notice = Table(
        [[Paragraph(escape(_("Anonymous: do not write your name.")), _notice_style())]],
        colWidths=[CONTENT_WIDTH],
    )
    notice.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("BACKGROUND", (0, 0), (-1, -1), HEADER_FILL),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    return notice


def _usefulness_scale() -> Table:
    """Five boxes numbered 1 to 5, the ends labelled "not useful" and "very useful"."""
    labels = [""] * len(SCALE)
    labels[0], labels[-1] = _("not useful"), _("very useful")
    rows: list[list[TableCell]] = [
        [Paragraph(str(point), _scale_number_style()) for point in SCALE],
        [Paragraph(BOX, _big_box_style()) for _point in SCALE],
        [Paragraph(escape(label), _scale_label_style()) if label else "" for label in labels],
    ]
    table = Table(rows, colWidths=[_SCALE_COLUMN] * len(SCALE), hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("TEXTCOLOR", (0, 0), (-1, -1), INK),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 1), (-1, 1), 4),
                # A faint line from "not useful" to "very useful" under the boxes: it is a scale.
                ("LINEBELOW", (0, 1), (-1, 1), 0.4, RULE),
            ]
        )
    )
    return table


def _yes_no() -> Table:
    """A box to tick for yes, one for no, each with its answer beside it."""
    row: list[Paragraph] = []
    for answer in (_("Yes"), _("No")):
        row += [Paragraph(BOX, _big_box_style()), Paragraph(escape(answer), _answer_style())]
    table = Table([row], colWidths=[_BOX_COLUMN, _ANSWER_COLUMN] * 2, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                # On one baseline, the box and its answer are centred on each other.
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return table
