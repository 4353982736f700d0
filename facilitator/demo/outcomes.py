"""The outcomes in the demo members' businesses that follow from what their memo lines said (a hire
after the group argued for it, first sales to Sweden after the labelling rules were sorted out, a
joint stand booked for the group), and a few drafts left on a group's latest meeting.

Each outcome follows a memo line of :data:`facilitator.demo.development_texts.SEQUELS`: it is in the
business of the member the line is about, some weeks after the meeting (never after today, nor
after the member left), with the other members the line names (and, for a joint campaign, a few
present that evening) involved, and the line's entry and meeting (and an earlier line of the
same member pointing the same way) behind it. A firm's staff changes only by its hires.
"""

from __future__ import annotations

import random
import string
from datetime import date, timedelta
from functools import cache

from facilitator.demo.development_texts import HIRE, SEQUELS, Sequel
from facilitator.demo.ids import NewId
from facilitator.model import MemoEntry, Outcome, OutcomeKind, Person

#: A micro-firm's most staff (full-time equivalents).
STAFF_MOST = 9.0
#: The same kind of outcome for the same member again only after this long.
_SAME_KIND_GAP = timedelta(days=270)
#: An earlier line of the same member pointing the same way is behind the outcome too, if this recent.
_RELATED_WINDOW = timedelta(days=400)
#: Outcomes that an earlier line of another wording may have led to as well.
_MANY_LINES = frozenset({OutcomeKind.FIRST_EMPLOYEE, OutcomeKind.EXPORT, OutcomeKind.INVESTMENT})


@cache
def _people_fields(text: str) -> tuple[str, ...]:
    """The placeholders of a line that stand for people, in the order the entry names them."""
    fields = dict.fromkeys(name for _, name, _, _ in string.Formatter().parse(text) if name)
    return tuple(name for name in fields if name in ("a", "b", "host", "fac"))


def _named(entry: MemoEntry, text: str, field: str) -> str:
    fields = _people_fields(text)
    return entry.people[fields.index(field)] if field in fields and len(entry.people) == len(fields) else ""


def sequel_outcomes(
    rng: random.Random,
    new_id: NewId,
    members: dict[str, Person],
    entries: list[MemoEntry],
    lines: dict[str, str],
    days: dict[str, date],
    present: dict[str, list[str]],
    staff: dict[str, float],
    today: date,
) -> list[Outcome]:
    """The outcomes the lines of ``entries`` led to, oldest first, with each firm's staff after;
    ``staff`` (each firm's on joining) is left as the hires made it."""
    drawn: list[tuple[date, Person, Sequel, list[MemoEntry], list[str], str]] = []
    seen: dict[tuple[str, str], list[MemoEntry]] = {}  # by member and where the line points
    for entry in entries:
        text = lines.get(entry.id, "")
        sequel = SEQUELS.get(text)
        if sequel is None:
            continue
        person = members.get(_named(entry, text, sequel.whose))
        if person is None:
            continue
        held = days[entry.meeting_id]
        # A hire, exports or an investment may follow from several lines; a campaign, from its own.
        earlier = seen.setdefault((person.id, sequel.kind.value if sequel.kind in _MANY_LINES else text), [])
        related = [other for other in earlier[-1:] if held - days[other.meeting_id] <= _RELATED_WINDOW]
        earlier.append(entry)
        if rng.random() >= sequel.share:
            continue
        day = held + timedelta(days=rng.randint(7 * sequel.weeks[0], 7 * sequel.weeks[1]))
        if day > today or (person.left is not None and day > person.left):
            continue
        involved = [person_id for person_id in entry.people if person_id in members and person_id != person.id]
        description = rng.choice(sequel.descriptions)
        if sequel.kind is OutcomeKind.JOINT:
            others = [
                person_id
                for person_id in present.get(entry.meeting_id, [])
                if person_id != person.id and person_id not in involved
            ]
            involved += rng.sample(others, k=min(len(others), rng.randint(1, 3)))
        other = members[involved[0]].name if involved else ""
        drawn.append((day, person, sequel, [*related, entry], involved, description.format(other=other)))
    drawn.sort(key=lambda found: (found[0], found[3][-1].written_at))
    outcomes: list[Outcome] = []
    last: dict[tuple[str, OutcomeKind], date] = {}
    for day, person, sequel, behind, involved, description in drawn:
        kind = sequel.kind
        if kind is HIRE and staff[person.id] > 0:
            kind = OutcomeKind.MORE_STAFF
        hired = kind in (OutcomeKind.FIRST_EMPLOYEE, OutcomeKind.MORE_STAFF)
        if hired and staff[person.id] >= STAFF_MOST:
            continue
        before = last.get((person.id, sequel.kind))
        if before is not None and day - before < _SAME_KIND_GAP:
            continue
        last[person.id, sequel.kind] = day
        if kind is OutcomeKind.FIRST_EMPLOYEE:
            staff[person.id] = 1.0
        elif hired:
            staff[person.id] = min(STAFF_MOST, staff[person.id] + rng.choice((0.5, 1.0, 1.0, 2.0)))
        outcomes.append(
            Outcome(
                id=new_id(),
                person_id=person.id,
                day=day,
                kind=kind,
                description=description,
                staff_after=staff[person.id],
                involved=involved,
                entry_ids=[entry.id for entry in behind],
                meeting_ids=list(dict.fromkeys(entry.meeting_id for entry in behind)),
            )
        )
    return outcomes


def drafts(
    rng: random.Random,
    new_id: NewId,
    members: dict[str, Person],
    entries: list[MemoEntry],
    lines: dict[str, str],
    days: dict[str, date],
    staff: dict[str, float],
) -> list[Outcome]:
    """One or two outcomes drafted from memo lines of the latest held meeting, waiting on the
    after-meeting screen to be completed: its lines that may come to something first, else its decisions
    and action items about a member."""
    if not entries:
        return []
    latest = max(days[entry.meeting_id] for entry in entries)
    tonight = [entry for entry in entries if days[entry.meeting_id] == latest]
    chosen: list[tuple[MemoEntry, str, OutcomeKind]] = []
    for entry in tonight:
        text = lines.get(entry.id, "")
        sequel = SEQUELS.get(text)
        whose = _named(entry, text, sequel.whose) if sequel is not None else ""
        if sequel is not None and whose in members:
            hire = sequel.kind is HIRE and staff[whose] > 0
            chosen.append((entry, whose, OutcomeKind.MORE_STAFF if hire else sequel.kind))
    if not chosen:
        chosen = [
            (entry, entry.people[0], OutcomeKind.OTHER)
            for entry in tonight
            if entry.kind.value in ("decision", "action") and entry.people and entry.people[0] in members
        ]
    chosen = chosen[: rng.randint(1, 2)]
    return [
        Outcome(
            id=new_id(),
            person_id=person_id,
            day=latest,
            kind=kind,
            description=entry.text,
            involved=[other for other in entry.people if other in members and other != person_id],
            entry_ids=[entry.id],
            meeting_ids=[entry.meeting_id],
            draft=True,
        )
        for entry, person_id, kind in chosen
    ]
