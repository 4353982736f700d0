"""What every research export reads: the held meetings of the groups asked for, in the period
asked for, with their memo entries, and the growth interviews and outcomes dated in it, everything
passed through research consent.

Each group is read once (:func:`read_groups`): its meetings' files, everyone its roster has held
and the consent view made of them; the held meetings (:class:`HeldMeeting`) and the interviews and
outcomes (:class:`GroupDevelopment`) are both made from that one reading. The CSV and JSON lines
(:mod:`exports.research`) write the entries, interviews and outcomes in one pass over the groups;
the REFI-QDA project (:mod:`exports.qdpx.sources`) writes the same held meetings in another
shape, so that the period, the held meetings and the consent view can never differ between them.
What leaves the laptop passes through the same :class:`~exports.bundle.privacy.CoordinatorView` as
the coordinator's bundles (DESIGN §5): a person without consent to research use appears only
under the bundles' pseudonym.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from exports.bundle.privacy import CoordinatorView
from exports.bundle.workspace_records import network_tables
from facilitator.activities import activities
from facilitator.history import MeetingRecords
from facilitator.local_time import local_day
from facilitator.model import Group, Interview, Meeting, MeetingStatus, MemoEntry, Outcome, Person, effective_codes
from facilitator.model.group import DEFAULT_TIME_ZONE, is_time_zone
from facilitator.pseudonyms import pseudonym
from facilitator.text import fold
from storage.codec import from_document
from storage.repository import Repository

#: What is read of an exported meeting's file, and of the group's other meetings (their guests
#: may be named in an exported entry): never the feedback, which the exports do not hold.
ENTRY_TABLES = frozenset({"attendance", "memo", "codings", "agenda"})
GUESTS_TABLE = frozenset({"attendance"})


@dataclass(frozen=True)
class HeldMeeting:
    """A held meeting as the research exports see it: its records, and the consent view of its group."""

    group: Group
    meeting: Meeting
    group_meetings: list[Meeting]  # every meeting of the group, this one too (read once for all)
    day: date  # in the group's time zone
    time_zone: str  # the group's, or the default one where this system does not know it
    records: MeetingRecords
    view: CoordinatorView
    names: Mapping[str, str]  # person id -> the name the view gives
    people: Mapping[str, Person]  # everyone the group's roster has held, as stored
    known: frozenset[str]  # the eleven activity codes

    def entries(self) -> Iterator[tuple[MemoEntry, tuple[str, ...]]]:
        """The entries not removed, in the order written, each with its effective codes: the
        researcher's re-code when there is one, else the entry's own, known ones only."""
        recoded = {coding.entry_id: coding for coding in self.records.codings}
        for entry in self.records.memo:
            if not entry.deleted:
                yield entry, known_codes(effective_codes(entry.codes, recoded.get(entry.id)), self.known)

    def agenda_titles(self) -> dict[str, str]:
        """The agenda items' titles by id, as consent allows."""
        return {item.id: self.view.text(item.title) for item in self.records.agenda}

    def person_name(self, person_id: str) -> str:
        """The name of a person an entry mentions, as consent allows (a pseudonym when unknown)."""
        return self.names.get(person_id) or pseudonym(person_id, "Member")

    def host(self) -> Person | None:
        """The meeting's host as consent allows (no business field nor municipality without
        research consent), or None when none is known."""
        host = self.people.get(self.meeting.host_id)
        return self.view(host) if host is not None else None


@dataclass(frozen=True)
class GroupRead:
    """One group as the research exports read it, once: its meetings' records (the held ones in
    the period with their entries, the others with who came), everyone its roster has held, the
    consent view of its records and the name the view gives each person."""

    group: Group
    meetings: list[Meeting]  # every meeting of the group
    held: list[Meeting]  # the meetings held in the period asked for
    time_zone: str  # the group's, or the default one where this system does not know it
    records: Mapping[str, MeetingRecords]  # by meeting id, of the meetings that have their own file
    people: Mapping[str, Person]  # everyone the group's roster has held, as stored
    view: CoordinatorView
    names: Mapping[str, str]  # person id -> the name the view gives
    known: frozenset[str]  # the eleven activity codes

    def held_meetings(self) -> Iterator[HeldMeeting]:
        """The held meetings in the period that hold anything yet, in time order."""
        for meeting in self.held:
            found = self.records.get(meeting.id)
            if found is not None:
                yield HeldMeeting(
                    group=self.group,
                    meeting=meeting,
                    group_meetings=self.meetings,
                    day=local_day(meeting.starts_at, self.time_zone),
                    time_zone=self.time_zone,
                    records=found,
                    view=self.view,
                    names=self.names,
                    people=self.people,
                    known=self.known,
                )

    def development(
        self, interviews: Iterable[Interview], outcomes: Iterable[Outcome], first: date | None, last: date | None
    ) -> GroupDevelopment:
        """The group's ``interviews`` and completed ``outcomes`` (of everyone its roster has held)
        dated in the period, each through the view."""
        return GroupDevelopment(
            group=self.group,
            interviews=[self.view(interview) for interview in interviews if _within(interview.day, first, last)],
            outcomes=[
                self.view(outcome) for outcome in outcomes if not outcome.draft and _within(outcome.day, first, last)
            ],
            names=self.names,
        )


def read_groups(
    repository: Repository,
    groups: Iterable[Group],
    first: date | None = None,
    last: date | None = None,
    progress: Callable[[int, int], None] | None = None,
    *,
    entries: bool = True,
) -> Iterator[GroupRead]:
    """Each of ``groups`` read once (see :class:`GroupRead`), its held meetings those on a day from
    ``first`` to ``last`` (both included; None: no limit) in the group's time zone; without
    ``entries``, only who came to each meeting is read (what the view needs). The records are read
    once and not kept (see ``MeetingFiles.meeting_records``). ``progress(done, total)`` is told after
    each group, once the caller is done with it.

    Callers hold the cycle collector back (:func:`storage.bulk_reading.collector_held_back`).
    """
    repository.load_all()
    groups = list(groups)
    everyone = _everyone(repository, {group.id for group in groups})
    known = frozenset(known.code for known in activities())
    meetings_by_group, roster_by_group = repository.meetings_by_group(), repository.people_by_group()
    with_files = repository.meetings_with_files()
    for done, group in enumerate(groups, start=1):
        zone = _research_zone(group)
        every_meeting = meetings_by_group.get(group.id, [])
        # Held meetings only, as the network's analysis counts them (a meeting under way is not yet data).
        held = [
            meeting
            for meeting in every_meeting
            if meeting.status is MeetingStatus.HELD and _within(local_day(meeting.starts_at, zone), first, last)
        ]
        wanted = {meeting.id for meeting in held} if entries else set()
        # Of the meetings not exported, only who came (the guests).
        records = {
            meeting.id: repository.meeting_records(
                meeting.id, tables=ENTRY_TABLES if meeting.id in wanted else GUESTS_TABLE
            )
            for meeting in every_meeting
            if meeting.id in with_files
        }
        people, view, names = _consent_view(group, records, everyone, roster_by_group)
        yield GroupRead(group, every_meeting, held, zone, records, people, view, names, known)
        if progress is not None:
            progress(done, len(groups))


def held_meetings(
    repository: Repository,
    groups: Iterable[Group],
    first: date | None = None,
    last: date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[HeldMeeting]:
    """The held meetings of ``groups`` on a day from ``first`` to ``last`` (both included; None: no
    limit) in the group's time zone, by group and meeting, each with its records; meetings with
    nothing kept yet are left out. ``progress(done, total)`` is told after each group.

    Callers hold the cycle collector back (:func:`storage.bulk_reading.collector_held_back`).
    """
    for read in read_groups(repository, groups, first, last, progress):
        yield from read.held_meetings()


def _consent_view(
    group: Group,
    records: Mapping[str, MeetingRecords],
    everyone: Mapping[str, Mapping[str, Person]],
    roster_by_group: Mapping[str, list[Person]],
) -> tuple[dict[str, Person], CoordinatorView, dict[str, str]]:
    """Everyone the group's roster has held (by id), the consent view of the group's records, and
    the name the view gives each person. ``records`` are the group's meetings' (their guests: one
    may be named in a later meeting's memo, as in the group's bundles)."""
    guests = [guest for found in records.values() for guest in found.attendance if guest.is_guest]
    people = {**everyone.get(group.id, {}), **{person.id: person for person in roster_by_group.get(group.id, [])}}
    view = CoordinatorView(people.values(), guests)
    names = {person_id: view(person).name for person_id, person in people.items()}
    return people, view, names


@dataclass(frozen=True)
class GroupDevelopment:
    """A group's growth interviews and completed outcomes dated in the period asked for, each as
    consent allows (see :class:`~exports.bundle.privacy.CoordinatorView`: no free text of a
    person without consent to research use, and in the others' texts names hidden as in the memo
    entries' text), with the name the entries' rows give everyone they name."""

    group: Group
    interviews: list[Interview]
    outcomes: list[Outcome]
    names: Mapping[str, str]  # person id -> the name the view gives, as the entries' rows have it

    def person_name(self, person_id: str) -> str:
        """The person as the entries' ``people`` column names them (:meth:`HeldMeeting.person_name`):
        by name with consent to research use, else under the bundles' pseudonym (``Member-3F9A2C``),
        so that the files join on it."""
        return self.names.get(person_id) or pseudonym(person_id, "Member")

    @cached_property
    def _given_names(self) -> dict[str, str]:
        """The names the view gives, by their folded form (built once for every interview)."""
        return {_folded(name): name for name in self.names.values()}

    def interviewer(self, typed: str) -> str:
        """An interview's interviewer (already through the view) as the entries treat a name: the
        whole name of someone on the group's roster (a facilitator, a researcher) as the ``people``
        column names them, spelled as there; anyone else as typed, as in an entry's text."""
        return self._given_names.get(_folded(typed), typed)


def _folded(name: str) -> str:
    return fold(" ".join(name.split()))


def _research_zone(group: Group) -> str:
    """The group's time zone, or the default one where this system does not know it."""
    return group.time_zone if is_time_zone(group.time_zone) else DEFAULT_TIME_ZONE


def _within(day: date, first: date | None, last: date | None) -> bool:
    return (first is None or day >= first) and (last is None or day <= last)


def known_codes(codes: Iterable[str], known: Collection[str]) -> tuple[str, ...]:
    """The entry's codes that are among the ``known`` eleven, as the codes are written (see
    :func:`~facilitator.activities.activity`), each once."""
    found: list[str] = []
    for code in codes:
        wanted = code.strip().upper()
        if wanted in known and wanted not in found:
            found.append(wanted)
    return tuple(found)


def _everyone(repository: Repository, group_ids: set[str]) -> dict[str, dict[str, Person]]:
    """Everyone the roster of each group of ``group_ids`` has held, by group id, those removed too:
    a removed member's name typed in an old memo entry must be hidden as well as a current
    member's. Read in one pass over the network file, not once per group."""
    people: dict[str, dict[str, Person]] = {}
    for document in network_tables(repository.workspace).get("people", {}).values():
        if document.get("group_id") in group_ids:
            people.setdefault(document["group_id"], {})[document["id"]] = from_document(Person, document)
    return people
