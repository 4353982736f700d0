"""The network dashboard's words and cells, as plain text: when each group's last bundle came, what
the table's figures cover, and each row's cells (the screen, :mod:`screens.network`, lays them out).

The table's figures are those of the network report's default period (the last 12 months), from
the same computation (:func:`facilitator.network.group_period`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from facilitator.dates import format_count, format_date, format_decimal, format_percent
from facilitator.history import default_period
from facilitator.i18n import _, ngettext
from facilitator.local_time import local_day
from facilitator.network import QUIET_AFTER, GroupOverview, GroupPeriod, NetworkPeriod, network_period


def last_bundle_text(row: GroupOverview) -> str:
    """When the group's last bundle came (the day in the group's time zone), with ⚠ when quiet (the
    screen gives it the error colour)."""
    standing = row.standing
    if standing.last_bundle is None:
        return _("⚠ never")
    day = format_date(local_day(standing.last_bundle, row.group.time_zone))
    return _("⚠ {day}").format(day=day) if standing.quiet else day


def quiet_text(row: GroupOverview, now: datetime) -> str:
    """The quiet warning in words, for the line below the table."""
    standing = row.standing
    if standing.last_bundle is None:
        return _("⚠ never heard from: no bundle of the group has arrived")
    days = (local_day(now, row.group.time_zone) - local_day(standing.last_bundle, row.group.time_zone)).days
    if days <= 0:
        return _("the last bundle came today")
    if standing.quiet:
        return ngettext(
            "⚠ quiet: the last bundle came {days} day ago",
            "⚠ quiet: the last bundle came {days} days ago (over {limit})",
            days,
        ).format(days=format_count(days), limit=format_count(QUIET_AFTER.days))
    return ngettext("last bundle {days} day ago", "last bundle {days} days ago", days).format(days=format_count(days))


def period_note(today: date) -> str:
    """What the table's figures cover, for the line above it: the period's, but the two calendar
    years' meetings held and the open items of today."""
    start, end = default_period(today)
    return _("Last 12 months {start}–{end} · held also per calendar year · Open: today").format(
        start=format_date(start), end=format_date(end)
    )


def years_text(years: Iterable[int]) -> str:
    """The years a chart covers, from the first to the last with data: ``2021–2026`` (one year
    alone: ``2026``; none: "")."""
    years = sorted(years)
    if not years:
        return ""
    first, last = years[0], years[-1]
    return str(last) if first == last else f"{first}–{last}"


def _figures(period: GroupPeriod | NetworkPeriod) -> tuple[str, ...]:
    """Members, held in the period, attendance, feedback, hosts of those who can host ("7/9": the
    dashboard's narrow column; the report writes "7 of 9")."""
    return (
        format_count(period.members),
        format_count(period.held),
        "–" if period.attendance is None else format_percent(period.attendance),
        "–" if period.feedback_average is None else format_decimal(period.feedback_average),
        f"{format_count(period.hosts)}/{format_count(period.can_host)}",
    )


def dashboard_cells(row: GroupOverview, today: date, names: dict[str, str]) -> tuple[str, ...]:
    """The row's cells as the table shows them, the last bundle's aside: the group's short name,
    members, held in the period, attendance, feedback, hosts of those who can host, open items,
    held this calendar year and last."""
    return (
        names.get(row.group.id, row.group.name),
        *_figures(row.period),
        format_count(row.standing.open_actions),
        format_count(row.held_by_year.get(today.year, 0)),
        format_count(row.held_by_year.get(today.year - 1, 0)),
    )


def network_cells(rows: Sequence[GroupOverview], today: date) -> tuple[str, ...]:
    """The network's row: every group's figures added up as the network report's total row
    (:func:`facilitator.network.network_period`)."""
    return (
        _("Network"),
        *_figures(network_period([row.period for row in rows])),
        format_count(sum(row.standing.open_actions for row in rows)),
        format_count(sum(row.held_by_year.get(today.year, 0) for row in rows)),
        format_count(sum(row.held_by_year.get(today.year - 1, 0) for row in rows)),
    )
