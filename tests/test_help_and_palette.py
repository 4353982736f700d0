"""Finding the keys: F1 on every screen, dialog and form, and the command palette with each
command's key beside it and the commands a facilitator expects where they are."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette
from textual.widgets import DataTable, Input

from facilitator.app import make_app
from screens.confirm import ConfirmScreen
from screens.form import RecordForm
from screens.group_form import GroupForm
from screens.help import HelpScreen
from screens.live import LiveScreen
from screens.member_form import MemberForm
from screens.roster import RosterScreen
from screens.settings import SettingsScreen
from screens.widgets.form_field import FormField
from storage.workspace import Workspace
from tests.conftest import demo_clock, reopen
from tests.languages.english import screen_text
from tests.test_prepare_screen import open_next_meeting

pytestmark = pytest.mark.app

SIZE = (80, 24)


async def press(pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()


def described_keys(help_screen: HelpScreen) -> dict[str, str]:
    table = help_screen.query_one("#help-keys", DataTable)
    return {str(table.get_row_at(index)[0]): str(table.get_row_at(index)[1]) for index in range(table.row_count)}


async def open_help(pilot) -> HelpScreen:
    await press(pilot, "f1")
    help_screen = pilot.app.screen
    assert isinstance(help_screen, HelpScreen), f"F1 on {pilot.app.screen_stack[-1]} opened no help"
    return help_screen


async def test_f1_on_every_kind_of_dialog_and_form_describes_its_keys_and_keeps_what_was_typed(demo_path: Path) -> None:
    app = make_app(Workspace.open(demo_path), clock=demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()

        # A form with no words of its own: the words every form shares, under the form's heading.
        await press(pilot, "n")
        form = app.screen
        assert isinstance(form, GroupForm)
        await press(pilot, *"Inari")
        help_screen = await open_help(pilot)
        assert help_screen.query_one("#help-title").content == "Help: New group"
        assert help_screen.query_one("#help-about").content == RecordForm.HELP
        keys = described_keys(help_screen)
        assert keys["^s"] == "Save" and keys["esc"] == "Cancel"
        assert keys["f1"] == "Help" and keys["^q"] == "Quit"  # the app's keys that act over a dialog
        await press(pilot, "f1")  # F1 again closes help, back to the form as it was
        assert app.screen is form
        assert form.query_one("#input-name", Input).value == "Inari"
        await press(pilot, "escape", "y")  # the name typed is thrown away only once the user says so

        # A dialog with words of its own.
        await press(pilot, "s")
        assert isinstance(app.screen, SettingsScreen)
        help_screen = await open_help(pilot)
        assert help_screen.query_one("#help-title").content == "Help: Settings"
        assert help_screen.query_one("#help-about").content == SettingsScreen.HELP
        await press(pilot, "escape")
        assert isinstance(app.screen, SettingsScreen)
        await press(pilot, "escape")

        # The person form tells its own key (ctrl+t), and a question its answers.
        await press(pilot, "enter", "n")
        assert isinstance(app.screen, MemberForm)
        help_screen = await open_help(pilot)
        assert help_screen.query_one("#help-about").content == MemberForm.HELP
        assert described_keys(help_screen)["^t"].startswith("Today")
        await press(pilot, "escape", "escape")
        assert isinstance(app.screen, RosterScreen)
        await press(pilot, "d")
        assert isinstance(app.screen, ConfirmScreen)
        keys = described_keys(await open_help(pilot))
        assert keys["y"] == "Yes" and keys["n"] == "No"


def palette_lines(app) -> list[str]:  # the app under test
    commands = app.screen.query_one(CommandList)
    return [str(commands.get_option_at_index(index).prompt) for index in range(commands.option_count)]


async def test_the_palette_shows_each_commands_key_beside_it(demo_path: Path) -> None:
    app = make_app(Workspace.open(demo_path), clock=demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press(pilot, "ctrl+p")
        await pilot.pause(0.3)
        assert isinstance(app.screen, CommandPalette)
        titles = [line.split("\n")[0] for line in palette_lines(app)]
        assert "Meeting  m" in titles and "New  n" in titles and "Help  ^g, f1" in titles
        assert "Quit  q, ^q" in titles  # one command, both of its keys
        await press(pilot, "escape")

        # Over a form: the form's keys, and the app's that act there.
        await press(pilot, "n", "ctrl+p")
        await pilot.pause(0.3)
        titles = [line.split("\n")[0] for line in palette_lines(app)]
        assert titles[:2] == ["Save  ^s", "Cancel  esc"] and "Help  ^g, f1" in titles


async def test_the_evening_meeting_runs_from_its_preparation_and_the_preparation_goes_on_from_it(
    demo_path: Path,
) -> None:
    app = make_app(Workspace.open(demo_path), clock=demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        prepare = await open_next_meeting(pilot)
        meeting_id = prepare.meeting.id
        prepare.query_one("#field-theme", FormField).focus_input()
        await press(pilot, *"Selling", "space", *"abroad")
        await press(pilot, "escape")  # out of the field, where letters are keys of the screen

        # From the palette, as a facilitator looks for it: saved first, then run (today, confirmed).
        await press(pilot, "ctrl+p", *"Run")
        await pilot.pause(0.4)
        assert any(line.startswith("Run  m") for line in palette_lines(app)), palette_lines(app)
        await press(pilot, "enter")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "y")
        live = app.screen
        assert isinstance(live, LiveScreen) and live.meeting.id == meeting_id
        assert live.meeting.theme == "Selling abroad"
        await press(pilot, *"We", "space", *"start", "enter")
        await press(pilot, "escape")

        # Back on the preparation: a later save keeps the meeting started, with its entry.
        assert app.screen is prepare
        prepare.query_one("#field-host_note").value = "Exports since 2019"
        await press(pilot, "ctrl+s")
        saved = app.repository.meeting(meeting_id)
        assert saved.started_at is not None and saved.host_note == "Exports since 2019"

        # m on the same meeting shows it live again, the line written there and all.
        await press(pilot, "m")
        assert isinstance(app.screen, LiveScreen) and app.screen.meeting.id == meeting_id
    repository = reopen(demo_path)
    try:
        assert [entry.text for entry in repository.memo(meeting_id)] == ["We start"]
        assert repository.meeting(meeting_id).started_at is not None
    finally:
        repository.workspace.close()


async def test_m_on_a_groups_roster_runs_its_meeting(demo_path: Path) -> None:
    app = make_app(Workspace.open(demo_path), clock=demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press(pilot, "enter")
        roster = app.screen
        assert isinstance(roster, RosterScreen)
        await press(pilot, "m", "y")
        live = app.screen
        assert isinstance(live, LiveScreen) and live.group.id == roster.group.id


def shown_whole(help_screen: HelpScreen, row: int) -> str:
    """What the help shows in its description column on the lines of ``row``, joined as one line
    (the row scrolled into view first)."""
    table = help_screen.query_one("#help-keys", DataTable)
    lines = screen_text(help_screen.app).splitlines()
    key_column = table.ordered_columns[0].get_render_width(table)
    top = table.region.y + 1 + sum(table.rows[key].height for key in list(table.rows)[:row]) - int(table.scroll_y)
    height = table.rows[list(table.rows)[row]].height
    start = table.region.x + key_column
    width = table.ordered_columns[1].get_render_width(table)
    return " ".join(line[start : start + width].strip() for line in lines[top : top + height])


@pytest.mark.parametrize("size", [SIZE, (120, 40)], ids=["80x24", "120x40"])
async def test_every_description_in_help_reads_whole_beside_its_key(demo_path: Path, size: tuple[int, int]) -> None:
    """Home's help, whose longest description (86 characters) once was cut at the dialog's edge."""
    app = make_app(Workspace.open(demo_path), clock=demo_clock)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        help_screen = await open_help(pilot)
        table = help_screen.query_one("#help-keys", DataTable)
        described = [str(table.get_row_at(row)[1]) for row in range(table.row_count)]
        assert max(map(len, described)) > 80
        for row, description in enumerate(described):
            table.move_cursor(row=row, animate=False)
            await pilot.pause()
            assert shown_whole(help_screen, row) == description
        assert table.max_scroll_x == 0, "the table scrolls sideways"
        heights = [row.height for row in table.rows.values()]
        if size == SIZE:
            assert max(heights) > 1, "the longest description takes a second line"
        else:
            assert max(heights) == 1, "a wide terminal gives the dialog the width to show each on one line"
