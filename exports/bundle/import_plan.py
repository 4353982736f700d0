"""The plan of one bundle's import: the merged contents of every file it changes, worked out in
memory before anything is written, so that the import is applied all at once or not at all.

Every arriving record is first checked, all of them before any is merged (each alone as it was
read: :mod:`exports.bundle.record_checks`; against the bundle and the network file:
:mod:`exports.bundle.bundle_checks`; what is new, against the meeting files:
:mod:`exports.bundle.meeting_file_ids`); one that fails refuses the bundle. Then each is merged version by version
(:mod:`exports.bundle.merge`) into a copy of the table it belongs to, in the network file or in its
meeting's own file; the stored tables are never changed in place. :mod:`exports.bundle.importer`
writes the plan.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from exports.bundle.archive import BundleRefused, short_id
from exports.bundle.bundle_checks import Arriving, RecordChecks
from exports.bundle.format import RECEIVED_AT, RECORD_TYPES, TYPES_BY_NAME
from exports.bundle.meeting_file_ids import MeetingFileIds
from exports.bundle.merge import Document, Outcome, Precedences, merge_version
from exports.bundle.reader import Bundle
from exports.bundle.record_checks import MAX_VERSIONS_APART
from exports.bundle.withdrawn import ConsentWithdrawn, withdrawn_consents
from exports.bundle.workspace_records import Tables, network_tables, read_tables
from facilitator.dates import format_count
from facilitator.erasure import Erasure
from facilitator.i18n import _
from facilitator.model import Person
from facilitator.record_rules import kind_label
from storage.codec import from_document
from storage.errors import StorageError
from storage.record_cleaning import clean_tables, meeting_ids
from storage.sync_ledger import CONFLICTS_TABLE
from storage.workspace import Workspace
from storage.workspace_info import WorkspaceRole

#: Called with how much of the work is done, out of how much.
Progress = Callable[[int, int], None]


class ImportPlan:
    """The merged contents of every file one bundle changes, worked out before anything is written."""

    def __init__(self, workspace: Workspace, bundle: Bundle, now: str, file_digest: str | None) -> None:
        self._workspace = workspace
        self._bundle = bundle
        self.now = now
        #: Tables are copied only where they change: the stored ones are never changed in place.
        self.network: Tables = dict(network_tables(workspace))
        #: The network file's tables as stored before this import (never changed in place).
        self.stored: Tables = dict(self.network)
        #: The people as stored before this import: who was erased here already.
        self._stored_people = self.network.get("people", {})
        #: The erasure of people this import erases here for the first time (None: nobody): the
        #: backups are to be cleaned of them once the import is written.
        self.erasure: Erasure | None = None
        #: The coordinator's view applied again for a consent withdrawn (the backups follow it too).
        self.withdrawn: ConsentWithdrawn | None = None
        self.meeting_files: dict[str, Tables] = {}
        self.counts: dict[tuple[str, str], dict[Outcome, int]] = {}
        self.changed = False
        #: The SHA-256 of the file as it was read: the same file again is known without reading it.
        self.file_digest = file_digest
        self._copied: set[tuple[str | None, str]] = set()
        #: The next free document number of each table of records added to, by ``(file, table)``:
        #: found once, not by looking over the whole table for each record added (the network
        #: file of twenty years of a network holds tens of thousands).
        self._free: dict[tuple[str | None, str], int] = {}
        #: The conflict sides of each file's records (see :meth:`_sides_of`), by file.
        self._sides: dict[str | None, dict[tuple[str, str], list[str]]] = {}
        #: Records merged already by this import, by (file, kind, id): what is held of them is
        #: settled (no version kept was made knowing another, in order), see :func:`merge_version`.
        self._settled: set[tuple[str | None, str, str]] = set()
        #: Each version's precedence, worked out once in this import (see :class:`Precedences`).
        self._precedences = Precedences()
        #: The ids of the workspace's meeting files, read when a record new here asks.
        self._meeting_file_ids = MeetingFileIds(workspace, self.network)
        #: Where each record of the network file is: ``{kind: {record id: document number}}``.
        self._numbers = {
            record_type.name: _numbers_by_id(self.network.get(record_type.table, {}))
            for record_type in RECORD_TYPES
            if not record_type.in_meeting_file
        }

    def merge(self, progress: Progress | None) -> None:
        """Check every record of the bundle against the workspace, then merge them: the network
        file's first, then each meeting's file (its records checked against the meeting files first)."""
        arriving = RecordChecks(self._bundle, self.network).checked()
        by_meeting: dict[str, list[Arriving]] = {}
        network_work: list[Arriving] = []
        coordinator = self._workspace.info.role is WorkspaceRole.COORDINATOR
        for record in arriving:
            if coordinator and record.kind == "meetings" and record.document.get("host_reason"):
                # An app before bundle format 2 sent the rotation's explanation, which names
                # members and their absences' reasons: the coordinator keeps none of it.
                record = Arriving(record.kind, {**record.document, "host_reason": ""}, record.group)
            if TYPES_BY_NAME[record.kind].in_meeting_file:
                by_meeting.setdefault(record.document["meeting_id"], []).append(record)
            else:
                network_work.append(record)
        self._meeting_file_ids.refuse_new_network_records(
            record for record in network_work if record.document["id"] not in self._numbers[record.kind]
        )
        self._meeting_file_ids.refuse_links_into_meetings(network_work, {record.document["id"] for record in arriving})
        for record in network_work:
            self._merge_into(self.network, None, record)
        for done, (meeting_id, work) in enumerate(sorted(by_meeting.items()), start=1):
            tables = self._meeting_tables(meeting_id)
            numbers = {
                record_type.name: _numbers_by_id(tables.get(record_type.table, {}))
                for record_type in RECORD_TYPES
                if record_type.in_meeting_file
            }
            self._meeting_file_ids.refuse_for_meeting(meeting_id, work, numbers)
            changed = False
            for record in work:
                changed |= self._merge_into(tables, meeting_id, record, numbers)
            if changed:
                self.meeting_files[meeting_id] = tables
            if progress is not None:
                progress(done, len(by_meeting))

    def clean_erased(self) -> None:
        """Apply every erasure this workspace knows of to what the bundle brought (see
        :mod:`facilitator.erasure`): an old bundle, or an edit made before the erasure reached its
        maker, never brings an erased person back. A person erased by this very bundle is erased
        from the whole workspace: every meeting's file, and (once written) the backups.

        What is cleaned here is cleaned in place (the version stays the one that arrived) and
        marked received now, so that this workspace's next bundle carries the cleaned copy on."""
        erased = [
            from_document(Person, document)
            for document in self.network.get("people", {}).values()
            if document.get("erased_salt")
        ]
        if not erased:
            return
        known = {document.get("id") for document in self._stored_people.values() if document.get("erased_salt")}
        fresh = any(person.id not in known for person in erased)
        roster = [
            from_document(Person, document)
            for document in self.network.get("people", {}).values()
            if not document.get("deleted")
        ]
        erasure = Erasure(erased, roster=roster)
        arrived_now = None if fresh else (lambda document: document.get(RECEIVED_AT) == self.now)
        cleaned = clean_tables(self.network, erasure, received_at=self.now, only=arrived_now)
        if cleaned is not None:
            self.network = cleaned
            self.changed = True
        files = set(self.meeting_files) | (set(meeting_ids(self._workspace.folder)) if fresh else set())
        for meeting_id in sorted(files):
            tables = self.meeting_files.get(meeting_id) or self._meeting_tables(meeting_id)
            cleaned = clean_tables(tables, erasure, received_at=self.now, only=arrived_now)
            if cleaned is not None:
                self.meeting_files[meeting_id] = cleaned
                self.changed = True
        if fresh:
            self.erasure = erasure

    def follow_withdrawn_consents(self, firm_secrets: Mapping[str, bytes]) -> None:
        """On the coordinator's workspace, a consent withdrawn in an arriving person's version is
        applied to the texts of every record of their group held here (see
        :mod:`exports.bundle.withdrawn`); ``firm_secrets``: each group's secret of its firm tokens
        (:func:`exports.bundle.privacy.firm_secrets` of the keys held here)."""
        if self._workspace.info.role is not WorkspaceRole.COORDINATOR:
            return
        people = self.network.get("people", {})
        withdrawn = withdrawn_consents(self._stored_people.values(), people.values())
        if not withdrawn:
            return
        groups = {person.group_id for person in withdrawn}
        shown = [
            from_document(Person, document)
            for document in people.values()
            if document.get("group_id") in groups and not document.get("deleted")
        ]
        change = ConsentWithdrawn(withdrawn, shown, firm_secrets)
        self.withdrawn = change
        cleaned = clean_tables(self.network, change, received_at=self.now)
        if cleaned is not None:
            self.network = cleaned
            self.changed = True
        meetings = self.network.get("meetings", {}).values()
        for meeting_id in sorted({meeting["id"] for meeting in meetings if meeting.get("group_id") in groups}):
            tables = self.meeting_files.get(meeting_id) or self._meeting_tables(meeting_id)
            cleaned = clean_tables(tables, change, received_at=self.now)
            if cleaned is not None:
                self.meeting_files[meeting_id] = cleaned
                self.changed = True

    def _meeting_tables(self, meeting_id: str) -> Tables:
        open_file = self._workspace.open_meeting_file(meeting_id)
        if open_file is not None:
            return dict(open_file.storage.read() or {})
        try:
            return dict(read_tables(self._workspace.meeting_path(meeting_id)))
        except StorageError as error:
            raise BundleRefused(
                _("This workspace's own file of a meeting in the bundle is damaged: {reason}").format(reason=error)
            ) from error

    def _new_number(self, table: dict[str, Document], file_key: str | None, name: str) -> str:
        """The document number of a record added to ``table`` (records are only ever added to it)."""
        number = self._free.get((file_key, name)) or next_number(table)
        self._free[file_key, name] = number + 1
        return str(number)

    def _table(self, tables: Tables, file_key: str | None, name: str) -> dict[str, Document]:
        """``tables[name]``, copied the first time it changes so that the stored one stays as it is."""
        if (file_key, name) not in self._copied:
            tables[name] = dict(tables.get(name, {}))
            self._copied.add((file_key, name))
        return tables[name]

    def _merge_into(
        self,
        tables: Tables,
        file_key: str | None,
        record: Arriving,
        numbers: dict[str, dict[str, str]] | None = None,
    ) -> bool:
        """Merge one arriving version into ``tables``; whether anything changed.

        The versions held of the record are found through indexes made once per file (its
        number in its table, its conflict's sides by kind and id), so that each version merged
        costs what its own record holds, not what the whole file holds."""
        numbers = self._numbers if numbers is None else numbers
        name, document = record.kind, record.document
        record_type = TYPES_BY_NAME[name]
        number = numbers[name].get(document["id"])
        all_sides = self._sides_of(tables, file_key)
        sides = all_sides.get((name, document["id"]), [])
        conflicts = tables.get(CONFLICTS_TABLE, {})
        known = ([tables[record_type.table][number]] if number is not None else []) + [
            conflicts[key]["record"] for key in sides
        ]
        settled = (file_key, name, document["id"]) in self._settled
        versions, outcome = merge_version(
            known, {**document, RECEIVED_AT: self.now}, settled=settled, ranked=self._precedences
        )
        by_outcome = self.counts.setdefault((self._bundle.group_names.get(record.group, record.group), name), {})
        by_outcome[outcome] = by_outcome.get(outcome, 0) + 1
        if outcome is Outcome.UNCHANGED:
            return False
        if len(versions) > max(MAX_VERSIONS_APART, len(known)):
            raise BundleRefused(
                _(
                    "Importing the bundle would keep more than {limit} versions of one record made apart ({kind} "
                    "{id}). Nothing was imported. Settle that record's conflict here first, then import the bundle "
                    "again."
                ).format(limit=format_count(MAX_VERSIONS_APART), kind=kind_label(name), id=short_id(document["id"]))
            )
        self.changed = True
        self._settled.add((file_key, name, document["id"]))
        table = self._table(tables, file_key, record_type.table)
        if number is None:
            number = numbers[name][document["id"]] = self._new_number(table, file_key, record_type.table)
        table[number] = versions[0]
        conflicts = self._table(tables, file_key, CONFLICTS_TABLE)
        for key in sides:
            del conflicts[key]
        kept = []
        for side in versions[1:]:
            key = self._new_number(conflicts, file_key, CONFLICTS_TABLE)
            conflicts[key] = {"type": name, "record": side}
            kept.append(key)
        all_sides[name, document["id"]] = kept
        return True

    def _sides_of(self, tables: Tables, file_key: str | None) -> dict[tuple[str, str], list[str]]:
        """The document numbers of the conflict sides of each record of a file, by kind and id:
        found once per file, then kept up to date as sides are replaced."""
        if file_key not in self._sides:
            index: dict[tuple[str, str], list[str]] = {}
            for key, stored in tables.get(CONFLICTS_TABLE, {}).items():
                side = stored.get("record")
                if isinstance(side, dict):
                    index.setdefault((str(stored.get("type")), str(side.get("id"))), []).append(key)
            self._sides[file_key] = index
        return self._sides[file_key]


def _numbers_by_id(table: dict[str, Document]) -> dict[str, str]:
    return {document["id"]: number for number, document in table.items() if "id" in document}


def next_number(table: dict[str, Document]) -> int:
    """The number after the highest document number of ``table``: the next record added there takes it."""
    return max((int(key) for key in table), default=0) + 1
