"""Dates, times and numbers written for people, the way the app's language writes them.

Babel's CLDR data knows each language's month and weekday names, their grammatical forms ("8.
joulukuuta") and the clock's separator (Finnish writes 17.30), so nothing here is a hand-made
table. Every function reads :func:`facilitator.i18n.language` when called, and imports Babel only
then: the home screen paints before any date is written.
"""

from __future__ import annotations

import functools
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Literal

from facilitator.i18n import _, language

if TYPE_CHECKING:
    from babel import Locale

#: The CLDR locale each language is written in. English is the Irish variant: day before month,
#: the 24-hour clock and no commas ("Tuesday 8 December 2026, 17:30"), as English reads in Finland.
_LOCALES = {"en": "en_IE", "fi": "fi", "sv": "sv"}


@functools.cache
def _locale(code: str) -> Locale:
    from babel import Locale

    return Locale.parse(_LOCALES.get(code, code))


def _current() -> Locale:
    return _locale(language())


def format_date(day: date) -> str:
    """A short date for tables and notes: ``8 Dec 2026``, ``8.12.2026``, ``8 dec. 2026``."""
    from babel.dates import format_date as babel_date

    return babel_date(day, "medium", locale=_current())


def format_long_date(day: date) -> str:
    """The month in words, for paper: ``8 December 2026``, ``8. joulukuuta 2026``, ``8 december 2026``."""
    from babel.dates import format_date as babel_date

    return babel_date(day, "long", locale=_current())


def format_day(day: date) -> str:
    """A short date with its weekday, which helps people check it against their own calendar:
    ``Tue 8 Dec 2026``, ``ti 8.12.2026``, ``tis 8 dec. 2026``."""
    from babel.dates import format_skeleton

    return format_skeleton("yMMMEd", day, locale=_current())


def format_long_day(day: date) -> str:
    """A meeting's day in full words, for paper and invitations: ``Tuesday 8 December 2026``,
    ``tiistai 8. joulukuuta 2026``, ``tisdag 8 december 2026``."""
    from babel.dates import format_date as babel_date

    return babel_date(day, "full", locale=_current())


def format_day_month(day: date) -> str:
    """A day of the month without its year, where the year is said beside it: ``5 Dec``, ``5.12.``,
    ``5 dec.``."""
    from babel.dates import format_skeleton

    return format_skeleton("MMMd", day, locale=_current())


def format_month_year(day: date) -> str:
    """The month of ``day`` and its year in figures, short enough for a table column and without a
    month name to inflect in a sentence: ``03/2026``, ``3.2026``, ``2026-03``."""
    from babel.dates import format_skeleton

    return format_skeleton("yM", day, locale=_current())


def format_time(moment: datetime | time) -> str:
    """A clock time on the 24-hour clock, in whatever zone ``moment`` carries: ``17:30``, ``17.30``."""
    from babel.dates import format_time as babel_time

    return babel_time(moment, "short", locale=_current())


def time_placeholder() -> str:
    """The example a time field shows while empty, written the local way: ``17:30``, ``17.30``."""
    return format_time(time(17, 30))


def date_placeholder() -> str:
    """The example a date field shows while empty: both ways a date may be typed (see
    :func:`facilitator.model.problems.parse_date`)."""
    return "2026-11-27 / 27.11.2026"


def format_time_range(starts: datetime, ends: datetime) -> str:
    """``17:30–20:00`` (Finnish ``17.30–20.00``), in whatever time zone the two datetimes carry."""
    return _("{start}–{end}").format(start=format_time(starts), end=format_time(ends))


def format_moment(starts: datetime, ends: datetime | None = None) -> str:
    """A day and its clock time (or times) in full words: ``Tuesday 8 December 2026 at 17:30``,
    ``tiistai 8. joulukuuta 2026 klo 17.30–20.00``."""
    time_text = format_time(starts) if ends is None else format_time_range(starts, ends)
    return _("{date} at {time}").format(date=format_long_day(starts.date()), time=time_text)


def format_decimal(value: float, digits: int = 1) -> str:
    """``value`` rounded to ``digits`` decimals, always shown: ``4.5``, ``4,5``."""
    from babel.numbers import format_decimal as babel_decimal

    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    return babel_decimal(value, pattern, locale=_current())


def format_count(count: int) -> str:
    """A whole number as the language groups its thousands: ``1,481``, ``1 481`` (a non-breaking
    space, so that a number never breaks at a line's end). Years and ids are not counts: they are
    written as they are (``2026``)."""
    return format_decimal(count, 0)


def format_percent(share: float) -> str:
    """A share (0–1) as a whole percentage, the language's way: ``77%``, ``77 %`` (non-breaking)."""
    from babel.numbers import format_percent as babel_percent

    return babel_percent(share, locale=_current())


def month_names(width: Literal["abbreviated", "narrow", "wide"] = "wide") -> list[str]:
    """The months standing alone, January first: ``width`` "wide" (``joulukuu``) or "abbreviated"
    (``joulu``), for lists of months and chart axes."""
    from babel.dates import get_month_names

    names = get_month_names(width, "stand-alone", locale=_current())
    return [names[month] for month in range(1, 13)]


def weekday_names() -> list[str]:
    """The weekdays standing alone, Monday first: ``Tuesday``, ``tiistai``, ``tisdag``."""
    from babel.dates import get_day_names

    names = get_day_names("wide", "stand-alone", locale=_current())
    return [names[day] for day in range(7)]
