"""Every save the app reports is on disk exactly once, however the workers interleave with it.

The real app runs a live meeting at 80×24 while thread workers do what the screens' workers do, all
at once and over and over: the history reads every held meeting and the action items, PDFs of the
meeting are written, incremental bundles are made, and a co-facilitator's bundle adding entries to
this very meeting is imported. Meanwhile memo lines (some of them action items) are typed in a
burst, members are checked in, and earlier actions are marked done. The workspace is then reopened
from disk and compared with what the app said it saved.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from exports.bundle.format import Audience
from exports.bundle.importer import Importer
from exports.bundle.writer import NothingToSend, make_bundle
from exports.meeting_files import write_meeting_file
from facilitator.app import make_app
from facilitator.live import with_action_status
from facilitator.model import ActionStatus, Attendance, MeetingStatus, MemoEntry, Presence
from screens.widgets.memo_input import MemoInput
from storage.workspace import Workspace, WorkspaceRole
from tests.conftest import make_demo, reopen
from tests.sync_support import opened, share_keys
from tests.test_memo_burst import SIZE, open_live_screen, post_typed, start_meeting, wait_until

pytestmark = pytest.mark.app

LINES = 60
ROUNDS = 4
COLLEAGUE_ENTRIES = 5


def _typed(number: int) -> str:
    """A memo line with its number, an action item every fifth one."""
    return (
        f"s{number:03d} Biret lupaa selvittää rahoituksen !action"
        if number % 5 == 0
        else f"s{number:03d} Ánde kertoo hinnoista"
    )


def _colleagues_bundle(folder: Path, meeting_id: str) -> Path:
    """Keys for the adviser's groups, and a co-facilitator's bundle that adds entries to the meeting."""
    with (
        opened(folder / "coordinator", WorkspaceRole.COORDINATOR) as coordinator,
        opened(folder / "adviser") as adviser,
        opened(folder / "colleague") as colleague,
    ):
        share_keys(coordinator, [adviser, colleague], folder / "keys")
        group = adviser.group(adviser.meeting(meeting_id).group_id)
        assert (
            Importer(colleague).import_file(make_bundle(adviser, [group], audience=Audience.GROUP, to=folder).path).ok
        )
        meeting = colleague.meeting(meeting_id)
        for number in range(COLLEAGUE_ENTRIES):
            colleague.save_memo_entry(
                MemoEntry(
                    meeting_id=meeting_id, group_id=group.id, text=f"colleague {number}", written_at=meeting.starts_at
                )
            )
        return make_bundle(colleague, [group], audience=Audience.GROUP, to=folder / "incoming").path


async def test_saves_and_workers_together_keep_every_save_exactly_once(tmp_path: Path) -> None:
    folder = tmp_path / "adviser"
    make_demo(folder)
    meeting, clock = start_meeting(folder)
    (tmp_path / "incoming").mkdir()
    incoming = _colleagues_bundle(tmp_path, meeting.id)
    app = make_app(Workspace.open(folder), clock=clock)
    repository = app.repository
    failures: list[BaseException] = []

    def repeatedly(work: Any) -> Any:
        def run() -> None:
            try:
                for _round in range(ROUNDS):
                    work()
            except BaseException as error:  # reported by the test, not lost in a thread
                failures.append(error)

        return run

    def history() -> None:
        for held in repository.meetings(meeting.group_id):
            if held.status is MeetingStatus.HELD:
                repository.meeting_records(held.id)
        repository.action_items(meeting.group_id)

    def pdfs() -> None:
        write_meeting_file(repository, repository.meeting(meeting.id), "agenda", tmp_path / "pdf")
        write_meeting_file(repository, repository.meeting(meeting.id), "signin", tmp_path / "pdf")

    def bundles() -> None:
        with contextlib.suppress(NothingToSend):
            make_bundle(repository, [repository.group(meeting.group_id)], to=tmp_path / "out")

    imported: list[Any] = []
    (tmp_path / "pdf").mkdir()
    (tmp_path / "out").mkdir()
    async with app.run_test(size=SIZE) as pilot:
        live = await open_live_screen(pilot)
        line = live.query_one("#memo-line", MemoInput)
        workers = [app.run_worker(repeatedly(work), thread=True, group="stress") for work in (history, pdfs, bundles)]
        workers.append(
            app.run_worker(
                lambda: imported.append(Importer(repository).import_file(incoming)), thread=True, group="stress"
            )
        )
        post_typed(app, "".join(_typed(number) + "\n" for number in range(LINES)))
        people = repository.people(meeting.group_id)
        checked_in = [
            repository.save_attendance(
                Attendance(meeting_id=meeting.id, person_id=person.id, status=Presence.PRESENT)
            ).id
            for person in people
        ]
        earlier = [
            entry
            for entry in repository.action_items(meeting.group_id)
            if entry.is_open_action and entry.meeting_id != meeting.id
        ]
        marked = [
            repository.save_memo_entry(with_action_status(entry, ActionStatus.DONE, meeting.id, repository.now())).id
            for entry in earlier[:3]
        ]
        await wait_until(pilot, lambda: len(live._entries) == LINES and line.value == "")
        for worker in workers:
            await worker.wait()
        shown = [entry.text for entry in live._entries]
    assert not failures, failures
    assert imported and imported[0].ok, imported
    assert marked, "the demo has no open action items to mark done"

    again = reopen(folder)
    try:
        on_disk = Counter(entry.text for entry in again.memo(meeting.id))
        expected = Counter(shown) + Counter(f"colleague {number}" for number in range(COLLEAGUE_ENTRIES))
        assert on_disk == expected, "a save the app reported is missing, doubled, or one appeared unreported"
        assert sum(1 for entry in again.memo(meeting.id) if entry.kind.value == "action") == LINES // 5
        assert sorted(entry.id for entry in again.attendance(meeting.id)) == sorted(checked_in)
        statuses = {entry.id: entry.action_status for entry in again.action_items(meeting.group_id)}
        assert all(statuses[entry_id] is ActionStatus.DONE for entry_id in marked)
    finally:
        again.workspace.close()
