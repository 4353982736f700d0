"""Every screen and dialog of the app, opened with its keys as a person does, in the language of the
run: no English word may show, at 80x24 nor at a larger size (where more columns and help fit).

Each tour walks through a part of the app and looks at every screen on its way; the test fails
with every English word it saw, screen by screen, each with the line it is on.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App
from textual.command import CommandPalette
from textual.screen import Screen
from textual.widgets import DataTable, Input

from facilitator.app import make_app
from facilitator.i18n import language
from facilitator.model import MeetingStatus
from screens.absences import AbsencesScreen
from screens.actions import ActionItemsScreen
from screens.after_meeting import AfterMeetingScreen
from screens.agenda_item_form import AgendaItemForm
from screens.analysis import ActivityAnalysisScreen
from screens.checkin import CheckinScreen
from screens.close_meeting import CloseMeetingScreen
from screens.codes import CodesPalette
from screens.confirm import ConfirmScreen
from screens.conflicts import ConflictsScreen
from screens.consent_gate import ConsentGate
from screens.feedback import FeedbackScreen
from screens.feedback_form import FeedbackForm
from screens.form import RecordForm
from screens.group_form import GroupForm
from screens.guest_form import GuestForm
from screens.help import HelpScreen
from screens.history import HistoryScreen
from screens.home import CoordinatorHomeScreen, HomeScreen
from screens.host_history import HostHistoryScreen
from screens.host_picker import HostPicker
from screens.import_bundles import ImportBundlesScreen
from screens.live import LiveScreen
from screens.member_form import MemberForm
from screens.memo_line import MemoLineScreen
from screens.needs import NeedsScreen
from screens.network import NetworkDashboardScreen
from screens.pattern_form import PatternForm
from screens.planner import PlannerScreen
from screens.prepare import PrepareScreen
from screens.roster import RosterScreen
from screens.settings import SettingsScreen
from screens.template import TemplateScreen
from screens.widgets.recode import RecodeDialog
from storage.workspace import Workspace, WorkspaceRole
from tests.conftest import demo_clock
from tests.languages.english import Data, english_on, footer_cut, report, screen_text, suspect_words
from tests import test_network_screens
from tests.sync_support import company_changed_apart
from tests.test_network_screens import loaded

#: The coordinator's workspace with three groups imported from their bundles (a fixture).
coordinator = test_network_screens.coordinator

SIZE = (80, 24)
#: Wide and tall enough for every column and every row of help that 80x24 cuts off.
LARGE = (160, 50)


class Tour:
    """A walk through the app that looks at each screen it reaches and keeps the English it sees."""

    def __init__(self, app: App, pilot, folders: list[Path]) -> None:  # noqa: ANN001
        self.app = app
        self.pilot = pilot
        self.folders = folders
        self.suspects = suspect_words(language())
        self.findings: dict[str, list[tuple[str, str]]] = {}

    async def press(self, *keys: str) -> None:
        for key in keys:
            await self.pilot.press(key)
            await self.pilot.pause()

    async def look(self, name: str, kind: type[Screen]) -> None:
        """Look at the screen at both sizes; it must be a ``kind``, or the tour lost its way."""
        await self.pilot.pause()
        assert isinstance(self.app.screen, kind), f"{name}: {type(self.app.screen).__name__} is showing"
        data = Data.of_folders(*self.folders)  # read now: the tour may have typed some
        text = screen_text(self.app)
        seen = english_on(text, self.suspects, data) + [
            (f"cut: {label}", line) for label, line in footer_cut(self.app, text)
        ]
        await self.pilot.resize_terminal(*LARGE)
        await self.pilot.pause(0.05)
        seen += english_on(screen_text(self.app), self.suspects, data)
        await self.pilot.resize_terminal(*SIZE)
        await self.pilot.pause(0.05)
        if seen:
            self.findings[name] = seen

    async def help(self, name: str) -> None:
        """The screen's help, at its top and scrolled to its last key."""
        await self.press("f1")
        await self.look(f"help on {name}", HelpScreen)
        await self.press("ctrl+end")
        await self.look(f"help on {name}, the last keys", HelpScreen)
        await self.press("escape")

    def check(self) -> None:
        if self.findings:
            pytest.fail(f"English on the {language()} screens:\n{report(self.findings)}", pytrace=False)


def select_meeting(app: App, wanted) -> None:  # noqa: ANN001 - a test of which meeting
    """Put the planner's cursor on the first meeting that ``wanted`` says yes to."""
    screen = app.screen
    table = screen.query_one("#meetings", DataTable)
    meeting = next(m for m in screen.repository.meetings(screen.group.id) if wanted(m))
    table.move_cursor(row=table.get_row_index(meeting.id))


async def test_home_settings_palette_and_group_form(demo_path: Path) -> None:
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        tour = Tour(app, pilot, [demo_path])
        await tour.look("home", HomeScreen)
        await tour.help("home")
        await tour.press("s")
        await tour.look("settings", SettingsScreen)
        await tour.press("escape", "ctrl+p")
        await tour.look("command palette", CommandPalette)
        await tour.press("x", "q", "z")
        await pilot.pause(0.7)  # the palette says it found nothing after half a second
        await tour.look("command palette, nothing found", CommandPalette)
        await tour.press("escape")
        app.action_change_theme()
        await tour.look("colour themes", CommandPalette)
        await tour.press("escape", "ctrl+c")
        await tour.look("home, ctrl+c pressed to quit", HomeScreen)
        await tour.press("n")
        await tour.look("group form", GroupForm)
        await tour.press("ctrl+s")
        await tour.look("group form, problems told", GroupForm)
        await tour.press("escape", "r")
        await tour.look("group form, rename", GroupForm)
    tour.check()


async def test_roster_and_the_screens_it_opens(demo_path: Path) -> None:
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        tour = Tour(app, pilot, [demo_path])
        await tour.press("enter")
        await tour.look("roster", RosterScreen)
        await tour.help("roster")
        await tour.press("n")
        await tour.look("member form", MemberForm)
        await tour.press("ctrl+s")
        await tour.look("member form, problems told", MemberForm)
        await tour.press("escape", "u")
        await tour.look("absences", AbsencesScreen)
        await tour.press("n")
        await tour.look("absence form", RecordForm)
        await tour.press("escape", "escape", "d")
        await tour.look("confirm removal", ConfirmScreen)
        await tour.press("n", "a")
        await tour.look("action items", ActionItemsScreen)
        await tour.press("h")
        await tour.look("action items, closed ones too", ActionItemsScreen)
        await tour.press("escape", "c")
        await tour.look("conflicts, none", ConflictsScreen)
        await tour.press("escape", "h")
        await app.workers.wait_for_complete()
        for tab in ("1", "2", "3", "4"):
            await tour.press(tab)
            await tour.look(f"history, tab {tab}", HistoryScreen)
        await tour.press("t")
        await tour.look("history, all years", HistoryScreen)
    tour.check()


async def test_planner_and_preparing_a_meeting(demo_path: Path) -> None:
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        tour = Tour(app, pilot, [demo_path])
        await tour.press("enter", "s")
        await tour.look("planner", PlannerScreen)
        await tour.help("planner")
        await tour.press("p")
        await tour.look("pattern form", PatternForm)
        await tour.press("escape", "s")
        await tour.look("season form", RecordForm)
        await tour.press("escape", "y")
        await tour.look("host history", HostHistoryScreen)
        await tour.press("escape")
        select_meeting(app, lambda meeting: meeting.status is MeetingStatus.PLANNED)
        await tour.press("o")
        await tour.look("host picker", HostPicker)
        await tour.press("escape", "x")
        await tour.look("confirm cancelling", ConfirmScreen)
        await tour.press("n", "t")
        await tour.look("template", TemplateScreen)
        await tour.press("n")
        await tour.look("template item form", RecordForm)
        await tour.press("escape", "escape", "enter")
        await tour.look("prepare", PrepareScreen)
        await tour.help("prepare")
        await tour.press("n")
        await tour.look("agenda item form", AgendaItemForm)
    tour.check()


async def test_after_a_meeting_and_its_feedback(demo_path: Path) -> None:
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        tour = Tour(app, pilot, [demo_path])
        await tour.press("enter", "s")
        select_meeting(app, lambda meeting: meeting.status is MeetingStatus.HELD)
        await tour.press("v")
        await tour.look("after the meeting", AfterMeetingScreen)
        await tour.press("f")
        await tour.look("feedback", FeedbackScreen)
        await tour.help("feedback")
        await tour.press("n")
        await tour.look("feedback form", FeedbackForm)
        await tour.press("ctrl+s")
        await tour.look("feedback form, problems told", FeedbackForm)
        await tour.press("escape", "d")
        await tour.look("confirm removing a response", ConfirmScreen)
    tour.check()


async def test_a_live_meeting_and_its_dialogs(demo_path: Path) -> None:
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        tour = Tour(app, pilot, [demo_path])
        await tour.press("m")
        await tour.look("confirm holding the meeting today", ConfirmScreen)
        await tour.press("y")
        await tour.look("live meeting", LiveScreen)
        await tour.help("live meeting")
        await tour.press("f2")
        await tour.look("codes", CodesPalette)
        await tour.press("escape", "f4")
        await tour.look("check-in", CheckinScreen)
        await tour.press("p", "g")
        await tour.look("guest form", GuestForm)
        await tour.press("ctrl+s")
        await tour.look("guest form, problems told", GuestForm)
        app.screen.query_one("#input-guest_name", Input).value = "Sara Vieras"
        await tour.press("ctrl+s", "escape", "f6")
        await tour.look("consent gate", ConsentGate)
        await tour.press("escape")
        line = app.screen.query_one("#memo-line", Input)
        line.value = "!d Yhteinen osasto joulumarkkinoille #CS"
        await tour.press("enter", "f5")
        await tour.look("live meeting, an entry written", LiveScreen)
        await tour.press("f3")
        await tour.look("memo line, tagging", MemoLineScreen)
        await tour.press("escape", "tab", "enter")
        await tour.look("memo line, editing", MemoLineScreen)
        await tour.press("escape", "tab", "delete")
        await tour.look("confirm removing an entry", ConfirmScreen)
        await tour.press("n", "f7")
        await tour.look("action items, from the meeting", ActionItemsScreen)
        await tour.press("escape", "f8")
        await tour.look("close meeting", CloseMeetingScreen)
    tour.check()


@pytest.fixture
def conflicting(tmp_path: Path) -> Path:
    """A workspace where a member's company was changed apart on two laptops."""
    company_changed_apart(tmp_path)
    return tmp_path / "adviser"


async def test_conflicts_with_a_conflict(conflicting: Path) -> None:
    app = make_app(Workspace.open(conflicting), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        tour = Tour(app, pilot, [conflicting])
        await tour.press("enter", "c")
        await tour.look("conflicts", ConflictsScreen)
        await tour.help("conflicts")
    tour.check()


async def test_the_coordinators_screens(coordinator: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inbox = coordinator.parent / "inbox"
    monkeypatch.setenv("HOME", str(inbox))  # the import screen opens in the home folder
    app = make_app(Workspace.open(coordinator, role=WorkspaceRole.COORDINATOR), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        tour = Tour(app, pilot, [coordinator, inbox])
        await tour.look("coordinator's home", CoordinatorHomeScreen)
        await tour.help("coordinator's home")
        await tour.press("i")
        await pilot.pause(0.2)
        await tour.look("import bundles", ImportBundlesScreen)
        await tour.press("a", "i")
        for _attempt in range(500):
            if app.screen.reports is not None:
                break
            await pilot.pause(0.02)
        await tour.look("import report", ImportBundlesScreen)
        await tour.press("escape", "d")
        await loaded(pilot, app.screen)
        await tour.look("network dashboard", NetworkDashboardScreen)
        await tour.help("network dashboard")
        await tour.press("w")
        await tour.look("network dashboard, the whole network", NetworkDashboardScreen)
        await tour.press("a")
        await loaded(pilot, app.screen)
        await tour.look("analysis", ActivityAnalysisScreen)
        await tour.press("2")
        await tour.look("analysis, entries", ActivityAnalysisScreen)
        await tour.press("r")
        await tour.look("re-code", RecodeDialog)
        await tour.press("escape", "escape", "n")
        await loaded(pilot, app.screen)
        await tour.look("needs", NeedsScreen)
        await tour.help("needs")
    tour.check()
