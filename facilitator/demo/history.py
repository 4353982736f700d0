"""The demo network's meetings: years of held meetings hosted in a fair rotation, members' absences,
and the season ahead planned as the app itself plans it.

Nothing here invents a rule: dates come from :func:`facilitator.schedule.meeting_dates`, hosts of
the past from :func:`facilitator.rotation.propose_hosts` (one pass over the group's whole history,
so the history is a fair rotation and the cost grows linearly with it), and the season from
:func:`facilitator.season.plan_season`. Randomness comes from the caller's seeded generator and
record ids from its ``new_id``, so the same seed gives the same meetings.
"""

from __future__ import annotations

import dataclasses
import random
from datetime import date, timedelta
from typing import TypedDict

from facilitator.demo.ids import NewId
from facilitator.demo.words import absence_reason
from facilitator.model import Absence, Group, Meeting, MeetingPattern, MeetingStatus, Person, Role
from facilitator.rotation import eligible_hosts, host_history, meeting_day, propose_hosts
from facilitator.schedule import meeting_dates
from facilitator.season import plan_season, swap_hosts


class _PatternChanges(TypedDict, total=False):
    """What a variant pattern changes of the default one."""

    rrule: str
    start_time: str
    end_time: str
    move_skipped: bool


#: Meeting patterns other than the default (second Tuesday, 17:30–20:00), by group number modulo
#: six, so that a few groups of any network meet on another day.
_VARIANT_PATTERNS: dict[int, _PatternChanges] = {
    2: {"rrule": "FREQ=MONTHLY;BYDAY=-1TH"},
    4: {"rrule": "FREQ=MONTHLY;BYDAY=+1WE", "start_time": "18:00", "end_time": "20:30", "move_skipped": True},
}

_CANCELLED_SHARE = 1 / 25
#: Per member who can host and per year on the roster: the chance of a longer absence.
_LIFE_EVENT_SHARE = 0.06
#: (reason, shortest, longest days) of the absences life brings.
_LIFE_EVENTS = (
    ("parental leave", 120, 330),
    ("long trip abroad", 30, 100),
    ("long trip abroad", 30, 100),
    ("premises under renovation", 45, 120),
)
#: Trades whose busy season keeps the owner from hosting: (first month, day), (last month, day), reason.
_BUSY_SEASONS = {
    "husky safaris": ((12, 1), (3, 31), "busy season: winter safaris"),
    "wilderness guiding": ((2, 15), (4, 30), "busy season: spring ski tours"),
    "reindeer meat processing": ((10, 15), (1, 15), "reindeer round-ups and slaughter season"),
    "archipelago guiding": ((5, 1), (9, 30), "busy season: summer tourism"),
    "fishing tourism": ((5, 15), (9, 15), "busy season: summer tourism"),
    "berry farm": ((7, 15), (9, 30), "berry season"),
    "greenhouse vegetables": ((4, 1), (9, 15), "growing season"),
}
#: Busy seasons are entered for this many years back (and the season ahead), as a roster would show.
_BUSY_YEARS_BACK = 2
_HAND_SWAP_SHARE = 1 / 3


def demo_pattern(index: int) -> MeetingPattern:
    """The meeting pattern of the demo network's group number ``index`` (from 0)."""
    return MeetingPattern(**_VARIANT_PATTERNS.get(index % 6, {}))


def season_end(today: date) -> date:
    """The 31 May that ends the season planned ahead: this year's in January and February, then
    next year's, so that the plan always reaches at least three months ahead (in spring, the
    season's last meetings and the whole next season)."""
    return date(today.year + (today.month >= 3), 5, 31)


def group_history(
    rng: random.Random,
    new_id: NewId,
    group: Group,
    people: list[Person],
    start: date,
    today: date,
    *,
    hand_swap: bool = False,
) -> tuple[list[Meeting], list[Absence]]:
    """The group's meetings from ``start`` to the season's end, and its members' absences.

    Before ``today`` meetings are held (about one in 25 cancelled), each hosted by the member the
    rotation proposed; from ``today`` on they are planned by :func:`plan_season`, the next one or
    two confirmed. With ``hand_swap`` (or by chance) two planned hosts are swapped by hand.
    """
    last = season_end(today)
    absences = _absences(rng, new_id, people, start, today, last)
    past = _held_meetings(rng, new_id, group, people, absences, start, today)
    absences += _away_ahead(rng, new_id, group, people, past, today, last)
    absences.sort(key=lambda absence: (absence.starts, absence.person_id, absence.id))
    upcoming = _season(rng, new_id, group, people, absences, past, today, last, hand_swap=hand_swap)
    return past + upcoming, absences


# -- absences -----------------------------------------------------------------------------------


def _absences(
    rng: random.Random, new_id: NewId, people: list[Person], start: date, today: date, last: date
) -> list[Absence]:
    """Absences of members who can host: life events over their years on the roster and the
    busy seasons of seasonal trades (the last few years and the season ahead)."""
    hosts = [person for person in people if person.role is Role.MEMBER and person.can_host]
    absences: list[Absence] = []

    def add(person: Person, starts: date, ends: date, reason: str) -> None:
        starts = max(starts, person.joined or starts)
        ends = min(ends, person.left or ends)
        if starts <= ends:
            absences.append(
                Absence(id=new_id(), person_id=person.id, starts=starts, ends=ends, reason=absence_reason(reason))
            )

    for person in hosts:
        joined, until = person.joined or start, person.left or today
        for year_start in _yearly(joined, until):
            if rng.random() < _LIFE_EVENT_SHARE:
                reason, shortest, longest = rng.choice(_LIFE_EVENTS)
                starts = year_start + timedelta(days=rng.randint(0, 364))
                add(person, starts, starts + timedelta(days=rng.randint(shortest, longest)), reason)
        busy = _BUSY_SEASONS.get(person.business_field)
        if busy and person.left is None:
            (first_month, first_day), (last_month, last_day), reason = busy
            for year in range(today.year - _BUSY_YEARS_BACK, last.year + 1):
                starts = date(year, first_month, first_day)
                ends = date(year + ((last_month, last_day) < (first_month, first_day)), last_month, last_day)
                if starts <= last and ends >= start:
                    add(person, max(starts, start), min(ends, last), reason)

    return absences


def _away_ahead(
    rng: random.Random, new_id: NewId, group: Group, people: list[Person], past: list[Meeting], today: date, last: date
) -> list[Absence]:
    """Parental leave or a long trip for the one or two members first in line to host next, over
    the next meeting, so that the planned season visibly passes them over. A period starts after
    the member's last hosting (of a cancelled meeting too), so the history stays true to it."""
    days = meeting_dates(group.pattern, group.time_zone, today, last)
    if not days:
        return []
    anchor = days[0].day
    history = host_history(people, past, time_zone=group.time_zone)

    def fair_key(person: Person) -> tuple[object, ...]:
        record = history[person.id]
        if record.last is None:
            return (0, person.joined or date.min, 0, person.name.casefold(), person.id)
        return (1, record.last, record.times, person.name.casefold(), person.id)

    first_in_line = sorted(eligible_hosts(people, anchor), key=fair_key)[: rng.randint(1, 2)]
    last_hosting = {meeting.host_id: meeting_day(meeting, group.time_zone) for meeting in past if meeting.host_id}
    absences = []
    for person in first_in_line:
        earliest = max(person.joined or date.min, last_hosting.get(person.id, date.min) + timedelta(days=1))
        starts = min(max(anchor - timedelta(days=rng.randint(3, 60)), earliest), anchor)
        if rng.random() < 0.5:
            reason, ends = "parental leave", starts + timedelta(days=rng.randint(180, 300))
        else:
            reason, ends = "long trip abroad", anchor + timedelta(days=rng.randint(20, 70))
        absences.append(
            Absence(id=new_id(), person_id=person.id, starts=starts, ends=ends, reason=absence_reason(reason))
        )
    return absences


def _yearly(first: date, last: date) -> list[date]:
    """The first day of each full or partial year from ``first`` up to ``last``."""
    return [first + timedelta(days=365 * years) for years in range(max(1, ((last - first).days + 364) // 365))]


# -- the past -----------------------------------------------------------------------------------


def _held_meetings(
    rng: random.Random,
    new_id: NewId,
    group: Group,
    people: list[Person],
    absences: list[Absence],
    start: date,
    today: date,
) -> list[Meeting]:
    """The meetings from ``start`` to yesterday, held at the premises of the rotation's host.

    The rotation runs once over the whole history (linear in its length). A meeting nobody could
    host counts as cancelled, and the rotation is run again without it, until every held meeting
    has a host. A cancelled meeting keeps the host it was to have: the one who then hosted the
    next meeting, when he or she could have hosted that day too.
    """
    zone = group.time_zone
    meetings = [
        Meeting(
            id=new_id(),
            group_id=group.id,
            starts_at=planned.starts_at,
            ends_at=planned.ends_at,
            status=MeetingStatus.CANCELLED if rng.random() < _CANCELLED_SHARE else MeetingStatus.HELD,
        )
        for planned in meeting_dates(group.pattern, zone, start, today - timedelta(days=1))
    ]
    while True:
        held = [meeting for meeting in meetings if meeting.status is MeetingStatus.HELD]
        proposals = propose_hosts(held, people, absences, replan={meeting.id for meeting in held}, time_zone=zone)
        hostless = {meeting_id for meeting_id, proposal in proposals.items() if not proposal.host_id}
        if not hostless:
            break
        meetings = [
            dataclasses.replace(meeting, status=MeetingStatus.CANCELLED, host_reason=proposals[meeting.id].reason)
            if meeting.id in hostless
            else meeting
            for meeting in meetings
        ]
    by_id = {person.id: person for person in people}
    meetings = [
        dataclasses.replace(
            meeting,
            host_id=proposals[meeting.id].host_id,
            location=by_id[proposals[meeting.id].host_id].premises_address,
            host_reason=proposals[meeting.id].reason,
        )
        if meeting.id in proposals
        else meeting
        for meeting in meetings
    ]
    return _hosts_of_cancelled(meetings, people, absences, zone)


def _hosts_of_cancelled(
    meetings: list[Meeting], people: list[Person], absences: list[Absence], zone: str
) -> list[Meeting]:
    """``meetings`` with each cancelled one hosted by whoever hosted the next held meeting, when
    that member could have hosted the cancelled date (eligible, not away, not the previous host)."""
    result = list(meetings)
    previous_host = ""
    for index, meeting in enumerate(meetings):
        if meeting.status is MeetingStatus.HELD:
            previous_host = meeting.host_id
            continue
        if meeting.host_reason:  # nobody could host it
            continue
        following = next((other for other in meetings[index + 1 :] if other.status is MeetingStatus.HELD), None)
        if following is None:
            continue
        day = meeting_day(meeting, zone)
        eligible = eligible_hosts(people, day)
        host = next((person for person in eligible if person.id == following.host_id), None)
        if host is None or _away(host.id, day, absences) or (host.id == previous_host and len(eligible) > 1):
            continue
        result[index] = dataclasses.replace(meeting, host_id=host.id, location=host.premises_address)
    return result


def _away(person_id: str, day: date, absences: list[Absence]) -> bool:
    return any(absence.person_id == person_id and absence.covers(day) for absence in absences)


# -- the season ahead ---------------------------------------------------------------------------


def _season(
    rng: random.Random,
    new_id: NewId,
    group: Group,
    people: list[Person],
    absences: list[Absence],
    past: list[Meeting],
    today: date,
    last: date,
    *,
    hand_swap: bool,
) -> list[Meeting]:
    """The meetings from ``today`` to ``last`` as "Plan season" makes them, with seeded ids; the
    next one or two confirmed, and maybe two hosts swapped by hand."""
    plan = plan_season(group, people, absences, past, today, last, today)
    if plan.problems:
        raise ValueError(f"The demo group {group.name} cannot be planned: {plan.problems}")
    season = sorted(
        (dataclasses.replace(meeting, id=new_id()) for meeting in plan.meetings), key=lambda meeting: meeting.starts_at
    )
    confirmed = rng.randint(1, 2)
    for index, meeting in enumerate(season[:confirmed]):
        if meeting.host_id:
            season[index] = dataclasses.replace(meeting, status=MeetingStatus.CONFIRMED)
    if hand_swap or rng.random() < _HAND_SWAP_SHARE:
        held = [meeting for meeting in past if meeting.status is MeetingStatus.HELD]
        _swap_two(rng, season, people, absences, group.time_zone, previous_host=held[-1].host_id if held else "")
    return season


def _swap_two(
    rng: random.Random,
    season: list[Meeting],
    people: list[Person],
    absences: list[Absence],
    zone: str,
    previous_host: str,
) -> None:
    """Swap the hosts of two neighbouring planned meetings, as a facilitator does when members
    trade months: only where both can host the other's date and nobody then hosts twice in a row."""
    pairs = list(range(len(season) - 1))
    rng.shuffle(pairs)
    for index in pairs:
        a, b = season[index], season[index + 1]
        if a.status is not MeetingStatus.PLANNED or b.status is not MeetingStatus.PLANNED:
            continue
        if not (a.host_id and b.host_id) or a.host_id == b.host_id:
            continue
        before = season[index - 1].host_id if index else previous_host
        after = season[index + 2].host_id if index + 2 < len(season) else ""
        if b.host_id == before or a.host_id == after:
            continue
        if not (
            _can_host(b.host_id, meeting_day(a, zone), people, absences)
            and _can_host(a.host_id, meeting_day(b, zone), people, absences)
        ):
            continue
        season[index], season[index + 1] = swap_hosts(a, b, people)
        return


def _can_host(person_id: str, day: date, people: list[Person], absences: list[Absence]) -> bool:
    return any(person.id == person_id for person in eligible_hosts(people, day)) and not _away(person_id, day, absences)
