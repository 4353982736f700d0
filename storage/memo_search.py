"""The memo entries a search looks through, read from the workspace's meeting files (see
:mod:`facilitator.search` for the rules and the index, which lives in memory only)."""

from __future__ import annotations

from collections.abc import Iterable

from facilitator.model import Group
from facilitator.search import SearchableEntry, searchable_entries
from storage.bulk_reading import collector_held_back
from storage.repository import Repository

#: Only what a search shows: the entries and the researchers' re-codes, never the feedback.
SEARCH_TABLES = frozenset({"memo", "codings"})


@collector_held_back()
def read_searchable_entries(repository: Repository, groups: Iterable[Group] | None = None) -> list[SearchableEntry]:
    """The memo entries of every meeting of ``groups`` (None: every group of the workspace) that
    has its own file, removed entries left out. Each file is read once and not kept open (see
    :meth:`~storage.meeting_file.MeetingFiles.meeting_records`)."""
    repository.load_all()
    by_group = repository.meetings_by_group()
    with_files = repository.meetings_with_files()
    entries: list[SearchableEntry] = []
    for group in repository.groups() if groups is None else groups:
        meetings = [meeting for meeting in by_group.get(group.id, []) if meeting.id in with_files]
        records = {meeting.id: repository.meeting_records(meeting.id, tables=SEARCH_TABLES) for meeting in meetings}
        entries.extend(searchable_entries(group, meetings, records))
    return entries
