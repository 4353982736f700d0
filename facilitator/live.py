"""The live meeting's rules: check-in, the recording consent gate, the agenda clock and memo
entries (closing is in closing.py). Plain functions that return the records to save; the screen
saves and shows them."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from facilitator.dates import format_date
from facilitator.i18n import _, ngettext
from facilitator.local_time import local_day, local_moment
from facilitator.markers import ParsedLine
from facilitator.model import (
    ActionStatus,
    AgendaItem,
    Attendance,
    Meeting,
    MemoEntry,
    MemoKind,
    MemoRevision,
    Person,
    Presence,
    Problem,
    Recording,
    Role,
)
from facilitator.text import sort_key

GUEST_FIELD_MAX = 120


# -- check-in ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckinRow:
    """One line of the check-in: a roster person (with the attendance, once checked in) or a guest."""

    person: Person | None
    attendance: Attendance | None

    @property
    def key(self) -> str:
        return self.person.id if self.person else self._guest.id

    @property
    def name(self) -> str:
        return self.person.name if self.person else self._guest.guest_name

    @property
    def organisation(self) -> str:
        return self.person.company if self.person else self._guest.guest_organisation

    @property
    def _guest(self) -> Attendance:
        """A row without a person is a guest's, listed by the guest's attendance."""
        assert self.attendance is not None, "a check-in row holds a roster person or a guest's attendance"
        return self.attendance

    def attendance_to_save(self, meeting_id: str) -> Attendance:
        """The row's attendance to change: the one kept, or a new one for a roster person not yet checked in."""
        if self.attendance is not None:
            return self.attendance
        assert self.person is not None, "a check-in row holds a roster person or a guest's attendance"
        return Attendance(meeting_id=meeting_id, person_id=self.person.id)

    @property
    def status(self) -> Presence:
        return self.attendance.status if self.attendance else Presence.ABSENT

    @property
    def present(self) -> bool:
        return self.status is Presence.PRESENT

    @property
    def has_audio_consent(self) -> bool:
        given_before = self.person is not None and self.person.audio_consent is not None
        return given_before or (self.attendance is not None and self.attendance.audio_consent is not None)


def checkin_rows(people: Sequence[Person], attendance: Sequence[Attendance], day: date) -> list[CheckinRow]:
    """Everyone on the roster that day (members first, then facilitators and researchers), then
    guests; a person checked in earlier stays listed even if no longer on the roster."""
    by_person = {entry.person_id: entry for entry in attendance if entry.person_id}
    listed = [person for person in people if person.is_current(day) or person.id in by_person]
    listed.sort(key=lambda person: (person.role is not Role.MEMBER, sort_key(person.name)))
    rows = [CheckinRow(person, by_person.get(person.id)) for person in listed]
    guests = sorted((entry for entry in attendance if entry.is_guest), key=lambda entry: sort_key(entry.guest_name))
    return rows + [CheckinRow(None, guest) for guest in guests]


@dataclass(frozen=True)
class Counts:
    """Members by status and the guests present. ``absent`` includes the ``unmarked`` members (no
    status yet): once the check-in has begun, whoever is not marked is not there."""

    present: int
    apologies: int
    absent: int
    guests: int
    unmarked: int = 0

    @property
    def nobody_checked_in(self) -> bool:
        return self.unmarked == self.present + self.apologies + self.absent and not self.guests

    def describe(self) -> str:
        if self.nobody_checked_in:
            return ngettext(
                "{count} member, not yet checked in", "{count} members, not yet checked in", self.unmarked
            ).format(count=self.unmarked)
        return _("members present {present} · apologies {apologies} · absent {absent} · guests {guests}").format(
            present=self.present, apologies=self.apologies, absent=self.absent, guests=self.guests
        )


def counts(rows: Sequence[CheckinRow]) -> Counts:
    """Members by status, and the guests present (facilitators and researchers are not counted)."""
    people = [row for row in rows if row.person and row.person.role is Role.MEMBER]
    return Counts(
        present=sum(row.status is Presence.PRESENT for row in people),
        apologies=sum(row.status is Presence.APOLOGIES for row in people),
        absent=sum(row.status is Presence.ABSENT for row in people),
        guests=sum(row.person is None and row.present for row in rows),
        unmarked=sum(row.attendance is None for row in people),
    )


def marked(row: CheckinRow, meeting_id: str, status: Presence, now: datetime) -> Attendance:
    """The row's attendance with ``status``; the arrival time is the first moment marked present."""
    entry = row.attendance_to_save(meeting_id)
    arrived = entry.arrived_at or now if status is Presence.PRESENT else entry.arrived_at
    return dataclasses.replace(entry, status=status, arrived_at=arrived)


def guest_field_labels() -> dict[str, str]:
    return {"guest_name": _("Name"), "guest_organisation": _("Organisation")}


def new_guest(meeting_id: str, name: str, organisation: str, now: datetime) -> tuple[Attendance, list[Problem]]:
    """A guest checked in as present now, or the problems with what was typed."""
    labels = guest_field_labels()
    name, organisation = name.strip(), organisation.strip()
    problems = []
    if not name:
        problems.append(Problem("guest_name", labels["guest_name"], _("Enter the guest's name.")))
    for field, value in (("guest_name", name), ("guest_organisation", organisation)):
        if len(value) > GUEST_FIELD_MAX:
            problems.append(
                Problem(field, labels[field], _("Keep it under {count} characters.").format(count=GUEST_FIELD_MAX))
            )
    guest = Attendance(
        meeting_id=meeting_id, guest_name=name, guest_organisation=organisation, status=Presence.PRESENT, arrived_at=now
    )
    return guest, problems


# -- recording -----------------------------------------------------------------------------------


def without_audio_consent(rows: Sequence[CheckinRow]) -> list[CheckinRow]:
    """Who is present and has not consented to the recording: the recording waits for them."""
    return [row for row in rows if row.present and not row.has_audio_consent]


def consent_given(row: CheckinRow, meeting_id: str, day: date) -> Attendance:
    """Audio consent given on the spot, stored with this meeting and the day."""
    entry = row.attendance_to_save(meeting_id)
    return dataclasses.replace(entry, audio_consent=day)


def consent_withdrawn(row: CheckinRow) -> Attendance | None:
    """The attendance without the consent given on the spot (a mistaken key, or a change of mind);
    None when there is none to withdraw here (a consent on the roster is changed there)."""
    if row.attendance is None or row.attendance.audio_consent is None:
        return None
    return dataclasses.replace(row.attendance, audio_consent=None)


class ConsentMissing(Exception):
    """Someone present has not consented to the recording."""

    def __init__(self, rows: Sequence[CheckinRow]) -> None:
        self.rows = list(rows)
        names = ", ".join(row.name for row in rows)
        super().__init__(_("No recording without everyone's consent; still missing: {names}.").format(names=names))


def recording_started(meeting: Meeting, rows: Sequence[CheckinRow], now: datetime) -> Meeting:
    """The meeting with a recording running from ``now``; refused while anyone present lacks consent."""
    if missing := without_audio_consent(rows):
        raise ConsentMissing(missing)
    if meeting.recording:
        return meeting
    return dataclasses.replace(meeting, recordings=[*meeting.recordings, Recording(started_at=now)])


def recording_stopped(meeting: Meeting, now: datetime) -> Meeting:
    running = meeting.recording
    if running is None:
        return meeting
    return dataclasses.replace(
        meeting, recordings=[*meeting.recordings[:-1], dataclasses.replace(running, stopped_at=now)]
    )


def recording_offset(meeting: Meeting, now: datetime) -> int | None:
    """Seconds into the running recording (None when nothing is being recorded)."""
    running = meeting.recording
    return None if running is None else max(0, int((now - running.started_at).total_seconds()))


# -- the agenda clock ------------------------------------------------------------------------------


def started(meeting: Meeting, now: datetime, time_zone: str) -> Meeting:
    """The meeting under way from ``now`` (opened for check-in); the agenda clock waits for the
    facilitator to start the first item. A meeting held on another day than planned moves to
    today, at its planned clock times, as chosen by hand."""
    if meeting.started_at is not None:
        return meeting
    zone = ZoneInfo(time_zone)
    planned = local_moment(meeting.starts_at, time_zone)
    today = local_day(now, time_zone)
    if planned.date() != today:
        length = meeting.ends_at - meeting.starts_at
        moved = datetime.combine(today, planned.time(), zone).astimezone(UTC)
        meeting = dataclasses.replace(meeting, starts_at=moved, ends_at=moved + length, edited_by_hand=True)
    return dataclasses.replace(meeting, started_at=now)


def nothing_recorded(
    meeting: Meeting, items: Sequence[AgendaItem], attendance: Sequence[Attendance], entries: Sequence[MemoEntry]
) -> bool:
    """Whether a started meeting holds nothing yet, so that leaving it may undo an accidental start."""
    return not (meeting.recordings or attendance or entries or any(item.started_at for item in items))


def unstarted(meeting: Meeting) -> Meeting:
    return dataclasses.replace(meeting, started_at=None)


@dataclass(frozen=True)
class ClockState:
    """Where the meeting stands on its agenda at one moment."""

    item: AgendaItem | None
    number: int
    total: int
    elapsed: timedelta
    planned_end: datetime
    expected_end: datetime
    finished: bool = False

    @property
    def planned(self) -> timedelta:
        return timedelta(minutes=self.item.minutes) if self.item else timedelta()

    @property
    def over(self) -> bool:
        return self.item is not None and self.elapsed > self.planned


def current_item(items: Sequence[AgendaItem]) -> AgendaItem | None:
    return next((item for item in items if item.started_at and not item.ended_at), None)


def clock(meeting: Meeting, items: Sequence[AgendaItem], now: datetime) -> ClockState:
    """The current item and its elapsed time, the planned end, and the end at the present pace."""
    item = current_item(items)
    elapsed = now - item.started_at if item and item.started_at else timedelta()
    if item:
        index = list(items).index(item)
        remaining = max(timedelta(minutes=item.minutes) - elapsed, timedelta())
        waiting = items[index + 1 :]
    else:
        remaining = timedelta()
        waiting = [later for later in items if not later.started_at]
    remaining += sum((timedelta(minutes=later.minutes) for later in waiting), timedelta())
    return ClockState(
        item=item,
        number=list(items).index(item) + 1 if item else 0,
        total=len(items),
        elapsed=elapsed,
        planned_end=meeting.ends_at,
        expected_end=now + remaining,
        finished=bool(items) and all(later.ended_at for later in items),
    )


def advanced(items: Sequence[AgendaItem], now: datetime) -> list[AgendaItem]:
    """The items changed by moving on: the current one ends now and the next one starts.

    Before the first item has started, it starts; after the last, nothing changes.
    """
    item = current_item(items)
    if item is None:
        waiting = next((later for later in items if not later.started_at), None)
        return [dataclasses.replace(waiting, started_at=now)] if waiting else []
    changed = [dataclasses.replace(item, ended_at=now)]
    index = list(items).index(item)
    if index + 1 < len(items):
        changed.append(dataclasses.replace(items[index + 1], started_at=now))
    return changed


def actual_minutes(item: AgendaItem) -> int | None:
    """How long the item actually took, in whole minutes (None until it has ended)."""
    if item.started_at and item.ended_at:
        return round((item.ended_at - item.started_at).total_seconds() / 60)
    return None


# -- memo entries ---------------------------------------------------------------------------------


def new_entry(parsed: ParsedLine, meeting: Meeting, items: Sequence[AgendaItem], now: datetime) -> MemoEntry:
    """The memo entry for a line typed now: under the current agenda item, at the recording's offset."""
    item = current_item(items)
    return MemoEntry(
        meeting_id=meeting.id,
        group_id=meeting.group_id,
        text=parsed.text,
        written_at=now,
        kind=parsed.kind or MemoKind.NOTE,
        codes=list(parsed.codes),
        people=list(parsed.people),
        agenda_item_id=item.id if item else "",
        recording_offset=recording_offset(meeting, now),
        owner_id=parsed.owner_id,
        due=parsed.due,
    )


def _revision(entry: MemoEntry, now: datetime) -> MemoRevision:
    return MemoRevision(
        text=entry.text,
        kind=entry.kind,
        codes=list(entry.codes),
        people=list(entry.people),
        owner_id=entry.owner_id,
        due=entry.due,
        replaced_at=now,
    )


def revised(entry: MemoEntry, parsed: ParsedLine, now: datetime, tagged: Sequence[str] = ()) -> MemoEntry:
    """The entry rewritten from an edited line, or the entry itself when nothing changed; the
    earlier wording is kept as a revision. ``tagged`` are people tagged after the fact, who are not
    named in the words and so not in the line: they stay."""
    changed = dataclasses.replace(
        entry,
        text=parsed.text,
        kind=parsed.kind or MemoKind.NOTE,
        codes=list(parsed.codes),
        people=list(dict.fromkeys([*parsed.people, *tagged])),
        owner_id=parsed.owner_id,
        due=parsed.due,
    )
    if changed == entry:
        return entry
    return dataclasses.replace(changed, revisions=[*entry.revisions, _revision(entry, now)])


def retagged(entry: MemoEntry, parsed: ParsedLine, now: datetime) -> MemoEntry:
    """The entry with the tags of a markers-only line added: codes and people join, a kind or due
    date replaces the old one. The earlier tags are kept as a revision; tags the entry has already
    change nothing."""
    kind = parsed.kind or entry.kind
    people = list(dict.fromkeys([*entry.people, *parsed.people]))
    owner = entry.owner_id or (people[0] if people and kind is MemoKind.ACTION else "")
    changed = dataclasses.replace(
        entry,
        kind=kind,
        codes=list(dict.fromkeys([*entry.codes, *parsed.codes])),
        people=people,
        owner_id=(parsed.owner_id or owner) if kind is MemoKind.ACTION else "",
        due=(parsed.due or entry.due) if kind is MemoKind.ACTION else None,
    )
    if changed == entry:
        return entry
    return dataclasses.replace(changed, revisions=[*entry.revisions, _revision(entry, now)])


def with_action_status(entry: MemoEntry, status: ActionStatus, meeting_id: str, now: datetime) -> MemoEntry:
    """An action item marked done or dropped (where and when), or opened again."""
    if status is ActionStatus.OPEN:
        return dataclasses.replace(entry, action_status=status, closed_at=None, closed_in="")
    return dataclasses.replace(entry, action_status=status, closed_at=now, closed_in=meeting_id)


def follow_ups(
    actions: Sequence[MemoEntry], people: Sequence[Person], meeting: Meeting, dated: Callable[[date], str] = format_date
) -> list[str]:
    """The open action items raised in earlier meetings, as lines for ``meeting``'s follow-up block;
    ``dated`` writes their due dates (paper spells the month out)."""
    names = {person.id: person.name for person in people}
    lines = []
    for entry in actions:
        if entry.is_open_action and entry.meeting_id != meeting.id and entry.written_at < meeting.starts_at:
            owner = names.get(entry.owner_id, "")
            due = _(" (due {day})").format(day=dated(entry.due)) if entry.due else ""
            named = not owner or owner in entry.text
            lines.append(f"{entry.text}{due}" if named else f"{owner}: {entry.text}{due}")
    return lines
