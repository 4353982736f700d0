"""The memo benchmark's part through the real app (see ``bench/memo.py``, which runs it): a
keystroke from its key event to the frame that shows it, and a line from its Enter key to its entry
on disk, in the live screen of a 13-group, 20-year workspace.

Keystrokes: the benchmarked meeting is topped up to 500 entries. The real app
(``facilitator.app.make_app``) runs headless at 80x24 under ``App.run_test``, its clock running
from the meeting's evening; the live screen is opened with ``screens.open_meeting.open_meeting`` and ~100
characters are posted to it as key events, as the terminal driver posts them, a quick typist's
pace apart. Each is timed until the frame that shows it has been composed: the process's CPU time
(target under 16 ms, one frame at 60 Hz) and the wall time. The same for an empty meeting.

Enter to disk: in a meeting of 500 entries and in one of 20, lines are put into the memo line and
an Enter key event is posted as the driver posts it; the time runs from the post to the moment the
meeting's file has been written, fsynced and renamed into place (``storage.atomic.write_atomic``
returned for that file). It holds the key's way through the app, reading the line's markers and
the save. Target: p99 under 10 ms at both sizes.
"""

from __future__ import annotations

import asyncio
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bench.children import fail
from bench.memo import LOG_ENTRIES, MEETING_HOURS, Case, memo_entry, percentile, verdict

KEY_TARGET_MS = 16.0
ENTER_TARGET_MS = 10.0
#: Entries in the smaller meeting the Enter key is timed in.
FEW_ENTRIES = 20

#: A line as a facilitator writes it, with a code, saved by Enter (a running number in front).
ENTERED = "Ánde will ask Osuuspankki about a seasonal credit line before the Christmas rush #RA"

Meeting = tuple[Any, Any]  # (group, meeting)


class EveningClock:
    """The app's clock: real time running from a moment set by the bench (the meeting's start),
    so that a meeting is opened on its own day, as a facilitator does, and the clock bar ticks."""

    def __init__(self) -> None:
        from facilitator.model import utc_now

        self._base, self._since = utc_now(), time.monotonic()

    def set(self, moment: datetime) -> None:
        self._base, self._since = moment, time.monotonic()

    def __call__(self) -> datetime:
        return self._base + timedelta(seconds=time.monotonic() - self._since)


async def open_live(pilot: Any, group: Any, meeting: Any, expected_rows: int) -> Any:
    """Open ``meeting`` live, as `m` does; returns its memo line, with the focus."""
    from screens.live import LiveScreen
    from screens.open_meeting import open_meeting

    app = pilot.app
    open_meeting(app.screen, app.repository, group, meeting)
    for _attempt in range(200):
        await pilot.pause()
        if isinstance(app.screen, LiveScreen):
            break
    else:
        fail("opening the live screen", f"the screen shown is {type(app.screen).__name__}, not the live screen")
    memo_line = app.screen.query_one("#memo-line")
    memo_line.focus()
    await pilot.pause()
    rows = app.screen.query_one("#memo-log").row_count
    if rows != expected_rows:
        fail("opening the live screen", f"the log shows {rows} entries, expected {expected_rows}")
    return memo_line


async def type_keys(pilot: Any, group: Any, meeting: Any, expected_rows: int, keys: str) -> list[tuple[float, float]]:
    """Open ``meeting`` live and type ``keys`` into the memo input as the terminal would send them.

    Each key is posted to the app as the terminal driver posts it, and timed until the frame that
    shows it has been composed (``App._display``, called with the frame even when headless): the
    CPU time the process spent (the key's dispatch, the input, the @name suggester, the layout and
    the frame, and the clock's tick when it falls in) and the wall time (which also holds Textual's
    wait for its next frame slot, at most 1/60 s). (CPU ms, wall ms) per key.
    """
    from textual import events

    app = pilot.app
    memo_line = await open_live(pilot, group, meeting, expected_rows)
    shown = asyncio.Event()
    expected = [""]
    display = app._display

    def displaying(screen: Any, renderable: Any) -> None:
        if renderable is not None and memo_line.value == expected[0]:
            shown.set()
        display(screen, renderable)

    app._display = displaying
    timings = []
    try:
        for key in keys:
            expected[0] = memo_line.value + key
            shown.clear()
            cpu, wall = time.process_time(), time.perf_counter()
            app.post_message(events.Key(key, key))
            await asyncio.wait_for(shown.wait(), timeout=5)
            timings.append(((time.process_time() - cpu) * 1000, (time.perf_counter() - wall) * 1000))
            await asyncio.sleep(0.08)  # a quick typist: about twelve characters a second
    finally:
        app._display = display
    if memo_line.value != keys:
        fail("typing into #memo-line", f"the input holds {memo_line.value!r}, expected {keys!r}")
    memo_line.value = ""  # not saved: the measurement must not change the memo
    app.pop_screen()
    await pilot.pause()
    return timings


async def time_enters(pilot: Any, group: Any, meeting: Any, expected_rows: int, lines: int) -> list[float]:
    """Open ``meeting`` live and save ``lines`` lines with the Enter key; ms from each Enter key
    event posted to the meeting's file in place on disk."""
    from textual import events

    import storage.atomic as atomic

    app = pilot.app
    memo_line = await open_live(pilot, group, meeting, expected_rows)
    meeting_file = app.repository.workspace.meeting_path(meeting.id)
    written = asyncio.Event()
    on_disk = [0.0]
    write = atomic.write_atomic

    def timed_write(path: Path, data: bytes) -> None:
        write(path, data)
        if Path(path) == meeting_file:
            on_disk[0] = time.perf_counter()
            written.set()

    atomic.write_atomic = timed_write
    timings = []
    try:
        for number in range(lines):
            line = f"{number + 1}. {ENTERED}"
            memo_line.value, memo_line.cursor_position = line, len(line)
            await pilot.pause()
            written.clear()
            posted = time.perf_counter()
            app.post_message(events.Key("enter", "\r"))
            await asyncio.wait_for(written.wait(), timeout=5)
            timings.append((on_disk[0] - posted) * 1000)
            await pilot.pause()
            await asyncio.sleep(0.05)
    finally:
        atomic.write_atomic = write
    rows = app.screen.query_one("#memo-log").row_count
    if rows != expected_rows + lines or memo_line.value:
        fail("saving with Enter", f"the log shows {rows} entries, expected {expected_rows + lines}")
    app.pop_screen()
    await pilot.pause()
    return timings


def prepare(folder: Path, saved: int) -> tuple[Meeting, Meeting, Meeting]:
    """Top the benchmarked meeting up to ``LOG_ENTRIES`` entries and another group's next meeting
    to ``FEW_ENTRIES``; take a third group's next meeting as the empty one. Returns
    (group, meeting) for the full, the few and the empty one."""
    from facilitator.lookup import next_meeting
    from facilitator.model import utc_now
    from storage.repository import Repository
    from storage.workspace import Workspace

    with Workspace.open(folder, purpose="bench") as workspace:
        repository = Repository(workspace)
        groups = repository.groups()
        chosen = []
        for group, (already, wanted) in zip(groups, ((saved, LOG_ENTRIES), (0, FEW_ENTRIES), (0, 0)), strict=False):
            case = Case(group.name, folder, repository, group)
            case.meeting = next_meeting(repository.meetings(group.id), utc_now())
            case.people = repository.people(group.id)
            case.items = repository.agenda(case.meeting.id)
            if len(repository.memo(case.meeting.id)) != already:
                fail("choosing the meetings", f"{group.name}'s next meeting does not hold {already} entries")
            for number in range(already, wanted):
                repository.save_memo_entry(memo_entry(case, number, wanted))
            if len(repository.memo(case.meeting.id)) != wanted:
                fail("topping up the memo", "the meeting does not hold the entries")
            chosen.append((group, case.meeting))
        full, few, empty = chosen
        return full, few, empty


async def measure(
    folder: Path, full: Meeting, few: Meeting, empty: Meeting, keys: str, lines: int
) -> tuple[dict[str, list[tuple[float, float]]], dict[str, list[float]]]:
    """Keystrokes and Enters through one app on the workspace at ``folder``."""
    from facilitator.app import make_app
    from storage.workspace import Workspace

    clock = EveningClock()
    app = make_app(Workspace.open(folder, purpose="bench"), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()  # the app reads the rest of the workspace after its first frame
        await pilot.pause()
        # One untimed round first (imports the live screen's modules, warms Textual's caches).
        clock.set(empty[1].starts_at + timedelta(minutes=5))
        await type_keys(pilot, *empty, 0, keys[:10])
        clock.set(full[1].starts_at + timedelta(minutes=MEETING_HOURS * 60 - 5))
        with_log = await type_keys(pilot, *full, LOG_ENTRIES, keys)
        clock.set(empty[1].starts_at + timedelta(minutes=10))
        without_log = await type_keys(pilot, *empty, 0, keys)
        clock.set(full[1].starts_at + timedelta(minutes=MEETING_HOURS * 60 - 4))
        enters_full = await time_enters(pilot, *full, LOG_ENTRIES, lines)
        clock.set(few[1].starts_at + timedelta(minutes=30))
        enters_few = await time_enters(pilot, *few, FEW_ENTRIES, lines)
    keystrokes = {f"log of {LOG_ENTRIES} entries": with_log, "empty meeting": without_log}
    enters = {f"meeting of {FEW_ENTRIES} entries": enters_few, f"meeting of {LOG_ENTRIES} entries": enters_full}
    return keystrokes, enters


def print_keystrokes(timings: dict[str, list[tuple[float, float]]], keys: int) -> None:
    print(f"memo input: a keystroke from the key event to the frame showing it, {keys} keys, app headless at 80x24")
    print(f"{'case':<22} {'CPU p50':>8} {'CPU p99':>8} {'CPU max':>8} {'wall p50':>9} {'wall p99':>9}   target")
    for name, costs in timings.items():
        cpu = [cost[0] for cost in costs]
        wall = [cost[1] for cost in costs]
        p99 = percentile(cpu, 0.99)
        print(
            f"{name:<22} {percentile(cpu, 0.5):>8.2f} {p99:>8.2f} {max(cpu):>8.2f} {percentile(wall, 0.5):>9.2f} "
            f"{percentile(wall, 0.99):>9.2f}   CPU p99 < {KEY_TARGET_MS:.0f} ms  {verdict(p99 < KEY_TARGET_MS)}"
        )
    print(
        "(milliseconds; CPU = the process's CPU time for the key and its frame; wall also holds Textual's wait "
        "for its next frame slot)"
    )


def print_enters(timings: dict[str, list[float]]) -> None:
    lines = len(next(iter(timings.values())))
    print(f"memo line: Enter to the entry on disk through the real app, {lines} lines each, app headless at 80x24")
    print(f"{'case':<26} {'p50':>7} {'p99':>7} {'max':>7}   target")
    for name, costs in timings.items():
        p99 = percentile(costs, 0.99)
        print(
            f"{name:<26} {percentile(costs, 0.5):>7.2f} {p99:>7.2f} {max(costs):>7.2f}   "
            f"p99 < {ENTER_TARGET_MS:.0f} ms  {verdict(p99 < ENTER_TARGET_MS)}"
        )
    print(
        "(milliseconds from the Enter key event posted to the meeting's file written, fsynced and in place; "
        "the meeting grows by the lines saved)"
    )
