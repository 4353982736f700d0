"""The records of a meeting's own file (``meetings/<id>.json``): its agenda, attendance, memo
entries, feedback and researchers' re-codes.

Each file is opened on first use and its tables kept in memory while it is open; a save rewrites
that meeting's file alone, so its cost depends on the size of that meeting, not on the years of
history beside it (DESIGN §6). :class:`~storage.repository.Repository` holds these records with
those of the network file; a network saved at once hands its meetings' records here, to be grouped
into their files.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from facilitator.i18n import _
from facilitator.model import (
    AgendaItem,
    Attendance,
    Coding,
    FeedbackResponse,
    Invalid,
    Meeting,
    MemoEntry,
    MemoKind,
    Record,
)
from facilitator.model.agenda import validate_item
from facilitator.placing import Unplaceable, surely_placeable, unplaceable
from storage.atomic import check_tinydb_shape, read_json
from storage.codec import to_document
from storage.collection import Collection, RecordT, decode, saves
from storage.errors import StorageError
from storage.workspace import Workspace

if TYPE_CHECKING:
    from facilitator.history import MeetingRecords

#: The tables of a meeting's file that the history and the network's views read (not its agenda).
NETWORK_TABLES = frozenset({"attendance", "memo", "feedback", "codings"})


class MeetingFiles:
    """The records of every meeting's own file, for the :class:`~storage.repository.Repository`
    that mixes this in and gives it the workspace, the clock, the meetings and the stamping of a save."""

    workspace: Workspace
    _clock: Callable[[], datetime]
    #: By meeting id and table name; each table holds its own kind of record.
    _meeting_tables: dict[tuple[str, str], Collection[Any]]
    _open_meetings: set[str]
    #: The records of meetings' files read whole (:meth:`meeting_records`) whose times cannot be
    #: placed, by id: left out of what was read, named by the outputs (see :mod:`facilitator.placing`).
    _set_aside_in_files: dict[str, Unplaceable]

    if TYPE_CHECKING:

        def meeting(self, meeting_id: str) -> Meeting: ...

        def meetings(self, group_id: str) -> list[Meeting]: ...

        def _stamp(self, record: RecordT, collection: Collection[RecordT]) -> RecordT: ...

    def _forget_meeting_files(self) -> None:
        """Read every meeting's file again on its next use (at open, and after an import)."""
        self._meeting_tables = {}
        self._open_meetings = set()
        self._set_aside_in_files = {}

    def note_set_aside(self, record: Unplaceable) -> None:
        """Tell the outputs of a record set aside by a reader of stored documents (the search), as
        one read whole is (see :meth:`meeting_records`)."""
        self._set_aside_in_files[record.record_id] = record

    def _meeting_table(self, meeting_id: str, name: str, cls: type[RecordT]) -> Collection[RecordT]:
        """A table of the meeting's own file, read on first use."""
        key = (meeting_id, name)
        with self.workspace.writing:  # one table of one copy of the file, whatever the thread
            if key not in self._meeting_tables:
                self.meeting(meeting_id)
                database = self.workspace.meeting_file(meeting_id)
                path = self.workspace.meeting_path(meeting_id)
                self._meeting_tables[key] = Collection(self.workspace, database.table(name), cls, path)
                self._open_meetings.add(meeting_id)
            return self._meeting_tables[key]

    def _agenda(self, meeting_id: str) -> Collection[AgendaItem]:
        return self._meeting_table(meeting_id, "agenda", AgendaItem)

    def agenda_started(self, meeting_id: str) -> bool:
        """Whether the meeting has ever had an agenda (even one whose items were all removed)."""
        return bool(self._agenda(meeting_id)._records)

    def agenda(self, meeting_id: str) -> list[AgendaItem]:
        """The meeting's agenda items in order (empty until one is made)."""
        return sorted(self._agenda(meeting_id).all(), key=lambda item: (item.position, item.id))

    @saves
    def save_agenda(
        self, meeting_id: str, items: list[AgendaItem], removed: Iterable[AgendaItem] = ()
    ) -> list[AgendaItem]:
        """Save the whole agenda (its order too) and tombstone ``removed``, all in one write."""
        problems = [problem for item in items for problem in validate_item(item)]
        if problems:
            raise Invalid(problems)
        collection = self._agenda(meeting_id)
        saved = [self._stamp(item, collection) for item in items if item.meeting_id == meeting_id]
        saved += [self._stamp(item.tombstone(), collection) for item in removed]
        collection.put(saved)
        return self.agenda(meeting_id)

    def attendance(self, meeting_id: str) -> list[Attendance]:
        """Who has been checked in (members and guests); members not listed are absent."""
        return sorted(self._meeting_table(meeting_id, "attendance", Attendance).all(), key=lambda entry: entry.id)

    @saves
    def save_attendance(self, entry: Attendance) -> Attendance:
        collection = self._meeting_table(entry.meeting_id, "attendance", Attendance)
        saved = self._stamp(entry, collection)
        collection.put([saved])
        return saved

    def memo(self, meeting_id: str) -> list[MemoEntry]:
        """The meeting's memo entries in the order they were written."""
        entries = self._meeting_table(meeting_id, "memo", MemoEntry).all()
        return sorted(entries, key=lambda entry: (entry.written_at, entry.id))

    @saves
    def save_memo_entry(self, entry: MemoEntry) -> MemoEntry:
        """Save one memo entry: on disk, in the meeting's own file only, when this returns.

        The cost depends on the size of this meeting, not on the rest of the workspace.
        """
        collection = self._meeting_table(entry.meeting_id, "memo", MemoEntry)
        saved = self._stamp(entry, collection)
        collection.put([saved])
        return saved

    @saves
    def save_memo_entries(self, meeting_id: str, entries: Iterable[MemoEntry]) -> list[MemoEntry]:
        """Save many entries of one meeting in one write (their offsets into a recording attached)."""
        collection = self._meeting_table(meeting_id, "memo", MemoEntry)
        saved = [self._stamp(entry, collection) for entry in entries if entry.meeting_id == meeting_id]
        if saved:
            collection.put(saved)
        return saved

    @saves
    def remove_memo_entry(self, entry: MemoEntry) -> MemoEntry:
        """Remove an entry from the memo, keeping it as a tombstone (its words are not lost)."""
        collection = self._meeting_table(entry.meeting_id, "memo", MemoEntry)
        removed = self._stamp(collection.get(entry.id).tombstone(), collection)
        collection.put([removed])
        return removed

    def feedback(self, meeting_id: str) -> list[FeedbackResponse]:
        """The anonymous feedback responses to a meeting, in the order they were entered."""
        responses = self._meeting_table(meeting_id, "feedback", FeedbackResponse).all()
        return sorted(responses, key=lambda response: (response.created_at or response.updated_at, response.id))

    @saves
    def save_feedback(self, response: FeedbackResponse) -> FeedbackResponse:
        collection = self._meeting_table(response.meeting_id, "feedback", FeedbackResponse)
        saved = self._stamp(response, collection)
        collection.put([saved])
        return saved

    @saves
    def remove_feedback(self, response: FeedbackResponse) -> FeedbackResponse:
        collection = self._meeting_table(response.meeting_id, "feedback", FeedbackResponse)
        removed = self._stamp(collection.get(response.id).tombstone(), collection)
        collection.put([removed])
        return removed

    def codings(self, meeting_id: str) -> list[Coding]:
        """Researchers' re-codes of the meeting's memo entries (see :mod:`facilitator.model.coding`)."""
        return list(self._meeting_table(meeting_id, "codings", Coding).all())

    @saves
    def save_coding(self, coding: Coding) -> Coding:
        """Save a researcher's re-code of a memo entry (which must exist in the meeting)."""
        saved = self.stamped_coding(coding)
        self._meeting_table(coding.meeting_id, "codings", Coding).put([saved])
        return saved

    def stamped_coding(self, coding: Coding) -> Coding:
        """``coding`` as its next version would be saved (its entry must exist), for many re-codes
        written at once (see :mod:`storage.coding_import`); call it holding the write lock."""
        self._meeting_table(coding.meeting_id, "memo", MemoEntry).get(coding.entry_id)
        return self._stamp(coding, self._meeting_table(coding.meeting_id, "codings", Coding))

    def meeting_records(self, meeting_id: str, *, tables: frozenset[str] = NETWORK_TABLES) -> MeetingRecords:
        """What the meeting's own file holds for the history and the network's analysis (nothing,
        without creating the file, when it has none): the ``tables`` named, the others left empty
        (the research export wants the agenda and no feedback; a guest list needs the attendance
        alone); every record of the tables read is checked whole.

        A file not open yet is read without being kept open: the network's views and the research
        export read every meeting of twenty years once, and must not hold them all in memory (the
        more objects a process holds, the longer each of Python's garbage collections takes).
        """
        from facilitator.history import MeetingRecords  # imported when first needed: a faster start

        if meeting_id in self._open_meetings:
            return MeetingRecords(
                attendance=self.attendance(meeting_id) if "attendance" in tables else (),
                memo=self.memo(meeting_id) if "memo" in tables else (),
                feedback=self.feedback(meeting_id) if "feedback" in tables else (),
                codings=self.codings(meeting_id) if "codings" in tables else (),
                agenda=self.agenda(meeting_id) if "agenda" in tables else (),
            )
        group_id = self.meeting(meeting_id).group_id
        path = self.workspace.meeting_path(meeting_id)
        if not path.exists():
            return MeetingRecords()
        stored = read_json(path)
        check_tinydb_shape(path, stored)

        def records(name: str, cls: type[RecordT]) -> list[RecordT]:
            found = [decode(cls, document, path, self.workspace) for document in stored.get(name, {}).values()]
            surely = surely_placeable(cls)  # type: ignore[arg-type]  # hashable: python/mypy#11470
            kept = []
            for record in found:
                if record.deleted:
                    continue
                if not surely(record) and (aside := unplaceable(record)) is not None:
                    self._set_aside_in_files[record.id] = dataclasses.replace(aside, group_id=group_id)
                    continue
                kept.append(record)
            return kept

        return MeetingRecords(
            attendance=sorted(records("attendance", Attendance), key=lambda entry: entry.id)
            if "attendance" in tables
            else (),
            memo=sorted(records("memo", MemoEntry), key=lambda entry: (entry.written_at, entry.id))
            if "memo" in tables
            else (),
            feedback=sorted(
                records("feedback", FeedbackResponse),
                key=lambda response: (response.created_at or response.updated_at, response.id),
            )
            if "feedback" in tables
            else (),
            codings=records("codings", Coding) if "codings" in tables else (),
            agenda=sorted(records("agenda", AgendaItem), key=lambda item: (item.position, item.id))
            if "agenda" in tables
            else (),
        )

    def has_meeting_file(self, meeting_id: str) -> bool:
        """Whether anything of the meeting has been kept in its own file yet."""
        return meeting_id in self._open_meetings or self.workspace.meeting_path(meeting_id).exists()

    def meetings_with_files(self) -> set[str]:
        """The ids of the meetings that have their own file, from one listing of the meetings folder:
        the network's views ask it of ten thousand meetings, most of which (planned ones, and those
        held before anything was kept of them) have none, and a question per file costs a second."""
        try:
            listed = {
                name[: -len(".json")]
                for name in os.listdir(self.workspace.folder / "meetings")
                if name.endswith(".json")
            }
        except FileNotFoundError:
            listed = set()
        return listed | self._open_meetings

    @saves
    def add_meeting_records(
        self,
        meeting_id: str,
        attendance: Iterable[Attendance] = (),
        entries: Iterable[MemoEntry] = (),
        feedback: Iterable[FeedbackResponse] = (),
    ) -> None:
        """Save a held meeting's records at once (the demo's history), a write per kind of record."""
        for name, cls, records in (
            ("attendance", Attendance, attendance),
            ("memo", MemoEntry, entries),
            ("feedback", FeedbackResponse, feedback),
        ):
            kept = list(records)
            if kept:
                collection = self._meeting_table(meeting_id, name, cls)
                collection.put([self._stamp(record, collection) for record in kept])

    def action_items(self, group_id: str) -> list[MemoEntry]:
        """Every action item the group has raised in any meeting, oldest first.

        Read from each meeting's own file; a meeting with no file yet has none.
        """
        found: list[MemoEntry] = []
        for meeting in self.meetings(group_id):
            if self.has_meeting_file(meeting.id):
                collection = self._meeting_table(meeting.id, "memo", MemoEntry)
                found += [entry for entry in collection.all() if entry.kind is MemoKind.ACTION]
        return sorted(found, key=lambda entry: (entry.written_at, entry.id))

    @saves
    def _write_new_meeting_files(
        self,
        agenda_items: Iterable[AgendaItem],
        attendance: Iterable[Attendance],
        memo_entries: Iterable[MemoEntry],
        feedback: Iterable[FeedbackResponse],
    ) -> None:
        """The files of a network's meetings made at once (see
        :meth:`~storage.repository.Repository.add_network`, which validates the records first): one
        write per meeting that has records, whichever kinds they are."""
        tables: dict[str, Mapping[str, Sequence[Record]]] = {
            "agenda": _by_meeting(agenda_items),
            "attendance": _by_meeting(attendance),
            "memo": _by_meeting(memo_entries),
            "feedback": _by_meeting(feedback),
        }
        for meeting_id in {meeting_id for by_meeting in tables.values() for meeting_id in by_meeting}:
            self._write_new_meeting_file(
                meeting_id, {name: by_meeting.get(meeting_id, []) for name, by_meeting in tables.items()}
            )

    @saves
    def _write_new_meeting_file(self, meeting_id: str, tables: Mapping[str, Sequence[Record]]) -> None:
        """A new meeting's file with all its tables in one write (a network made at once)."""
        self.meeting(meeting_id)
        if self.has_meeting_file(meeting_id):
            raise StorageError(_("The meeting {id} has its own file already.").format(id=meeting_id))
        now = self._clock()
        data = {
            name: {
                str(number): to_document(record.stamped(self.workspace.id, now))
                for number, record in enumerate(records, start=1)
            }
            for name, records in tables.items()
            if records
        }
        self.workspace.meeting_file(meeting_id).storage.write(data)


class _OfMeeting(Protocol):
    """A record kept in a meeting's own file: it names its meeting."""

    @property
    def meeting_id(self) -> str: ...


_OfMeetingT = TypeVar("_OfMeetingT", bound=_OfMeeting)


def _by_meeting(records: Iterable[_OfMeetingT]) -> dict[str, list[_OfMeetingT]]:
    """Records of meetings' own files, grouped by meeting id."""
    grouped: dict[str, list[_OfMeetingT]] = {}
    for record in records:
        grouped.setdefault(record.meeting_id, []).append(record)
    return grouped
