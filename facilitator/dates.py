"""Dates and times written for people, in the user's language (strftime follows the OS locale)."""

from __future__ import annotations

from datetime import date, datetime

from facilitator.i18n import _


def _weekday(day: date) -> str:
    return (_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun"))[day.weekday()]


def _month(day: date) -> str:
    months = (
        _("Jan"), _("Feb"), _("Mar"), _("Apr"), _("May"), _("Jun"),
        _("Jul"), _("Aug"), _("Sep"), _("Oct"), _("Nov"), _("Dec"),
    )  # fmt: skip
    return months[day.month - 1]


def _parts(day: date) -> dict[str, object]:
    """Every piece a translated date pattern may use, so Finnish can write "ti 8.12.2026"."""
    return {
        "weekday": _weekday(day),
        "day": day.day,
        "month": _month(day),
        "month_number": day.month,
        "year": day.year,
    }


def format_date(day: date) -> str:
    """``8 Dec 2026``."""
    return _("{day} {month} {year}").format(**_parts(day))


def format_day(day: date) -> str:
    """``Tue 8 Dec 2026``: the weekday helps people check a date against their own calendar."""
    return _("{weekday} {day} {month} {year}").format(**_parts(day))


def format_time_range(starts: datetime, ends: datetime) -> str:
    """``17:30–20:00``, in whatever time zone the two datetimes carry."""
    return _("{start}–{end}").format(start=f"{starts:%H:%M}", end=f"{ends:%H:%M}")
