"""The network report's charts, drawn with reportlab's graphics in the embedded DejaVu font:
attendance over time, attendance per group, the activity codes of the period, and the table of
codes per group."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal
from xml.sax.saxutils import escape

from reportlab.graphics.charts.axes import ValueAxis
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgetbase import TypedPropertyCollection
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from exports.pdf.styles import (
    CELL_PADDING,
    CONTENT_WIDTH,
    FONT,
    FONT_BOLD,
    INK,
    MUTED,
    RULE,
    TableCommand,
    muted,
    styles,
    table_style,
)
from exports.report.figures import AttendancePoint, NetworkReport
from exports.report.styles import (
    BAR,
    BAR_LIGHT,
    LABEL_SIZE,
    small_bold_style,
    small_centre_bold_style,
    small_number_bold_style,
    small_number_style,
    small_style,
)
from facilitator.dates import month_names
from facilitator.i18n import _


def _month_label(month: int) -> str:
    return month_names("abbreviated")[month - 1]


def _point_label(point: AttendancePoint, first: bool) -> str:
    if point.month is None:
        return str(point.year)
    if first or point.month == 1:
        return f"{_month_label(point.month)}\n{point.year}"
    return _month_label(point.month)


def _style_axis_labels(labels: TypedPropertyCollection, size: float = LABEL_SIZE) -> None:
    labels.fontName = FONT
    labels.fontSize = size
    labels.fillColor = INK


def _axis_title(text: str, x: float, y: float, *, anchor: Literal["start", "end"] = "start") -> String:
    return String(x, y, text, fontName=FONT, fontSize=LABEL_SIZE, fillColor=MUTED, textAnchor=anchor)


def _percent_axis(axis: ValueAxis) -> None:
    axis.valueMin = 0
    axis.valueMax = 100
    axis.valueStep = 20
    axis.labelTextFormat = lambda value: _("{percent}%").format(percent=round(value))
    axis.strokeColor = RULE
    axis.gridStrokeColor = colors.HexColor("#dddddd")
    axis.gridStrokeWidth = 0.4
    axis.visibleGrid = True
    _style_axis_labels(axis.labels)  # type: ignore[attr-defined]  # an axis's labels, not in the stubs


def _bar_label_format(value: float | None) -> str:
    return "" if value is None else f"{value:.0f}"


def attendance_chart(report: NetworkReport) -> list[Flowable]:
    points = report.attendance
    values = [None if point.average is None else round(point.average * 100, 1) for point in points]
    if all(value is None for value in values):
        return [Paragraph(muted(_("No attendance was taken at the meetings of the period.")), styles().body)]
    height = 62 * mm
    drawing = _drawing(height)
    chart = VerticalBarChart()
    # The stubs type a chart's place and size int; reportlab takes any number (its isNumber validator).
    chart.x, chart.y = 14 * mm, 12 * mm  # type: ignore[assignment]
    chart.width, chart.height = CONTENT_WIDTH - chart.x - 2 * mm, height - chart.y - 8 * mm  # type: ignore[assignment]
    chart.data = [values]  # a month without a meeting has no bar (and no "0")
    chart.bars[0].fillColor = BAR
    chart.bars[0].strokeColor = None
    chart.barSpacing = 1
    chart.groupSpacing = 3 if len(points) > 14 else 6
    _percent_axis(chart.valueAxis)
    chart.categoryAxis.categoryNames = [_point_label(point, index == 0) for index, point in enumerate(points)]
    chart.categoryAxis.strokeColor = RULE
    crowded = len(points) > 14
    _style_axis_labels(chart.categoryAxis.labels, 7 if crowded else LABEL_SIZE)
    chart.categoryAxis.labels.boxAnchor = "ne" if crowded and not report.monthly else "n"
    chart.categoryAxis.labels.angle = 40 if crowded and not report.monthly else 0
    chart.categoryAxis.labels.dy = -3
    chart.barLabelFormat = _bar_label_format
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 6.5 if len(points) > 14 else LABEL_SIZE
    chart.barLabels.nudge = 5
    chart.barLabels.fillColor = INK
    drawing.add(chart)
    drawing.add(_axis_title(_("% of members present"), 0, height - 4 * mm))
    per = _("per month") if report.monthly else _("per year")
    drawing.add(
        _axis_title(
            _("network average {per}; months without a meeting are left empty").format(per=per)
            if report.monthly
            else _("network average {per}").format(per=per),
            CONTENT_WIDTH,
            height - 4 * mm,
            anchor="end",
        )
    )
    counts = " · ".join(
        f"{_point_label(point, False).replace(chr(10), ' ')}: {point.meetings}" for point in points if point.meetings
    )
    note = _("Meetings with attendance taken — {counts}").format(counts=counts)
    return [drawing, Paragraph(escape(note), styles().note)]


def _drawing(height: float) -> Drawing:
    """A full-width drawing whose text starts in DejaVu (reportlab's graphics would start in
    Helvetica, which has no Sami letters and would be put into the file)."""
    return Drawing(CONTENT_WIDTH, height, initialFontName=FONT, initialFontSize=LABEL_SIZE)


def _horizontal_chart(
    names: Sequence[str], values: Sequence[float], *, percent: bool, axis_title: str, label: Callable[[float], str]
) -> Drawing:
    label_width = min(max(stringWidth(name, FONT, LABEL_SIZE) for name in names) + 4 * mm, CONTENT_WIDTH * 0.45)
    bar_room = 12.5 if len(names) > 8 else 15
    height = len(names) * bar_room + 14 * mm
    drawing = _drawing(height)
    chart = HorizontalBarChart()
    chart.x, chart.y = label_width, 8 * mm  # type: ignore[assignment]  # any number, as above
    chart.width, chart.height = CONTENT_WIDTH - label_width - 10 * mm, height - chart.y - 6 * mm  # type: ignore[assignment]
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
        _style_axis_labels(chart.valueAxis.labels)
    chart.barLabelFormat = label
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = LABEL_SIZE
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 2
    chart.barLabels.fillColor = INK
    drawing.add(chart)
    drawing.add(_axis_title(axis_title, chart.x + chart.width, 0, anchor="end"))
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
    names = [_fitted_name(line.name, CONTENT_WIDTH * 0.42) for line in shown]
    values = [round((line.period.attendance or 0) * 100, 1) for line in shown]
    drawing = _horizontal_chart(
        names,
        values,
        percent=True,
        axis_title=_("% of members present, average over the period's meetings"),
        label=lambda value: _("{percent}%").format(percent=round(value)),
    )
    parts: list[Flowable] = [drawing]
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
    drawing = _horizontal_chart(
        names,
        [row.total for row in rows],
        percent=False,
        axis_title=_("memo entries carrying the code, all groups"),
        label=lambda value: f"{value:.0f}",
    )
    return [drawing]


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
                *(Paragraph(str(count) if count else "·", number) for count in counts),
                Paragraph(str(sum(counts)), small_number_bold_style()),
            ]
        )
        for column, count in enumerate(counts, start=1):
            if count:
                shading.append(("BACKGROUND", (column, index), (column, index), _shade(count / top)))
    totals = [row.total for row in report.activities]
    rows.append(
        [
            Paragraph(escape(_("Network")), bold),
            *(Paragraph(str(total), small_number_bold_style()) for total in totals),
            Paragraph("", bold),
        ]
    )
    code_width = max(stringWidth("999", FONT_BOLD, 8.5), stringWidth("MK", FONT_BOLD, 8.5)) + 2 * CELL_PADDING + 4
    all_width = stringWidth("9999", FONT_BOLD, 8.5) + 2 * CELL_PADDING + 4
    widths = [CONTENT_WIDTH - len(codes) * code_width - all_width, *([code_width] * len(codes)), all_width]
    table = Table(rows, colWidths=widths, repeatRows=1, style=table_style(), hAlign="LEFT")
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
