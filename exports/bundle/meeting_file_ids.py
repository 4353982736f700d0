"""The ids held in this workspace's meeting files, asked of what a bundle brings that is new.

A record of a meeting's file belongs to that meeting for good (none moves to another). So a
record new to this workspace may not take the id of a record of any meeting's file (a record of
the network file new here, or a record new to its meeting's file: there, of another meeting),
and a memo entry's agenda item and a coding's memo entry, when not in the meeting's own file, may
not be a record of another meeting's file; and the memo entries an outcome names that the bundle
does not bring, when kept here, must be of the outcome's group. Without these, a laptop that holds one group's key
could take over, or point into, another group's records.

The meeting files are read once per import, and only when such a question is asked: a bundle
that brings nothing new (a group's full bundle again) reads none.
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import dataclass

from exports.bundle.bundle_checks import Arriving, linked_ids
from exports.bundle.format import RECORD_TYPES, TYPES_BY_NAME
from exports.bundle.record_checks import (
    LINKS,
    id_taken,
    link_refused,
    of_another_group,
    of_another_meeting,
)
from exports.bundle.workspace_records import Tables
from storage.errors import StorageError
from storage.record_cleaning import meeting_ids, read_meeting_tables
from storage.workspace import Workspace

#: Links of a meeting's file into a meeting's own file (an agenda item, a memo entry): (kind,
#: field, kind it names).
_IN_MEETING_LINKS = tuple(
    (link.kind, link.field, link.names)
    for link in LINKS
    if TYPES_BY_NAME[link.kind].in_meeting_file and TYPES_BY_NAME[link.names].in_meeting_file
)
#: Links of the network file's records to records of meetings' files (an outcome's memo entries).
_OUT_OF_NETWORK_LINKS = tuple(
    link for link in LINKS if not TYPES_BY_NAME[link.kind].in_meeting_file and TYPES_BY_NAME[link.names].in_meeting_file
)


@dataclass(frozen=True)
class Held:
    """A record of one of the workspace's meeting files."""

    kind: str
    meeting: str
    #: The meeting's group, as the network file keeps it (None: a meeting it no longer holds).
    group: str | None


class MeetingFileIds:
    """Every record id of the workspace's meeting files, read at the first question."""

    def __init__(self, workspace: Workspace, network: Tables) -> None:
        self._workspace = workspace
        self._network = network
        self._held: dict[str, Held] | None = None

    def held(self, record_id: str) -> Held | None:
        if self._held is None:
            self._held = self._read()
        return self._held.get(record_id)

    def _read(self) -> dict[str, Held]:
        groups = {
            str(document.get("id")): str(document.get("group_id"))
            for document in self._network.get("meetings", {}).values()
        }
        held: dict[str, Held] = {}
        for meeting_id in meeting_ids(self._workspace.folder):
            try:
                tables = read_meeting_tables(self._workspace, meeting_id)
            except StorageError:
                continue  # a damaged file is told of where it is read for its own records
            for record_type in RECORD_TYPES:
                if record_type.in_meeting_file:
                    for document in tables.get(record_type.table, {}).values():
                        held[str(document.get("id"))] = Held(record_type.name, meeting_id, groups.get(meeting_id))
        return held

    def refuse_new_network_records(self, new: Iterable[Arriving]) -> None:
        """A record new to the network file (a group, person, meeting, absence, interview or
        outcome) whose id a record of a meeting's file holds."""
        for record in new:
            held = self.held(record.document["id"])
            if held is not None:
                raise id_taken(record.kind, record.document["id"], held.kind)

    def refuse_links_into_meetings(self, records: Iterable[Arriving], arriving: Container[str]) -> None:
        """A record of the network file (an outcome) that names a record of a meeting's file the bundle
        does not bring (``arriving``: the ids it brings, checked against the bundle already): where
        this workspace keeps it, it must be of that kind and of the record's group."""
        for record in records:
            for link in _OUT_OF_NETWORK_LINKS:
                if link.kind != record.kind:
                    continue
                for target in linked_ids(record.document.get(link.field)):
                    if target in arriving:
                        continue
                    held = self.held(target)
                    if held is not None and (held.kind != link.names or held.group != record.group):
                        raise link_refused(record.kind, record.document["id"], link.field, target)

    def refuse_for_meeting(self, meeting_id: str, work: list[Arriving], numbers: dict[str, dict[str, str]]) -> None:
        """The records arriving for one meeting's file, whose records by kind and id are ``numbers``:
        no id another kind holds in that file; none new to the file that another meeting's file
        holds; no link to a record of another meeting's file, or to another kind in this one."""
        for record in work:
            record_id = record.document["id"]
            kinds = [kind for kind, by_id in numbers.items() if record_id in by_id]
            if kinds and kinds[0] != record.kind:
                raise id_taken(record.kind, record_id, kinds[0])
            held = None if kinds else self.held(record_id)
            if held is not None and held.meeting != meeting_id:
                if held.kind != record.kind:
                    raise id_taken(record.kind, record_id, held.kind)
                if held.group != record.group:
                    raise of_another_group(record.kind, record_id)
                raise of_another_meeting(record.kind, record_id)
            self._refuse_links_out(meeting_id, record, numbers)

    def _refuse_links_out(self, meeting_id: str, record: Arriving, numbers: dict[str, dict[str, str]]) -> None:
        for kind, field, target_kind in _IN_MEETING_LINKS:
            target = record.document.get(field) if kind == record.kind else None
            if not target or target in numbers[target_kind]:
                continue
            other_kind = any(target in by_id for by_id in numbers.values())
            held = None if other_kind else self.held(target)
            if other_kind or (held is not None and held.meeting != meeting_id):
                raise link_refused(record.kind, record.document["id"], field, target)
