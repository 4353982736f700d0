"""What a workspace keeps about syncing for itself only: group keys, bundles made, bundles imported.

None of this travels in a bundle. The keys are secrets shared by a group's facilitators and the
coordinator; the list of bundles made tells an incremental bundle where to start; the list of
bundles imported makes a second import of the same file change nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from tinydb import where
from tinydb.table import Table

from storage.workspace import Workspace

#: The table, in the network file and in each meeting's file, of the other sides of conflicts
#: (they travel; the tables below do not).
CONFLICTS_TABLE = "conflicts"
KEYS_TABLE = "group_keys"
MADE_TABLE = "bundles_made"
IMPORTED_TABLE = "bundles_imported"


@dataclass(frozen=True)
class GroupKey:
    """The secret that signs a group's bundles, as the coordinator issued it."""

    group_id: str
    group_name: str
    secret: str  # hex
    issued_at: str
    issued_by: str

    @property
    def secret_bytes(self) -> bytes:
        return bytes.fromhex(self.secret)


class SyncLedger:
    """The sync bookkeeping of one open workspace, kept in its network file."""

    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace

    def _table(self, name: str) -> Table:
        return self._workspace.network.table(name)

    # -- keys -----------------------------------------------------------------------------------

    def keys(self) -> dict[str, GroupKey]:
        found = {}
        for document in self._table(KEYS_TABLE).all():
            try:
                key = GroupKey(**{field: str(document[field]) for field in GroupKey.__dataclass_fields__})
                bytes.fromhex(key.secret)  # a damaged secret raises ValueError
            except (KeyError, ValueError):
                continue  # a damaged key is as good as none: bundles then say the key is missing
            found[key.group_id] = key
        return found

    def key(self, group_id: str) -> GroupKey | None:
        return self.keys().get(group_id)

    def save_key(self, key: GroupKey) -> None:
        with self._workspace.writing:
            self._table(KEYS_TABLE).upsert(asdict(key), where("group_id") == key.group_id)

    # -- bundles made ---------------------------------------------------------------------------

    def last_made(self, group_id: str, audience: str) -> str | None:
        """When the last bundle for ``audience`` with ``group_id`` in it was made (ISO UTC), if any."""
        times = [
            str(document.get("created_at"))
            for document in self._table(MADE_TABLE).all()
            if document.get("audience") == audience and group_id in document.get("groups", [])
        ]
        return max(times, default=None)

    def record_made(
        self,
        bundle_id: str,
        group_ids: list[str],
        audience: str,
        created_at: datetime,
        path: str,
        people: Mapping[str, str] | None = None,
    ) -> None:
        """Note a bundle written; ``people``: the ids of the people its records are about, each with
        the form it carried them in (see :mod:`exports.bundle.carried`), for their data report."""
        made = {
            "bundle_id": bundle_id,
            "groups": group_ids,
            "audience": audience,
            "created_at": created_at.isoformat(timespec="milliseconds"),
            "file": path,
            "people": dict(people or {}),
        }
        with self._workspace.writing:
            self._table(MADE_TABLE).insert(made)

    def made(self, group_id: str) -> list[dict[str, Any]]:
        """Every bundle written here with ``group_id`` in it, oldest first: ``created_at`` (ISO UTC),
        ``audience``, ``file``, and ``people`` (id: form) or, for a bundle written before whom it
        carried was recorded (schema 1), no ``people``."""
        found = [document for document in self._table(MADE_TABLE).all() if group_id in document.get("groups", [])]
        return sorted(found, key=lambda document: str(document.get("created_at")))

    # -- bundles imported -----------------------------------------------------------------------

    def imported(self, bundle_id: str) -> dict[str, Any] | None:
        """The record of an earlier import of this bundle, if there was one."""
        return next(
            (document for document in self._table(IMPORTED_TABLE).all() if document.get("bundle_id") == bundle_id), None
        )
