"""After a crash the app opens straight into the meeting under way (DESIGN §5: every key goes to the
widget that had the focus when it was typed).

A real app process runs a meeting and is killed (SIGKILL) with lines saved; the app started again on
the same workspace must show the live screen as its very first frame, with every key typed while it
started in the memo line, and never a second live screen on the same meeting.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from textual import events
from textual.screen import Screen

from facilitator.app import FacilitatorApp, make_app
from screens.home import HomeScreen
from screens.live import LiveScreen
from screens.open_meeting import open_meeting
from screens.widgets.memo_input import MemoInput
from storage.workspace import Workspace
from tests.conftest import MovingClock, demo_clock, make_demo, reopen
from tests.processes import Child

pytestmark = [pytest.mark.app, pytest.mark.processes]

SIZE = (80, 24)

#: The app, headless in a process of its own, from noon of the demo day on: runs the first group's
#: meeting (confirming it for today), saves two lines through the memo line, reports them and waits to be killed.
MEETING_UNDER_WAY = """
import asyncio, sys, time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from facilitator.app import make_app
from storage.workspace import Workspace

noon, started = datetime(2026, 11, 27, 12, tzinfo=timezone.utc), time.monotonic()  # tests.conftest.demo_clock()
app = make_app(Workspace.open(Path(sys.argv[1]), purpose="app"),
               clock=lambda: noon + timedelta(seconds=time.monotonic() - started))

async def run_meeting(pilot):
    await pilot.press("m", "y")
    await pilot.pause()
    for line in ("Anna opens the evening", "Stand prices compared"):
        await pilot.press(*("space" if character == " " else character for character in line))
        await pilot.press("enter")
        await pilot.pause()
    screen = pilot.app.screen
    report(screen=type(screen).__name__, meeting=screen.meeting.id,
           saved=[entry.text for entry in screen.repository.memo(screen.meeting.id)])
    await asyncio.Event().wait()  # killed here, in the middle of the meeting

app.run(headless=True, size=(80, 24), auto_pilot=run_meeting)
"""


def _key(character: str) -> events.Key:
    return events.Key("space" if character == " " else character, character)


def type_before_start(app: FacilitatorApp, text: str) -> None:
    """Queue ``text`` as key presses before the app runs: the terminal delivers keys typed while the
    app starts the same way, into the app's queue, however early they came."""
    for character in text:
        app.post_message(_key(character))


def watch_frames(app: FacilitatorApp) -> list[Screen]:
    """The screen of every frame the app paints, in order (the frames go to ``_display``)."""
    painted: list[Screen] = []
    display = app._display

    def display_and_note(screen: Screen, update) -> None:  # Textual's own type
        if update is not None and not app._batch_count:
            painted.append(screen)
        display(screen, update)

    app._display = display_and_note  # type: ignore[method-assign]
    return painted


def an_hour_later() -> MovingClock:
    """The clock of the start after the crash: the meeting went on."""
    return MovingClock(demo_clock() + timedelta(hours=1))


def crashed_in_a_meeting(folder: Path) -> tuple[str, list[str]]:
    """A demo workspace whose app was killed during a meeting: its id and the lines saved."""
    make_demo(folder, groups=2, years=1)
    with Child(MEETING_UNDER_WAY, folder) as child:
        report = child.next_report(timeout=60)
        child.kill()
    assert report["screen"] == "LiveScreen", report
    assert report["saved"] == ["Anna opens the evening", "Stand prices compared"], report
    return report["meeting"], report["saved"]


async def test_after_a_kill_the_first_frame_is_the_meeting_and_keys_typed_at_once_go_to_its_line(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "demo"
    meeting_id, saved = crashed_in_a_meeting(folder)
    typed = "m and more keys typed at once"  # "m" on the groups started another meeting's flow

    app = make_app(Workspace.open(folder), clock=an_hour_later())
    painted = watch_frames(app)
    type_before_start(app, typed)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        live = app.screen
        assert isinstance(live, LiveScreen) and live.meeting.id == meeting_id
        assert painted and all(isinstance(screen, LiveScreen) for screen in painted), painted
        assert live.query_one("#memo-line", MemoInput).value == typed
        assert [type(screen) for screen in app.screen_stack] == [HomeScreen, LiveScreen]
        assert app.repository.workspace.taken_over_from is not None

        # The line typed at start is saved as any other, after the ones saved before the crash.
        await pilot.press("enter")
        await pilot.pause()
        assert live.query_one("#memo-line", MemoInput).value == ""
    repository = reopen(folder)
    try:
        assert [entry.text for entry in repository.memo(meeting_id)] == [*saved, typed]
    finally:
        repository.workspace.close()


async def test_m_on_the_meeting_open_live_never_opens_it_twice_nor_closes_the_screens_above_it(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "demo"
    meeting_id, _saved = crashed_in_a_meeting(folder)
    app = make_app(Workspace.open(folder), clock=an_hour_later())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # The notice about the workspace taken over comes after the first frame, on a busy machine
        # after the first pause: the notices are counted once it is there.
        for _attempt in range(100):
            if any("not closed properly" in notice.message for notice in app._notifications):
                break
            await pilot.pause(0.05)
        live = app.screen
        assert isinstance(live, LiveScreen)
        stack = list(app.screen_stack)
        notices = [notice.message for notice in app._notifications]  # "Back in the meeting under way…"

        # Opening the meeting shown already changes nothing.
        assert open_meeting(live, app.repository, live.group, live.meeting) is None
        await pilot.pause()
        assert app.screen_stack == stack and [notice.message for notice in app._notifications] == notices

        # Whatever route leads back to the groups while the meeting's screen is open, m on its
        # group never opens a second screen that could save over it, and never closes the screens
        # above it (a dialog or form there would lose its text): a notice says how to go back.
        above = HomeScreen(app.repository)
        app.push_screen(above)
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        assert app.screen_stack == [*stack, above]
        assert [notice.message for notice in app._notifications] == [
            *notices,
            "This meeting is already open live, on a screen under this one: esc goes back to it.",
        ]
        app.pop_screen()
        await pilot.pause()
        assert app.screen is live

        # Left with esc (the meeting stays open), m opens it again: one screen still.
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, LiveScreen) and app.screen.meeting.id == meeting_id
        assert sum(isinstance(screen, LiveScreen) for screen in app.screen_stack) == 1
