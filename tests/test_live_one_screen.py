"""One live screen per meeting, and none left behind that saves over a newer state (issue 22, 2).

A workspace with a meeting under way (started, not closed), as a crash leaves it: keys typed in the
same burst as the app starts, `m` first (the facilitator reaching for the meeting), never open a
second live screen on it. Closing the meeting and pressing Esc never lands on a stale live screen,
and a live screen whose meeting was closed elsewhere never writes its older state back.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual import events
from textual.widgets import TextArea

from facilitator.app import make_app
from facilitator.closing import closed
from facilitator.model import Meeting, MeetingStatus
from screens.after_meeting import AfterMeetingScreen
from screens.close_meeting import CloseMeetingScreen
from screens.confirm import ConfirmScreen
from screens.home import HomeScreen
from screens.live import LiveScreen
from storage.repository import Repository
from storage.workspace import Workspace
from tests.conftest import reopen
from tests.test_memo_burst import SIZE, start_meeting, wait_until

pytestmark = pytest.mark.app

CONCLUSIONS = "A joint stand at the Christmas market."
BACK_IN_THE_MEETING = "Back in the meeting under way: every saved entry is here."
MOVED_ON = "closed or changed elsewhere"


def keys_before_start(app, keys: list[str]) -> None:
    """Queue ``keys`` before the app runs, as the terminal delivers keys typed while it starts."""
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))


def live_screens(app) -> list[LiveScreen]:
    return [screen for screen in app.screen_stack if isinstance(screen, LiveScreen)]


async def close_with_conclusions(pilot, live: LiveScreen) -> None:
    """F8 on ``live`` (nobody came: yes, close anyway), the conclusions typed, ctrl+s."""
    await pilot.press("f8")
    await wait_until(pilot, lambda: not isinstance(pilot.app.screen, LiveScreen), seconds=10)
    if isinstance(pilot.app.screen, ConfirmScreen):
        await pilot.press("y")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, CloseMeetingScreen), seconds=10)
    pilot.app.screen.query_one(TextArea).text = CONCLUSIONS
    await pilot.press("ctrl+s")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, AfterMeetingScreen), seconds=10)


def assert_held_as_closed(folder: Path, meeting: Meeting) -> None:
    repository = reopen(folder)
    try:
        stored = repository.meeting(meeting.id)
        assert stored.status is MeetingStatus.HELD
        assert stored.started_at == meeting.started_at
        assert stored.conclusions == CONCLUSIONS
    finally:
        repository.workspace.close()


@pytest.mark.parametrize(
    "keys",
    [["m"], ["m", "escape", "m"], ["m", "y", "enter"], ["m", "f8", "y"]],
    ids=["m", "m esc m", "m y enter", "m f8 y"],
)
async def test_keys_typed_as_the_app_starts_open_one_live_screen_and_closing_it_leaves_none(
    demo_path: Path, keys: list[str]
) -> None:
    meeting, clock = start_meeting(demo_path)
    app = make_app(Workspace.open(demo_path), clock=clock)
    keys_before_start(app, keys)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(
            pilot, lambda: any(note.message == BACK_IN_THE_MEETING for note in app._notifications), seconds=10
        )
        await pilot.pause(0.3)  # the meetings are read in the background meanwhile
        assert len(live_screens(app)) == 1
        live = app.screen
        assert isinstance(live, LiveScreen) and live.meeting.id == meeting.id
        await pilot.press("ctrl+u")  # what was typed at start went to the memo line: cleared

        await close_with_conclusions(pilot, live)
        await pilot.press("escape")  # out of the after-meeting screen
        await pilot.pause()
        assert not live_screens(app) and isinstance(app.screen, HomeScreen)
        await pilot.press("escape")  # once more on the groups: nothing behind them to save anything
        await pilot.pause()
    assert_held_as_closed(demo_path, meeting)


async def test_a_live_screen_left_behind_steps_aside_as_soon_as_it_is_shown_again(demo_path: Path) -> None:
    """A second live screen on the meeting, stacked as the old return after a crash stacked one:
    once the meeting is closed in the top one, Esc out of the after-meeting screen never lands on
    the stale one under it: it steps aside as it comes to the front, saying so, before any key
    reaches it (Esc would undo the start of a meeting it saw nothing recorded in, F5 end the item
    closed, a memo line land in a held meeting)."""
    meeting, clock = start_meeting(demo_path)
    app = make_app(Workspace.open(demo_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, LiveScreen), seconds=10)
        stale = app.screen
        top = LiveScreen(app.repository, stale.group, stale.meeting)
        await app.push_screen(top)
        await close_with_conclusions(pilot, top)
        await pilot.press("escape")  # out of the after-meeting screen
        await wait_until(pilot, lambda: not live_screens(app), seconds=10)
        assert isinstance(app.screen, HomeScreen)
        assert any(MOVED_ON in note.message for note in app._notifications)
    assert_held_as_closed(demo_path, meeting)


async def test_closing_the_meeting_on_its_own_live_screen_is_not_taken_for_a_close_elsewhere(demo_path: Path) -> None:
    """The live screen is in front for a moment after its closing dialog goes: it knows it closed
    the meeting itself, and leaves for the after-meeting screen without a warning."""
    meeting, clock = start_meeting(demo_path)
    app = make_app(Workspace.open(demo_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, LiveScreen), seconds=10)
        await pilot.press(*"hello", "enter")
        await close_with_conclusions(pilot, app.screen)
        await pilot.pause(0.3)
        assert isinstance(app.screen, AfterMeetingScreen) and not live_screens(app)
        assert not any(MOVED_ON in note.message for note in app._notifications)
    assert_held_as_closed(demo_path, meeting)


def close_elsewhere(repository: Repository, meeting_id: str) -> None:
    """What a co-facilitator's bundle, imported in the background, does to the meeting open live:
    it is held, with its conclusions and its agenda ended (saved on a worker's thread)."""
    held, items = closed(repository.meeting(meeting_id), repository.agenda(meeting_id), CONCLUSIONS, repository.now())
    repository.save_agenda(meeting_id, items)
    repository.save_meeting(held)


def stored_state(repository: Repository, meeting: Meeting) -> tuple[list[str], list[tuple], list[tuple]]:
    """The memo, the agenda's times and the attendance of ``meeting`` as ``repository`` stores them."""
    return (
        [entry.text for entry in repository.memo(meeting.id)],
        [(item.id, item.started_at, item.ended_at) for item in repository.agenda(meeting.id)],
        [(entry.person_id, entry.status) for entry in repository.attendance(meeting.id)],
    )


@pytest.mark.parametrize(
    "keys",
    [[*"we agreed", "enter"], ["f5"], ["f4", "p"], ["escape"], ["f6"], ["f8"]],
    ids=["memo line", "next item", "check-in", "esc", "recording", "close"],
)
async def test_a_live_screen_whose_meeting_was_closed_meanwhile_saves_nothing_and_steps_aside(
    demo_path: Path, keys: list[str]
) -> None:
    """The meeting open live is closed under it (a co-facilitator's bundle imported meanwhile):
    the next memo line, F5, the check-in and the rest save nothing to the held meeting; the screen
    says so and steps aside, and a line typed is shown in the notice, not thrown away unseen."""
    meeting, clock = start_meeting(demo_path)
    app = make_app(Workspace.open(demo_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, LiveScreen), seconds=10)
        await pilot.press("f5")  # the first agenda item under way
        await pilot.pause()
        await asyncio.to_thread(close_elsewhere, app.repository, meeting.id)
        closed_state = stored_state(app.repository, meeting)

        await pilot.press(*keys)
        await pilot.pause(0.3)
        assert not live_screens(app) and isinstance(app.screen, HomeScreen)
        notes = [note.message for note in app._notifications]
        assert any(MOVED_ON in note for note in notes), notes
        if "enter" in keys:
            assert any("we agreed" in note for note in notes), "the line typed is shown, not lost unseen"
    repository = reopen(demo_path)
    try:
        assert stored_state(repository, meeting) == closed_state
    finally:
        repository.workspace.close()
    assert_held_as_closed(demo_path, meeting)
