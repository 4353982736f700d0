"""Key generations across real workspaces: a rotated key seals from then on, a bundle sealed with a
retired key and made after its retirement is refused (one made before still imports), and a laptop
that lacks the newer key is told to install it."""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson

from exports.bundle.format import Audience
from exports.bundle.importer import Importer, ImportStatus
from exports.bundle.keys import install_keys, rotate_key
from exports.bundle.writer import make_bundle
from facilitator.model import Group, Person
from storage.repository import Repository
from storage.workspace import WorkspaceRole
from tests.conftest import MovingClock
from tests.sync_support import TickingClock, opened, share_keys, tree_bytes

COORDINATOR = WorkspaceRole.COORDINATOR


def _group_with_a_member(repository: Repository) -> Group:
    group = repository.save_group(Group(name="Inari peer group"))
    repository.save_person(Person(group_id=group.id, name="Sámmol Áile"))
    return group


def _folder(path: Path) -> Path:
    path.mkdir()
    return path


def _generation_sealing(bundle: Path) -> int:
    with zipfile.ZipFile(bundle) as archive:
        (group,) = orjson.loads(archive.read("manifest.json"))["groups"]
    return int(group["key_generation"])


def test_a_bundle_sealed_with_a_retired_key_is_refused_if_made_after_the_retirement(tmp_path: Path) -> None:
    clock = MovingClock(datetime(2026, 11, 30, 18, 0, tzinfo=UTC), tick=timedelta(milliseconds=1))
    with (
        opened(tmp_path / "coordinator", COORDINATOR, clock) as coordinator,
        opened(tmp_path / "laptop", clock=clock) as laptop,
    ):
        group = _group_with_a_member(laptop)
        share_keys(coordinator, [laptop], tmp_path / "keys")
        before = make_bundle(laptop, [group], full=True, to=_folder(tmp_path / "before")).path
        lost = clock.advance(hours=1)
        after = make_bundle(laptop, [group], full=True, to=_folder(tmp_path / "after")).path
        # The laptop was lost between the two bundles: the coordinator retires its key from then.
        clock.advance(days=2)
        rotate_key(coordinator, group, retired_from=lost, to=_folder(tmp_path / "new"))
        untouched = tree_bytes(coordinator.workspace.folder)
        refused = Importer(coordinator).import_file(after)
        assert refused.status is ImportStatus.REFUSED
        # On the clocks of a group (Helsinki's), though the coordinator holds only its key yet.
        assert "made on Mon 30 Nov 2026 21:00 and sealed with a key retired on Mon 30 Nov 2026 21:00" in refused.message
        assert "(generation 1)" in refused.message and "install the group's new key file" in refused.message
        assert tree_bytes(coordinator.workspace.folder) == untouched
        imported = Importer(coordinator).import_file(before)
        assert imported.status is ImportStatus.IMPORTED and len(coordinator.people(group.id)) == 1
        # Imported, and told: the time a bundle says it was made is the laptop's word.
        assert "retired from Mon 30 Nov 2026 21:00; it says it was made on Mon 30 Nov 2026 20:00" in imported.line()


def test_a_laptop_that_installs_the_new_key_seals_with_it_and_a_co_facilitator_without_it_is_told(
    tmp_path: Path,
) -> None:
    clock = TickingClock()
    with (
        opened(tmp_path / "coordinator", COORDINATOR, clock) as coordinator,
        opened(tmp_path / "laptop", clock=clock) as laptop,
        opened(tmp_path / "other laptop", clock=clock) as other,
    ):
        group = _group_with_a_member(laptop)
        share_keys(coordinator, [laptop, other], tmp_path / "keys")
        assert _generation_sealing(make_bundle(laptop, [group], full=True, to=_folder(tmp_path / "first")).path) == 1
        issued = rotate_key(coordinator, group, retired_from=None, to=_folder(tmp_path / "new"))
        install_keys(laptop, issued.path, issued.passphrase)
        bundle = make_bundle(laptop, [group], full=True, audience=Audience.GROUP, to=_folder(tmp_path / "second")).path
        assert _generation_sealing(bundle) == 2
        untouched = tree_bytes(other.workspace.folder)
        told = Importer(other).import_file(bundle)
        assert told.status is ImportStatus.REFUSED
        assert "generation 2, newer than the one this workspace holds (1)" in told.message
        assert "Install the group's new key file" in told.message
        assert tree_bytes(other.workspace.folder) == untouched
        install_keys(other, issued.path, issued.passphrase)
        assert Importer(other).import_file(bundle).status is ImportStatus.IMPORTED
        coordinator_bundle = make_bundle(laptop, [group], full=True, to=_folder(tmp_path / "third")).path
        assert Importer(coordinator).import_file(coordinator_bundle).status is ImportStatus.IMPORTED


def test_after_a_refusal_for_a_retired_key_the_next_bundle_with_the_new_key_carries_what_was_refused(
    tmp_path: Path,
) -> None:
    clock = MovingClock(datetime(2026, 11, 30, 18, 0, tzinfo=UTC), tick=timedelta(milliseconds=1))
    with (
        opened(tmp_path / "coordinator", COORDINATOR, clock) as coordinator,
        opened(tmp_path / "laptop", clock=clock) as laptop,
    ):
        group = _group_with_a_member(laptop)
        share_keys(coordinator, [laptop], tmp_path / "keys")
        assert Importer(coordinator).import_file(make_bundle(laptop, [group], to=_folder(tmp_path / "first")).path).ok
        retired_from = clock.advance(hours=1)
        laptop.save_person(Person(group_id=group.id, name="Ánde Guttorm"))
        refused = make_bundle(laptop, [group], to=_folder(tmp_path / "refused")).path
        clock.advance(hours=1)
        issued = rotate_key(coordinator, group, retired_from=retired_from, to=_folder(tmp_path / "new"))
        assert Importer(coordinator).import_file(refused).status is ImportStatus.REFUSED
        install_keys(laptop, issued.path, issued.passphrase)
        # Incremental, as `b` makes it: the refused bundle's changes are in it again.
        again = make_bundle(laptop, [group], to=_folder(tmp_path / "again"))
        assert again.generations == {group.id: 2} and again.counts["people"] == 1
        assert Importer(coordinator).import_file(again.path).status is ImportStatus.IMPORTED
        assert len(coordinator.people(group.id)) == 2
