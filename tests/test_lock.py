"""One running app per workspace: a live holder is named, a dead one's lock is taken over."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from storage.errors import LocksUnsupported, NewerSchema, WorkspaceLocked
from storage.workspace import Workspace
from tests.processes import REPO_ROOT, Child, child_env, run_python

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


@pytest.mark.processes
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


@pytest.mark.processes
def test_a_second_open_in_the_same_process_is_refused_and_keeps_the_first_lock(workspace_path: Path) -> None:
    with Workspace.open(workspace_path, purpose="app"):
        with pytest.raises(WorkspaceLocked) as refused:
            Workspace.open(workspace_path, purpose="app")
        assert f"process {os.getpid()} " in str(refused.value)
        # The refused attempt did not drop the first holder's lock: another process is refused too.
        (result,) = run_python(TRY_OPEN, workspace_path)
        assert result["locked"] is True
        assert f"process {os.getpid()} " in result["message"]


@pytest.mark.processes
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


@pytest.mark.processes
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


@pytest.mark.processes
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


# -- a folder that cannot be locked or written -------------------------------------------------


def _make_the_system_refuse_locks(monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    """The operating system's lock call fails as on a share without locks (ours is left as it is)."""
    import storage.lock

    def refuse(*arguments: object) -> None:
        raise OSError(code, os.strerror(code))

    if os.name == "nt":
        monkeypatch.setattr(storage.lock.msvcrt, "locking", refuse)
    else:
        monkeypatch.setattr(storage.lock.fcntl, "flock", refuse)


@pytest.mark.parametrize(
    "code", [errno.ENOLCK, errno.EOPNOTSUPP, errno.EINVAL, errno.ENOSYS], ids=lambda code: errno.errorcode[code]
)
def test_a_folder_whose_file_system_cannot_lock_is_not_said_to_be_in_use(
    workspace_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    _make_the_system_refuse_locks(monkeypatch, code)
    with pytest.raises(LocksUnsupported) as refused:
        Workspace.open(workspace_path, purpose="app")
    message = str(refused.value)
    assert "in use" not in message
    assert str(workspace_path) in message and "does not support file locks" in message
    assert errno.errorcode[code] in message
    assert "--workspace" in message and "FACILITATOR_WORKSPACE" in message
    monkeypatch.undo()
    with Workspace.open(workspace_path) as workspace:  # the refusal held nothing: a real lock is taken
        assert workspace.taken_over_from is None


def test_a_lock_held_elsewhere_is_still_told_as_in_use(workspace_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only "would block" means another process: what a held lock answers on this system."""
    _make_the_system_refuse_locks(monkeypatch, errno.EACCES if os.name == "nt" else errno.EWOULDBLOCK)
    with pytest.raises(WorkspaceLocked):
        Workspace.open(workspace_path, purpose="app")


#: Root writes in any folder: its commands run without that power (Linux's ``setpriv``), so that a
#: folder's mode binds them as it binds everyone else.
_WITHOUT_OVERRIDING_MODES = [
    "setpriv",
    "--inh-caps=-dac_override,-dac_read_search",
    "--bounding-set=-dac_override,-dac_read_search",
]


def _bound_by_the_mode_of(folder: Path) -> list[str] | None:
    """What to run a command with so that ``folder``'s mode binds it: nothing for a user, setpriv
    for root; None where nothing does (Windows has no read-only folders)."""
    for prefix in ([], _WITHOUT_OVERRIDING_MODES):
        if prefix and shutil.which(prefix[0]) is None:
            continue
        touch = "import pathlib, sys; pathlib.Path(sys.argv[1], 'probe').touch()"
        if subprocess.run([*prefix, sys.executable, "-c", touch, folder], capture_output=True).returncode:
            return prefix
        (folder / "probe").unlink()
    return None


@pytest.mark.processes
def test_a_read_only_folder_is_named_with_the_reason_and_what_to_do(tmp_path: Path) -> None:
    from tests.test_cli import one_line_error

    empty, existing = tmp_path / "empty", tmp_path / "existing"
    empty.mkdir()
    Workspace.open(existing).close()  # a workspace made read-only after it was used
    for folder in (empty, existing):
        folder.chmod(0o500)
    try:
        prefix = _bound_by_the_mode_of(empty)
        if prefix is None:
            pytest.skip("no user here is kept out of a folder by its mode")
        for folder in (empty, existing):
            for command in (("demo", "--no-open"), ()):
                result = subprocess.run(
                    [*prefix, sys.executable, "-m", "facilitator", *command, "--workspace", folder],
                    cwd=REPO_ROOT,
                    env=child_env(),
                    capture_output=True,
                    text=True,
                    encoding="utf-8",
                    timeout=60,
                    stdin=subprocess.DEVNULL,
                )
                message = one_line_error(result, 1)
                assert f"Cannot write in the workspace folder {folder}: permission denied" in message
                assert "--workspace" in message
    finally:
        for folder in (empty, existing):
            folder.chmod(0o700)
