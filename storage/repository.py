"""Domain records in and out of the workspace: the only way the rest of the code reaches TinyDB.

Every save validates the record, stamps its sync metadata (revision, updated time, the
workspace that changed it) and is on disk, atomically, when the call returns. Removals are
tombstones. All records of the network file are read once at open, so a damaged record is
reported then, and lists are served from memory.

Which tables a meeting's own file holds, and how records are grouped into those files, is
:mod:`storage.meeting_file`'s to know, for a network saved at once too: :meth:`Repository.add_network`
validates every record it is given, in one list of problems, and hands that module the agenda,
attendance, memo and feedback to write.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Set as AbstractSet
from datetime import date, datetime
from typing import Any

from facilitator.local_time import local_day
from facilitator.model import (
    Absence,
    AgendaItem,
    Attendance,
    FeedbackResponse,
    Group,
    Interview,
    Invalid,
    Meeting,
    MeetingStatus,
    MemoEntry,
    Outcome,
    Person,
    Problem,
    utc_now,
    validate_absence,
    validate_group,
    validate_interview,
    validate_outcome,
    validate_person,
)
from facilitator.model.agenda import validate_item
from facilitator.model.meeting import validate_meeting
from facilitator.placing import Unplaceable
from facilitator.text import sort_key
from storage.atomic import json_bytes
from storage.collection import Collection, RecordT, saves
from storage.development import DevelopmentRecords
from storage.meeting_file import MeetingFiles
from storage.removed_sound import remove_sound_of_removed
from storage.set_aside import told_meeting
from storage.transaction import StagedChange
from storage.workspace import Workspace


class Repository(MeetingFiles, DevelopmentRecords):
    """Groups, people, meetings and absences of one workspace, as domain objects; and with them the
    records of each meeting's own file (:class:`~storage.meeting_file.MeetingFiles`) and the
    interviews and outcomes of its people (:class:`~storage.development.DevelopmentRecords`)."""

    def __init__(self, workspace: Workspace, clock: Callable[[], datetime] = utc_now) -> None:
        self.workspace = workspace
        self._clock = clock
        self._told_aside: set[str] = set()  # see set_aside_untold
        self._open_collections()
        self._groups.load()
        self._people.load()
        workspace.check_records = self.load_all

    def _open_collections(self) -> None:
        network = self.workspace.network
        self._groups = Collection(self.workspace, network.table("groups"), Group)
        self._people = Collection(self.workspace, network.table("people"), Person)
        self._meetings = Collection(self.workspace, network.table("meetings"), Meeting)
        self._absences = Collection(self.workspace, network.table("absences"), Absence)
        self._open_development()
        self._forget_meeting_files()

    def reload(self, network: dict[str, dict[str, Any]] | None = None) -> None:
        """Read every record again: an import has replaced the files under us (under the write
        lock, so that a save waiting for it goes on through the new tables).

        ``network`` is the network file's tables as the import has just written them: taken as
        they are, not read and parsed again. Records are decoded when next used, not here: fifty
        bundles imported in a row would otherwise read and decode the whole network fifty times.
        """
        with self.workspace.writing:
            self.workspace.forget_open_files(network)
            self._open_collections()

    def replace_files(
        self, network: dict[str, dict[str, Any]], meeting_files: Mapping[str, dict[str, dict[str, Any]]] | None = None
    ) -> None:
        """Move a new network file, and the meeting files given, into place as one change (see
        :class:`~storage.transaction.StagedChange`), then read on from what was written: an import,
        an erasure and a roster import each compute the whole files and replace them so."""
        change = StagedChange(self.workspace.folder)
        try:
            change.stage("network.json", json_bytes(network))
            for meeting_id, tables in (meeting_files or {}).items():
                change.stage(f"meetings/{meeting_id}.json", json_bytes(tables))
        except Exception:
            change.discard()
            raise
        committed = False
        try:
            change.commit()
            committed = True
        finally:
            # What was just written is kept as written, not read again; after a failure, the files tell.
            self.reload(network if committed else None)

    def load_all(self) -> None:
        """Read the records not needed at start (meetings, absences, interviews, outcomes), e.g. in
        the background."""
        self._meetings.load()
        self._absences.load()
        self._load_development()

    def records_set_aside(self, group_ids: AbstractSet[str] | None = None) -> list[Unplaceable]:
        """The records read so far that every list leaves out because a time of theirs that outputs
        place cannot be placed on a calendar (see :mod:`facilitator.placing`), of the groups
        ``group_ids`` (None: of all): for an output to name them. A meeting is told with its group,
        its day where that can be placed, and how many of its own records go with it. Call it after
        reading what the output shows: the network file's records are known once loaded, a
        meeting's once read."""
        meetings = self._every_meeting_read()
        found = [
            told_meeting(self, self._meetings.held_aside[record_id], record)
            for record_id, record in self._meetings.set_aside.items()
        ]
        for (meeting_id, _name), table in list(self._meeting_tables.items()):
            meeting = meetings.get(meeting_id)
            found += [
                dataclasses.replace(record, group_id=meeting.group_id if meeting else record.group_id)
                for record in table.set_aside.values()
            ]
        found += self._set_aside_in_files.values()
        unique = {record.record_id: record for record in found}
        return [record for record in unique.values() if group_ids is None or record.group_id in group_ids]

    def meetings_set_aside(self, group_id: str) -> list[Meeting]:
        """The group's meetings every list leaves out (see :meth:`records_set_aside`), as stored: the
        planner plans no new meeting while one is set aside. (The rotation does not count their hosts
        yet: a host of a set-aside meeting may be asked again.)"""
        self._meetings.load()
        return [meeting for meeting in self._meetings.held_aside.values() if meeting.group_id == group_id]

    def _every_meeting_read(self) -> dict[str, Meeting]:
        """Every meeting read, by id, set aside or not (a removed one too)."""
        return {**self._meetings._records, **self._meetings.held_aside}

    def now(self) -> datetime:
        """The current moment (tests fix or advance the clock the repository was given)."""
        return self._clock()

    def today(self, time_zone: str | None = None) -> date:
        """Today on the calendar of ``time_zone`` (the group's, when one is concerned), else of the
        system: for what a user reads and for rules such as "a consent cannot be dated in the
        future" (see :func:`~facilitator.local_time.local_day`)."""
        return local_day(self._clock(), time_zone or ())

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

    @saves
    def save_group(self, group: Group) -> Group:
        """Validate and save ``group``; raises :class:`Invalid` with every problem."""
        if problems := self.check_group(group):
            raise Invalid(problems)
        saved = self._stamp(group, self._groups)
        self._groups.put([saved])
        return saved

    @saves
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

    def people_by_group(self) -> dict[str, list[Person]]:
        """Every group's roster as :meth:`people` gives it, by group id, in one pass (see
        :meth:`meetings_by_group`)."""
        found: dict[str, list[Person]] = {}
        for person in sorted(self._people.all(), key=lambda person: (sort_key(person.name), person.id)):
            found.setdefault(person.group_id, []).append(person)
        return found

    def set_aside_untold(self, group_ids: AbstractSet[str] | None = None) -> list[Unplaceable]:
        """:meth:`records_set_aside`, less the records this method gave before: a screen tells each one
        once while the workspace is open, however often the records are read again."""
        untold = [record for record in self.records_set_aside(group_ids) if record.record_id not in self._told_aside]
        self._told_aside.update(record.record_id for record in untold)
        return untold

    def person(self, person_id: str) -> Person:
        return self._people.get(person_id)

    def _person_today(self, person: Person) -> date:
        """Today in the time zone of ``person``'s group: what their records may be dated by."""
        return self.today(self.group(person.group_id).time_zone)

    @saves
    def save_person(self, person: Person) -> Person:
        """Validate and save ``person``; raises :class:`Invalid` with every problem. A research
        consent newly given saves their interviews and outcomes again (:meth:`_development_resent`)."""
        group = self.group(person.group_id)
        if problems := validate_person(person, self.today(group.time_zone)):
            raise Invalid(problems)
        earlier = next((kept for kept in self._people.all() if kept.id == person.id), None)
        saved = self._stamp(person, self._people)
        self._people.put([saved])
        if person.research_consent is not None and (earlier is None or earlier.research_consent is None):
            self._development_resent(person.id)
        return saved

    def stamped_person(self, person: Person) -> Person:
        """``person`` as its next version would be saved, for a change of many people written at
        once (see :mod:`storage.roster_import`); call it holding the write lock."""
        return self._stamp(person, self._people)

    @saves
    def remove_person(self, person_id: str) -> Person:
        """Remove a person from the roster, keeping a tombstone so the removal can travel."""
        removed = self._stamp(self.person(person_id).tombstone(), self._people)
        self._people.put([removed])
        return removed

    def member_counts(self) -> dict[str, int]:
        """Current members per group id, each group on its own day."""
        days = {group.id: self.today(group.time_zone) for group in self._groups.all()}
        today = self.today()
        counts: dict[str, int] = {}
        for person in self._people.all():
            if person.is_current_member(days.get(person.group_id, today)):
                counts[person.group_id] = counts.get(person.group_id, 0) + 1
        return counts

    # -- meetings ----------------------------------------------------------------------------

    def meetings(self, group_id: str) -> list[Meeting]:
        """The group's meetings (removed ones left out), in time order."""
        meetings = [meeting for meeting in self._meetings.all() if meeting.group_id == group_id]
        return sorted(meetings, key=lambda meeting: (meeting.starts_at, meeting.id))

    def meetings_by_group(self) -> dict[str, list[Meeting]]:
        """Every group's meetings as :meth:`meetings` gives them, by group id, in one pass: the
        views of the whole network would otherwise look over every meeting once per group."""
        found: dict[str, list[Meeting]] = {}
        for meeting in sorted(self._meetings.all(), key=lambda meeting: (meeting.starts_at, meeting.id)):
            found.setdefault(meeting.group_id, []).append(meeting)
        return found

    def meeting(self, meeting_id: str) -> Meeting:
        return self._meetings.get(meeting_id)

    @saves
    def save_meetings(self, meetings: list[Meeting], removed: Iterable[Meeting] = ()) -> list[Meeting]:
        """Save ``meetings`` and tombstone ``removed`` together (a season re-plan is one change)."""
        for meeting in meetings:
            self.group(meeting.group_id)
            if problems := validate_meeting(meeting):
                raise Invalid(problems)
        self._refuse_planning_over_set_aside(meetings)
        saved = [self._stamp(meeting, self._meetings) for meeting in meetings]
        saved += [self._stamp(meeting.tombstone(), self._meetings) for meeting in removed]
        self._meetings.put(saved)
        remove_sound_of_removed(self.workspace.folder, saved)  # a meeting removed keeps no sound
        return [meeting for meeting in saved if not meeting.deleted]

    def _refuse_planning_over_set_aside(self, meetings: list[Meeting]) -> None:
        """A new meeting is not planned for a group while one of its meetings is set aside (its
        evening cannot be known, so a plan could fall on it): refused, naming that meeting."""
        from facilitator.i18n import _
        from facilitator.placing import set_aside_notice

        known = self._every_meeting_read()
        groups = {meeting.group_id for meeting in meetings if meeting.id not in known}
        aside = [record for record in self.records_set_aside(groups) if record.kind == "meetings"]
        if aside:
            told = _("No meeting is planned while the group has a meeting set aside.")
            raise Invalid([Problem("starts_at", _("Starts"), f"{told} {set_aside_notice(aside)}")])

    def save_meeting(self, meeting: Meeting) -> Meeting:
        (saved,) = self.save_meetings([meeting])
        return saved

    def meeting_in_progress(self) -> Meeting | None:
        """The meeting started and not yet closed, to return to after a crash (the latest one).

        Asked before the first frame, so that the app opens straight into that meeting: only the
        meetings that may be under way are read (see :meth:`Collection.search`), and the model
        decides.
        """
        started = [meeting for meeting in self._meetings.search(_may_be_in_progress) if meeting.in_progress]
        # A meeting under way has started_at; starts_at only tells mypy the key is never None.
        return max(started, key=lambda meeting: meeting.started_at or meeting.starts_at, default=None)

    # -- absences ------------------------------------------------------------------------------

    def absences(self, group_id: str) -> list[Absence]:
        """Periods when members of the group cannot host, by start."""
        members = {person.id for person in self._people.all() if person.group_id == group_id}
        found = [absence for absence in self._absences.all() if absence.person_id in members]
        return sorted(found, key=lambda absence: (absence.starts, absence.id))

    @saves
    def save_absence(self, absence: Absence) -> Absence:
        self.person(absence.person_id)
        if problems := validate_absence(absence):
            raise Invalid(problems)
        saved = self._stamp(absence, self._absences)
        self._absences.put([saved])
        return saved

    @saves
    def remove_absence(self, absence_id: str) -> None:
        self._absences.put([self._stamp(self._absences.get(absence_id).tombstone(), self._absences)])

    # -- bulk --------------------------------------------------------------------------------

    @saves
    def add_network(
        self,
        groups: list[Group],
        people: list[Person],
        meetings: Iterable[Meeting] = (),
        absences: Iterable[Absence] = (),
        interviews: Iterable[Interview] = (),
        outcomes: Iterable[Outcome] = (),
        agenda_items: Iterable[AgendaItem] = (),
        attendance: Iterable[Attendance] = (),
        memo_entries: Iterable[MemoEntry] = (),
        feedback: Iterable[FeedbackResponse] = (),
    ) -> None:
        """Save a whole new network at once (a write per kind of record, one per meeting's file and
        kind), validating each record first."""
        agenda_items = list(agenda_items)
        problems = [problem for group in groups for problem in validate_group(group)]
        days = {group.id: self.today(group.time_zone) for group in groups if not validate_group(group)}
        problems += [
            problem for person in people for problem in validate_person(person, days.get(person.group_id, self.today()))
        ]
        problems += [problem for item in agenda_items for problem in validate_item(item)]
        group_of = {person.id: person.group_id for person in people}
        interviews, outcomes = list(interviews), list(outcomes)
        problems += [
            problem
            for interview in interviews
            for problem in validate_interview(interview, days.get(group_of.get(interview.person_id, ""), self.today()))
        ]
        problems += [
            problem
            for outcome in outcomes
            for problem in validate_outcome(outcome, days.get(group_of.get(outcome.person_id, ""), self.today()))
        ]
        if problems:
            raise Invalid(problems)
        self._groups.put([self._stamp(group, self._groups) for group in groups])
        self._people.put([self._stamp(person, self._people) for person in people])
        self._meetings.put([self._stamp(meeting, self._meetings) for meeting in meetings])
        self._absences.put([self._stamp(absence, self._absences) for absence in absences])
        self._interviews.put([self._stamp(interview, self._interviews) for interview in interviews])
        self._outcomes.put([self._stamp(outcome, self._outcomes) for outcome in outcomes])
        self._write_new_meeting_files(agenda_items, attendance, memo_entries, feedback)


_CLOSED = frozenset({MeetingStatus.HELD.value, MeetingStatus.CANCELLED.value})


def _may_be_in_progress(document: Mapping[str, Any]) -> bool:
    """A stored meeting that has started and is not held or cancelled (``Meeting.in_progress``
    decides once it is decoded; this only spares decoding the others)."""
    return document.get("started_at") is not None and document.get("status") not in _CLOSED
