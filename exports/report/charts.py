"""The network report's charts, drawn with reportlab's graphics in the embedded DejaVu font:
attendance over time, attendance per group, the activity codes of the period, and the table of
codes per group."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from xml.sax.saxutils import escape

from reportlab.graphics.charts.axes import ValueAxis
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.graphics.widgetbase import TypedPropertyCollection
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from exports.pdf.styles import (
    FONT,
    INK,
    RULE,
    TEXT_WIDTH,
    TableCommand,
    muted,
    styles,
    table_style,
)
from exports.pdf.tables import fitted_columns
from exports.report.figures import AttendancePoint, NetworkReport
from exports.report.styles import (
    BAR,
    BAR_LIGHT,
    LABEL_SIZE,
    percent_text,
    small_bold_style,
    small_centre_bold_style,
    small_number_bold_style,
    small_number_style,
    small_style,
)
from facilitator.dates import format_count, format_day_month, format_percent, month_names
from facilitator.i18n import _

#: Room between a chart's caption over it and the chart.
_CAPTION_GAP = 1 * mm


def _month_label(month: int) -> str:
    return month_names("abbreviated")[month - 1]


def _point_label(point: AttendancePoint, first: bool, start: date, end: date) -> str:
    """A bar's label under the axis: the month (with its year for the first and for January), or
    the year, marked "*" where the period holds only part of it (see :func:`_part_of_year_text`)."""
    if point.month is None:
        return f"{point.year}*" if _part_of_year_text(point.year, start, end) else str(point.year)
    if first or point.month == 1:
        return f"{_month_label(point.month)}\n{point.year}"
    return _month_label(point.month)


def _part_of_year_text(year: int, start: date, end: date) -> str:
    """Which part of ``year`` the period ``start``–``end`` holds ("from 5 Dec"), where not the
    whole: a year's bar counts only the meetings of the period, so a first (or last) year the
    period cuts is not the whole year the dashboard shows under the same number."""
    if year == start.year and start != date(year, 1, 1):
        if year == end.year and end != date(year, 12, 31):
            return _("{start}–{end}").format(start=format_day_month(start), end=format_day_month(end))
        return _("from {day}").format(day=format_day_month(start))
    if year == end.year and end != date(year, 12, 31):
        return _("until {day}").format(day=format_day_month(end))
    return ""


def _style_axis_labels(labels: TypedPropertyCollection, size: float = LABEL_SIZE) -> None:
    labels.fontName = FONT
    labels.fontSize = size
    labels.fillColor = INK


def _caption(text: str) -> Paragraph:
    """What a chart shows, over it: a paragraph as wide as the chart, so that a long sentence (the
    Finnish and Swedish ones are) wraps within it rather than run past its edge."""
    return Paragraph(escape(text), styles().note)


def _percent_label(value: float) -> str:
    """An axis's or a bar's percentage (0–100), written as the language writes percentages."""
    return format_percent(value / 100)


def _count_label(value: float) -> str:
    return format_count(round(value))


def _percent_axis(axis: ValueAxis) -> None:
    axis.valueMin = 0
    axis.valueMax = 100
    axis.valueStep = 20
    axis.labelTextFormat = _percent_label
    axis.strokeColor = RULE
    axis.gridStrokeColor = colors.HexColor("#dddddd")
    axis.gridStrokeWidth = 0.4
    axis.visibleGrid = True
    _style_axis_labels(axis.labels)  # type: ignore[attr-defined]  # an axis's labels, not in the stubs


def attendance_chart(report: NetworkReport) -> list[Flowable]:
    points = report.attendance
    # The bars' heights in percent; their labels the shares as the tables write them (one rounding).
    values = [None if point.average is None else point.average * 100 for point in points]
    if all(value is None for value in values):
        return [Paragraph(muted(_("No attendance was taken at the meetings of the period.")), styles().body)]
    height = 58 * mm
    drawing = _drawing(height)
    chart = VerticalBarChart()
    # The stubs type a chart's place and size int; reportlab takes any number (its isNumber validator).
    chart.x, chart.y = 14 * mm, 12 * mm  # type: ignore[assignment]
    chart.width, chart.height = TEXT_WIDTH - chart.x - 2 * mm, height - chart.y - 4 * mm  # type: ignore[assignment]
    chart.data = [values]  # a month without a meeting has no bar (and no "0")
    chart.bars[0].fillColor = BAR
    chart.bars[0].strokeColor = None
    chart.barSpacing = 1
    chart.groupSpacing = 3 if len(points) > 14 else 6
    _percent_axis(chart.valueAxis)
    labels = [_point_label(point, index == 0, report.start, report.end) for index, point in enumerate(points)]
    chart.categoryAxis.categoryNames = labels
    chart.categoryAxis.strokeColor = RULE
    crowded = len(points) > 14
    _style_axis_labels(chart.categoryAxis.labels, 7 if crowded else LABEL_SIZE)
    chart.categoryAxis.labels.boxAnchor = "ne" if crowded and not report.monthly else "n"
    chart.categoryAxis.labels.angle = 40 if crowded and not report.monthly else 0
    chart.categoryAxis.labels.dy = -3
    chart.barLabelFormat = "values"
    chart.barLabelArray = [["" if point.average is None else percent_text(point.average) for point in points]]
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 5.5 if len(points) > 14 else 6.5
    chart.barLabels.nudge = 5
    chart.barLabels.fillColor = INK
    drawing.add(chart)
    per = _("per month") if report.monthly else _("per year")
    subtitle = (
        _("network average {per}; months without a meeting are left empty").format(per=per)
        if report.monthly
        else _("network average {per}").format(per=per)
    )
    caption = f"{_('% of members present')} · {subtitle}"
    # The first month listed says its year, as January's does (the first bar's may have no meeting).
    held = [point for point in points if point.meetings]
    counts = " · ".join(
        f"{_point_label(point, index == 0, report.start, report.end).replace(chr(10), ' ')}: "
        f"{format_count(point.meetings)}"
        for index, point in enumerate(held)
    )
    note = _("Meetings with attendance taken — {counts}").format(counts=counts)
    parts = [
        f"{point.year} ({part})"
        for point in points
        if point.month is None and (part := _part_of_year_text(point.year, report.start, report.end))
    ]
    if parts:
        footnote = _("* Only part of the year is in the period: {years}.").format(years=", ".join(parts))
        note += " " + footnote.replace("* ", "*\u00a0", 1)  # the mark never ends a line alone
    return [_caption(caption), Spacer(0, _CAPTION_GAP), drawing, Paragraph(escape(note), styles().note)]


def _drawing(height: float) -> Drawing:
    """A full-width drawing whose text starts in DejaVu (reportlab's graphics would start in
    Helvetica, which has no Sami letters and would be put into the file)."""
    return Drawing(TEXT_WIDTH, height, initialFontName=FONT, initialFontSize=LABEL_SIZE)


def _horizontal_chart(
    names: Sequence[str], values: Sequence[float], *, percent: bool, labels: Sequence[str]
) -> Drawing:
    """Bars of ``values`` beside ``names``, each with its label (as written in the tables)."""
    label_width = min(max(stringWidth(name, FONT, LABEL_SIZE) for name in names) + 4 * mm, TEXT_WIDTH * 0.45)
    bar_room = 12.5 if len(names) > 8 else 15
    height = len(names) * bar_room + 10 * mm
    drawing = _drawing(height)
    chart = HorizontalBarChart()
    chart.x, chart.y = label_width, 8 * mm  # type: ignore[assignment]  # any number, as above
    chart.width, chart.height = TEXT_WIDTH - label_width - 10 * mm, height - chart.y - 2 * mm  # type: ignore[assignment]
    # reportlab draws the first category at the bottom: reverse, so the list reads top-down.
    chart.data = [list(reversed(values))]
    chart.categoryAxis.categoryNames = list(reversed(names))
    chart.bars[0].fillColor = BAR
    chart.bars[0].strokeColor = None
    chart.barSpacing = 1
    chart.groupSpacing = 3
    _style_axis_labels(chart.categoryAxis.labels)
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -3
    chart.categoryAxis.strokeColor = RULE
    if percent:
        _percent_axis(chart.valueAxis)
    else:
        chart.valueAxis.valueMin = 0
        chart.valueAxis.strokeColor = RULE
        chart.valueAxis.visibleGrid = True
        chart.valueAxis.gridStrokeColor = colors.HexColor("#dddddd")
        chart.valueAxis.gridStrokeWidth = 0.4
        chart.valueAxis.forceZero = True
        top = max(values, default=0)
        if top < 5:
            chart.valueAxis.valueMax = 5
            chart.valueAxis.valueStep = 1
        chart.valueAxis.labelTextFormat = _count_label
        _style_axis_labels(chart.valueAxis.labels)
    chart.barLabelFormat = "values"
    chart.barLabelArray = [list(reversed(labels))]
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = LABEL_SIZE
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 2
    chart.barLabels.fillColor = INK
    drawing.add(chart)
    return drawing


def _fitted_name(name: str, room: float) -> str:
    if stringWidth(name, FONT, LABEL_SIZE) <= room:
        return name
    while name and stringWidth(name + "…", FONT, LABEL_SIZE) > room:
        name = name[:-1]
    return name.rstrip() + "…"


def group_attendance_chart(report: NetworkReport) -> list[Flowable]:
    shown = [line for line in report.groups if line.period.attendance is not None]
    if not shown:
        return [Paragraph(muted(_("No attendance was taken at the meetings of the period.")), styles().body)]
    names = [_fitted_name(line.name, TEXT_WIDTH * 0.42) for line in shown]
    shares = [line.period.attendance or 0 for line in shown]
    labels = [percent_text(share) for share in shares]  # the groups' table's figures, rounded once
    drawing = _horizontal_chart(names, [share * 100 for share in shares], percent=True, labels=labels)
    caption = _caption(_("% of members present, average over the period's meetings"))
    parts: list[Flowable] = [caption, Spacer(0, _CAPTION_GAP), drawing]
    missing = [line.name for line in report.groups if line.period.attendance is None]
    if missing:
        parts.append(
            Paragraph(
                escape(_("No attendance taken in the period: {groups}.").format(groups=", ".join(missing))),
                styles().note,
            )
        )
    return parts


def codes_chart(report: NetworkReport) -> list[Flowable]:
    rows = report.activities
    if not any(row.total for row in rows):
        return [Paragraph(muted(_("No memo entry of the period carries an activity code.")), styles().body)]
    names = [f"{row.code}  {row.name}" for row in rows]
    totals = [row.total for row in rows]
    drawing = _horizontal_chart(names, totals, percent=False, labels=[format_count(total) for total in totals])
    return [_caption(_("memo entries carrying the code, all groups")), Spacer(0, _CAPTION_GAP), drawing]


def codes_per_group(report: NetworkReport) -> list[Flowable]:
    codes = [row.code for row in report.activities]
    small, number, centre_bold, bold = (
        small_style(),
        small_number_style(),
        small_centre_bold_style(),
        small_bold_style(),
    )
    rows: list[list[Paragraph]] = [
        [
            Paragraph(escape(_("Group")), bold),
            *(Paragraph(code, centre_bold) for code in codes),
            Paragraph(escape(_("All")), small_number_bold_style()),
        ]
    ]
    top = max((count for line in report.groups for count in line.codes.values()), default=0) or 1
    shading: list[TableCommand] = []
    for index, line in enumerate(report.groups, start=1):
        counts = [line.codes.get(code, 0) for code in codes]
        rows.append(
            [
                Paragraph(escape(line.name), small),
                *(Paragraph(format_count(count) if count else "·", number) for count in counts),
                Paragraph(format_count(sum(counts)), small_number_bold_style()),
            ]
        )
        for column, count in enumerate(counts, start=1):
            if count:
                shading.append(("BACKGROUND", (column, index), (column, index), _shade(count / top)))
    totals = [row.total for row in report.activities]
    rows.append(
        [
            Paragraph(escape(_("Network")), bold),
            *(Paragraph(format_count(total), small_number_bold_style()) for total in totals),
            Paragraph(format_count(sum(totals)), small_number_bold_style()),
        ]
    )
    # Every code's column as wide as its own widest count (a column of three-digit counts leaves
    # the room of a fourth to the names); the names take the rest.
    fitted, widths = fitted_columns(rows, stretch=0)
    table = Table(fitted, colWidths=widths, repeatRows=1, style=table_style(), hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("LINEABOVE", (0, -1), (-1, -1), 0.8, INK),
                ("TOPPADDING", (0, 1), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 1), (-1, -1), 3),
                *shading,
            ]
        )
    )
    legend = "; ".join(f"{row.code} = {row.name}" for row in report.activities)
    note = _(
        "Memo entries of the period carrying each code (an entry counts once per code it carries; a "
        "researcher's re-code replaces the entry's own codes). Darker: more. Codes: {legend}."
    ).format(legend=legend)
    return [table, Spacer(0, 1.5 * mm), Paragraph(escape(note), styles().note)]


def _shade(strength: float) -> colors.Color:
    """A light blue, stronger for a larger count, always light enough for black numbers."""
    low, high = colors.HexColor("#eef3f9"), BAR_LIGHT
    return colors.linearlyInterpolatedColor(low, high, 0, 1, min(max(strength, 0), 1))
