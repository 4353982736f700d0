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
   two or three representative entries (group, date, text shortened at a word);
4. what the meetings led to (:mod:`exports.report.development`): outcomes per year and group, the
   growth intentions' moves, the barriers named most and the activities behind each kind of outcome.

A period in which nothing was held gives the title, a sentence saying so and the groups' table.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Paragraph, Spacer, Table, TableStyle

from exports.pdf.styles import (
    INK,
    TableCell,
    build_pdf,
    muted,
    styles,
    table_style,
    unbroken,
)
from exports.pdf.tables import fitted_columns
from exports.report.charts import attendance_chart, codes_chart, codes_per_group, group_attendance_chart
from exports.report.development import development_chapter, outcome_quote
from exports.report.figures import GroupLine, NetworkReport
from exports.report.styles import (
    WARNING_HEX,
    percent_text,
    section_style,
    shortened,
    small_bold_style,
    small_number_bold_style,
    small_number_style,
    small_style,
)
from facilitator.activity_analysis import ActivityRow, CodedEntry
from facilitator.dates import format_count, format_date, format_decimal, format_long_date, format_long_day
from facilitator.i18n import _, ngettext
from facilitator.local_time import local_day
from facilitator.network import QUIET_AFTER, network_period
from facilitator.pseudonyms import shown_pseudonyms


def write_network_report_pdf(report: NetworkReport, path: Path) -> Path:
    """Lay ``report`` out and write it to ``path`` atomically; return the path.

    Raises :class:`~exports.errors.ExportFailed` naming the path when it cannot be written."""
    footer = _("Network report, {period}").format(period=_period(report))
    title = _("Network report {period}").format(period=_period(report))
    return build_pdf(path, network_report_story(report), title=title, group_name=footer, printed_on=report.made)


def network_report_story(report: NetworkReport) -> list[Flowable]:
    """The flowables of the report's pages (for laying out elsewhere, or timing)."""
    story: list[Flowable] = [*_heading(report)]
    story += _section(_("Groups"), _groups_table(report), keep=False)
    if report.empty:
        return story
    story += _section(_("Attendance over time"), attendance_chart(report))
    story += _section(_("Attendance per group"), group_attendance_chart(report))
    story += _section(_("Activity codes in the period"), codes_chart(report))
    story += _section(_("Activity codes per group"), codes_per_group(report), keep=False)
    story.append(PageBreak())
    story += _section(_("The eleven activities, with examples from the network"), _activities_table(report), keep=False)
    story += _section(_("What the meetings led to"), development_chapter(report.development), keep=False)
    return story


# -- text ------------------------------------------------------------------------------------------


def _period(report: NetworkReport) -> str:
    return _("{start} – {end}").format(start=format_long_date(report.start), end=format_long_date(report.end))


def _section(title: str, parts: Sequence[Flowable], *, keep: bool = True) -> list[Flowable]:
    """A heading and what follows it, on one page; a long section starts where there is room for
    its heading and a few rows, and runs over."""
    heading = Paragraph(escape(title), section_style())
    if keep:
        return [KeepTogether([heading, *parts])]
    return [CondPageBreak(40 * mm), heading, *parts]


def _heading(report: NetworkReport) -> list[Flowable]:
    style = styles()
    groups = len(report.groups)
    parts: list[Flowable] = [
        Paragraph(escape(_("Network report")), style.title),
        Paragraph(escape(_("Meetings held {period}").format(period=_period(report))), style.subtitle),
        Paragraph(escape(_("Made on {date}").format(date=format_long_day(report.made))), style.body),
    ]
    if report.empty:
        nothing = _(
            "Nothing in this period: no group held a meeting between {start} and {end}, so there is no "
            "attendance, feedback or activity to report. Choose another period."
        ).format(start=format_long_date(report.start), end=format_long_date(report.end))
        if not report.groups:
            nothing = _("Nothing in this period: the workspace holds no groups yet.")
        parts += [Spacer(0, 3 * mm), Paragraph(f"<b>{escape(nothing)}</b>", style.body)]
    else:
        totals = " · ".join(
            (
                ngettext("{count} group", "{count} groups", groups).format(count=format_count(groups)),
                ngettext("{count} meeting held", "{count} meetings held", report.held).format(
                    count=format_count(report.held)
                ),
                ngettext(
                    "{count} memo entry with activity codes", "{count} memo entries with activity codes", report.coded
                ).format(count=format_count(report.coded)),
            )
        )
        parts.append(Paragraph(escape(totals), style.body))
    if not report.coordinator:
        parts.append(
            Paragraph(
                escape(
                    _(
                        "This is a facilitator's workspace: the report covers its own groups, and bundles "
                        "arrive only at the coordinator's, so the last bundle is not shown."
                    )
                ),
                style.note,
            )
        )
    return parts


# -- the groups' table -----------------------------------------------------------------------------


def _last_bundle(line: GroupLine, report: NetworkReport) -> str:
    if line.standing.last_bundle is None:
        text = escape(_("never"))
    else:
        # The short form: a long date would wrap in every row of a narrow column.
        text = escape(format_date(local_day(line.standing.last_bundle, line.period.group.time_zone)))
    if not line.standing.quiet:
        return text
    if line.standing.last_bundle is None:
        warning = _("no bundle yet")
    else:
        days = (report.made - local_day(line.standing.last_bundle, line.period.group.time_zone)).days
        warning = _("no bundle for {days} days").format(days=format_count(days))
    return f"<font color='{WARNING_HEX}'><b>⚠ {text}</b><br/>{escape(warning)}</font>"


def _groups_table(report: NetworkReport) -> list[Flowable]:
    if not report.groups:
        return [Paragraph(muted(_("The workspace holds no groups.")), styles().body)]
    small, bold, number, number_bold = (
        small_style(),
        small_bold_style(),
        small_number_style(),
        small_number_bold_style(),
    )
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
    rows: list[list[Paragraph]] = [[Paragraph(escape(text), style) for text, style in headers]]
    for line in report.groups:
        figures = line.period
        feedback = "–" if figures.feedback_average is None else format_decimal(figures.feedback_average)
        hosts = _hosting(figures.hosts, figures.can_host)
        row = [
            Paragraph(escape(line.name), small),
            Paragraph(format_count(figures.members), number),
            Paragraph(format_count(figures.held), number),
            Paragraph(escape(percent_text(figures.attendance)), number),
            Paragraph(escape(feedback), number),
            Paragraph(escape(hosts), number),
            Paragraph(format_count(line.standing.open_actions), number),
        ]
        if report.coordinator:
            row.append(Paragraph(_last_bundle(line, report), small))
        rows.append(row)
    rows.append(_totals_row(report))
    # The figures' columns as wide as their figures (their headers wrap between words); the names take the rest.
    fitted, widths = fitted_columns(rows, stretch=0)
    table = Table(fitted, colWidths=widths, repeatRows=1, style=table_style(), hAlign="LEFT")
    table.setStyle(TableStyle([("LINEABOVE", (0, -1), (-1, -1), 0.8, INK)]))
    notes = [
        _(
            "Meetings held, attendance (members present of the members on the day), feedback and hosts "
            "(different members who hosted, of the members who can host) count the meetings held in the period; "
            "members are counted on its last day; open action items are those open now."
        ),
    ]
    if report.coordinator:
        notes.append(
            _(
                "⚠ marks a group that has sent no bundle in the last {days} days: its figures may be out of date."
            ).format(days=QUIET_AFTER.days)
        )
    if report.set_aside:
        notes.append(report.set_aside)
    return [table, Spacer(0, 1.5 * mm), *(Paragraph(escape(note), styles().note) for note in notes)]


def _hosting(hosts: int, can_host: int) -> str:
    """Hosting spread as the report writes it: "7 of 9" (the dashboard's narrow column writes "7/9")."""
    return _("{hosts} of {can_host}").format(hosts=format_count(hosts), can_host=format_count(can_host))


def _totals_row(report: NetworkReport) -> list[Paragraph]:
    """The network's row: the groups' figures added up as the dashboard's network row adds them."""
    bold, number_bold = small_bold_style(), small_number_bold_style()
    total = network_period([line.period for line in report.groups])
    row = [
        Paragraph(escape(_("Network")), bold),
        Paragraph(format_count(total.members), number_bold),
        Paragraph(format_count(total.held), number_bold),
        Paragraph(escape(percent_text(total.attendance)), number_bold),
        Paragraph("–" if total.feedback_average is None else format_decimal(total.feedback_average), number_bold),
        Paragraph(escape(_hosting(total.hosts, total.can_host)), number_bold),
        Paragraph(format_count(sum(line.standing.open_actions for line in report.groups)), number_bold),
    ]
    if report.coordinator:
        quiet = sum(line.standing.quiet for line in report.groups)
        text = _("{count} quiet").format(count=format_count(quiet)) if quiet else ""
        row.append(Paragraph(f"<font color='{WARNING_HEX}'><b>{escape(text)}</b></font>" if quiet else "", bold))
    return row


# -- the researchers' table ------------------------------------------------------------------------


def _example(coded: CodedEntry) -> Paragraph:
    where = _("{group}, {date}").format(group=coded.group.name, date=unbroken(format_long_date(coded.day)))
    text = shortened(shown_pseudonyms(coded.entry.text))
    return Paragraph(f"<b>{escape(where)}</b>: {escape(text)}", small_style())


def _activities_table(report: NetworkReport) -> list[Flowable]:
    small, bold = small_style(), small_bold_style()
    rows: list[list[TableCell]] = [
        [
            Paragraph(escape(_("Code")), bold),
            Paragraph(escape(_("Activity")), bold),
            Paragraph(escape(_("Entries")), small_number_bold_style()),
            Paragraph(escape(_("Representative entries")), bold),
        ]
    ]
    quotes = report.development.quotes
    for row in report.activities:
        examples = _examples(row)
        if row.code in quotes:
            examples += [Spacer(0, 1.2 * mm), outcome_quote(*quotes[row.code])]
        rows.append(
            [
                Paragraph(f"<b>{escape(row.code)}</b>", small),
                Paragraph(escape(row.name), small),
                Paragraph(format_count(row.total), small_number_style()),
                examples,
            ]
        )
    # The activities' names wrap in a column of their own; the examples take the rest.
    fitted, widths = fitted_columns(rows, stretch=3, wrapped={1: 34 * mm})
    table = Table(fitted, colWidths=widths, repeatRows=1, style=table_style(), hAlign="LEFT")
    table.setStyle(TableStyle([("BOTTOMPADDING", (0, 1), (-1, -1), 6)]))
    note = _(
        "Entries: memo entries of the period carrying the code. The examples are the longest entries, "
        "from different groups where there are several; texts are shortened at a word (…). → marks the latest "
        "outcome of the period that an entry carrying the code led to."
    )
    return [Paragraph(escape(note), styles().note), Spacer(0, 1.5 * mm), table]


def _examples(row: ActivityRow) -> list[Flowable]:
    if not row.examples:
        return [Paragraph(muted(_("No entry in the period.")), small_style())]
    parts: list[Flowable] = []
    for index, coded in enumerate(row.examples):
        if index:
            parts.append(Spacer(0, 1.2 * mm))
        parts.append(_example(coded))
    return parts
