"""The firms the funder's indicators count (see :mod:`facilitator.indicators` for the rules): which
firm a member is, its name, the firms supported in a period and their staff counts, with the counts
a firm's growth is measured from and to. Kept apart from the figures, as every figure about firms
(supported, sizes, jobs, innovation) and the naming of a locked period's rows rest on them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from facilitator.model import Interview, Meeting, Outcome, Person
from facilitator.text import firm_name_key, fold


@dataclass(frozen=True)
class StaffCount:
    """A firm's staff on a day, and the record that says so (``interview:id`` or ``outcome:id``),
    first saved at ``saved`` (which tells two counts of one day apart, as :meth:`Interview.order_key`
    orders them: editing an older count does not make it the latest)."""

    day: date
    staff: float
    record: str
    saved: datetime | None = None

    def order(self) -> tuple[date, datetime, str]:
        return (self.day, self.saved or _NEVER, self.record)


_NEVER = datetime(1, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Held:
    """A meeting held in the period, its day, its group's name and the members present (sorted ids)."""

    meeting: Meeting
    day: date
    group_name: str
    present: tuple[str, ...]


@dataclass
class Firm:
    """A firm of the period: its people, those present and the meetings they were at."""

    key: str
    name: str
    people: set[str] = field(default_factory=set)
    present: set[str] = field(default_factory=set)
    meetings: list[Held] = field(default_factory=list)


def firm_key(person: Person) -> str:
    """Which firm ``person`` is: the folded company name, else the person (a company of no letter
    or digit, such as "-", is none)."""
    company = firm_name_key(person.company)
    return f"company:{company}" if company else f"person:{person.id}"


def firm_names(members: Iterable[Person]) -> dict[str, str]:
    """Each firm's name by :func:`firm_key`: the spelling of the company most of its people use
    (of two as common, the first in alphabetical order), or the person's name."""
    spellings: dict[str, Counter[str]] = {}
    names: dict[str, str] = {}
    for person in members:
        key = firm_key(person)
        if key.startswith("person:"):
            names[key] = person.name
        else:
            spellings.setdefault(key, Counter())[" ".join(person.company.split())] += 1
    for key, counted in spellings.items():
        names[key] = min(counted, key=lambda spelling: (-counted[spelling], fold(spelling), spelling))
    return names


def supported_firms(members: Mapping[str, Person], names: Mapping[str, str], held: Iterable[Held]) -> list[Firm]:
    """The supported firms, by name: their people, those present and the meetings they were at."""
    firms: dict[str, Firm] = {}
    for person in sorted(members.values(), key=lambda person: person.id):
        key = firm_key(person)
        firms.setdefault(key, Firm(key, names[key])).people.add(person.id)
    for found in held:
        for person_id in found.present:
            firm = firms[firm_key(members[person_id])]
            firm.present.add(person_id)
            if not firm.meetings or firm.meetings[-1] is not found:
                firm.meetings.append(found)
    return sorted((firm for firm in firms.values() if firm.present), key=lambda firm: (fold(firm.name), firm.key))


def staff_counts(interviews: Iterable[Interview], outcomes: Iterable[Outcome]) -> dict[str, list[StaffCount]]:
    """Each person's staff counts, by person id, oldest first (see :meth:`StaffCount.order`)."""
    counts: dict[str, list[StaffCount]] = {}
    for interview in interviews:
        if not interview.deleted and interview.staff is not None:
            counts.setdefault(interview.person_id, []).append(
                StaffCount(interview.day, interview.staff, f"interview:{interview.id}", interview.created_at)
            )
    for outcome in outcomes:
        if not outcome.deleted and not outcome.draft and outcome.staff_after is not None:
            counts.setdefault(outcome.person_id, []).append(
                StaffCount(outcome.day, outcome.staff_after, f"outcome:{outcome.id}", outcome.created_at)
            )
    for found in counts.values():
        found.sort(key=StaffCount.order)
    return counts


def firm_counts(firm: Firm, by_person: Mapping[str, Sequence[StaffCount]]) -> list[StaffCount]:
    """The staff counts of any of ``firm``'s people (``by_person`` as :func:`staff_counts` gives
    them), oldest first."""
    return sorted((count for person_id in firm.people for count in by_person.get(person_id, [])), key=StaffCount.order)


def start_and_end(counts: Sequence[StaffCount], first: date, last: date) -> tuple[StaffCount | None, StaffCount | None]:
    """The counts a firm's growth from ``first`` to ``last`` is measured from and to (``counts``
    oldest first): at the start the latest strictly before ``first``, else the earliest of the
    period; at the end the latest on or before ``last``."""
    end = _latest(counts, lambda day: day <= last)
    start = _latest(counts, lambda day: day < first) or next((c for c in counts if first <= c.day <= last), None)
    return start, end


def _latest(counts: Sequence[StaffCount], before: Callable[[date], bool]) -> StaffCount | None:
    return next((count for count in reversed(counts) if before(count.day)), None)
