"""Reading the planner's forms: a meeting pattern and a season's first and last day."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from datetime import date, timedelta

from facilitator.dates import format_date
from facilitator.i18n import _
from facilitator.model import MeetingPattern, Problem
from facilitator.model.pattern import pattern_field_labels
from facilitator.model.problems import parse_date, period_problems, read_dates
from facilitator.model.ranges import EARLIEST_MOMENT, LATEST_MOMENT
from facilitator.model.sizes import with_size_problems
from facilitator.pattern_rules import rule_text, validate_pattern

#: The first and last day a season may plan: a day inside the moments a record may hold, so that
#: every meeting planned (an evening, in any time zone) is a time the record rules accept.
SEASON_FIRST = EARLIEST_MOMENT.date() + timedelta(days=1)
SEASON_LAST = LATEST_MOMENT.date() - timedelta(days=1)


def planner_field_labels() -> dict[str, str]:
    """The pattern's field labels, plus the season's first and last day and the two switches."""
    return {
        **pattern_field_labels(),
        "skip_holidays": _("Holidays"),
        "move_skipped": _("Skipped dates"),
        "first": _("First day"),
        "last": _("Last day"),
    }


def months_text(months: list[int]) -> str:
    return ", ".join(str(month) for month in months)


def dates_text(days: list[date]) -> str:
    return ", ".join(day.isoformat() for day in days)


def check_pattern_form(
    values: Mapping[str, str | bool], base: MeetingPattern, today: date
) -> tuple[MeetingPattern, list[Problem]]:
    """The pattern a planner form describes, and every problem with it (the rule is tried on the two
    years from ``today``, the group's day: see :func:`validate_pattern`).

    Months are numbers separated by commas or spaces ("6, 7, 8"); dates likewise, each as
    2026-12-24 or 24.12.2026.
    """
    labels = planner_field_labels()
    problems: list[Problem] = []
    months_typed = str(values.get("skip_months", months_text(base.skip_months)))
    skip_months = base.skip_months
    try:
        skip_months = sorted({int(part) for part in _parts(months_typed)})
    except ValueError:
        problems.append(Problem("skip_months", labels["skip_months"], _("Write month numbers, for example 6, 7, 8.")))
    dates_typed = str(values.get("skip_dates", dates_text(base.skip_dates)))
    skip_dates = base.skip_dates
    try:
        skip_dates = sorted({day for part in _parts(dates_typed) if (day := parse_date(part))})
    except ValueError as error:
        problems.append(Problem("skip_dates", labels["skip_dates"], str(error)))
    pattern = dataclasses.replace(
        base,
        rrule=rule_text(str(values.get("rrule", base.rrule))),
        start_time=str(values.get("start_time", base.start_time)).strip().replace(".", ":"),
        end_time=str(values.get("end_time", base.end_time)).strip().replace(".", ":"),
        skip_holidays=bool(values.get("skip_holidays", base.skip_holidays)),
        move_skipped=bool(values.get("move_skipped", base.move_skipped)),
        skip_months=skip_months,
        skip_dates=skip_dates,
    )
    reported = {problem.field for problem in problems}
    problems += [problem for problem in validate_pattern(pattern, today) if problem.field not in reported]
    return pattern, with_size_problems(pattern, labels, problems)


def check_season_form(values: Mapping[str, str]) -> tuple[tuple[date, date] | None, list[Problem]]:
    """The season's first and last day, or the problems with them."""
    labels = planner_field_labels()
    days, problems = read_dates(values, labels, ("first", "last"))
    for field in ("first", "last"):
        day = days.get(field)
        if day is not None and not SEASON_FIRST <= day <= SEASON_LAST:
            problems.append(Problem(field, labels[field], season_range_message()))
    problems += period_problems(
        days.get("first"), days.get("last"), "last", labels["last"], _("The season ends before it starts.")
    )
    if problems:
        return None, problems
    return (days["first"], days["last"]), []


def season_range_message() -> str:
    return _("A season lies between {first} and {last}.").format(
        first=format_date(SEASON_FIRST), last=format_date(SEASON_LAST)
    )


def _parts(text: str) -> list[str]:
    return [part for part in re.split(r"[,;\s]+", text.strip()) if part]
