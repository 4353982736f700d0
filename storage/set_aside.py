"""What is told of the records set aside because a time of theirs cannot be placed (see
:mod:`facilitator.placing`): a meeting with its group, its day and the records of its own file
that go with it, and the records set aside that are about one person, for their data report.

Both read the stored documents as they are: a record set aside is held, and whatever the app
says of what it holds (an access request above all) must reach it too.
"""

from __future__ import annotations

import dataclasses
import json
from typing import TYPE_CHECKING, Any

from facilitator.dates import format_count
from facilitator.i18n import _, ngettext
from facilitator.local_time import local_day
from facilitator.model import Meeting
from facilitator.model.ranges import in_range
from facilitator.placing import Unplaceable
from storage.atomic import read_json
from storage.errors import DamagedFile

if TYPE_CHECKING:
    from storage.repository import Repository

#: The tables of a meeting's own file that are counted beside it.
_OWN_TABLES = ("memo", "attendance", "agenda")


def told_meeting(repository: Repository, meeting: Meeting, record: Unplaceable) -> Unplaceable:
    """``record`` (a meeting set aside) with its group, its day where it can be placed, and the
    count of the records of its own file that are left out with it."""
    group = next((group for group in repository.groups() if group.id == meeting.group_id), None)
    parts = [group.name] if group else []
    if in_range(meeting.starts_at):
        parts.append(local_day(meeting.starts_at, group.time_zone if group else ()).isoformat())
    try:
        tables = _meeting_file(repository, meeting.id)
    except DamagedFile:
        parts.append(_("its own records not counted: its file is damaged"))
    else:
        counts = {
            name: sum(1 for document in _documents(tables, name) if not document.get("deleted")) for name in _OWN_TABLES
        }
        told = [_counted(name, count) for name, count in counts.items() if count]
        if told:
            parts.append(_("with {records}").format(records=", ".join(told)))
    return dataclasses.replace(record, group_id=meeting.group_id, detail=f"[{'; '.join(parts)}]" if parts else "")


def set_aside_about(repository: Repository, person_id: str, group_id: str) -> list[Unplaceable]:
    """The records of the group set aside that are about the person: a meeting they host or declined
    or whose own file names them, and a meeting's record (an attendance row, a memo entry) whose
    stored document names them. Call it after reading the group's meetings' files."""
    held = {meeting.id: meeting for meeting in repository.meetings_set_aside(group_id)}
    found: list[Unplaceable] = []
    for record in repository.records_set_aside({group_id}):
        if record.kind == "meetings":
            meeting = held.get(record.record_id)
            about = meeting is not None and (meeting.host_id == person_id or person_id in meeting.declined_by)
            if about or person_id in json.dumps(_meeting_file(repository, record.record_id)):
                found.append(record)
            continue
        tables = _meeting_file(repository, record.meeting_id) if record.meeting_id else {}
        documents = [document for name in tables for document in _documents(tables, name)]
        if any(document.get("id") == record.record_id and person_id in json.dumps(document) for document in documents):
            found.append(record)
    return found


def _counted(table: str, count: int) -> str:
    if table == "memo":
        return ngettext("{count} memo entry", "{count} memo entries", count).format(count=format_count(count))
    if table == "attendance":
        return ngettext("{count} attendance row", "{count} attendance rows", count).format(count=format_count(count))
    return ngettext("{count} agenda item", "{count} agenda items", count).format(count=format_count(count))


def _documents(tables: dict[str, Any], name: str) -> list[dict[str, Any]]:
    """The documents of a table of a meeting's file that are documents: the file is read as
    stored, whatever its shape (a table or a record that is not an object is not counted)."""
    table = tables.get(name)
    if not isinstance(table, dict):
        return []
    return [document for document in table.values() if isinstance(document, dict)]


def _meeting_file(repository: Repository, meeting_id: str) -> dict[str, Any]:
    path = repository.workspace.meeting_path(meeting_id)
    tables = read_json(path) if path.exists() else {}
    return tables if isinstance(tables, dict) else {}
