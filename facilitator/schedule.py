"""Meeting dates from a group's pattern: an RFC 5545 rule, local times, and the days it skips.

The rule is evaluated with python-dateutil on *naive local* datetimes and the group's zone is
attached afterwards, so a meeting stays at 17:30 on the wall clock across daylight-saving changes.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from facilitator.dates import format_count, format_time, month_names, weekday_names
from facilitator.i18n import _, ngettext
from facilitator.model.pattern import MeetingPattern
from facilitator.model.problems import Invalid
from facilitator.pattern_rules import (
    bounded_rule,
    parse_time as parse_time,
    read_rule,
    rule_parts,
    rule_text,
    validate_pattern as validate_pattern,
)

#: A skipped date moves at most this many days later; beyond that the meeting is dropped.
MOVE_LIMIT = 7

_BYDAY = re.compile(r"^([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)$")


@dataclass(frozen=True)
class PlannedDate:
    """A date the pattern gives: aware start and end in the group's zone; ``moved_from`` is the
    skipped day this date replaces, if it was moved."""

    day: date
    starts_at: datetime
    ends_at: datetime
    moved_from: date | None = None


def _written_time(text: str) -> str:
    """A pattern's stored time ("17:30") the local way ("17.30"), or as typed when unreadable."""
    clock = parse_time(text)
    return format_time(clock) if clock else text


@functools.lru_cache(maxsize=32)
def _holidays(year: int) -> frozenset[date]:
    """Finnish public holidays of ``year``, with Christmas Eve and Midsummer Eve (days off in practice)
    added in case the installed version of the library does not list them."""
    import holidays  # imported when first needed: it is slow to load

    days = set(holidays.country_holidays("FI", years=year))
    midsummer_eve = next(date(year, 6, day) for day in range(19, 26) if date(year, 6, day).weekday() == 4)
    return frozenset(days | {date(year, 12, 24), midsummer_eve})


def is_public_holiday(day: date) -> bool:
    return day in _holidays(day.year)


def meeting_dates(pattern: MeetingPattern, time_zone: str, first: date, last: date) -> list[PlannedDate]:
    """The meeting dates the pattern gives from ``first`` to ``last`` (both included), in order.

    Dates in ``skip_months`` are dropped. Dates in ``skip_dates`` and, with ``skip_holidays``,
    Finnish public holidays are dropped too — or, with ``move_skipped``, moved to the next Monday to
    Friday that is not skipped itself, not in a month without meetings, not already a meeting date,
    at most a week later and not after ``last``; a date that finds no such day is dropped.
    The rule counts from ``first`` (an INTERVAL, say every second week, starts there).
    Raises :class:`Invalid` when the pattern has problems (see :func:`validate_pattern`).
    """
    if problems := validate_pattern(pattern, first):
        raise Invalid(problems)
    start, end = parse_time(pattern.start_time), parse_time(pattern.end_time)
    assert start and end  # validated above
    zone = ZoneInfo(time_zone)
    rule = read_rule(pattern.rrule, datetime.combine(first, start))
    given = [moment.date() for moment in bounded_rule(rule, datetime.combine(last, time.max))]
    skip_dates = set(pattern.skip_dates)

    def skipped(day: date) -> bool:
        return day in skip_dates or (pattern.skip_holidays and is_public_holiday(day))

    def suitable(day: date) -> bool:
        return day.weekday() < 5 and not skipped(day) and day.month not in pattern.skip_months

    given = [day for day in given if day.month not in pattern.skip_months]
    taken = {day for day in given if not skipped(day)}
    planned: list[PlannedDate] = []
    for day in given:
        moved_from = None
        if skipped(day):
            if not pattern.move_skipped:
                continue
            later = (day + timedelta(days=offset) for offset in range(1, MOVE_LIMIT + 1))
            moved_to = next(
                (other for other in later if other <= last and suitable(other) and other not in taken), None
            )
            if moved_to is None:
                continue
            taken.add(moved_to)
            day, moved_from = moved_to, day
        planned.append(
            PlannedDate(
                day=day,
                starts_at=datetime.combine(day, start, tzinfo=zone),
                ends_at=datetime.combine(day, end, tzinfo=zone),
                moved_from=moved_from,
            )
        )
    return sorted(planned, key=lambda planned_date: planned_date.day)


def _weekday_names() -> dict[str, str]:
    return dict(zip(("MO", "TU", "WE", "TH", "FR", "SA", "SU"), weekday_names(), strict=True))


def _ordinals() -> dict[int, str]:
    return {
        1: _("first"),
        2: _("second"),
        3: _("third"),
        4: _("fourth"),
        5: _("fifth"),
        -1: _("last"),
        -2: _("second-to-last"),
    }


def _describe_rule(text: str) -> str | None:
    """The rule in words for the common cases, or None."""
    parts = rule_parts(text)
    parts.pop("WKST", None)
    frequency, interval = parts.pop("FREQ", ""), parts.pop("INTERVAL", "1")
    if not interval.isdigit() or int(interval) < 1:
        return None
    every = int(interval)
    weekdays, ordinals = _weekday_names(), _ordinals()
    byday_text, setpos, monthday = parts.pop("BYDAY", ""), parts.pop("BYSETPOS", None), parts.pop("BYMONTHDAY", None)
    byday = _BYDAY.match(byday_text)
    if parts or (byday_text and not byday) or (setpos and not re.fullmatch(r"[+-]?\d", setpos)):
        return None
    if frequency == "MONTHLY" and byday and not monthday:
        position = byday[1] or setpos
        if position is None or (byday[1] and setpos) or int(position) not in ordinals:
            return None
        if every == 1:
            return _("{ordinal} {weekday} of each month").format(
                ordinal=ordinals[int(position)], weekday=weekdays[byday[2]]
            )
        return _("{ordinal} {weekday} of every {count} months").format(
            ordinal=ordinals[int(position)], weekday=weekdays[byday[2]], count=format_count(every)
        )
    if frequency == "WEEKLY" and byday and not byday[1] and not setpos and not monthday:
        if every == 1:
            return _("every {weekday}").format(weekday=weekdays[byday[2]])
        return _("every {count} weeks on {weekday}").format(count=format_count(every), weekday=weekdays[byday[2]])
    if frequency == "MONTHLY" and monthday and monthday.lstrip("-").isdigit() and not setpos and not byday:
        day = int(monthday)
        if day == -1:
            described = _("last day of each month") if every == 1 else _("last day of every {count} months")
        elif 1 <= day <= 31:
            described = _("day {day} of each month") if every == 1 else _("day {day} of every {count} months")
        else:
            return None
        return described.format(day=day, count=format_count(every))
    return None


def describe_pattern(pattern: MeetingPattern) -> str:
    """The pattern in a short sentence, such as "second Tuesday of each month, 17:30–20:00; no
    meetings in June, July, August; public holidays skipped". Uncommon rules show as rule text."""
    text = rule_text(pattern.rrule)
    when = _describe_rule(text) or _("rule {rule}").format(rule=text)
    start, end = (_written_time(text) for text in (pattern.start_time, pattern.end_time))
    pieces = [_("{when}, {start}–{end}").format(when=when, start=start, end=end)]
    months = sorted({month for month in pattern.skip_months if 1 <= month <= 12})
    if months:
        names = month_names()
        pieces.append(_("no meetings in {months}").format(months=", ".join(names[month - 1] for month in months)))
    if pattern.skip_dates:
        count = len(set(pattern.skip_dates))
        pieces.append(
            ngettext("{count} date skipped", "{count} dates skipped", count).format(count=format_count(count))
        )
    if pattern.skip_holidays:
        pieces.append(_("public holidays skipped"))
    if pattern.move_skipped and (pattern.skip_dates or pattern.skip_holidays):
        pieces.append(_("skipped days move to the next weekday"))
    return "; ".join(pieces)
