"""The indicators report on A4: the figures under their codes and units, the corrections to the
locked periods, and the records behind each figure, for an auditor to check."""

from __future__ import annotations

import functools
from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from exports.indicators_texts import IndicatorsReport, changed_records, correction_note, period_text
from exports.pdf.styles import TEXT_WIDTH, Paragraph, TableCell, muted, pdf_bytes, styles, unbroken
from exports.pdf.tables import fitted_columns, long_table
from facilitator.dates import format_date
from facilitator.i18n import _
from facilitator.indicator_codes import NON_FINANCIAL, format_value, funder_code, indicator_name, paper_code, quantity
from facilitator.indicator_locks import locked_text
from facilitator.indicators import Figure
from facilitator.pseudonyms import shown_pseudonyms

#: The room a figure's heading needs with its table's header and first rows: with less left on the
#: page, the heading starts the next one rather than stand alone at the foot of this one.
_HEADING_WITH_ROWS = 38 * mm


@functools.cache
def _ids_style() -> ParagraphStyle:
    return ParagraphStyle("ids", parent=styles().cell_note, fontSize=6.5, leading=8)


def _section(title: str) -> list[Flowable]:
    return [CondPageBreak(40 * mm), Spacer(1, 4 * mm), Paragraph(escape(title), styles().subtitle)]


def _notes(report: IndicatorsReport) -> list[str]:
    notes = [
        _(
            "A firm is counted once however many of its members take part; its size is its latest staff "
            "count (interviews and outcomes) up to the period's end. The meetings are non-financial support, "
            "so RCO04 counts the same firms as RCO01."
        ),
        _("Product or process innovation (RCR03) is recorded as the outcome “new product or service”."),
    ]
    return [*notes, *report.notices]


def _basis(figure: Figure) -> list[Flowable]:
    """A figure's heading and its records, the heading kept on a page with the first rows."""
    style = styles()
    heading = Paragraph(escape(_figure_heading(figure)), style.body)
    if figure.code == NON_FINANCIAL and figure.value:
        return [KeepTogether([heading, Paragraph(muted(_("The same enterprises as RCO01.")), style.note)])]
    if not figure.basis:
        return [KeepTogether([heading, Paragraph(muted(_("No records.")), style.note)])]
    header: list[TableCell] = [
        Paragraph(escape(_("Firm, person or meeting")), style.header_cell),
        Paragraph(escape(_("Note")), style.header_cell),
        Paragraph(escape(_("Records")), style.header_cell),
    ]
    rows: list[list[TableCell]] = [header]
    texts = [
        (shown_pseudonyms(row.who), shown_pseudonyms(row.note_in(figure.code, paper_date))) for row in figure.basis
    ]
    for row, (who, note) in zip(figure.basis, texts, strict=True):
        rows.append(
            [
                Paragraph(escape(who), style.cell),
                Paragraph(escape(note), style.cell_note),
                Paragraph(escape(" ".join(row.ids)), _ids_style()),
            ]
        )
    # The ids one under another, their column as wide as the widest of them; of who and the note,
    # the longer texts (the days present, or a meeting's group, day and theme) take what is left,
    # the other wraps between its words at a third of the page at most.
    longer = 0 if sum(len(who) for who, _note in texts) > sum(len(note) for _who, note in texts) else 1
    fitted, widths = fitted_columns(rows, stretch=longer, wrapped={1 - longer: TEXT_WIDTH / 3, 2: 0})
    return [CondPageBreak(_HEADING_WITH_ROWS), heading, long_table(fitted, widths), Spacer(1, 3 * mm)]


def paper_date(day: date) -> str:
    """A day as a note on paper writes it: the language's short date ("14.1.2025", "14 jan. 2025"),
    never broken across lines (its spaces are no-break spaces), so a list of days wraps between them."""
    return unbroken(format_date(day))


def _figure_heading(figure: Figure) -> str:
    """ "RCO01 · of which micro (under 10 FTE): 148 enterprises"; the network's own figures by their
    name alone ("Meetings held: 110 meetings")."""
    named = f"{figure.name}: {quantity(figure.code, figure.value)}"
    common = funder_code(figure.code)
    return f"{common} · {named}" if common else named


def _indicators_story(report: IndicatorsReport) -> list[Flowable]:
    style = styles()
    figures = report.indicators
    story: list[Flowable] = [
        Paragraph(escape(_("Indicators")), style.title),
        Paragraph(escape(report.scope_name), style.subtitle),
        Paragraph(
            escape(
                _("Period: {first} – {last} (meetings held, by meeting day)").format(
                    first=format_date(figures.first), last=format_date(figures.last)
                )
            ),
            style.body,
        ),
    ]
    if report.locked:
        story.append(Paragraph(escape(locked_text(report.locked)), style.body))
    story += [Paragraph(escape(note), style.note) for note in _notes(report)]
    rows: list[list[TableCell]] = [
        [
            Paragraph(escape(_("Code")), style.header_cell),
            Paragraph(escape(_("Indicator")), style.header_cell),
            Paragraph(escape(_("Unit")), style.header_cell),
            Paragraph(escape(_("Value")), style.number_header_cell),
        ]
    ]
    for figure in figures.figures:
        rows.append(
            [
                Paragraph(escape(paper_code(figure.code)), style.cell),
                Paragraph(escape(figure.name), style.cell),
                Paragraph(escape(figure.unit), style.cell),
                Paragraph(escape(format_value(figure.code, figure.value)), style.number_cell),
            ]
        )
    fitted, widths = fitted_columns(rows, stretch=1)
    story.append(long_table(fitted, widths))
    story += _section(_("Corrections to locked periods"))
    if not report.corrections:
        story.append(Paragraph(muted(_("None: every locked period reads as it was reported.")), style.body))
    else:
        correction_rows: list[list[TableCell]] = [
            [
                Paragraph(escape(_("Code")), style.header_cell),
                Paragraph(escape(_("Correction")), style.header_cell),
                Paragraph(escape(_("Records changed")), style.header_cell),
            ]
        ]
        for correction in report.corrections:
            correction_rows.append(
                [
                    Paragraph(escape(paper_code(correction.code)), style.cell),
                    Paragraph(escape(f"{indicator_name(correction.code)}: {correction_note(correction)}"), style.cell),
                    Paragraph(escape(changed_records(correction)), _ids_style()),
                ]
            )
        fitted, widths = fitted_columns(correction_rows, stretch=2, wrapped={1: TEXT_WIDTH * 0.45})
        story.append(long_table(fitted, widths))
    story += _section(_("The records behind each figure"))
    for figure in figures.figures:
        story += _basis(figure)
    return story


def indicators_pdf_bytes(report: IndicatorsReport) -> bytes:
    """``report`` as a PDF's bytes (the caller writes them beside the CSV); the footer names whose
    figures of which period, so a loose page still says what it belongs to."""
    figures = report.indicators
    footer = f"{report.scope_name} · {period_text(figures.first, figures.last)}"
    return pdf_bytes(_indicators_story(report), title=_("Indicators"), group_name=footer, printed_on=report.printed_on)
