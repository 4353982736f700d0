"""The activity analysis researchers publish: the network's memo entries with the codes they are
read by (a researcher's re-code where there is one, else the entry's own; removed entries never
count), the entrepreneurs' needs, and each of the eleven activity codes counted per group and year
with representative entries. Only held meetings count (:func:`facilitator.network.held_meetings`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from facilitator.activities import activities
from facilitator.history import MeetingRecords
from facilitator.local_time import local_day
from facilitator.model import Coding, Group, Meeting, MemoEntry, MemoKind
from facilitator.network import GroupRecords, codes_read, held_meetings


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
        for meeting in held_meetings(records.meetings):
            day = local_day(meeting.starts_at, zone)
            if (only.start is not None and day < only.start) or (only.end is not None and day > only.end):
                continue
            held = records.records.get(meeting.id, MeetingRecords())
            recoded = {coding.entry_id: coding for coding in held.codings}
            for entry in held.memo:
                if entry.deleted:
                    continue
                coding = recoded.get(entry.id)
                codes = tuple(sorted(codes_read(entry, coding)))
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
    #: The count in each group that has one, by group id.
    by_group: dict[str, int]
    by_year: dict[int, int]
    examples: list[CodedEntry]


def activity_table(entries: Sequence[CodedEntry], examples: int = 3) -> list[ActivityRow]:
    """For each of the eleven codes in the order of DESIGN §4: its count per group (by group id)
    and per year, and up to ``examples`` representative entries (the longest texts of different
    groups first, so that the table shows the network, not one talkative group)."""
    rows = []
    for activity in activities():
        carrying = [coded for coded in entries if activity.code in coded.codes]
        by_group: dict[str, int] = {}
        by_year: dict[int, int] = {}
        for coded in carrying:
            by_group[coded.group.id] = by_group.get(coded.group.id, 0) + 1
            by_year[coded.day.year] = by_year.get(coded.day.year, 0) + 1
        rows.append(
            ActivityRow(
                activity.code,
                activity.name,
                len(carrying),
                by_group,
                dict(sorted(by_year.items())),
                _representative(carrying, examples),
            )
        )
    return rows


def _representative(carrying: Sequence[CodedEntry], count: int) -> list[CodedEntry]:
    if count <= 0:
        return []
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
