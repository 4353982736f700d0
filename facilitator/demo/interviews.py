"""The demo members' growth interviews over the years: on joining (founding members: when the
network began), at each due point of the interviews-due rules (after 3 and 12 months, then yearly),
some left undone so that the due list has members on it, and some on leaving; what was said follows
the outcomes in the firm since the interview before."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TypedDict, TypeVar

from facilitator.demo.development_texts import (
    BARRIER_NOTES,
    BARRIER_WEIGHTS,
    NETWORK_GAVE,
    NETWORK_GIVES,
    NETWORK_GIVES_AFTER,
    NETWORK_HOPES,
)
from facilitator.demo.ids import NewId
from facilitator.demo.outcomes import STAFF_MOST
from facilitator.interviews_due import DEFAULT_INTERVIEW_MONTHS, due_point_days
from facilitator.model import (
    Barrier,
    GrowthIntention,
    Interview,
    InterviewKind,
    Outcome,
    OutcomeKind,
    Person,
    TurnoverBand,
)

_INTENTION_WEIGHTS = ((GrowthIntention.CLOSE, 4), (GrowthIntention.STAY, 36), (GrowthIntention.MODERATE, 45))
_STRONG_WEIGHT = 15
#: How often the latest point is still to do (due or overdue on the demo's today), an interview
#: missed, and one on leaving.
_UNDONE_SHARE = 0.2
_MISSED_SHARE = 0.05
_LEAVING_SHARE = 0.4
_GROWTH_KINDS = frozenset(OutcomeKind) - {OutcomeKind.CLOSED, OutcomeKind.OTHER}
_BANDS = list(TurnoverBand)

ChoiceT = TypeVar("ChoiceT")


def interviews_of(
    rng: random.Random,
    new_id: NewId,
    person: Person,
    outcomes: list[Outcome],
    first_staff: float,
    facilitators: list[Person],
    today: date,
) -> list[Interview]:
    """The member's interviews up to today (or leaving): on joining, at each due point, maybe on
    leaving; what was said follows the outcomes in the firm since the interview before."""
    joined = person.joined
    if joined is None:
        return []
    until = min(today, person.left) if person.left is not None else today
    intention = draw(rng, (*_INTENTION_WEIGHTS, (GrowthIntention.STRONG, _STRONG_WEIGHT))).rank
    richer = rng.random() < 0.3  # turnover a band above the usual for the firm's staff
    usual = _draw_barriers(rng, rng.randint(1, 3))
    planned: list[tuple[InterviewKind, date]] = [(InterviewKind.JOINING, joined + timedelta(days=rng.randint(0, 21)))]
    points: list[date] = []  # the due points whose month has begun by ``until``
    for point in due_point_days(joined, DEFAULT_INTERVIEW_MONTHS):
        if point.opens > until:
            break
        points.append(point.day)
    for number, due in enumerate(points):
        latest = number == len(points) - 1
        if latest and person.left is None and rng.random() < _UNDONE_SHARE:
            continue  # due or overdue today
        if rng.random() < _MISSED_SHARE:
            continue
        day = due + timedelta(days=rng.randint(-10, 25))
        if latest and day > until and due - timedelta(days=25) <= until:
            day = due - timedelta(days=rng.randint(max(0, (due - until).days), 25))  # early in its window
        planned.append((InterviewKind.FOLLOW_UP, day))
    if person.left is not None and rng.random() < _LEAVING_SHARE:
        planned.append((InterviewKind.LEAVING, max(joined, person.left - timedelta(days=rng.randint(0, 20)))))
    interviews: list[Interview] = []
    previous = date.min
    for kind, day in planned:
        if day > until or day <= previous:
            continue
        since = [outcome for outcome in outcomes if previous < outcome.day <= day]
        before = [outcome for outcome in outcomes if outcome.day <= day]
        staff = before[-1].staff_after if before and before[-1].staff_after is not None else first_staff
        if kind is InterviewKind.LEAVING:
            intention = 0 if rng.random() < 0.5 else 1
        elif any(outcome.kind in _GROWTH_KINDS for outcome in since) and rng.random() < 0.5:
            intention = min(3, max(intention, 1) + 1)
        elif rng.random() < 0.15:  # plans change, and without anything to show they shrink a little more often
            intention = min(3, max(min(intention, 1), intention + rng.choice((-1, -1, 1))))
        said = list(GrowthIntention)[intention]
        interviews.append(
            Interview(
                id=new_id(),
                person_id=person.id,
                day=day,
                kind=kind,
                intention=said,
                planned_staff=_planned_staff(rng, said, staff),
                staff=staff,
                **_said(rng, kind, since, usual, richer, staff, facilitators, day),
            )
        )
        previous = day
    return interviews


def _planned_staff(rng: random.Random, intention: GrowthIntention, staff: float) -> float | None:
    """The staff planned in a year for the intention (sometimes not answered)."""
    if rng.random() < 0.1:
        return None
    planned = {
        GrowthIntention.CLOSE: 0.0,
        GrowthIntention.STAY: staff,
        GrowthIntention.MODERATE: staff + rng.choice((0.0, 0.5, 1.0)),
        GrowthIntention.STRONG: staff + rng.choice((1.0, 1.0, 2.0)),
    }[intention]
    return min(STAFF_MOST, planned)


def _said(
    rng: random.Random,
    kind: InterviewKind,
    since: list[Outcome],
    usual: list[Barrier],
    richer: bool,
    staff: float,
    facilitators: list[Person],
    day: date,
) -> _Said:
    """The rest of an interview: barriers, turnover, what the network gives, the interviewer."""
    barriers = [barrier for barrier in usual if rng.random() < 0.75]
    if rng.random() < 0.15:
        barriers += [barrier for barrier in _draw_barriers(rng, 1) if barrier not in barriers]
    notes = {
        barrier.value: rng.choice(BARRIER_NOTES[barrier]) if rng.random() < 0.35 else ""
        for barrier in sorted(barriers, key=list(Barrier).index)
    }
    band = (0 if staff == 0 else 1 if staff <= 2.5 else 2 if staff <= 5 else 3) + richer
    planned_band = band + (rng.random() < 0.4) if staff or richer else band
    if kind is InterviewKind.JOINING:
        gives, value = rng.choice(NETWORK_HOPES), None
    elif kind is InterviewKind.LEAVING:
        gives, value = rng.choice(NETWORK_GAVE), rng.choice((3, 4, 4))
    else:
        growth = [outcome for outcome in since if outcome.kind in NETWORK_GIVES_AFTER]
        gives = NETWORK_GIVES_AFTER[growth[-1].kind] if growth else rng.choice(NETWORK_GIVES)
        value = rng.choice((4, 5, 5) if growth else (3, 4, 4, 5))
    current = [person for person in facilitators if person.is_current(day)] or facilitators
    return {
        "barriers": notes,
        "turnover": _BANDS[min(band, 3)],
        "planned_turnover": None if rng.random() < 0.1 else _BANDS[min(planned_band, 3)],
        "network_gives": gives,
        "network_value": value,
        "interviewer": current[0].name if current else "",
    }


class _Said(TypedDict):
    barriers: dict[str, str]
    turnover: TurnoverBand
    planned_turnover: TurnoverBand | None
    network_gives: str
    network_value: int | None
    interviewer: str


def _draw_barriers(rng: random.Random, count: int) -> list[Barrier]:
    barriers, weights = list(BARRIER_WEIGHTS), list(BARRIER_WEIGHTS.values())
    chosen: list[Barrier] = []
    while len(chosen) < count:
        barrier = rng.choices(barriers, weights)[0]
        if barrier not in chosen:
            chosen.append(barrier)
    return chosen


def draw(rng: random.Random, weighted: Sequence[tuple[ChoiceT, int]]) -> ChoiceT:
    return rng.choices([value for value, _ in weighted], [weight for _, weight in weighted])[0]
