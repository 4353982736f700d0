"""Sync metadata that every record carries, so records can travel between laptops (DESIGN §5)."""

from __future__ import annotations

import dataclasses
import functools
import os
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Self

from facilitator.i18n import _

#: Sets the clock for tests and benchmarks (never for real use): an ISO moment with its offset,
#: such as ``2026-12-02T23:30:00+00:00``, from which the clock of the whole process runs on.
CLOCK_VARIABLE = "FACILITATOR_NOW"


def new_id() -> str:
    """A fresh record id: a random UUID, unique across every laptop in the network."""
    return str(uuid.uuid4())


def utc_now() -> datetime:
    """The current moment as an aware UTC datetime (whole milliseconds, as stored): the one source of
    "now" for everything a user reads, and the default clock of the app and the repository.

    With :data:`CLOCK_VARIABLE` set, the clock starts at that moment and runs on in real time (a
    live meeting still ticks), so that a test or a benchmark can run whole processes at, say, half
    past one at night in Helsinki."""
    offset = _set_clock_offset()  # first: the first reading is then the moment set, not a moment before
    now = datetime.now(UTC) + offset
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


@functools.cache
def _set_clock_offset() -> timedelta:
    """How far :data:`CLOCK_VARIABLE` sets the clock from the system's, read once per process.
    A value that is not a moment with its offset stops the process with a message saying so."""
    text = os.environ.get(CLOCK_VARIABLE, "").strip()
    if not text:
        return timedelta(0)
    try:
        start = datetime.fromisoformat(text)
    except ValueError:
        start = None
    if start is None or start.utcoffset() is None:
        raise SystemExit(
            _(
                "{variable} is “{value}”: write a moment with its offset from UTC, such as "
                "2026-12-02T23:30:00+00:00, or leave it unset (it is for tests and benchmarks)."
            ).format(variable=CLOCK_VARIABLE, value=text)
        )
    return start - datetime.now(UTC)


@dataclass(kw_only=True)
class Record:
    """Identity and change history of a record.

    ``revision`` counts saves; ``changed_by`` is the id of the workspace that saved last;
    ``deleted`` marks a tombstone, kept so that a removal can travel like any other change.
    ``versions`` counts the saves made by each workspace (a version vector): a version whose
    counts are all at least another's was made knowing it and replaces it; two versions that
    each hold a save the other lacks were made apart, and meet as a conflict (see
    :mod:`exports.bundle.merge`).
    """

    id: str = dataclasses.field(default_factory=new_id)
    created_at: datetime | None = None
    updated_at: datetime | None = None
    revision: int = 0
    changed_by: str = ""
    deleted: bool = False
    versions: dict[str, int] = dataclasses.field(default_factory=dict)

    def stamped(self, workspace_id: str, now: datetime | None = None) -> Self:
        """A copy of this record as saved now by ``workspace_id``: one revision further."""
        moment = now or utc_now()
        return dataclasses.replace(
            self,
            created_at=self.created_at or moment,
            updated_at=moment,
            revision=self.revision + 1,
            changed_by=workspace_id,
            versions={**self.versions, workspace_id: self.versions.get(workspace_id, 0) + 1},
        )

    def tombstone(self) -> Self:
        """A copy of this record marked as removed."""
        return dataclasses.replace(self, deleted=True)
