"""The memo save path under a killed process and a refusing disk (DESIGN §5: nothing typed is lost).

A memo line is on disk when ``Repository.save_memo_entry`` returns. A child process saves entries
in a loop and reports each one just after the call returns; the parent kills it with SIGKILL at a
random moment, then opens the workspace as the app would after a crash and checks that every
reported entry is there, once, with its words. SIGKILL shows what the process had handed to the
operating system (the rename done, not merely a write queued in memory); what survives a power
cut (the fsyncs) it cannot show.
"""

from __future__ import annotations

import contextlib
import errno
import json
import math
import os
import queue
import random
import re
import shutil
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from facilitator.lookup import next_meeting
from facilitator.model import Meeting, MemoEntry
from storage.atomic import read_json
from storage.codec import from_document
from storage.errors import StorageError, WriteFailed, os_reason
from tests.conftest import demo_clock, make_demo, reopen
from tests.processes import Child

#: Children killed, one after the other, on the same workspace.
ROUNDS = 60
#: Each child is killed this long after it is ready (log-uniform: many early kills, some late).
KILL_DELAY = (0.003, 0.3)

#: Opens the workspace as the app does, picks the group's next meeting and saves entries until
#: killed, reporting each one once ``save_memo_entry`` has returned.
SAVER = """
import itertools, sys
from datetime import datetime, timezone
from pathlib import Path
from facilitator.lookup import next_meeting
from facilitator.model import MemoEntry, MemoKind
from storage.repository import Repository
from storage.workspace import Workspace

folder, round_number = Path(sys.argv[1]), int(sys.argv[2])
noon = datetime(2026, 11, 27, 12, tzinfo=timezone.utc)  # tests.conftest.demo_clock()
workspace = Workspace.open(folder, purpose="app")
repository = Repository(workspace, clock=lambda: noon)
(group,) = repository.groups()
meeting = next_meeting(repository.meetings(group.id), noon)
person = repository.people(group.id)[0]
report(ready=True, meeting=meeting.id, entries=len(repository.memo(meeting.id)))
for number in itertools.count():
    entry = MemoEntry(
        meeting_id=meeting.id,
        group_id=group.id,
        text=(
            f"r{round_number} n{number}: Čuoŋ Đuđá sells smoked fish to Norway; "
            "asks how the others price a commission."
        ),
        written_at=datetime.now(timezone.utc),
        kind=MemoKind.NEED if number % 3 == 0 else MemoKind.NOTE,
        codes=["PS", "MK"][: 1 + number % 2],
        people=[person.id],
    )
    saved = repository.save_memo_entry(entry)
    report(id=saved.id, text=saved.text)
"""

_LINE = re.compile(r"r(\d+) n(\d+): ")


class Saver(Child):
    """The saving child, whose reports can all be collected once it has been killed."""

    def reports_left(self) -> list[dict[str, Any]]:
        """Every whole line the (dead, reaped) child printed and was not read yet."""
        found = []
        while True:
            try:
                line = self._lines.get_nowait()
            except queue.Empty:
                return found
            if line.endswith(b"\n"):  # a line cut by the kill was never reported whole
                found.append(json.loads(line))


def temporary_files(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name.endswith(".tmp"))


def round_and_number(entry: MemoEntry) -> tuple[int, int]:
    match = _LINE.match(entry.text)
    assert match, f"an entry no child wrote: {entry.text!r}"
    return int(match[1]), int(match[2])


@pytest.mark.longest
@pytest.mark.processes
def test_every_entry_reported_saved_survives_a_kill_at_any_moment(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    make_demo(folder, groups=1, years=1)
    meeting_file: Path | None = None
    seed = int(os.environ.get("MEMO_CRASH_SEED", random.randrange(1_000_000)))  # set it to replay a failure
    moments = random.Random(seed)
    reported: dict[str, str] = {}  # id -> text, over every round so far
    last_reported: dict[int, int] = {}  # round -> the highest entry number reported saved
    left_temporaries = unreported_on_disk = 0
    for round_number in range(ROUNDS):
        where = f"round {round_number} (seed {seed})"
        with Saver(SAVER, folder, round_number) as child:
            ready = child.next_report()
            assert ready["ready"] and ready["entries"] == len(reported) + unreported_on_disk, where
            if meeting_file is None:
                meeting_file = folder / "meetings" / f"{ready['meeting']}.json"
            assert ready["meeting"] == meeting_file.stem, f"{where}: the child chose another meeting"
            time.sleep(math.exp(moments.uniform(math.log(KILL_DELAY[0]), math.log(KILL_DELAY[1]))))
            child.kill()
            for saved in child.reports_left():
                assert saved["id"] not in reported, f"{where}: the child reported one id twice"
                reported[saved["id"]] = saved["text"]
                last_reported[round_number] = int(_LINE.match(saved["text"])[2])  # type: ignore[index]

        # The file as the killed process left it: whole JSON, perhaps beside a temporary.
        try:
            read_json(meeting_file)
        except StorageError as error:  # the failure this test exists for
            pytest.fail(f"{where}: the killed save left the meeting file unreadable: {error}")
        left_temporaries += bool(temporary_files(meeting_file.parent))

        repository = reopen(folder)
        try:
            taken_over = repository.workspace.taken_over_from
            assert taken_over is not None and taken_over["pid"] == child.pid, f"{where}: the lock was not taken over"
            assert temporary_files(meeting_file.parent) == [], f"{where}: a temporary survived the open"
            entries = repository.memo(meeting_file.stem)
        finally:
            repository.workspace.close()

        on_disk = {entry.id: entry for entry in entries}
        assert len(on_disk) == len(entries), f"{where}: an entry is stored twice under one id"
        lines = [round_and_number(entry) for entry in entries]
        assert len(set(lines)) == len(lines), f"{where}: one typed line is stored twice"
        for entry_id, text in reported.items():
            assert entry_id in on_disk, f"{where}: entry {text!r} was reported saved but is not on disk"
            assert on_disk[entry_id].text == text, f"{where}: entry {entry_id} has other words on disk"
        # Per child: the lines it reported, in order, plus at most the one it saved and was
        # killed before reporting.
        for earlier in range(round_number + 1):
            numbers = sorted(number for written_in, number in lines if written_in == earlier)
            count = last_reported.get(earlier, -1) + 1
            assert numbers in (list(range(count)), list(range(count + 1))), (
                f"{where}: child {earlier} reported {count} lines saved; the disk has numbers {numbers}"
            )
        unreported_on_disk = len(entries) - len(reported)

    assert len(reported) >= ROUNDS, f"the children saved too little to test anything ({len(reported)}, seed {seed})"
    print(
        f"{ROUNDS} kills (seed {seed}): {len(reported)} entries reported saved, {unreported_on_disk} more saved "
        f"unreported; {left_temporaries} kills left a temporary file beside the meeting file"
    )


# -- a write the disk refuses ------------------------------------------------------------------


@contextlib.contextmanager
def _read_only_folder(path: Path) -> Iterator[None]:
    path.parent.chmod(0o500)
    try:
        yield
    finally:
        path.parent.chmod(0o700)


@contextlib.contextmanager
def _meetings_not_a_folder(path: Path) -> Iterator[None]:
    """A file where the ``meetings`` folder was: the folder cannot be made again."""
    meetings = path.parent
    away = meetings.with_name("meetings-away")
    meetings.rename(away)
    meetings.write_text("not a folder", encoding="utf-8")
    try:
        yield
    finally:
        meetings.unlink()
        away.rename(meetings)


@contextlib.contextmanager
def _workspace_gone(path: Path) -> Iterator[None]:
    """The whole workspace folder gone, as on a USB stick pulled out; plugged back in after."""
    folder = path.parent.parent
    away = folder.with_name(f"{folder.name}-away")
    folder.rename(away)
    try:
        yield
    finally:
        away.rename(folder)


def _demo_entry(meeting: Meeting, number: int, text: str) -> MemoEntry:
    written_at = demo_clock() + timedelta(minutes=number)
    return MemoEntry(meeting_id=meeting.id, group_id=meeting.group_id, text=text, written_at=written_at)


@pytest.mark.parametrize(
    ("breaking", "reason"),
    [
        pytest.param(
            _read_only_folder,
            errno.EACCES,
            id="read-only-folder",
            marks=pytest.mark.skipif(
                os.name != "posix" or os.geteuid() == 0, reason="POSIX permissions, which root ignores"
            ),
        ),
        pytest.param(_meetings_not_a_folder, errno.ENOTDIR, id="meetings-not-a-folder"),
        pytest.param(_workspace_gone, errno.ENOENT, id="workspace-gone"),
    ],
)
def test_a_refused_memo_save_says_why_and_keeps_the_entries_before(
    tmp_path: Path, breaking: Callable[[Path], contextlib.AbstractContextManager[None]], reason: int
) -> None:
    folder = tmp_path / "demo"
    make_demo(folder, groups=1, years=1)
    repository = reopen(folder)
    try:
        (group,) = repository.groups()
        meeting = next_meeting(repository.meetings(group.id), demo_clock())
        path = repository.workspace.meeting_path(meeting.id)
        texts = [f"Line {number}: Ánde hosts in Inari." for number in range(3)] + ["Line 3: typed while refused."]
        before = [repository.save_memo_entry(_demo_entry(meeting, number, texts[number])) for number in range(3)]
        refused = _demo_entry(meeting, 3, texts[3])
        with breaking(path):
            with pytest.raises(StorageError) as caught:
                repository.save_memo_entry(refused)
            # Still refused on a second Enter, and the entries before are still listed.
            with pytest.raises(StorageError):
                repository.save_memo_entry(refused)
            assert repository.memo(meeting.id) == before

        message = str(caught.value)
        assert isinstance(caught.value, WriteFailed) and caught.value.path == path
        assert "Could not save" in message and str(path) in message, message
        assert os_reason(OSError(reason, os.strerror(reason))) in message, message
        assert "previous version of the file is intact" in message, message
        assert "Traceback" not in message
        assert temporary_files(path.parent) == []
        assert [entry.text for entry in read_memo_file(path)] == texts[:3]

        # Once the disk takes writes again, Enter saves the line (once) in the same session.
        retried = repository.save_memo_entry(refused)
    finally:
        repository.workspace.close()

    repository = reopen(folder)
    try:
        entries = repository.memo(meeting.id)
    finally:
        repository.workspace.close()
    assert entries == [*before, retried]
    assert [entry.text for entry in entries] == texts


def read_memo_file(path: Path) -> list[MemoEntry]:
    """The memo entries in a meeting's file as it is on disk, without opening the workspace."""
    return sorted(
        (from_document(MemoEntry, document) for document in read_json(path).get("memo", {}).values()),
        key=lambda entry: (entry.written_at, entry.id),
    )


def test_a_removed_meetings_folder_is_put_back_with_every_entry_of_the_meeting(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    make_demo(folder, groups=1, years=1)
    repository = reopen(folder)
    try:
        (group,) = repository.groups()
        meeting = next_meeting(repository.meetings(group.id), demo_clock())
        path = repository.workspace.meeting_path(meeting.id)
        before = [repository.save_memo_entry(_demo_entry(meeting, number, f"Line {number}")) for number in range(3)]
        shutil.rmtree(path.parent)
        after = repository.save_memo_entry(_demo_entry(meeting, 3, "Line 3: saved after the folder was removed"))
        assert [entry.id for entry in read_memo_file(path)] == [entry.id for entry in [*before, after]]
    finally:
        repository.workspace.close()
    repository = reopen(folder)
    try:
        assert repository.memo(meeting.id) == [*before, after]
    finally:
        repository.workspace.close()
