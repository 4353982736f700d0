"""The network report's chapter on what the meetings led to (see
:mod:`facilitator.development_figures` for what it counts): the outcomes per year and group, the
growth intentions' moves from the first interview to the latest, the barriers named most, and the
activities coded on the memo entries behind each kind of outcome."""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from exports.pdf.styles import INK, TableCell, muted, styles, table_style, unbroken
from exports.pdf.tables import fitted_columns
from exports.report.styles import (
    percent_text,
    shortened,
    small_bold_style,
    small_number_bold_style,
    small_number_style,
    small_style,
)
from facilitator.dates import format_count, format_long_date
from facilitator.development_figures import DevelopmentFigures
from facilitator.i18n import _, ngettext
from facilitator.model import GrowthIntention, Outcome
from facilitator.pseudonyms import shown_pseudonyms

#: Years shown each in a column of their own; a longer period puts its earlier years in one column.
YEAR_COLUMNS = 7


def development_chapter(figures: DevelopmentFigures) -> list[Flowable]:
    """The chapter's tables and notes, or a sentence saying there is nothing yet."""
    note = styles().note
    if figures.empty:
        return [
            Paragraph(
                escape(
                    _(
                        "No outcome and no growth interview is on record for this period. They are entered on "
                        "each member's timeline, and outcomes also from memo lines marked !outcome."
                    )
                ),
                styles().body,
            )
        ]
    summary = " ".join(
        [
            ngettext(
                "{count} outcome was recorded in the period.", "{count} outcomes were recorded in the period.",
                figures.outcomes,
            ).format(count=format_count(figures.outcomes)),
            ngettext(
                "{count} entrepreneur was interviewed.", "{count} entrepreneurs were interviewed.", figures.interviewed
            ).format(count=format_count(figures.interviewed)),
        ]
    )  # fmt: skip
    parts: list[Flowable] = [Paragraph(escape(summary), styles().body), Spacer(0, 2 * mm)]
    parts += _titled(_("Outcomes per year and group"), [_outcomes_table(figures)])
    parts += _titled(
        _("Growth intentions, first interview to latest"),
        [
            _moves_table(figures),
            Spacer(0, 1 * mm),
            Paragraph(
                escape(
                    ngettext(
                        "{count} entrepreneur interviewed at least twice, the latest time in the period. Rows: the "
                        "intention at the first interview; columns: at the latest. Above the diagonal, toward growth.",
                        "{count} entrepreneurs interviewed at least twice, the latest time in the period. Rows: the "
                        "intention at the first interview; columns: at the latest. Above the diagonal, toward growth.",
                        figures.moved,
                    ).format(count=format_count(figures.moved))
                ),
                note,
            ),
        ],
    )
    parts += _titled(_("Barriers to growth named most"), _barriers_table(figures))
    parts += _titled(_("Activities behind each kind of outcome"), _kinds_table(figures))
    return parts


def outcome_quote(group: str, outcome: Outcome) -> Paragraph:
    """An outcome quoted beside an activity it came of: its kind, group, day and description (none
    where the entrepreneur gave no consent to research: the bundle left it out)."""
    where = _("{group}, {date}").format(group=group, date=unbroken(format_long_date(outcome.day)))
    text = f"→ <b>{escape(outcome.kind.label)}</b> ({escape(where)})"
    if outcome.description:
        text += f": {escape(shortened(shown_pseudonyms(outcome.description)))}"
    return Paragraph(text, small_style())


def _titled(title: str, parts: Sequence[Flowable]) -> list[Flowable]:
    """A table with its title and notes, on one page where it fits."""
    return [KeepTogether([Paragraph(f"<b>{escape(title)}</b>", styles().body), Spacer(0, 1 * mm), *parts]),
            Spacer(0, 3 * mm)]  # fmt: skip


def _outcomes_table(figures: DevelopmentFigures) -> Table:
    """Groups down, years across (the earlier years of a long period in one column), totals last."""
    bold, number, number_bold = small_bold_style(), small_number_style(), small_number_bold_style()
    years = list(figures.years)
    earlier = years[:-YEAR_COLUMNS] if len(years) > YEAR_COLUMNS else []
    shown = years[len(earlier) :]
    headers = ([_("until {year}").format(year=earlier[-1])] if earlier else []) + [str(year) for year in shown]
    rows: list[list[TableCell]] = [
        [
            Paragraph(escape(_("Group")), bold),
            *(Paragraph(escape(text), number_bold) for text in [*headers, _("Total")]),
        ]
    ]
    totals = [0] * (len(headers) + 1)
    for name, counts in figures.outcomes_by_group:
        values = ([sum(counts[year] for year in earlier)] if earlier else []) + [counts[year] for year in shown]
        values.append(sum(counts.values()))
        totals = [total + value for total, value in zip(totals, values, strict=True)]
        rows.append(
            [Paragraph(escape(name), small_style()), *(Paragraph(format_count(value), number) for value in values)]
        )
    rows.append(
        [Paragraph(escape(_("Network")), bold), *(Paragraph(format_count(value), number_bold) for value in totals)]
    )
    fitted, widths = fitted_columns(rows, stretch=0)  # "until …" wraps between its words
    table = Table(fitted, colWidths=widths, repeatRows=1, style=table_style(), hAlign="LEFT")
    table.setStyle(TableStyle([("LINEABOVE", (0, -1), (-1, -1), 0.8, INK)]))
    return table


def _moves_table(figures: DevelopmentFigures) -> Table:
    bold, number, number_bold = small_bold_style(), small_number_style(), small_number_bold_style()
    intentions = list(GrowthIntention)
    rows: list[list[TableCell]] = [
        [
            Paragraph(escape(_("First \\ latest")), bold),
            *(Paragraph(escape(intention.label), number_bold) for intention in intentions),
        ]
    ]
    for first in intentions:
        cells: list[TableCell] = [Paragraph(escape(first.label), bold)]
        for latest in intentions:
            count = figures.moves.get((first, latest), 0)
            shown = format_count(count)
            cells.append(Paragraph(f"<b>{shown}</b>" if count and latest.rank > first.rank else shown, number))
        rows.append(cells)
    # The intentions' columns alike, as wide as the widest needs; the room left goes to the first.
    fitted, widths = fitted_columns(rows, stretch=0, alike=range(1, len(intentions) + 1))
    return Table(fitted, colWidths=widths, style=table_style(), hAlign="LEFT")


def _barriers_table(figures: DevelopmentFigures) -> list[Flowable]:
    if not figures.barriers:
        return [Paragraph(muted(_("No barrier was named in the period's interviews.")), small_style())]
    bold, number, number_bold = small_bold_style(), small_number_style(), small_number_bold_style()
    rows: list[list[TableCell]] = [
        [
            Paragraph(escape(_("Barrier")), bold),
            Paragraph(escape(_("Entrepreneurs")), number_bold),
            Paragraph(escape(_("Of those interviewed")), number_bold),
        ]
    ]
    for barrier, count in figures.barriers:
        rows.append(
            [
                Paragraph(escape(barrier.label), small_style()),
                Paragraph(format_count(count), number),
                Paragraph(escape(percent_text(count / figures.interviewed)), number),
            ]
        )
    fitted, widths = fitted_columns(rows, stretch=0)
    table = Table(fitted, colWidths=widths, style=table_style(), hAlign="LEFT")
    note = _("Each entrepreneur counts once, with the barriers named in their latest interview of the period.")
    return [table, Spacer(0, 1 * mm), Paragraph(escape(note), styles().note)]


def _kinds_table(figures: DevelopmentFigures) -> list[Flowable]:
    if not figures.kinds:
        return [Paragraph(muted(_("No outcome in the period.")), small_style())]
    bold, number_bold = small_bold_style(), small_number_bold_style()
    rows: list[list[TableCell]] = [
        [
            Paragraph(escape(_("Outcome")), bold),
            Paragraph(escape(_("Outcomes")), number_bold),
            Paragraph(escape(_("Activity codes on the memo entries behind them")), bold),
        ]
    ]
    for row in figures.kinds:
        codes = sorted(row.codes.items(), key=lambda item: (-item[1], item[0]))
        text = ", ".join(f"<b>{escape(code)}</b> {format_count(count)}" for code, count in codes)
        if row.uncoded:
            text += (" · " if text else "") + escape(
                ngettext("{count} without a coded entry", "{count} without a coded entry", row.uncoded).format(
                    count=format_count(row.uncoded)
                )
            )
        rows.append(
            [
                Paragraph(escape(row.kind.label), small_style()),
                Paragraph(format_count(row.outcomes), small_number_style()),
                Paragraph(text, small_style()),
            ]
        )
    fitted, widths = fitted_columns(rows, stretch=2)
    table = Table(fitted, colWidths=widths, repeatRows=1, style=table_style(), hAlign="LEFT")
    note = _(
        "For each kind of outcome, how many of the outcomes had a memo entry carrying each activity code among "
        "the entries that led to them (a researcher's re-code where there is one)."
    )
    return [table, Spacer(0, 1 * mm), Paragraph(escape(note), styles().note)]
