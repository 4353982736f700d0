"""The indicators report on A4: the figures under their codes and units, the corrections to the
locked periods, and the records behind each figure, for an auditor to check."""

from __future__ import annotations

import functools
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from exports.indicators_texts import IndicatorsReport, changed_records, correction_note, period_text
from exports.pdf.styles import CONTENT_WIDTH, Paragraph, TableCell, muted, pdf_bytes, styles
from exports.pdf.tables import long_table
from facilitator.dates import format_date
from facilitator.i18n import _
from facilitator.indicator_codes import NON_FINANCIAL, format_value, indicator_name, quantity
from facilitator.indicator_locks import locked_text
from facilitator.indicators import Figure

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
    heading = Paragraph(escape(f"{figure.code} · {figure.name}: {quantity(figure.code, figure.value)}"), style.body)
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
    for row in figure.basis:
        rows.append(
            [
                Paragraph(escape(row.who), style.cell),
                Paragraph(escape(row.note), style.cell_note),
                Paragraph(escape(" ".join(row.ids)), _ids_style()),
            ]
        )
    widths = [0.24 * CONTENT_WIDTH, 0.30 * CONTENT_WIDTH, 0.46 * CONTENT_WIDTH]
    return [CondPageBreak(_HEADING_WITH_ROWS), heading, long_table(rows, widths), Spacer(1, 3 * mm)]


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
                Paragraph(escape(figure.code), style.cell),
                Paragraph(escape(figure.name), style.cell),
                Paragraph(escape(figure.unit), style.cell),
                Paragraph(escape(format_value(figure.code, figure.value)), style.number_cell),
            ]
        )
    story.append(
        long_table(rows, [0.25 * CONTENT_WIDTH, 0.43 * CONTENT_WIDTH, 0.21 * CONTENT_WIDTH, 0.11 * CONTENT_WIDTH])
    )
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
                    Paragraph(escape(correction.code), style.cell),
                    Paragraph(escape(f"{indicator_name(correction.code)}: {correction_note(correction)}"), style.cell),
                    Paragraph(escape(changed_records(correction)), _ids_style()),
                ]
            )
        story.append(long_table(correction_rows, [0.18 * CONTENT_WIDTH, 0.42 * CONTENT_WIDTH, 0.40 * CONTENT_WIDTH]))
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
