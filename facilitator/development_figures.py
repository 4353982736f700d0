"""What the meetings led to, for the network report's chapter: the outcomes in the entrepreneurs'
businesses per year and group, how their growth intentions moved, the barriers they name most,
and which of the eleven activities were coded on the memo entries behind each kind of outcome.

Rules:

- An outcome counts in the period of its day; drafts (made by a memo line, not yet completed) and
  removed outcomes never count.
- An intention's move is from a person's first interview to their latest one, both dated on or
  before the period's end, counted for each person whose latest interview lies in the period and
  who was interviewed before it.
- A barrier counts once per person, as named in their latest interview of the period.
- An outcome's activities are the codes of the memo entries that led to it (a researcher's re-code
  where there is one, as everywhere in the analysis), each code once per outcome.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from facilitator.activity_analysis import entries_by_id
from facilitator.model import Barrier, GrowthIntention, Interview, Outcome, OutcomeKind
from facilitator.network import GroupRecords


@dataclass(frozen=True)
class KindActivities:
    """One kind of outcome of the period: how many there were, and for each activity code how many
    of them had an entry carrying it among the entries that led to them."""

    kind: OutcomeKind
    outcomes: int
    codes: dict[str, int]
    #: How many had no entry with a code behind them (none linked, or none coded).
    uncoded: int


@dataclass(frozen=True)
class DevelopmentFigures:
    years: tuple[int, ...]
    #: Per group (by name, in the groups' order): the outcomes of each year of the period.
    outcomes_by_group: list[tuple[str, dict[int, int]]]
    #: From the first interview's intention to the latest's: how many people moved so.
    moves: dict[tuple[GrowthIntention, GrowthIntention], int]
    #: The people interviewed in the period (each counted once).
    interviewed: int
    #: Each barrier named, by how many people named it, most named first.
    barriers: list[tuple[Barrier, int]]
    kinds: list[KindActivities]
    #: For an activity code, the latest outcome of the period with an entry carrying it behind it,
    #: and its group's name: the researchers' table quotes it beside the activity.
    quotes: dict[str, tuple[str, Outcome]] = dataclasses.field(default_factory=dict)

    @property
    def outcomes(self) -> int:
        return sum(sum(counts.values()) for _name, counts in self.outcomes_by_group)

    @property
    def moved(self) -> int:
        return sum(self.moves.values())

    @property
    def empty(self) -> bool:
        """Nothing to tell: no outcome and no interview in the period."""
        return not self.outcomes and not self.interviewed


def development_figures(groups: Sequence[GroupRecords], start: date, end: date) -> DevelopmentFigures:
    """The chapter's figures for ``groups`` over ``start``–``end`` (both days included)."""
    outcomes = [
        (records, outcome)
        for records in groups
        for outcome in records.outcomes
        if not outcome.draft and not outcome.deleted and start <= outcome.day <= end
    ]
    years = tuple(range(start.year, end.year + 1))
    by_group = []
    for records in groups:
        counts = Counter(outcome.day.year for found_in, outcome in outcomes if found_in is records)
        by_group.append((records.group.name, {year: counts.get(year, 0) for year in years}))
    interviews = [interview for records in groups for interview in records.interviews if not interview.deleted]
    moves, latest = _moves(interviews, start, end)
    barriers = Counter(barrier for interview in latest for barrier, _note in interview.barrier_list())
    kinds, quotes = _kind_activities(groups, outcomes)
    return DevelopmentFigures(
        years=years,
        outcomes_by_group=by_group,
        moves=moves,
        interviewed=len(latest),
        barriers=sorted(barriers.items(), key=lambda item: (-item[1], list(Barrier).index(item[0]))),
        kinds=kinds,
        quotes=quotes,
    )


def _moves(
    interviews: Sequence[Interview], start: date, end: date
) -> tuple[dict[tuple[GrowthIntention, GrowthIntention], int], list[Interview]]:
    """The intentions' moves, and each person's latest interview of the period."""
    by_person: dict[str, list[Interview]] = {}
    for interview in sorted(interviews, key=Interview.order_key):
        if interview.day <= end:
            by_person.setdefault(interview.person_id, []).append(interview)
    moves: Counter[tuple[GrowthIntention, GrowthIntention]] = Counter()
    latest = []
    for found in by_person.values():
        if found[-1].day < start:
            continue
        latest.append(found[-1])
        if len(found) > 1:
            moves[(found[0].intention, found[-1].intention)] += 1
    return dict(moves), latest


def _kind_activities(
    groups: Sequence[GroupRecords], outcomes: Sequence[tuple[GroupRecords, Outcome]]
) -> tuple[list[KindActivities], dict[str, tuple[str, Outcome]]]:
    """For each kind of outcome of the period, in the list's order, the activities behind them; and
    for each activity, the latest outcome it was behind."""
    entries = entries_by_id(groups) if outcomes else {}
    found = []
    quotes: dict[str, tuple[str, Outcome]] = {}
    for kind in OutcomeKind:
        of_kind = [(records, outcome) for records, outcome in outcomes if outcome.kind is kind]
        if not of_kind:
            continue
        codes: Counter[str] = Counter()
        uncoded = 0
        for records, outcome in of_kind:
            behind = {code for entry_id in outcome.entry_ids if entry_id in entries for code in entries[entry_id].codes}
            codes.update(behind)
            uncoded += not behind
            for code in behind:
                if code not in quotes or outcome.order_key() > quotes[code][1].order_key():
                    quotes[code] = (records.group.name, outcome)
        found.append(KindActivities(kind, len(of_kind), dict(codes), uncoded))
    return found, quotes
