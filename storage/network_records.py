"""Every group's records read for the network views (dashboard, analysis, needs, report).

Reads each meeting's own file once; ``progress(done, total)`` is called per meeting so that a
screen can show how far it has come (twenty years of thirteen groups take a moment).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

from facilitator.model import Group, Meeting, MeetingStatus
from facilitator.network import GroupRecords, network_order
from storage.bulk_reading import collector_held_back
from storage.errors import DamagedFile
from storage.repository import Repository
from storage.sync_ledger import IMPORTED_TABLE

if TYPE_CHECKING:
    from facilitator.history import MeetingRecords

_T = TypeVar("_T")


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
    """Every group (archived ones too) with its people, meetings and its held meetings' records, in
    the order of the groups' labels (:func:`facilitator.network.network_order`): the one order of the
    dashboard, the network report, the analysis and the needs.

    A damaged meeting file raises :class:`DamagedFile`; given a ``damaged`` list, it is put there
    instead and the meeting counts as holding nothing, so that one file cannot hide the network.
    """
    arrived = last_bundles(repository)
    people = repository.people_by_group()
    return network_order(
        GroupRecords(
            group,
            people.get(group.id, []),
            meetings,
            records,
            arrived.get(group.id),
            repository.interviews(group.id),
            repository.outcomes(group.id),
        )
        for group, meetings, records in read_held_meetings(
            repository,
            lambda _group, meeting: repository.meeting_records(meeting.id),
            progress=progress,
            damaged=damaged,
        )
    )


def read_held_meetings(
    repository: Repository,
    read: Callable[[Group, Meeting], _T],
    groups: Iterable[Group] | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
    damaged: list[DamagedFile] | None = None,
    held_only: bool = True,
) -> list[tuple[Group, list[Meeting], dict[str, _T]]]:
    """Each of ``groups`` (None: every group, archived ones too) with all its meetings and, by
    meeting id, what ``read`` makes of each held meeting that has its own file (a held meeting
    without one holds nothing yet, and its file is not created by reading); without
    ``held_only``, of every meeting that has one (a person's data report and their timeline read
    the planned ones too). ``progress(done, total)`` is called per meeting read or passed; a
    damaged file is put in ``damaged`` when given (the meeting then holds nothing), else raised."""
    repository.load_all()
    chosen = repository.groups() if groups is None else list(groups)
    by_group = repository.meetings_by_group()
    meetings = {group.id: by_group.get(group.id, []) for group in chosen}

    def wanted(meeting: Meeting) -> bool:
        return not held_only or meeting.status is MeetingStatus.HELD

    total = sum(wanted(meeting) for found in meetings.values() for meeting in found)
    with_files = repository.meetings_with_files()
    done = 0
    read_groups = []
    for group in chosen:
        records: dict[str, _T] = {}
        for meeting in meetings[group.id]:
            if not wanted(meeting):
                continue
            if meeting.id in with_files:
                try:
                    records[meeting.id] = read(group, meeting)
                except DamagedFile as error:
                    if damaged is None:
                        raise
                    damaged.append(error)
            done += 1
            if progress is not None:
                progress(done, total)
        read_groups.append((group, meetings[group.id], records))
    return read_groups


def group_meetings_with_records(
    repository: Repository, group: Group, damaged: list[DamagedFile] | None = None
) -> tuple[list[Meeting], dict[str, MeetingRecords]]:
    """The group's meetings (planned ones too), and by meeting id the records of each that has its
    own file: what a person's data report and an entrepreneur's timeline read about one person of
    the group. A damaged file is raised, or put in ``damaged`` when given (see :func:`read_held_meetings`)."""
    ((_group, meetings, records),) = read_held_meetings(
        repository,
        lambda _group, meeting: repository.meeting_records(meeting.id),
        [group],
        damaged=damaged,
        held_only=False,
    )
    return meetings, records
