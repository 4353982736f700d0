"""The periods whose indicators were reported and locked (see :mod:`facilitator.indicator_locks`):
kept in the network file's local table ``indicator_locks``, which no bundle carries (each workspace
reports for itself) and no import or erasure touches.

Only ids, what the notes are made of (days, staff counts, kinds of outcome), the records'
fingerprints and the figures are kept, no name and no word: an erasure leaves a lock as it was
reported, and it reads in the language of whoever reads it."""

from __future__ import annotations

from datetime import date
from typing import Any

from facilitator.dates import format_date
from facilitator.i18n import _
from facilitator.indicator_locks import Lock, LockedRow
from facilitator.indicator_notes import RowFacts
from storage.errors import StorageError
from storage.workspace import Workspace

LOCKS_TABLE = "indicator_locks"
NETWORK_SCOPE = ("network",)


class LockRefused(StorageError):
    """A period that cannot be locked: not over yet, or of no group."""


class PeriodLocked(LockRefused):
    """Locking a period that overlaps one locked already for the same groups."""


def scope_of(group_ids: list[str] | None) -> tuple[str, ...]:
    return NETWORK_SCOPE if group_ids is None else tuple(sorted(group_ids))


def _lock(document: dict[str, Any]) -> Lock | None:
    try:
        locked_at = str(document["locked_at"])
        return Lock(
            tuple(document["scope"]),
            date.fromisoformat(document["first"]),
            date.fromisoformat(document["last"]),
            locked_at,
            date.fromisoformat(document["locked_on"]),
            {str(code): float(value) for code, value in document["figures"].items()},
            _rows(document),
            {str(identity): str(digest) for identity, digest in document.get("fingerprints", {}).items()},
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def _rows(document: dict[str, Any]) -> dict[str, tuple[LockedRow, ...]]:
    return {
        str(code): tuple(LockedRow(tuple(map(str, row["ids"])), _facts(row)) for row in rows)
        for code, rows in document["rows"].items()
    }


def _facts(row: dict[str, Any]) -> RowFacts:
    present = row.get("present")
    return RowFacts(
        days=tuple(date.fromisoformat(day) for day in row.get("days", [])),
        staff=tuple((date.fromisoformat(day), float(staff)) for day, staff in row.get("staff", [])),
        kinds=tuple(map(str, row.get("kinds", []))),
        present=None if present is None else int(present),
    )


def _row_document(row: LockedRow) -> dict[str, Any]:
    """A row as stored: its ids and those of its facts it has."""
    facts = row.facts
    found: dict[str, Any] = {"ids": list(row.ids)}
    if facts.days:
        found["days"] = [day.isoformat() for day in facts.days]
    if facts.staff:
        found["staff"] = [[day.isoformat(), staff] for day, staff in facts.staff]
    if facts.kinds:
        found["kinds"] = list(facts.kinds)
    if facts.present is not None:
        found["present"] = facts.present
    return found


def locks(workspace: Workspace, scope: tuple[str, ...] | None = None) -> list[Lock]:
    """The locked periods (of ``scope`` only, when given), oldest period first."""
    found = [lock for document in workspace.network.table(LOCKS_TABLE).all() if (lock := _lock(dict(document)))]
    if scope is not None:
        found = [lock for lock in found if lock.scope == scope]
    return sorted(found, key=lambda lock: (lock.first, lock.last, lock.locked_at))


def overlapping(workspace: Workspace, scope: tuple[str, ...], first: date, last: date) -> Lock | None:
    return next((lock for lock in locks(workspace, scope) if lock.overlaps(first, last)), None)


def refusal(lock: Lock) -> str:
    return _(
        "{first} – {last} is locked already (since {locked_on}) and overlaps this period: a locked period "
        "stays as reported, and a later change shows as a correction in the next report."
    ).format(first=format_date(lock.first), last=format_date(lock.last), locked_on=format_date(lock.locked_on))


def save_lock(workspace: Workspace, lock: Lock) -> None:
    """Keep ``lock``; raises :class:`PeriodLocked` when a period of its scope overlapping it is locked."""
    with workspace.writing:
        if found := overlapping(workspace, lock.scope, lock.first, lock.last):
            raise PeriodLocked(refusal(found))
        workspace.network.table(LOCKS_TABLE).insert(
            {
                "scope": list(lock.scope),
                "first": lock.first.isoformat(),
                "last": lock.last.isoformat(),
                "locked_at": lock.locked_at,
                "locked_on": lock.locked_on.isoformat(),
                "figures": dict(lock.values),
                "rows": {code: [_row_document(row) for row in rows] for code, rows in lock.rows.items()},
                "fingerprints": dict(lock.fingerprints),
            }
        )
