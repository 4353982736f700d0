"""Keys named in the user's language: "space" is "välilyönti" or "mellanslag" in a text, in the footer
and in help, and Textual's own "esc Dismiss menu" on an open list is in the language too; the tours'
checks (``untranslated.py``) see the English they look for."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Select
from textual.widgets._footer import FooterKey
from textual.widgets._select import SelectOverlay

from facilitator.app import make_app
from facilitator.i18n import language
from screens.help import HelpScreen
from screens.key_names import key_display, readable
from screens.member_form import MemberForm
from screens.widgets.plain import Plain
from storage.workspace import Workspace
from tests.conftest import demo_clock
from tests.languages.untranslated import english_key_words, english_keys
from tests.test_import_screen import open_import
from tests.tours import SIZE

pytestmark = pytest.mark.app

SPACE = {"fi": "välilyönti", "sv": "mellanslag"}[language()]
TAB = {"fi": "sarkain", "sv": "tabb"}[language()]
SHIFT = {"fi": "vaihto", "sv": "skift"}[language()]
CLOSE_THE_LIST = {"fi": "Sulje luettelo", "sv": "Stäng listan"}[language()]


def footer(app) -> list[tuple[str, str]]:  # the app under test
    return [(key.key_display, key.description) for key in app.screen.query(FooterKey)]


def help_rows(help_screen: HelpScreen) -> list[tuple[str, str]]:
    table = help_screen.query_one("#help-keys", DataTable)
    return [(str(table.get_row_at(index)[0]), str(table.get_row_at(index)[1])) for index in range(table.row_count)]


def test_keys_are_named_as_the_keyboard_and_the_language_name_them() -> None:
    assert readable("space") == SPACE and key_display("ctrl+space") == f"^{SPACE}"
    assert readable("shift+tab") == key_display("shift+tab") == f"{SHIFT}+{TAB}"
    # what the keys print stays: Esc, Home, PgDn, Ctrl, F8, and the symbols of enter and the arrows
    assert [readable(key) for key in ("escape", "home", "pagedown", "ctrl+f", "f8", "enter", "up")] == [
        "esc",
        "home",
        "pgdn",
        "ctrl+f",
        "F8",
        "⏎",
        "↑",
    ]
    assert english_key_words(readable("shift+tab")) == [], "the tours' check takes the language's names for English"
    assert english_key_words("shift+tab") == ["shift", "tab"] and english_key_words("^space") == ["space"]


async def test_the_import_screen_names_space_in_the_language_in_its_text_footer_notice_and_help(
    demo_path: Path, tmp_path: Path
) -> None:
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_import(app, pilot, tmp_path)
        hint = str(screen.query_one("#marked-hint", Plain).content)
        assert SPACE in hint and "space" not in hint, hint
        assert SPACE in [key for key, _description in footer(app)]
        await pilot.press("i")  # nothing marked: the notice says how to mark
        await pilot.pause()
        assert any(SPACE in note.message and "space" not in note.message for note in app._notifications)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert SPACE in [key for key, _description in help_rows(app.screen)]
        assert english_keys(app) == []


async def test_an_open_list_is_closed_in_the_language_in_the_footer_and_in_help(demo_path: Path) -> None:
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, MemberForm)
        form.query_one("#input-role", Select).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert form.query_one(SelectOverlay).has_focus, "the list did not open"
        assert ("esc", CLOSE_THE_LIST) in footer(app)
        assert english_keys(app) == []
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert ("esc", CLOSE_THE_LIST) in help_rows(app.screen)
        assert english_keys(app) == []
