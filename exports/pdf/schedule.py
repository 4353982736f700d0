"""The printable season schedule: every meeting's date, time, host and premises on A4."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import NamedTuple
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from exports.pdf.styles import CONTENT_WIDTH, MUTED_HEX, build_pdf, styles, table_style
from exports.pdf.tables import fitted_width
from exports.season import SeasonMeeting, season_meetings
from facilitator.dates import format_long_date, format_time_range, weekday_names
from facilitator.i18n import _
from facilitator.local_time import local_day
from facilitator.model import Group, Meeting, MeetingStatus, Person, utc_now

#: The share of the width left after date, time and status that the host column takes.
_HOST_SHARE = 0.4


class _Row(NamedTuple):
    """The cells of one row of the schedule, column by column."""

    day: Paragraph
    time: Paragraph
    host: Paragraph | list[Flowable]
    premises: Paragraph
    status: Paragraph


def write_schedule_pdf(
    group: Group, meetings: Iterable[Meeting], people_by_id: Mapping[str, Person], path: Path
) -> Path:
    """Write the season schedule of ``group`` to ``path`` (atomically) and return the path.

    Raises :class:`~exports.errors.ExportFailed` naming the path when it cannot be written.
    """
    season = season_meetings(group, meetings, people_by_id)
    title = _("Meeting schedule")
    story = [*_heading(group, season, title), _schedule_table(season) if season else _nothing_planned()]
    return build_pdf(
        path,
        story,
        title=_("{group} – {title}").format(group=group.name, title=title),
        group_name=group.name,
        printed_on=local_day(utc_now(), group.time_zone),
        author=group.pbas_organisation,
    )


def _heading(group: Group, season: list[SeasonMeeting], title: str) -> list[Flowable]:
    style = styles()
    parts: list[Flowable] = [Paragraph(escape(group.name), style.title), Paragraph(escape(title), style.subtitle)]
    if season:
        first, last = format_long_date(season[0].starts.date()), format_long_date(season[-1].starts.date())
        parts.append(Paragraph(escape(_("Season {first} – {last}").format(first=first, last=last)), style.body))
    where = " · ".join(part for part in (group.municipality, group.region, group.pbas_organisation) if part)
    if where:
        parts.append(Paragraph(escape(where), style.body))
    zone_note = _("Times are local ({zone}). Meetings take place at the host's premises.").format(zone=group.time_zone)
    parts += [Paragraph(escape(zone_note), style.note), Spacer(0, 4 * mm)]
    return parts


def _nothing_planned() -> Paragraph:
    return Paragraph(escape(_("No meetings are planned for this season yet.")), styles().body)


def _schedule_table(season: list[SeasonMeeting]) -> Table:
    style = styles()
    headers = (_("Date"), _("Time"), _("Host"), _("Premises"), _("Status"))
    header_row = _Row(*(Paragraph(escape(header), style.header_cell) for header in headers))
    rows = [header_row, *(_row(item) for item in season)]
    # Dates, times and statuses never wrap, in any language: those columns fit their widest text.
    date_width = fitted_width([row.day for row in rows])
    time_width = fitted_width([row.time for row in rows])
    status_width = fitted_width([row.status for row in rows])
    rest = CONTENT_WIDTH - date_width - time_width - status_width
    widths = [date_width, time_width, rest * _HOST_SHARE, rest * (1 - _HOST_SHARE), status_width]
    return Table(rows, colWidths=widths, repeatRows=1, style=table_style())


def _row(item: SeasonMeeting) -> _Row:
    """One meeting's cells; a cancelled meeting is greyed and struck through so nobody travels to it."""
    style = styles()
    cancelled = item.meeting.status is MeetingStatus.CANCELLED

    def text(value: str) -> str:
        value = escape(value)
        return f"<strike><font color='{MUTED_HEX}'>{value}</font></strike>" if cancelled and value else value

    if item.host:
        host: list[Flowable] = [Paragraph(f"<b>{text(item.host.name)}</b>", style.cell)]
        if item.host.company:
            host.append(Paragraph(text(item.host.company), style.cell_note))
    else:
        host = [Paragraph(escape(_("no host yet")), style.cell_note)]
    status = escape(item.meeting.status.label)
    day = item.starts.date()
    return _Row(
        # The weekday over the date: spelled out on one line, they would squeeze the host's name.
        day=Paragraph(f"{text(weekday_names()[day.weekday()])}<br/>{text(format_long_date(day))}", style.cell),
        time=Paragraph(text(format_time_range(item.starts, item.ends)), style.cell),
        host=host,
        premises=Paragraph(text(item.location) or "–", style.cell),
        status=Paragraph(f"<b>{status}</b>" if cancelled else status, style.cell),
    )
