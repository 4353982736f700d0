"""Changing the records of whole stored files, as documents: every table of a network file or a
meeting's file is read as stored, each record decoded, changed by a :class:`RecordChange` and, where
it changed, written back — stamped as a new version saved here, or kept with its version and marked
received (a laptop cleaning what arrived). The other sides of conflicts are changed in place too.

An erasure (:mod:`storage.erasure`), the cleaning of what an import brings after one, and a consent
withdrawn on the coordinator's workspace (:mod:`exports.bundle.withdrawn`) all change records so,
in the workspace and in every backup.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Protocol, TypeVar

from facilitator.model import (
    Absence,
    AgendaItem,
    Attendance,
    Coding,
    FeedbackResponse,
    Group,
    Interview,
    Meeting,
    MemoEntry,
    Outcome,
    Person,
    Record,
)
from storage.atomic import check_tinydb_shape, json_bytes, read_json, write_atomic
from storage.backups import list_backups, workspace_files
from storage.codec import from_document, to_document
from storage.errors import DamagedFile
from storage.sync_ledger import CONFLICTS_TABLE
from storage.workspace import Workspace

Document = dict[str, Any]
Tables = dict[str, dict[str, Document]]

#: The record class of each table, in the network file and in meetings' files.
RECORD_CLASSES: dict[str, type[Record]] = {
    "groups": Group,
    "people": Person,
    "meetings": Meeting,
    "absences": Absence,
    "interviews": Interview,
    "outcomes": Outcome,
    "agenda": AgendaItem,
    "attendance": Attendance,
    "memo": MemoEntry,
    "feedback": FeedbackResponse,
    "codings": Coding,
}
#: Kept beside a record by the workspace that received it (see :mod:`exports.bundle.format`).
RECEIVED_AT = "received_at"


class Counter(Protocol):
    """What counts the records a change makes (an erasure's confirmation does)."""

    def add(self, name: str, before: Document, erased_ids: frozenset[str]) -> None: ...


Stamp = Callable[[Record], Record]
RecordT = TypeVar("RecordT", bound=Record)


class RecordChange(Protocol):
    """What :func:`clean_tables` applies: a change of records concerning the people ``ids``, giving
    back the very record it does not change."""

    @property
    def ids(self) -> frozenset[str]: ...

    def __call__(self, record: RecordT, /) -> RecordT: ...


def clean_tables(
    tables: Tables,
    erasure: RecordChange,
    *,
    stamp: Stamp | None = None,
    received_at: str | None = None,
    only: Callable[[Document], bool] | None = None,
    counts: Counter | None = None,
) -> Tables | None:
    """``tables`` (a TinyDB file's) with ``erasure`` applied, or None when nothing changes.

    Tables are copied where they change; the documents given are never changed in place. A
    current version that changes is given to ``stamp`` (a save made here) when given, else kept
    with its version and marked received at ``received_at`` (so that the next bundle carries the
    cleaned copy on). Sides of conflicts are always cleaned in place. ``only`` limits the work to
    the documents it accepts (those an import has just merged).
    """
    result: Tables | None = None

    def changed_table(name: str) -> dict[str, Document]:
        nonlocal result
        if result is None:
            result = dict(tables)
        if result[name] is tables[name]:
            result[name] = dict(tables[name])
        return result[name]

    for name, table in tables.items():
        cls = RECORD_CLASSES.get(name)
        if cls is None and name != CONFLICTS_TABLE:
            continue
        for number, document in table.items():
            if only is not None and not only(document if cls else document.get("record", {})):
                continue
            if cls is None:  # a side of a conflict: {"type": ..., "record": ...}
                side_class = RECORD_CLASSES.get(str(document.get("type")))
                record = document.get("record")
                if side_class is None or not isinstance(record, dict):
                    continue
                cleaned = _cleaned(side_class, record, erasure, None, received_at)
                if cleaned is not None:
                    changed_table(name)[number] = {**document, "record": cleaned}
                continue
            cleaned = _cleaned(cls, document, erasure, stamp, received_at)
            if cleaned is not None:
                changed_table(name)[number] = cleaned
                if counts is not None:
                    counts.add(name, document, erasure.ids)
    return result


def _cleaned(
    cls: type[Record], document: Document, erasure: RecordChange, stamp: Stamp | None, received_at: str | None
) -> Document | None:
    record = from_document(cls, document)
    erased = erasure(record)
    if erased is record:
        return None
    if stamp is not None:
        return to_document(stamp(erased))
    cleaned = to_document(erased)
    if received_at is not None:
        cleaned[RECEIVED_AT] = received_at
    elif RECEIVED_AT in document:
        cleaned[RECEIVED_AT] = document[RECEIVED_AT]
    return cleaned


def meeting_ids(folder: Path) -> Iterator[str]:
    """The ids of the meetings whose files the workspace in ``folder`` holds."""
    for relative in workspace_files(folder):
        if relative.startswith("meetings/"):
            yield relative.removeprefix("meetings/").removesuffix(".json")


def read_meeting_tables(workspace: Workspace, meeting_id: str) -> Tables:
    """A meeting file's tables as stored (the open file's, which is what is on disk)."""
    open_file = workspace.open_meeting_file(meeting_id)
    if open_file is not None:
        return dict(open_file.storage.read() or {})
    return _read_tables(workspace.meeting_path(meeting_id))


def _read_tables(path: Path) -> Tables:
    data = read_json(path)
    check_tinydb_shape(path, data)
    tables: Tables = data
    return tables


def backups_holding(folder: Path, person_id: str) -> list[Path]:
    """The backups whose network file holds the person's record (by its id): those an erasure rewrites."""
    needle = person_id.encode()
    return [backup for backup in list_backups(folder) if needle in _bytes(backup / "network.json")]


def _bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def rewrite_backups(folder: Path, erasure: RecordChange) -> tuple[list[Path], list[Path]]:
    """Clean every backup of the workspace in ``folder`` (in place, file by file, each atomically):
    the backups rewritten, and those removed because a file of theirs could not be read (it may hold
    the person, and a damaged copy restores nothing). A file of a backup is replaced, never changed
    where it is: one linked from a later backup (see :mod:`storage.backups`) is cleaned there on its
    own. Raises :class:`~storage.errors.WriteFailed` when a cleaned file cannot be written."""
    rewritten, removed = [], []
    for backup in list_backups(folder):
        changed = False
        for relative in workspace_files(backup):
            if relative == "workspace.json":
                continue
            path = backup / relative
            try:
                tables = _read_tables(path)
            except DamagedFile:
                shutil.rmtree(backup)
                removed.append(backup)
                break
            cleaned = clean_tables(tables, erasure)
            if cleaned is not None:
                write_atomic(path, json_bytes(cleaned))
                changed = True
        else:
            if changed:
                rewritten.append(backup)
    return rewritten, removed
