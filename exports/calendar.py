"""The season as an iCalendar (.ics) file that members import into their own calendars.

Each meeting keeps the same UID in every export and its SEQUENCE is the meeting's revision, so
importing an updated file changes the events already in a calendar instead of adding copies.
Times are written in the group's time zone with its VTIMEZONE, so 17:30 stays 17:30 across
daylight-saving changes whatever zone the reader's calendar is in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from pathlib import Path

from icalendar import Calendar, Event, Timezone

from exports.files import write_export
from exports.season import SeasonMeeting, season_meetings
from facilitator.i18n import _
from facilitator.local_time import local_day
from facilitator.model import Group, Meeting, MeetingStatus, Person, utc_now

PRODID = "-//MicroENTRE Facilitator//Season calendar//EN"
UID_DOMAIN = "microentre-facilitator"

_STATUS = {
    MeetingStatus.PLANNED: "TENTATIVE",
    MeetingStatus.CONFIRMED: "CONFIRMED",
    MeetingStatus.HELD: "CONFIRMED",
    MeetingStatus.CANCELLED: "CANCELLED",
}


def meeting_uid(meeting: Meeting) -> str:
    """The event's UID: derived from the meeting's id only, so every export repeats it."""
    return f"{meeting.id}@{UID_DOMAIN}"


def write_calendar(group: Group, meetings: Iterable[Meeting], people_by_id: Mapping[str, Person], path: Path) -> Path:
    """Write the meetings of ``group`` that are not removed to ``path`` as .ics (atomically).

    Raises :class:`~exports.errors.ExportFailed` naming the path when it cannot be written.
    """
    season = season_meetings(group, meetings, people_by_id)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", group.name)
    calendar.add("x-wr-timezone", group.time_zone)
    stamp = utc_now()
    calendar.add_component(_time_zone(group, season, stamp))
    for item in season:
        calendar.add_component(_event(group, item, stamp))
    return write_export(path, calendar.to_ical())


def _time_zone(group: Group, season: list[SeasonMeeting], now: datetime) -> Timezone:
    """The group's VTIMEZONE, with the transitions of the season's years (not all since 1970), or
    around the group's today when nothing is planned."""
    if season:
        first, last = season[0].starts.date(), season[-1].ends.date()
    else:
        first = last = local_day(now, group.time_zone)
    return Timezone.from_tzid(
        group.time_zone,
        first_date=date(first.year - 1, 1, 1),
        last_date=date(last.year + 2, 1, 1),
    )


def _event(group: Group, item: SeasonMeeting, stamp: datetime) -> Event:
    meeting = item.meeting
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", stamp)
    event.add("dtstart", item.starts)
    event.add("dtend", item.ends)
    event.add("summary", _summary(group, item))
    if item.location:
        event.add("location", item.location)
    event.add("description", _description(group, item))
    event.add("status", _STATUS[meeting.status])
    event.add("sequence", meeting.revision)
    if meeting.created_at:
        event.add("created", meeting.created_at)
    if meeting.updated_at:
        event.add("last-modified", meeting.updated_at)
    return event


def _summary(group: Group, item: SeasonMeeting) -> str:
    """ "Inari peer group: meeting at Čuoŋ Duodji (host Áilu Čuoŋ)", as short as the facts allow."""
    host = item.host
    if host and host.company:
        summary = _("{group}: meeting at {company} (host {host})").format(
            group=group.name, company=host.company, host=host.name
        )
    elif host:
        summary = _("{group}: meeting hosted by {host}").format(group=group.name, host=host.name)
    else:
        summary = _("{group}: meeting").format(group=group.name)
    if item.meeting.status is MeetingStatus.CANCELLED:
        # Many calendars ignore STATUS:CANCELLED in their display; the title says it too.
        summary = _("Cancelled: {summary}").format(summary=summary)
    return summary


def _description(group: Group, item: SeasonMeeting) -> str:
    lines = []
    if item.host:
        host = ", ".join(part for part in (item.host.name, item.host.company) if part)
        lines.append(_("Host: {host}").format(host=host))
    if item.location:
        lines.append(_("Premises: {address}").format(address=item.location))
    lines.append(_("Status: {status}").format(status=item.meeting.status.label))
    if group.pbas_organisation:
        lines.append(_("Facilitated by {organisation}").format(organisation=group.pbas_organisation))
    return "\n".join(lines)
