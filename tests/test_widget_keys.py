"""Textual's own keys (moving, selecting, the command palette's) described in the user's language by
``screens.widget_keys``, and the app still starting, in English words for those keys, where a Textual
release merges its bindings in another way than the one wrapped."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import textual.app
import textual.command
import textual.containers
import textual.screen
import textual.widgets
from textual.binding import Binding, BindingsMap
from textual.command import CommandPalette
from textual.dom import DOMNode
from textual.widgets import DataTable, Input, TextArea

from facilitator.app import make_app
from screens.help import HelpScreen
from screens.widget_keys import (
    LEFT_OUT,
    WIDGET_KEYS,
    action_key,
    translate_textual_key_descriptions,
)
from storage.workspace import Workspace
from tests.conftest import demo_clock

SIZE = (80, 24)


def textual_classes() -> list[type[DOMNode]]:
    """Every class of Textual's that binds keys: its widgets, screens, containers, the app and the palette."""
    for name in textual.widgets.__all__:
        getattr(textual.widgets, name)  # Textual imports its widgets when first named
    modules = (textual.app, textual.command, textual.containers, textual.screen)
    assert modules, "imported so that their classes are made"
    return [cls for cls in everyone(DOMNode) if cls.__module__.startswith("textual") and "BINDINGS" in cls.__dict__]


def everyone(cls: type[DOMNode]) -> Iterator[type[DOMNode]]:
    for subclass in cls.__subclasses__():
        yield subclass
        yield from everyone(subclass)


def textual_bindings() -> list[tuple[str, Binding]]:
    return [
        (cls.__name__, binding)
        for cls in textual_classes()
        for binding in Binding.make_bindings(cls.__dict__["BINDINGS"])
        if not binding.id
    ]


def described_now(cls: type[DOMNode], key: str) -> list[str]:
    merged = cls._merged_bindings
    assert merged is not None
    return [binding.description for binding in merged.key_to_bindings[key]]


def test_every_textual_key_is_described_or_left_out_on_purpose() -> None:
    """A Textual release that binds a new action (or renames one) fails here, not silently in English."""
    undecided = {
        f"{name}: {binding.key} {binding.action} ({binding.description!r})"
        for name, binding in textual_bindings()
        if action_key(binding.action) not in WIDGET_KEYS and action_key(binding.action) not in LEFT_OUT
    }
    assert not undecided, "\n".join(sorted(undecided))
    bound = {action_key(binding.action) for _name, binding in textual_bindings()}
    assert set(WIDGET_KEYS) - bound == set(), "described actions Textual no longer binds"
    assert all(action_key(action) == action for action in WIDGET_KEYS), "written as action_key writes them"


def test_an_action_is_named_with_its_arguments_as_python_writes_them() -> None:
    assert action_key('command_list("first")') == action_key("command_list( 'first' )") == "command_list('first')"
    assert action_key("cursor_left(True)") == "cursor_left(True)" != action_key("cursor_left")
    assert action_key("cursor_left()") == "cursor_left" and action_key("app.focus_next") == "app.focus_next"


def test_the_palettes_and_the_selecting_keys_keep_a_description(demo_path: Path) -> None:
    make_app(Workspace.open(demo_path), clock=demo_clock)  # the app translates as it is made
    assert described_now(CommandPalette, "up") == [WIDGET_KEYS["cursor_up"]]
    assert described_now(CommandPalette, "pagedown") == [WIDGET_KEYS["page_down"]]
    assert described_now(Input, "shift+left") == ["Select left"]
    assert described_now(TextArea, "shift+end") == ["Select to the end"]
    assert described_now(Input, "backspace") == [""], "left out on purpose: help does not list it"


@pytest.fixture
def english_bindings(monkeypatch: pytest.MonkeyPatch):
    """Textual's own merging (unwrapped where the app wrapped it already in this process), and every
    class's bindings as Textual made them: as a process starts."""
    found = DOMNode.__dict__["_merge_bindings"]
    english = getattr(found.__func__, "__wrapped__", found.__func__)
    monkeypatch.setattr(DOMNode, "_merge_bindings", classmethod(english))
    before = set(everyone(DOMNode))
    for cls in before:
        monkeypatch.setattr(cls, "_merged_bindings", english(cls))
    yield english
    monkeypatch.undo()
    for cls in set(everyone(DOMNode)) - before:  # a screen first imported meanwhile: as the app makes it
        cls._merged_bindings = cls._merge_bindings()


class Reshaped:
    """Textual's merging behind another kind of descriptor (a cache, say): it still answers
    ``cls._merge_bindings()``, but is no classmethod to wrap."""

    def __init__(self, method: classmethod) -> None:
        self.method = method

    def __get__(self, instance: object, owner: type) -> object:
        return self.method.__get__(instance, owner)


def needs_an_argument(cls: type[DOMNode], layer: int) -> BindingsMap:
    raise AssertionError("never called: the guard calls it without the argument")


@pytest.mark.parametrize(
    "reshape",
    [
        pytest.param(lambda english: None, id="missing"),
        pytest.param(lambda english: Reshaped(classmethod(english)), id="not-a-classmethod"),
        pytest.param(lambda english: classmethod(needs_an_argument), id="another-signature"),
        pytest.param(lambda english: classmethod(lambda cls: list(english(cls))), id="another-result"),
    ],
)
def test_a_textual_that_merges_bindings_otherwise_is_left_as_it_is(english_bindings, monkeypatch, reshape) -> None:
    shape = reshape(english_bindings)
    if shape is None:
        monkeypatch.delattr(DOMNode, "_merge_bindings")
    else:
        monkeypatch.setattr(DOMNode, "_merge_bindings", shape)
    assert translate_textual_key_descriptions() is False
    assert DOMNode.__dict__.get("_merge_bindings") is shape
    assert described_now(DataTable, "down") == ["Cursor down"], "Textual's English, untouched"


@pytest.mark.app
async def test_the_app_starts_in_english_words_for_textuals_keys_where_textual_changed(
    english_bindings, monkeypatch: pytest.MonkeyPatch, demo_path: Path
) -> None:
    monkeypatch.setattr(DOMNode, "_merge_bindings", Reshaped(classmethod(english_bindings)))
    app = make_app(Workspace.open(demo_path), clock=demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        keys = dict(map(reversed, app.screen._keys))  # type: ignore[arg-type]
        assert "Help" in keys, "our own keys described as ever"
        assert "Cursor down" in keys, "Textual's in its English, not left out"
