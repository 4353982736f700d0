"""Textual's own keys inside widgets (moving, choosing, editing text, closing a list), in the user's
language: the one place that knows Textual's words.

Textual describes them in English only. :func:`translate_textual_key_descriptions` gives every
binding of Textual's (one without an id: every binding of the app's has one)
the description named here for its action, where the footer shows it ("esc Close the list" on an open
list) and where help lists it; the rest (deleting one character, see :data:`LEFT_OUT`) lose theirs,
so that help leaves them out rather than show them in English. Only descriptions change: every key
stays as bound, and the keymap remaps ours by their ids as before.

It does so by wrapping Textual's private ``DOMNode._merge_bindings`` (textual 8.x): where a release
changed it, the app starts all the same, with Textual's keys described in English.
"""

from __future__ import annotations

import ast
import dataclasses
from collections.abc import Callable, Iterator

from textual.binding import BindingsMap
from textual.dom import DOMNode

from facilitator.i18n import _

_TO_START, _TO_END, _CHOOSE = _("To the start"), _("To the end"), _("Choose")
_WORD_BEFORE, _WORD_AFTER = _("Delete the word before"), _("Delete the word after")
_SELECT_TO_START, _SELECT_TO_END = _("Select to the start"), _("Select to the end")
_SELECT_WORD_LEFT, _SELECT_WORD_RIGHT = _("Select a word left"), _("Select a word right")

#: The description of each of Textual's actions, by the action as its binding writes it: with its
#: arguments where it has them (``cursor_left(True)`` selects while it moves; the command palette's
#: ``command_list('cursor_up')``), see :func:`action_key`.
WIDGET_KEYS: dict[str, str] = {
    "cursor_up": _("Move up"),
    "cursor_down": _("Move down"),
    "cursor_left": _("Move left"),
    "cursor_right": _("Move right"),
    "cursor_left_word": _("A word left"),
    "cursor_word_left": _("A word left"),
    "cursor_right_word": _("A word right"),
    "cursor_word_right": _("A word right"),
    "page_up": _("Page up"),
    "cursor_page_up": _("Page up"),
    "page_down": _("Page down"),
    "cursor_page_down": _("Page down"),
    "page_left": _("Page left"),
    "page_right": _("Page right"),
    "scroll_up": _("Scroll up"),
    "scroll_down": _("Scroll down"),
    "scroll_left": _("Scroll left"),
    "scroll_right": _("Scroll right"),
    "scroll_top": _TO_START,
    "scroll_home": _TO_START,
    "first": _TO_START,
    "home": _TO_START,
    "cursor_line_start": _TO_START,
    "scroll_bottom": _TO_END,
    "scroll_end": _TO_END,
    "last": _TO_END,
    "end": _TO_END,
    "cursor_line_end": _TO_END,
    "cursor_up(True)": _("Select up"),
    "cursor_down(True)": _("Select down"),
    "cursor_left(True)": _("Select left"),
    "cursor_right(True)": _("Select right"),
    "cursor_left_word(True)": _SELECT_WORD_LEFT,
    "cursor_word_left(True)": _SELECT_WORD_LEFT,
    "cursor_right_word(True)": _SELECT_WORD_RIGHT,
    "cursor_word_right(True)": _SELECT_WORD_RIGHT,
    "home(True)": _SELECT_TO_START,
    "cursor_line_start(True)": _SELECT_TO_START,
    "end(True)": _SELECT_TO_END,
    "cursor_line_end(True)": _SELECT_TO_END,
    "command_list('cursor_up')": _("Move up"),  # the palette's; its cursor_down is Move down
    "command_list('first')": _TO_START,
    "command_list('last')": _TO_END,
    "command_list('page_up')": _("Page up"),
    "command_list('page_down')": _("Page down"),
    "select_cursor": _CHOOSE,
    "select": _CHOOSE,
    "press": _CHOOSE,
    "submit": _CHOOSE,
    "toggle_node": _CHOOSE,
    "toggle_button": _CHOOSE,
    "toggle_switch": _CHOOSE,
    "show_overlay": _("Open the list"),
    "dismiss": _("Close the list"),  # an open Select's list; our own dismiss keys all have ids
    "escape": _("Close"),  # the command palette
    "open_link": _("Open the link"),
    "toggle_expand_all": _("Open or close every folder"),
    "cursor_parent": _("To the folder above"),
    "next_tab": _("Next tab"),
    "previous_tab": _("Previous tab"),
    "app.focus_next": _("Next field"),
    "app.focus_previous": _("Previous field"),
    "copy": _("Copy"),
    "screen.copy_text": _("Copy"),
    "cut": _("Cut"),
    "paste": _("Paste"),
    "undo": _("Undo"),
    "redo": _("Redo"),
    "select_all": _("Select all"),
    "delete_left_all": _("Delete to the start"),
    "delete_right_all": _("Delete to the end"),
    "delete_left_word": _WORD_BEFORE,
    "delete_word_left": _WORD_BEFORE,
    "delete_right_word": _WORD_AFTER,
    "delete_word_right": _WORD_AFTER,
}

#: Textual's actions deliberately left without a description: keys everyone knows from every text
#: field, and moves inside widgets this app does not use. The list only records that decision, next
#: to :data:`WIDGET_KEYS`: any action not described there loses its description, listed or not.
LEFT_OUT = frozenset(
    {
        "delete_left",
        "delete_right",
        "delete_line",
        "delete_to_start_of_line",
        "delete_to_end_of_line_or_delete_line",
        "select_line",
        "cursor_next_sibling",
        "cursor_previous_sibling",
        "cursor_parent_next_sibling",
        "next_button",
        "previous_button",
        "toggle_collapsible",
        "help_quit",
        "quit",  # the App's ctrl+q: ours (app.quit) replaces it
    }
)


def action_key(action: str) -> str:
    """``action`` as :data:`WIDGET_KEYS` names it: its name, and its arguments as Python writes them
    (``command_list("first")`` and ``command_list('first')`` are one action)."""
    name, bracket, arguments = action.strip().partition("(")
    if not bracket or not arguments.endswith(")"):
        return action.strip()
    try:
        values = ast.literal_eval(f"({arguments[:-1]},)") if arguments[:-1].strip() else ()
    except (ValueError, SyntaxError):
        return action.strip()
    return f"{name.strip()}({', '.join(map(repr, values))})" if values else name.strip()


def described(action: str) -> str:
    """The description in the user's language of Textual's ``action``, or "" (left out)."""
    return WIDGET_KEYS.get(action_key(action), "")


def translate_textual_key_descriptions() -> bool:
    """From now on every widget, screen and app made describes Textual's keys as :data:`WIDGET_KEYS`
    does: those of classes made already, and of those imported later (a screen opened the first
    time imports its widgets then). Once per process: the language is chosen before.

    False, and nothing changed, where this release of Textual merges its bindings in another way
    than 8.x: the keys are then described in English, and the app works as before."""
    english = _textual_merge(DOMNode.__dict__.get("_merge_bindings"))
    if english is None:
        return getattr(DOMNode.__dict__.get("_merge_bindings"), "_in_the_users_language", False)
    try:
        translated = {cls: in_the_users_language(english(cls)) for cls in _every_subclass(DOMNode)}
    except Exception:  # any other shape of Textual's private method: stay in English
        return False

    def merged(cls: type[DOMNode]) -> BindingsMap:
        bindings = english(cls)
        try:
            return in_the_users_language(bindings)
        except Exception:  # a class whose bindings are not as 8.x makes them: in English
            return bindings

    merged._in_the_users_language = True  # type: ignore[attr-defined]
    merged.__wrapped__ = english  # type: ignore[attr-defined]  # Textual's own, unwrapped
    DOMNode._merge_bindings = classmethod(merged)  # type: ignore[method-assign, assignment]
    for cls, bindings in translated.items():
        cls._merged_bindings = bindings
    return True


def _textual_merge(found: object) -> Callable[[type[DOMNode]], BindingsMap] | None:
    """Textual's own ``_merge_bindings`` as 8.x has it (a classmethod, next to ``_merged_bindings``),
    or None: missing, already wrapped, or of another shape."""
    function = getattr(found, "__func__", None)
    if (
        not isinstance(found, classmethod)
        or not callable(function)
        or getattr(function, "_in_the_users_language", False)
        or not hasattr(DOMNode, "_merged_bindings")
    ):
        return None
    return function


def in_the_users_language(bindings: BindingsMap) -> BindingsMap:
    """``bindings`` with Textual's own described as :data:`WIDGET_KEYS` says, or not at all."""
    return BindingsMap.from_keys(
        {
            key: [
                binding if binding.id else dataclasses.replace(binding, description=described(binding.action))
                for binding in found
            ]
            for key, found in bindings.key_to_bindings.items()
        }
    )


def _every_subclass(cls: type[DOMNode]) -> Iterator[type[DOMNode]]:
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _every_subclass(subclass)
