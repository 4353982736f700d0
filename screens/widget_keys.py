"""Textual's own keys inside widgets (moving, choosing, editing text), in the user's language.

Textual describes them in English only. Help lists the ones named here, keyed by action; the rest
(selecting while moving, deleting one character) are left out rather than shown in English.
"""

from __future__ import annotations

from facilitator.i18n import _

_TO_START, _TO_END, _CHOOSE = _("To the start"), _("To the end"), _("Choose")
_WORD_BEFORE, _WORD_AFTER = _("Delete the word before"), _("Delete the word after")

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
    "scroll_bottom": _TO_END,
    "scroll_end": _TO_END,
    "last": _TO_END,
    "end": _TO_END,
    "select_cursor": _CHOOSE,
    "select": _CHOOSE,
    "press": _CHOOSE,
    "submit": _CHOOSE,
    "toggle_node": _CHOOSE,
    "toggle_button": _CHOOSE,
    "toggle_switch": _CHOOSE,
    "show_overlay": _("Open the list"),
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
