"""The whole network at a glance: each group's figures over a period, as the dashboard and the
network report show them (the activity analysis is :mod:`facilitator.activity_analysis`, the
groups' labels and order :mod:`facilitator.group_labels`).

Plain records in, plain figures out: the coordinator's screens, the network report and the
benchmark hand every group's records here (:class:`GroupRecords`) and show what comes back.

Rules:

- Every figure of a group over a period comes from :func:`group_period`, the one computation the
  dashboard (over :func:`default_period`, the last 12 months) and the network report (over the
  period chosen) share: a meeting's day is its date in the group's time zone; only *held*
  meetings count; members are counted on the period's last day (today, when it runs on past it).
- Average attendance is, over the period's held meetings where attendance was taken, the members
  checked in present divided by the group's members on that day (as in the history).
- Hosting spread is how many of the members counted hosted a held meeting of the period, out of
  those of them who can host.
- Open action items and the last bundle are as they stand today (:class:`GroupStanding`); a group
  has gone quiet when no bundle of it arrived in the last 60 days (or none ever did).
- An activity code counts once per entry that carries it, read as the analysis reads it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from facilitator.activities import activities
from facilitator.group_labels import in_label_order
from facilitator.history import MeetingRecords, default_period
from facilitator.local_time import local_day
from facilitator.model import (
    Coding,
    FeedbackResponse,
    Group,
    Interview,
    Meeting,
    MeetingStatus,
    MemoEntry,
    Outcome,
    Person,
    Presence,
    Role,
    effective_codes,
    summarise_feedback,
)

QUIET_AFTER = timedelta(days=60)


@dataclass(frozen=True)
class GroupRecords:
    """Everything of one group the network views read: its records and when its last bundle came."""

    group: Group
    people: Sequence[Person]
    meetings: Sequence[Meeting]
    #: By meeting id, what each meeting's own file holds (a meeting missing from it holds nothing).
    records: Mapping[str, MeetingRecords]
    last_bundle: datetime | None = None
    #: The growth interviews of its people and the outcomes in their businesses (drafts too).
    interviews: Sequence[Interview] = ()
    outcomes: Sequence[Outcome] = ()


@dataclass(frozen=True)
class GroupStanding:
    """What stands of a group today, whatever the period: its open action items and its last bundle."""

    open_actions: int
    last_bundle: datetime | None
    quiet: bool


@dataclass(frozen=True)
class GroupOverview:
    """One row of the dashboard: the group's figures of the default period, its held meetings per
    calendar year, what stands today, and for the charts its attendance and codes of all years."""

    #: The figures of :func:`default_period` (members, attendance, feedback, hosts), as the report's.
    period: GroupPeriod
    #: Held meetings per calendar year, all years.
    held_by_year: dict[int, int]
    standing: GroupStanding
    #: The day and share present of every held meeting where attendance was taken, all years.
    shares: tuple[tuple[date, float], ...] = ()
    #: How often each of the eleven codes came up, all years.
    codes: dict[str, int] = field(default_factory=dict)
    #: The years of its held meetings where an entry carries one of the eleven codes, oldest first.
    coded_years: tuple[int, ...] = ()

    @property
    def group(self) -> Group:
        return self.period.group


@dataclass(frozen=True)
class NetworkPeriod:
    """The network's row under the groups' (the dashboard's and the network report's): every
    group's figures of one period added up, attendance averaged over every held meeting where it
    was taken and feedback over every response, as one group's are."""

    members: int
    held: int
    attendance: float | None
    feedback_average: float | None
    feedback_responses: int
    hosts: int
    can_host: int


def network_period(periods: Sequence[GroupPeriod]) -> NetworkPeriod:
    """The groups' figures of one period added up (see :class:`NetworkPeriod`)."""
    shares = [share for period in periods for _day, share in period.shares]
    responses = sum(period.feedback_responses for period in periods)
    usefulness = sum((period.feedback_average or 0) * period.feedback_responses for period in periods)
    return NetworkPeriod(
        members=sum(period.members for period in periods),
        held=sum(period.held for period in periods),
        attendance=sum(shares) / len(shares) if shares else None,
        feedback_average=usefulness / responses if responses else None,
        feedback_responses=responses,
        hosts=sum(period.hosts for period in periods),
        can_host=sum(period.can_host for period in periods),
    )


def _day(meeting: Meeting, time_zone: str) -> date:
    return local_day(meeting.starts_at, time_zone)


def held_meetings(meetings: Iterable[Meeting]) -> list[Meeting]:
    """The meetings held and not removed, oldest first: the only ones any figure counts."""
    return sorted(
        (meeting for meeting in meetings if meeting.status is MeetingStatus.HELD and not meeting.deleted),
        key=lambda meeting: (meeting.starts_at, meeting.id),
    )


def _tenures(members: Iterable[Person]) -> list[tuple[str, date | None, date | None]]:
    """Each member's id, joining and leaving day: what :func:`_share_present` asks of every member
    at every meeting, read once (twenty years hold many of both)."""
    return [(person.id, person.joined, person.left) for person in members if not person.deleted]


def _share_present(
    found: MeetingRecords, tenures: Sequence[tuple[str, date | None, date | None]], day: date
) -> float | None:
    """The share of the members on the roster on ``day`` (as :meth:`Person.is_current` tells) who
    were present; None when no attendance was taken or no member was on the roster."""
    if not any(not entry.deleted for entry in found.attendance):
        return None
    eligible = [
        person_id
        for person_id, joined, left in tenures
        if (joined is None or joined <= day) and (left is None or left > day)
    ]
    if not eligible:
        return None
    present = {entry.person_id for entry in found.attendance if not entry.deleted and entry.status is Presence.PRESENT}
    return sum(person_id in present for person_id in eligible) / len(eligible)


def _standing(records: GroupRecords, held: Sequence[_HeldMeeting], now: datetime) -> GroupStanding:
    """The group's open action items (of its held meetings) and its last bundle, as they stand ``now``."""
    last = records.last_bundle
    open_actions = sum(meeting.open_actions for meeting in held)
    return GroupStanding(open_actions, last, quiet=last is None or now - last > QUIET_AFTER)


def group_overview(records: GroupRecords, today: date, now: datetime) -> GroupOverview:
    """The dashboard's row of one group: :func:`group_period` over :func:`default_period`, and
    for the charts and the meetings held per calendar year, over all years; one walk over the
    group's held meetings, as thirteen groups of twenty years are read at every opening."""
    held = _held_meetings(records)
    codes = Counter(code for meeting in held for code in meeting.codes)
    return GroupOverview(
        period=_period(records, held, *default_period(today), today),
        held_by_year=dict(sorted(Counter(meeting.day.year for meeting in held).items())),
        standing=_standing(records, held, now),
        shares=tuple((meeting.day, meeting.share) for meeting in held if meeting.share is not None),
        codes={activity.code: codes[activity.code] for activity in activities()},
        coded_years=tuple(sorted({meeting.day.year for meeting in held if meeting.codes})),
    )


def network_overview(groups: Iterable[GroupRecords], today: date, now: datetime) -> list[GroupOverview]:
    """Every group's row, in the order given (:func:`network_order`, as the network is loaded)."""
    return [group_overview(records, today, now) for records in groups]


def attendance_per_year(shares: Iterable[tuple[date, float]]) -> dict[int, float]:
    """The average share present per calendar year, over every meeting of ``shares`` in it (the
    network's: each meeting weighs the same, whichever group held it), oldest year first."""
    by_year: dict[int, list[float]] = {}
    for day, share in shares:
        by_year.setdefault(day.year, []).append(share)
    return {year: sum(found) / len(found) for year, found in sorted(by_year.items())}


@dataclass(frozen=True)
class GroupPeriod:
    """One group's figures over a period of meeting days, both ends included: the dashboard's row
    (over :func:`default_period`) and the network report's table (over the period chosen).

    Members and those who can host are counted on the period's last day (today, when the period
    runs on past it); hosting spread is how many of them hosted a held meeting of the period.
    """

    group: Group
    members: int
    held: int
    #: Share (0–1) of members present at the period's held meetings where attendance was taken.
    attendance: float | None
    #: The day and share present of each of those meetings, oldest first (for charts over time).
    shares: tuple[tuple[date, float], ...]
    feedback_average: float | None
    feedback_responses: int
    hosts: int
    can_host: int


def group_period(
    records: GroupRecords, start: date, end: date, today: date, now: datetime
) -> tuple[GroupPeriod, GroupStanding]:
    """The figures of ``records``' group over the meetings held from ``start`` to ``end``, and its
    open action items and last bundle as they stand ``now`` (the network report's line of a group):
    one walk over the group's held meetings."""
    held = _held_meetings(records)
    return _period(records, held, start, end, today), _standing(records, held, now)


@dataclass(frozen=True)
class _HeldMeeting:
    """What the network's figures read of one held meeting, read once."""

    day: date
    #: The share of the members of the day present; None when attendance was not taken.
    share: float | None
    host_id: str | None
    feedback: tuple[FeedbackResponse, ...]
    open_actions: int
    #: The eleven codes its entries carry, once per entry that carries each.
    codes: tuple[str, ...]


def codes_read(entry: MemoEntry, coding: Coding | None) -> frozenset[str]:
    """The codes an entry is read by everywhere: a researcher's re-code where there is one, else its
    own, in capitals."""
    return frozenset(code.upper() for code in effective_codes(entry.codes, coding))


def _held_meetings(records: GroupRecords) -> list[_HeldMeeting]:
    """The group's held meetings, oldest first, each read once for every figure."""
    zone = records.group.time_zone
    tenures = _tenures(person for person in records.people if person.role is Role.MEMBER)
    known = {activity.code for activity in activities()}
    held = []
    for meeting in held_meetings(records.meetings):
        day = _day(meeting, zone)
        found = records.records.get(meeting.id, MeetingRecords())
        recoded = {coding.entry_id: coding for coding in found.codings}
        entries = [entry for entry in found.memo if not entry.deleted]
        codes = [code for entry in entries for code in codes_read(entry, recoded.get(entry.id)) & known]
        held.append(
            _HeldMeeting(
                day=day,
                share=_share_present(found, tenures, day),
                host_id=meeting.host_id,
                feedback=tuple(response for response in found.feedback if not response.deleted),
                open_actions=sum(entry.is_open_action for entry in entries),
                codes=tuple(codes),
            )
        )
    return held


def _period(records: GroupRecords, held: Sequence[_HeldMeeting], start: date, end: date, today: date) -> GroupPeriod:
    """The period's figures (:func:`group_period`) from the group's held meetings read once."""
    current = [
        person
        for person in records.people
        if person.role is Role.MEMBER and not person.deleted and person.is_current(min(end, today))
    ]
    inside = [meeting for meeting in held if start <= meeting.day <= end]
    shares = [(meeting.day, meeting.share) for meeting in inside if meeting.share is not None]
    hosts = {meeting.host_id for meeting in inside if meeting.host_id}
    summary = summarise_feedback([response for meeting in inside for response in meeting.feedback])
    return GroupPeriod(
        group=records.group,
        members=len(current),
        held=len(inside),
        attendance=sum(share for _day_, share in shares) / len(shares) if shares else None,
        shares=tuple(shares),
        feedback_average=summary.usefulness_average,
        feedback_responses=summary.responses,
        hosts=len(hosts & {person.id for person in current}),
        can_host=sum(person.can_host for person in current),
    )


def network_order(groups: Iterable[GroupRecords]) -> list[GroupRecords]:
    """The groups in the order of their labels (:func:`facilitator.group_labels.short_names`): how every screen and file
    lists the network's groups."""
    by_id = {records.group.id: records for records in groups}
    return [by_id[group.id] for group in in_label_order(records.group for records in by_id.values())]
