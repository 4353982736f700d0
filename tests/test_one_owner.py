"""One owner per workspace file in the process: the screens and the workers (the history, the PDFs,
an import, a bundle) go through the same copy of each file, their writes one after another, and a
save is never lost between them.

Each test runs real threads on a real workspace, one of them slowed on purpose at the moment that
used to let the other in, so that the interleaving is certain rather than lucky.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from exports.bundle.format import Audience
from exports.bundle.importer import Importer
from exports.bundle.writer import NothingToSend, make_bundle
from facilitator.model import ActionStatus, Attendance, Group, Meeting, MemoEntry, MemoKind, Person, Presence
from storage import atomic
from storage.repository import Repository
from storage.workspace import Workspace, WorkspaceRole
from tests.conftest import MovingClock, reopen
from tests.sync_support import opened, share_keys

START = datetime(2026, 11, 3, 15, tzinfo=UTC)
PATIENCE = 10.0  # seconds a thread may take before the test gives up on it


def _in_thread(work: Callable[[], Any]) -> threading.Thread:
    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    return thread


def _a_meeting(repository: Repository) -> tuple[Meeting, Person]:
    group = repository.save_group(Group(name="Enontekiö peer group"))
    person = repository.save_person(Person(group_id=group.id, name="Elle Valkeapää"))
    meeting = repository.save_meeting(Meeting(group_id=group.id, starts_at=START, ends_at=START.replace(hour=18)))
    return meeting, person


def test_a_worker_and_the_screens_opening_a_meeting_file_at_once_share_one_copy(
    workspace_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The history's worker opens the meeting's file for its action items, slowly, while the check-in
    saves an attendance: the attendance must survive the next save, whichever copy it goes through."""
    repository = Repository(Workspace.open(workspace_path), MovingClock(START, timedelta(milliseconds=1)))
    meeting, person = _a_meeting(repository)
    repository.save_memo_entry(
        MemoEntry(
            meeting_id=meeting.id,
            group_id=meeting.group_id,
            text="Ask the bank",
            written_at=START,
            kind=MemoKind.ACTION,
        )
    )
    repository.reload()  # nothing of the meeting's file open yet, as after a start
    read, go = threading.Event(), threading.Event()
    slowed: set[threading.Thread] = set()
    reading = atomic.read_json

    def slow_read(path: Path) -> Any:
        found = reading(path)
        if threading.current_thread() in slowed and path.parent.name == "meetings":
            read.set()
            go.wait(PATIENCE)
        return found

    monkeypatch.setattr(atomic, "read_json", slow_read)
    worker = threading.Thread(target=lambda: repository.action_items(meeting.group_id), daemon=True)
    slowed.add(worker)
    worker.start()
    assert read.wait(PATIENCE)
    check_in = _in_thread(
        lambda: repository.save_attendance(
            Attendance(meeting_id=meeting.id, person_id=person.id, status=Presence.PRESENT)
        )
    )
    check_in.join(0.3)  # it waits for the worker's open (or, before, saved through a copy of its own)
    go.set()
    worker.join(PATIENCE)
    check_in.join(PATIENCE)
    (action,) = repository.action_items(meeting.group_id)
    repository.save_memo_entry(
        dataclasses.replace(action, action_status=ActionStatus.DONE)
    )  # through the worker's table
    repository.workspace.close()
    again = reopen(workspace_path)
    try:
        assert [entry.person_id for entry in again.attendance(meeting.id)] == [person.id], "the check-in was erased"
        assert [entry.action_status for entry in again.memo(meeting.id)] == [ActionStatus.DONE]
    finally:
        again.workspace.close()


def test_a_save_waiting_for_an_import_goes_on_through_the_tables_the_import_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A co-facilitator's bundle adds memo entries to a meeting while the facilitator saves one there:
    the import's entries and the facilitator's are all kept, none written over another."""
    with (
        opened(tmp_path / "coordinator", WorkspaceRole.COORDINATOR) as coordinator,
        opened(tmp_path / "adviser") as adviser,
        opened(tmp_path / "co-facilitator") as colleague,
    ):
        meeting, _ = _a_meeting(adviser)
        share_keys(coordinator, [adviser, colleague], tmp_path / "keys")
        group = adviser.group(meeting.group_id)
        assert (
            Importer(colleague).import_file(make_bundle(adviser, [group], audience=Audience.GROUP, to=tmp_path).path).ok
        )
        for number in range(3):
            adviser.save_memo_entry(
                MemoEntry(meeting_id=meeting.id, group_id=group.id, text=f"Adviser's {number}", written_at=START)
            )
        bundle = make_bundle(adviser, [group], audience=Audience.GROUP, to=tmp_path).path
    repository = reopen(tmp_path / "co-facilitator")
    repository.save_memo_entry(MemoEntry(meeting_id=meeting.id, group_id=group.id, text="Before", written_at=START))
    moving, go = threading.Event(), threading.Event()
    importer_thread: list[threading.Thread] = []
    move = atomic.replace_file

    def slow_move(source: Any, target: Path) -> None:
        if threading.current_thread() in importer_thread and not moving.is_set():
            moving.set()
            go.wait(PATIENCE)
        move(source, target)

    monkeypatch.setattr("storage.transaction.replace_file", slow_move)
    reports: list[Any] = []
    importer_thread.append(
        threading.Thread(target=lambda: reports.append(Importer(repository).import_file(bundle)), daemon=True)
    )
    importer_thread[0].start()
    assert moving.wait(PATIENCE)
    saver = _in_thread(
        lambda: repository.save_memo_entry(
            MemoEntry(meeting_id=meeting.id, group_id=group.id, text="Typed meanwhile", written_at=START)
        )
    )
    saver.join(0.3)  # waiting for the import's lock
    go.set()
    importer_thread[0].join(PATIENCE)
    saver.join(PATIENCE)
    assert reports and reports[0].ok, reports
    expected = ["Adviser's 0", "Adviser's 1", "Adviser's 2", "Before", "Typed meanwhile"]
    assert sorted(entry.text for entry in repository.memo(meeting.id)) == expected
    repository.workspace.close()
    again = reopen(tmp_path / "co-facilitator")
    try:
        assert sorted(entry.text for entry in again.memo(meeting.id)) == expected
    finally:
        again.workspace.close()


def test_a_save_stamped_as_a_bundle_is_made_is_in_that_bundle_or_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The save's clock is read, then the save is held up before it writes (as a thread is, any
    time); a bundle made meanwhile, and the next one, must not both leave it out."""
    clock = MovingClock(START, timedelta(milliseconds=5))
    stamped, go = threading.Event(), threading.Event()
    saver: list[threading.Thread] = []

    def slow_clock() -> datetime:
        moment = clock()
        if threading.current_thread() in saver and not stamped.is_set():
            stamped.set()
            go.wait(PATIENCE)
        return moment

    with opened(tmp_path / "coordinator", WorkspaceRole.COORDINATOR) as coordinator:
        adviser = Repository(Workspace.open(tmp_path / "adviser"), slow_clock)
        meeting, _ = _a_meeting(adviser)
        group = adviser.group(meeting.group_id)
        share_keys(coordinator, [adviser], tmp_path / "keys")
    make_bundle(adviser, [group], to=tmp_path)
    adviser.save_group(dataclasses.replace(group, name="Enontekiö peer group (Hetta)"))  # for the next bundle to send
    saver.append(
        threading.Thread(
            target=lambda: adviser.save_memo_entry(
                MemoEntry(
                    meeting_id=meeting.id, group_id=group.id, text="Said as the bundle was made", written_at=START
                )
            ),
            daemon=True,
        )
    )
    saver[0].start()
    assert stamped.wait(PATIENCE)
    sent: list[int] = []

    def bundle() -> None:
        try:
            sent.append(make_bundle(adviser, [group], to=tmp_path).counts["memo"])
        except NothingToSend:
            sent.append(0)

    first = _in_thread(bundle)
    first.join(0.3)  # made while the save is held up (or, now, waiting for it)
    go.set()
    saver[0].join(PATIENCE)
    first.join(PATIENCE)
    bundle()
    adviser.workspace.close()
    assert sum(sent) >= 1, "the entry is in neither bundle: no later bundle will ever send it"
