"""Check-in at the door and the consent to record: who is listed (the roster people of the day,
then guests), each one's attendance marked, guests added, the counts the screen shows, and the
audio consent asked of whoever is present before a recording may start (:mod:`facilitator.live`
starts it). Plain functions that return the records to save; the screen saves and shows them."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from facilitator.dates import format_count
from facilitator.i18n import _, ngettext
from facilitator.model import Attendance, Person, Presence, Problem, Role
from facilitator.model.attendance import attendance_field_labels, validate_attendance
from facilitator.text import sort_key

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
            ).format(count=format_count(self.unmarked))
        return _("members present {present} · apologies {apologies} · absent {absent} · guests {guests}").format(
            present=format_count(self.present),
            apologies=format_count(self.apologies),
            absent=format_count(self.absent),
            guests=format_count(self.guests),
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
    labels = attendance_field_labels()
    return {"guest_name": labels["guest_name"], "guest_organisation": labels["guest_organisation"]}


def new_guest(meeting_id: str, name: str, organisation: str, now: datetime) -> tuple[Attendance, list[Problem]]:
    """A guest checked in as present now, or the problems with what was typed (see
    :func:`~facilitator.model.attendance.validate_attendance`)."""
    guest = Attendance(
        meeting_id=meeting_id,
        guest_name=name.strip(),
        guest_organisation=organisation.strip(),
        status=Presence.PRESENT,
        arrived_at=now,
    )
    return guest, validate_attendance(guest)


# -- the consent to record ---------------------------------------------------------------------


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
