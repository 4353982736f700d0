"""The season calendar (.ics): read back by icalendar, by dateutil's VTIMEZONE reader and, when
installed, by the independent ``ics`` parser; local times across DST; UIDs that never change."""

from __future__ import annotations

import dataclasses
import io
import re
from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from dateutil.tz import tzical
from icalendar import Calendar

from exports.calendar import write_calendar
from exports.errors import ExportFailed
from exports.files import default_export_path, slug
from exports.season import season_meetings, season_years
from facilitator.model import Group, Meeting, MeetingStatus, Person
from storage.errors import StorageError

HELSINKI = ZoneInfo("Europe/Helsinki")
STAMPED = datetime(2026, 8, 20, 9, 0, tzinfo=UTC)


def make_group() -> Group:
    return Group(name="Inari peer group", municipality="Inari", region="Lapland", pbas_organisation="Business Lapland")


def make_hosts(group: Group) -> list[Person]:
    """Five hosts whose names and addresses carry every Northern Sami letter beyond Finnish."""
    entries = [
        ("Áilu Čuoŋ", "Čuoŋ Duodji", "Čuoŋgeaidnu 3, 99870 Inari"),
        ("Biret Đuđá", "Đuđá Tours Oy", "Đuđávuotna 12, 99870 Inari"),
        ("Máret Ŋuolja", "Ŋuolja Design", "Ivalontie 40, 99800 Ivalo"),
        ("Ánde Ŧeahkká", "", "Ŧeahkkágeaidnu 7, 99980 Utsjoki"),
        ("Žaná Sámmol", "Žaná's Bakery & Café", "Sevettijärventie 1, 99930 Sevettijärvi"),
    ]
    return [
        Person(group_id=group.id, name=name, company=company, premises_address=address, can_host=True)
        for name, company, address in entries
    ]


def make_meeting(
    group: Group, day: date, host: Person | None, status: MeetingStatus = MeetingStatus.PLANNED
) -> Meeting:
    """A meeting from 17:30 to 20:00 Helsinki time on ``day``, stored in UTC as the app stores it."""
    starts = datetime.combine(day, time(17, 30), HELSINKI).astimezone(UTC)
    ends = datetime.combine(day, time(20, 0), HELSINKI).astimezone(UTC)
    meeting = Meeting(
        group_id=group.id,
        starts_at=starts,
        ends_at=ends,
        status=status,
        host_id=host.id if host else "",
        location=host.premises_address if host else "",
    )
    return meeting.stamped("test-workspace", now=STAMPED)


@pytest.fixture
def season() -> tuple[Group, list[Meeting], dict[str, Person]]:
    """Meetings on both sides of the October 2026 and March 2027 clock changes, one cancelled,
    and one removed (a tombstone) that must not reach the calendar."""
    group = make_group()
    hosts = make_hosts(group)
    meetings = [
        make_meeting(group, date(2026, 10, 13), hosts[0], MeetingStatus.HELD),
        make_meeting(group, date(2026, 11, 10), hosts[1], MeetingStatus.CONFIRMED),
        make_meeting(group, date(2026, 12, 8), hosts[2], MeetingStatus.CANCELLED),
        make_meeting(group, date(2027, 3, 9), hosts[3]),
        make_meeting(group, date(2027, 4, 13), hosts[4]),
        make_meeting(group, date(2027, 5, 11), hosts[0]).tombstone(),
    ]
    return group, meetings, {host.id: host for host in hosts}


def read_events(path: Path) -> list:
    calendar = Calendar.from_ical(path.read_bytes())
    return sorted(calendar.walk("VEVENT"), key=lambda event: event["DTSTART"].dt)


def test_every_meeting_reads_back_at_17_30_local_time_across_daylight_saving(tmp_path: Path, season) -> None:
    group, meetings, people = season
    path = write_calendar(group, meetings, people, tmp_path / "season.ics")
    events = read_events(path)
    live = [meeting for meeting in meetings if not meeting.deleted]
    assert len(events) == len(live) == 5
    for event, meeting in zip(events, live, strict=True):
        start, end = event["DTSTART"], event["DTEND"]
        assert start.params["TZID"] == end.params["TZID"] == "Europe/Helsinki"
        assert (start.dt.time(), end.dt.time()) == (time(17, 30), time(20, 0))
        assert start.dt.date() == meeting.starts_at.astimezone(HELSINKI).date()
        assert start.dt.astimezone(UTC) == meeting.starts_at
        assert end.dt.astimezone(UTC) == meeting.ends_at
        assert str(event["UID"]) == f"{meeting.id}@microentre-facilitator"
        assert str(event["LOCATION"]) == meeting.location
        assert int(event["SEQUENCE"]) == meeting.revision == 1
        assert event["LAST-MODIFIED"].dt == STAMPED
    # Summer time (UTC+3) in October and April, winter time (UTC+2) in between.
    assert [event["DTSTART"].dt.utcoffset().total_seconds() / 3600 for event in events] == [3, 2, 2, 2, 3]


def test_the_calendar_names_the_group_its_zone_and_each_status(tmp_path: Path, season) -> None:
    group, meetings, people = season
    path = write_calendar(group, meetings, people, tmp_path / "season.ics")
    calendar = Calendar.from_ical(path.read_bytes())
    assert str(calendar["X-WR-CALNAME"]) == "Inari peer group"
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Helsinki"
    assert str(calendar["VERSION"]) == "2.0" and str(calendar["PRODID"])
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Helsinki"]
    events = read_events(path)
    assert [str(event["STATUS"]) for event in events] == [
        "CONFIRMED",
        "CONFIRMED",
        "CANCELLED",
        "TENTATIVE",
        "TENTATIVE",
    ]
    summaries = [str(event["SUMMARY"]) for event in events]
    assert summaries[0] == "Inari peer group: meeting at Čuoŋ Duodji (host Áilu Čuoŋ)"
    assert summaries[2].startswith("Cancelled: ")
    assert summaries[3] == "Inari peer group: meeting hosted by Ánde Ŧeahkká"
    assert "Žaná Sámmol" in summaries[4] and "Biret Đuđá" in summaries[1] and "Máret Ŋuolja" in summaries[2]
    unfolded = path.read_bytes().decode("utf-8").replace("\r\n ", "")
    for host in people.values():
        assert host.name in unfolded
    assert set("ČĐŊŦŽ") <= set(unfolded)


def test_the_vtimezone_alone_gives_the_right_moments(tmp_path: Path, season) -> None:
    """Some calendars (Outlook) go by the VTIMEZONE, not their own zone database: read it alone."""
    group, meetings, people = season
    text = write_calendar(group, meetings, people, tmp_path / "season.ics").read_text("utf-8").replace("\r\n", "\n")
    definition = re.search(r"BEGIN:VTIMEZONE\n.*?END:VTIMEZONE\n", text, re.DOTALL)
    zone = tzical(io.StringIO(definition.group(0))).get("Europe/Helsinki")
    for meeting in meetings:
        local = meeting.starts_at.astimezone(HELSINKI).replace(tzinfo=zone)
        assert local.astimezone(UTC) == meeting.starts_at


def test_exporting_again_keeps_the_uids_and_a_changed_meeting_gets_a_higher_sequence(tmp_path: Path, season) -> None:
    group, meetings, people = season
    path = tmp_path / "season.ics"
    write_calendar(group, meetings, people, path)
    first = {str(event["UID"]): int(event["SEQUENCE"]) for event in read_events(path)}
    write_calendar(group, meetings, people, path)
    assert {str(event["UID"]): int(event["SEQUENCE"]) for event in read_events(path)} == first

    hosts = list(people.values())
    moved = dataclasses.replace(meetings[1], host_id=hosts[4].id, location=hosts[4].premises_address)
    meetings[1] = moved.stamped("test-workspace")
    write_calendar(group, meetings, people, path)
    again = {str(event["UID"]): event for event in read_events(path)}
    assert set(again) == set(first)
    changed = again[f"{moved.id}@microentre-facilitator"]
    assert int(changed["SEQUENCE"]) > first[f"{moved.id}@microentre-facilitator"]
    assert str(changed["LOCATION"]) == hosts[4].premises_address
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def test_an_independent_parser_reads_the_same_events(tmp_path: Path, season) -> None:
    ics = pytest.importorskip("ics")
    group, meetings, people = season
    path = write_calendar(group, meetings, people, tmp_path / "season.ics")
    events = sorted(ics.Calendar(path.read_text("utf-8")).events, key=lambda event: event.begin)
    live = [meeting for meeting in meetings if not meeting.deleted]
    assert [event.uid for event in events] == [f"{meeting.id}@microentre-facilitator" for meeting in live]
    assert [event.begin.datetime.astimezone(UTC) for event in events] == [meeting.starts_at for meeting in live]
    assert {event.begin.datetime.strftime("%H:%M") for event in events} == {"17:30"}
    assert [event.location for event in events] == [meeting.location for meeting in live]
    assert events[0].name == "Inari peer group: meeting at Čuoŋ Duodji (host Áilu Čuoŋ)"


def test_a_folder_that_cannot_be_written_is_named_in_the_error(tmp_path: Path, season) -> None:
    group, meetings, people = season
    missing = tmp_path / "no such folder" / "season.ics"
    with pytest.raises(ExportFailed, match=re.escape(str(missing))) as raised:
        write_calendar(group, meetings, people, missing)
    assert isinstance(raised.value, StorageError) and raised.value.path == missing
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    with pytest.raises(ExportFailed, match=re.escape(str(blocker / "season.ics"))):
        write_calendar(group, meetings, people, blocker / "season.ics")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a file"]


def test_the_default_file_name_is_readable_ascii(tmp_path: Path, season) -> None:
    group, meetings, people = season
    years = season_years(season_meetings(group, meetings, people))
    assert years == "2026-2027"
    path = default_export_path(tmp_path, "schedule", group, ".pdf", detail=years)
    assert path == tmp_path / "inari-peer-group-schedule-2026-2027.pdf"
    assert (
        slug("Čuoŋ Đuđá Ŋ Ŧeahkká Žaná – Åland & Ørsta Sääksjärvi") == "cuon-duda-n-teahkka-zana-aland-orsta-saaksjarvi"
    )
    nameless = dataclasses.replace(group, name="???")
    assert default_export_path(tmp_path, "calendar", nameless, ".ics").name == "group-calendar.ics"
