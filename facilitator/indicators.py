"""The figures a funder asks of the network (the common indicators of the European Regional
Development Fund), over a period of days, for one group or several, each with the records behind it
so that an auditor can check it. The firms, their names and their staff counts:
:mod:`facilitator.indicator_firms`; locked periods and their corrections: :mod:`facilitator.indicator_locks`.

Rules:

- The period is ``first`` to ``last``, both included, by day; a meeting's day is its date in its
  group's time zone, and only *held* meetings count.
- Only members count (not facilitators, researchers or guests). A **firm** is the member's company
  name, compared without case or accents (Oy Järvi = OY JARVI), when he or she has one with a letter
  or digit in it ("-" is none), else the member him- or herself: a firm is counted once however many
  of its people take part, in one group or in several. Its name is the spelling most of its people
  use (of two as common, the first in alphabetical order). (:func:`~facilitator.indicator_firms.firm_key`,
  :func:`~facilitator.indicator_firms.firm_names`.)
- **Enterprises supported (RCO01)**: the firms with a member checked in present at a held meeting
  of the period. Of which *micro* (under 10 FTE), *small* (10 to under 50) and *medium* (50 to under
  250) by the firm's latest staff count dated on or before ``last``; a firm with no count is *size
  not known*; one of 250 or more is *large* (listed: it is not an SME).
- A **staff count** is an interview's staff or a completed outcome's staff after it (drafts and
  removed records do not count), of any of the firm's people; of two on one day the one entered
  last is the later (as :meth:`~facilitator.model.Interview.order_key` orders them: fixing a typo in
  an older one does not make it the latest), and of two entered at the same moment the one with the
  greater id, so that the choice is the same every time (:class:`~facilitator.indicator_firms.StaffCount`).
- **Enterprises receiving non-financial support (RCO04)**: the same firms, as the meetings are
  non-financial support.
- **Jobs created in supported enterprises (RCR01)**, in annual full-time equivalents: the sum over
  the supported firms of the growth of staff (never below zero) from the start to the end of the
  period. The staff at the start is the latest count dated strictly *before* ``first``, else the
  earliest count of the period; at the end, the latest count on or before ``last``
  (:func:`~facilitator.indicator_firms.start_and_end`). So consecutive periods tile: a count on
  1 January ends the old year's growth and starts the new year's. A firm where these are one and
  the same count (or that has none) adds nothing and is listed as not measurable.
- **SMEs introducing product or process innovation (RCR03)**: the supported firms that are SMEs
  (or of size not known) with a completed outcome "new product or service" dated in the period.
- Beside them: the **meetings held** in the period, the **attendances** (members checked in present
  at them) and the distinct **participants** (members present at least once).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from facilitator.i18n import _
from facilitator.indicator_codes import (
    ATTENDANCES,
    CODES,
    INNOVATION,
    JOBS,
    MEETINGS,
    NON_FINANCIAL,
    NOT_MEASURABLE,
    PARTICIPANTS,
    SIZE_CODES,
    SUPPORTED,
    Size,
    indicator_name,
    indicator_unit,
    size_of,
)
from facilitator.indicator_firms import (
    Firm,
    Held,
    firm_counts,
    firm_key,
    firm_names,
    staff_counts,
    start_and_end,
    supported_firms,
)
from facilitator.indicator_notes import NO_FACTS, DayText, RowFacts, row_note
from facilitator.local_time import local_day
from facilitator.model import Interview, Meeting, MeetingStatus, Outcome, OutcomeKind, Person, Presence, Role
from facilitator.network import GroupRecords
from facilitator.text import fold

#: The figures whose records are about people, not firms (their rows are named after the person).
_ABOUT_PEOPLE = (ATTENDANCES, PARTICIPANTS)


@dataclass(frozen=True)
class BasisRow:
    """One record behind a figure: the firm, person or meeting it is about (``who``), the ids of the
    records (``person:…``, ``meeting:…``, ``interview:…``, ``outcome:…``), what its note is made of
    (``facts``, and a participant's ``firm``) and the note said in the reader's language, its days
    as the CSV writes them (ISO); :meth:`note_in` says it with the days another way (paper's)."""

    who: str
    ids: tuple[str, ...]
    facts: RowFacts = NO_FACTS
    note: str = ""
    firm: str = ""

    def note_in(self, code: str, day_text: DayText) -> str:
        """The note of this row of figure ``code`` with its days written by ``day_text``."""
        return row_note(code, self.facts, self.firm, day_text=day_text)


@dataclass(frozen=True)
class Figure:
    code: str
    value: float
    basis: tuple[BasisRow, ...] = ()

    @property
    def name(self) -> str:
        return indicator_name(self.code)

    @property
    def unit(self) -> str:
        return indicator_unit(self.code)

    def basis_ids(self) -> set[str]:
        return {identity for row in self.basis for identity in row.ids}


@dataclass(frozen=True)
class Indicators:
    """The figures of a period, in :data:`CODES` order, and a fingerprint of each record behind them
    (by the ids the rows give): of the values the figures read of it, so that saving it again with
    those unchanged changes nothing (see :func:`fingerprint`)."""

    first: date
    last: date
    figures: tuple[Figure, ...]
    fingerprints: Mapping[str, str] = field(default_factory=dict)

    def figure(self, code: str) -> Figure:
        return next(found for found in self.figures if found.code == code)

    def values(self) -> dict[str, float]:
        return {found.code: found.value for found in self.figures}


def fingerprint(*values: object) -> str:
    """A short digest of ``values``: what a lock keeps of a record to tell later whether the values
    a figure reads of it changed (never the values themselves: no name is kept)."""
    text = json.dumps([str(value) for value in values], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _row(code: str, who: str, ids: tuple[str, ...], facts: RowFacts = NO_FACTS, firm: str = "") -> BasisRow:
    return BasisRow(who, ids, facts, row_note(code, facts, firm), firm)


def _meeting_label(group_name: str, meeting: Meeting, day: date) -> str:
    """A meeting as a basis row names it: its group, day and theme."""
    return " · ".join(part for part in (group_name, day.isoformat(), meeting.theme.strip()) if part)


def _members(groups: Sequence[GroupRecords]) -> dict[str, Person]:
    return {
        person.id: person
        for records in groups
        for person in records.people
        if person.role is Role.MEMBER and not person.deleted
    }


def _held(groups: Sequence[GroupRecords], members: Mapping[str, Person], first: date, last: date) -> list[Held]:
    """The meetings held from ``first`` to ``last``, by day (then id), with their members present."""
    found = []
    for records in groups:
        for meeting in records.meetings:
            if meeting.deleted or meeting.status is not MeetingStatus.HELD:
                continue
            day = local_day(meeting.starts_at, records.group.time_zone)
            if not first <= day <= last:
                continue
            kept = records.records.get(meeting.id)
            present = {
                entry.person_id
                for entry in (kept.attendance if kept else ())
                if not entry.deleted and entry.status is Presence.PRESENT and entry.person_id in members
            }
            found.append(Held(meeting, day, records.group.name, tuple(sorted(present))))
    return sorted(found, key=lambda held: (held.day, held.meeting.id))


def compute_indicators(groups: Sequence[GroupRecords], first: date, last: date) -> Indicators:
    """The figures of ``groups`` (summed as one network, with their interviews and outcomes) over
    ``first`` to ``last``."""
    members = _members(groups)
    names = firm_names(members.values())
    held = _held(groups, members, first, last)
    interviews = [interview for records in groups for interview in records.interviews]
    outcomes = [outcome for records in groups for outcome in records.outcomes]
    rows: dict[str, list[BasisRow]] = {code: [] for code in CODES}
    jobs = _firm_rows(rows, supported_firms(members, names, held), interviews, outcomes, first, last)
    _meeting_rows(rows, held)
    _participant_rows(rows, held, members, names)
    values: dict[str, float] = {code: float(len(rows[code])) for code in CODES}
    values[JOBS] = round(jobs, 2)
    values[ATTENDANCES] = float(sum(len(found.present) for found in held))
    figures = tuple(Figure(code, values[code], tuple(rows[code])) for code in CODES)
    behind = {identity for figure in figures for identity in figure.basis_ids()}
    prints = _fingerprints(groups, members, interviews, outcomes)
    return Indicators(first, last, figures, {identity: prints[identity] for identity in sorted(behind)})


def _fingerprints(
    groups: Sequence[GroupRecords],
    members: Mapping[str, Person],
    interviews: Iterable[Interview],
    outcomes: Iterable[Outcome],
) -> dict[str, str]:
    """Each record's :func:`fingerprint` of the values the figures read of it."""
    found = {f"person:{person.id}": fingerprint(person.role, person.deleted) for person in members.values()}
    found |= {
        f"meeting:{meeting.id}": fingerprint(
            meeting.status, meeting.deleted, local_day(meeting.starts_at, records.group.time_zone)
        )
        for records in groups
        for meeting in records.meetings
    }
    found |= {
        f"interview:{interview.id}": fingerprint(interview.person_id, interview.day, interview.staff, interview.deleted)
        for interview in interviews
    }
    found |= {
        f"outcome:{outcome.id}": fingerprint(
            outcome.person_id, outcome.day, outcome.kind, outcome.staff_after, outcome.draft, outcome.deleted
        )
        for outcome in outcomes
    }
    return found


def _firm_rows(
    rows: dict[str, list[BasisRow]],
    supported: Iterable[Firm],
    interviews: Iterable[Interview],
    outcomes: Iterable[Outcome],
    first: date,
    last: date,
) -> float:
    """The rows of the figures about firms (supported, sizes, jobs, innovation); returns the jobs."""
    by_person = staff_counts(interviews, outcomes)
    innovations: dict[str, list[Outcome]] = {}
    for outcome in outcomes:
        if (
            not outcome.deleted
            and not outcome.draft
            and outcome.kind is OutcomeKind.NEW_PRODUCT
            and first <= outcome.day <= last
        ):
            innovations.setdefault(outcome.person_id, []).append(outcome)
    jobs = 0.0
    for firm in supported:
        counts = firm_counts(firm, by_person)
        people = tuple(f"person:{person_id}" for person_id in sorted(firm.present))
        meetings = tuple(f"meeting:{found.meeting.id}" for found in firm.meetings)
        days = RowFacts(days=tuple(sorted({found.day for found in firm.meetings})))
        rows[SUPPORTED].append(_row(SUPPORTED, firm.name, people + meetings, days))
        rows[NON_FINANCIAL].append(_row(NON_FINANCIAL, firm.name, people + meetings, days))
        start, end = start_and_end(counts, first, last)
        size = size_of(end.staff if end else None)
        ended = RowFacts(staff=((end.day, end.staff),)) if end else RowFacts()
        rows[SIZE_CODES[size]].append(_row(SIZE_CODES[size], firm.name, people + ((end.record,) if end else ()), ended))
        if start is None or end is None or start.record == end.record:
            read = people + tuple(count.record for count in counts if count.day <= last)
            rows[NOT_MEASURABLE].append(_row(NOT_MEASURABLE, firm.name, read))
        else:
            jobs += max(0.0, end.staff - start.staff)
            growth = RowFacts(staff=((start.day, start.staff), (end.day, end.staff)))
            rows[JOBS].append(_row(JOBS, firm.name, (*people, start.record, end.record), growth))
        products = sorted(
            (outcome for person_id in firm.people for outcome in innovations.get(person_id, [])),
            key=Outcome.order_key,
        )
        if products and size is not Size.LARGE:
            made = RowFacts(
                days=tuple(outcome.day for outcome in products),
                kinds=tuple(outcome.kind.value for outcome in products),
            )
            ids = people + tuple(f"outcome:{outcome.id}" for outcome in products)
            rows[INNOVATION].append(_row(INNOVATION, firm.name, ids, made))
    return jobs


def _meeting_rows(rows: dict[str, list[BasisRow]], held: Iterable[Held]) -> None:
    for found in held:
        rows[MEETINGS].append(
            _row(
                MEETINGS,
                _meeting_label(found.group_name, found.meeting, found.day),
                (f"meeting:{found.meeting.id}",),
                RowFacts(present=len(found.present)),
            )
        )


def _participant_rows(
    rows: dict[str, list[BasisRow]], held: Iterable[Held], members: Mapping[str, Person], names: Mapping[str, str]
) -> None:
    """The rows of the attendances and of the participants, one per member present at least once."""
    attended: dict[str, list[Held]] = {}
    for found in held:  # by day already
        for person_id in found.present:
            attended.setdefault(person_id, []).append(found)
    for person_id, meetings in sorted(attended.items(), key=lambda pair: (fold(members[pair[0]].name), pair[0])):
        person = members[person_id]
        ids = (f"person:{person_id}", *(f"meeting:{found.meeting.id}" for found in meetings))
        rows[ATTENDANCES].append(_row(ATTENDANCES, person.name, ids, RowFacts(days=tuple(m.day for m in meetings))))
        rows[PARTICIPANTS].append(
            _row(PARTICIPANTS, person.name, (f"person:{person_id}",), firm=names[firm_key(person)])
        )


def basis_names(groups: Sequence[GroupRecords]) -> Callable[[str, tuple[str, ...]], str]:
    """Who a row of records is about, named as the records read today: ``name(code, ids)`` gives
    the firm, person or meeting of the ids, or "removed since" when none of them is on record now
    (a locked period keeps ids, not names)."""
    members = _members(groups)
    names = firm_names(members.values())
    meetings = {
        f"meeting:{meeting.id}": _meeting_label(
            records.group.name, meeting, local_day(meeting.starts_at, records.group.time_zone)
        )
        for records in groups
        for meeting in records.meetings
        if not meeting.deleted
    }

    def name(code: str, ids: tuple[str, ...]) -> str:
        people = [
            members[identity[7:]] for identity in ids if identity.startswith("person:") and identity[7:] in members
        ]
        if people:
            return people[0].name if code in _ABOUT_PEOPLE else names[firm_key(people[0])]
        meeting = next((meetings[identity] for identity in ids if identity in meetings), None)
        return meeting or _("removed since")

    return name
