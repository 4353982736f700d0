"""One running app per workspace: a live holder is named, a dead one's lock is taken over."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from storage.errors import NewerSchema, WorkspaceLocked
from storage.workspace import Workspace
from tests.processes import Child, run_python

HOLDER = """
import sys, time
from pathlib import Path
from storage.workspace import Workspace
workspace = Workspace.open(Path(sys.argv[1]), purpose="app")
report(holding=True)
time.sleep(120)
"""

TRY_OPEN = """
import sys
from pathlib import Path
from storage.errors import NewerSchema, WorkspaceLocked
from storage.workspace import Workspace
try:
    workspace = Workspace.open(Path(sys.argv[1]), purpose="test")
except WorkspaceLocked as error:
    report(locked=True, message=str(error))
else:
    workspace.close()
    report(locked=False)
"""


def test_a_running_app_is_named_and_its_lock_taken_over_once_it_is_killed(workspace_path: Path) -> None:
    with Child(HOLDER, workspace_path) as child:
        assert child.next_report() == {"holding": True}
        with pytest.raises(WorkspaceLocked) as refused:
            Workspace.open(workspace_path, purpose="app")
        message = str(refused.value)
        assert f"process {child.pid} " in message
        assert "the app" in message
        assert str(workspace_path) in message
        dead_pid = child.pid
        child.kill()

    workspace = Workspace.open(workspace_path, purpose="app")
    try:
        assert workspace.taken_over_from is not None
        assert workspace.taken_over_from["pid"] == dead_pid
        assert workspace.taken_over_from["purpose"] == "app"
    finally:
        workspace.close()

    # Closed cleanly this time: the next opener takes over from nobody.
    with Workspace.open(workspace_path) as workspace:
        assert workspace.taken_over_from is None


def test_a_second_open_in_the_same_process_is_refused_and_keeps_the_first_lock(workspace_path: Path) -> None:
    with Workspace.open(workspace_path, purpose="app"):
        with pytest.raises(WorkspaceLocked) as refused:
            Workspace.open(workspace_path, purpose="app")
        assert f"process {os.getpid()} " in str(refused.value)
        # The refused attempt did not drop the first holder's lock: another process is refused too.
        (result,) = run_python(TRY_OPEN, workspace_path)
        assert result["locked"] is True
        assert f"process {os.getpid()} " in result["message"]


def test_close_releases_the_workspace(workspace_path: Path) -> None:
    workspace = Workspace.open(workspace_path, purpose="app")
    workspace.close()
    (result,) = run_python(TRY_OPEN, workspace_path)
    assert result == {"locked": False}
    reopened = Workspace.open(workspace_path, purpose="app")
    try:
        assert reopened.taken_over_from is None
    finally:
        reopened.close()
    reopened.close()  # closing twice is harmless


def test_a_refused_open_releases_the_lock_it_took(workspace_path: Path) -> None:
    """An open that fails after locking (here: a newer workspace) must not keep the folder locked."""
    with Workspace.open(workspace_path) as workspace:
        info = workspace.info.to_json()
    info["schema_version"] = 10_000
    (workspace_path / "workspace.json").write_text(json.dumps(info))
    with pytest.raises(NewerSchema):
        Workspace.open(workspace_path)
    (result,) = run_python(TRY_OPEN.replace('purpose="test"', 'purpose="test", schema_version=10_000'), workspace_path)
    assert result == {"locked": False}


def test_a_reader_neither_takes_nor_disturbs_the_lock(workspace_path: Path) -> None:
    """Reports and exports read beside the app: the app keeps its lock and its note, and a reader
    never keeps a writer out (nor hides that the last writer died)."""
    with Child(HOLDER, workspace_path) as child:
        assert child.next_report() == {"holding": True}
        note = (workspace_path / ".lock").read_bytes()
        with Workspace.open_for_reading(workspace_path) as reader:
            assert reader.read_only
            with pytest.raises(WorkspaceLocked):
                Workspace.open(workspace_path, purpose="app")
        assert (workspace_path / ".lock").read_bytes() == note
        dead_pid = child.pid
        child.kill()

    with Workspace.open_for_reading(workspace_path), Workspace.open(workspace_path, purpose="app") as writer:
        assert writer.taken_over_from is not None and writer.taken_over_from["pid"] == dead_pid
