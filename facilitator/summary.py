"""What a held meeting comes to, for the papers written after it: the participants' summary, the
facilitator's record and the text for the network's website.

:func:`summarise_meeting` gathers everything from plain records into a :class:`MeetingSummary`,
and the helpers after it put into words the recording, the agenda's timing and the next meeting;
the PDFs and the website text (:mod:`facilitator.website`) only lay it out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from facilitator.checkin import CheckinRow, checkin_rows
from facilitator.dates import format_count, format_moment, format_time, format_time_range
from facilitator.i18n import _, ngettext
from facilitator.live import actual_minutes
from facilitator.model import (
    AgendaItem,
    Attendance,
    FeedbackResponse,
    FeedbackSummary,
    Group,
    Meeting,
    MeetingStatus,
    MemoEntry,
    MemoKind,
    Person,
    Presence,
    Role,
    summarise_feedback,
)
from facilitator.pseudonyms import shown_pseudonyms

# -- the summary -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attendee:
    """Someone who was there: a roster person (``person`` set) or a guest (``person`` None)."""

    name: str
    organisation: str
    person: Person | None
    audio_consent: bool
    consent_given_here: bool

    @property
    def is_guest(self) -> bool:
        return self.person is None

    @property
    def role_label(self) -> str:
        return self.person.role.label if self.person else _("guest")


@dataclass(frozen=True)
class SummaryEntry:
    """One memo entry as the record prints it: local time, names instead of ids, the item's title."""

    entry: MemoEntry
    written_at: datetime
    item_title: str
    people: tuple[str, ...]
    owner: str

    @property
    def text(self) -> str:
        return self.entry.text

    @property
    def kind(self) -> MemoKind:
        return self.entry.kind

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self.entry.codes)

    @property
    def due(self) -> date | None:
        return self.entry.due

    @property
    def recording_offset(self) -> int | None:
        return self.entry.recording_offset


@dataclass(frozen=True)
class ItemTiming:
    """An agenda item's planned minutes against what it took (None: it never ran to its end)."""

    title: str
    planned: int
    actual: int | None
    started_at: datetime | None
    ended_at: datetime | None

    @property
    def difference(self) -> int | None:
        return None if self.actual is None else self.actual - self.planned


@dataclass(frozen=True)
class NextMeeting:
    starts_at: datetime
    ends_at: datetime
    host: Person | None
    place: str


@dataclass(frozen=True)
class MeetingSummary:
    """A held meeting, gathered for printing. Times are on the group's clocks."""

    group: Group
    meeting: Meeting
    host: Person | None
    starts_at: datetime
    ends_at: datetime
    place: str
    members: tuple[Attendee, ...]
    staff: tuple[Attendee, ...]
    guests: tuple[Attendee, ...]
    apologies: tuple[Person, ...]
    conclusions: tuple[str, ...]
    entries: tuple[SummaryEntry, ...]
    timings: tuple[ItemTiming, ...]
    recordings: tuple[tuple[datetime, datetime | None], ...]
    feedback: FeedbackSummary
    next_meeting: NextMeeting | None
    people: tuple[Person, ...]

    @property
    def theme(self) -> str:
        return self.meeting.theme

    @property
    def day(self) -> date:
        return self.starts_at.date()

    @property
    def present(self) -> tuple[Attendee, ...]:
        return self.members + self.staff + self.guests

    @property
    def decisions(self) -> tuple[SummaryEntry, ...]:
        return self._of(MemoKind.DECISION)

    @property
    def actions(self) -> tuple[SummaryEntry, ...]:
        return self._of(MemoKind.ACTION)

    @property
    def needs(self) -> tuple[SummaryEntry, ...]:
        return self._of(MemoKind.NEED)

    @property
    def recorded(self) -> bool:
        return bool(self.recordings)

    @property
    def without_audio_consent(self) -> tuple[Attendee, ...]:
        return tuple(attendee for attendee in self.present if not attendee.audio_consent)

    def _of(self, kind: MemoKind) -> tuple[SummaryEntry, ...]:
        return tuple(entry for entry in self.entries if entry.kind is kind)


def local_span(meeting: Meeting, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """When the meeting ran on the group's clocks: its actual start and end where known."""
    starts = meeting.started_at or meeting.starts_at
    ends = meeting.closed_at or meeting.ends_at
    if ends <= starts:
        starts, ends = meeting.starts_at, meeting.ends_at
    return starts.astimezone(zone), ends.astimezone(zone)


def place_of(meeting: Meeting, host: Person | None) -> str:
    """Where the meeting is: its own location, else the host's premises."""
    return meeting.location or (host.premises_address if host else "")


def summarise_meeting(
    group: Group,
    meeting: Meeting,
    people: Sequence[Person],
    attendance: Sequence[Attendance],
    items: Sequence[AgendaItem],
    entries: Sequence[MemoEntry],
    feedback: Sequence[FeedbackResponse] = (),
    next_meeting: Meeting | None = None,
) -> MeetingSummary:
    """Gather ``meeting`` from its records: who came, what was concluded, decided, promised and
    needed, every memo entry in order, the agenda's timing, the recording and its consents, the
    feedback, and the next meeting. ``people`` is the group's roster (the hosts come from it);
    removed records are left out."""
    zone = ZoneInfo(group.time_zone)
    roster = {person.id: person for person in people}
    host = roster.get(meeting.host_id)
    starts, ends = local_span(meeting, zone)
    rows = checkin_rows(list(people), [entry for entry in attendance if not entry.deleted], starts.date())
    who = _who_came(group, rows)
    live_items = [item for item in items if not item.deleted]
    return MeetingSummary(
        group=group,
        meeting=meeting,
        host=host,
        starts_at=starts,
        ends_at=ends,
        place=place_of(meeting, host),
        members=tuple(who.members),
        staff=tuple(who.staff),
        guests=tuple(who.guests),
        apologies=tuple(who.apologies),
        conclusions=tuple(conclusion_lines(meeting.conclusions)),
        entries=_summary_entries(entries, live_items, roster, zone),
        timings=_timings(live_items, zone),
        recordings=tuple(
            (
                recording.started_at.astimezone(zone),
                stopped.astimezone(zone) if (stopped := recording.stopped_at) else None,
            )
            for recording in meeting.recordings
        ),
        feedback=summarise_feedback(feedback),
        next_meeting=_next_meeting(next_meeting, roster, zone),
        people=tuple(people),
    )


@dataclass
class _WhoCame:
    """Those present, by the part of the record that lists them, and the members who sent apologies."""

    members: list[Attendee] = field(default_factory=list)
    staff: list[Attendee] = field(default_factory=list)
    guests: list[Attendee] = field(default_factory=list)
    apologies: list[Person] = field(default_factory=list)


def _who_came(group: Group, rows: Sequence[CheckinRow]) -> _WhoCame:
    """The check-in's rows sorted into members, staff (facilitators and researchers) and guests
    present, and the members who sent apologies (only members' apologies are recorded)."""
    who = _WhoCame()
    for row in rows:
        if row.person and row.status is Presence.APOLOGIES and row.person.role is Role.MEMBER:
            who.apologies.append(row.person)
        if not row.present:
            continue
        attendee = _attendee(group, row)
        if row.person is None:
            who.guests.append(attendee)
        elif row.person.role is Role.MEMBER:
            who.members.append(attendee)
        else:
            who.staff.append(attendee)
    return who


def _attendee(group: Group, row: CheckinRow) -> Attendee:
    """Someone present as the record names them: a facilitator without a company of their own is
    from the group's business advisory service; consent given at this meeting is marked."""
    organisation = row.organisation
    if not organisation and row.person and row.person.role is Role.FACILITATOR:
        organisation = group.pbas_organisation
    return Attendee(
        name=row.name,
        organisation=organisation,
        person=row.person,
        audio_consent=row.has_audio_consent,
        consent_given_here=row.attendance is not None and row.attendance.audio_consent is not None,
    )


def _summary_entries(
    entries: Sequence[MemoEntry], live_items: Sequence[AgendaItem], roster: Mapping[str, Person], zone: ZoneInfo
) -> tuple[SummaryEntry, ...]:
    """The memo entries not removed, in the order written, with local times, their agenda item's
    title and the people named instead of their ids (those no longer on the roster left out)."""
    titles = {item.id: item.title for item in live_items}
    kept = sorted((entry for entry in entries if not entry.deleted), key=lambda entry: (entry.written_at, entry.id))
    return tuple(
        SummaryEntry(
            entry=entry,
            written_at=entry.written_at.astimezone(zone),
            item_title=titles.get(entry.agenda_item_id, ""),
            people=tuple(roster[person_id].name for person_id in entry.people if person_id in roster),
            owner=roster[entry.owner_id].name if entry.owner_id in roster else "",
        )
        for entry in kept
    )


def _timings(live_items: Sequence[AgendaItem], zone: ZoneInfo) -> tuple[ItemTiming, ...]:
    """Each agenda item in the agenda's order, its planned minutes against those it took."""
    return tuple(
        ItemTiming(
            title=item.title,
            planned=item.minutes,
            actual=actual_minutes(item),
            started_at=item.started_at.astimezone(zone) if item.started_at else None,
            ended_at=item.ended_at.astimezone(zone) if item.ended_at else None,
        )
        for item in sorted(live_items, key=lambda item: (item.position, item.id))
    )


def _next_meeting(next_meeting: Meeting | None, roster: Mapping[str, Person], zone: ZoneInfo) -> NextMeeting | None:
    """The next meeting on the group's clocks, with its host and where it will be."""
    if next_meeting is None:
        return None
    host = roster.get(next_meeting.host_id)
    return NextMeeting(
        starts_at=next_meeting.starts_at.astimezone(zone),
        ends_at=next_meeting.ends_at.astimezone(zone),
        host=host,
        place=place_of(next_meeting, host),
    )


_BULLET = re.compile(r"^\s*(?:[-–—•*·]|\d+[.)])\s+")


def conclusion_lines(conclusions: str) -> list[str]:
    """The conclusions typed at closing, one per line, without the bullets people type."""
    lines = (_BULLET.sub("", line).strip() for line in conclusions.splitlines())
    return [line for line in lines if line]


def following_meeting(meetings: Sequence[Meeting], meeting: Meeting) -> Meeting | None:
    """The group's first meeting after ``meeting`` that is not cancelled or removed."""
    later = [
        other
        for other in meetings
        if other.id != meeting.id
        and not other.deleted
        and other.group_id == meeting.group_id
        and other.starts_at > meeting.starts_at
        and other.status is not MeetingStatus.CANCELLED
    ]
    return min(later, key=lambda other: other.starts_at, default=None)


# -- what is written about times -------------------------------------------------------------------


def format_offset(seconds: int | float | None) -> str:
    """A moment of a recording as mm:ss, the minutes going past 59 (``62:05``), as players count a
    meeting's sound; empty when nothing was recorded. Part seconds are dropped: the moment's second."""
    if seconds is None:
        return ""
    minutes, rest = divmod(max(0, int(seconds)), 60)
    return f"{minutes:02d}:{rest:02d}"


def describe_recordings(summary: MeetingSummary) -> str:
    if not summary.recordings:
        return _("Not recorded.")
    spans = []
    for started, stopped in summary.recordings:
        if stopped is None:
            spans.append(_("from {time}").format(time=format_time(started)))
        else:
            spans.append(format_time_range(started, stopped))
    return ngettext("Recorded {spans}.", "Recorded in {count} parts: {spans}.", len(spans)).format(
        spans=", ".join(spans), count=format_count(len(spans))
    )


def describe_difference(minutes: int | None) -> str:
    if minutes is None:
        return ""
    if minutes == 0:
        return _("on time")
    if minutes > 0:
        return ngettext("{count} min over", "{count} min over", minutes).format(count=format_count(minutes))
    return ngettext("{count} min under", "{count} min under", -minutes).format(count=format_count(-minutes))


def describe_next(summary: MeetingSummary) -> str:
    """The next meeting in one line: day, time, host and company, place."""
    following = summary.next_meeting
    if following is None:
        return _("Not planned yet.")
    parts = [format_moment(following.starts_at, following.ends_at)]
    if following.host:
        parts.append(host_label(following.host))
    if following.place:
        parts.append(following.place)
    return shown_pseudonyms(" · ".join(parts))


def host_label(person: Person) -> str:
    if person.company:
        return _("{host}, {company}").format(host=person.name, company=person.company)
    return person.name
