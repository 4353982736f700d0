"""Keys a laptop has (issue 23): many Windows laptops and Macs send F-keys as media keys unless Fn
is held, and a Finnish keyboard needs AltGr for [ and ]. Every action on such a key also has a
plain ctrl+letter or letter, first in its binding so that the footer shows it, and F1 lists both.

The bindings of every screen, dialog and widget are read from the source; the live meeting's keys
are posted straight after the letters typed into the memo line, as a terminal posts them.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections import defaultdict
from pathlib import Path

import pytest
from textual import events
from textual.binding import Binding
from textual.dom import DOMNode
from textual.widgets import DataTable

import screens
from facilitator.app import FacilitatorApp, make_app
from screens.actions import ActionItemsScreen
from screens.checkin import CheckinScreen
from screens.close_meeting import CloseMeetingScreen
from screens.codes import CodesPalette
from screens.help import HelpScreen
from screens.memo_line import MemoLineScreen
from screens.widgets.clock_bar import ClockBar
from storage.workspace import Workspace
from tests.conftest import demo_clock
from tests.languages.english import footer_cut, screen_text
from tests.live_recording_support import check_in_someone_consenting
from tests.test_memo_burst import SIZE, live_meeting, open_live_screen, post_typed, start_meeting, wait_until
from tests.test_prepare_screen import agenda_rows, open_prepare, plan_first_group
from tests.test_template_screen import titles

#: Keys a laptop may not give: F-keys (media keys without Fn) and brackets (AltGr on a Finnish keyboard).
AWKWARD = re.compile(r"f\d+|left_square_bracket|right_square_bracket")
#: A key every keyboard has in reach: a letter, or ctrl and a letter.
LAPTOP = re.compile(r"(ctrl\+)?[a-z]")
#: Ctrl keys taken before a screen sees them: a text field's own (Textual's Input and TextArea),
#: tmux's prefix, those a terminal sends as other keys (backspace, tab, enter, escape), and the
#: app's priority keys.
TAKEN = {f"ctrl+{letter}" for letter in "adekuwxcv" + "b" + "hijm" + "qp"}


def our_classes() -> list[type[DOMNode]]:
    """Every screen, dialog, widget and the app defined in ``screens`` and ``facilitator.app``
    that declares bindings of its own."""
    modules = [importlib.import_module(info.name) for info in pkgutil.walk_packages(screens.__path__, "screens.")]
    modules.append(importlib.import_module("facilitator.app"))
    return [
        value
        for module in modules
        for value in vars(module).values()
        if isinstance(value, type)
        and issubclass(value, DOMNode)
        and value.__module__ == module.__name__
        and "BINDINGS" in value.__dict__
    ]


def test_the_walk_finds_the_screens_with_awkward_keys() -> None:
    names = {cls.__name__ for cls in our_classes()}
    assert {
        "FacilitatorApp",
        "LiveScreen",
        "MemoLineScreen",
        "RecodeDialog",
        "CodesPalette",
        "PrepareScreen",
        "TemplateScreen",
        "HomeScreen",
        "FeedbackForm",
    } <= names


def test_every_binding_has_an_id_and_every_f_key_or_bracket_a_laptop_key_first() -> None:
    problems = []
    app_priority_keys = {binding.key for binding in Binding.make_bindings(FacilitatorApp.BINDINGS) if binding.priority}
    for cls in our_classes():
        keys_of_action: dict[str, list[str]] = defaultdict(list)
        for declared in cls.__dict__["BINDINGS"]:
            if not isinstance(declared, Binding) or not declared.id:
                problems.append(f"{cls.__name__}: {declared!r} has no id (it cannot be remapped)")
                continue
            keys = [binding.key for binding in Binding.make_bindings([declared])]
            keys_of_action[declared.action] += keys
            if AWKWARD.fullmatch(keys[0]):
                problems.append(f"{cls.__name__}: {declared.id} shows {keys[0]} in the footer, not a laptop's key")
            if cls is not FacilitatorApp and (shadowed := app_priority_keys.intersection(keys)):
                problems.append(f"{cls.__name__}: {declared.id} binds {shadowed}, which the app takes first")
        for action, keys in keys_of_action.items():
            if not any(AWKWARD.fullmatch(key) for key in keys):
                continue
            laptop = [key for key in keys if LAPTOP.fullmatch(key)]
            if not laptop:
                problems.append(f"{cls.__name__}: {action} has only {keys}, no letter or ctrl+letter")
            problems += [
                f"{cls.__name__}: {action} on {key}, which a text field, tmux or the terminal takes"
                for key in laptop
                if key in TAKEN
            ]
    assert not problems, "\n".join(problems)


def ctrl(letter: str) -> events.Key:
    """ctrl and a letter as a terminal sends it: the key and its control character."""
    return events.Key(f"ctrl+{letter}", chr(ord(letter) - ord("a") + 1))


@pytest.mark.app
async def test_the_live_meetings_laptop_keys_act_where_they_come_among_the_letters(demo_path: Path) -> None:
    async with live_meeting(demo_path) as (pilot, live, line):
        app = pilot.app
        bar = live.query_one(ClockBar)
        assert "Agenda not under way: ctrl+n or F5 starts the next item." in str(bar.render())
        footer = screen_text(app).splitlines()[-1]
        assert all(
            key in footer for key in ("^l Codes", "^t Tag", "^y Check-in", "^n Next", "^r Rec", "^f Close", "^g Help")
        ), footer
        assert footer_cut(app, screen_text(app)) == []
        assert line.has_focus
        check_in_someone_consenting(live)  # a recording waits for those present to be checked in

        # Typed in one burst: the item starts and the recording runs between the words of the line.
        post_typed(app, "we start")
        app.post_message(ctrl("n"))
        post_typed(app, " on time")
        app.post_message(ctrl("r"))
        post_typed(app, "\nand go on")
        await wait_until(pilot, lambda: line.value == "and go on", seconds=20)
        [entry] = live._entries
        assert entry.text == "we start on time"
        assert entry.agenda_item_id == live._items[0].id and live._items[0].started_at is not None
        assert live.meeting.recording is not None and entry.recording_offset is not None

        # Each dialog opens on its ctrl key, from the memo line with a line half typed, and Esc
        # brings back the line as it was.
        for letter, dialog in [
            ("t", MemoLineScreen),
            ("y", CheckinScreen),
            ("o", ActionItemsScreen),
            ("l", CodesPalette),
            ("g", HelpScreen),
        ]:
            app.post_message(ctrl(letter))
            await wait_until(pilot, lambda dialog=dialog: isinstance(app.screen, dialog), seconds=10)
            await pilot.press("escape")
            await wait_until(pilot, lambda: app.screen is live, seconds=10)
            assert line.value == "and go on" and line.has_focus, letter

        # In the tagging dialog's line, ctrl+l lists the codes too, and Enter puts one in that line.
        await pilot.press("ctrl+t")
        await wait_until(pilot, lambda: isinstance(app.screen, MemoLineScreen), seconds=10)
        tagging = app.screen
        await pilot.press("ctrl+l")
        await wait_until(pilot, lambda: isinstance(app.screen, CodesPalette), seconds=10)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is tagging, seconds=10)
        assert tagging.query_one("#memo-line-input").value.startswith("#")
        await pilot.press("ctrl+u", "escape")  # emptied first: Esc would ask before dropping the code
        await wait_until(pilot, lambda: app.screen is live, seconds=10)

        # The codes close on their own key too, and help on its.
        for letter, dialog in [("l", CodesPalette), ("g", HelpScreen)]:
            await pilot.press(f"ctrl+{letter}")
            await wait_until(pilot, lambda dialog=dialog: isinstance(app.screen, dialog), seconds=10)
            await pilot.press(f"ctrl+{letter}")
            await wait_until(pilot, lambda: app.screen is live, seconds=10)

        # Closing waits for the line being typed; once it is saved, ctrl+f opens the closing.
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert app.screen is live
        assert any("not saved yet" in note.message for note in app._notifications)
        post_typed(app, "\n")
        app.post_message(ctrl("f"))
        await wait_until(pilot, lambda: isinstance(app.screen, CloseMeetingScreen), seconds=10)
        assert [entry.text for entry in live._entries] == ["we start on time", "and go on"]


@pytest.mark.app
async def test_help_on_the_live_screen_names_both_keys_of_each_action(demo_path: Path) -> None:
    async with live_meeting(demo_path) as (pilot, live, _line):
        await pilot.press("ctrl+g")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, HelpScreen), seconds=10)
        table = pilot.app.screen.query_one("#help-keys", DataTable)
        keys = {str(table.get_row_at(index)[0]): str(table.get_row_at(index)[1]) for index in range(table.row_count)}
        for laptop, f_key, described in [
            ("^l", "f2", "Codes"),
            ("^t", "f3", "Tag"),
            ("^y", "f4", "Check-in"),
            ("^n", "f5", "Next"),
            ("^r", "f6", "Rec"),
            ("^o", "f7", "Actions"),
            ("^f", "f8", "Close"),
            ("^g", "f1", "Help"),
        ]:
            assert keys[laptop] == keys[f_key] and keys[laptop].startswith(described), laptop
        about = str(pilot.app.screen.query_one("#help-about").content)
        assert "activity codes (ctrl+l or F2 lists them)" in about
        assert about.endswith("Leaving this screen does not close the meeting: ctrl+f or F8 does.")
        await pilot.press("f1")
        await wait_until(pilot, lambda: pilot.app.screen is live, seconds=10)


@pytest.mark.app
async def test_a_remapped_key_is_the_one_the_screen_names(demo_path: Path) -> None:
    """The texts name the keys from the bindings: a keymap (Textual's, by the binding's id) shows."""
    _meeting, clock = start_meeting(demo_path)
    app = make_app(Workspace.open(demo_path), clock=clock)
    app.set_keymap({"live.next": "f9,ctrl+z"})
    async with app.run_test(size=SIZE) as pilot:
        live = await open_live_screen(pilot)
        bar = live.query_one(ClockBar)
        assert "Agenda not under way: F9 or ctrl+z starts the next item." in str(bar.render())
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert live._items[0].started_at is not None
        await pilot.press("ctrl+n")  # no longer the key of the next item
        await pilot.pause()
        assert live._items[1].started_at is None


@pytest.mark.app
async def test_agenda_items_move_on_u_and_l_in_the_preparation_and_the_template(demo_path: Path) -> None:
    plan_first_group(demo_path)
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        prepare = await open_prepare(pilot)
        footer = " ".join(screen_text(app).splitlines()[-1].split())
        assert "u l Move" in footer and footer_cut(app, screen_text(app)) == []
        before = [row[1] for row in agenda_rows(prepare)]
        prepare.query_one("#agenda", DataTable).move_cursor(row=2)
        await pilot.press("u")
        await pilot.pause()
        assert [row[1] for row in agenda_rows(prepare)][:3] == [before[0], before[2], before[1]]
        await pilot.press("l", "l")
        await pilot.pause()
        assert [row[1] for row in agenda_rows(prepare)][:4] == [before[0], before[1], before[3], before[2]]

        await pilot.press("escape")  # back to the season, and on to the group's template
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        template = app.screen
        footer = " ".join(screen_text(app).splitlines()[-1].split())
        assert "u l Move" in footer and footer_cut(app, screen_text(app)) == []
        before = titles(template)
        template.query_one("#template", DataTable).move_cursor(row=1)
        await pilot.press("l")
        await pilot.pause()
        assert titles(template)[:3] == [before[0], before[2], before[1]]
        await pilot.press("u", "u")
        await pilot.pause()
        assert titles(template)[:3] == [before[1], before[0], before[2]]
