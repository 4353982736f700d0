"""Every screen and dialog fits the smallest terminal the app is made for, 80x24, and uses a wider one.

The walks of ``tests/tours.py`` (which the Finnish and Swedish tests take too) reach every screen
and form of the demo network. On each, at 80x24: every widget that takes the focus comes into view
when it gets it (a long form scrolls), and the focused one is in view as the screen shows it (after
a refused save, the first wrong field with its message). At 80x24 and at 100x30: no table column
is narrower than its header, and no text is cut while columns stay empty beside it; help's keys
keep rows to be read in, and never scroll sideways (which hides the keys beside the descriptions).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.measure import Measurement
from textual.app import App
from textual.errors import NoWidget
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Input
from textual.widgets.data_table import Column

from facilitator.app import make_app
from screens.checkin import CheckinScreen
from screens.confirm import ConfirmScreen
from screens.help import HelpScreen
from screens.member_form import MemberForm
from screens.widgets.form_field import FormField
from storage.workspace import Workspace, WorkspaceRole
from tests import test_network_screens, tours
from tests.conftest import demo_clock
from tests.languages.english import screen_text
from tests.tours import SIZE, Tour, Walk

pytestmark = pytest.mark.app

#: The coordinator's workspace with three groups imported from their bundles (a fixture).
coordinator = test_network_screens.coordinator
#: A workspace where a member's company was changed apart on two laptops (a fixture).
conflicting = tours.conflicting

WIDER = (100, 30)
#: The fewest lines help leaves its keys at 80x24, under the longest text about a screen.
KEY_LINES = 3


def out_of_view(screen: Screen, widget: Widget) -> bool:
    """Whether some of ``widget`` lies outside what the screen shows."""
    try:
        geometry = screen.find_widget(widget)
    except NoWidget:
        return True
    return geometry.visible_region != geometry.region


def named(widget: Widget) -> str:
    return f"{type(widget).__name__}#{widget.id}" if widget.id else type(widget).__name__


def widest(table: DataTable, column: Column) -> int:
    """The width of the column's longest text."""
    console = table.app.console
    return max(
        (Measurement.get(console, console.options, cell).maximum for cell in table.get_column(column.key)), default=0
    )


def table_problems(screen: Screen) -> list[str]:
    """Columns narrower than their header, and texts cut while the table leaves columns empty."""
    problems = []
    for table in screen.query(DataTable):
        if not table.region:
            continue  # on a tab not shown
        columns = table.ordered_columns
        for column in columns:
            shown = column.get_render_width(table) - 2 * table.cell_padding
            if shown < column.label.cell_len:
                problems.append(f"{named(table)}: {column.label.plain!r} is {shown} wide, narrower than its header")
        cut = [
            column.label.plain for column in columns if not column.auto_width and widest(table, column) > column.width
        ]
        empty = table.scrollable_content_region.width - sum(column.get_render_width(table) for column in columns)
        if cut and empty > 0:
            problems.append(f"{named(table)}: {', '.join(cut)} cut while {empty} columns stay empty")
    return problems


def help_problems(screen: Screen) -> list[str]:
    """Help's keys in too few lines to read them, or scrolling sideways."""
    if not isinstance(screen, HelpScreen):
        return []
    table = screen.query_one("#help-keys", DataTable)
    problems = []
    if table.max_scroll_x > 0:
        problems.append(f"help's keys scroll {table.max_scroll_x} columns sideways")
    if (lines := table.scrollable_content_region.height - 1) < KEY_LINES:  # under the header
        problems.append(f"help's keys get {lines} lines")
    return problems


class SizeTour(Tour):
    """A walk that keeps, screen by screen, what cannot be reached or read."""

    def __init__(self, app: App, pilot) -> None:
        super().__init__(app, pilot)
        app.animation_level = "none"  # scrolling jumps where it would glide to: the same place, sooner
        self.findings: dict[str, list[str]] = {}

    async def examine(self, name: str) -> None:
        screen = self.app.screen
        found = [f"focused but out of view: {text}" for text in self.focused_out_of_view()]
        found += [f"out of reach: {text}" for text in await self.out_of_reach()]
        found += [f"at 80x24, {problem}" for problem in table_problems(screen) + help_problems(screen)]
        await self.pilot.resize_terminal(*WIDER)
        await self.settle()
        found += [f"at 100x30, {problem}" for problem in table_problems(screen) + help_problems(screen)]
        await self.pilot.resize_terminal(*SIZE)
        await self.settle()
        if found:
            self.findings[name] = found

    async def settle(self) -> None:
        """After a focus or a resize: once the screen has scrolled and laid itself out again."""
        await self.pilot.pause()
        await self.pilot.wait_for_scheduled_animations()

    def focused_out_of_view(self) -> list[str]:
        """The focused widget, and the message of the field it belongs to, if the screen hides them."""
        screen = self.app.screen
        focused = screen.focused
        if focused is None or not all(node.display for node in (focused, *focused.ancestors)):
            return []  # a table hidden while it has no rows may keep the focus
        shown = [focused]
        field = next((ancestor for ancestor in focused.ancestors if isinstance(ancestor, FormField)), None)
        if field is not None and field.error:
            shown.append(field.query_one(".field-error"))
        return [named(widget) for widget in shown if out_of_view(screen, widget)]

    async def out_of_reach(self) -> list[str]:
        """Every widget that takes the focus, given it in turn: those still out of view after it."""
        screen = self.app.screen
        before = screen.focused
        unseen = []
        for widget in screen.focus_chain:
            widget.focus()
            await self.settle()
            if out_of_view(screen, widget):
                unseen.append(named(widget))
        if before is not None:
            before.focus()
            await self.settle()
        return unseen

    def check(self) -> None:
        if self.findings:
            lines = [f"{screen}: {problem}" for screen, problems in self.findings.items() for problem in problems]
            pytest.fail("Out of reach or badly cut at 80x24 or 100x30:\n" + "\n".join(lines), pytrace=False)


@pytest.mark.longest
@pytest.mark.parametrize("walk", tours.DEMO_WALKS, ids=lambda walk: walk.__name__)
async def test_a_walk_on_the_demo_network(walk: Walk, demo_path: Path) -> None:
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        tour = SizeTour(app, pilot)
        await walk(tour)
    tour.check()


async def test_conflicts_with_a_conflict(conflicting: Path) -> None:
    app = make_app(Workspace.open(conflicting), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        tour = SizeTour(app, pilot)
        await tours.conflicts_with_a_conflict(tour)
    tour.check()


@pytest.mark.longest
async def test_the_coordinators_screens(coordinator: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(coordinator.parent / "inbox"))  # the import screen opens in the home folder
    app = make_app(Workspace.open(coordinator, role=WorkspaceRole.COORDINATOR), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        tour = SizeTour(app, pilot)
        await tours.the_coordinators_screens(tour)
    tour.check()


async def test_a_refused_save_shows_the_wrong_field_at_the_foot_of_the_form(demo_path: Path) -> None:
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "e")
        form = app.screen
        assert isinstance(form, MemberForm)
        form.query_one("#input-contact_consent", Input).value = "45.45.2026"
        form.query_one("#input-name", Input).focus()
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        field = form.query_one("#field-contact_consent", FormField)
        assert field.error and form.focused is form.query_one("#input-contact_consent", Input)
        assert not out_of_view(form, field), "the wrong field and its message are below the screen"


async def test_the_check_in_shows_name_status_and_consent_in_80_columns(demo_path: Path) -> None:
    """In every group of the demo, whose members' companies and facilitators' organisations run long."""
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        groups = app.screen.query_one("#groups", DataTable)
        for row in range(groups.row_count):
            groups.move_cursor(row=row)
            await pilot.press("m")
            if isinstance(app.screen, ConfirmScreen):  # the group's next meeting is on another day
                await pilot.press("y")
            await pilot.press("f4")
            assert isinstance(app.screen, CheckinScreen)
            await pilot.press("a")
            await pilot.pause()
            table = app.screen.query_one("#checkin", DataTable)
            lines = screen_text(app).splitlines()
            header = lines[table.region.y]
            first = lines[table.region.y + 1]
            assert "Name" in header and "Status" in header and header.rstrip().endswith("Audio"), header
            assert "sent apologies" in first and first.rstrip().endswith(("yes", "no")), first
            await pilot.press("escape", "escape")  # back to the groups; the meeting stays open
            assert app.screen.query_one("#groups", DataTable) is groups
