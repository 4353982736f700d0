"""The years a stored date or moment may lie in, and the one message each says when it does not.

Kept below every validator and form (the date parser, a pattern's skipped dates, the record rules,
the outputs that ask :func:`in_range` before placing a stored time), so that there is one range.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from facilitator.dates import format_date, format_time
from facilitator.i18n import _

EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2200, 12, 31)
#: The first and last moment at least a day inside the bounds: its day is between them in every
#: time zone (UTC offsets stay under a day), and placing it in any zone never overflows.
EARLIEST_MOMENT = datetime.combine(EARLIEST_DAY + timedelta(days=1), time.min, UTC)
LATEST_MOMENT = datetime.combine(LATEST_DAY - timedelta(days=1), time.max, UTC)


def in_range(value: date | datetime) -> bool:
    """Whether ``value`` is a day from :data:`EARLIEST_DAY` to :data:`LATEST_DAY`, or an aware
    moment whose day lies between them in every time zone (so that placing it in any zone, as
    reports, calendars and exports do, never overflows)."""
    if isinstance(value, datetime):
        if value.utcoffset() is None:
            return False
        try:
            moment = value.astimezone(UTC)
        except OverflowError:
            return False
        return EARLIEST_MOMENT <= moment <= LATEST_MOMENT
    return EARLIEST_DAY <= value <= LATEST_DAY


def day_range_message() -> str:
    """What a day outside the range is told: the years a form's date may be written in."""
    return _("Write a date between {first} and {last}.").format(first=EARLIEST_DAY.year, last=LATEST_DAY.year)


def moment_range_message() -> str:
    """What a moment outside the range is told: its real bounds, in UTC (a day less at each end
    than a day's, so that its day is in range in every time zone)."""
    return _("The time is not between {first} and {last} (UTC).").format(
        first=f"{format_date(EARLIEST_MOMENT.date())} {format_time(EARLIEST_MOMENT)}",
        last=f"{format_date(LATEST_MOMENT.date())} {format_time(LATEST_MOMENT)}",
    )


def range_message(value: date | datetime) -> str:
    """The message for ``value`` (a day or a moment) outside the range."""
    return moment_range_message() if isinstance(value, datetime) else day_range_message()
