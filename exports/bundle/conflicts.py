"""Conflicts a person can see and settle: versions of a record that were changed apart.

An import keeps every side of such a change (:mod:`exports.bundle.merge`): the current version in
the record's table, the others in the ``conflicts`` table of the same file. Settling a conflict
saves the chosen content as a version that has seen every side, and drops the others, in one
write of that file; the new version then travels and settles the conflict everywhere.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from exports.bundle.format import PERSON_KINDS, RECORD_TYPES, TYPES_BY_NAME
from exports.bundle.merge import has_seen, resolved_versions, version_vector
from exports.bundle.workspace_records import Document, Tables, read_tables
from facilitator.model import Record
from storage.codec import from_document, to_document
from storage.repository import Repository
from storage.sync_ledger import CONFLICTS_TABLE

#: Fields every record has: who changed it and when, not what it says.
_SYNC_FIELDS = {"id", "created_at", "updated_at", "revision", "changed_by", "deleted", "versions", "received_at"}


@dataclass(frozen=True)
class Conflict:
    """One record whose versions were changed apart: ``current`` is shown, ``others`` wait."""

    kind: str
    meeting_id: str | None
    current: Record
    others: tuple[Record, ...]

    @property
    def record_id(self) -> str:
        return self.current.id

    def differences(self, other: Record) -> list[tuple[str, Any, Any]]:
        """``(field, current value, other value)`` for each field the two versions disagree on."""
        mine, theirs = to_document(self.current), to_document(other)
        return [
            (name, mine.get(name), theirs.get(name))
            for name in mine
            if name not in _SYNC_FIELDS and mine.get(name) != theirs.get(name)
        ] + ([("deleted", self.current.deleted, other.deleted)] if self.current.deleted != other.deleted else [])


def group_conflicts(repository: Repository, group_id: str) -> list[Conflict]:
    """Every conflict in the group's records, the network file's first, then each meeting's."""
    workspace = repository.workspace
    found = _file_conflicts(workspace.network.storage.read() or {}, None)
    people = {person.id: person.group_id for group in repository.groups() for person in repository.people(group.id)}
    found = [conflict for conflict in found if _group_of(conflict, people) == group_id]
    for meeting in repository.meetings(group_id):
        open_file = workspace.open_meeting_file(meeting.id)
        tables = (
            (open_file.storage.read() or {})
            if open_file is not None
            else read_tables(workspace.meeting_path(meeting.id))
        )
        found += _file_conflicts(tables, meeting.id)
    return found


def resolve_conflict(repository: Repository, conflict: Conflict, keep: Record) -> None:
    """Settle ``conflict`` with the content of ``keep`` (the current version or one of the others)."""
    with repository.workspace.writing:  # no save may come between, through the tables before it
        _settle(repository, conflict, keep)
        repository.reload()


def _settle(repository: Repository, conflict: Conflict, keep: Record) -> None:
    """One write of the record's file: the settled version in, the other sides out."""
    record_type = TYPES_BY_NAME[conflict.kind]
    workspace = repository.workspace
    database = workspace.network if conflict.meeting_id is None else workspace.meeting_file(conflict.meeting_id)
    data: Tables = database.storage.read() or {}
    sides = [to_document(conflict.current), *(to_document(other) for other in conflict.others)]
    settled = dataclasses.replace(
        keep,
        versions=resolved_versions(sides),
        revision=max(int(side.get("revision", 0)) for side in sides),
        created_at=conflict.current.created_at,
    ).stamped(workspace.id, repository.now())
    table = dict(data.get(record_type.table, {}))
    number = next(key for key, document in table.items() if document.get("id") == conflict.record_id)
    table[number] = to_document(settled)
    remaining = {
        key: side
        for key, side in data.get(CONFLICTS_TABLE, {}).items()
        if not (side.get("type") == conflict.kind and side.get("record", {}).get("id") == conflict.record_id)
    }
    database.storage.write({**data, record_type.table: table, CONFLICTS_TABLE: remaining})


def _file_conflicts(tables: Tables, meeting_id: str | None) -> list[Conflict]:
    """The conflicts kept in one file; a side the current version has since seen is left out."""
    sides: dict[tuple[str, str], list[Document]] = {}
    for side in tables.get(CONFLICTS_TABLE, {}).values():
        if side.get("type") in TYPES_BY_NAME and isinstance(side.get("record"), dict):
            sides.setdefault((side["type"], side["record"].get("id")), []).append(side["record"])
    found = []
    for record_type in RECORD_TYPES:
        for document in tables.get(record_type.table, {}).values():
            others = [
                side
                for side in sides.get((record_type.name, document.get("id", "")), [])
                if not has_seen(version_vector(document), version_vector(side))
            ]
            if others:
                found.append(
                    Conflict(
                        record_type.name,
                        meeting_id,
                        from_document(record_type.cls, document),
                        tuple(from_document(record_type.cls, side) for side in others),
                    )
                )
    return found


def _group_of(conflict: Conflict, people_groups: dict[str, str]) -> str | None:
    """The group of a conflict of the network file (``people_groups``: each person's group, found
    once for all the file's conflicts, not once for each absence, interview or outcome)."""
    record = conflict.current
    if conflict.kind == "groups":
        return record.id
    if conflict.kind in PERSON_KINDS:
        return people_groups.get(record.person_id)  # type: ignore[attr-defined]
    return getattr(record, "group_id", None)
