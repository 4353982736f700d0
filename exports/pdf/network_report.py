"""The coordinator's network report on A4: the period's figures per group, charts, and the
researchers' table of the eleven activity codes with examples from the whole network.

Pages, in order (each section runs on from the last; long tables repeat their header row):

1. the title, the period and the day it was made, the network's totals in one line, and the table
   of groups — members, meetings held, attendance, feedback, hosting spread, open action items and
   the last bundle received, with a warning mark for a group that has gone quiet;
2. charts drawn with reportlab's graphics in the embedded DejaVu font: the network's attendance
   over time (month by month, or year by year for a long period), attendance per group, and the
   activity codes of the period; then a table of the codes per group;
3. the researchers' table: each of the eleven codes in the order of DESIGN §4 with its count and
   two or three representative entries (group, date, text shortened at a word).

A period in which nothing was held gives the title, a sentence saying so and the groups' table.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Paragraph, Spacer, Table, TableStyle

from exports.network_report import AttendancePoint, GroupLine, NetworkReport
from exports.pdf.styles import (
    CELL_PADDING,
    CONTENT_WIDTH,
    FONT,
    FONT_BOLD,
    INK,
    MUTED,
    MUTED_HEX,
    RULE,
    build_pdf,
    styles,
    table_style,
)
from facilitator.dates import format_date
from facilitator.i18n import _
from facilitator.network import QUIET_AFTER, ActivityRow, CodedEntry

#: How much of an example's text the researchers' table prints.
EXAMPLE_CHARACTERS = 230
#: The bars' fill, and the warning's colour (dark enough to read in grey on a laser printer).
BAR = colors.HexColor("#4f79a8")
BAR_LIGHT = colors.HexColor("#9db7d5")
WARNING_HEX = "#b22a00"
#: Font sizes inside the charts.
_LABEL_SIZE = 7.5
_TITLE_SIZE = 8.5


def write_network_report_pdf(report: NetworkReport, path: Path) -> Path:
    """Lay ``report`` out and write it to ``path`` atomically; return the path.

    Raises :class:`~exports.errors.ExportFailed` naming the path when it cannot be written."""
    footer = _("Network report, {period}").format(period=_period(report))
    title = _("Network report {period}").format(period=_period(report))
    return build_pdf(path, network_report_story(report), title=title, group_name=footer)


def network_report_story(report: NetworkReport) -> list[Flowable]:
    """The flowables of the report's pages (for laying out elsewhere, or timing)."""
    story: list[Flowable] = [*_heading(report)]
    story += _section(_("Groups"), _groups_table(report), keep=False)
    if report.empty:
        return story
    story += _section(_("Attendance over time"), _attendance_chart(report))
    story += _section(_("Attendance per group"), _group_attendance_chart(report))
    story += _section(_("Activity codes in the period"), _codes_chart(report))
    story += _section(_("Activity codes per group"), _codes_per_group(report), keep=False)
    story.append(PageBreak())
    story += _section(_("The eleven activities, with examples from the network"), _activities_table(report), keep=False)
    return story


# -- text ------------------------------------------------------------------------------------------


def _period(report: NetworkReport) -> str:
    return _("{start} – {end}").format(start=format_date(report.start), end=format_date(report.end))


def _percent(share: float | None) -> str:
    return "–" if share is None else _("{percent}%").format(percent=round(share * 100))


def _muted(text: str) -> str:
    return f"<font color='{MUTED_HEX}'>{escape(text)}</font>"


def shortened(text: str, limit: int = EXAMPLE_CHARACTERS) -> str:
    """``text`` on one line, cut at a word with an ellipsis when longer than ``limit`` characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0] if " " in text[: limit + 1] else text[:limit]
    if len(cut) < limit * 0.6:  # one very long word: cut inside it
        cut = text[:limit]
    return cut.rstrip(" ,.;:–—-") + "…"


@functools.cache
def _section_style() -> ParagraphStyle:
    return ParagraphStyle("report_section", parent=styles().subtitle, fontSize=12, leading=15, spaceBefore=10, spaceAfter=4)


@functools.cache
def _small() -> ParagraphStyle:
    return ParagraphStyle("report_small", parent=styles().cell, fontSize=8.5, leading=10.5)


@functools.cache
def _small_bold() -> ParagraphStyle:
    return ParagraphStyle("report_small_bold", parent=_small(), fontName=FONT_BOLD)


@functools.cache
def _small_number() -> ParagraphStyle:
    return ParagraphStyle("report_small_number", parent=_small(), alignment=TA_RIGHT)


@functools.cache
def _small_number_bold() -> ParagraphStyle:
    return ParagraphStyle("report_small_number_bold", parent=_small_number(), fontName=FONT_BOLD)


@functools.cache
def _small_centre_bold() -> ParagraphStyle:
    return ParagraphStyle("report_small_centre_bold", parent=_small_bold(), alignment=TA_CENTER)


def _section(title: str, parts: Sequence[Flowable], *, keep: bool = True) -> list[Flowable]:
    """A heading and what follows it, on one page; a long section starts where there is room for
    its heading and a few rows, and runs over."""
    heading = Paragraph(escape(title), _section_style())
    if keep:
        return [KeepTogether([heading, *parts])]
    return [CondPageBreak(40 * mm), heading, *parts]


def _heading(report: NetworkReport) -> list[Flowable]:
    style = styles()
    groups = len(report.groups)
    parts: list[Flowable] = [
        Paragraph(escape(_("Network report")), style.title),
        Paragraph(escape(_("Meetings held {period}").format(period=_period(report))), style.subtitle),
        Paragraph(escape(_("Made on {date}").format(date=format_date(report.made))), style.body),
    ]
    if report.empty:
        nothing = _(
            "Nothing in this period: no group held a meeting between {start} and {end}, so there is no "
            "attendance, feedback or activity to report. Choose another period."
        ).format(start=format_date(report.start), end=format_date(report.end))
        if not report.groups:
            nothing = _("Nothing in this period: the workspace holds no groups yet.")
        parts += [Spacer(0, 3 * mm), Paragraph(f"<b>{escape(nothing)}</b>", style.body)]
    else:
        totals = _("{groups} groups · {held} meetings held · {coded} memo entries with activity codes").format(
            groups=groups, held=report.held, coded=report.coded
        )
        parts.append(Paragraph(escape(totals), style.body))
    if not report.coordinator:
        parts.append(
            Paragraph(
                escape(
                    _("This is a facilitator's workspace: the report covers its own groups, and bundles "
                      "arrive only at the coordinator's, so the last bundle is not shown.")
                ),
                style.note,
            )
        )
    return parts


# -- the groups' table -----------------------------------------------------------------------------


def _last_bundle(line: GroupLine, report: NetworkReport) -> str:
    if line.last_bundle is None:
        text = escape(_("never"))
    else:
        text = escape(format_date(line.last_bundle.date()))
    if not line.quiet:
        return text
    if line.last_bundle is None:
        warning = _("no bundle yet")
    else:
        days = (report.made - line.last_bundle.date()).days
        warning = _("no bundle for {days} days").format(days=days)
    return f"<font color='{WARNING_HEX}'><b>⚠ {text}</b><br/>{escape(warning)}</font>"


def _groups_table(report: NetworkReport) -> list[Flowable]:
    if not report.groups:
        return [Paragraph(_muted(_("The workspace holds no groups.")), styles().body)]
    small, bold, number, number_bold = _small(), _small_bold(), _small_number(), _small_number_bold()
    headers = [
        (_("Group"), bold),
        (_("Members"), number_bold),
        (_("Meetings held"), number_bold),
        (_("Attendance"), number_bold),
        (_("Feedback (of 5)"), number_bold),
        (_("Hosts"), number_bold),
        (_("Open action items"), number_bold),
    ]
    if report.coordinator:
        headers.append((_("Last bundle"), bold))
    rows: list[list] = [[Paragraph(escape(text), style) for text, style in headers]]
    for line in report.groups:
        figures = line.period
        feedback = "–" if figures.feedback_average is None else f"{figures.feedback_average:.1f}"
        hosts = _("{hosts} of {can_host}").format(hosts=figures.hosts, can_host=figures.can_host)
        row = [
            Paragraph(escape(line.name), small),
            Paragraph(str(figures.members), number),
            Paragraph(str(figures.held), number),
            Paragraph(escape(_percent(figures.attendance)), number),
            Paragraph(escape(feedback), number),
            Paragraph(escape(hosts), number),
            Paragraph(str(line.open_actions), number),
        ]
        if report.coordinator:
            row.append(Paragraph(_last_bundle(line, report), small))
        rows.append(row)
    rows.append(_totals_row(report))
    widths = [
        _fitted([_("Members"), "999"], FONT_BOLD),
        _fitted([_("Meetings held")], FONT_BOLD, wrap=True),
        _fitted([_("Attendance"), "100%"], FONT_BOLD),
        _fitted([_("Feedback (of 5)")], FONT_BOLD, wrap=True),
        _fitted([_("Hosts"), _("{hosts} of {can_host}").format(hosts=999, can_host=999)], FONT_BOLD),
        _fitted([_("Open action items")], FONT_BOLD, wrap=True),
    ]
    if report.coordinator:
        # As wide as a date: the mark and the warning wrap under it, so that the names keep their room.
        widths.append(max(_fitted([_("Last bundle")], FONT_BOLD, wrap=True), _fitted(["30 Sep 2026"], FONT)))
    widths.insert(0, CONTENT_WIDTH - sum(widths))
    table = Table(rows, colWidths=widths, repeatRows=1, style=table_style(), hAlign="LEFT")
    table.setStyle(TableStyle([("LINEABOVE", (0, -1), (-1, -1), 0.8, INK)]))
    notes = [
        _("Meetings held, attendance (members present of the members on the day), feedback and hosts "
          "(different members who hosted, of the members who can host) count the meetings held in the period; "
          "members are counted on its last day; open action items are those open now."),
    ]
    if report.coordinator:
        notes.append(
            _("⚠ marks a group that has sent no bundle in the last {days} days: its figures may be out of date.").format(
                days=QUIET_AFTER.days
            )
        )
    return [table, Spacer(0, 1.5 * mm), *(Paragraph(escape(note), styles().note) for note in notes)]


def _totals_row(report: NetworkReport) -> list:
    bold, number_bold = _small_bold(), _small_number_bold()
    shares = [share for line in report.groups for _day, share in line.period.shares]
    responses = sum(line.period.feedback_responses for line in report.groups)
    feedback = (
        sum((line.period.feedback_average or 0) * line.period.feedback_responses for line in report.groups) / responses
        if responses
        else None
    )
    hosts = sum(line.period.hosts for line in report.groups)
    can_host = sum(line.period.can_host for line in report.groups)
    row = [
        Paragraph(escape(_("Network")), bold),
        Paragraph(str(sum(line.period.members for line in report.groups)), number_bold),
        Paragraph(str(report.held), number_bold),
        Paragraph(escape(_percent(sum(shares) / len(shares) if shares else None)), number_bold),
        Paragraph("–" if feedback is None else f"{feedback:.1f}", number_bold),
        Paragraph(escape(_("{hosts} of {can_host}").format(hosts=hosts, can_host=can_host)), number_bold),
        Paragraph(str(sum(line.open_actions for line in report.groups)), number_bold),
    ]
    if report.coordinator:
        quiet = sum(line.quiet for line in report.groups)
        text = _("{count} quiet").format(count=quiet) if quiet else ""
        row.append(Paragraph(f"<font color='{WARNING_HEX}'><b>{escape(text)}</b></font>" if quiet else "", bold))
    return row


def _fitted(texts: Sequence[str], font: str, *, wrap: bool = False) -> float:
    """A column as wide as its widest text (a header that may ``wrap`` at its widest word)."""
    words = [word for text in texts for word in (text.split() if wrap else [text])]
    widest = max(stringWidth(word, font, _small().fontSize) for word in words)
    if wrap:
        widest = max(widest, max(stringWidth(text, font, _small().fontSize) for text in texts) / 2)
    return widest + 2 * CELL_PADDING + 2


# -- charts ----------------------------------------------------------------------------------------


def _month_label(month: int) -> str:
    months = (
        _("Jan"), _("Feb"), _("Mar"), _("Apr"), _("May"), _("Jun"),
        _("Jul"), _("Aug"), _("Sep"), _("Oct"), _("Nov"), _("Dec"),
    )  # fmt: skip
    return months[month - 1]


def _point_label(point: AttendancePoint, first: bool) -> str:
    if point.month is None:
        return str(point.year)
    if first or point.month == 1:
        return f"{_month_label(point.month)}\n{point.year}"
    return _month_label(point.month)


def _style_axis_labels(labels, size: float = _LABEL_SIZE) -> None:  # noqa: ANN001 - reportlab's TypedPropertyCollection
    labels.fontName = FONT
    labels.fontSize = size
    labels.fillColor = INK


def _axis_title(text: str, x: float, y: float, *, anchor: str = "start") -> String:
    return String(x, y, text, fontName=FONT, fontSize=_LABEL_SIZE, fillColor=MUTED, textAnchor=anchor)


def _percent_axis(axis) -> None:  # noqa: ANN001
    axis.valueMin = 0
    axis.valueMax = 100
    axis.valueStep = 20
    axis.labelTextFormat = lambda value: _("{percent}%").format(percent=round(value))
    axis.strokeColor = RULE
    axis.gridStrokeColor = colors.HexColor("#dddddd")
    axis.gridStrokeWidth = 0.4
    axis.visibleGrid = True
    _style_axis_labels(axis.labels)


def _bar_label_format(value: float | None) -> str:
    return "" if value is None else f"{value:.0f}"


def _attendance_chart(report: NetworkReport) -> list[Flowable]:
    points = report.attendance
    values = [None if point.average is None else round(point.average * 100, 1) for point in points]
    if all(value is None for value in values):
        return [Paragraph(_muted(_("No attendance was taken at the meetings of the period.")), styles().body)]
    height = 62 * mm
    drawing = _drawing(height)
    chart = VerticalBarChart()
    chart.x, chart.y = 14 * mm, 12 * mm
    chart.width, chart.height = CONTENT_WIDTH - chart.x - 2 * mm, height - chart.y - 8 * mm
    chart.data = [values]  # a month without a meeting has no bar (and no "0")
    chart.bars[0].fillColor = BAR
    chart.bars[0].strokeColor = None
    chart.barSpacing = 1
    chart.groupSpacing = 3 if len(points) > 14 else 6
    _percent_axis(chart.valueAxis)
    chart.categoryAxis.categoryNames = [_point_label(point, index == 0) for index, point in enumerate(points)]
    chart.categoryAxis.strokeColor = RULE
    crowded = len(points) > 14
    _style_axis_labels(chart.categoryAxis.labels, 7 if crowded else _LABEL_SIZE)
    chart.categoryAxis.labels.boxAnchor = "ne" if crowded and not report.monthly else "n"
    chart.categoryAxis.labels.angle = 40 if crowded and not report.monthly else 0
    chart.categoryAxis.labels.dy = -3
    chart.barLabelFormat = _bar_label_format
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 6.5 if len(points) > 14 else _LABEL_SIZE
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
    drawing = Drawing(CONTENT_WIDTH, height)
    drawing.initialFontName = FONT
    drawing.initialFontSize = _LABEL_SIZE
    return drawing


def _horizontal_chart(
    names: Sequence[str], values: Sequence[float], *, percent: bool, axis_title: str, label: Callable[[float], str]
) -> Drawing:
    label_width = min(max(stringWidth(name, FONT, _LABEL_SIZE) for name in names) + 4 * mm, CONTENT_WIDTH * 0.45)
    bar_room = 12.5 if len(names) > 8 else 15
    height = len(names) * bar_room + 14 * mm
    drawing = _drawing(height)
    chart = HorizontalBarChart()
    chart.x, chart.y = label_width, 8 * mm
    chart.width, chart.height = CONTENT_WIDTH - label_width - 10 * mm, height - chart.y - 6 * mm
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
    chart.barLabels.fontSize = _LABEL_SIZE
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 2
    chart.barLabels.fillColor = INK
    drawing.add(chart)
    drawing.add(_axis_title(axis_title, chart.x + chart.width, 0, anchor="end"))
    return drawing


def _fitted_name(name: str, room: float) -> str:
    if stringWidth(name, FONT, _LABEL_SIZE) <= room:
        return name
    while name and stringWidth(name + "…", FONT, _LABEL_SIZE) > room:
        name = name[:-1]
    return name.rstrip() + "…"


def _group_attendance_chart(report: NetworkReport) -> list[Flowable]:
    shown = [line for line in report.groups if line.period.attendance is not None]
    if not shown:
        return [Paragraph(_muted(_("No attendance was taken at the meetings of the period.")), styles().body)]
    names = [_fitted_name(line.name, CONTENT_WIDTH * 0.42) for line in shown]
    values = [round((line.period.attendance or 0) * 100, 1) for line in shown]
    drawing = _horizontal_chart(
        names,
        values,
        percent=True,
        axis_title=_("% of members present, average over the period's meetings"),
        label=lambda value: f"{value:.0f}%",
    )
    parts: list[Flowable] = [drawing]
    missing = [line.name for line in report.groups if line.period.attendance is None]
    if missing:
        parts.append(
            Paragraph(escape(_("No attendance taken in the period: {groups}.").format(groups=", ".join(missing))), styles().note)
        )
    return parts


def _codes_chart(report: NetworkReport) -> list[Flowable]:
    rows = report.activities
    if not any(row.total for row in rows):
        return [Paragraph(_muted(_("No memo entry of the period carries an activity code.")), styles().body)]
    names = [f"{row.code}  {row.name}" for row in rows]
    drawing = _horizontal_chart(
        names,
        [row.total for row in rows],
        percent=False,
        axis_title=_("memo entries carrying the code, all groups"),
        label=lambda value: f"{value:.0f}",
    )
    return [drawing]


def _codes_per_group(report: NetworkReport) -> list[Flowable]:
    codes = [row.code for row in report.activities]
    small, number, centre_bold, bold = _small(), _small_number(), _small_centre_bold(), _small_bold()
    rows: list[list] = [[Paragraph(escape(_("Group")), bold), *(Paragraph(code, centre_bold) for code in codes),
                         Paragraph(escape(_("All")), _small_number_bold())]]
    top = max((count for line in report.groups for count in line.codes.values()), default=0) or 1
    shading: list[tuple] = []
    for index, line in enumerate(report.groups, start=1):
        counts = [line.codes.get(code, 0) for code in codes]
        rows.append([Paragraph(escape(line.name), small), *(Paragraph(str(count) if count else "·", number) for count in counts),
                     Paragraph(str(sum(counts)), _small_number_bold())])
        for column, count in enumerate(counts, start=1):
            if count:
                shading.append(("BACKGROUND", (column, index), (column, index), _shade(count / top)))
    totals = [row.total for row in report.activities]
    rows.append([Paragraph(escape(_("Network")), bold), *(Paragraph(str(total), _small_number_bold()) for total in totals),
                 Paragraph("", bold)])
    code_width = max(stringWidth("999", FONT_BOLD, 8.5), stringWidth("MK", FONT_BOLD, 8.5)) + 2 * CELL_PADDING + 4
    all_width = stringWidth("9999", FONT_BOLD, 8.5) + 2 * CELL_PADDING + 4
    widths = [CONTENT_WIDTH - len(codes) * code_width - all_width, *([code_width] * len(codes)), all_width]
    table = Table(rows, colWidths=widths, repeatRows=1, style=table_style(), hAlign="LEFT")
    table.setStyle(TableStyle([
        ("LINEABOVE", (0, -1), (-1, -1), 0.8, INK),
        ("TOPPADDING", (0, 1), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 1), (-1, -1), 3),
        *shading,
    ]))
    legend = "; ".join(f"{row.code} = {row.name}" for row in report.activities)
    note = _("Memo entries of the period carrying each code (an entry counts once per code it carries; a "
             "researcher's re-code replaces the entry's own codes). Darker: more. Codes: {legend}.").format(legend=legend)
    return [table, Spacer(0, 1.5 * mm), Paragraph(escape(note), styles().note)]


def _shade(strength: float) -> colors.Color:
    """A light blue, stronger for a larger count, always light enough for black numbers."""
    low, high = colors.HexColor("#eef3f9"), BAR_LIGHT
    return colors.linearlyInterpolatedColor(low, high, 0, 1, min(max(strength, 0), 1))


# -- the researchers' table ------------------------------------------------------------------------


def _example(coded: CodedEntry) -> Paragraph:
    where = _("{group}, {date}").format(group=coded.group.name, date=format_date(coded.day))
    return Paragraph(f"<b>{escape(where)}</b>: {escape(shortened(coded.entry.text))}", _small())


def _activities_table(report: NetworkReport) -> list[Flowable]:
    small, bold = _small(), _small_bold()
    rows: list[list] = [[
        Paragraph(escape(_("Code")), bold),
        Paragraph(escape(_("Activity")), bold),
        Paragraph(escape(_("Entries")), _small_number_bold()),
        Paragraph(escape(_("Representative entries")), bold),
    ]]
    for row in report.activities:
        rows.append([
            Paragraph(f"<b>{escape(row.code)}</b>", small),
            Paragraph(escape(row.name), small),
            Paragraph(str(row.total), _small_number()),
            _examples(row),
        ])
    code_width = stringWidth(_("Code"), FONT_BOLD, 8.5) + 2 * CELL_PADDING + 4
    count_width = stringWidth(_("Entries"), FONT_BOLD, 8.5) + 2 * CELL_PADDING + 4
    name_width = 34 * mm
    widths = [code_width, name_width, count_width, CONTENT_WIDTH - code_width - name_width - count_width]
    table = Table(rows, colWidths=widths, repeatRows=1, style=table_style(), hAlign="LEFT")
    table.setStyle(TableStyle([("BOTTOMPADDING", (0, 1), (-1, -1), 6)]))
    note = _("Entries: memo entries of the period carrying the code. The examples are the longest entries, "
             "from different groups where there are several; texts are shortened at a word (…).")
    return [Paragraph(escape(note), styles().note), Spacer(0, 1.5 * mm), table]


def _examples(row: ActivityRow) -> list[Flowable] | Paragraph:
    if not row.examples:
        return Paragraph(_muted(_("No entry in the period.")), _small())
    parts: list[Flowable] = []
    for index, coded in enumerate(row.examples):
        if index:
            parts.append(Spacer(0, 1.2 * mm))
        parts.append(_example(coded))
    return parts
