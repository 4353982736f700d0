"""What every research export reads: the held meetings of the groups asked for, in the period
asked for, with their memo entries and everything passed through research consent.

The CSV and JSON lines (:mod:`exports.research`) and the REFI-QDA project
(:mod:`exports.qdpx.sources`) write the same entries in different shapes; they read them here,
once, so that the period, the held meetings and the consent view can never differ between them.
What leaves the laptop passes through the same :class:`~exports.bundle.privacy.CoordinatorView` as
the coordinator's bundles (DESIGN §5): a person without consent to research use appears only
under the bundles' pseudonym.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date

from exports.bundle.privacy import CoordinatorView, pseudonym
from exports.bundle.workspace_records import network_tables
from facilitator.activities import activities
from facilitator.history import MeetingRecords
from facilitator.local_time import local_day
from facilitator.model import Group, Meeting, MeetingStatus, MemoEntry, Person, effective_codes
from facilitator.model.group import DEFAULT_TIME_ZONE, is_time_zone
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


def held_meetings(
    repository: Repository,
    groups: Iterable[Group],
    first: date | None = None,
    last: date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[HeldMeeting]:
    """The held meetings of ``groups`` on a day from ``first`` to ``last`` (both included; None: no
    limit) in the group's time zone, by group and meeting, each with its records read once and
    not kept (see ``MeetingFiles.meeting_records``); meetings with nothing kept yet are left out.
    ``progress(done, total)`` is told after each group.

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
        meetings = [
            meeting
            for meeting in every_meeting
            if meeting.status is MeetingStatus.HELD and _within(local_day(meeting.starts_at, zone), first, last)
        ]
        wanted = {meeting.id for meeting in meetings}
        # Of the meetings not exported, only who came (the guests).
        records = {
            meeting.id: repository.meeting_records(
                meeting.id, tables=ENTRY_TABLES if meeting.id in wanted else GUESTS_TABLE
            )
            for meeting in every_meeting
            if meeting.id in with_files
        }
        # Every guest the group has had, as in its bundles: one may be named in a later meeting's memo.
        guests = [guest for found in records.values() for guest in found.attendance if guest.is_guest]
        people = {**everyone.get(group.id, {}), **{person.id: person for person in roster_by_group.get(group.id, [])}}
        view = CoordinatorView(people.values(), guests)
        names = {person_id: view(person).name for person_id, person in people.items()}
        for meeting in meetings:
            found = records.get(meeting.id)
            if found is not None:
                yield HeldMeeting(
                    group=group,
                    meeting=meeting,
                    group_meetings=every_meeting,
                    day=local_day(meeting.starts_at, zone),
                    time_zone=zone,
                    records=found,
                    view=view,
                    names=names,
                    people=people,
                    known=known,
                )
        if progress is not None:
            progress(done, len(groups))


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
