"""Who came to one of the demo network's held meetings, and whether it was recorded: the members
by their habit and their absences, the staff, now and then a guest, the sign-in with the time each
arrived, and a recording only when everyone present had consented by then (or did on the spot).

The parts of an evening :func:`facilitator.demo.evenings.hold_meetings` tells in turn, drawing from
its seeded generator in the same order each time.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from facilitator.demo.data import FIRST_NAMES, LAST_NAMES
from facilitator.demo.ids import NewId
from facilitator.demo.lines import Topic
from facilitator.demo.memo_texts import DISCUSSION, GUEST_ORGANISATIONS, HOST
from facilitator.model import Absence, AgendaItem, Attendance, Meeting, Person, Presence, Recording, Role

#: How often: a guest comes, a second facilitator or a researcher joins, a member is late, a
#: member not present sent apologies, a recording is wanted, and those missing consent give it.
_GUEST_SHARE = 0.15
_SECOND_FACILITATOR_SHARE = 0.5
_RESEARCHER_SHARE = 0.4
_LATE_SHARE = 0.1
_NOT_PRESENT_APOLOGIES = 0.65
_WANTS_RECORDING = 0.4
_CONSENT_ON_THE_SPOT = 0.6


def check_in(
    rng: random.Random,
    members: list[Person],
    host: Person,
    day: date,
    away: dict[str, list[Absence]],
    propensity: dict[str, float],
) -> dict[str, Presence]:
    """The members of the day at the check-in: the host always present, a member away on an
    absence with apologies, the others present by their habit, else with apologies or absent."""
    statuses: dict[str, Presence] = {}
    for person in members:
        if not person.is_current(day):
            continue
        if person.id == host.id:
            statuses[person.id] = Presence.PRESENT
        elif any(absence.covers(day) for absence in away.get(person.id, ())):
            statuses[person.id] = Presence.APOLOGIES
        elif rng.random() < propensity[person.id]:
            statuses[person.id] = Presence.PRESENT
        else:
            statuses[person.id] = Presence.APOLOGIES if rng.random() < _NOT_PRESENT_APOLOGIES else Presence.ABSENT
    return statuses


def staff_present(rng: random.Random, staff: list[Person], facilitators: list[Person], day: date) -> list[Person]:
    """The first facilitator, maybe the second, and now and then a current researcher."""
    present = facilitators[:1]
    present += [person for person in facilitators[1:] if rng.random() < _SECOND_FACILITATOR_SHARE]
    present += [
        person
        for person in staff
        if person.role is Role.RESEARCHER and person.is_current(day) and rng.random() < _RESEARCHER_SHARE
    ]
    return present


def guest_of(rng: random.Random, topic: Topic) -> tuple[str, str] | None:
    """Now and then a guest: (name, organisation), from an organisation that fits the theme."""
    if rng.random() >= _GUEST_SHARE:
        return None
    language = rng.choice(("fi", "fi", "sv"))
    name = f"{rng.choice(FIRST_NAMES[language])} {rng.choice(LAST_NAMES[language])}"
    return name, rng.choice(topic.guests or GUEST_ORGANISATIONS)


def recordings_of(
    rng: random.Random, present_people: list[Person], guest: tuple[str, str] | None, day: date, items: list[AgendaItem]
) -> tuple[list[Recording], set[str]]:
    """The recordings, and the ids of who consented on the spot (``"guest"`` for the guest).

    Wanted now and then, and made only with everyone present consenting by then. A guest, or a
    member who consented for good later, may consent on the spot; a member who has not consented
    at all is not pressed to.
    """
    refusing = [person for person in present_people if person.audio_consent is None]
    missing = [person.id for person in present_people if person.audio_consent and person.audio_consent > day]
    missing += ["guest"] if guest else []
    wants_recording = rng.random() < _WANTS_RECORDING
    on_the_spot: set[str] = set()
    if wants_recording and not refusing and missing and rng.random() < _CONSENT_ON_THE_SPOT:
        on_the_spot, missing = set(missing), []
    recorded = wants_recording and not refusing and not missing
    return (_recordings(rng, items) if recorded else []), on_the_spot


def sign_in(
    rng: random.Random,
    new_id: NewId,
    meeting: Meeting,
    day: date,
    started_at: datetime,
    host: Person,
    present_people: list[Person],
    statuses: dict[str, Presence],
    guest: tuple[str, str] | None,
    on_the_spot: set[str],
) -> list[Attendance]:
    """The sign-in: everyone present with the time they arrived (a few members late), the members
    not present with their status, and the guest."""
    attendance = []
    for person in present_people:
        arrival = started_at + timedelta(seconds=rng.randint(0, 8 * 60))
        if person.id != host.id and person.role is Role.MEMBER and rng.random() < _LATE_SHARE:
            arrival = started_at + timedelta(minutes=rng.randint(10, 45), seconds=rng.randint(0, 59))
        attendance.append(
            Attendance(
                id=new_id(),
                meeting_id=meeting.id,
                person_id=person.id,
                status=Presence.PRESENT,
                arrived_at=arrival,
                audio_consent=day if person.id in on_the_spot else None,
            )
        )
    for person_id, status in statuses.items():
        if status is not Presence.PRESENT:
            attendance.append(Attendance(id=new_id(), meeting_id=meeting.id, person_id=person_id, status=status))
    if guest:
        attendance.append(
            Attendance(
                id=new_id(),
                meeting_id=meeting.id,
                guest_name=guest[0],
                guest_organisation=guest[1],
                status=Presence.PRESENT,
                arrived_at=started_at + timedelta(seconds=rng.randint(0, 20 * 60)),
                audio_consent=day if "guest" in on_the_spot else None,
            )
        )
    return attendance


def _recordings(rng: random.Random, items: list[AgendaItem]) -> list[Recording]:
    """The host's part and the discussion recorded, or the whole evening; now and then paused."""
    if rng.random() < 0.3:
        first, last = items[0], items[-1]
    else:
        first, last = items[HOST], items[DISCUSSION]
    start, stop = first.started_at, last.ended_at
    assert start is not None and stop is not None
    if rng.random() < 0.2:  # paused for a break halfway
        middle = start + (stop - start) / 2
        return [
            Recording(started_at=start, stopped_at=middle),
            Recording(started_at=middle + timedelta(minutes=rng.randint(5, 12)), stopped_at=stop),
        ]
    return [Recording(started_at=start, stopped_at=stop)]
