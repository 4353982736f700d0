"""Importing bundles: each checked whole, then applied to the workspace all at once, or not at all.

Records are matched by id and merged version by version (:mod:`exports.bundle.merge`), so a
bundle imported twice, or a second bundle holding the same records, changes nothing, and
bundles give the same result in any order. The new network file and meeting files are written
as one staged change (:mod:`storage.transaction`): a crash leaves the workspace as it was or
fully imported. Each file gets a report: per group and kind of record, how many were new,
updated, unchanged or in conflict.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from exports.bundle.format import RECEIVED_AT, RECORD_TYPES, TYPES_BY_NAME, Audience
from exports.bundle.merge import Document, Outcome, merge_version
from exports.bundle.reader import Bundle, BundleRefused, read_bundle
from exports.bundle.workspace_records import Tables, network_tables, read_tables
from facilitator.dates import format_day
from facilitator.i18n import _, ngettext
from facilitator.local_time import local_day
from storage.atomic import json_bytes
from storage.errors import StorageError
from storage.repository import Repository
from storage.sync_ledger import CONFLICTS_TABLE, IMPORTED_TABLE, SyncLedger
from storage.transaction import ChangeUnfinished, StagedChange
from storage.workspace import Workspace
from storage.workspace_info import WorkspaceRole

Progress = Callable[[int, int], None]


class ImportStatus(StrEnum):
    IMPORTED = "imported"
    ALREADY = "already imported"
    REFUSED = "refused"


@dataclass
class ImportReport:
    """What importing one file did."""

    path: Path
    status: ImportStatus
    message: str = ""
    #: ``{(group name, kind of record): {outcome: count}}``
    counts: dict[tuple[str, str], dict[Outcome, int]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status is not ImportStatus.REFUSED

    def total(self, outcome: Outcome) -> int:
        return sum(by_outcome.get(outcome, 0) for by_outcome in self.counts.values())

    def line(self) -> str:
        """One line for this file, as the command prints it."""
        if self.status is ImportStatus.IMPORTED:
            detail = ", ".join(counted(outcome, self.total(outcome)) for outcome in Outcome)
            return _("{file}: imported: {detail}").format(file=self.path.name, detail=detail)
        if self.status is ImportStatus.ALREADY:
            return _("{file}: {message}").format(file=self.path.name, message=self.message)
        return _("{file}: refused: {reason}").format(file=self.path.name, reason=self.message)


def counted(outcome: Outcome, count: int) -> str:
    """ "3 new", "1 conflict": how many records had ``outcome``, in the form the count asks for."""
    if outcome is Outcome.NEW:
        text = ngettext("{count} new", "{count} new", count)
    elif outcome is Outcome.UPDATED:
        text = ngettext("{count} updated", "{count} updated", count)
    elif outcome is Outcome.UNCHANGED:
        text = ngettext("{count} unchanged", "{count} unchanged", count)
    else:
        text = ngettext("{count} conflict", "{count} conflicts", count)
    return text.format(count=count)


class Importer:
    """Imports bundles into one open workspace, one file at a time.

    A copy of the workspace is kept in ``backups/`` before the first file that changes anything.
    """

    def __init__(self, repository: Repository) -> None:
        self._repository = repository
        self._workspace = repository.workspace
        self._ledger = SyncLedger(repository.workspace)
        self._backed_up = False

    def import_files(self, paths: list[Path], progress: Progress | None = None) -> list[ImportReport]:
        reports = []
        for number, path in enumerate(paths):

            def file_progress(done: int, total: int, number: int = number) -> None:
                if progress is not None:
                    progress(number * 1000 + done * 1000 // max(total, 1), len(paths) * 1000)

            reports.append(self.import_file(Path(path), file_progress))
            if progress is not None:
                progress((number + 1) * 1000, len(paths) * 1000)
        return reports

    def import_file(self, path: Path, progress: Progress | None = None) -> ImportReport:
        """Check ``path`` whole, then apply it; never raises for a bad file (the report says why)."""
        keys = {group_id: key.secret_bytes for group_id, key in self._ledger.keys().items()}
        try:
            digest = _file_digest(path)
            bundle = read_bundle(
                path,
                keys,
                known=lambda bundle_id: self._imported_as(bundle_id, digest),
                accepts=self._check_meant_for_here,
            )
        except BundleRefused as error:
            return ImportReport(path, ImportStatus.REFUSED, str(error))
        earlier = self._ledger.imported(bundle.bundle_id)
        if earlier is not None:
            return ImportReport(path, ImportStatus.ALREADY, self._already_message(earlier))
        # From reading the files to replacing them, no other write may come between; the time a
        # record is received is taken inside, as a save's (a bundle made meanwhile must not miss it).
        with self._workspace.writing:
            now = self._repository.now().astimezone(UTC).isoformat(timespec="milliseconds")
            try:
                plan = _Plan(self._workspace, bundle, now, digest)
                plan.merge(progress)
            except BundleRefused as error:
                return ImportReport(path, ImportStatus.REFUSED, str(error))
            report = ImportReport(path, ImportStatus.IMPORTED, counts=plan.counts)
            try:
                self._apply(plan, bundle, report)
            except ChangeUnfinished as error:
                self._workspace.stop_writing(str(error))
                return ImportReport(path, ImportStatus.REFUSED, str(error))
            except StorageError as error:
                return ImportReport(path, ImportStatus.REFUSED, _("not imported: {reason}").format(reason=error))
        return report

    def _imported_as(self, bundle_id: str, digest: str | None) -> bool:
        """Whether this very file (byte for byte) was imported before: its records were checked
        then, so a second import of it need not read them again."""
        earlier = self._ledger.imported(bundle_id)
        return earlier is not None and digest is not None and earlier.get("file_sha256") == digest

    def _check_meant_for_here(self, bundle: Bundle) -> None:
        """Refuse a bundle made here, or made for the other role (checked before its signature, so
        that the reason given is this one, not a missing key)."""
        if bundle.source_workspace == self._workspace.id:
            raise BundleRefused(_("This bundle was made in this workspace: there is nothing in it to import."))
        coordinator = self._workspace.info.role is WorkspaceRole.COORDINATOR
        if coordinator and bundle.audience is Audience.GROUP:
            raise BundleRefused(
                _(
                    "This bundle was made for a co-facilitator and holds personal details the coordinator "
                    "may not receive. Ask for a bundle made for the coordinator."
                )
            )
        if not coordinator and bundle.audience is Audience.COORDINATOR:
            raise BundleRefused(
                _(
                    "This bundle was made for the coordinator: names are pseudonymised and contact details "
                    "left out, so it would spoil this group's roster. Ask for a bundle made for a "
                    "co-facilitator (“--for facilitator”)."
                )
            )

    def _already_message(self, earlier: dict[str, Any]) -> str:
        imported_at = str(earlier.get("imported_at", ""))
        bundle_groups = set(earlier.get("groups") or ())
        zones = [group.time_zone for group in self._repository.groups() if group.id in bundle_groups]
        try:
            day = format_day(local_day(datetime.fromisoformat(imported_at), zones))
        except ValueError:
            day = imported_at
        return _("already imported on {day}; nothing changed").format(day=day)

    def _apply(self, plan: _Plan, bundle: Bundle, report: ImportReport) -> None:
        if plan.changed and not self._backed_up:
            self._workspace.backup("before-import")
            self._backed_up = True
        network = plan.network
        imported = network[IMPORTED_TABLE] = dict(network.get(IMPORTED_TABLE, {}))  # never the stored table
        imported[str(_next_number(imported))] = {
            "bundle_id": bundle.bundle_id,
            "imported_at": plan.now,
            "file": bundle.path.name,
            "file_sha256": plan.file_digest,
            "source_workspace": bundle.source_workspace,
            "groups": bundle.group_ids,
            "counts": {
                f"{group}/{kind}": {str(k): v for k, v in by.items()} for (group, kind), by in report.counts.items()
            },
        }
        self._workspace.refuse_if_closed()  # the write lock is held: nothing is moved in once closed
        change = StagedChange(self._workspace.folder)
        try:
            change.stage("network.json", json_bytes(network))
            for meeting_id, tables in plan.meeting_files.items():
                change.stage(f"meetings/{meeting_id}.json", json_bytes(tables))
        except StorageError:
            change.discard()
            raise
        committed = False
        try:
            change.commit()
            committed = True
        finally:
            # What was just written is kept as written, not read again; after a failure, the files tell.
            self._repository.reload(network if committed else None)


class _Plan:
    """The merged contents of every file one bundle changes, worked out before anything is written."""

    def __init__(self, workspace: Workspace, bundle: Bundle, now: str, file_digest: str | None) -> None:
        self._workspace = workspace
        self._bundle = bundle
        self.now = now
        #: Tables are copied only where they change: the stored ones are never changed in place.
        self.network: Tables = dict(network_tables(workspace))
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
        #: Where each record of the network file is: ``{kind: {record id: document number}}``.
        self._numbers = {
            record_type.name: _numbers_by_id(self.network.get(record_type.table, {}))
            for record_type in RECORD_TYPES
            if not record_type.in_meeting_file
        }

    def merge(self, progress: Progress | None) -> None:
        """Merge every record of the bundle, first checking that each belongs to a signed group."""
        group_of = self._group_finder()
        by_meeting: dict[str, list[tuple[str, Document, str]]] = {}
        network_work: list[tuple[str, Document, str]] = []
        for record_type in RECORD_TYPES:
            for document in self._bundle.records.get(record_type.name, []):
                group = group_of(record_type.name, document)
                if record_type.in_meeting_file:
                    by_meeting.setdefault(document["meeting_id"], []).append((record_type.name, document, group))
                else:
                    network_work.append((record_type.name, document, group))
        for name, document, group in network_work:
            self._merge_into(self.network, None, name, document, group)
        for done, (meeting_id, work) in enumerate(sorted(by_meeting.items()), start=1):
            tables = self._meeting_tables(meeting_id)
            numbers = {
                record_type.name: _numbers_by_id(tables.get(record_type.table, {}))
                for record_type in RECORD_TYPES
                if record_type.in_meeting_file
            }
            changed = False
            for name, document, group in work:
                changed |= self._merge_into(tables, meeting_id, name, document, group, numbers)
            if changed:
                self.meeting_files[meeting_id] = tables
            if progress is not None:
                progress(done, len(by_meeting))

    def _group_finder(self) -> Callable[[str, Document], str]:
        """A function giving the group of an arriving record, refusing one of an unsigned group or
        one whose parent is neither in the bundle nor in this workspace."""
        allowed = set(self._bundle.group_ids)
        arriving = {
            name: {document["id"]: document for document in documents}
            for name, documents in self._bundle.records.items()
        }

        def stored_owners(name: str) -> dict[str, str | None]:
            table = self.network.get(name, {})
            return {record_id: table[number].get("group_id") for record_id, number in self._numbers[name].items()}

        stored_people, stored_meetings = stored_owners("people"), stored_owners("meetings")
        absences = self.network.get("absences", {})
        stored_absences = {
            record_id: stored_people.get(absences[number].get("person_id", ""))  # "": no record's id
            for record_id, number in self._numbers["absences"].items()
        }
        # A record kept here stays in its group: a bundle cannot move it into the group it was signed for.
        people_group = {**{key: doc["group_id"] for key, doc in arriving.get("people", {}).items()}, **stored_people}
        meetings_group = {
            **{key: doc["group_id"] for key, doc in arriving.get("meetings", {}).items()},
            **stored_meetings,
        }
        stored_groups = {"people": stored_people, "meetings": stored_meetings, "absences": stored_absences}

        def group_of(name: str, document: Document) -> str:
            group: str | None
            if name == "groups":
                group = document["id"]
            elif name in ("people", "meetings"):
                group = document["group_id"]
            elif name == "absences":
                group = people_group.get(document["person_id"])
                if group is None:
                    raise BundleRefused(
                        _("An absence in the bundle is of a person neither in it nor in this workspace.")
                    )
            else:
                group = meetings_group.get(document["meeting_id"])
                if group is None:
                    raise BundleRefused(
                        _(
                            "The bundle holds {kind} of a meeting neither in it nor in this workspace: "
                            "ask for a full bundle."
                        ).format(kind=name)
                    )
                if document.get("group_id", group) != group:
                    raise BundleRefused(_("A record in the bundle names another group than its meeting."))
            if group is None or group not in allowed:
                raise BundleRefused(_("The bundle holds records of a group it was not signed for."))
            if stored_groups.get(name, {}).get(document["id"], group) != group:
                raise BundleRefused(
                    _("The bundle holds a record that belongs to another group in this workspace: refused.")
                )
            return group

        return group_of

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
        number = self._free.get((file_key, name)) or _next_number(table)
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
        name: str,
        document: Document,
        group: str,
        numbers: dict[str, dict[str, str]] | None = None,
    ) -> bool:
        """Merge one arriving version into ``tables``; whether anything changed."""
        numbers = self._numbers if numbers is None else numbers
        record_type = TYPES_BY_NAME[name]
        number = numbers[name].get(document["id"])
        conflicts = tables.get(CONFLICTS_TABLE, {})
        sides = [
            key
            for key, stored in conflicts.items()
            if stored.get("type") == name and stored.get("record", {}).get("id") == document["id"]
        ]
        known = ([tables[record_type.table][number]] if number is not None else []) + [
            conflicts[key]["record"] for key in sides
        ]
        versions, outcome = merge_version(known, {**document, RECEIVED_AT: self.now})
        by_outcome = self.counts.setdefault((self._bundle.group_names.get(group, group), name), {})
        by_outcome[outcome] = by_outcome.get(outcome, 0) + 1
        if outcome is Outcome.UNCHANGED:
            return False
        self.changed = True
        table = self._table(tables, file_key, record_type.table)
        if number is None:
            number = numbers[name][document["id"]] = self._new_number(table, file_key, record_type.table)
        table[number] = versions[0]
        conflicts = self._table(tables, file_key, CONFLICTS_TABLE)
        for key in sides:
            del conflicts[key]
        for side in versions[1:]:
            conflicts[str(_next_number(conflicts))] = {"type": name, "record": side}
        return True


def _file_digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None  # the reader says what is wrong with the file


def _numbers_by_id(table: dict[str, Document]) -> dict[str, str]:
    return {document["id"]: number for number, document in table.items() if "id" in document}


def _next_number(table: dict[str, Document]) -> int:
    return max((int(key) for key in table), default=0) + 1
