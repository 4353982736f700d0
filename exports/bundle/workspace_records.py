"""A group's stored documents, read straight from the workspace's files for a bundle.

Bundles carry stored documents (JSON), not domain objects: what arrives is compared and stored
as it was sent. Meeting files are read without being kept open, so that writing a bundle of
twenty years does not hold every meeting in memory.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from exports.bundle.format import PERSON_KINDS, RECORD_TYPES, RecordType
from storage.atomic import check_tinydb_shape, read_json
from storage.sync_ledger import CONFLICTS_TABLE
from storage.workspace import Workspace

Document = dict[str, Any]
Tables = dict[str, dict[str, Document]]


def read_tables(path: Path) -> Tables:
    """A TinyDB file's tables (empty when the file does not exist yet); DamagedFile if broken."""
    if not path.exists():
        return {}
    data = read_json(path)
    check_tinydb_shape(path, data)
    tables: Tables = data  # the shape was checked just now
    return tables


def network_tables(workspace: Workspace) -> Tables:
    """The network file's tables as the workspace holds them now: a copy of each table, so that a
    save made meanwhile cannot change them under a reader (the documents are never to be changed)."""
    with workspace.writing:
        return {name: dict(table) for name, table in (workspace.network.storage.read() or {}).items()}


@dataclass
class GroupDocuments:
    """Every stored version of one group's records: ``current[type]`` by record id, and the other
    sides of conflicts as ``(type name, document)``."""

    group_id: str
    current: dict[str, dict[str, Document]] = field(default_factory=dict)
    conflicts: list[tuple[str, Document]] = field(default_factory=list)

    def documents(self, record_type: RecordType) -> dict[str, Document]:
        return self.current.setdefault(record_type.name, {})


def group_documents(
    workspace: Workspace, group_id: str, progress: Callable[[int, int], None] | None = None
) -> GroupDocuments:
    """Every stored document of the group, from the network file and each of its meeting files."""
    network = network_tables(workspace)
    found = GroupDocuments(group_id)
    by_type = {record_type.name: record_type for record_type in RECORD_TYPES}
    groups = {
        document["id"]: document for document in network.get("groups", {}).values() if document.get("id") == group_id
    }
    found.current["groups"] = groups
    people = _documents(network, "people", lambda document: document.get("group_id") == group_id)
    found.current["people"] = people
    for name in PERSON_KINDS:  # absences, interviews, outcomes
        found.current[name] = _documents(network, name, lambda document: document.get("person_id") in people)
    meetings = _documents(network, "meetings", lambda document: document.get("group_id") == group_id)
    found.current["meetings"] = meetings
    local_ids = {**groups, **people, **meetings}
    for name in PERSON_KINDS:
        local_ids |= found.current[name]
    for conflict in network.get(CONFLICTS_TABLE, {}).values():
        if conflict.get("record", {}).get("id") in local_ids and conflict.get("type") in by_type:
            found.conflicts.append((conflict["type"], conflict["record"]))
    meeting_types = [record_type for record_type in RECORD_TYPES if record_type.in_meeting_file]
    for done, meeting_id in enumerate(sorted(meetings), start=1):
        tables = read_tables(workspace.meeting_path(meeting_id))
        for record_type in meeting_types:
            found.documents(record_type).update(_documents(tables, record_type.table, lambda document: True))
        for conflict in tables.get(CONFLICTS_TABLE, {}).values():
            if conflict.get("type") in by_type:
                found.conflicts.append((conflict["type"], conflict["record"]))
        if progress is not None:
            progress(done, len(meetings))
    return found


def _documents(tables: Tables, table: str, keep: Callable[[Document], bool]) -> dict[str, Document]:
    return {document["id"]: document for document in tables.get(table, {}).values() if keep(document)}
