"""Erasing a person from the whole workspace, backups included, as one change.

The rules are :mod:`facilitator.erasure`'s; this module applies them to every file (with
:mod:`storage.record_cleaning`): on the laptop that erases, each record changed is a new version
saved here (it travels in the next bundle and replaces the old one everywhere); on a laptop
cleaning what arrived, in place, the version kept as it was. The erased person's own conflict is
settled by the tombstone (it has seen every side).

The sound of the meetings the person attended is deleted first (see
:mod:`storage.withdrawn_consent`): backups hold no sound, so no copy of it is left.

The workspace changes all at once (:class:`~storage.transaction.StagedChange`). The backups are
rewritten first, file by file, each atomically: should the change then fail, the person is still
in the workspace and can be erased again; no backup is left holding them once it succeeded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from facilitator.dates import format_count, format_date, format_time
from facilitator.erasure import Erasure, erased_tombstone
from facilitator.i18n import _, ngettext
from facilitator.local_time import local_moment
from facilitator.model import (
    Person,
    Record,
)
from storage.codec import from_document
from storage.collection import after_stored
from storage.record_cleaning import (
    Document,
    Stamp,
    Tables,
    backups_holding,
    clean_tables,
    meeting_ids,
    read_meeting_tables,
    rewrite_backups,
)
from storage.recordings import delete_recordings
from storage.repository import Repository
from storage.sync_ledger import CONFLICTS_TABLE
from storage.withdrawn_consent import recordings_lines, recordings_to_delete
from storage.workspace import Workspace


@dataclass
class ErasureCounts:
    """What an erasure changes, for its confirmation and its report."""

    memo_entries: int = 0
    action_items: int = 0
    attendance_rows: int = 0
    meetings_hosted: int = 0
    absences: int = 0
    interviews: int = 0
    outcomes: int = 0
    other_records: int = 0
    #: The backups that hold the person, rewritten without them.
    backups: list[Path] = field(default_factory=list)
    #: The backups removed instead, as a file of theirs could not be read (see :func:`rewrite_backups`).
    removed_backups: list[Path] = field(default_factory=list)
    #: The meetings they attended whose sound is deleted, one line each (group, date, files).
    recordings: list[str] = field(default_factory=list)
    #: The sound files deleted, once applied.
    sound_files: int = 0

    def lines(self, *, done: bool = False) -> list[str]:
        """What the erasure changes (or, ``done``, changed), one line each; what it leaves alone is not said."""
        counted = [
            (
                self.memo_entries,
                ngettext(
                    "{count} memo entry that names them or is theirs",
                    "{count} memo entries that name them or are theirs",
                    self.memo_entries,
                ),
            ),
            (
                self.action_items,
                ngettext("{count} action item they owned", "{count} action items they owned", self.action_items),
            ),
            (self.attendance_rows, ngettext("{count} attendance row", "{count} attendance rows", self.attendance_rows)),
            (
                self.meetings_hosted,
                ngettext("{count} meeting they hosted", "{count} meetings they hosted", self.meetings_hosted),
            ),
            (self.absences, ngettext("{count} absence", "{count} absences", self.absences)),
            (self.interviews, ngettext("{count} interview", "{count} interviews", self.interviews)),
            (self.outcomes, ngettext("{count} outcome", "{count} outcomes", self.outcomes)),
            (
                self.other_records,
                ngettext(
                    "{count} other record naming them (agenda, feedback, meetings, others' interviews and outcomes)",
                    "{count} other records naming them (agenda, feedback, meetings, others' interviews and outcomes)",
                    self.other_records,
                ),
            ),
        ]
        lines = ["  " + text.format(count=format_count(count)) for count, text in counted if count]
        if self.backups:
            heading = (
                ngettext(
                    "{count} backup rewritten without them:",
                    "{count} backups rewritten without them:",
                    len(self.backups),
                )
                if done
                else ngettext(
                    "{count} backup to rewrite without them:",
                    "{count} backups to rewrite without them:",
                    len(self.backups),
                )
            )
            # Named by their folders, oldest first; more than three by the first and the last (all between too).
            shown = self.backups if len(self.backups) <= 3 else [self.backups[0], self.backups[-1]]
            names = (", " if len(self.backups) <= 3 else " … ").join(map(_backup_time, shown))
            lines.append("  " + heading.format(count=format_count(len(self.backups))) + " " + names)
        if self.recordings:
            lines.append("  " + self._recordings_heading(done=done))
            lines += ["  " + line for line in self.recordings]
        if self.removed_backups:
            removed = ngettext(
                "{count} damaged backup removed:", "{count} damaged backups removed:", len(self.removed_backups)
            )
            names = ", ".join(map(_backup_time, self.removed_backups))
            lines.append("  " + removed.format(count=format_count(len(self.removed_backups))) + " " + names)
        return lines

    def _recordings_heading(self, *, done: bool) -> str:
        """The recordings of the meetings they attended: their sound goes (backups never hold sound)."""
        meetings = len(self.recordings)
        if done:
            return ngettext(
                "{count} sound file deleted, of the meetings they attended (backups hold no sound):",
                "{count} sound files deleted, of the meetings they attended (backups hold no sound):",
                self.sound_files,
            ).format(count=format_count(self.sound_files))
        return ngettext(
            "The recording of {count} meeting they attended, every sound file of it, to delete (backups hold "
            "no sound):",
            "The recordings of {count} meetings they attended, every sound file of each, to delete (backups hold "
            "no sound):",
            meetings,
        ).format(count=format_count(meetings))

    def add(self, name: str, before: Document, erased_ids: frozenset[str]) -> None:
        """Count one record that the erasure changes, by what it was."""
        if name == "memo":
            self.memo_entries += 1
            self.action_items += before.get("owner_id") in erased_ids
        elif name == "attendance" and before.get("person_id") in erased_ids:
            self.attendance_rows += 1
        elif name == "meetings" and before.get("host_id") in erased_ids:
            self.meetings_hosted += 1
        elif name == "absences" and before.get("person_id") in erased_ids:
            self.absences += 1
        elif name in ("interviews", "outcomes") and before.get("person_id") in erased_ids:
            # Theirs: one removed before (a tombstone that still held their answers) is cleaned, not
            # counted, as the user no longer sees it.
            if not before.get("deleted"):
                self.interviews += name == "interviews"
                self.outcomes += name == "outcomes"
        elif name != "people":
            self.other_records += 1


def _backup_time(backup: Path) -> str:
    """When a backup was taken, as the user reads a time (its folder's name, should that not say)."""
    try:
        taken = datetime.strptime(backup.name.split("-")[0], "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)
    except ValueError:
        return backup.name
    moment = local_moment(taken)
    return f"{format_date(moment.date())} {format_time(moment)}"


def erasable_people(workspace: Workspace) -> list[Person]:
    """Everyone the workspace holds data of: the people on its rosters and those removed before
    erasure existed, whose tombstones still hold their data; not those erased already."""
    with workspace.writing:
        documents = list((workspace.network.storage.read() or {}).get("people", {}).values())
    people = [from_document(Person, document) for document in documents]
    return [person for person in people if not person.erased]


def confirmation(person: Person, counts: ErasureCounts) -> str:
    """The question asked before erasing ``person``: what goes, and where."""
    lines = [
        _(
            "Erase {name}? The roster record, and the name, company, e-mail, phone and premises address wherever "
            "they were typed, go from this workspace and its backups, and from the co-facilitators' and the "
            "coordinator's with the next bundles. This cannot be undone."
        ).format(name=person.name or person.id),
        *counts.lines(),
    ]
    return "\n".join(lines)


class WorkspaceErasure:
    """The erasure of one person from a workspace, worked out in memory: :attr:`counts` says what
    it changes (for the confirmation); :meth:`apply` works it out again, holding the write lock
    until it is written (a save may have come between the question and the answer), and writes it."""

    def __init__(self, repository: Repository, person_id: str, *, salt: str | None = None) -> None:
        self._repository = repository
        self._workspace = repository.workspace
        self._person_id = person_id
        self._salt = salt
        self._plan()
        # For the confirmation; :meth:`apply` counts the backups it rewrites and the sound it deletes.
        self.counts.backups = backups_holding(self._workspace.folder, person_id)
        recorded = recordings_to_delete(repository, [person_id])
        self.counts.recordings = recordings_lines(repository, recorded)

    def _plan(self) -> None:
        workspace, person_id, salt, repository = self._workspace, self._person_id, self._salt, self._repository
        with workspace.writing:
            network = dict(workspace.network.storage.read() or {})
            person_documents = [
                document for document in network.get("people", {}).values() if document.get("id") == person_id
            ]
            if not person_documents:
                raise LookupError(person_id)
            person = from_document(Person, person_documents[0])
            self.person = person
            tombstone = erased_tombstone(person, salt)
            roster = [
                from_document(Person, document)
                for document in network.get("people", {}).values()
                if document.get("group_id") == person.group_id and document.get("id") != person_id
            ]
            sides = [
                from_document(Person, conflict["record"])
                for conflict in network.get(CONFLICTS_TABLE, {}).values()
                if conflict.get("type") == "people" and conflict.get("record", {}).get("id") == person_id
            ]
            # Every name the person had on any side, so that each is found as typed.
            named = [person, *(side for side in sides if side.name != person.name)]
            self._erasure = Erasure([tombstone], named, roster)
            self.counts = ErasureCounts()
            now = repository.now()
            stamp = _stamper(workspace.id, now)
            self._network = clean_tables(network, self._erasure, stamp=stamp, counts=self.counts) or network
            self._settle_own_conflict(person_id, sides)
            self._meeting_files: dict[str, Tables] = {}
            for meeting_id in meeting_ids(workspace.folder):
                tables = read_meeting_tables(workspace, meeting_id)
                cleaned = clean_tables(tables, self._erasure, stamp=stamp, counts=self.counts)
                if cleaned is not None:
                    self._meeting_files[meeting_id] = cleaned

    def _settle_own_conflict(self, person_id: str, sides: list[Person]) -> None:
        """The tombstone replaces every side of a conflict over the person: its version has seen them all."""
        if not sides:
            return
        conflicts = {
            number: conflict
            for number, conflict in self._network.get(CONFLICTS_TABLE, {}).items()
            if not (conflict.get("type") == "people" and conflict.get("record", {}).get("id") == person_id)
        }
        people = dict(self._network["people"])
        for number, document in people.items():
            if document.get("id") == person_id:
                versions = dict(document["versions"])
                for side in sides:
                    for key, count in side.versions.items():
                        versions[key] = max(versions.get(key, 0), count)
                people[number] = {**document, "versions": versions}
        self._network = {**self._network, CONFLICTS_TABLE: conflicts, "people": people}

    def apply(self) -> ErasureCounts:
        """Delete the sound of the meetings they attended, rewrite the backups, then change the
        workspace all at once; the counts, with the backups rewritten and the sound files deleted.

        The sound goes first, while their attendance still says where they were: should the rest
        then fail, the person is still here and can be erased again."""
        workspace = self._workspace
        with workspace.writing:
            workspace.refuse_if_closed()
            recorded = recordings_to_delete(self._repository, [self._person_id])
            recordings = recordings_lines(self._repository, recorded)
            sound_files = delete_recordings(self._repository, [meeting.id for meeting in recorded]) if recorded else 0
            self._plan()
            self.counts.recordings, self.counts.sound_files = recordings, sound_files
            self.counts.backups, self.counts.removed_backups = rewrite_backups(workspace.folder, self._erasure)
            self._repository.replace_files(self._network, self._meeting_files)
        return self.counts


def _stamper(workspace_id: str, now: datetime) -> Stamp:
    """Saves made by the erasure: one revision further, never older than the version replaced."""

    def stamp(record: Record) -> Record:
        return record.stamped(workspace_id, after_stored(record, now))

    return stamp
