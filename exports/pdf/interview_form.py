"""The growth interview form to fill in by hand at an appointment without the laptop: who is
interviewed and which interview it is, a box to tick for every choice, lines to write on, and in a
column beside each question what the person answered in the previous interview."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from exports.pdf.feedback_form import SCALE
from exports.pdf.ruled import RuledLines
from exports.pdf.signin import BOX
from exports.pdf.styles import (
    CONTENT_WIDTH,
    FONT,
    FONT_BOLD,
    HEADER_RULE_WIDTH,
    INK,
    MUTED_HEX,
    RULE,
    Paragraph,
    TableCell,
    TableCommand,
    build_pdf,
    muted,
    styles,
    table_style,
)
from exports.pdf.tables import fitted_width
from facilitator.dates import format_date
from facilitator.i18n import _
from facilitator.interview_answers import answer_texts, interview_heading
from facilitator.model import Barrier, Group, GrowthIntention, Interview, InterviewKind, Person
from facilitator.model.development import TurnoverBand
from facilitator.model.interview import interview_field_labels
from facilitator.text import shortened

#: The columns: the question, the answer to write, the previous answer.
_QUESTION = 42 * mm
_PREVIOUS = 46 * mm
_ANSWER = CONTENT_WIDTH - _QUESTION - _PREVIOUS
#: Room for handwriting on a line.
_LINE = 8 * mm
_NETWORK_LINES = 5
#: Characters of a previous barrier's note shown: two lines of the narrow column.
_NOTE_SHOWN = 40
#: Characters of any other previous answer shown: what the network gives may run to pages, and a
#: table's cell cannot; a dozen lines of the narrow column remind of it.
_ANSWER_SHOWN = 400
_NOTES_AT_LEAST = 4
#: A barrier's box and name, before the line for its note.
_BARRIER_LABEL = 43 * mm


def form_title() -> str:
    return _("Growth interview")


def write_interview_form_pdf(
    person: Person,
    group: Group,
    number: int,
    kind: InterviewKind,
    previous: Interview | None,
    path: Path,
    today: date,
) -> Path:
    """Write the form for ``person``'s interview number ``number`` (``kind`` suggested) to ``path``
    (atomically), with ``previous``'s answers beside the questions; return the path. Raises
    :class:`~exports.errors.ExportFailed` naming the path when it cannot be written."""
    title = form_title()
    story: list[Flowable] = [
        Paragraph(escape(title), styles().title),
        Paragraph(escape(_name_and_firm(person)), styles().subtitle),
        _facts(person, group, number, kind, previous),
        Spacer(0, 4 * mm),
        _questions(previous),
        RuledLines(
            Paragraph(escape(_("Needs expressed (enter them as needs in the next meeting's memo)")), _notes_style()),
            _LINE,
            _NOTES_AT_LEAST,
        ),
    ]
    return build_pdf(
        path,
        story,
        title=_("{group} – {title}").format(group=group.name, title=f"{title}: {person.name}"),
        group_name=_("{group} · {title} · {name}").format(group=group.name, title=title, name=person.name),
        printed_on=today,
        author=group.pbas_organisation,
    )


def _name_and_firm(person: Person) -> str:
    if person.company:
        return _("{name}, {company}").format(name=person.name, company=person.company)
    return person.name


@functools.cache
def _notes_style() -> ParagraphStyle:
    return ParagraphStyle("interview_notes", parent=styles().cell, fontName=FONT_BOLD, spaceBefore=8, spaceAfter=0)


@functools.cache
def _label_style() -> ParagraphStyle:
    return ParagraphStyle("interview_label", parent=styles().body, textColor=INK, spaceAfter=0)


@functools.cache
def _question_style() -> ParagraphStyle:
    return ParagraphStyle("interview_question", parent=styles().cell, fontName=FONT_BOLD)


@functools.cache
def _choice_style() -> ParagraphStyle:
    return ParagraphStyle("interview_choice", parent=styles().cell, leading=15)


def _facts(person: Person, group: Group, number: int, kind: InterviewKind, previous: Interview | None) -> Table:
    """Who is interviewed and which interview this is, with lines for the date and the interviewer."""
    style = styles()
    write_in = "_" * 28
    rows: list[tuple[str, str]] = [
        (_("Group"), escape(group.name)),
        (_("Joined"), escape(format_date(person.joined)) if person.joined else muted("–")),
        (
            _("Interview"),
            escape(_("number {number}, {kind}").format(number=number, kind=kind.label)),
        ),
        (_("Date"), write_in),
        (_("Interviewer"), write_in),
        (
            _("Previous interview"),
            escape(interview_heading(previous)) if previous else muted(_("none: this is the first")),
        ),
    ]
    labels = [Paragraph(escape(label), _label_style()) for label, _value in rows]
    label_width = fitted_width(labels, padding=3 * mm + 1)
    table = Table(
        [[label, Paragraph(value, style.body)] for label, (_label, value) in zip(labels, rows, strict=True)],
        colWidths=[label_width, CONTENT_WIDTH - label_width],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("TEXTCOLOR", (0, 0), (0, -1), INK),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, -1), 3 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ("TOPPADDING", (0, 3), (-1, 4), 6),  # room to write the date and the name
            ]
        )
    )
    return table


def _boxes(labels: Sequence[str], columns: int = 1) -> Table:
    """A box to tick before each of ``labels``, in ``columns`` columns filled row by row."""
    cells: list[TableCell] = [_choice(label) for label in labels]
    rows = [cells[start : start + columns] for start in range(0, len(cells), columns)]
    rows[-1] += [""] * (columns - len(rows[-1]))
    table = Table(rows, colWidths=[(_ANSWER - 2) / columns] * columns, hAlign="LEFT")
    table.setStyle(_inner_style())
    return table


def _choice(label: str) -> Paragraph:
    """A box to tick and ``label`` after it."""
    return Paragraph(f"<font size='13'>{BOX}</font> {escape(label)}", _choice_style())


def _lines(count: int, unit: str = "") -> Table:
    """``count`` lines to write on, each ended by ``unit`` (FTE) when given."""
    if unit:
        rows: list[list[TableCell]] = [["", Paragraph(escape(unit), styles().cell)] for _line in range(count)]
        widths = [_ANSWER / 2, _ANSWER / 2 - 2]
    else:
        rows, widths = [[""] for _line in range(count)], [_ANSWER - 2]
    table = Table(rows, colWidths=widths, rowHeights=[_LINE] * count, hAlign="LEFT")
    table.setStyle(TableStyle([*_inner_commands(), ("LINEBELOW", (0, 0), (0, -1), 0.5, RULE)]))
    return table


def _scale() -> Table:
    """Boxes 1 to 5 (the scale of the meetings' feedback form), the ends named."""
    choices = [_choice(str(point)) for point in SCALE]
    ends = ["" for _point in SCALE]
    row: list[list[TableCell]] = [list(choices), list(ends)]
    row[1][0] = Paragraph(muted(_("gives nothing")), styles().cell_note)
    row[1][-1] = Paragraph(muted(_("very much")), styles().cell_note)
    table = Table(row, colWidths=[(_ANSWER - 2) / len(SCALE)] * len(SCALE), hAlign="LEFT")
    table.setStyle(_inner_style())
    return table


def _barriers() -> Table:
    """A box to tick for each barrier, and a line for its note."""
    rows: list[list[TableCell]] = [[_choice(barrier.label), ""] for barrier in Barrier]
    table = Table(
        rows, colWidths=[_BARRIER_LABEL, _ANSWER - _BARRIER_LABEL - 2], rowHeights=[_LINE] * len(rows), hAlign="LEFT"
    )
    table.setStyle(
        TableStyle(
            [*_inner_commands(), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LINEBELOW", (1, 0), (1, -1), 0.5, RULE)]
        )
    )
    return table


def _previous_barriers(previous: Interview | None) -> Table | Paragraph:
    """The previous interview's barriers, each on the row of its box: a tick and its note."""
    if previous is None:
        return _previous_cell("")
    rows: list[list[TableCell]] = []
    for barrier in Barrier:
        if barrier.value not in previous.barriers:
            rows.append([""])
            continue
        note = shortened(" ".join(previous.barriers[barrier.value].split()), _NOTE_SHOWN)
        rows.append([_previous_cell(f"✓ {note}" if note else "✓")])
    table = Table(rows, colWidths=[_PREVIOUS - 8], rowHeights=[_LINE] * len(rows), hAlign="LEFT")
    table.setStyle(TableStyle([*_inner_commands(), ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
    return table


def _inner_commands() -> list[TableCommand]:
    return [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]


def _inner_style() -> TableStyle:
    return TableStyle(_inner_commands())


def _previous_cell(text: str) -> Paragraph:
    """A previous answer, shortened to what the narrow column holds on any page."""
    return Paragraph(escape(shortened(text, _ANSWER_SHOWN)) if text else muted("–"), styles().cell_note)


def _questions(previous: Interview | None) -> Table:
    """Every question: its answer to tick or write, and beside it the previous answer."""
    labels = interview_field_labels()
    before = answer_texts(previous) if previous else {}
    style = styles()
    bands = [band.label for band in TurnoverBand]
    # (the field, the question's text, the answer to fill in, a hint under the question)
    questions: list[tuple[str, str, Flowable, str]] = [
        ("kind", labels["kind"], _boxes([kind.label for kind in InterviewKind], 3), ""),
        ("intention", labels["intention"], _boxes([intention.label for intention in GrowthIntention]), _("Tick one.")),
        ("planned_staff", labels["planned_staff"], _lines(1, _("FTE")), ""),
        ("planned_turnover", labels["planned_turnover"], _boxes(bands, 2), ""),
        ("staff", labels["staff"], _lines(1, _("FTE")), ""),
        ("turnover", labels["turnover"], _boxes(bands, 2), ""),
    ]
    previous_header = (
        _("Previous ({date})").format(date=format_date(previous.day)) if previous else _("Previous interview")
    )
    rows: list[list[TableCell]] = [
        [
            Paragraph(escape(_("Question")), style.header_cell),
            Paragraph(escape(_("Answer")), style.header_cell),
            Paragraph(escape(previous_header), style.header_cell),
        ]
    ]
    for field, question, answer, hint in questions:
        rows.append([_question_cell(question, hint), answer, _previous_cell(before.get(field, ""))])
    rows.append(
        [
            _question_cell(labels["barriers"], _("Tick each one named; a note on its line.")),
            _barriers(),
            _previous_barriers(previous),
        ]
    )
    rows.append(
        [
            _question_cell(labels["network_gives"], ""),
            _lines(_NETWORK_LINES),
            _previous_cell(before.get("network_gives", "")),
        ]
    )
    rows.append(
        [
            _question_cell(labels["network_value"], _("Tick one.")),
            _scale(),
            _previous_cell(before.get("network_value", "")),
        ]
    )
    table = Table(rows, colWidths=[_QUESTION, _ANSWER, _PREVIOUS], repeatRows=1, hAlign="LEFT", style=table_style())
    # The house table, with more room around a question's answer and the table closed by a rule.
    table.setStyle(
        TableStyle(
            [
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ("LINEBELOW", (0, -1), (-1, -1), HEADER_RULE_WIDTH, INK),
            ]
        )
    )
    return table


def _question_cell(question: str, hint: str) -> Paragraph:
    text = escape(question)
    if hint:
        text += f"<br/><font name='{FONT}' size='8.5' color='{MUTED_HEX}'>{escape(hint)}</font>"
    return Paragraph(text, _question_style())
