"""Planning a group's season, and the changes people make to it by hand.

Re-planning is safe to repeat: meetings that are held, confirmed, edited by hand or cancelled are
never touched, and a planned meeting whose date the pattern still gives keeps its id, so that a
calendar imported again updates its events instead of duplicating them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from facilitator.i18n import _
from facilitator.model import Absence, Group, Meeting, MeetingStatus, Person, Problem
from facilitator.model.group import DEFAULT_TIME_ZONE, group_field_labels, is_time_zone
from facilitator.rotation import meeting_day, next_candidate, propose_hosts
from facilitator.schedule import MOVE_LIMIT, PlannedDate, meeting_dates, validate_pattern


@dataclass(frozen=True)
class SeasonPlan:
    """What re-planning would save: new and changed ``meetings``, planned ones to ``removed``
    (tombstone), or the ``problems`` that prevent planning (then both lists are empty)."""

    meetings: list[Meeting]
    removed: list[Meeting]
    problems: list[Problem]


def plan_season(
    group: Group,
    people: Iterable[Person],
    absences: Iterable[Absence],
    meetings: Iterable[Meeting],
    first: date,
    last: date,
    today: date,
) -> SeasonPlan:
    """Plan the group's meetings from ``first`` to ``last`` with hosts from the fair rotation.

    Days before ``today`` are history and stay as they are. Every date the pattern gives gets a
    planned meeting unless a held, confirmed, hand-edited or cancelled meeting stands for it: one
    on that day, or one moved by hand at most a week away (it stands for the given date nearest
    to it). A planned meeting on a given date keeps its id, takes the pattern's times and gets a
    freshly proposed host; planned meetings on dates no longer given are removed. Hosts are
    proposed with every other meeting of the group as history; a meeting left without a host is
    not a problem, its ``host_reason`` says why. ``problems`` only say why nothing can be planned.
    """
    zone = group.time_zone
    if not is_time_zone(zone):
        message = _("“{zone}” is not a time zone: write it like Europe/Helsinki.").format(zone=zone)
        return SeasonPlan([], [], [Problem("time_zone", group_field_labels()["time_zone"], message)])
    start = max(first, today)
    if problems := validate_pattern(group.pattern, start):
        return SeasonPlan([], [], problems)
    if last < start:
        over = _("This season is over: choose a last day from today on.")
        return SeasonPlan([], [], [Problem("last", _("Last day"), over)])

    given = meeting_dates(group.pattern, zone, start, last)
    live = sorted(
        (meeting for meeting in meetings if not meeting.deleted), key=lambda meeting: (meeting.starts_at, meeting.id)
    )
    in_season = [meeting for meeting in live if start <= meeting_day(meeting, zone) <= last]
    taken = {
        _nearest(meeting_day(meeting, zone), given)
        for meeting in live
        if meeting.is_fixed or meeting.status is MeetingStatus.CANCELLED
    }
    open_by_day: dict[date, list[Meeting]] = {}
    for meeting in in_season:
        if not meeting.is_fixed and meeting.status is MeetingStatus.PLANNED:
            open_by_day.setdefault(meeting_day(meeting, zone), []).append(meeting)

    season: list[Meeting] = []
    removed: list[Meeting] = []
    for planned in given:
        if planned.day in taken:
            continue
        existing = open_by_day.pop(planned.day, [])
        if existing:
            season.append(dataclasses.replace(existing[0], starts_at=planned.starts_at, ends_at=planned.ends_at))
            removed += existing[1:]  # two planned meetings on one day: keep one
        else:
            season.append(Meeting(group_id=group.id, starts_at=planned.starts_at, ends_at=planned.ends_at))
    removed += [meeting for day in sorted(open_by_day) for meeting in open_by_day[day]]
    removed.sort(key=lambda meeting: (meeting.starts_at, meeting.id))
    replanned = {meeting.id for meeting in season}
    dropped = {meeting.id for meeting in removed}
    history = [meeting for meeting in live if meeting.id not in replanned and meeting.id not in dropped]

    people = list(people)
    proposals = propose_hosts([*history, *season], people, absences, replan=replanned, time_zone=zone)
    originals = {meeting.id: meeting for meeting in live}
    changed = []
    for meeting in season:
        proposal = proposals[meeting.id]
        updated = dataclasses.replace(
            meeting, host_id=proposal.host_id, location=_premises(proposal.host_id, people), host_reason=proposal.reason
        )
        if updated != originals.get(meeting.id):
            changed.append(updated)
    return SeasonPlan(changed, removed, [])


def _nearest(day: date, given: list[PlannedDate]) -> date | None:
    """The given date a kept meeting on ``day`` stands for: the same day, or the nearest one at
    most a week away (a meeting moved by hand still stands for its month's date)."""
    near = [planned.day for planned in given if abs((planned.day - day).days) <= MOVE_LIMIT]
    return min(near, key=lambda other: (abs((other - day).days), other), default=None)


def swap_hosts(a: Meeting, b: Meeting, people: Iterable[Person]) -> tuple[Meeting, Meeting]:
    """``a`` with ``b``'s host and ``b`` with ``a``'s, each at its new host's premises; both count
    as edited by hand, so re-planning keeps the swap."""
    people = list(people)
    reason = _("Swapped by hand.")
    return (
        dataclasses.replace(
            a,
            host_id=b.host_id,
            location=_premises(b.host_id, people, b.location),
            edited_by_hand=True,
            host_reason=reason,
        ),
        dataclasses.replace(
            b,
            host_id=a.host_id,
            location=_premises(a.host_id, people, a.location),
            edited_by_hand=True,
            host_reason=reason,
        ),
    )


def set_host(meeting: Meeting, person: Person | None) -> Meeting:
    """``meeting`` hosted by ``person`` (None: no host yet) at his or her premises, chosen by hand.

    Someone chosen by hand after declining has agreed after all, so the decline is forgotten.
    """
    if person is None:
        return dataclasses.replace(meeting, host_id="", location="", edited_by_hand=True, host_reason="")
    return dataclasses.replace(
        meeting,
        host_id=person.id,
        location=person.premises_address.strip(),
        edited_by_hand=True,
        host_reason=_("Chosen by hand."),
        declined_by=[declined for declined in meeting.declined_by if declined != person.id],
    )


def decline(
    meeting: Meeting,
    meetings: Iterable[Meeting],
    people: Iterable[Person],
    absences: Iterable[Absence],
    *,
    time_zone: str = DEFAULT_TIME_ZONE,
) -> Meeting:
    """``meeting`` after its host declines: the host joins ``declined_by`` (re-planning respects
    it too) and the next fair candidate is proposed, with the reason."""
    declined = list(meeting.declined_by)
    if meeting.host_id and meeting.host_id not in declined:
        declined.append(meeting.host_id)
    without_host = dataclasses.replace(meeting, host_id="", declined_by=declined)
    people = list(people)
    proposal = next_candidate(without_host, meetings, people, absences, time_zone=time_zone)
    return dataclasses.replace(
        without_host,
        host_id=proposal.host_id,
        location=_premises(proposal.host_id, people),
        host_reason=proposal.reason,
    )


def host_explanation(meeting: Meeting) -> str:
    """Why the meeting has its host, as the planner shows it: the rotation's explanation where it is
    kept, else how the host was chosen. A coordinator's copy comes without the explanation (it names
    members and the reasons of their absences, which stay with the group's facilitators: see
    :mod:`exports.bundle.privacy`), so the coordinator reads only what the meeting itself says."""
    if meeting.host_reason or not meeting.host_id:
        return meeting.host_reason
    if meeting.edited_by_hand:
        return _("Chosen by hand.")
    return _("Proposed by the fair rotation.")


def _premises(host_id: str, people: list[Person], fallback: str = "") -> str:
    """Where ``host_id`` hosts: the premises address, else ``fallback``."""
    host = next((person for person in people if person.id == host_id), None)
    address = host.premises_address.strip() if host else ""
    return address or (fallback if host_id else "")
