"""Validation results that say which field is wrong and why, in a facilitator's words."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal, overload

from facilitator.i18n import _, language
from facilitator.model.ranges import day_range_message, in_range


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one field of a form."""

    field: str
    label: str
    message: str

    def __str__(self) -> str:
        return f"{self.label}: {self.message}"


class Invalid(ValueError):
    """Raised when a record with problems is about to be saved; carries every problem."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(problem) for problem in problems))


def per_language(labels: Callable[[], dict[str, str]]) -> Callable[[], dict[str, str]]:
    """``labels`` translated once per language (a copy each call): every record's validator asks
    for its labels, and an import validates tens of thousands of records."""
    made: dict[str, dict[str, str]] = {}

    @functools.wraps(labels)
    def cached() -> dict[str, str]:
        code = language()
        if code not in made:
            made[code] = labels()
        return dict(made[code])

    return cached


_FINNISH_DATE = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$")


def parse_date(text: str) -> date | None:
    """Read a date written as 2024-03-15 or the Finnish way, 15.3.2024; blank means none.

    Raises ``ValueError`` with a message for the user when the text is not a real date, or is one
    outside the years a record may hold (:mod:`facilitator.model.ranges`): a form never stores a
    date that an import would refuse.
    """
    text = text.strip()
    if not text:
        return None
    try:
        if match := _FINNISH_DATE.match(text):
            day, month, year = (int(part) for part in match.groups())
            typed = date(year, month, day)
        else:
            typed = datetime.strptime(text, "%Y-%m-%d").date()  # noqa: DTZ007  # a day alone: no time of day to place
    except ValueError:
        raise ValueError(_("“{text}” is not a date: write it as 2024-03-15 or 15.3.2024.").format(text=text)) from None
    if not in_range(typed):
        raise ValueError(day_range_message())
    return typed


def read_period(values: Mapping[str, str], labels: Mapping[str, str]) -> tuple[dict[str, date | None], list[Problem]]:
    """A period typed as a ``start`` and an ``end`` date, either of them blank (open-ended).

    Returns the fields that hold a date or nothing, and a problem for each one that is not a date
    and one for the ``period`` when it ends before it starts (both dates are returned then: they
    are dates)."""
    days, problems = read_dates(values, labels, ("start", "end"), required=False)
    return days, problems + period_problems(days.get("start"), days.get("end"), "period", labels["end"])


@overload
def read_dates(
    values: Mapping[str, str], labels: Mapping[str, str], fields: Sequence[str], *, required: Literal[True] = True
) -> tuple[dict[str, date], list[Problem]]: ...


@overload
def read_dates(
    values: Mapping[str, str], labels: Mapping[str, str], fields: Sequence[str], *, required: bool
) -> tuple[dict[str, date | None], list[Problem]]: ...


def read_dates(
    values: Mapping[str, str], labels: Mapping[str, str], fields: Sequence[str], *, required: bool = True
) -> tuple[dict[str, date], list[Problem]] | tuple[dict[str, date | None], list[Problem]]:
    """The dates typed into ``fields``, and a problem for each one that is not a date or, when
    ``required``, is blank. A field with a problem is left out; a blank one not required is None."""
    days: dict[str, date | None] = {}
    problems: list[Problem] = []
    for field in fields:
        try:
            day = parse_date(values.get(field, ""))
        except ValueError as error:
            problems.append(Problem(field, labels[field], str(error)))
            continue
        if day is None and required:
            problems.append(Problem(field, labels[field], _("Enter a date.")))
        else:
            days[field] = day
    return days, problems


def period_problems(
    start: date | None, end: date | None, field: str, label: str, message: str | None = None
) -> list[Problem]:
    """A problem for ``field`` when the period from ``start`` to ``end`` ends before it starts (by
    default "The period ends before it starts."); none while either day is unknown."""
    if start is None or end is None or end >= start:
        return []
    return [Problem(field, label, message or _("The period ends before it starts."))]
