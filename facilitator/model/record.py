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
    """

    id: str = dataclasses.field(default_factory=new_id)
    created_at: datetime | None = None
    updated_at: datetime | None = None
    revision: int = 0
    changed_by: str = ""
    deleted: bool = False

    def stamped(self, workspace_id: str, now: datetime | None = None) -> Self:
        """A copy of this record as saved now by ``workspace_id``: one revision further."""
        moment = now or utc_now()
        return dataclasses.replace(
            self,
            created_at=self.created_at or moment,
            updated_at=moment,
            revision=self.revision + 1,
            changed_by=workspace_id,
        )

    def tombstone(self) -> Self:
        """A copy of this record marked as removed."""
        return dataclasses.replace(self, deleted=True)
