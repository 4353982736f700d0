"""How often and when a group meets: a recurrence rule and the days it skips."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from facilitator.i18n import _

DEFAULT_RRULE = "FREQ=MONTHLY;BYDAY=+2TU"
SUMMER_MONTHS = [6, 7, 8]


@dataclass(kw_only=True)
class MeetingPattern:
    """A group's meeting pattern.

    ``rrule`` is RFC 5545 RRULE text without DTSTART (for example the second Tuesday of each
    month, ``FREQ=MONTHLY;BYDAY=+2TU``); ``start_time`` and ``end_time`` are local times
    ("17:30"). Dates in ``skip_months`` are dropped; dates in ``skip_dates`` and, with
    ``skip_holidays``, Finnish public holidays are dropped too, or moved to the next suitable
    weekday when ``move_skipped`` is set.
    """

    rrule: str = DEFAULT_RRULE
    start_time: str = "17:30"
    end_time: str = "20:00"
    skip_months: list[int] = field(default_factory=lambda: list(SUMMER_MONTHS))
    skip_dates: list[date] = field(default_factory=list)
    skip_holidays: bool = True
    move_skipped: bool = False


def pattern_field_labels() -> dict[str, str]:
    """The label of each pattern field the planner's form shows and its rules name."""
    return {
        "rrule": _("Rule"),
        "start_time": _("Starts"),
        "end_time": _("Ends"),
        "skip_months": _("No meetings in"),
        "skip_dates": _("Skip dates"),
    }
