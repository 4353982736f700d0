"""A season's meetings as every export shows them: in order, in local time, with their hosts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from facilitator.local_time import local_moment
from facilitator.model import Group, Meeting, MeetingStatus, Person
from facilitator.summary import local_span


@dataclass(frozen=True)
class SeasonMeeting:
    """One meeting with its times in the group's time zone (a held meeting's actual start and end,
    the others' planned ones) and its host looked up."""

    meeting: Meeting
    starts: datetime
    ends: datetime
    host: Person | None

    @property
    def location(self) -> str:
        """Where the meeting is: its own location, else the host's premises."""
        if self.meeting.location:
            return self.meeting.location
        return self.host.premises_address if self.host else ""


def season_meetings(
    group: Group, meetings: Iterable[Meeting], people_by_id: Mapping[str, Person]
) -> list[SeasonMeeting]:
    """The meetings that are not removed, earliest first, as the group's members see them."""
    zone = ZoneInfo(group.time_zone)
    season = []
    for meeting in sorted(meetings, key=lambda meeting: meeting.starts_at):
        if meeting.deleted:
            continue
        host = people_by_id.get(meeting.host_id)
        if meeting.status is MeetingStatus.HELD:
            starts, ends = local_span(meeting, zone)
        else:
            starts, ends = (
                local_moment(meeting.starts_at, group.time_zone),
                local_moment(meeting.ends_at, group.time_zone),
            )
        season.append(
            SeasonMeeting(
                meeting=meeting,
                starts=starts,
                ends=ends,
                host=host if host and not host.deleted else None,
            )
        )
    return season


def season_years(season: list[SeasonMeeting]) -> str:
    """ "2026-2027" for a season that spans two years, "2026" for one, "" for no meetings."""
    if not season:
        return ""
    first, last = season[0].starts.year, season[-1].starts.year
    return str(first) if first == last else f"{first}-{last}"
