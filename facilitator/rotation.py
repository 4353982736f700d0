"""A fair host rotation that members can trust: pure, deterministic, and able to explain itself.

Fair order for a meeting: members who have never hosted come first (earliest joined first; no
join date counts as a founding member), then the one whose last hosting is longest ago, ties by
fewest hostings, then by name. Nobody hosts two meetings in a row while another eligible host
exists. A member away on the date, or who declined that meeting, is passed over without losing
the place: the hosting history is unchanged, so the member is first in line again at the next
meeting he or she can host.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date

from facilitator.dates import format_count, format_date, format_month_year
from facilitator.i18n import _, ngettext
from facilitator.local_time import local_day
from facilitator.model import Absence, Meeting, MeetingStatus, Person, Role
from facilitator.model.group import DEFAULT_TIME_ZONE

#: How many passed-over members an explanation names before it says "and N more".
NAMED_SKIPS = 3


@dataclass(frozen=True)
class HostProposal:
    """The proposed host (``""`` when nobody can host) and why, in the facilitator's words."""

    host_id: str
    reason: str


@dataclass(frozen=True)
class HostingRecord:
    """A member's hosting: ``times`` and ``last`` count held meetings; ``upcoming`` counts planned
    and confirmed ones, ``next`` is the earliest of them."""

    times: int = 0
    last: date | None = None
    upcoming: int = 0
    next: date | None = None


def meeting_day(meeting: Meeting, time_zone: str = DEFAULT_TIME_ZONE) -> date:
    """The meeting's date on the group's calendar (meetings are stored in UTC)."""
    return local_day(meeting.starts_at, time_zone)


def eligible_hosts(people: Iterable[Person], day: date) -> list[Person]:
    """Members on the roster on ``day`` (joined by then) who can host and have a premises address,
    by name."""
    eligible = [
        person
        for person in people
        if person.role is Role.MEMBER
        and person.is_current(day)
        and (person.joined is None or person.joined <= day)
        and person.can_host
        and person.premises_address.strip()
    ]
    return sorted(eligible, key=lambda person: (person.name.casefold(), person.id))


def host_history(
    people: Iterable[Person], meetings: Iterable[Meeting], *, time_zone: str = DEFAULT_TIME_ZONE
) -> dict[str, HostingRecord]:
    """Every person's hosting record (zero for those who never hosted), for the roster and the
    host-history view. Cancelled and removed meetings do not count."""
    history = {person.id: HostingRecord() for person in people}
    for meeting in sorted(meetings, key=lambda meeting: (meeting.starts_at, meeting.id)):
        record = history.get(meeting.host_id)
        if record is None or meeting.deleted or not meeting.counts_as_hosting:
            continue
        day = meeting_day(meeting, time_zone)
        if meeting.status is MeetingStatus.HELD:
            record = HostingRecord(record.times + 1, day, record.upcoming, record.next)
        else:
            record = HostingRecord(record.times, record.last, record.upcoming + 1, record.next or day)
        history[meeting.host_id] = record
    return history


def propose_hosts(
    meetings: Iterable[Meeting],
    people: Iterable[Person],
    absences: Iterable[Absence],
    *,
    replan: Collection[str] | None = None,
    time_zone: str = DEFAULT_TIME_ZONE,
) -> dict[str, HostProposal]:
    """A host for each meeting to plan, by meeting id.

    ``meetings`` are all the group's meetings; those in ``replan`` (ids; by default every meeting
    that is neither fixed nor cancelled) get a proposal, in time order, and every other meeting
    keeps its host and counts as history. Cancelled and removed meetings are ignored.
    """
    people = list(people)
    away: dict[str, list[Absence]] = {}
    for absence in absences:
        away.setdefault(absence.person_id, []).append(absence)
    ordered = sorted(
        (meeting for meeting in meetings if not meeting.deleted and meeting.status is not MeetingStatus.CANCELLED),
        key=lambda meeting: (meeting.starts_at, meeting.id),
    )
    todo = set(replan) if replan is not None else {meeting.id for meeting in ordered if not meeting.is_fixed}
    tally: dict[str, HostingRecord] = {}
    proposals: dict[str, HostProposal] = {}
    previous = ""
    for index, meeting in enumerate(ordered):
        day = meeting_day(meeting, time_zone)
        host = meeting.host_id
        if meeting.id in todo:
            after = ordered[index + 1] if index + 1 < len(ordered) else None
            following = after.host_id if after is not None and after.id not in todo else ""
            proposal = _propose(day, meeting.declined_by, previous, following, people, away, tally)
            proposals[meeting.id] = proposal
            host = proposal.host_id
        if host:
            record = tally.get(host, HostingRecord())
            tally[host] = HostingRecord(record.times + 1, day)
        previous = host
    return proposals


def next_candidate(
    meeting: Meeting,
    meetings: Iterable[Meeting],
    people: Iterable[Person],
    absences: Iterable[Absence],
    *,
    time_zone: str = DEFAULT_TIME_ZONE,
) -> HostProposal:
    """The fair host for ``meeting`` with every other meeting as it is, passing over the members in
    its ``declined_by`` (for "the host declines: propose the next")."""
    if meeting.deleted or meeting.status is MeetingStatus.CANCELLED:
        return HostProposal("", _("The meeting is cancelled: it needs no host."))
    others = [other for other in meetings if other.id != meeting.id]
    return propose_hosts([*others, meeting], people, absences, replan={meeting.id}, time_zone=time_zone)[meeting.id]


def _propose(
    day: date,
    declined: Collection[str],
    previous: str,
    following: str,
    people: list[Person],
    away: dict[str, list[Absence]],
    tally: dict[str, HostingRecord],
) -> HostProposal:
    eligible = eligible_hosts(people, day)
    if not eligible:
        return HostProposal("", _("Nobody can host: no current member who can host has a premises address."))

    def fair_key(person: Person) -> tuple[object, ...]:
        record = tally.get(person.id)
        if record is None:
            return (0, person.joined or date.min, 0, person.name.casefold(), person.id)
        return (1, record.last, record.times, person.name.casefold(), person.id)

    passed_over: list[str] = []
    for person in sorted(eligible, key=fair_key):
        why_not = _unavailable(person, day, declined, away.get(person.id, []))
        if why_not is None and len(eligible) > 1:
            if person.id == previous:
                why_not = _("{name} hosts the meeting before").format(name=person.name)
            elif person.id == following:
                why_not = _("{name} hosts the next meeting").format(name=person.name)
        if why_not is None:
            why = _explain(person, tally.get(person.id))
            if passed_over:
                return HostProposal(
                    person.id,
                    _("{passed_over}, so next in turn: {why}").format(passed_over=_listed(passed_over), why=why),
                )
            return HostProposal(person.id, why)
        passed_over.append(why_not)
    return HostProposal(
        "", _("No host proposed: {passed_over}. Choose a host by hand.").format(passed_over=_listed(passed_over))
    )


def _unavailable(person: Person, day: date, declined: Collection[str], absences: list[Absence]) -> str | None:
    """Why ``person`` cannot host on ``day``, or None when he or she can."""
    if person.id in declined:
        return _("{name} declined this meeting").format(name=person.name)
    for absence in absences:
        if absence.covers(day):
            if absence.reason.strip():
                return _("{name} is away on this date ({reason})").format(
                    name=person.name, reason=absence.reason.strip()
                )
            return _("{name} is away on this date").format(name=person.name)
    return None


def _explain(person: Person, record: HostingRecord | None) -> str:
    if record is None or record.last is None:  # never hosted
        if person.joined is None:
            return _("never hosted")
        return _("never hosted; joined {month}").format(month=format_month_year(person.joined))
    return ngettext("last hosted {day}; once in all", "last hosted {day}; {count} times in all", record.times).format(
        day=format_date(record.last), count=format_count(record.times)
    )


def _listed(reasons: list[str]) -> str:
    shown = reasons[:NAMED_SKIPS]
    if len(reasons) > NAMED_SKIPS:
        more = len(reasons) - NAMED_SKIPS
        shown.append(ngettext("{count} more", "{count} more", more).format(count=format_count(more)))
    return "; ".join(shown)
