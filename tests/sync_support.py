"""Real workspaces that exchange real bundles: the parts the sync tests share."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from exports.bundle.format import RECEIVED_AT, RECORD_TYPES, Audience
from exports.bundle.group_keys import KeysHere
from exports.bundle.importer import Importer, ImportStatus
from exports.bundle.keys import install_keys, issue_keys, read_key_request, write_key_request
from exports.bundle.reader import Bundle, read_bundle
from exports.bundle.writer import make_bundle
from facilitator.model import Group, Person, utc_now
from storage.atomic import read_json
from storage.repository import Repository
from storage.sync_ledger import CONFLICTS_TABLE, SyncLedger
from storage.workspace import Workspace, WorkspaceRole
from tests.conftest import demo_clock, make_demo


def demo_bundles(tmp_path: Path, groups: int, years: int, *, full: bool = False) -> list[Path]:
    """Each group's bundle (``full``: of every record) of a facilitator's demo of ``groups`` groups
    over ``years`` years, made for a coordinator who shared keys with the facilitator, in an inbox
    folder. The folders "facilitator", "coordinator" (keys only, nothing imported) and "inbox" are
    in ``tmp_path``."""
    facilitator, central, inbox = tmp_path / "facilitator", tmp_path / "coordinator", tmp_path / "inbox"
    make_demo(facilitator, groups=groups, years=years)
    inbox.mkdir()
    with opened(central, WorkspaceRole.COORDINATOR) as hub, opened(facilitator) as local:
        share_keys(hub, [local], tmp_path / "keys")
        return [make_bundle(local, [group], full=full, to=inbox).path for group in local.groups()]


def coordinator_from_demo(tmp_path: Path, groups: int, years: int, *, full: bool = False) -> Path:
    """A coordinator's workspace made from the demo's bundles (:func:`demo_bundles`), each imported
    on the demo's day. The coordinator's folder; "facilitator" and "inbox" stand beside it."""
    central = tmp_path / "coordinator"
    bundles = demo_bundles(tmp_path, groups, years, full=full)
    with opened(central, WorkspaceRole.COORDINATOR, clock=demo_clock) as hub:
        statuses = [report.status for report in Importer(hub).import_files(bundles)]
    assert statuses == [ImportStatus.IMPORTED] * groups, statuses
    return central


def opened_bundle(bundle: Path, repository: Repository) -> Bundle:
    """The bundle opened with the keys ``repository``'s workspace holds, as an import reads it."""
    return read_bundle(bundle, KeysHere.of(SyncLedger(repository.workspace).key_ring(), repository.groups()))


@contextmanager
def opened(
    path: Path, role: WorkspaceRole = WorkspaceRole.FACILITATOR, clock: Callable[[], datetime] = utc_now
) -> Iterator[Repository]:
    """A repository on the workspace in ``path`` (made with ``role`` if new), closed afterwards."""
    workspace = Workspace.open(path, role=role)
    try:
        yield Repository(workspace, clock)
    finally:
        workspace.close()


class TickingClock:
    """Real time that moves on a millisecond at every reading, so that no two saves or bundles
    share a moment, however fast the machine."""

    def __init__(self) -> None:
        self._last = utc_now()

    def __call__(self) -> datetime:
        self._last = max(utc_now(), self._last + timedelta(milliseconds=1))
        return self._last


def share_keys(coordinator: Repository, facilitators: list[Repository], folder: Path) -> None:
    """The coordinator issues keys for the first facilitator's groups; every facilitator installs them."""
    folder.mkdir(parents=True, exist_ok=True)
    request = write_key_request(facilitators[0], facilitators[0].groups(), folder)
    issued = issue_keys(coordinator, read_key_request(request), folder)
    for facilitator in facilitators:
        install_keys(facilitator, issued.path, issued.passphrase)


def synced_data(folder: Path) -> dict[str, Any]:
    """Every record a workspace holds, as it travels (current versions and the other sides of
    conflicts), read from its files: two workspaces in sync give equal results."""
    data: dict[str, Any] = {}
    files = [folder / "network.json", *sorted((folder / "meetings").glob("*.json"))]
    for path in files:
        tables = read_json(path)
        for record_type in RECORD_TYPES:
            for document in tables.get(record_type.table, {}).values():
                data[(record_type.name, document["id"], "current")] = _shared(document)
        for conflict in tables.get(CONFLICTS_TABLE, {}).values():
            record = _shared(conflict["record"])
            data.setdefault((conflict["type"], record["id"], "conflicts"), []).append(record)
    for key, value in data.items():
        if key[2] == "conflicts":
            value.sort(key=lambda record: (record["updated_at"], record["changed_by"], repr(record)))
    return data


def _shared(document: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in document.items() if key != RECEIVED_AT}


def tree_bytes(folder: Path) -> dict[str, bytes]:
    """Every file of a workspace byte for byte (the lock, which the open workspace holds, aside)."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != ".lock"
    }


def company_changed_apart(folder: Path) -> tuple[Group, Person]:
    """In ``folder``: a member's company changed on the adviser's laptop ("Valkeapää Duodji") and on
    a researcher's ("Guolli Ltd") before their bundles met, then the researcher's imported on the
    adviser's, which now keeps the two versions as a conflict. Returns the group and the member."""
    with (
        opened(folder / "coordinator", WorkspaceRole.COORDINATOR) as coordinator,
        opened(folder / "adviser") as adviser,
        opened(folder / "researcher") as researcher,
    ):
        group = adviser.save_group(Group(name="Enontekiö peer group"))
        person = adviser.save_person(Person(group_id=group.id, name="Elle Valkeapää", company="Elle's Duodji"))
        share_keys(coordinator, [adviser, researcher], folder / "keys")
        Importer(researcher).import_file(make_bundle(adviser, [group], audience=Audience.GROUP, to=folder).path)
        researcher.save_person(dataclasses.replace(researcher.person(person.id), company="Guolli Ltd"))
        later = make_bundle(researcher, [group], audience=Audience.GROUP, to=folder).path
        adviser.save_person(dataclasses.replace(adviser.person(person.id), company="Valkeapää Duodji"))
        Importer(adviser).import_file(later)
    return group, person
