"""The whole network at a glance, and the activity analysis researchers publish.

Plain records in, plain figures out: the coordinator's screens, the network report and the
benchmark hand every group's records here (:class:`GroupRecords`) and show what comes back.

Rules:

- "This year" and "last year" are calendar years of ``today``; a meeting's day is its date in
  the group's time zone; only *held* meetings count.
- Average attendance is, over the held meetings of the last 12 months where attendance was taken,
  the members checked in present divided by the group's members on that day (as in the history).
- Hosting spread is how many different members hosted the held meetings of the last 24 months,
  out of the current members who can host.
- A group has gone quiet when no bundle of it arrived in the last 60 days (or none ever did).
- An entry's codes are a researcher's re-code where there is one, else its own; an activity code
  counts once per entry that carries it; removed entries never count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from facilitator.activities import activities
from facilitator.history import MeetingRecords, in_last_12_months, year_before
from facilitator.local_time import local_day
from facilitator.model import (
    Coding,
    Group,
    Interview,
    Meeting,
    MeetingStatus,
    MemoEntry,
    MemoKind,
    Outcome,
    Person,
    Presence,
    Role,
    effective_codes,
    summarise_feedback,
)

QUIET_AFTER = timedelta(days=60)
HOSTING_WINDOW_YEARS = 2


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
class GroupOverview:
    """One row of the dashboard."""

    group: Group
    members: int
    held_this_year: int
    held_last_year: int
    #: Share (0–1) of members present at the held meetings of the last 12 months; None without any.
    attendance: float | None
    feedback_average: float | None
    hosts: int
    can_host: int
    open_actions: int
    last_bundle: datetime | None
    quiet: bool
    #: Average attendance (0–1) per calendar year, for the chart over time.
    attendance_by_year: dict[int, float] = field(default_factory=dict)
    #: How often each of the eleven codes came up, all years.
    codes: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class CodedEntry:
    """A memo entry with where it was said and the codes the analysis reads for it."""

    entry: MemoEntry
    group: Group
    meeting: Meeting
    day: date
    codes: tuple[str, ...]
    coding: Coding | None = None

    @property
    def recoded(self) -> bool:
        return self.coding is not None and not self.coding.deleted


@dataclass(frozen=True)
class EntryFilter:
    """Which entries a view shows: every field left None lets everything through."""

    group_id: str | None = None
    start: date | None = None
    end: date | None = None
    kind: MemoKind | None = None
    code: str | None = None

    def keeps(self, coded: CodedEntry) -> bool:
        return (
            (self.group_id is None or coded.group.id == self.group_id)
            and (self.start is None or coded.day >= self.start)
            and (self.end is None or coded.day <= self.end)
            and (self.kind is None or coded.entry.kind is self.kind)
            and (self.code is None or self.code in coded.codes)
        )


def _day(meeting: Meeting, time_zone: str) -> date:
    return local_day(meeting.starts_at, time_zone)


def _held(meetings: Iterable[Meeting]) -> list[Meeting]:
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


def group_overview(records: GroupRecords, today: date, now: datetime) -> GroupOverview:
    """The dashboard's figures for one group."""
    group = records.group
    zone = group.time_zone
    members = [person for person in records.people if person.role is Role.MEMBER and not person.deleted]
    current = [person for person in members if person.is_current(today)]
    tenures = _tenures(members)
    held = _held(records.meetings)
    present_share: list[float] = []
    by_year: dict[int, list[float]] = {}
    hosts: set[str] = set()
    hosting_since = year_before(year_before(today))
    codes = dict.fromkeys((activity.code for activity in activities()), 0)
    open_actions = 0
    feedback = []
    for meeting in held:
        day = _day(meeting, zone)
        found = records.records.get(meeting.id, MeetingRecords())
        share = _share_present(found, tenures, day)
        if share is not None:
            by_year.setdefault(day.year, []).append(share)
            if in_last_12_months(day, today):
                present_share.append(share)
        if meeting.host_id and day > hosting_since:
            hosts.add(meeting.host_id)
        recoded = {coding.entry_id: coding for coding in found.codings}
        for entry in found.memo:
            if entry.deleted:
                continue
            open_actions += entry.is_open_action
            for code in {code.upper() for code in effective_codes(entry.codes, recoded.get(entry.id))} & codes.keys():
                codes[code] += 1
        feedback += [response for response in found.feedback if not response.deleted]
    last = records.last_bundle
    return GroupOverview(
        group=group,
        members=len(current),
        held_this_year=sum(_day(meeting, zone).year == today.year for meeting in held),
        held_last_year=sum(_day(meeting, zone).year == today.year - 1 for meeting in held),
        attendance=sum(present_share) / len(present_share) if present_share else None,
        feedback_average=summarise_feedback(feedback).usefulness_average,
        hosts=len(hosts & {person.id for person in current}),
        can_host=sum(person.can_host for person in current),
        open_actions=open_actions,
        last_bundle=last,
        quiet=last is None or now - last > QUIET_AFTER,
        attendance_by_year={year: sum(shares) / len(shares) for year, shares in sorted(by_year.items())},
        codes=codes,
    )


def network_overview(groups: Iterable[GroupRecords], today: date, now: datetime) -> list[GroupOverview]:
    """Every group's row, in the order given (the groups sorted by name)."""
    return [group_overview(records, today, now) for records in groups]


def coded_entries(groups: Iterable[GroupRecords], only: EntryFilter = EntryFilter()) -> list[CodedEntry]:
    """Every memo entry that carries at least one of the eleven codes, oldest first."""
    known = {activity.code for activity in activities()}
    return [coded for coded in _entries(groups, only) if set(coded.codes) & known]


def needs(groups: Iterable[GroupRecords], only: EntryFilter = EntryFilter()) -> list[CodedEntry]:
    """Entrepreneurs' expressed needs (memo entries of kind need), oldest first."""
    return list(_entries(groups, EntryFilter(only.group_id, only.start, only.end, MemoKind.NEED, only.code)))


def entries_by_id(groups: Iterable[GroupRecords]) -> dict[str, CodedEntry]:
    """Every memo entry of the groups' held meetings with its codes, by entry id: for the records
    that point at entries (an outcome and the entries that led to it)."""
    return {coded.entry.id: coded for coded in _entries(groups, EntryFilter())}


def _entries(groups: Iterable[GroupRecords], only: EntryFilter) -> list[CodedEntry]:
    found: list[CodedEntry] = []
    for records in groups:
        if only.group_id is not None and records.group.id != only.group_id:
            continue
        zone = records.group.time_zone
        for meeting in _held(records.meetings):
            day = _day(meeting, zone)
            if (only.start is not None and day < only.start) or (only.end is not None and day > only.end):
                continue
            held = records.records.get(meeting.id, MeetingRecords())
            recoded = {coding.entry_id: coding for coding in held.codings}
            for entry in held.memo:
                if entry.deleted:
                    continue
                coding = recoded.get(entry.id)
                codes = tuple(sorted({code.upper() for code in effective_codes(entry.codes, coding)}))
                coded = CodedEntry(entry, records.group, meeting, day, codes, coding)
                if only.keeps(coded):
                    found.append(coded)
    found.sort(key=lambda coded: (coded.day, coded.entry.written_at, coded.entry.id))
    return found


@dataclass(frozen=True)
class ActivityRow:
    """One of the eleven codes: how often, where and when, with a few examples."""

    code: str
    name: str
    total: int
    by_group: dict[str, int]
    by_year: dict[int, int]
    examples: list[CodedEntry]


def activity_table(entries: Sequence[CodedEntry], examples: int = 3) -> list[ActivityRow]:
    """For each of the eleven codes in the order of DESIGN §4: its count per group (by name) and
    per year, and up to ``examples`` representative entries (the longest texts of different
    groups first, so that the table shows the network, not one talkative group)."""
    rows = []
    for activity in activities():
        carrying = [coded for coded in entries if activity.code in coded.codes]
        by_group: dict[str, int] = {}
        by_year: dict[int, int] = {}
        for coded in carrying:
            by_group[coded.group.name] = by_group.get(coded.group.name, 0) + 1
            by_year[coded.day.year] = by_year.get(coded.day.year, 0) + 1
        rows.append(
            ActivityRow(
                activity.code,
                activity.name,
                len(carrying),
                dict(sorted(by_group.items())),
                dict(sorted(by_year.items())),
                _representative(carrying, examples),
            )
        )
    return rows


def _representative(carrying: Sequence[CodedEntry], count: int) -> list[CodedEntry]:
    ranked = sorted(carrying, key=lambda coded: (-len(coded.entry.text), coded.day, coded.entry.id))
    chosen: list[CodedEntry] = []
    groups: set[str] = set()
    for coded in ranked:
        if coded.group.id not in groups:
            chosen.append(coded)
            groups.add(coded.group.id)
        if len(chosen) == count:
            return chosen
    for coded in ranked:
        if coded not in chosen and len(chosen) < count:
            chosen.append(coded)
    return chosen


@dataclass(frozen=True)
class GroupPeriod:
    """One group's figures over a period of meeting days, both ends included (the network report).

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


def group_period(records: GroupRecords, start: date, end: date, today: date) -> GroupPeriod:
    """The figures of ``records``' group over the meetings held from ``start`` to ``end``."""
    zone = records.group.time_zone
    members = [person for person in records.people if person.role is Role.MEMBER and not person.deleted]
    counted_on = min(end, today)
    current = [person for person in members if person.is_current(counted_on)]
    tenures = _tenures(members)
    held = [meeting for meeting in _held(records.meetings) if start <= _day(meeting, zone) <= end]
    shares: list[tuple[date, float]] = []
    hosts: set[str] = set()
    feedback = []
    for meeting in held:
        day = _day(meeting, zone)
        found = records.records.get(meeting.id, MeetingRecords())
        share = _share_present(found, tenures, day)
        if share is not None:
            shares.append((day, share))
        if meeting.host_id:
            hosts.add(meeting.host_id)
        feedback += [response for response in found.feedback if not response.deleted]
    summary = summarise_feedback(feedback)
    return GroupPeriod(
        group=records.group,
        members=len(current),
        held=len(held),
        attendance=sum(share for _day_, share in shares) / len(shares) if shares else None,
        shares=tuple(shares),
        feedback_average=summary.usefulness_average,
        feedback_responses=summary.responses,
        hosts=len(hosts & {person.id for person in current}),
        can_host=sum(person.can_host for person in current),
    )


def short_names(groups: Iterable[Group], width: int) -> dict[str, str]:
    """Each group's name by id, cut to ``width`` cells so that groups stay apart: words most of the
    network's names share ("peer group", "Yrittäjäryhmä") go first, then the end ("…")."""
    groups = list(groups)
    words = Counter(word for group in groups for word in set(group.name.split()))
    names = {}
    for group in groups:
        name = group.name
        if len(name) > width:
            own = " ".join(word for word in name.split() if words[word] < 2) or name
            name = own if len(own) <= width else own[: width - 1] + "…"
        names[group.id] = name
    return names
