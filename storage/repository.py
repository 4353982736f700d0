"""Domain records in and out of the workspace: the only way the rest of the code reaches TinyDB.

Every save validates the record, stamps its sync metadata (revision, updated time, the
workspace that changed it) and is on disk, atomically, when the call returns. Removals are
tombstones. All records of the network file are read once at open, so a damaged record is
reported then, and lists are served from memory.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING
from datetime import date, datetime

from facilitator.i18n import _
from facilitator.model import (
    Absence,
    AgendaItem,
    Attendance,
    Coding,
    FeedbackResponse,
    Group,
    Invalid,
    Meeting,
    MeetingStatus,
    MemoEntry,
    MemoKind,
    Person,
    Problem,
    Record,
    utc_now,
    validate_absence,
    validate_group,
    validate_person,
)
from facilitator.model.agenda import validate_item
from facilitator.text import sort_key
from storage.atomic import check_tinydb_shape, read_json
from storage.codec import to_document
from storage.collection import Collection, RecordT, decode
from storage.errors import StorageError
from storage.workspace import Workspace

if TYPE_CHECKING:
    from facilitator.history import MeetingRecords

class Repository:
    """Groups and people of one workspace, as domain objects."""

    def __init__(self, workspace: Workspace, clock: Callable[[], datetime] = utc_now) -> None:
        self.workspace = workspace
        self._clock = clock
        self._open_collections()
        workspace.records_checked = True
        workspace.daily_backup()

    def _open_collections(self) -> None:
        network = self.workspace.network
        self._groups = Collection(self.workspace, network.table("groups"), Group)
        self._people = Collection(self.workspace, network.table("people"), Person)
        self._meetings = Collection(self.workspace, network.table("meetings"), Meeting)
        self._absences = Collection(self.workspace, network.table("absences"), Absence)
        self._meeting_tables: dict[tuple[str, str], Collection] = {}
        self._open_meetings: set[str] = set()
        self._groups.load()
        self._people.load()

    def reload(self) -> None:
        """Read every record again from disk: an import has replaced the files under us."""
        self.workspace.forget_open_files()
        self._open_collections()

    def load_all(self) -> None:
        """Read the records not needed at start (meetings, absences), e.g. in the background."""
        self._meetings.load()
        self._absences.load()

    def now(self) -> datetime:
        """The current moment (tests fix or advance the clock the repository was given)."""
        return self._clock()

    def today(self) -> date:
        """The local date, for rules such as "a consent cannot be dated in the future"."""
        return self._clock().astimezone().date()

    def _stamp(self, record: RecordT, collection: Collection[RecordT]) -> RecordT:
        return collection.next_version(record, self.workspace.id, self._clock())

    # -- groups ------------------------------------------------------------------------------

    def groups(self, *, include_archived: bool = True) -> list[Group]:
        groups = [group for group in self._groups.all() if include_archived or not group.archived]
        return sorted(groups, key=lambda group: sort_key(group.name))

    def group(self, group_id: str) -> Group:
        return self._groups.get(group_id)

    def check_group(self, group: Group) -> list[Problem]:
        others = {other.name for other in self._groups.all() if other.id != group.id}
        return validate_group(group, others)

    def save_group(self, group: Group) -> Group:
        """Validate and save ``group``; raises :class:`Invalid` with every problem."""
        if problems := self.check_group(group):
            raise Invalid(problems)
        saved = self._stamp(group, self._groups)
        self._groups.put([saved])
        return saved

    def add_travelled_groups(self, groups: list[Group]) -> None:
        """Keep groups that came from another workspace (with a key file) exactly as they came:
        their versions are the sender's, so the group's bundles later meet the same record."""
        self._groups.put([group for group in groups if group.id not in self._groups._records])

    def set_archived(self, group_id: str, archived: bool) -> Group:
        return self.save_group(dataclasses.replace(self.group(group_id), archived=archived))

    # -- people ------------------------------------------------------------------------------

    def people(self, group_id: str) -> list[Person]:
        """The group's roster (people removed are left out), by name."""
        people = [person for person in self._people.all() if person.group_id == group_id]
        return sorted(people, key=lambda person: (sort_key(person.name), person.id))

    def person(self, person_id: str) -> Person:
        return self._people.get(person_id)

    def save_person(self, person: Person) -> Person:
        """Validate and save ``person``; raises :class:`Invalid` with every problem."""
        self.group(person.group_id)
        if problems := validate_person(person, self.today()):
            raise Invalid(problems)
        saved = self._stamp(person, self._people)
        self._people.put([saved])
        return saved

    def remove_person(self, person_id: str) -> Person:
        """Remove a person from the roster, keeping a tombstone so the removal can travel."""
        removed = self._stamp(self.person(person_id).tombstone(), self._people)
        self._people.put([removed])
        return removed

    def member_counts(self) -> dict[str, int]:
        """Current members per group id."""
        today = self.today()
        counts: dict[str, int] = {}
        for person in self._people.all():
            if person.is_current_member(today):
                counts[person.group_id] = counts.get(person.group_id, 0) + 1
        return counts

    # -- meetings ----------------------------------------------------------------------------

    def meetings(self, group_id: str) -> list[Meeting]:
        """The group's meetings (removed ones left out), in time order."""
        meetings = [meeting for meeting in self._meetings.all() if meeting.group_id == group_id]
        return sorted(meetings, key=lambda meeting: (meeting.starts_at, meeting.id))

    def meeting(self, meeting_id: str) -> Meeting:
        return self._meetings.get(meeting_id)

    def save_meetings(self, meetings: list[Meeting], removed: Iterable[Meeting] = ()) -> list[Meeting]:
        """Save ``meetings`` and tombstone ``removed`` together (a season re-plan is one change)."""
        for meeting in meetings:
            self.group(meeting.group_id)
            if meeting.ends_at <= meeting.starts_at:
                raise Invalid([Problem("ends_at", _("End"), _("The meeting ends before it starts."))])
        saved = [self._stamp(meeting, self._meetings) for meeting in meetings]
        saved += [self._stamp(meeting.tombstone(), self._meetings) for meeting in removed]
        self._meetings.put(saved)
        return [meeting for meeting in saved if not meeting.deleted]

    def save_meeting(self, meeting: Meeting) -> Meeting:
        (saved,) = self.save_meetings([meeting])
        return saved

    # -- a meeting's own file: agenda, attendance, memo ---------------------------------------

    def _meeting_table(self, meeting_id: str, name: str, cls: type[RecordT]) -> Collection[RecordT]:
        """A table of the meeting's own file, read on first use."""
        key = (meeting_id, name)
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

    def save_agenda(self, meeting_id: str, items: list[AgendaItem], removed: Iterable[AgendaItem] = ()) -> list[AgendaItem]:
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

    def save_attendance(self, entry: Attendance) -> Attendance:
        collection = self._meeting_table(entry.meeting_id, "attendance", Attendance)
        saved = self._stamp(entry, collection)
        collection.put([saved])
        return saved

    def memo(self, meeting_id: str) -> list[MemoEntry]:
        """The meeting's memo entries in the order they were written."""
        entries = self._meeting_table(meeting_id, "memo", MemoEntry).all()
        return sorted(entries, key=lambda entry: (entry.written_at, entry.id))

    def save_memo_entry(self, entry: MemoEntry) -> MemoEntry:
        """Save one memo entry: on disk, in the meeting's own file only, when this returns.

        The cost depends on the size of this meeting, not on the rest of the workspace.
        """
        collection = self._meeting_table(entry.meeting_id, "memo", MemoEntry)
        saved = self._stamp(entry, collection)
        collection.put([saved])
        return saved

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

    def save_feedback(self, response: FeedbackResponse) -> FeedbackResponse:
        collection = self._meeting_table(response.meeting_id, "feedback", FeedbackResponse)
        saved = self._stamp(response, collection)
        collection.put([saved])
        return saved

    def remove_feedback(self, response: FeedbackResponse) -> FeedbackResponse:
        collection = self._meeting_table(response.meeting_id, "feedback", FeedbackResponse)
        removed = self._stamp(collection.get(response.id).tombstone(), collection)
        collection.put([removed])
        return removed

    def codings(self, meeting_id: str) -> list[Coding]:
        """Researchers' re-codes of the meeting's memo entries (see :mod:`facilitator.model.coding`)."""
        return list(self._meeting_table(meeting_id, "codings", Coding).all())

    def save_coding(self, coding: Coding) -> Coding:
        """Save a researcher's re-code of a memo entry (which must exist in the meeting)."""
        self._meeting_table(coding.meeting_id, "memo", MemoEntry).get(coding.entry_id)
        collection = self._meeting_table(coding.meeting_id, "codings", Coding)
        saved = self._stamp(coding, collection)
        collection.put([saved])
        return saved

    def meeting_records(self, meeting_id: str) -> MeetingRecords:
        """What the meeting's own file holds for the history and the network's analysis (nothing,
        without creating the file, when it has none).

        A file not open yet is read without being kept open: the network's views read every
        meeting of twenty years once, and must not hold them all in memory.
        """
        from facilitator.history import MeetingRecords  # imported when first needed: a faster start

        if meeting_id in self._open_meetings:
            return MeetingRecords(
                attendance=self.attendance(meeting_id),
                memo=self.memo(meeting_id),
                feedback=self.feedback(meeting_id),
                codings=self.codings(meeting_id),
            )
        self.meeting(meeting_id)
        path = self.workspace.meeting_path(meeting_id)
        if not path.exists():
            return MeetingRecords()
        tables = read_json(path)
        check_tinydb_shape(path, tables)

        def records(name: str, cls: type[RecordT]) -> list[RecordT]:
            found = [decode(cls, document, path, self.workspace) for document in tables.get(name, {}).values()]
            return [record for record in found if not record.deleted]

        return MeetingRecords(
            attendance=sorted(records("attendance", Attendance), key=lambda entry: entry.id),
            memo=sorted(records("memo", MemoEntry), key=lambda entry: (entry.written_at, entry.id)),
            feedback=sorted(
                records("feedback", FeedbackResponse), key=lambda response: (response.created_at or response.updated_at, response.id)
            ),
            codings=records("codings", Coding),
        )

    def has_meeting_file(self, meeting_id: str) -> bool:
        """Whether anything of the meeting has been kept in its own file yet."""
        return meeting_id in self._open_meetings or self.workspace.meeting_path(meeting_id).exists()

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
            records = list(records)
            if records:
                collection = self._meeting_table(meeting_id, name, cls)
                collection.put([self._stamp(record, collection) for record in records])

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

    def meeting_in_progress(self) -> Meeting | None:
        """The meeting started and not yet closed, to return to after a crash (the latest one).

        Asked before the first frame, so that the app opens straight into that meeting: only the
        meetings that may be under way are read (see :meth:`Collection.search`), and the model
        decides.
        """
        started = [meeting for meeting in self._meetings.search(_may_be_in_progress) if meeting.in_progress]
        return max(started, key=lambda meeting: meeting.started_at, default=None)  # type: ignore[arg-type, return-value]

    # -- absences ------------------------------------------------------------------------------

    def absences(self, group_id: str) -> list[Absence]:
        """Periods when members of the group cannot host, by start."""
        members = {person.id for person in self._people.all() if person.group_id == group_id}
        found = [absence for absence in self._absences.all() if absence.person_id in members]
        return sorted(found, key=lambda absence: (absence.starts, absence.id))

    def save_absence(self, absence: Absence) -> Absence:
        self.person(absence.person_id)
        if problems := validate_absence(absence):
            raise Invalid(problems)
        saved = self._stamp(absence, self._absences)
        self._absences.put([saved])
        return saved

    def remove_absence(self, absence_id: str) -> None:
        self._absences.put([self._stamp(self._absences.get(absence_id).tombstone(), self._absences)])

    # -- bulk --------------------------------------------------------------------------------

    def add_network(
        self,
        groups: list[Group],
        people: list[Person],
        meetings: Iterable[Meeting] = (),
        absences: Iterable[Absence] = (),
        agenda_items: Iterable[AgendaItem] = (),
        attendance: Iterable[Attendance] = (),
        memo_entries: Iterable[MemoEntry] = (),
        feedback: Iterable[FeedbackResponse] = (),
    ) -> None:
        """Save a whole new network at once (a write per kind of record, one per meeting's file and
        kind), validating each record first."""
        today = self.today()
        agenda_items = list(agenda_items)
        problems = [problem for group in groups for problem in validate_group(group)]
        problems += [problem for person in people for problem in validate_person(person, today)]
        problems += [problem for item in agenda_items for problem in validate_item(item)]
        if problems:
            raise Invalid(problems)
        self._groups.put([self._stamp(group, self._groups) for group in groups])
        self._people.put([self._stamp(person, self._people) for person in people])
        self._meetings.put([self._stamp(meeting, self._meetings) for meeting in meetings])
        self._absences.put([self._stamp(absence, self._absences) for absence in absences])
        tables = {
            "agenda": _by_meeting(agenda_items),
            "attendance": _by_meeting(attendance),
            "memo": _by_meeting(memo_entries),
            "feedback": _by_meeting(feedback),
        }
        for meeting_id in {meeting_id for by_meeting in tables.values() for meeting_id in by_meeting}:
            self._write_new_meeting_file(meeting_id, {name: by_meeting.get(meeting_id, []) for name, by_meeting in tables.items()})

    def _write_new_meeting_file(self, meeting_id: str, tables: dict[str, list[Record]]) -> None:
        """A new meeting's file with all its tables in one write (a network made at once)."""
        self.meeting(meeting_id)
        if self.has_meeting_file(meeting_id):
            raise StorageError(_("The meeting {id} has its own file already.").format(id=meeting_id))
        now = self._clock()
        data = {
            name: {str(number): to_document(record.stamped(self.workspace.id, now))
                   for number, record in enumerate(records, start=1)}
            for name, records in tables.items()
            if records
        }
        with self.workspace.writing:
            self.workspace.meeting_file(meeting_id).storage.write(data)


_CLOSED = frozenset({MeetingStatus.HELD.value, MeetingStatus.CANCELLED.value})


def _may_be_in_progress(document: dict) -> bool:
    """A stored meeting that has started and is not held or cancelled (``Meeting.in_progress``
    decides once it is decoded; this only spares decoding the others)."""
    return document.get("started_at") is not None and document.get("status") not in _CLOSED


def _by_meeting(records: Iterable[RecordT]) -> dict[str, list[RecordT]]:
    """Records of meetings' own files, grouped by meeting id."""
    grouped: dict[str, list[RecordT]] = {}
    for record in records:
        grouped.setdefault(record.meeting_id, []).append(record)  # type: ignore[attr-defined]
    return grouped
