"""The season planner driven through the real app: a rule with its preview, a planned season, swaps."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from facilitator.app import make_app
from facilitator.model import MeetingStatus
from screens.pattern_form import PatternForm, SeasonForm
from screens.planner import PlannerScreen
from screens.widgets.form_field import FormField
from storage.workspace import Workspace
from tests.conftest import demo_clock, reopen

pytestmark = pytest.mark.app

SIZE = (80, 24)


async def open_planner(pilot) -> PlannerScreen:
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press("s")
    await pilot.pause()
    assert isinstance(pilot.app.screen, PlannerScreen)
    return pilot.app.screen


def hosts(planner: PlannerScreen) -> list[str]:
    table = planner.query_one("#meetings", DataTable)
    return [str(table.get_row_at(index)[2]) for index in range(table.row_count)]


async def test_rule_preview_then_a_planned_season_then_a_swap(new_network_path: Path) -> None:
    demo_path = new_network_path
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        planner = await open_planner(pilot)
        await pilot.press("p")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, PatternForm)
        rule = form.query_one("#field-rrule", FormField)
        rule.value = "FREQ=SOMETIMES"
        await pilot.pause()
        preview = form.query_one("#pattern-preview", Static)
        assert "Rule" in str(preview.render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and rule.error

        rule.value = "FREQ=MONTHLY;BYDAY=-1TH"
        form.query_one("#field-skip_months", FormField).value = "6, 7"
        await pilot.pause()
        text = str(preview.render())
        assert "last Thursday" in text and "Next: Thu 31 Dec 2026, Thu 28 Jan 2027" in text
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is planner

        await pilot.press("s")
        await pilot.pause()
        season = app.screen
        assert isinstance(season, SeasonForm)
        season.query_one("#field-first", FormField).value = "1.1.2027"
        season.query_one("#field-last", FormField).value = "31.5.2027"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is planner
        planned = hosts(planner)
        assert len(planned) == 5 and "(no host)" not in planned
        assert len(set(planned)) == 5, "five meetings, five different hosts"

        table = planner.query_one("#meetings", DataTable)
        table.move_cursor(row=0)
        await pilot.press("w")
        await pilot.pause()
        await pilot.press("down")
        await pilot.press("w")
        await pilot.pause()
        swapped = hosts(planner)
        assert swapped[0].removesuffix(" ✎") == planned[1] and swapped[1].removesuffix(" ✎") == planned[0]

        table.move_cursor(row=2)
        await pilot.press("c")
        await pilot.pause()
        group_id = planner.group.id

    again = reopen(demo_path)
    try:
        group = again.group(group_id)
        meetings = again.meetings(group.id)
        assert group.pattern.rrule == "FREQ=MONTHLY;BYDAY=-1TH" and group.pattern.skip_months == [6, 7]
        assert [meeting.edited_by_hand for meeting in meetings[:3]] == [True, True, False]
        assert meetings[2].status is MeetingStatus.CONFIRMED
    finally:
        again.workspace.close()


async def test_calendar_and_schedule_are_written_from_the_planner(demo_path: Path, exports_folder: Path) -> None:
    from pypdf import PdfReader

    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        planner = await open_planner(pilot)
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        planned = hosts(planner)
        await pilot.press("i")
        await app.workers.wait_for_complete()
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        messages = [notification.message for notification in app._notifications]
    written = sorted(exports_folder.iterdir())
    assert [path.suffix for path in written] == [".ics", ".pdf"]
    assert any(str(written[0]) in message for message in messages)
    text = "".join(page.extract_text() for page in PdfReader(written[1]).pages)
    assert all(host.removesuffix(" ✎") in text for host in planned)


async def test_a_held_meeting_shows_the_times_it_actually_ran(demo_path: Path) -> None:
    from zoneinfo import ZoneInfo

    from facilitator.dates import format_time_range

    repository = reopen(demo_path)
    try:
        group = repository.groups()[0]
        zone = ZoneInfo(group.time_zone)
        held = [meeting for meeting in repository.meetings(group.id) if meeting.status is MeetingStatus.HELD]
        planned = [meeting for meeting in repository.meetings(group.id) if meeting.status is MeetingStatus.PLANNED]
    finally:
        repository.workspace.close()
    meeting = held[-1]
    actual = format_time_range(meeting.started_at.astimezone(zone), meeting.closed_at.astimezone(zone))
    assert actual != format_time_range(meeting.starts_at.astimezone(zone), meeting.ends_at.astimezone(zone))
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        planner = await open_planner(pilot)
        table = planner.query_one("#meetings", DataTable)
        assert str(table.get_row(meeting.id)[1]) == actual
        ahead = planned[0]
        assert str(table.get_row(ahead.id)[1]) == format_time_range(
            ahead.starts_at.astimezone(zone), ahead.ends_at.astimezone(zone)
        )
