"""Sync metadata that every record carries, so records can travel between laptops (DESIGN §5)."""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Self


def new_id() -> str:
    """A fresh record id: a random UUID, unique across every laptop in the network."""
    return str(uuid.uuid4())


def utc_now() -> datetime:
    """The current moment as an aware UTC datetime (whole milliseconds, as stored)."""
    now = datetime.now(timezone.utc)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


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
