"""What a workspace keeps about syncing for itself only: group keys, bundles made, bundles imported,
records left out of bundles.

None of this travels in a bundle. The keys are secrets shared by a group's facilitators and the
coordinator; the list of bundles made tells an incremental bundle where to start; the list of
bundles imported makes a second import of the same file change nothing; the records the last bundle
left out (the coordinator's import would refuse them, see :mod:`exports.bundle.leaving_out`) are
considered again by the next one, so that a record fixed since is carried then (schema 4).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from tinydb.table import Table

from storage.workspace import Workspace

#: The table, in the network file and in each meeting's file, of the other sides of conflicts
#: (they travel; the tables below do not).
CONFLICTS_TABLE = "conflicts"
KEYS_TABLE = "group_keys"
MADE_TABLE = "bundles_made"
IMPORTED_TABLE = "bundles_imported"
#: The records the last bundle of each group and audience left out: ``group_id``, ``audience``,
#: ``kind``, ``id`` (schema 4; a workspace without the table has left nothing out).
LEFT_OUT_TABLE = "bundles_left_out"


@dataclass(frozen=True)
class GroupKey:
    """One generation of the secret that seals a group's bundles, as the coordinator issued it.

    A group's key is replaced (``facilitator key rotate``) by the next generation; the ones before
    are kept, to open the bundles made with them, and marked ``retired_from``: bundles they sealed
    and made from that moment on are refused (a lost laptop, a facilitator who left).
    """

    group_id: str
    group_name: str
    secret: str = field(repr=False)  # hex; never in a log or a traceback's locals
    issued_at: str
    issued_by: str
    generation: int = 1
    retired_from: str = ""  # ISO time with offset; "" while the key is in use

    @property
    def secret_bytes(self) -> bytes:
        return bytes.fromhex(self.secret)

    @property
    def retired_moment(self) -> datetime | None:
        """From when bundles sealed with this key are refused, if it is retired."""
        return datetime.fromisoformat(self.retired_from) if self.retired_from else None


class SyncLedger:
    """The sync bookkeeping of one open workspace, kept in its network file."""

    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace

    def _table(self, name: str) -> Table:
        return self._workspace.network.table(name)

    # -- keys -----------------------------------------------------------------------------------

    def key_ring(self) -> dict[str, list[GroupKey]]:
        """Every generation of every group's key held here, oldest first (group id: generations)."""
        found: dict[str, list[GroupKey]] = {}
        for document in self._table(KEYS_TABLE).all():
            try:
                key = _key_from(document)
            except (KeyError, ValueError, TypeError):
                continue  # a damaged key is as good as none: bundles then say the key is missing
            found.setdefault(key.group_id, []).append(key)
        return {group_id: sorted(keys, key=lambda key: key.generation) for group_id, keys in found.items()}

    def keys(self) -> dict[str, GroupKey]:
        """The key each group's bundles are sealed with now: its newest generation held here."""
        return {group_id: generations[-1] for group_id, generations in self.key_ring().items()}

    def key(self, group_id: str) -> GroupKey | None:
        return self.keys().get(group_id)

    def save_key(self, key: GroupKey) -> None:
        """Store one generation of a group's key, over the one of the same generation if any."""
        self.save_keys([key])

    def save_keys(self, keys: list[GroupKey]) -> None:
        """Store generations of groups' keys, each over the one of the same group and generation if
        any, in one write of the network file: a rotation's retirements and its new generation, or
        what a key file brings, are all stored or none is."""
        if not keys:
            return
        wanted = {(key.group_id, key.generation): asdict(key) for key in keys}

        def store(documents: dict[int, Mapping[str, Any]]) -> None:
            stored = set()
            for doc_id, document in list(documents.items()):
                found = (document.get("group_id"), _generation(document.get("generation")))
                if found in wanted:
                    documents[doc_id] = dict(wanted[found])
                    stored.add(found)
            for found, document in wanted.items():
                if found not in stored:
                    documents[table._get_next_id()] = document  # type: ignore[no-untyped-call]  # TinyDB's own, unannotated

        with self._workspace.writing:
            table = self._table(KEYS_TABLE)
            # TinyDB writes updates and inserts separately; its one read-change-write step is the
            # way it takes itself in insert_multiple, new ids included.
            table._update_table(store)

    # -- bundles made ---------------------------------------------------------------------------

    def last_made(self, group_id: str, audience: str) -> str | None:
        """When the last bundle for ``audience`` with ``group_id`` in it was made (ISO UTC), if any.

        A bundle sealed with a key retired before it was made counts as never made: every workspace
        refuses it, so the next bundle, sealed with the new key, carries its changes again."""
        retired = {key.generation: key.retired_moment for key in self.key_ring().get(group_id, [])}
        times = []
        for document in self._table(MADE_TABLE).all():
            if document.get("audience") != audience or group_id not in document.get("groups", []):
                continue
            made = str(document.get("created_at"))
            # Bundles noted before key generations (schema 2) were sealed with the first.
            retired_from = retired.get(_generation((document.get("generations") or {}).get(group_id)))
            if retired_from is None or datetime.fromisoformat(made) < retired_from:
                times.append(made)
        return max(times, default=None)

    def record_made(
        self,
        bundle_id: str,
        group_ids: list[str],
        audience: str,
        created_at: datetime,
        path: str,
        people: Mapping[str, str] | None = None,
        generations: Mapping[str, int] | None = None,
    ) -> None:
        """Note a bundle written; ``people``: the ids of the people its records are about, each with
        the form it carried them in (see :mod:`exports.bundle.carried`), for their data report;
        ``generations``: the generation of each group's key that sealed it."""
        made = {
            "bundle_id": bundle_id,
            "groups": group_ids,
            "audience": audience,
            "created_at": created_at.isoformat(timespec="milliseconds"),
            "file": path,
            "people": dict(people or {}),
            "generations": dict(generations or {}),
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

    # -- records left out of bundles ------------------------------------------------------------

    def left_out(self, group_id: str, audience: str) -> set[tuple[str, str]]:
        """The (kind, id) of the records the last bundle of ``group_id`` for ``audience`` left out."""
        return {
            (str(document.get("kind")), str(document.get("id")))
            for document in self._table(LEFT_OUT_TABLE).all()
            if document.get("group_id") == group_id and document.get("audience") == audience
        }

    def note_left_out(self, audience: str, left: Mapping[str, set[tuple[str, str]]]) -> None:
        """Note what a bundle for ``audience`` of the groups in ``left`` (group id: the (kind, id) it
        left out of that group) left out, in place of what their last bundle for ``audience`` left
        out, in one write of the network file: the notes of a bundle are all replaced or none is."""
        noted = [
            {"group_id": group_id, "audience": audience, "kind": kind, "id": record_id}
            for group_id, keys in left.items()
            for kind, record_id in sorted(keys)
        ]

        def replace(documents: dict[int, Mapping[str, Any]]) -> None:
            for doc_id, document in list(documents.items()):
                if document.get("audience") == audience and document.get("group_id") in left:
                    del documents[doc_id]
            for document in noted:
                documents[table._get_next_id()] = document  # type: ignore[no-untyped-call]  # TinyDB's own, unannotated

        with self._workspace.writing:
            table = self._table(LEFT_OUT_TABLE)
            table._update_table(replace)  # one read-change-write, as in save_keys


def _generation(value: object) -> int:
    """A stored generation; a key stored before generations (schema 2) is the first."""
    return value if isinstance(value, int) and not isinstance(value, bool) else 1


def _key_from(document: Mapping[str, Any]) -> GroupKey:
    texts = {field: str(document[field]) for field in ("group_id", "group_name", "secret", "issued_at", "issued_by")}
    key = GroupKey(
        **texts,
        generation=_generation(document.get("generation", 1)),
        retired_from=str(document.get("retired_from") or ""),
    )
    bytes.fromhex(key.secret)  # a damaged secret raises ValueError
    if key.retired_from:
        datetime.fromisoformat(key.retired_from)  # and so does a damaged time
    return key
