"""Walks through every screen and dialog of the app, each opened with its keys as a person does.

A walk drives the app with a :class:`Tour` and calls its ``look`` on every screen it reaches; what
a look checks is the tour's own: ``tests/languages/test_screens.py`` looks for English on the
Finnish and Swedish screens, ``tests/test_screen_sizes.py`` for fields out of reach and columns
that do not fit. Every walk starts at 80x24 on the home screen of the workspace it is given.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.app import App
from textual.command import CommandPalette
from textual.screen import Screen
from textual.widgets import DataTable, Input
from textual.widgets._select import SelectOverlay

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
from screens.group_key import GroupKeyScreen, KeyFileScreen
from screens.guest_form import GuestForm
from screens.help import HelpScreen
from screens.history import HistoryScreen
from screens.home import CoordinatorHomeScreen, HomeScreen
from screens.host_history import HostHistoryScreen
from screens.host_picker import HostPicker
from screens.import_bundles import ImportBundlesScreen
from screens.live import LiveScreen
from screens.meeting_entries import MeetingEntriesScreen
from screens.member_form import LeftForm, MemberForm
from screens.memo_line import MemoLineScreen
from screens.needs import NeedsScreen
from screens.network import NetworkDashboardScreen
from screens.passphrase import PassphraseDialog
from screens.pattern_form import PatternForm
from screens.planner import PlannerScreen
from screens.prepare import PrepareScreen
from screens.roster import RosterScreen
from screens.search import MeetingEntriesDialog, SearchScreen
from screens.settings import SettingsScreen
from screens.template import TemplateScreen
from screens.widgets.recode import RecodeDialog
from tests.network_screens_support import loaded
from tests.sync_support import company_changed_apart

SIZE = (80, 24)


class Tour:
    """A walk's guide: presses keys and looks at each screen the walk reaches."""

    #: Whether the walks open a list (a Select's) and look at the screen with it open: the tours that
    #: read what a screen shows do; one that gives every widget the focus in turn would close it.
    opens_lists = False

    def __init__(self, app: App, pilot) -> None:  # Textual's Pilot
        self.app = app
        self.pilot = pilot

    async def press(self, *keys: str) -> None:
        for key in keys:
            await self.pilot.press(key)
            await self.pilot.pause()

    async def look(self, name: str, kind: type[Screen]) -> None:
        """Look at the screen; it must be a ``kind``, or the walk lost its way."""
        await self.pilot.pause()
        assert isinstance(self.app.screen, kind), f"{name}: {type(self.app.screen).__name__} is showing"
        await self.examine(name)

    async def examine(self, name: str) -> None:
        """What this tour checks on each screen (at 80x24; it leaves the terminal at that size)."""
        raise NotImplementedError

    async def help(self, name: str) -> None:
        """The screen's help, at its top and scrolled to its last key."""
        await self.press("f1")
        await self.look(f"help on {name}", HelpScreen)
        await self.press("ctrl+end")
        await self.look(f"help on {name}, the last keys", HelpScreen)
        await self.press("escape")


Walk = Callable[[Tour], Awaitable[None]]


def select_meeting(app: App, wanted) -> None:  # a test of which meeting
    """Put the planner's cursor on the first meeting that ``wanted`` says yes to."""
    screen = app.screen
    table = screen.query_one("#meetings", DataTable)
    meeting = next(m for m in screen.repository.meetings(screen.group.id) if wanted(m))
    table.move_cursor(row=table.get_row_index(meeting.id))


@pytest.fixture
def conflicting(tmp_path: Path) -> Path:
    """A workspace where a member's company was changed apart on two laptops."""
    company_changed_apart(tmp_path)
    return tmp_path / "adviser"


# -- the walks on the demo network -------------------------------------------------------------


async def home_settings_palette_and_group_form(tour: Tour) -> None:
    await tour.look("home", HomeScreen)
    await tour.help("home")
    await tour.press("s")
    await tour.look("settings", SettingsScreen)
    await tour.press("escape", "ctrl+p")
    await tour.look("command palette", CommandPalette)
    await tour.press("x", "q", "z")
    await tour.pilot.pause(0.7)  # the palette says it found nothing after half a second
    await tour.look("command palette, nothing found", CommandPalette)
    await tour.press("escape")
    tour.app.action_change_theme()
    await tour.look("colour themes", CommandPalette)
    await tour.press("escape", "ctrl+c")
    await tour.look("home, ctrl+c pressed to quit", HomeScreen)
    await tour.press("n")
    await tour.look("group form", GroupForm)
    await tour.press("ctrl+s")
    await tour.look("group form, problems told", GroupForm)
    await tour.press("escape", "r")
    await tour.look("group form, rename", GroupForm)


async def roster_and_the_screens_it_opens(tour: Tour) -> None:
    await tour.press("enter")
    await tour.look("roster", RosterScreen)
    await tour.help("roster")
    await tour.press("n")
    await tour.look("member form", MemberForm)
    await tour.press("ctrl+s")
    await tour.look("member form, problems told", MemberForm)
    await tour.press("escape", "e")
    await tour.look("member form, editing", MemberForm)
    await tour.press("escape", "x")
    await tour.look("member left", LeftForm)
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
    await tour.press("escape", "k")
    await tour.look("key and bundles, no key yet", GroupKeyScreen)
    await tour.help("key and bundles")
    await tour.press("i")
    await tour.look("key file picker", KeyFileScreen)
    await tour.press("escape")
    tour.app.push_screen(PassphraseDialog("inari-2026-11-27.mekey", lambda passphrase: None))
    await tour.look("passphrase", PassphraseDialog)
    await tour.press("enter")
    await tour.look("passphrase, none typed", PassphraseDialog)
    await tour.press("escape", "escape", "h")
    await tour.app.workers.wait_for_complete()
    for tab in ("1", "2", "3", "4"):
        await tour.press(tab)
        await tour.look(f"history, tab {tab}", HistoryScreen)
    await tour.press("t")
    await tour.look("history, all years", HistoryScreen)
    await search_and_open_a_meeting(tour, "history")
    await tour.press("1", "enter")
    await tour.look("a held meeting's entries and recording", MeetingEntriesScreen)
    await tour.help("a held meeting's entries and recording")
    await tour.press("escape")


async def planner_and_preparing_a_meeting(tour: Tour) -> None:
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
    select_meeting(tour.app, lambda meeting: meeting.status is MeetingStatus.PLANNED)
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


async def after_a_meeting_and_its_feedback(tour: Tour) -> None:
    await tour.press("enter", "s")
    select_meeting(tour.app, lambda meeting: meeting.status is MeetingStatus.HELD)
    await tour.press("v")
    await tour.look("after the meeting", AfterMeetingScreen)
    await tour.press("e")
    await tour.look("the meeting's entries, from after the meeting", MeetingEntriesScreen)
    await tour.press("escape")
    await tour.press("f")
    await tour.look("feedback", FeedbackScreen)
    await tour.help("feedback")
    await tour.press("n")
    await tour.look("feedback form", FeedbackForm)
    await tour.press("ctrl+s")
    await tour.look("feedback form, problems told", FeedbackForm)
    await tour.press("escape", "d")
    await tour.look("confirm removing a response", ConfirmScreen)


async def a_live_meeting_and_its_dialogs(tour: Tour) -> None:
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
    tour.app.screen.query_one("#input-guest_name", Input).value = "Sara Vieras"
    await tour.press("ctrl+s", "escape", "f6")
    await tour.look("consent gate", ConsentGate)
    await tour.press("escape")
    line = tour.app.screen.query_one("#memo-line", Input)
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


#: The walks that start on the demo network's home screen.
DEMO_WALKS: list[Walk] = [
    home_settings_palette_and_group_form,
    roster_and_the_screens_it_opens,
    planner_and_preparing_a_meeting,
    after_a_meeting_and_its_feedback,
    a_live_meeting_and_its_dialogs,
]


# -- the walks on other workspaces -------------------------------------------------------------


async def conflicts_with_a_conflict(tour: Tour) -> None:
    """On the ``conflicting`` workspace."""
    await tour.press("enter", "c")
    await tour.look("conflicts", ConflictsScreen)
    await tour.help("conflicts")
    await tour.press("escape", "k")
    await tour.look("key and bundles", GroupKeyScreen)


async def search_and_open_a_meeting(tour: Tour, where: str) -> None:
    """``/`` on the screen, a word typed, the entries found (and the help there and on the list), and
    the meeting of the newest with its help; back again."""
    await tour.press("slash")
    await tour.app.workers.wait_for_complete()
    await tour.look(f"search from the {where}", SearchScreen)
    await tour.press(*"the")
    await tour.pilot.pause(0.3)
    await tour.look(f"search from the {where}, entries found", SearchScreen)
    await tour.help(f"search from the {where}")
    await tour.press("enter")
    await tour.help(f"search from the {where}, on the entries found")
    await tour.press("enter")
    await tour.look(f"search from the {where}, a meeting's entries", MeetingEntriesDialog)
    await tour.help(f"search from the {where}, a meeting's entries")
    await tour.press("escape", "escape")


async def the_coordinators_screens(tour: Tour) -> None:
    """On the ``coordinator`` workspace of tests/test_network_screens.py, its inbox as the home folder."""
    await tour.look("coordinator's home", CoordinatorHomeScreen)
    await tour.help("coordinator's home")
    await tour.press("i")
    await tour.pilot.pause(0.2)
    await tour.look("import bundles", ImportBundlesScreen)
    await tour.help("import bundles")
    await tour.press("a", "i")
    for _attempt in range(500):
        if tour.app.screen.reports is not None:
            break
        await tour.pilot.pause(0.02)
    await tour.look("import report", ImportBundlesScreen)
    await tour.press("escape", "d")
    await loaded(tour.pilot, tour.app.screen)
    await tour.look("network dashboard", NetworkDashboardScreen)
    await tour.help("network dashboard")
    await tour.press("w")
    await tour.look("network dashboard, the whole network", NetworkDashboardScreen)
    await tour.press("a")
    await loaded(tour.pilot, tour.app.screen)
    await tour.look("analysis", ActivityAnalysisScreen)
    if tour.opens_lists:
        await tour.press("g", "enter")
        await tour.look("analysis, the list of groups open", ActivityAnalysisScreen)
        assert tour.app.screen.query_one(SelectOverlay).has_focus, "the list of groups did not open"
        await tour.press("escape", "escape")
    await tour.press("2")
    await tour.look("analysis, entries", ActivityAnalysisScreen)
    await tour.press("r")
    await tour.look("re-code", RecodeDialog)
    await tour.press("escape")
    await search_and_open_a_meeting(tour, "analysis")
    await tour.press("escape", "n")
    await loaded(tour.pilot, tour.app.screen)
    await tour.look("needs", NeedsScreen)
    await tour.help("needs")
