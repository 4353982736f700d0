"""Every group's records read for the network views (dashboard, analysis, needs, report).

Reads each meeting's own file once; ``progress(done, total)`` is called per meeting so that a
screen can show how far it has come (twenty years of thirteen groups take a moment).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from facilitator.history import MeetingRecords
from facilitator.model import MeetingStatus
from facilitator.network import GroupRecords
from storage.bulk_reading import collector_held_back
from storage.errors import DamagedFile
from storage.repository import Repository
from storage.sync_ledger import IMPORTED_TABLE


def last_bundles(repository: Repository) -> dict[str, datetime]:
    """When the last bundle of each group was imported here, by group id."""
    found: dict[str, datetime] = {}
    for document in repository.workspace.network.table(IMPORTED_TABLE).all():
        try:
            moment = datetime.fromisoformat(str(document.get("imported_at")))
        except ValueError:
            continue
        for group_id in document.get("groups", []):
            if group_id not in found or moment > found[group_id]:
                found[group_id] = moment
    return found


@collector_held_back()
def load_network(
    repository: Repository,
    progress: Callable[[int, int], None] | None = None,
    damaged: list[DamagedFile] | None = None,
) -> list[GroupRecords]:
    """Every group (archived ones too) with its people, meetings and its held meetings' records.

    A damaged meeting file raises :class:`DamagedFile`; given a ``damaged`` list, it is put there
    instead and the meeting counts as holding nothing, so that one file cannot hide the network.
    """
    repository.load_all()
    arrived = last_bundles(repository)
    groups = repository.groups()
    by_group = repository.meetings_by_group()
    people = repository.people_by_group()
    meetings = {group.id: by_group.get(group.id, []) for group in groups}
    total = sum(meeting.status is MeetingStatus.HELD for found in meetings.values() for meeting in found)
    with_files = repository.meetings_with_files()  # a held meeting without one holds nothing yet
    done = 0
    loaded = []
    for group in groups:
        records: dict[str, MeetingRecords] = {}
        for meeting in meetings[group.id]:
            if meeting.status is not MeetingStatus.HELD:
                continue
            if meeting.id in with_files:
                try:
                    records[meeting.id] = repository.meeting_records(meeting.id)
                except DamagedFile as error:
                    if damaged is None:
                        raise
                    damaged.append(error)
            done += 1
            if progress is not None:
                progress(done, total)
        loaded.append(GroupRecords(group, people.get(group.id, []), meetings[group.id], records, arrived.get(group.id)))
    return loaded
