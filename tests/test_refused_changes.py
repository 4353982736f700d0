"""A change that is refused or fails leaves the workspace as it was, and what the user reads is what
is on disk: an import whose move fails is undone (never carried out by a later open), a write whose
folder cannot be synced is a write, and a backup holds every file or does not count.

Failures are real file operations made to fail as they do on a laptop: a move refused because
another program holds the file (an antivirus, a sync client on Windows), a folder that cannot be
synced, a disk that fills up during a backup, a process killed while it backs up.
"""

from __future__ import annotations

import errno
import json
import os
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from exports.bundle.importer import Importer, ImportStatus
from exports.bundle.writer import make_bundle
from facilitator.model import Group, Meeting, MemoEntry, Person
from storage import atomic, backups, transaction
from storage.backups import list_backups, newest_backup
from storage.errors import StorageError, WriteFailed
from storage.repository import Repository
from storage.transaction import BEFORE_FOLDER, STAGING_FOLDER
from storage.workspace import Workspace, WorkspaceRole
from tests.conftest import reopen
from tests.processes import Child
from tests.sync_support import opened, share_keys

START = datetime(2026, 11, 3, 15, tzinfo=UTC)


def _data_files(folder: Path) -> dict[str, bytes]:
    """The workspace's own data files, byte for byte."""
    found = {name: (folder / name).read_bytes() for name in ("workspace.json", "network.json")}
    found |= {f"meetings/{path.name}": path.read_bytes() for path in sorted((folder / "meetings").glob("*.json"))}
    return found


def _adviser_bundle(tmp_path: Path) -> Path:
    """A coordinator workspace at ``tmp_path/coordinator`` and a bundle from an adviser's group
    that changes its network file and adds a meeting's file."""
    with (
        opened(tmp_path / "coordinator", WorkspaceRole.COORDINATOR) as coordinator,
        opened(tmp_path / "adviser") as adviser,
    ):
        group = adviser.save_group(Group(name="Enontekiö peer group"))
        adviser.save_person(Person(group_id=group.id, name="Elle Valkeapää", company="Elle's Duodji"))
        meeting = adviser.save_meeting(Meeting(group_id=group.id, starts_at=START, ends_at=START.replace(hour=18)))
        adviser.save_memo_entry(
            MemoEntry(meeting_id=meeting.id, group_id=group.id, text="Shared van", written_at=START)
        )
        share_keys(coordinator, [adviser], tmp_path / "keys")
        return make_bundle(adviser, [group], to=tmp_path).path


def _no_links(source: object, target: object) -> None:
    """``os.link`` on a disk that has no hard links (a FAT memory stick)."""
    raise OSError(errno.EPERM, "Operation not permitted")


@pytest.mark.parametrize("links", [True, False], ids=["links", "no links"])
@pytest.mark.parametrize("held", ["network.json", "meetings/"], ids=["network file held", "meeting file held"])
def test_an_import_refused_by_a_held_file_is_undone_and_never_carried_out_later(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, held: str, links: bool
) -> None:
    bundle = _adviser_bundle(tmp_path)
    folder = tmp_path / "coordinator"
    moved = transaction.replace_file
    if not links:
        monkeypatch.setattr(os, "link", _no_links)

    def held_by_another_program(source: str | os.PathLike[str], target: Path) -> None:
        parts = Path(source).parts
        if STAGING_FOLDER in parts and BEFORE_FOLDER not in parts and held in target.relative_to(folder).as_posix():
            raise PermissionError(errno.EACCES, "The process cannot access the file", str(target))
        moved(source, target)

    coordinator = reopen(folder)
    before = _data_files(folder)
    monkeypatch.setattr(transaction, "replace_file", held_by_another_program)
    report = Importer(coordinator).import_file(bundle)
    monkeypatch.undo()

    assert report.status is ImportStatus.REFUSED, report.message
    assert _data_files(folder) == before, "a refused import changed the workspace"
    assert not (folder / STAGING_FOLDER).exists(), "a refused import left a change behind"
    assert [group.name for group in coordinator.groups()] == []
    # The coordinator goes on working; the next open must not carry the refused import out over it.
    coordinator.save_group(Group(name="Saved after the refusal"))
    coordinator.workspace.close()
    again = reopen(folder)
    try:
        assert [group.name for group in again.groups()] == ["Saved after the refusal"]
        assert Importer(again).import_file(bundle).status is ImportStatus.IMPORTED
        assert sorted(group.name for group in again.groups()) == ["Enontekiö peer group", "Saved after the refusal"]
    finally:
        again.workspace.close()


def _import_left_for_the_next_open(coordinator: Repository, bundle: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Import ``bundle`` with the failures set up, then check that the report says the change is
    left for the next open and that nothing more can be saved; the workspace is closed after."""
    report = Importer(coordinator).import_file(bundle)
    monkeypatch.undo()
    assert report.status is ImportStatus.REFUSED and "next opened" in report.message
    with pytest.raises(StorageError, match="next opened"):
        coordinator.save_group(Group(name="Saved after it"))
    coordinator.workspace.close()


def test_an_import_that_can_be_neither_made_nor_undone_stops_every_save_until_the_next_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The meeting's file is held, and then the network file too as the import is being undone: the
    change stays listed, so nothing may be saved over what the next open will move in."""
    bundle = _adviser_bundle(tmp_path)
    folder = tmp_path / "coordinator"
    moved = transaction.replace_file

    def held(source: str | os.PathLike[str], target: Path) -> None:
        if "meetings" in target.parts or BEFORE_FOLDER in Path(source).parts:
            raise PermissionError(errno.EACCES, "The process cannot access the file", str(target))
        moved(source, target)

    coordinator = reopen(folder)
    monkeypatch.setattr(transaction, "replace_file", held)
    _import_left_for_the_next_open(coordinator, bundle, monkeypatch)
    again = reopen(folder)
    try:
        assert [group.name for group in again.groups()] == ["Enontekiö peer group"]
        assert len(list((folder / "meetings").glob("*.json"))) == 1
    finally:
        again.workspace.close()


def test_an_import_whose_list_can_be_neither_marked_nor_removed_stops_every_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The readers' mark cannot be written (a full disk) and the change's list, just written, cannot
    be removed (held): the list would be carried out by the next open, so nothing more is saved."""
    bundle = _adviser_bundle(tmp_path)
    folder = tmp_path / "coordinator"
    unlink = Path.unlink

    def mark_refused(workspace_folder: Path) -> None:
        raise WriteFailed(workspace_folder / transaction.LAST_CHANGE, "the disk is full")

    def list_held(path: Path, missing_ok: bool = False) -> None:
        if path.name == transaction.CHANGE_LIST:
            raise PermissionError(errno.EACCES, "The process cannot access the file", str(path))
        unlink(path, missing_ok=missing_ok)

    coordinator = reopen(folder)
    monkeypatch.setattr(transaction, "_renew_mark", mark_refused)
    monkeypatch.setattr(Path, "unlink", list_held)
    _import_left_for_the_next_open(coordinator, bundle, monkeypatch)


def test_a_save_whose_folder_cannot_be_synced_is_saved_on_screen_and_on_disk(
    workspace_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rename is the write: once it is done, reporting a failure would leave the disk ahead of
    the screen (and the next save would carry the "failed" record anyway)."""
    repository = Repository(Workspace.open(workspace_path))

    def folder_refuses_sync(folder: Path) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(atomic, "_fsync_folder", folder_refuses_sync)
    saved = repository.save_group(Group(name="Kautokeino peer group"))
    monkeypatch.undo()
    assert [group.id for group in repository.groups()] == [saved.id]
    repository.workspace.close()
    with Workspace.open(workspace_path) as workspace:
        assert [group.id for group in Repository(workspace).groups()] == [saved.id]


# -- backups ------------------------------------------------------------------------------------


def _age_backups(folder: Path) -> None:
    """Make every backup a week old, so that a daily one is due."""
    week_ago = (datetime.now(UTC) - timedelta(days=7)).timestamp()
    for backup in list_backups(folder):
        os.utime(backup, (week_ago, week_ago))


def test_daily_and_before_import_backups_hold_every_file_of_the_workspace(tmp_path: Path) -> None:
    bundle = _adviser_bundle(tmp_path)
    folder = tmp_path / "coordinator"
    with opened(folder, WorkspaceRole.COORDINATOR) as coordinator:
        assert Importer(coordinator).import_file(bundle).ok
    (before_import,) = [path for path in list_backups(folder) if path.name.endswith("before-import")]
    assert len(list((before_import / "meetings").glob("*.json"))) == 0  # there were none before it
    _age_backups(folder)
    with opened(folder, WorkspaceRole.COORDINATOR):
        pass  # closing takes the backup due (the app takes it after its first frame)
    daily = newest_backup(folder)
    assert daily is not None and daily.name.endswith("daily")
    assert _data_files(daily) == _data_files(folder)
    assert len(list((daily / "meetings").glob("*.json"))) == 1


@pytest.mark.app
async def test_the_app_takes_the_days_backup_after_its_first_frame(demo_path: Path) -> None:
    from facilitator.app import make_app  # imported here: the other tests need no app

    _age_backups(demo_path)
    aged = newest_backup(demo_path)
    app = make_app(Workspace.open(demo_path))
    assert newest_backup(demo_path) == aged, "the backup would hold the first frame back"
    async with app.run_test(size=(80, 24)) as pilot:
        for _attempt in range(100):
            await pilot.pause(0.05)
            if newest_backup(demo_path) != aged:
                break
        daily = newest_backup(demo_path)
        assert daily is not None and daily != aged and daily.name.endswith("daily")
        assert _data_files(daily) == _data_files(demo_path)


def test_a_backup_that_cannot_be_completed_does_not_replace_the_last_good_one(
    demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Workspace.open(demo_path) as workspace:
        good = workspace.backup("good")
        kept = sorted((demo_path / "backups").iterdir())
        copied = 0
        keep = backups._keep

        def disk_fills_up(source: Path, copy: Path, earlier: Path | None) -> None:
            nonlocal copied
            copied += 1
            if copied == 3:
                raise OSError(errno.ENOSPC, "No space left on device")
            keep(source, copy, earlier)

        monkeypatch.setattr(backups, "_keep", disk_fills_up)
        with pytest.raises(StorageError, match="the disk is full"):
            workspace.backup("daily")
        monkeypatch.undo()
        assert newest_backup(demo_path) == good
        assert sorted((demo_path / "backups").iterdir()) == kept, "a half-made backup was left"


def test_a_damaged_meeting_file_is_never_backed_up_over_its_good_copy(demo_path: Path) -> None:
    """The refusal of a damaged file names the newest backup: that backup must hold the file whole."""
    with Workspace.open(demo_path) as workspace:
        good = workspace.backup("good")
    damaged = sorted((demo_path / "meetings").glob("*.json"))[0]
    intact = damaged.read_bytes()
    damaged.write_bytes(intact[: len(intact) // 2])
    with Workspace.open(demo_path) as workspace, pytest.raises(StorageError, match=damaged.name):
        workspace.backup("daily")
    assert newest_backup(demo_path) == good
    assert (good / "meetings" / damaged.name).read_bytes() == intact


def test_a_damaged_meeting_record_is_never_backed_up_at_close(demo_path: Path) -> None:
    """Meetings are read after the first frame (or not at all by a command): the day's backup reads
    them first, and is not taken over the good backups when one of them is damaged."""
    network = json.loads((demo_path / "network.json").read_bytes())
    first = next(iter(network["meetings"]))
    network["meetings"][first]["starts_at"] = "garbage"
    (demo_path / "network.json").write_text(json.dumps(network), encoding="utf-8")
    _age_backups(demo_path)
    aged = newest_backup(demo_path)
    with Workspace.open(demo_path) as workspace:
        Repository(workspace).groups()
    assert newest_backup(demo_path) == aged, "the damaged record was backed up over the good copies"


def test_saves_go_on_while_a_backup_copies_and_the_backup_keeps_its_moment(
    demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The day's backup runs in the app's start-up worker: a memo line's Enter must not wait for
    every meeting's file to be copied and checked."""
    copying, go = threading.Event(), threading.Event()
    keep = backups._keep

    def slow_keep(source: Path, copy: Path, earlier: Path | None) -> None:
        copying.set()
        go.wait(10)
        keep(source, copy, earlier)

    repository = Repository(Workspace.open(demo_path))
    before = (demo_path / "network.json").read_bytes()
    monkeypatch.setattr(backups, "_keep", slow_keep)
    made: list[Path] = []
    backing_up = threading.Thread(target=lambda: made.append(repository.workspace.backup("daily")), daemon=True)
    backing_up.start()
    assert copying.wait(10)
    saving = threading.Thread(target=lambda: repository.save_group(Group(name="Saved meanwhile")), daemon=True)
    saving.start()
    saving.join(3)
    saved_while_copying = not saving.is_alive()
    go.set()
    backing_up.join(10)
    saving.join(10)
    repository.workspace.close()
    assert saved_while_copying, "the save waited for the backup to be copied"
    assert (made[0] / "network.json").read_bytes() == before, "the backup is not the workspace of one moment"


#: Opens the workspace and makes a backup, each copy slowed, reporting once copying has begun.
SLOW_BACKUP = """
import sys, time
from pathlib import Path
from storage import backups
from storage.workspace import Workspace

keep = backups._keep

def slow_keep(source, copy, earlier):
    keep(source, copy, earlier)
    report(copied=str(copy))
    time.sleep(0.2)

backups._keep = slow_keep
workspace = Workspace.open(Path(sys.argv[1]))
workspace.backup("daily")
"""


@pytest.mark.processes
def test_a_backup_killed_part_way_is_never_the_newest_and_is_cleared_at_the_next_open(demo_path: Path) -> None:
    with Workspace.open(demo_path) as workspace:
        good = workspace.backup("good")
    with Child(SLOW_BACKUP, demo_path) as child:
        child.next_report()
        child.next_report()
        child.kill()
    assert newest_backup(demo_path) == good, "a half-made backup is named as the newest"
    with Workspace.open(demo_path) as workspace:
        assert workspace.backups()[-1] == good
        assert [path.name for path in (demo_path / "backups").iterdir() if path.name.startswith(".")] == []
