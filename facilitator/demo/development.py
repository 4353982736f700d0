"""What came of the demo network's meetings: outcomes in the members' businesses that follow from
what their memo lines said (a hire after the group argued for it, first sales to Sweden after the
labelling rules were sorted out, a joint stand booked for the group), a few drafts left on each
group's latest meeting, and the growth interviews of every member over the years.

The outcomes are :mod:`facilitator.demo.outcomes`'s, the interviews :mod:`facilitator.demo.interviews`'s;
a firm's staff changes only by its hires, so the interviews' staff counts follow the outcomes.
Randomness comes from the caller's seeded generator and ids from its ``new_id``.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date

from facilitator.demo.ids import NewId
from facilitator.demo.interviews import draw, interviews_of
from facilitator.demo.outcomes import drafts, sequel_outcomes
from facilitator.interviews_due import DEFAULT_INTERVIEW_MONTHS, due_interview, due_interviews
from facilitator.model import Attendance, Interview, Meeting, MemoEntry, Outcome, Person, Presence, Role
from facilitator.rotation import meeting_day

#: A member's staff (full-time equivalents, the owner not counted) on joining: most work alone.
_STAFF_WEIGHTS = ((0.0, 45), (0.5, 8), (1.0, 17), (2.0, 12), (3.0, 8), (4.0, 5), (5.0, 3), (7.0, 2))


def develop(
    rng: random.Random,
    new_id: NewId,
    people: Sequence[Person],
    meetings: Sequence[Meeting],
    memo_entries: Sequence[MemoEntry],
    attendance: Sequence[Attendance],
    lines: dict[str, str],
    time_zone: str,
    today: date,
) -> tuple[list[Interview], list[Outcome]]:
    """The interviews of one group's members and the outcomes in their businesses (drafts on the
    latest held meeting among them); ``lines`` maps each memo entry to the line it was written from."""
    members = {person.id: person for person in people if person.role is Role.MEMBER}
    staff = {person_id: draw(rng, _STAFF_WEIGHTS) for person_id in members}
    days = {meeting.id: meeting_day(meeting, time_zone) for meeting in meetings}
    present: dict[str, list[str]] = {}
    for entry in attendance:
        if entry.status is Presence.PRESENT and entry.person_id in members:
            present.setdefault(entry.meeting_id, []).append(entry.person_id)
    entries = sorted(
        (entry for entry in memo_entries if entry.meeting_id in days), key=lambda entry: (entry.written_at, entry.id)
    )
    grown = dict(staff)  # each firm's staff after its hires
    outcomes = sequel_outcomes(rng, new_id, members, entries, lines, days, present, grown, today)
    outcomes += drafts(rng, new_id, members, entries, lines, days, grown)
    facilitators = [person for person in people if person.role is Role.FACILITATOR]
    interviews = [
        interview
        for person in members.values()
        for interview in interviews_of(
            rng,
            new_id,
            person,
            [outcome for outcome in outcomes if outcome.person_id == person.id and not outcome.draft],
            staff[person.id],
            facilitators,
            today,
        )
    ]
    return _some_due(rng, members, interviews, today), outcomes


def _some_due(
    rng: random.Random, members: dict[str, Person], interviews: list[Interview], today: date
) -> list[Interview]:
    """``interviews``, or without one member's latest when no interview of the group would be due
    today: so that the due list of every demo group has someone on it."""
    if due_interviews(members.values(), interviews, today, DEFAULT_INTERVIEW_MONTHS):
        return interviews
    current = [person for person in members.values() if person.is_current_member(today)]
    for person in rng.sample(current, k=len(current)):
        mine = [interview for interview in interviews if interview.person_id == person.id]
        if len(mine) < 2:
            continue
        kept = [interview for interview in interviews if interview is not mine[-1]]
        if due_interview(person, mine[:-1], today, DEFAULT_INTERVIEW_MONTHS):
            return kept
    return interviews
