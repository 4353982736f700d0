"""Preparing a meeting through the real app: theme, agenda from the template, clock times, order."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.widgets import DataTable

from facilitator.app import make_app
from facilitator.season import plan_season
from screens.agenda_item_form import AgendaItemForm
from screens.planner import PlannerScreen
from screens.prepare import PrepareScreen
from screens.widgets.form_field import FormField
from storage.workspace import Workspace
from tests.conftest import DEMO_DAY, demo_clock, reopen

pytestmark = pytest.mark.app

SIZE = (80, 24)


def plan_first_group(folder: Path) -> None:
    repository = reopen(folder)
    try:
        group = repository.groups()[0]
        plan = plan_season(
            group,
            repository.people(group.id),
            repository.absences(group.id),
            repository.meetings(group.id),
            date(2027, 1, 1),
            date(2027, 5, 31),
            DEMO_DAY,
        )
        repository.save_meetings(plan.meetings, plan.removed)
    finally:
        repository.workspace.close()


def agenda_rows(screen: PrepareScreen) -> list[tuple[str, str, str]]:
    table = screen.query_one("#agenda", DataTable)
    return [tuple(str(cell) for cell in table.get_row_at(index)[:3]) for index in range(table.row_count)]


async def open_next_meeting(pilot) -> PrepareScreen:
    """Home → the first group → its season → the meeting the cursor starts on (the next one)."""
    for key in ("enter", "s", "enter"):
        await pilot.press(key)
        await pilot.pause()
    assert isinstance(pilot.app.screen, PrepareScreen)
    return pilot.app.screen


async def open_prepare(pilot) -> PrepareScreen:
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press("s")
    await pilot.pause()
    assert isinstance(pilot.app.screen, PlannerScreen)
    pilot.app.screen.query_one("#meetings", DataTable).move_cursor(row=0)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, PrepareScreen)
    return pilot.app.screen


async def test_agenda_from_the_template_edited_reordered_and_over_time(demo_path: Path) -> None:
    plan_first_group(demo_path)
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        prepare = await open_prepare(pilot)
        rows = agenda_rows(prepare)
        assert [row[1] for row in rows][:2] == [
            "Welcome and round of news",
            "The host introduces the company and the theme",
        ]
        assert rows[0][0] == "17:30–17:45" and rows[1][0] == "17:45–18:15"
        assert "20 min to spare" in str(prepare.query_one("#agenda-total").render())

        prepare.query_one("#agenda", DataTable).move_cursor(row=2)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, AgendaItemForm)
        form.query_one("#field-minutes", FormField).value = "ninety"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "whole number" in form.query_one("#field-minutes", FormField).error
        form.query_one("#field-minutes", FormField).value = "90"
        form.query_one("#field-title", FormField).value = "Problem-solving: Čuoŋ Duodji's web shop"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is prepare
        total = prepare.query_one("#agenda-total")
        assert "10 min over the end" in str(total.render()) and total.has_class("-over")

        await pilot.press("left_square_bracket")
        await pilot.pause()
        rows = agenda_rows(prepare)
        assert rows[1][1] == "Problem-solving: Čuoŋ Duodji's web shop" and rows[1][0] == "17:45–19:15"

        prepare.query_one("#field-theme", FormField).value = "Selling abroad without a shop window"
        prepare.query_one("#field-end_time", FormField).value = "17:00"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "end after it starts" in prepare.query_one("#field-end_time", FormField).error
        prepare.query_one("#field-end_time", FormField).value = "20.30"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "20 min to spare" in str(total.render())
        meeting_id = prepare.meeting.id

    again = reopen(demo_path)
    try:
        meeting = again.meeting(meeting_id)
        assert meeting.theme == "Selling abroad without a shop window"
        assert [item.title for item in again.agenda(meeting_id)][1] == "Problem-solving: Čuoŋ Duodji's web shop"
        assert (meeting.ends_at - meeting.starts_at).total_seconds() == 3 * 3600
    finally:
        again.workspace.close()


async def test_agenda_and_sign_in_sheet_are_printed_from_the_preparation_screen(
    demo_path: Path, exports_folder: Path
) -> None:
    from pypdf import PdfReader

    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        prepare = await open_next_meeting(pilot)
        assert prepare.meeting.theme
        await pilot.press("a")
        await app.workers.wait_for_complete()
        await pilot.press("g")
        await app.workers.wait_for_complete()
        await pilot.pause()
        theme, titles = prepare.meeting.theme, [item.title for item in prepare._items]
        messages = [notification.message for notification in app._notifications]
    written = sorted(exports_folder.glob("*.pdf"))
    assert [path.name.split("-")[-4] for path in written] == ["agenda", "signin"]
    assert all(any(str(path) in message for message in messages) for path in written)
    agenda = " ".join("".join(page.extract_text() for page in PdfReader(written[0]).pages).split())
    assert theme in agenda and all(title in agenda for title in titles)
    assert "audio" in "".join(page.extract_text() for page in PdfReader(written[1]).pages)


async def test_a_new_host_takes_over_the_hosts_items_and_a_missing_host_is_shown_beside_the_host(
    demo_path: Path,
) -> None:
    import dataclasses

    from textual.widgets import OptionList

    from screens.host_picker import HostPicker

    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        prepare = await open_next_meeting(pilot)
        old_host = prepare._host()
        assert old_host.name in [item.presenter for item in prepare._items]
        await pilot.press("o")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, HostPicker)
        options = picker.query_one(OptionList)
        index = next(i for i in range(options.option_count) if options.get_option_at_index(i).id != old_host.id)
        options.highlighted = index
        await pilot.press("enter")
        await pilot.pause()
        new_host = prepare._host()
        presenters = [item.presenter for item in prepare._items]
        assert new_host.id != old_host.id and new_host.name in presenters and old_host.name not in presenters

        prepare.meeting = dataclasses.replace(prepare.meeting, host_id="")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Choose a host" in str(prepare.query_one("#host-error").render())


async def test_an_agenda_emptied_on_purpose_stays_empty(demo_path: Path) -> None:
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        prepare = await open_next_meeting(pilot)
        for _item in list(prepare._items):
            await pilot.press("d")
            await pilot.pause()
        assert prepare._items == []
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PrepareScreen) and app.screen._items == []
