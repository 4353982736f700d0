"""The local day and moment: the one place where a stored UTC time becomes the day or the clock
time a user reads.

The rule, everywhere (screens, PDFs, file names, the commands' messages and default periods):
stored times stay UTC; what a user reads is on the clocks of the group it belongs to (the group's
time zone), or of the system (the workspace's) where no group is concerned, or groups in several
zones. No Babel here (see :mod:`facilitator.dates` for writing them in words): the first screen
asks for today before any date is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from zoneinfo import ZoneInfo


def local_moment(moment: datetime, time_zones: str | Iterable[str] = ()) -> datetime:
    """``moment`` on the clocks its reader goes by: those of ``time_zones`` when it names one zone
    (a group's name such as ``Europe/Helsinki``, or the zones of several groups that share it),
    else the system's (the workspace lock, a network in several zones)."""
    if isinstance(time_zones, str):
        return moment.astimezone(ZoneInfo(time_zones))
    zones = set(time_zones)
    if len(zones) == 1:
        return moment.astimezone(ZoneInfo(zones.pop()))
    return moment.astimezone()


def local_day(moment: datetime, time_zones: str | Iterable[str] = ()) -> date:
    """The day of ``moment`` on the calendar its reader goes by (see :func:`local_moment`): a meeting
    at 01:30 on 3 December in Helsinki is on 3 December, though it is still 2 December in UTC."""
    return local_moment(moment, time_zones).date()


def format_local_moment(moment: datetime, time_zones: str | Iterable[str] = ()) -> str:
    """``moment`` as its reader's clock shows it, day and time (``Thu 3 Dec 2026 00:00``): for what
    happens from a moment within a day, such as a key's retirement."""
    from facilitator.dates import format_day, format_time

    local = local_moment(moment, time_zones)
    return f"{format_day(local.date())} {format_time(local)}"
