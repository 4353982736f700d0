"""Keys named in a text ("ctrl+f or F8 closes the meeting"), in the footer and in help, read from the
bindings themselves, and the footer entries that name two keys at once.

A text that names a key stays true when the key changes: a binding remapped by its id (Textual's
keymap) is named as it is bound now. The first key of a binding is the one every laptop has (a
ctrl+letter or a letter, see ``tests/test_laptop_keys.py``); an F-key or bracket after it is named
too, for those used to it on keyboards that give it without Fn or AltGr.

A key is named as the user's keyboard prints it: "esc", "home", "del", "pgup" and "ctrl" stand
on Finnish and Swedish keys too, and arrows, enter and backspace are symbols; the keys that bear
only a symbol or nothing are named in the user's language ("välilyönti", "sarkain", "vaihto").
"""

from __future__ import annotations

import re

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode
from textual.keys import format_key

from facilitator.i18n import _, pgettext

_F_KEY = re.compile(r"f\d+")

#: One footer entry for the keys that move an item up and down, each shown by its first key:
#: "u l Move" (the bindings' own descriptions, Up and Down, are in help and the palette).
MOVE_KEYS = Binding.Group(_("Move"))


def bindings_now(node: DOMNode) -> BindingsMap:
    """``node``'s bindings (the app's own when ``node`` is the app) as they act now: one per key,
    in the order bound, with the app's keymap applied.

    Textual 8.x offers no public way to read them: this is the one place that reads its private
    ``_bindings`` and ``_keymap`` (as ``screens.widget_keys`` is for ``_merge_bindings``); where a
    release renames them, a text names the keys as the class binds them, without the keymap."""
    bindings = getattr(node, "_bindings", None)
    bindings = bindings.copy() if isinstance(bindings, BindingsMap) else BindingsMap(type(node).BINDINGS)
    if keymap := getattr(node.app, "_keymap", None):
        bindings.apply_keymap(keymap)
    return bindings


def bound_keys(node: DOMNode, binding_id: str) -> list[str]:
    """The keys of ``node``'s binding ``binding_id`` as they act now (see :func:`bindings_now`)."""
    found_keys = bindings_now(node).key_to_bindings.items()
    keys = [key for key, found in found_keys if any(binding.id == binding_id for binding in found)]
    if not keys:
        raise LookupError(f"{type(node).__name__} has no binding {binding_id!r}")
    return keys


def key_word(name: str) -> str:
    """One key or modifier as Textual names it ("space", "esc", "⏎"), in the user's language where
    the keyboard prints no word the user reads as its name ("välilyönti", "mellanslag")."""
    if name == "space":
        return pgettext("key", "space")
    if name == "tab":
        return pgettext("key", "tab")
    if name == "shift":
        return pgettext("key", "shift")
    return name


def readable(key: str) -> str:
    """A key as a text names it: "ctrl+f", "F8", "[", "u", "välilyönti"."""
    return _key_text(key, short=False)


def key_display(key: str) -> str:
    """A key as the footer, help and the palette show it: Textual's short form ("^g", "esc", "↑"),
    its words in the user's language (see :func:`key_word`)."""
    return _key_text(key, short=True)


def _key_text(key: str, *, short: bool) -> str:
    """``key``'s modifiers and name, each as :func:`key_word` says; ``short`` as the footer shows
    them ("^g", "f8"), else as a text names them ("ctrl+g", "F8")."""
    *modifiers, name = key.split("+")
    shown = key_word(format_key(name))
    if not short and _F_KEY.fullmatch(name):
        shown = name.upper()
    if short and "ctrl" in modifiers:
        modifiers.remove("ctrl")
        shown = f"^{shown}"
    return "+".join((*map(key_word, modifiers), shown))


def keys_named(node: DOMNode, binding_id: str) -> str:
    """Every key of the binding, the laptop's first: "ctrl+f or F8" (no brackets: the name often
    stands in brackets itself)."""
    *keys, last = (readable(key) for key in bound_keys(node, binding_id))
    return _("{keys} or {last}").format(keys=", ".join(keys), last=last) if keys else last


def key_named(node: DOMNode, binding_id: str) -> str:
    """The binding's first key alone ("ctrl+g"), where a text has room for one only."""
    return readable(bound_keys(node, binding_id)[0])
