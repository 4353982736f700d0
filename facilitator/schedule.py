"""Meeting dates from a group's pattern: an RFC 5545 rule, local times, and the days it skips.

The rule is evaluated with python-dateutil on *naive local* datetimes and the group's zone is
attached afterwards, so a meeting stays at 17:30 on the wall clock across daylight-saving changes.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr

from facilitator.dates import format_day, format_time, month_names, weekday_names
from facilitator.i18n import _, ngettext
from facilitator.model.pattern import MeetingPattern
from facilitator.model.problems import Invalid, Problem

EXAMPLE_RULE = "FREQ=MONTHLY;BYDAY=+2TU"
#: How far ahead a rule must give a date, and how far validation looks for dates too close together.
HORIZON = timedelta(days=730)
#: A skipped date moves at most this many days later; beyond that the meeting is dropped.
MOVE_LIMIT = 7
#: The largest INTERVAL of a rule (every so many weeks or months): far beyond a peer group's.
INTERVAL_MAX = 1000

_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")
_DAY_PARTS = {"BYDAY", "BYMONTHDAY", "BYYEARDAY"}
_CLOCK_PARTS = ("BYHOUR", "BYMINUTE", "BYSECOND")
_BYDAY = re.compile(r"^([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)$")


def _too_often() -> dict[str, str]:
    """The frequencies no peer group meets at, in words."""
    return {"DAILY": _("daily"), "HOURLY": _("hourly"), "MINUTELY": _("every minute"), "SECONDLY": _("every second")}


def pattern_field_labels() -> dict[str, str]:
    """The label of each pattern field that :func:`validate_pattern` names."""
    return {
        "rrule": _("Rule"),
        "start_time": _("Starts"),
        "end_time": _("Ends"),
        "skip_months": _("No meetings in"),
        "skip_dates": _("Skip dates"),
    }


@dataclass(frozen=True)
class PlannedDate:
    """A date the pattern gives: aware start and end in the group's zone; ``moved_from`` is the
    skipped day this date replaces, if it was moved."""

    day: date
    starts_at: datetime
    ends_at: datetime
    moved_from: date | None = None


def parse_time(text: str) -> time | None:
    """A local time written 17:30 or the Finnish way, 17.30 (the hour may have one digit), or None
    when the text is not one."""
    match = _TIME.match(text.strip())
    return time(int(match[1]), int(match[2])) if match else None


def time_example(example: time) -> str:
    """The problem of a time that could not be read, with ``example`` written the local way."""
    return _("Write the time as {example}.").format(example=format_time(example))


def _written_time(text: str) -> str:
    """A pattern's stored time ("17:30") the local way ("17.30"), or as typed when unreadable."""
    clock = parse_time(text)
    return format_time(clock) if clock else text


def rule_text(text: str) -> str:
    """The rule as dateutil reads it: without spaces, upper case, without an ``RRULE:`` prefix."""
    return "".join(text.split()).upper().removeprefix("RRULE:")


def _rule_parts(text: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in text.split(";") if "=" in part)


def _read_rule(text: str, dtstart: datetime) -> rrule:
    """The rule of ``text`` from ``dtstart``; ``ValueError`` with a facilitator's message if it
    cannot be read or asks for something the season decides (start, end, count, clock time)."""
    text = rule_text(text)
    if not text:
        raise ValueError(
            _("Enter a rule, for example {example} (second Tuesday of each month).").format(example=EXAMPLE_RULE)
        )
    if "DTSTART" in text:
        raise ValueError(_("Leave out DTSTART: the season's first day is where the meetings start."))
    pieces = [piece for piece in text.split(";") if piece]
    for piece in pieces:
        if "=" not in piece:
            raise ValueError(
                _(
                    "This rule cannot be read: “{part}” is not written NAME=VALUE; "
                    "example: {example} (second Tuesday of each month)."
                ).format(part=piece, example=EXAMPLE_RULE)
            )
    parts = _rule_parts(text)
    for name in ("UNTIL", "COUNT"):
        if name in parts:
            raise ValueError(
                _("Leave out {name}: the season's first and last day say when the meetings start and end.").format(
                    name=name
                )
            )
    for name in _CLOCK_PARTS:
        if name in parts:
            raise ValueError(_("Leave out {name}: the meeting times are set in Starts and Ends.").format(name=name))
    interval = parts.get("INTERVAL", "1")
    if not (interval.isascii() and interval.isdigit() and len(interval) <= 4 and 1 <= int(interval) <= INTERVAL_MAX):
        raise ValueError(
            _("INTERVAL is a whole number from 1 to {most}: every how many periods the group meets.").format(
                most=INTERVAL_MAX
            )
        )
    if "FREQ" not in parts:
        raise ValueError(
            _("Say how often the group meets with FREQ, for example {example}.").format(example=EXAMPLE_RULE)
        )
    try:
        rule = rrulestr(";".join(pieces), dtstart=dtstart)
    except (ValueError, TypeError) as error:  # dateutil's own words for what it could not read
        raise ValueError(
            _("This rule cannot be read: {error}; example: {example} (second Tuesday of each month).").format(
                error=error, example=EXAMPLE_RULE
            )
        ) from None
    if too_often := _too_often().get(parts["FREQ"]):
        raise ValueError(
            _("A peer group meets about once a month, not {frequency}: use FREQ=MONTHLY (or FREQ=WEEKLY).").format(
                frequency=too_often
            )
        )
    if not _DAY_PARTS & parts.keys():
        raise ValueError(
            _(
                "Say on which day the group meets, for example BYDAY=+2TU (second Tuesday) or "
                "BYMONTHDAY=15; otherwise the dates depend on the season's first day."
            )
        )
    # Text without RDATE or EXDATE reads as one rule, never a set of them: the check tells mypy so.
    assert isinstance(rule, rrule)
    return rule


def _bounded(rule: rrule, until: datetime) -> rrule:
    """``rule`` ending at ``until``, so that no search runs past the season."""
    return rule.replace(until=until)


_MONTH_LENGTHS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _no_such_day(text: str) -> bool:
    """Whether the rule asks only for days no month has (the 31st of February, the 31st of April).

    dateutil searches up to the year 9999 for a rule that never gives a date, which would freeze
    the preview while the rule is typed; such rules are recognised here before it is asked.
    """
    parts = _rule_parts(rule_text(text))
    try:
        months = [int(month) for month in parts["BYMONTH"].split(",")]
        days = [int(day) for day in parts["BYMONTHDAY"].split(",")]
    except (KeyError, ValueError):
        return False
    return all(
        not 1 <= month <= 12 or abs(day) > _MONTH_LENGTHS[month - 1] or day == 0 for month in months for day in days
    )


def validate_pattern(pattern: MeetingPattern, today: date) -> list[Problem]:
    """Every problem with ``pattern`` at once, each naming its field: the problems of reading it
    (:func:`pattern_reading_problems`) and, once the rule reads, of trying it on the two years from
    ``today``, the group's day (:func:`pattern_horizon_problems`)."""
    problems = pattern_reading_problems(pattern)
    if not any(problem.field == "rrule" for problem in problems):
        problems += pattern_horizon_problems(pattern, today)
    order = list(pattern_field_labels())
    return sorted(problems, key=lambda problem: order.index(problem.field))


def pattern_reading_problems(pattern: MeetingPattern) -> list[Problem]:
    """The problems of reading ``pattern``, which hold whenever it is read: the rule, the times, the
    end after the start, the months numbered 1 to 12 and the skipped dates in the years a record
    may hold. A rule's meaning is not tried here (see :func:`pattern_horizon_problems`): a rule
    that gave dates when it was saved may give none later, and a stored pattern stays readable."""
    from facilitator.record_rules import EARLIEST_DAY, LATEST_DAY, in_range  # the record rules use this module

    labels = pattern_field_labels()
    problems: list[Problem] = []

    def problem(field: str, message: str) -> None:
        problems.append(Problem(field, labels[field], message))

    start, end = parse_time(pattern.start_time), parse_time(pattern.end_time)
    try:
        _read_rule(pattern.rrule, datetime.combine(EARLIEST_DAY, start or time(12)))
    except ValueError as error:
        problem("rrule", str(error))
    if start is None:
        problem("start_time", time_example(time(17, 30)))
    if end is None:
        problem("end_time", time_example(time(20)))
    elif start is not None and end <= start:
        problem("end_time", _("The meeting must end after it starts ({start}).").format(start=format_time(start)))
    bad_months = sorted({month for month in pattern.skip_months if not 1 <= month <= 12})
    if bad_months:
        problem(
            "skip_months",
            ngettext(
                "Months are numbered 1 to 12: {months} is not a month.",
                "Months are numbered 1 to 12: {months} are not months.",
                len(bad_months),
            ).format(months=", ".join(str(month) for month in bad_months)),
        )
    if not all(in_range(day) for day in pattern.skip_dates):
        problem(
            "skip_dates",
            _("Skip only dates from {first} to {last}.").format(
                first=format_day(EARLIEST_DAY), last=format_day(LATEST_DAY)
            ),
        )
    return problems


def pattern_horizon_problems(pattern: MeetingPattern, today: date) -> list[Problem]:
    """The problems of ``pattern``'s rule tried on the two years from ``today``: it never gives a
    date, gives dates less than a week apart, or only in months without meetings. The forms refuse
    these; they are no rule of a stored pattern (the same rule can stop giving dates later).
    None while the rule cannot be read (see :func:`pattern_reading_problems`)."""
    labels = pattern_field_labels()
    try:
        rule = _read_rule(pattern.rrule, datetime.combine(today, parse_time(pattern.start_time) or time(12)))
    except ValueError:
        return []
    try:
        days = (
            []
            if _no_such_day(pattern.rrule)
            else [moment.date() for moment in _bounded(rule, datetime.combine(today + HORIZON, time.max))]
        )
    except (ValueError, OverflowError):  # dateutil ran past the dates it can hold: no date to give
        days = []
    close = next(((a, b) for a, b in itertools.pairwise(days) if (b - a).days < 7), None)
    if not days:
        message = _(
            "This rule never gives a meeting date in the next two years; check the month "
            "and the day (February has no 31st, for example)."
        )
        return [Problem("rrule", labels["rrule"], message)]
    if close:
        message = _(
            "This rule gives meetings less than a week apart ({first} and {second}); a "
            "peer group meets about once a month."
        ).format(first=format_day(close[0]), second=format_day(close[1]))
        return [Problem("rrule", labels["rrule"], message)]
    months = set(pattern.skip_months)
    if all(1 <= month <= 12 for month in months) and all(day.month in months for day in days):
        return [
            Problem(
                "skip_months", labels["skip_months"], _("Every date this rule gives falls in a month without meetings.")
            )
        ]
    return []


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
    rule = _read_rule(pattern.rrule, datetime.combine(first, start))
    given = [moment.date() for moment in _bounded(rule, datetime.combine(last, time.max))]
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
    parts = _rule_parts(text)
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
            ordinal=ordinals[int(position)], weekday=weekdays[byday[2]], count=every
        )
    if frequency == "WEEKLY" and byday and not byday[1] and not setpos and not monthday:
        if every == 1:
            return _("every {weekday}").format(weekday=weekdays[byday[2]])
        return _("every {count} weeks on {weekday}").format(count=every, weekday=weekdays[byday[2]])
    if frequency == "MONTHLY" and monthday and monthday.lstrip("-").isdigit() and not setpos and not byday:
        day = int(monthday)
        if day == -1:
            described = _("last day of each month") if every == 1 else _("last day of every {count} months")
        elif 1 <= day <= 31:
            described = _("day {day} of each month") if every == 1 else _("day {day} of every {count} months")
        else:
            return None
        return described.format(day=day, count=every)
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
        pieces.append(ngettext("{count} date skipped", "{count} dates skipped", count).format(count=count))
    if pattern.skip_holidays:
        pieces.append(_("public holidays skipped"))
    if pattern.move_skipped and (pattern.skip_dates or pattern.skip_holidays):
        pieces.append(_("skipped days move to the next weekday"))
    return "; ".join(pieces)
