"""What the coordinator's network report says, gathered from every group's records: plain figures,
no layout (:mod:`exports.report.pdf` lays them out, :mod:`exports.report.files`
writes the file).

The period is a range of meeting days, both ends included; by default the last 12 months
(:func:`facilitator.history.default_period`, the dashboard's period too). Figures "in the period"
(meetings held, attendance, feedback, hosting spread, activity codes, the researchers' examples)
count only the meetings held in it, through :func:`facilitator.network.group_period` as on the
dashboard; open action items and the last bundle received are as they stand now.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from facilitator.activity_analysis import ActivityRow, EntryFilter, activity_table, coded_entries
from facilitator.development_figures import DevelopmentFigures, development_figures
from facilitator.local_time import local_day
from facilitator.model import MeetingStatus
from facilitator.network import (
    GroupPeriod,
    GroupRecords,
    GroupStanding,
    attendance_per_year,
    group_period,
)

#: A period up to this many days long is charted month by month; a longer one year by year.
MONTHLY_UP_TO_DAYS = 2 * 366


@dataclass(frozen=True)
class GroupLine:
    """One group's row of the report's summary table."""

    period: GroupPeriod
    standing: GroupStanding
    #: How often each of the eleven codes came up in the period (every code present, zeros too).
    codes: dict[str, int]

    @property
    def name(self) -> str:
        return self.period.group.name


@dataclass(frozen=True)
class AttendancePoint:
    """The network's average attendance over one month (``month`` 1–12) or one year (``month`` None)."""

    year: int
    month: int | None
    #: The share (0–1) present, averaged over every held meeting of the network in it; None without any.
    average: float | None
    meetings: int


@dataclass(frozen=True)
class NetworkReport:
    start: date
    end: date
    made: date
    #: Whether the workspace is the coordinator's (only there do bundles arrive).
    coordinator: bool
    groups: list[GroupLine]
    attendance: list[AttendancePoint]
    activities: list[ActivityRow]
    #: How many memo entries of the period carry at least one of the eleven codes.
    coded: int
    #: What the meetings led to: outcomes, interviews' intentions and barriers.
    development: DevelopmentFigures
    #: What the report says of the stored records it left out, their times not placeable (see
    #: :mod:`facilitator.placing`); empty when none was.
    set_aside: str = ""

    @property
    def held(self) -> int:
        return sum(line.period.held for line in self.groups)

    @property
    def empty(self) -> bool:
        """Nothing was held in the period: no figures, charts or examples to show."""
        return self.held == 0

    @property
    def monthly(self) -> bool:
        return bool(self.attendance) and self.attendance[0].month is not None


def whole_period(groups: Sequence[GroupRecords], today: date) -> tuple[date, date]:
    """From the first held meeting of any group to today (or the last meeting, if later)."""
    days = [
        local_day(meeting.starts_at, records.group.time_zone)
        for records in groups
        for meeting in records.meetings
        if meeting.status is MeetingStatus.HELD and not meeting.deleted
    ]
    if not days:
        return today, today
    return min(days), max(max(days), today)


def collect_report(
    groups: Sequence[GroupRecords], start: date, end: date, today: date, now: datetime, *, coordinator: bool = True
) -> NetworkReport:
    """Everything the report of ``groups`` over ``start``–``end`` shows, in the groups' order (as
    :func:`storage.network_records.load_network` gives them: :func:`facilitator.network.network_order`)."""
    entries = coded_entries(groups, EntryFilter(start=start, end=end))
    table = activity_table(entries)
    lines = []
    for records in groups:
        period, standing = group_period(records, start, end, today, now)
        lines.append(
            GroupLine(
                period=period,
                standing=standing,
                codes={row.code: row.by_group.get(records.group.id, 0) for row in table},
            )
        )
    return NetworkReport(
        start=start,
        end=end,
        made=today,
        coordinator=coordinator,
        groups=lines,
        attendance=_attendance_over_time([line.period for line in lines], start, end),
        activities=table,
        coded=len(entries),
        development=development_figures(groups, start, end),
    )


def _attendance_over_time(periods: Sequence[GroupPeriod], start: date, end: date) -> list[AttendancePoint]:
    """Every month (or year) of the period in order, empty ones too, so that gaps show as gaps; a
    year's figure is :func:`facilitator.network.attendance_per_year`'s, as the dashboard's chart."""
    shares = [each for period in periods for each in period.shares]
    if (end - start).days > MONTHLY_UP_TO_DAYS:
        averages = attendance_per_year(shares)
        counts = Counter(day.year for day, _share in shares)
        years = range(start.year, end.year + 1)
        return [AttendancePoint(year, None, averages.get(year), counts[year]) for year in years]
    by_month: dict[tuple[int, int], list[float]] = {}
    for day, share in shares:
        by_month.setdefault((day.year, day.month), []).append(share)
    points = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        found = by_month.get((year, month), [])
        points.append(AttendancePoint(year, month, sum(found) / len(found) if found else None, len(found)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return points
