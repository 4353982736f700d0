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

from facilitator.i18n import ngettext
from facilitator.local_time import local_day
from facilitator.model import Meeting
from facilitator.placing import Unplaceable
from facilitator.record_rules import in_range
from storage.atomic import read_json

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
    tables = _meeting_file(repository, meeting.id)
    counts = {
        name: sum(1 for document in (tables.get(name) or {}).values() if not document.get("deleted"))
        for name in _OWN_TABLES
    }
    if any(counts.values()):
        told = (
            ngettext("with {count} memo entry", "with {count} memo entries", counts["memo"]).format(
                count=counts["memo"]
            ),
            ngettext("{count} attendance row", "{count} attendance rows", counts["attendance"]).format(
                count=counts["attendance"]
            ),
            ngettext("{count} agenda item", "{count} agenda items", counts["agenda"]).format(count=counts["agenda"]),
        )
        parts.append(", ".join(told))
    return dataclasses.replace(record, group_id=meeting.group_id, detail=f"[{'; '.join(parts)}]" if parts else "")


def set_aside_about(repository: Repository, person_id: str, group_id: str) -> list[Unplaceable]:
    """The records of the group set aside that are about the person: a meeting they host or declined
    or whose own file names them, and a meeting's record (an attendance row, a memo entry) whose
    stored document names them. Call it after reading the group's meetings' files."""
    held = {meeting.id: meeting for meeting in repository.meetings_set_aside(group_id)}
    found: list[Unplaceable] = []
    for record in repository.set_aside({group_id}):
        if record.kind == "meetings":
            meeting = held.get(record.record_id)
            about = meeting is not None and (meeting.host_id == person_id or person_id in meeting.declined_by)
            if about or person_id in json.dumps(_meeting_file(repository, record.record_id)):
                found.append(record)
            continue
        tables = _meeting_file(repository, record.meeting_id) if record.meeting_id else {}
        documents = [document for table in tables.values() if isinstance(table, dict) for document in table.values()]
        if any(
            isinstance(document, dict) and document.get("id") == record.record_id and person_id in json.dumps(document)
            for document in documents
        ):
            found.append(record)
    return found


def _meeting_file(repository: Repository, meeting_id: str) -> dict[str, Any]:
    path = repository.workspace.meeting_path(meeting_id)
    tables = read_json(path) if path.exists() else {}
    return tables if isinstance(tables, dict) else {}
