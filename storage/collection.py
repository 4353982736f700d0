"""One table of records, mirrored in memory, and how a save becomes the next version of a record.

Every save stamps the record's sync metadata here: one revision further, the saving workspace's
count raised in the version vector, an update time never before the version it replaces, and,
over a record in conflict, a branch key so that the save does not settle the conflict unseen.
"""

from __future__ import annotations

import dataclasses
import functools
import secrets
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Concatenate, Generic, ParamSpec, Protocol, TypeVar

from tinydb import where
from tinydb.table import Table

from facilitator.i18n import _
from facilitator.model import Record
from facilitator.placing import Unplaceable, set_aside_notice, unplaceable
from storage.backups import newest_backup
from storage.codec import from_document, to_document
from storage.errors import DamagedFile, NotFound
from storage.sync_ledger import CONFLICTS_TABLE
from storage.workspace import Workspace

RecordT = TypeVar("RecordT", bound=Record)


class Collection(Generic[RecordT]):
    """One TinyDB table of records of one type, mirrored in memory by record id.

    The records are read on first use (or by :meth:`load`), so that opening a workspace with
    years of meetings does not wait for records the first screen does not show.
    """

    def __init__(self, workspace: Workspace, table: Table, cls: type[RecordT], path: Path | None = None) -> None:
        self._workspace = workspace
        self._table = table
        self._cls = cls
        self._path = path or workspace.network_path
        self._loaded: tuple[dict[str, RecordT], dict[str, int]] | None = None
        #: Records whose times cannot be placed on a calendar (see :mod:`facilitator.placing`), by
        #: id: kept on disk, left out of :meth:`all` and :meth:`get`, named by the outputs instead.
        self.set_aside: dict[str, Unplaceable] = {}
        #: The records themselves, for what must reach every record whatever its times (a person's report).
        self.held_aside: dict[str, RecordT] = {}

    def load(self) -> None:
        """Read and check every record of the table (once); :class:`DamagedFile` names the file.

        Under the write lock, as every write: a worker reading while a screen saves sees the table
        before the save or after it, whole.
        """
        self._mirror()

    def _mirror(self) -> tuple[dict[str, RecordT], dict[str, int]]:
        """The records by id and their documents' ids in the table, read on first use (see :meth:`load`)."""
        with self._workspace.writing:
            if self._loaded is None:
                records: dict[str, RecordT] = {}
                doc_ids: dict[str, int] = {}
                for document in self._table.all():
                    record = self._decode(document)
                    doc_ids[record.id] = document.doc_id
                    self._keep(record, records)
                self._loaded = (records, doc_ids)
            return self._loaded

    def search(self, stored: Callable[[Mapping[str, Any]], bool]) -> list[RecordT]:
        """The records (removed ones left out) whose stored document passes ``stored``; only those
        are read and checked, and nothing is kept: a look over years of records before the first
        frame need not wait for every one of them (a look at twenty years of meetings takes about
        a millisecond, reading them all some fifty)."""
        # TinyDB's QueryLike names the document ``value``; TinyDB passes it by position, as any function takes it.
        found = [self._decode(document) for document in self._table.search(stored)]  # type: ignore[arg-type]
        return [record for record in found if not record.deleted and unplaceable(record) is None]

    def _decode(self, document: dict[str, Any]) -> RecordT:
        return decode(self._cls, document, self._path, self._workspace)

    @property
    def _records(self) -> dict[str, RecordT]:
        return self._loaded[0] if self._loaded is not None else self._mirror()[0]

    @property
    def _doc_ids(self) -> dict[str, int]:
        return self._loaded[1] if self._loaded is not None else self._mirror()[1]

    def get(self, record_id: str) -> RecordT:
        record = self._records.get(record_id)
        if record is None and record_id in self.set_aside:
            raise NotFound(set_aside_notice([self.set_aside[record_id]]))
        if record is None or record.deleted:
            raise NotFound(_("No such record: {id}.").format(id=record_id))
        return record

    def all(self) -> list[RecordT]:
        """The records not removed, as they are now (a save on another thread meanwhile changes
        the table, not this list)."""
        return [record for record in list(self._records.values()) if not record.deleted]

    def next_version(self, record: RecordT, workspace_id: str, now: datetime) -> RecordT:
        """``record`` stamped as the next revision of what is stored, whatever copy it came from.

        A form opened before the record was removed cannot bring it back: that is refused.
        """
        # A record set aside (a time of it cannot be placed) is still the stored version: a save over
        # it continues its history, never starts one anew that other laptops would then drop.
        stored = self._records.get(record.id) or self.held_aside.get(record.id)
        if stored is None:
            return dataclasses.replace(record, revision=0, versions={}, created_at=None).stamped(workspace_id, now)
        if stored.deleted and not record.deleted:
            raise NotFound(_("This record was removed in the meantime; it was not saved."))
        based = dataclasses.replace(
            record, revision=stored.revision, versions=stored.versions, created_at=stored.created_at
        )
        saved = based.stamped(workspace_id, after_stored(stored, now))
        sides = self._open_sides(stored)
        if any(_has_seen(saved.versions, side) for side in sides):
            saved = dataclasses.replace(saved, versions=_branch_versions(stored.versions, workspace_id, sides))
        return saved

    def _open_sides(self, stored: RecordT) -> list[dict[str, int]]:
        """The version vectors of the other sides of a conflict over ``stored`` not yet settled
        (kept by an import in the ``conflicts`` table of the same file)."""
        conflicts = (self._table.storage.read() or {}).get(CONFLICTS_TABLE)
        if not conflicts:
            return []
        vectors = [
            side["record"].get("versions") or {}
            for side in conflicts.values()
            if side.get("type") == self._table.name and side.get("record", {}).get("id") == stored.id
        ]
        return [vector for vector in vectors if not _has_seen(stored.versions, vector)]

    def put(self, records: list[RecordT]) -> None:
        """Write ``records``; memory follows only once the disk has them.

        New records go in one atomic write whatever their number, and so do changed ones.
        """
        with self._workspace.writing:
            new = [record for record in records if record.id not in self._doc_ids]
            known = [record for record in records if record.id in self._doc_ids]
            if len(known) == 1:
                self._table.update(to_document(known[0]), doc_ids=[self._doc_ids[known[0].id]])
            elif known:
                self._table.update_multiple([(to_document(record), where("id") == record.id) for record in known])
            if new:
                doc_ids = self._table.insert_multiple(to_document(record) for record in new)
                self._doc_ids.update(zip((record.id for record in new), doc_ids, strict=True))
            kept = self._records
            for record in records:
                self._keep(record, kept)

    def _keep(self, record: RecordT, records: dict[str, RecordT]) -> None:
        """Put ``record`` in ``records`` (the mirror), or set it aside instead when a time of it
        cannot be placed (see :mod:`facilitator.placing`); what it replaces goes in either case."""
        self.set_aside.pop(record.id, None)
        self.held_aside.pop(record.id, None)
        if not record.deleted and (found := unplaceable(record)) is not None:
            self.set_aside[record.id] = found
            self.held_aside[record.id] = record
            records.pop(record.id, None)
        else:
            records[record.id] = record


class _OnWorkspace(Protocol):
    workspace: Workspace


_Saver = TypeVar("_Saver", bound=_OnWorkspace)
_Arguments = ParamSpec("_Arguments")
_Result = TypeVar("_Result")


def saves(
    method: Callable[Concatenate[_Saver, _Arguments], _Result],
) -> Callable[Concatenate[_Saver, _Arguments], _Result]:
    """A save from start to end under the workspace's write lock: the record is stamped, written
    and remembered with no other write between, through the tables current when it begins (never
    those an import has just replaced), and its stamped time is never older than a bundle that
    missed it (see :func:`exports.bundle.writer.make_bundle`)."""

    @functools.wraps(method)
    def locked(self: _Saver, /, *args: _Arguments.args, **kwargs: _Arguments.kwargs) -> _Result:
        with self.workspace.writing:
            return method(self, *args, **kwargs)

    return locked


def decode(cls: type[RecordT], document: dict[str, Any], path: Path, workspace: Workspace) -> RecordT:
    """The ``cls`` record stored as ``document`` in the file at ``path``; a document that holds
    none is :class:`DamagedFile`, naming the file and the workspace's newest backup."""
    try:
        return from_document(cls, document)
    except ValueError as error:
        raise DamagedFile(path, str(error), newest_backup(workspace.folder)) from error


def _has_seen(newer: dict[str, int], older: dict[str, int]) -> bool:
    return all(newer.get(key, 0) >= count for key, count in older.items())


def _branch_versions(versions: dict[str, int], workspace_id: str, sides: list[dict[str, int]]) -> dict[str, int]:
    """The vector of a save over a record in conflict that must not settle it.

    Counting the save under the workspace's id would claim it had seen a side saved here
    earlier (a vector counts saves, not which ones), and every other workspace would then drop
    that side unseen. So such a save counts under a key of its own, ``<workspace id>:<branch>``,
    kept for later saves on the same line; settling the conflict joins them all.
    """
    branches = [key for key in versions if key.startswith(workspace_id + ":")]
    for key in [*branches, f"{workspace_id}:{secrets.token_hex(4)}"]:
        candidate = {**versions, key: versions.get(key, 0) + 1}
        if not any(_has_seen(candidate, side) for side in sides):
            return candidate
    raise AssertionError("a fresh branch key has seen nothing")  # unreachable: no side holds it


def after_stored(stored: Record, now: datetime) -> datetime:
    """``now``, or just after the stored version when this laptop's clock is behind the one that
    saved it: a version is never older than the one it replaces. So the version saved here is also
    later than every other side of a conflict (none is later than the current one), and every
    workspace shows it as current (see :mod:`exports.bundle.merge`)."""
    if stored.updated_at is None or now > stored.updated_at:
        return now
    if stored.updated_at >= _LAST_STAMP:  # an earlier import let in the last moment a date holds
        return stored.updated_at
    return stored.updated_at + timedelta(milliseconds=1)


#: The latest moment a save can be stamped one millisecond after (see :func:`after_stored`).
_LAST_STAMP = datetime.max.replace(tzinfo=UTC) - timedelta(milliseconds=1)
