"""Memo lines that come in bursts: each Enter saves exactly the text typed before it, once, and
what was typed after it stays in the line — however fast the keys come.

The keys are posted to the real app as the terminal driver posts them, with no pause at all
(Pilot's ``press`` waits for the app to go idle after every key, which hides the race), and sent
through a real terminal (tmux) to the real program; on a small meeting and on one of 500 entries,
and with every save slowed on purpose. A pasted block becomes one entry per line, each read as if
typed; a refused line stays in the input with its reason, and the lines after it wait for it.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.keys import _character_to_key

from facilitator.app import make_app
from facilitator.live import new_entry, started
from facilitator.lookup import next_meeting
from facilitator.markers import parse_line
from facilitator.model import Meeting
from screens.live import LiveScreen
from screens.widgets.memo_input import MemoInput
from storage.workspace import Workspace
from tests.conftest import MovingClock, demo_clock, reopen
from tests.processes import REPO_ROOT, child_env

SIZE = (80, 24)
LINES = 200
#: What is typed after the last Enter: it must still be in the line, unsaved.
UNFINISHED = "r-unfinished Aila"


def burst_lines(count: int = LINES) -> list[str]:
    """Lines as a facilitator types them: a running number first, so that a glued or lost line shows."""
    return [f"r{number:03d} Ánde kertoo markkinatilanteesta ja hinnoista {number} #CS" for number in range(count)]


def saved_texts(lines: list[str]) -> list[str]:
    """What the entries of ``lines`` hold once their markers are read (the code is no longer text)."""
    return [line.removesuffix(" #CS") for line in lines]


def start_meeting(folder: Path, entries: int = 0) -> tuple[Meeting, MovingClock]:
    """Start the first group's next meeting (as `m` does) with ``entries`` lines already in its memo."""
    repository = reopen(folder)
    try:
        group = repository.groups()[0]
        meeting = next_meeting(repository.meetings(group.id), demo_clock())
        clock = MovingClock(meeting.starts_at + timedelta(minutes=1), tick=timedelta(milliseconds=1))
        meeting = repository.save_meeting(started(meeting, clock(), group.time_zone))
        people = repository.people(group.id)
        for number in range(entries):
            parsed = parse_line(f"earlier line {number}", people, meeting.starts_at.date())
            repository.save_memo_entry(new_entry(parsed, meeting, [], clock()))
        return meeting, clock
    finally:
        repository.workspace.close()


def memo_on_disk(folder: Path, meeting: Meeting) -> list[str]:
    repository = reopen(folder)
    try:
        return [entry.text for entry in repository.memo(meeting.id)]
    finally:
        repository.workspace.close()


def post_typed(app, text: str) -> None:
    """``text`` as keys, posted the way the terminal driver posts them: all at once, no waiting."""
    for character in text:
        if character == "\n":
            app.post_message(events.Key("enter", "\r"))
        else:
            app.post_message(events.Key(_character_to_key(character), character))


async def open_live_screen(pilot) -> LiveScreen:
    for _attempt in range(100):
        await pilot.pause()
        if isinstance(pilot.app.screen, LiveScreen):
            return pilot.app.screen
    raise AssertionError(f"the live screen did not open: {type(pilot.app.screen).__name__}")


@asynccontextmanager
async def live_meeting(folder: Path, earlier: int = 0) -> AsyncIterator[tuple[Any, LiveScreen, MemoInput]]:
    """The real app at 80×24 on the first group's next meeting, started with ``earlier`` entries
    and open live: (pilot, the live screen, its memo line)."""
    _meeting, clock = start_meeting(folder, earlier)
    app = make_app(Workspace.open(folder), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        live = await open_live_screen(pilot)
        yield pilot, live, live.query_one("#memo-line", MemoInput)


async def wait_until(pilot, done: Callable[[], bool], seconds: float = 120) -> None:
    """Until ``done()``, then once the screen has taken its messages. It looks every 50 ms without
    waiting for the screen in between: a burst of keys keeps it busy, on a loaded machine longer than
    the 30 seconds Pilot waits for a screen."""
    deadline = time.monotonic() + seconds
    while not done():
        assert time.monotonic() < deadline, "the app did not catch up with the keys"
        await asyncio.sleep(0.05)
    await pilot.pause()


async def type_burst(folder: Path, earlier: int) -> tuple[str, Meeting]:
    """Type LINES lines, each followed by Enter and at once by the next, then UNFINISHED; returns
    what the memo line holds at the end, and the meeting."""
    async with live_meeting(folder, earlier) as (pilot, live, line):
        post_typed(pilot.app, "".join(text + "\n" for text in burst_lines()) + UNFINISHED)
        await wait_until(pilot, lambda: len(live._entries) == earlier + LINES and line.value == UNFINISHED)
        return line.value, live.meeting


@pytest.mark.app
@pytest.mark.parametrize("earlier", [0, 500], ids=["small meeting", "500 entries"])
async def test_every_enter_saves_exactly_the_line_before_it(demo_path: Path, earlier: int) -> None:
    left_in_line, meeting = await type_burst(demo_path, earlier)

    assert left_in_line == UNFINISHED
    assert memo_on_disk(demo_path, meeting)[earlier:] == saved_texts(burst_lines())


@pytest.mark.app
async def test_a_burst_while_every_save_is_slow(demo_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Saves that take long (a slow disk, an antivirus) hold the keys back; none is lost or moved."""
    real_fsync = os.fsync

    def slow_fsync(fd: int) -> None:
        time.sleep(0.01)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", slow_fsync)

    left_in_line, meeting = await type_burst(demo_path, 0)

    monkeypatch.setattr(os, "fsync", real_fsync)
    assert left_in_line == UNFINISHED
    assert memo_on_disk(demo_path, meeting) == saved_texts(burst_lines())


@pytest.mark.app
async def test_the_lines_own_keys_keep_their_place_among_the_letters(demo_path: Path) -> None:
    """The line's own keys (ctrl+u, Backspace, Home, End) act where they came among the letters."""
    async with live_meeting(demo_path) as (pilot, _live, line):
        app = pilot.app
        for key, character in [
            *((c, c) for c in "xyz"),
            ("ctrl+u", None),
            *((c, c) for c in "abx"),
            ("backspace", None),
            ("c", "c"),
            ("home", None),
            ("greater_than_sign", ">"),
            ("end", None),
            ("d", "d"),
        ]:
            app.post_message(events.Key(key, character))
        await wait_until(pilot, lambda: line.value.endswith("d"))
        assert line.value == ">abcd"


@pytest.mark.app
async def test_a_pasted_block_becomes_one_entry_per_line(demo_path: Path) -> None:
    async with live_meeting(demo_path) as (pilot, live, line):
        app = pilot.app
        line.value, line.cursor_position = "Before the paste: ", len("Before the paste: ")
        app.post_message(events.Paste("first line #PS\r\n\r\nsecond line !d\nthe last part, not entered"))
        await wait_until(pilot, lambda: len(live._entries) == 2)
        await pilot.pause()
        assert line.value == "the last part, not entered"
        assert [(entry.text, entry.codes, entry.kind.value) for entry in live._entries] == [
            ("Before the paste: first line", ["PS"], "note"),
            ("second line", [], "decision"),
        ]
    assert memo_on_disk(demo_path, live.meeting) == ["Before the paste: first line", "second line"]


@pytest.mark.app
async def test_a_refused_pasted_line_stays_and_the_rest_waits_for_it(demo_path: Path) -> None:
    async with live_meeting(demo_path) as (pilot, live, line):
        app = pilot.app
        app.post_message(events.Paste("one\ntwo #XX\nthree\nfour\n"))
        await wait_until(pilot, lambda: len(live._entries) == 1)
        await pilot.pause()
        assert line.value == "two #XX"
        problem = str(live.query_one("#memo-problems").render())
        assert "Not saved" in problem and "XX" in problem
        assert "2 more pasted lines" in str(line.border_subtitle)

        await pilot.press("esc")  # leaving would lose the waiting lines: the screen stays
        await pilot.pause()
        assert pilot.app.screen is live

        line.value = "two #PS"
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(live._entries) == 4)
        assert line.value == "" and not line.border_subtitle
    assert memo_on_disk(demo_path, live.meeting) == ["one", "two", "three", "four"]


@pytest.mark.app
async def test_a_paste_into_a_refused_line_comes_before_the_lines_that_wait(demo_path: Path) -> None:
    async with live_meeting(demo_path) as (pilot, live, line):
        app = pilot.app
        app.post_message(events.Paste("one\ntwo #XX\nthree\nthe last part"))
        await wait_until(pilot, lambda: len(live._entries) == 1)
        await pilot.pause()
        line.value = ""
        app.post_message(events.Paste("two #PS\nanother"))
        await wait_until(pilot, lambda: len(live._entries) == 4)
        await pilot.pause()
        assert line.value == "the last part" and not line.border_subtitle
    assert memo_on_disk(demo_path, live.meeting) == ["one", "two", "another", "three"]


@pytest.mark.app
async def test_a_paste_into_an_entry_being_edited_stays_one_line(demo_path: Path) -> None:
    async with live_meeting(demo_path, 1) as (pilot, live, _line):
        app = pilot.app
        live.query_one("#memo-log").focus()
        await pilot.press("enter")
        await pilot.pause()
        dialog_line = app.screen.query_one(MemoInput)
        dialog_line.value, dialog_line.cursor_position = "", 0
        app.post_message(events.Paste("joined\nwith spaces"))
        await pilot.pause()
        assert dialog_line.value == "joined with spaces"
        await pilot.press("enter")
        await pilot.pause()
    assert memo_on_disk(demo_path, live.meeting) == ["joined with spaces"]


# -- through a real terminal ----------------------------------------------------------------------


class Terminal:
    """The real program in a tmux window of 80×24: keys go in as a terminal sends them."""

    def __init__(self, folder: Path, name: str) -> None:
        self.name = name
        self.env = child_env(
            {"LANGUAGE": "en", "FACILITATOR_CACHE": str(folder.parent / "cache"), "TERM": "xterm-256color"}
        )
        command = f"{sys.executable} -m facilitator --lang en --workspace {folder}"
        subprocess.run(
            ["tmux", "new-session", "-d", "-s", name, "-x", "80", "-y", "24", command],
            cwd=REPO_ROOT,
            env=self.env,
            check=True,
        )

    def screen(self) -> str:
        done = subprocess.run(["tmux", "capture-pane", "-p", "-t", self.name], capture_output=True, text=True)
        return done.stdout

    def wait_for(self, text: str, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while text not in self.screen():
            assert time.monotonic() < deadline, f"{text!r} never showed:\n{self.screen()}"
            time.sleep(0.1)

    def send(self, text: str) -> None:
        """``text`` in one write to the terminal: a line break is the Enter key."""
        subprocess.run(["tmux", "send-keys", "-t", self.name, "-l", text.replace("\n", "\r")], check=True)

    def paste(self, text: str) -> None:
        """``text`` as a terminal pastes it (bracketed, since the app asks for that)."""
        subprocess.run(["tmux", "set-buffer", "-b", self.name, text], check=True)
        subprocess.run(["tmux", "paste-buffer", "-p", "-d", "-b", self.name, "-t", self.name], check=True)

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


def memo_file_texts(folder: Path, meeting: Meeting) -> list[str]:
    """The entries in the meeting's file while the app holds the workspace (each save replaces the
    whole file in one step, so it is always whole), in the order they were written."""
    try:
        records = json.loads((folder / "meetings" / f"{meeting.id}.json").read_text(encoding="utf-8"))["memo"]
    except (OSError, ValueError, KeyError):
        return []
    return [record["text"] for record in sorted(records.values(), key=lambda record: record["written_at"])]


def wait_for_entries(folder: Path, meeting: Meeting, count: int, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while len(memo_file_texts(folder, meeting)) < count and time.monotonic() < deadline:
        time.sleep(0.1)


@pytest.mark.processes
@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
@pytest.mark.parametrize("earlier", [0, 500], ids=["small meeting", "500 entries"])
def test_a_burst_through_a_real_terminal(demo_path: Path, earlier: int) -> None:
    meeting, _clock = start_meeting(demo_path, earlier)
    terminal = Terminal(demo_path, f"memo-burst-{os.getpid()}-{earlier}")
    try:
        terminal.wait_for("What is said")
        terminal.send("".join(text + "\n" for text in burst_lines()) + UNFINISHED)
        wait_for_entries(demo_path, meeting, earlier + LINES)
        terminal.wait_for(UNFINISHED)
        terminal.send("\x15")  # ctrl+u: the unfinished line goes, so the paste starts on an empty line
        terminal.paste("pasted one\npasted two !d\npasted three")
        wait_for_entries(demo_path, meeting, earlier + LINES + 2)
        terminal.wait_for("pasted three")
        texts = memo_file_texts(demo_path, meeting)
    finally:
        terminal.close()
    # The program's clock is the real one, which may lie before the earlier entries' evening.
    new = [text for text in texts if not text.startswith("earlier line")]
    assert len(texts) - len(new) == earlier
    assert new == [*saved_texts(burst_lines()), "pasted one", "pasted two"]
