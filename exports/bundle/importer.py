"""Importing bundles: each checked whole, then applied to the workspace all at once, or not at all.

Records are matched by id and merged version by version (:mod:`exports.bundle.merge`), so a
bundle imported twice, or a second bundle holding the same records, changes nothing, and
bundles give the same result in any order. The new network file and meeting files, worked out
first in memory (:mod:`exports.bundle.import_plan`), are written as one staged change
(:mod:`storage.transaction`): a crash leaves the workspace as it was or fully imported. Each file
gets a report: per group and kind of record, how many were new, updated, unchanged or in conflict.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from exports.bundle.archive import BundleRefused
from exports.bundle.format import Audience
from exports.bundle.group_keys import KeysHere
from exports.bundle.import_plan import ImportPlan, Progress, next_number
from exports.bundle.merge import Outcome
from exports.bundle.privacy import firm_secrets
from exports.bundle.reader import Bundle, read_bundle
from exports.bundle.record_checks import ReadingChecks
from exports.bundle.sound import delete_unnamed_sound, sound_deleted_note
from facilitator.dates import format_count, format_day
from facilitator.i18n import _, ngettext
from facilitator.local_time import local_day
from storage.errors import StorageError
from storage.record_cleaning import rewrite_backups
from storage.repository import Repository
from storage.sync_ledger import IMPORTED_TABLE, SyncLedger
from storage.transaction import ChangeUnfinished
from storage.workspace_info import WorkspaceRole


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

    def add_note(self, note: str) -> None:
        self.message = "; ".join(filter(None, (self.message, note)))

    def total(self, outcome: Outcome) -> int:
        return sum(by_outcome.get(outcome, 0) for by_outcome in self.counts.values())

    def line(self) -> str:
        """One line for this file, as the command prints it."""
        if self.status is ImportStatus.IMPORTED:
            detail = ", ".join(counted(outcome, self.total(outcome)) for outcome in Outcome)
            if self.message:
                detail += "; " + self.message
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
    return text.format(count=format_count(count))


class Importer:
    """Imports bundles into one open workspace, one file at a time.

    A copy of the workspace is kept in ``backups/`` before the first file that changes anything.
    """

    def __init__(self, repository: Repository) -> None:
        self._repository = repository
        self._workspace = repository.workspace
        self._ledger = SyncLedger(repository.workspace)
        self._backed_up = False
        #: Whether the file being imported is in place (an error after that does not undo it).
        self._written = False
        #: The bundle being moved into place and its report: an error may come after its files are.
        self._applying: tuple[str, ImportReport] | None = None

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
        """Check ``path`` whole, then apply it; never raises for a bad file (the report says why).

        Whatever goes wrong with one file is that file's refusal: an error nobody foresaw is
        reported by its kind and words, and the next file is imported as if this one were not
        there. Such an error comes before the staged write (the workspace is unchanged), or
        during it, which :mod:`storage.transaction` undoes (or completes at the next open); one
        after the files are in place is told beside "imported", since the import stands."""
        self._written = False
        self._applying = None
        try:
            return self._import_file(path, progress)
        except Exception as error:  # the last guard of a multi-file import: told as this file's refusal
            if self._written or self._recorded_on_disk():  # its files are in place: imported, and says so
                report = self._applying[1] if self._applying else ImportReport(path, ImportStatus.IMPORTED)
                report.status = ImportStatus.IMPORTED
                report.add_note(
                    _("but an unexpected error came after the import ({error}: {detail})").format(
                        error=type(error).__name__, detail=error
                    )
                )
                return report
            reason = _(
                "an unexpected error ({error}: {detail}); nothing of it was imported. Send this line and the file to "
                "whoever supports the app."
            ).format(error=type(error).__name__, detail=error)
            return ImportReport(path, ImportStatus.REFUSED, reason)

    def _recorded_on_disk(self) -> bool:
        """Whether the bundle being moved into place when an error came is recorded as imported in
        the network file as it is on disk (the error may have come after the files were moved,
        while the workspace read them again): read afresh, not from what was open."""
        if self._applying is None:
            return False
        try:
            try:
                self._repository.reload()  # what is on disk, for this check and for the files after this one
            except Exception:  # the error may be the reload's own: the files are read afresh all the same
                self._workspace.forget_open_files()
            return self._ledger.imported(self._applying[0]) is not None
        except Exception:  # the network file cannot be read either: nothing says it is in place
            return False

    def _import_file(self, path: Path, progress: Progress | None) -> ImportReport:
        ring = self._ledger.key_ring()
        keys = KeysHere.of(ring, self._repository.groups())
        # Each record is checked alone as soon as it is read (values, links shaped as ids, a group
        # record of the bundle's groups): the reader keeps only records that pass, not a bundle's worth first.
        checks = ReadingChecks(self._repository.now())

        def accepts(bundle: Bundle) -> None:
            self._check_meant_for_here(bundle)
            checks.expect(datetime.fromisoformat(bundle.manifest["created_at"]), bundle.group_ids)

        try:
            digest = _file_digest(path)
            bundle = read_bundle(
                path,
                keys,
                known=lambda bundle_id: self._imported_as(bundle_id, digest),
                accepts=accepts,
                check=checks,
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
                plan = ImportPlan(self._workspace, bundle, now, digest)
                plan.merge(progress)
                plan.clean_erased()
                plan.follow_withdrawn_consents(firm_secrets(ring))
            except BundleRefused as error:
                return ImportReport(path, ImportStatus.REFUSED, str(error))
            report = ImportReport(path, ImportStatus.IMPORTED, "; ".join(keys.notes), counts=plan.counts)
            self._applying = (bundle.bundle_id, report)
            try:
                self._apply(plan, bundle, report)
            except ChangeUnfinished as error:
                self._workspace.stop_writing(str(error))
                return ImportReport(path, ImportStatus.REFUSED, str(error))
            except StorageError as error:
                if self._recorded_on_disk():  # it failed while the workspace read back what was written
                    report.add_note(_("but reading it back failed: {reason}").format(reason=error))
                    return report
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

    def _apply(self, plan: ImportPlan, bundle: Bundle, report: ImportReport) -> None:
        if plan.changed and not self._backed_up:
            self._workspace.backup("before-import")
            self._backed_up = True
        network = plan.network
        imported = network[IMPORTED_TABLE] = dict(network.get(IMPORTED_TABLE, {}))  # never the stored table
        imported[str(next_number(imported))] = {
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
        self._repository.replace_files(network, plan.meeting_files)
        self._written = True
        if plan.erasure is not None:  # the backup just taken too: no copy may keep an erased person
            try:
                rewrite_backups(self._workspace.folder, plan.erasure)
            except StorageError as error:  # the import is in place: it is told, not undone
                report.add_note(
                    _("the backups could not all be cleaned of the person erased: {reason}").format(reason=error)
                )
        self._delete_unnamed_sound(plan, report)
        if plan.withdrawn is not None:  # nor may a copy keep what a withdrawn consent no longer allows
            try:
                rewrite_backups(self._workspace.folder, plan.withdrawn)
            except StorageError as error:
                report.add_note(
                    _("the backups could not all be cleaned after a consent was withdrawn: {reason}").format(
                        reason=error
                    )
                )

    def _delete_unnamed_sound(self, plan: ImportPlan, report: ImportReport) -> None:
        """The sound of the meetings changed whose recordings no longer name it goes (a consent
        withdrawn, a person erased where it was recorded: see :mod:`exports.bundle.sound`)."""
        try:
            deleted = delete_unnamed_sound(self._workspace.folder, plan.stored, plan.network, plan.meeting_files)
        except StorageError as error:  # the import is in place: it is told, not undone
            report.add_note(str(error))
            return
        if deleted:
            report.add_note(sound_deleted_note(deleted))


def _file_digest(path: Path) -> str | None:
    """The file's SHA-256, read a chunk at a time (a bundle file is not held whole to hash it)."""
    try:
        if not path.is_file():  # a pipe would be waited on: the reader refuses it
            return None
        with path.open("rb") as file:
            return hashlib.file_digest(file, "sha256").hexdigest()
    except OSError:
        return None  # the reader says what is wrong with the file
