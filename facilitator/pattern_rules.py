"""Reading and checking a group's meeting pattern: its rule (RFC 5545), its times and the days it
skips, as the planner's form and every stored record are held to them (:func:`validate_pattern`
for a form, :func:`pattern_reading_problems` for any stored pattern). Making the dates is
:mod:`facilitator.schedule`'s.
"""

from __future__ import annotations

import itertools
import re
from datetime import date, datetime, time, timedelta

from dateutil.rrule import rrule, rrulestr

from facilitator.dates import format_count, format_day, format_time
from facilitator.i18n import _, ngettext
from facilitator.model.pattern import MeetingPattern, pattern_field_labels
from facilitator.model.problems import Problem
from facilitator.model.ranges import EARLIEST_DAY, day_range_message, in_range

EXAMPLE_RULE = "FREQ=MONTHLY;BYDAY=+2TU"
#: How far ahead a rule must give a date, and how far validation looks for dates too close together.
HORIZON = timedelta(days=730)
#: The largest INTERVAL of a rule (every so many weeks or months): far beyond a peer group's.
INTERVAL_MAX = 1000

_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")
_DAY_PARTS = {"BYDAY", "BYMONTHDAY", "BYYEARDAY"}
_CLOCK_PARTS = ("BYHOUR", "BYMINUTE", "BYSECOND")


def _too_often() -> dict[str, str]:
    """The frequencies no peer group meets at, in words."""
    return {"DAILY": _("daily"), "HOURLY": _("hourly"), "MINUTELY": _("every minute"), "SECONDLY": _("every second")}


def parse_time(text: str) -> time | None:
    """A local time written 17:30 or the Finnish way, 17.30 (the hour may have one digit), or None
    when the text is not one."""
    match = _TIME.match(text.strip())
    return time(int(match[1]), int(match[2])) if match else None


def time_example(example: time) -> str:
    """The problem of a time that could not be read, with ``example`` written the local way."""
    return _("Write the time as {example}.").format(example=format_time(example))


def rule_text(text: str) -> str:
    """The rule as dateutil reads it: without spaces, upper case, without an ``RRULE:`` prefix."""
    return "".join(text.split()).upper().removeprefix("RRULE:")


def rule_parts(text: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in text.split(";") if "=" in part)


def read_rule(text: str, dtstart: datetime) -> rrule:
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
    parts = rule_parts(text)
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
                most=format_count(INTERVAL_MAX)
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


def bounded_rule(rule: rrule, until: datetime) -> rrule:
    """``rule`` ending at ``until``, so that no search runs past the season."""
    return rule.replace(until=until)


_MONTH_LENGTHS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def no_such_day(text: str) -> bool:
    """Whether the rule asks only for days no month has (the 31st of February, the 31st of April).

    dateutil searches up to the year 9999 for a rule that never gives a date, which would freeze
    the preview while the rule is typed; such rules are recognised here before it is asked.
    """
    parts = rule_parts(rule_text(text))
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

    labels = pattern_field_labels()
    problems: list[Problem] = []

    def problem(field: str, message: str) -> None:
        problems.append(Problem(field, labels[field], message))

    start, end = parse_time(pattern.start_time), parse_time(pattern.end_time)
    try:
        read_rule(pattern.rrule, datetime.combine(EARLIEST_DAY, start or time(12)))
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
        problem("skip_dates", day_range_message())
    return problems


def pattern_horizon_problems(pattern: MeetingPattern, today: date) -> list[Problem]:
    """The problems of ``pattern``'s rule tried on the two years from ``today``: it never gives a
    date, gives dates less than a week apart, or only in months without meetings. The forms refuse
    these; they are no rule of a stored pattern (the same rule can stop giving dates later).
    None while the rule cannot be read (see :func:`pattern_reading_problems`)."""
    labels = pattern_field_labels()
    try:
        rule = read_rule(pattern.rrule, datetime.combine(today, parse_time(pattern.start_time) or time(12)))
    except ValueError:
        return []
    try:
        days = (
            []
            if no_such_day(pattern.rrule)
            else [moment.date() for moment in bounded_rule(rule, datetime.combine(today + HORIZON, time.max))]
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
