"""Locked periods of the indicators report (see :mod:`facilitator.indicators`): what an auditor
needs of a period once its figures went to the funder, and the corrections that later changes make.

A lock keeps each figure's value and its rows of records as reported: the ids and what the notes
are made of (days, staff counts, kinds of outcome: :class:`~facilitator.indicator_notes.RowFacts`),
never a name nor a word, and a fingerprint of each record behind them. A report of exactly that
period shows the stored rows in the reader's language, named as the records read today ("removed
since" where they are gone). A later report lists a **correction** for each locked figure whose
value or rows read otherwise now, naming the records added, removed or changed. A record is
changed when a value the figures read of it is (a day, a staff count, a kind, a person, draft or
removed): saving it again with those unchanged, or editing a description, a phone number or a
theme, changes no figure and makes no correction.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from facilitator.dates import format_date
from facilitator.i18n import _
from facilitator.indicator_codes import PARTICIPANTS, SUPPORTED
from facilitator.indicator_notes import NO_FACTS, RowFacts, row_note
from facilitator.indicators import BasisRow, Figure, Indicators


@dataclass(frozen=True)
class LockedRow:
    """One row of records behind a locked figure, as reported: its ids and what its note said."""

    ids: tuple[str, ...]
    facts: RowFacts = NO_FACTS


@dataclass(frozen=True)
class Lock:
    """A period whose figures were reported and locked on ``locked_on`` (the workspace's day;
    ``locked_at`` the moment, UTC): ``scope`` is the sorted group ids, or ``("network",)`` for the
    whole network of a coordinator's workspace."""

    scope: tuple[str, ...]
    first: date
    last: date
    locked_at: str
    locked_on: date
    values: Mapping[str, float]
    rows: Mapping[str, tuple[LockedRow, ...]]
    fingerprints: Mapping[str, str]

    def overlaps(self, first: date, last: date) -> bool:
        return self.first <= last and first <= self.last

    def ids(self, code: str) -> set[str]:
        return {identity for row in self.rows.get(code, ()) for identity in row.ids}


@dataclass(frozen=True)
class Correction:
    """A locked figure that reads otherwise now: the ids of the records behind it that are new
    (``added``), gone (``removed``) or whose values read by the figures changed (``changed``)."""

    lock: Lock
    code: str
    reported: float
    now: float
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[str, ...]

    @property
    def difference(self) -> float:
        return round(self.now - self.reported, 2)


def lock_problem(last: date, today: date, groups: int) -> str | None:
    """Why a period ending ``last`` cannot be locked ``today`` with ``groups`` groups, or None."""
    if last >= today:
        return _("A period can be locked once it is over: its last day, {last}, is not yet past.").format(
            last=format_date(last)
        )
    if groups == 0:
        return _("There are no groups to report on, so there is nothing to lock.")
    return None


def lock_of(indicators: Indicators, scope: tuple[str, ...], locked_at: str, locked_on: date) -> Lock:
    return Lock(
        scope,
        indicators.first,
        indicators.last,
        locked_at,
        locked_on,
        indicators.values(),
        {figure.code: tuple(LockedRow(row.ids, row.facts) for row in figure.basis) for figure in indicators.figures},
        dict(indicators.fingerprints),
    )


def locked_text(lock: Lock) -> str:
    return _("Locked on {day}: the figures are as reported then.").format(day=format_date(lock.locked_on))


def corrections(lock: Lock, now: Indicators) -> list[Correction]:
    """The figures of ``lock`` that read otherwise when computed ``now`` over its period."""
    found = []
    for figure in now.figures:
        reported = lock.values.get(figure.code)
        if reported is None:
            continue
        before, after = lock.ids(figure.code), figure.basis_ids()
        changed = sorted(
            identity
            for identity in before & after
            if identity in lock.fingerprints and lock.fingerprints[identity] != now.fingerprints.get(identity)
        )
        same_rows = {row.ids for row in lock.rows.get(figure.code, ())} == {row.ids for row in figure.basis}
        if round(reported, 2) == round(figure.value, 2) and same_rows and not changed:
            continue
        found.append(
            Correction(
                lock,
                figure.code,
                reported,
                figure.value,
                tuple(sorted(after - before)),
                tuple(sorted(before - after)),
                tuple(changed),
            )
        )
    return found


def as_locked(indicators: Indicators, lock: Lock, name: Callable[[str, tuple[str, ...]], str]) -> Indicators:
    """``indicators`` of the period of ``lock`` as they were reported: its values and rows, each
    row named by ``name(code, ids)`` (see :func:`facilitator.indicators.basis_names`) and its note
    said in the reader's language."""
    figures = []
    for figure in indicators.figures:
        reported = lock.values.get(figure.code, figure.value)
        rows = lock.rows.get(figure.code)
        basis = figure.basis if rows is None else tuple(_shown(figure.code, row, name) for row in rows)
        figures.append(Figure(figure.code, reported, basis))
    return Indicators(indicators.first, indicators.last, tuple(figures), dict(lock.fingerprints))


def _shown(code: str, row: LockedRow, name: Callable[[str, tuple[str, ...]], str]) -> BasisRow:
    firm = name(SUPPORTED, row.ids) if code == PARTICIPANTS else ""
    return BasisRow(name(code, row.ids), row.ids, row.facts, row_note(code, row.facts, firm), firm)
