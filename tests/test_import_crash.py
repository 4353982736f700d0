"""An import killed part-way (DESIGN §5: a killed process leaves the last good state; a bundle is
imported whole or not at all).

A child process imports a large real bundle (two groups, three years, every record new) into a
copy of a coordinator workspace and is killed with SIGKILL at a random moment; the workspace is
then opened as the app opens it after a crash (which completes or throws away an interrupted
staged change) and must hold exactly the data it held before the import, or exactly the data a
complete import gives. Importing the same bundle again then completes it, or says it was
imported already. The moments are drawn over the whole import and, more densely, over the part
where files are written (measured once in an uninterrupted child), so that kills land between
the staged files, the list of the change and the moves into place.
"""

from __future__ import annotations

import errno
import os
import random
import shutil
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from exports.bundle.importer import Importer, ImportStatus
from exports.bundle.writer import make_bundle
from facilitator.model import Group, Person
from storage import atomic, transaction
from storage.atomic import json_bytes, write_atomic
from storage.errors import StorageError
from storage.network_records import load_network
from storage.reading import read_unchanged, read_workspace
from storage.repository import Repository
from storage.transaction import CHANGE_LIST, LAST_CHANGE, STAGING_FOLDER, StagedChange, finish_staged_change
from storage.workspace import Workspace, WorkspaceRole
from tests.conftest import make_demo
from tests.processes import Child, run_python
from tests.sync_support import opened, share_keys, synced_data

ROUNDS = 24

#: Opens the coordinator workspace as the app does and imports the bundle, reporting just before
#: the import starts and once it has returned. With "timing", it also reports when the first file
#: is staged and when the change is committed (seconds after the start), to aim the kills.
IMPORTER = """
import sys, time
from pathlib import Path
from exports.bundle.importer import Importer
from storage.repository import Repository
from storage.workspace import Workspace, WorkspaceRole

folder, bundle, timing = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] == "timing"
workspace = Workspace.open(folder, purpose="app", role=WorkspaceRole.COORDINATOR)
importer = Importer(Repository(workspace))
marks = {}
if timing:
    from storage import transaction

    stage, commit = transaction.StagedChange.stage, transaction.StagedChange.commit

    def timed_stage(self, relative, data):
        marks.setdefault("first_staged", time.monotonic() - start)
        stage(self, relative, data)

    def timed_commit(self):
        marks["commit"] = time.monotonic() - start
        commit(self)
        marks["committed"] = time.monotonic() - start

    transaction.StagedChange.stage, transaction.StagedChange.commit = timed_stage, timed_commit
report(ready=True)
start = time.monotonic()
result = importer.import_file(bundle)
report(done=True, status=result.status.value, seconds=time.monotonic() - start, **marks)
workspace.close()
"""


def staging_state(folder: Path) -> str:
    """Where the killed import stopped, as its files show it."""
    staging = folder / STAGING_FOLDER
    if not staging.exists():
        return "no staged change"
    if (staging / CHANGE_LIST).exists():
        return "change listed, moves unfinished"
    return "files staged, change not listed"


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("import-crash")
    (root / "out").mkdir()
    make_demo(root / "facilitator", groups=2, years=3)
    with (
        opened(root / "coordinator", WorkspaceRole.COORDINATOR) as coordinator,
        opened(root / "facilitator") as facilitator,
    ):
        share_keys(coordinator, [facilitator], root / "keys")
        bundle = make_bundle(facilitator, facilitator.groups(), full=True, to=root / "out").path
    before = synced_data(root / "coordinator")
    # The outcome of an import nobody killed, timed by a child that is not killed either.
    shutil.copytree(root / "coordinator", root / "complete")
    (done,) = [
        line for line in run_python(IMPORTER, root / "complete", bundle, "timing", timeout=120) if "done" in line
    ]
    assert done["status"] == ImportStatus.IMPORTED.value, done
    assert {"first_staged", "commit", "committed"} <= set(done), done
    after = synced_data(root / "complete")
    assert after != before and len(after) > 2000, len(after)
    return {"root": root, "bundle": bundle, "before": before, "after": after, "timing": done}


@pytest.mark.longest
@pytest.mark.processes
def test_an_import_killed_at_any_moment_leaves_the_data_before_or_after(setup: dict[str, Any]) -> None:
    root, bundle, before, after, timing = (setup[key] for key in ("root", "bundle", "before", "after", "timing"))
    seed = int(os.environ.get("IMPORT_CRASH_SEED", random.randrange(1_000_000)))  # set it to replay a failure
    moments = random.Random(seed)
    outcomes: dict[str, int] = {"before": 0, "after": 0}
    states: dict[str, int] = {}
    for round_number in range(ROUNDS):
        where = f"round {round_number} (seed {seed})"
        folder = root / f"round-{round_number}"
        shutil.copytree(root / "coordinator", folder)
        # A third of the kills anywhere in the import (and a little past its end), the rest
        # while files are written: staged, listed, moved into place.
        if round_number % 3 == 0:
            delay = moments.uniform(0, timing["seconds"] * 1.15)
        else:
            delay = moments.uniform(timing["first_staged"] * 0.9, timing["committed"] * 1.05)
        # A machine much slower or faster than when the import was timed could leave one end
        # unreached: the last rounds then make sure of it (killed at once; killed well after).
        left = ROUNDS - round_number
        if left <= 2 and outcomes["before"] == 0:
            delay = 0.0
        elif left <= 2 and outcomes["after"] == 0:
            delay = timing["seconds"] * 4 * (3 - left)
        with Child(IMPORTER, folder, bundle, "plain") as child:
            assert child.next_report(timeout=60)["ready"], where
            time.sleep(delay)
            child.kill()
        state = staging_state(folder)
        states[state] = states.get(state, 0) + 1

        with opened(folder, WorkspaceRole.COORDINATOR) as repository:
            assert not (folder / STAGING_FOLDER).exists(), f"{where}: the open left the staged change ({state})"
            found = synced_data(folder)
            assert found in (before, after), (
                f"{where}: killed {delay:.3f} s into the import ({state}), the workspace holds "
                f"{len(found)} records: neither the {len(before)} before nor the {len(after)} after"
            )
            outcome = "before" if found == before else "after"
            outcomes[outcome] += 1
            report = Importer(repository).import_file(bundle)
            expected = ImportStatus.IMPORTED if outcome == "before" else ImportStatus.ALREADY
            assert report.status is expected, f"{where}: {outcome} the import, the second one says {report.line()}"
        assert synced_data(folder) == after, f"{where}: the second import did not complete the data"
        shutil.rmtree(folder)

    print(f"{ROUNDS} kills (seed {seed}): outcomes {outcomes}; left on disk at the kill: {states}; timing {timing}")
    # Both ends are reached: kills early in the import leave it undone, kills late complete it.
    assert outcomes["before"] >= 1 and outcomes["after"] >= 1, (outcomes, states, seed)


# -- a change whose moves stopped part-way, in the same session --------------------------------


def _half_moved_change(folder: Path) -> None:
    """A listed change of two files of which only the first was moved: as a failed move leaves it."""
    (folder / "meetings").mkdir(parents=True)
    (folder / "network.json").write_bytes(b"old network")
    (folder / "meetings" / "m.json").write_bytes(b"old meeting")
    change = StagedChange(folder)
    change.stage("network.json", b"new network")
    change.stage("meetings/m.json", b"new meeting")
    write_atomic(folder / STAGING_FOLDER / CHANGE_LIST, json_bytes(["network.json", "meetings/m.json"]))
    os.replace(folder / STAGING_FOLDER / "network.json", folder / "network.json")


def test_a_listed_change_left_in_the_session_is_completed_by_the_next_one(tmp_path: Path) -> None:
    """Once listed, a change has happened: the next change completes it, never throws it away."""
    folder = tmp_path / "workspace"
    _half_moved_change(folder)
    StagedChange(folder).discard()
    assert (folder / "network.json").read_bytes() == b"new network"
    assert (folder / "meetings" / "m.json").read_bytes() == b"new meeting"
    assert not (folder / STAGING_FOLDER).exists()


def test_an_unlisted_change_is_thrown_away_and_a_strange_list_refused(tmp_path: Path) -> None:
    folder = tmp_path / "workspace"
    _half_moved_change(folder)
    (folder / STAGING_FOLDER / CHANGE_LIST).unlink()
    (folder / "meetings" / "m.json").write_bytes(b"old meeting")
    finish_staged_change(folder)
    assert (folder / "meetings" / "m.json").read_bytes() == b"old meeting"
    assert not (folder / STAGING_FOLDER).exists()
    # A list that names places outside the workspace moves nothing there; one that is no list is
    # refused with a reason, not a traceback.
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"mine")
    (folder / STAGING_FOLDER).mkdir()
    (folder / STAGING_FOLDER / "x.json").write_bytes(b"staged")
    write_atomic(
        folder / STAGING_FOLDER / CHANGE_LIST,
        json_bytes([str(outside), "../outside.txt", "meetings/../../outside.txt"]),
    )
    finish_staged_change(folder)
    assert outside.read_bytes() == b"mine"
    (folder / STAGING_FOLDER).mkdir()
    write_atomic(folder / STAGING_FOLDER / CHANGE_LIST, json_bytes(7))
    with pytest.raises(StorageError, match="cannot be completed"):
        finish_staged_change(folder)


def test_a_full_disk_at_the_mark_for_readers_leaves_the_import_undone_and_reports_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The mark that tells readers of a change is the last thing written before the files move: a
    full disk there refuses the import with nothing of it applied, reports read on, and the same
    bundle is imported once there is room."""
    folder = tmp_path / "coordinator"
    with opened(folder, WorkspaceRole.COORDINATOR) as coordinator, opened(tmp_path / "facilitator") as facilitator:
        group = facilitator.save_group(Group(name="Inari peer group"))
        facilitator.save_person(Person(group_id=group.id, name="Elle Valkeapää"))
        share_keys(coordinator, [facilitator], tmp_path / "keys")
        bundle = make_bundle(facilitator, [group], full=True, to=tmp_path).path
        before = synced_data(folder)

        def people(repository: Repository) -> list[str]:
            return [person.name for group in repository.groups() for person in repository.people(group.id)]

        replace = atomic.replace_file

        def disk_full_at_the_mark(source: str | os.PathLike[str], target: Path) -> None:
            if Path(target).name == LAST_CHANGE:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            replace(source, target)

        monkeypatch.setattr(atomic, "replace_file", disk_full_at_the_mark)
        report = Importer(coordinator).import_file(bundle)
        assert report.status is ImportStatus.REFUSED and "the disk is full" in report.message, report.line()
        assert synced_data(folder) == before, "the import was applied although it was refused"
        assert not (folder / STAGING_FOLDER).exists()
        assert read_workspace(folder, people) == [], "a report refuses the workspace after the failed import"

        monkeypatch.setattr(atomic, "replace_file", replace)
        assert Importer(coordinator).import_file(bundle).status is ImportStatus.IMPORTED
        assert len(read_workspace(folder, people)) == 1  # under a pseudonym: no consent to research use


def test_a_reader_taking_its_mark_as_an_import_begins_never_keeps_half_of_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A change's new mark is on disk before its first file moves: a reader that takes the mark just
    then must not read on as if nothing were happening, even when the change is complete by the time
    it looks again."""
    folder = tmp_path / "workspace"
    (folder / "meetings").mkdir(parents=True)
    (folder / "network.json").write_bytes(b"old network")
    (folder / "meetings" / "m.json").write_bytes(b"old meeting")
    listed = folder / STAGING_FOLDER / CHANGE_LIST
    exists, replace = Path.exists, transaction.replace_file
    network_moved, go_on = threading.Event(), threading.Event()
    writers: list[threading.Thread] = []

    def slow_move(source: str | os.PathLike[str], target: Path) -> None:
        """The writer moves the network file, then pauses (until the reader lets it go on, or a moment)."""
        if target.name != "network.json":
            go_on.wait(0.5)
        replace(source, target)
        network_moved.set()

    def write() -> None:
        change = StagedChange(folder)
        change.stage("network.json", b"new network")
        change.stage("meetings/m.json", b"new meeting")
        change.commit()

    def import_begins_after_the_look(path: Path) -> bool:
        """The reader's first look for a list finds none; right after it, an import is listed, its
        mark renewed and the network file moved into place."""
        found = exists(path)
        if path == listed and not writers:
            writers.append(threading.Thread(target=write))
            writers[0].start()
            assert network_moved.wait(10)
        return found

    def read() -> tuple[bytes, bytes]:
        meeting = (folder / "meetings" / "m.json").read_bytes()
        go_on.set()  # the import completes between the reader's two reads
        writers[0].join()
        return (folder / "network.json").read_bytes(), meeting

    monkeypatch.setattr(transaction, "replace_file", slow_move)
    monkeypatch.setattr(Path, "exists", import_begins_after_the_look)
    seen = read_unchanged(folder, read)
    monkeypatch.setattr(Path, "exists", exists)
    assert seen == (b"new network", b"new meeting"), f"the reader kept half an import: {seen}"


# -- a reader while the import is moved into place ---------------------------------------------

#: Imports the bundle as the app does, each staged file moved into place a moment after the last
#: (as on a slow disk), so that a reader comes between the moves.
SLOW_IMPORTER = """
import sys, time
from pathlib import Path
from exports.bundle.importer import Importer
from storage import transaction
from storage.repository import Repository
from storage.workspace import Workspace, WorkspaceRole

folder, bundle, pause = Path(sys.argv[1]), Path(sys.argv[2]), float(sys.argv[3])
workspace = Workspace.open(folder, purpose="app", role=WorkspaceRole.COORDINATOR)
importer = Importer(Repository(workspace))
move = transaction.replace_file

def slow_move(source, target):
    move(source, target)
    time.sleep(pause)

transaction.replace_file = slow_move
report(ready=True)
report(done=True, status=importer.import_file(bundle).status.value)
workspace.close()
"""


def figures(repository: Repository) -> list[tuple[str, int, int, int, int]]:
    """What a report counts, per group: people, meetings, and the held meetings' memo entries and
    attendance (read from each meeting's file)."""
    found = []
    for records in load_network(repository):
        held = records.records.values()
        found.append(
            (
                records.group.id,
                len(records.people),
                len(records.meetings),
                sum(len(meeting.memo) for meeting in held),
                sum(len(meeting.attendance) for meeting in held),
            )
        )
    return found


def unchecked_figures(folder: Path) -> list[tuple[str, int, int, int, int]]:
    """The figures as a reader that does not check for an import between its reads sees them."""
    with Workspace.open_for_reading(folder) as workspace:
        return figures(Repository(workspace))


@pytest.mark.processes
def test_a_reader_during_an_import_sees_the_workspace_before_it_or_after_it_never_half(
    setup: dict[str, Any], tmp_path: Path
) -> None:
    """While the app imports (its lock held), a report reads the workspace: network.json moved into
    place first, the meeting files one by one after it. An unchecked reader sees half an import;
    ``read_workspace`` reads again and sees the data before or after, and the app is not held up."""
    root, bundle = setup["root"], setup["bundle"]
    before, after = unchecked_figures(root / "coordinator"), unchecked_figures(root / "complete")
    assert before != after
    folder = tmp_path / "coordinator"
    shutil.copytree(root / "coordinator", folder)
    checked: list[object] = []
    unchecked: list[object] = []
    with Child(SLOW_IMPORTER, folder, bundle, "0.03") as child:
        assert child.next_report(timeout=60)["ready"]

        def read_on(read: Callable[[], object], seen: list[object]) -> None:
            while child.process.poll() is None:
                seen.append(read())

        # Two readers side by side, each reading over and over until the import is done.
        with ThreadPoolExecutor(2) as readers:
            done = [
                readers.submit(read_on, lambda: read_workspace(folder, figures), checked),
                readers.submit(read_on, lambda: unchecked_figures(folder), unchecked),
            ]
        for reader in done:
            reader.result()
        assert child.next_report(timeout=10) == {"done": True, "status": ImportStatus.IMPORTED.value}
    checked.append(read_workspace(folder, figures))

    halves = [seen for seen in unchecked if seen not in (before, after)]
    assert halves, f"no reader came between the moves ({len(unchecked)} reads): the test proves nothing"
    assert all(seen in (before, after) for seen in checked), "a checked reader saw half an import"
    assert checked[-1] == after and synced_data(folder) == setup["after"]
    print(f"{len(checked)} checked reads, {len(halves)} of {len(unchecked)} unchecked reads saw half the import")


def _import_elsewhere(folder: Path, files: dict[str, bytes]) -> None:
    """A change of several files made by another writer (a thread of its own, as the app's import)."""

    def write() -> None:
        change = StagedChange(folder)
        for relative, data in files.items():
            change.stage(relative, data)
        change.commit()

    writer = threading.Thread(target=write)
    writer.start()
    writer.join()


def test_a_read_an_import_came_into_is_made_again_and_its_file_written_only_from_a_whole_view(tmp_path: Path) -> None:
    folder = tmp_path / "workspace"
    (folder / "meetings").mkdir(parents=True)
    (folder / "network.json").write_bytes(b"old network")
    (folder / "meetings" / "m.json").write_bytes(b"old meeting")
    attempts: list[tuple[bytes, bytes]] = []

    def read() -> tuple[bytes, bytes]:
        network = (folder / "network.json").read_bytes()
        if not attempts:  # the first time, an import comes between the reader's two reads
            _import_elsewhere(folder, {"network.json": b"new network", "meetings/m.json": b"new meeting"})
        seen = (network, (folder / "meetings" / "m.json").read_bytes())
        attempts.append(seen)
        write_atomic(tmp_path / f"report-{len(attempts)}.txt", b" + ".join(seen))
        return seen

    assert read_unchanged(folder, read) == (b"new network", b"new meeting")
    assert attempts == [(b"old network", b"new meeting"), (b"new network", b"new meeting")]
    assert not (tmp_path / "report-1.txt").exists(), "a file was written from half an import"
    assert (tmp_path / "report-2.txt").read_bytes() == b"new network + new meeting"

    # A workspace that changes at every attempt is given up, with a reason and no file.
    def always_disturbed() -> None:
        _import_elsewhere(folder, {"network.json": b"newer network"})
        write_atomic(tmp_path / "never.txt", b"half")

    with pytest.raises(StorageError, match="kept changing while it was read"):
        read_unchanged(folder, always_disturbed)
    assert not (tmp_path / "never.txt").exists()


def test_a_reader_waits_for_a_change_being_moved_and_refuses_one_left_unfinished(tmp_path: Path) -> None:
    folder = tmp_path / "workspace"
    _half_moved_change(folder)  # listed, network.json moved, the meeting not yet
    before = {path: path.read_bytes() for path in folder.rglob("*") if path.is_file()}
    with pytest.raises(StorageError, match="was left unfinished"):
        read_unchanged(folder, lambda: (folder / "meetings" / "m.json").read_bytes(), patience=0.3)
    assert {path: path.read_bytes() for path in folder.rglob("*") if path.is_file()} == before, "a reader wrote"

    # A writer completing the change meanwhile: the reader waits for it, then reads the whole change.
    writer = threading.Timer(0.3, finish_staged_change, [folder])
    writer.start()
    assert read_unchanged(folder, lambda: (folder / "meetings" / "m.json").read_bytes()) == b"new meeting"
    writer.join()
