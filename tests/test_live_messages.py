"""What the live meeting tells the facilitator, through the real app at 80×24: the check-in counts
before anyone is checked in, a meeting nobody came to asks before it is closed, and an end time
that cannot be says why."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from textual.widgets import DataTable, TextArea

from facilitator.app import make_app
from facilitator.model import MeetingStatus, Role
from screens.checkin import CheckinScreen
from screens.close_meeting import CloseMeetingScreen
from screens.confirm import ConfirmScreen
from screens.widgets.clock_bar import ClockBar
from screens.widgets.form_field import FormField
from storage.workspace import Workspace
from tests.conftest import MovingClock, reopen
from tests.test_live_screen import SIZE, first_group_meeting, open_live, type_line

pytestmark = pytest.mark.app


async def test_before_anyone_is_checked_in_the_counts_say_so_not_absent(demo_path: Path) -> None:
    _name, meeting = first_group_meeting(demo_path)
    app = make_app(Workspace.open(demo_path), clock=MovingClock(meeting.starts_at - timedelta(minutes=10)))
    async with app.run_test(size=SIZE) as pilot:
        live = await open_live(pilot)
        members = sum(
            person.is_current(meeting.starts_at.date()) and person.role is Role.MEMBER
            for person in live.repository.people(meeting.group_id)
        )
        assert members > 1
        shown = live.query_one(ClockBar).counts
        assert shown == f"{members} members, not yet checked in" and "absent" not in shown
        assert f"{members} members, not yet checked in" in str(live.query_one(ClockBar).render())
        await pilot.press("f4")
        await pilot.pause()
        checkin = pilot.app.screen
        assert isinstance(checkin, CheckinScreen)
        assert str(checkin.query_one("#checkin-counts").render()) == f"{members} members, not yet checked in"
        table = checkin.query_one("#checkin", DataTable)
        assert {str(table.get_row_at(row)[2]) for row in range(table.row_count)} == {"not yet"}
        await pilot.press("p")
        await pilot.pause()
        assert str(checkin.query_one("#checkin-counts").render()).startswith("members present 1 · apologies 0")
        assert [str(table.get_row_at(row)[2]) for row in range(2)] == ["present", "absent"]
        await pilot.press("escape")
        await pilot.pause()
        assert live.query_one(ClockBar).counts == (f"members present 1 · apologies 0 · absent {members - 1} · guests 0")


async def test_closing_a_meeting_nobody_came_to_asks_first(demo_path: Path) -> None:
    _name, meeting = first_group_meeting(demo_path)
    clock = MovingClock(meeting.starts_at)
    app = make_app(Workspace.open(demo_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        live = await open_live(pilot)
        clock.advance(minutes=30)
        await pilot.press("f8")
        await pilot.pause()
        question = pilot.app.screen
        assert isinstance(question, ConfirmScreen)
        assert "Nobody is checked in and the memo is empty" in str(question.query_one("#confirm-question").render())
        await pilot.press("enter")  # the focus is on Cancel: a quick Enter closes nothing
        await pilot.pause()
        assert pilot.app.screen is live
        await pilot.press("f8")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(pilot.app.screen, CloseMeetingScreen)
        await pilot.press("escape")
        await pilot.pause()
        # Something written: F8 goes straight to the closing form.
        await type_line(pilot, "The host shows the new workshop")
        await pilot.press("f8")
        await pilot.pause()
        assert isinstance(pilot.app.screen, CloseMeetingScreen)


@asynccontextmanager
async def closing_form(folder: Path) -> AsyncIterator[tuple[Any, Any, CloseMeetingScreen, MovingClock]]:
    """The first group's next meeting run live from its start, one line written, and F8 pressed
    two and a half hours later: (pilot, the live screen, the closing form, the clock)."""
    _name, meeting = first_group_meeting(folder)
    clock = MovingClock(meeting.starts_at)
    app = make_app(Workspace.open(folder), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        live = await open_live(pilot)
        await type_line(pilot, "Opening words")
        clock.advance(minutes=150)
        await pilot.press("f8")
        await pilot.pause()
        closing = pilot.app.screen
        assert isinstance(closing, CloseMeetingScreen)
        yield pilot, live, closing, clock


async def test_an_end_before_the_start_says_so_and_the_right_end_is_taken(demo_path: Path) -> None:
    async with closing_form(demo_path) as (pilot, live, closing, clock):
        meeting = live.meeting
        closing.query_one(TextArea).text = "We meet again in January."
        field = closing.query_one(FormField)
        zone = ZoneInfo(live.group.time_zone)
        start = meeting.starts_at.astimezone(zone)
        before = (start - timedelta(minutes=30)).strftime("%H:%M")
        field.value = before
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is closing
        expected = f"The meeting started at {start:%H:%M}: it cannot have ended at {before}."
        assert field.error == expected and expected in _shown(field)
        later = (clock.moment + timedelta(minutes=20)).astimezone(zone).strftime("%H:%M")
        field.value = later
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert f"{later} has not come yet" in _shown(field)
        ended = (clock.moment - timedelta(minutes=5)).astimezone(zone)
        field.value = ended.strftime("%H:%M")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, (CloseMeetingScreen, type(live)))
    repository = reopen(demo_path)
    try:
        held = repository.meeting(meeting.id)
        assert held.status is MeetingStatus.HELD
        assert held.closed_at.astimezone(zone).strftime("%H:%M") == ended.strftime("%H:%M")
    finally:
        repository.workspace.close()


def _shown(field: FormField) -> str:
    """The problem as the field shows it."""
    return str(field.query_one(".field-error").render())


async def test_keys_typed_in_one_burst_before_ctrl_s_are_all_read(demo_path: Path) -> None:
    """ctrl+s waits behind the keys typed before it: the end time and the conclusions saved are
    those typed, not what the fields held a moment earlier."""
    async with closing_form(demo_path) as (pilot, live, closing, clock):
        meeting = live.meeting
        app = pilot.app
        field = closing.query_one(FormField)
        field.value = ""
        field.focus_input()
        await pilot.pause()
        before = (meeting.starts_at.astimezone(ZoneInfo(live.group.time_zone)) - timedelta(minutes=30)).strftime(
            "%H:%M"
        )
        for key in (*before, "ctrl+s"):  # posted at once, as a fast typist or a paste delivers them
            app.simulate_key(key)
        await pilot.pause()
        await pilot.pause()
        assert pilot.app.screen is closing and "cannot have ended" in _shown(field), field.value
        field.value = clock.moment.astimezone(ZoneInfo(live.group.time_zone)).strftime("%H:%M")
        closing.query_one(TextArea).focus()
        await pilot.pause()
        for key in (*"We agree", "ctrl+s"):
            app.simulate_key(key)
        await pilot.pause()
        await pilot.pause()
        assert pilot.app.screen is not closing
    repository = reopen(demo_path)
    try:
        assert repository.meeting(meeting.id).conclusions == "We agree"
    finally:
        repository.workspace.close()
