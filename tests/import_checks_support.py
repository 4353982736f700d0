"""A coordinator's workspace holding two groups, and the first group's next bundle opened with
its key, for the tests of what an import asks of a bundle's records (``tests/test_import_checks.py``,
``tests/test_import_versions.py``): each test changes the bundle's records, seals it again as the
app seals it, and imports it into a copy of the workspace.
"""

from __future__ import annotations

import shutil
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from exports.bundle.format import RECORD_TYPES
from exports.bundle.importer import Importer, ImportReport, ImportStatus
from exports.bundle.writer import make_bundle
from storage.sync_ledger import GroupKey, SyncLedger
from storage.workspace import WorkspaceRole
from tests.bundle_damage import Opened, documents_in, lines_bytes, opened_contents, sealed_again
from tests.conftest import make_demo
from tests.sync_support import opened, share_keys, tree_bytes
from tests.test_bundle_fuzz import trimmed

MEMBERS = {record_type.name: record_type.member for record_type in RECORD_TYPES}


@dataclass(frozen=True)
class Network:
    """A coordinator's workspace holding both groups, and the first group's next bundle, open."""

    coordinator: Path
    opened: Opened
    key: GroupKey
    first: str
    second: str
    #: Ids of the second group's records, as the coordinator holds them.
    other_person: str
    other_meeting: str
    other_entry: str
    other_item: str
    #: A person of the first group, and a memo entry of one of its meetings the bundle leaves out.
    own_person: str
    own_entry_elsewhere: str

    def documents(self, kind: str) -> list[dict[str, Any]]:
        return [dict(document) for document in documents_in(self.opened.records.get(MEMBERS[kind], b""))]


def make_network(root: Path) -> Network:
    """The coordinator's workspace in ``root``, and the first group's bundle cut to two meetings."""
    make_demo(root / "facilitator", groups=2, years=1)
    with (
        opened(root / "coordinator", WorkspaceRole.COORDINATOR) as coordinator,
        opened(root / "facilitator") as facilitator,
    ):
        share_keys(coordinator, [facilitator], root / "keys")
        first, second = facilitator.groups()
        both = make_bundle(facilitator, [first, second], full=True, to=root)
        assert Importer(coordinator).import_file(both.path).status is ImportStatus.IMPORTED
        key = SyncLedger(coordinator.workspace).key(first.id)
        assert key is not None
        made = make_bundle(facilitator, [first], full=True, to=root)
        kept = [meeting.id for meeting in facilitator.meetings(first.id) if facilitator.memo(meeting.id)][:2]
        other_person = facilitator.people(second.id)[0].id
        other_meeting = facilitator.meetings(second.id)[0].id
        other_entry = next(
            entry.id for meeting in facilitator.meetings(second.id) for entry in facilitator.memo(meeting.id)
        )
        other_item = next(
            item.id for meeting in facilitator.meetings(second.id) for item in facilitator.agenda(meeting.id)
        )
        own_person = facilitator.people(first.id)[0].id
        own_entry_elsewhere = next(
            entry.id
            for meeting in facilitator.meetings(first.id)
            if meeting.id not in kept
            for entry in facilitator.memo(meeting.id)
        )
    full = opened_contents(made.path.read_bytes(), key)
    cut = opened_contents(sealed_again(full, {first.id: key}, records=trimmed(full, set(kept))), key)
    return Network(
        root / "coordinator",
        cut,
        key,
        first.id,
        second.id,
        other_person,
        other_meeting,
        other_entry,
        other_item,
        own_person,
        own_entry_elsewhere,
    )


@dataclass(frozen=True)
class Outcome:
    report: ImportReport
    before: dict[str, bytes]
    after: dict[str, bytes]
    folder: Path

    def refused_unchanged(self, *words: str) -> str:
        """The refusal's message, once it is checked that nothing changed and that it says ``words``."""
        assert self.report.status is ImportStatus.REFUSED, self.report.line()
        assert self.after == self.before
        for word in words:
            assert word in self.report.message, self.report.message
        return self.report.message


def imported(
    network: Network, tmp_path: Path, made_at: datetime | None = None, **changed: list[dict[str, Any]]
) -> Outcome:
    """The first group's bundle with the records of the kinds ``changed`` replaced (and made at
    ``made_at``, when given), imported into a copy of the coordinator's workspace."""
    folder = tmp_path / "coordinator"
    shutil.copytree(network.coordinator, folder)
    return imported_into(folder, changed_bundle(network, tmp_path / "changed.mebundle", made_at, **changed))


def changed_bundle(
    network: Network, path: Path, made_at: datetime | None = None, **changed: list[dict[str, Any]]
) -> Path:
    """The first group's bundle, written to ``path``, with the records of the kinds ``changed``
    replaced, sealed again as a bundle of its own (and made at ``made_at``, when given)."""
    records = dict(network.opened.records)
    for kind, documents in changed.items():
        records[MEMBERS[kind]] = lines_bytes(documents)
    path.write_bytes(
        sealed_again(
            network.opened,
            {network.first: network.key},
            records=records,
            bundle_id=str(uuid.uuid4()),
            created_at=made_at,
        )
    )
    return path


def imported_into(folder: Path, path: Path) -> Outcome:
    """The bundle ``path`` imported into the coordinator's workspace ``folder``, with its files before and after."""
    with opened(folder, WorkspaceRole.COORDINATOR) as repository:
        before = tree_bytes(folder)
        report = Importer(repository).import_file(path)
        after = tree_bytes(folder)
    return Outcome(report, before, after, folder)


def edited(documents: list[dict[str, Any]], index: int = 0, **fields: Any) -> list[dict[str, Any]]:
    """``documents`` with the ``index``th given ``fields``."""
    return [{**document, **fields} if number == index else document for number, document in enumerate(documents)]


def saved_again(document: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """``document`` changed and saved once more on the laptop that saved it last: a newer version."""
    maker = document["changed_by"]
    versions = {**document["versions"], maker: document["versions"].get(maker, 0) + 1}
    return {**document, **fields, "versions": versions, "revision": document["revision"] + 1}


def a_short(record_id: str) -> str:
    return record_id[:8]
