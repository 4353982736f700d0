"""Making a bundle: one group's records (or several groups'), sealed with each group's key.

Incremental by default: the records changed here, or received here, since the last bundle made
for the same audience; ``full`` sends everything. A record that arrives needs its parent (a memo
entry its meeting, an absence, interview or outcome its person), so a changed record always travels with its parent,
and any bundle can be imported on its own, in any order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from exports.bundle.carried import carried_people
from exports.bundle.format import (
    PERSON_KINDS,
    RECEIVED_AT,
    RECORD_TYPES,
    SUFFIX,
    TYPES_BY_NAME,
    Audience,
    BundleDetails,
    Scope,
)
from exports.bundle.leaving_out import Checked, checked_records, refuse_if_too_large
from exports.bundle.merge import version_vector
from exports.bundle.privacy import CoordinatorView, firm_secrets
from exports.bundle.sealed import seal_bundle
from exports.bundle.workspace_records import Document, GroupDocuments, group_documents
from exports.files import default_export_path, export_folder, unused_path, write_export
from facilitator import __version__
from facilitator.i18n import _
from facilitator.local_time import local_moment
from facilitator.model import Attendance, Group, Person, new_id
from storage.codec import from_document, to_document
from storage.errors import StorageError
from storage.repository import Repository
from storage.sync_ledger import SyncLedger
from storage.workspace_info import WorkspaceRole


class NoGroupKey(StorageError):
    """A group has no key yet, so its bundles cannot be sealed."""


class NothingToSend(StorageError):
    """Nothing changed since the last bundle: no file is written (``full`` sends everything)."""


@dataclass(frozen=True)
class BundleMade:
    path: Path
    bundle_id: str
    groups: list[str]
    scope: Scope
    audience: Audience
    counts: dict[str, int]
    generations: dict[str, int]  # group id: the generation of its key that sealed the bundle
    #: The records left on the laptop because the import would refuse them, each "kind id: why".
    left_out: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def make_bundle(
    repository: Repository,
    groups: list[Group],
    *,
    full: bool = False,
    audience: Audience = Audience.COORDINATOR,
    to: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> BundleMade:
    """Write a bundle of ``groups`` into ``to`` (default: the exports folder).

    A coordinator's bundles go back to the groups and hold only what the coordinator changed.
    A record the coordinator's import would refuse (and the records that need it as parent) is
    left out and named in :attr:`BundleMade.left_out` (see :mod:`exports.bundle.leaving_out`).
    Raises :class:`NoGroupKey` naming the first group without a key, :class:`BundleTooLarge` when
    the records are more than a bundle may hold, :class:`ExportFailed` when the file cannot be
    written; nothing is written then.
    """
    workspace = repository.workspace
    ledger = SyncLedger(workspace)
    coordinator = workspace.info.role is WorkspaceRole.COORDINATOR
    if coordinator:
        audience = Audience.GROUP
    keys = ledger.keys()
    # The companies of people without research consent travel as firm tokens (see exports.bundle.privacy).
    secrets = firm_secrets(ledger.key_ring())
    for group in groups:
        if group.id not in keys:
            raise NoGroupKey(no_key_message(group, coordinator))
    # Taken under the write lock, as every save's time: each save stamped before this moment is
    # then on disk, and is read below; each one after is stamped later, and is in the next bundle.
    with workspace.writing:
        created_at = repository.now().astimezone(UTC)  # compared as text with stored UTC times
    since = {group.id: None if full else ledger.last_made(group.id, audience) for group in groups}
    records: dict[str, list[Document]] = {record_type.name: [] for record_type in RECORD_TYPES}
    changed = False
    # Each group's chosen records and its stored people: whom the bundle carries is known once the
    # records left out are (see exports.bundle.carried).
    chosen_of: list[tuple[dict[str, list[Document]], dict[str, Document]]] = []
    sent_of: dict[str, set[tuple[str, str]]] = {}  # group id: the (kind, id) of its records chosen
    left_before = False
    for number, group in enumerate(groups):

        def group_progress(done: int, total: int, number: int = number) -> None:
            if progress is not None:
                progress(number * 1000 + done * 1000 // max(total, 1), len(groups) * 1000)

        stored = group_documents(workspace, group.id, group_progress)
        only_changed_by = workspace.id if coordinator else None
        # What the last bundle left out is considered again, changed or not (a meeting fixed since: its entries too).
        again = set() if full else ledger.left_out(group.id, audience.value)
        left_before |= bool(again)
        changed |= _anything_to_send(stored, since[group.id], only_changed_by, again)
        chosen = _choose(stored, since[group.id], only_changed_by, again)
        if audience is Audience.COORDINATOR:
            chosen = _for_coordinator(stored, chosen, secrets[group.id])
        for name, documents in chosen.items():
            records[name] += documents
            sent_of[group.id] = sent_of.get(group.id, set()) | {(name, str(document["id"])) for document in documents}
        chosen_of.append((chosen, stored.current.get("people", {})))
    scope = Scope.FULL if all(moment is None for moment in since.values()) else Scope.INCREMENTAL
    if not changed:
        names = ", ".join(group.name for group in groups)
        if coordinator:
            message = _(
                "The coordinator has nothing new of its own for {groups}: its bundles carry only the records it made "
                "(the groups' own come from their facilitators). No file was written."
            )
        else:
            message = _(
                "Nothing of {groups} changed since the last bundle: no file was written "
                "(a full bundle sends everything)."
            )
        raise NothingToSend(message.format(groups=names))
    checked = checked_records(records, created_at)
    refuse_if_too_large(checked, [group.name for group in groups], full=full)
    carried = _carried(chosen_of, checked.left_ids, for_coordinator=audience is Audience.COORDINATOR)
    bundle_id = new_id()
    details, members = _contents(scope, since, groups, checked)
    source = {"workspace_id": workspace.id, "role": workspace.info.role.value}
    sealing = {group.id: keys[group.id] for group in groups}
    contents = seal_bundle(bundle_id, created_at, source, audience, sealing, details, members)
    folder = export_folder(workspace, to)
    path = _free_path(folder, groups, audience, created_at)
    write_export(path, contents)
    generations = {group_id: key.generation for group_id, key in sealing.items()}
    ledger.record_made(bundle_id, list(sealing), audience.value, created_at, str(path.absolute()), carried, generations)
    if left_before or checked.left_ids:
        left = {group_id: keys & checked.left_ids for group_id, keys in sent_of.items()}
        ledger.note_left_out(audience.value, {group.id: left.get(group.id, set()) for group in groups})
    group_names = [group.name for group in groups]
    return BundleMade(path, bundle_id, group_names, scope, audience, checked.counts, generations, checked.left_out)


def no_key_message(group: Group, coordinator: bool) -> str:
    if coordinator:
        return _("The group {group} has no key yet: issue one with “facilitator key issue --group …”.").format(
            group=group.name
        )
    return _(
        "The group {group} has no key yet, so its bundles cannot be sealed. Send the coordinator a key "
        "request (“facilitator key request”) and install the key file you get back (“facilitator key install FILE”)."
    ).format(group=group.name)


def _changed_since(document: Document, since: str | None) -> bool:
    """Whether the version was saved or received here at or after ``since``.

    At, too: a save in the very millisecond the last bundle was made, but after it, is in no
    bundle yet; sending a version twice does no harm, missing one would lose it.
    """
    if since is None:
        return True
    return max(str(document.get("updated_at") or ""), str(document.get(RECEIVED_AT) or "")) >= since


def _carried(
    chosen_of: list[tuple[dict[str, list[Document]], dict[str, Document]]],
    left_ids: set[tuple[str, str]],
    *,
    for_coordinator: bool,
) -> dict[str, str]:
    """The people the records actually sent are about, and how (a person's data report names only
    the bundles that took something of theirs away, not those that left it out)."""
    carried: dict[str, str] = {}
    for chosen, people in chosen_of:
        sent = {
            name: [document for document in documents if (name, str(document["id"])) not in left_ids]
            for name, documents in chosen.items()
        }
        carried |= carried_people(sent, people, for_coordinator=for_coordinator)
    return carried


def _choose(
    stored: GroupDocuments, since: str | None, only_changed_by: str | None, again: set[tuple[str, str]]
) -> dict[str, list[Document]]:
    """The versions to send: changed since ``since`` (or all), or left out by the last bundle
    (``again``: (kind, id)), with their parents and conflicts.

    A coordinator sends only the records it made and alone changed (a group it set up, its
    people and meetings), never its copies of a group's records, even edited: those may be
    pseudonymised or stripped of contact details, and must not travel back over the group's own.
    """

    def wanted(name: str, document: Document) -> bool:
        return _to_send(name, document, since, only_changed_by, again)

    chosen: dict[str, dict[str, Document]] = {
        name: {record_id: document for record_id, document in documents.items() if wanted(name, document)}
        for name, documents in stored.current.items()
    }
    sides = [(name, document) for name, document in stored.conflicts if wanted(name, document)]
    if only_changed_by is None:
        # A side that arrived here travels with its parents too, though its current version has not changed.
        with_sides = [(name, document) for name, documents in chosen.items() for document in documents.values()] + sides
        meetings, people = stored.current.get("meetings", {}), stored.current.get("people", {})
        for name, document in with_sides:
            if name in ("agenda", "attendance", "memo", "feedback"):
                parent = meetings.get(document.get("meeting_id", ""))  # "": no record's id
                if parent is not None:
                    chosen.setdefault("meetings", {})[parent["id"]] = parent
        for name, document in with_sides:
            if name in PERSON_KINDS and (parent := people.get(document.get("person_id", ""))) is not None:
                chosen.setdefault("people", {})[parent["id"]] = parent
        chosen["groups"] = dict(stored.current.get("groups", {}))
    sent = [(name, _shared(document)) for name, documents in chosen.items() for document in documents.values()]
    chosen_ids = {(name, record_id) for name, documents in chosen.items() for record_id in documents}
    sent += [
        (name, _shared(document))
        for name, document in stored.conflicts
        if (name, document.get("id")) in chosen_ids or wanted(name, document)
    ]
    result: dict[str, list[Document]] = {}
    for name, document in sent:
        result.setdefault(name, []).append(document)
    return result


def _to_send(
    name: str, document: Document, since: str | None, only_changed_by: str | None, again: set[tuple[str, str]]
) -> bool:
    if only_changed_by is not None and not _made_only_by(document, only_changed_by):
        return False
    return _changed_since(document, since) or (name, document.get("id")) in again


def _anything_to_send(
    stored: GroupDocuments, since: str | None, only_changed_by: str | None, again: set[tuple[str, str]]
) -> bool:
    versions = [(name, document) for name, documents in stored.current.items() for document in documents.values()]
    versions += stored.conflicts
    return any(_to_send(name, document, since, only_changed_by, again) for name, document in versions)


def _made_only_by(document: Document, workspace_id: str) -> bool:
    """Whether every save of this version was made in ``workspace_id`` (branches included)."""
    return all(key.split(":")[0] == workspace_id for key in version_vector(document))


def _shared(document: Document) -> Document:
    return {key: value for key, value in document.items() if key != RECEIVED_AT}


def _for_coordinator(
    stored: GroupDocuments, chosen: dict[str, list[Document]], firm_secret: bytes
) -> dict[str, list[Document]]:
    """The chosen versions as the coordinator may receive them (see :mod:`exports.bundle.privacy`)."""
    people = [from_document(Person, document) for document in stored.current.get("people", {}).values()]
    guests = [
        from_document(Attendance, document)
        for document in stored.current.get("attendance", {}).values()
        if not document.get("person_id")
    ]
    view = CoordinatorView(people, guests, firm_secret)
    return {
        name: [to_document(view(from_document(TYPES_BY_NAME[name].cls, document))) for document in documents]
        for name, documents in chosen.items()
    }


def _contents(
    scope: Scope, since: dict[str, str | None], groups: list[Group], checked: Checked
) -> tuple[BundleDetails, dict[str, bytes]]:
    """What the bundle says of itself once opened, and its member files, one JSON document per line."""
    members: dict[str, bytes] = {}
    for record_type in RECORD_TYPES:
        lines = checked.lines.get(record_type.name)
        if lines:
            members[record_type.member] = b"".join(line + b"\n" for line in lines)
    details: BundleDetails = {
        "app_version": __version__,
        "scope": scope.value,
        "since": since,
        "groups": [{"id": group.id, "name": group.name} for group in groups],
        "counts": checked.counts,
        "records": {member: data.count(b"\n") for member, data in members.items()},
    }
    return details, members


def _free_path(folder: Path, groups: list[Group], audience: Audience, created_at: datetime) -> Path:
    """``<group>-bundle-for-<whom>-<time>.mebundle`` (``network-…`` for several groups), never over
    another: the name says whom the file is for, so the one with everything is not sent astray.
    The time is the groups' local time, as the user reads it (see :func:`local_moment`)."""
    whom = "for-coordinator" if audience is Audience.COORDINATOR else "for-facilitators"
    stamp = local_moment(created_at, (group.time_zone for group in groups)).strftime("%Y-%m-%d-%H%M%S")
    if len(groups) == 1:
        path = default_export_path(folder, f"bundle {whom}", groups[0], SUFFIX, detail=stamp)
    else:
        path = folder / f"network-bundle-{whom}-{stamp}{SUFFIX}"
    return unused_path(path)
