"""Once a workspace is being closed, no write of the process reaches its files any more: closing
waits for the write under way, and every later one is refused with the files left as they are.

This is the last guard behind the app's quit, which waits for its jobs first: the next process
to take the lock must find the files as they will stay, never a late write of the old one.
"""

from __future__ import annotations

import dataclasses
import threading
from datetime import timedelta
from pathlib import Path

import pytest

from exports.bundle.importer import Importer, ImportStatus
from exports.bundle.writer import make_bundle
from facilitator.model import MemoEntry
from storage.errors import StorageError, WorkspaceLocked
from storage.repository import Repository
from storage.sync_ledger import GroupKey, SyncLedger
from storage.workspace import Workspace, WorkspaceRole
from storage.workspace_info import LANGUAGE_SETTING
from tests.conftest import demo_clock, make_demo, reopen
from tests.sync_support import opened, share_keys
from tests.test_workspace import snapshot

CLOSED = "was closed; nothing was saved"


def test_no_write_reaches_the_disk_once_the_workspace_is_closed(demo_path: Path) -> None:
    workspace = Workspace.open(demo_path)
    repository = Repository(workspace, demo_clock)
    group = repository.groups()[0]
    meeting = next(meeting for meeting in repository.meetings(group.id) if repository.memo(meeting.id))
    entry = repository.memo(meeting.id)[0]
    workspace.close()
    before = snapshot(demo_path)

    writes = {
        "a group": lambda: repository.save_group(dataclasses.replace(group, name="Renamed after closing")),
        "a memo entry": lambda: repository.save_memo_entry(
            MemoEntry(
                meeting_id=meeting.id,
                group_id=group.id,
                text="typed after closing",
                written_at=demo_clock() + timedelta(hours=1),
            )
        ),
        "a changed memo entry": lambda: repository.save_memo_entry(dataclasses.replace(entry, text="changed")),
        "a setting": lambda: workspace.save_setting(LANGUAGE_SETTING, "fi"),
        "a group key": lambda: SyncLedger(workspace).save_key(
            GroupKey(group.id, group.name, "00" * 32, "2026-11-27T12:00:00+00:00", "coordinator")
        ),
        "a TinyDB table of its file": lambda: workspace.network.table("late").insert({"late": True}),
        "a backup": lambda: workspace.backup("late"),
    }
    for what, write in writes.items():
        with pytest.raises(StorageError, match=CLOSED):
            write()
        assert snapshot(demo_path) == before, f"{what} reached the disk after closing"
    assert repository.group(group.id).name == group.name, "memory shows what is on disk"

    check = reopen(demo_path)
    try:
        assert check.group(group.id).name == group.name
        assert [found.text for found in check.memo(meeting.id)] == [found.text for found in repository.memo(meeting.id)]
    finally:
        check.workspace.close()


def test_an_import_that_goes_on_after_closing_is_refused_and_moves_nothing_in(tmp_path: Path) -> None:
    """An import's worker that reaches its files after the app closed the workspace (the staged
    change of :mod:`storage.transaction`) reports it refused, and the files stay as they were."""
    facilitator, coordinator, inbox = tmp_path / "facilitator", tmp_path / "coordinator", tmp_path / "inbox"
    make_demo(facilitator, groups=1, years=1)
    inbox.mkdir()
    with opened(coordinator, WorkspaceRole.COORDINATOR) as central, opened(facilitator) as local:
        share_keys(central, [local], tmp_path / "keys")
        (bundle,) = [make_bundle(local, [group], to=inbox).path for group in local.groups()]
    workspace = Workspace.open(coordinator)
    importer = Importer(Repository(workspace, demo_clock))
    workspace.close()
    before = snapshot(coordinator)

    report = importer.import_file(bundle)

    assert report.status is ImportStatus.REFUSED and CLOSED in report.line()
    assert snapshot(coordinator) == before


def test_closing_waits_for_the_write_under_way_and_lets_go_only_then(demo_path: Path) -> None:
    """A write that holds the workspace's writing lock when closing begins is finished and on
    disk before the lock file is let go; no other process can open the workspace in between."""
    workspace = Workspace.open(demo_path)
    repository = Repository(workspace, demo_clock)
    group = repository.groups()[0]
    inside, go_on = threading.Event(), threading.Event()

    def slow_save() -> None:
        with workspace.writing:
            inside.set()
            go_on.wait(10)
            repository.save_group(dataclasses.replace(group, name="Saved while closing"))

    writer = threading.Thread(target=slow_save)
    closer = threading.Thread(target=workspace.close)
    writer.start()
    assert inside.wait(10)
    closer.start()
    closer.join(0.3)
    try:
        assert closer.is_alive(), "closing did not wait for the write under way"
        with pytest.raises(WorkspaceLocked):
            Workspace.open(demo_path)
    finally:
        go_on.set()
        writer.join(10)
        closer.join(10)
    check = reopen(demo_path)
    try:
        assert check.group(group.id).name == "Saved while closing"
    finally:
        check.workspace.close()


def test_closing_twice_is_closing_once(workspace_path: Path) -> None:
    workspace = Workspace.open(workspace_path)
    workspace.close()
    workspace.close()
    Workspace.open(workspace_path).close()
