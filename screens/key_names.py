"""Keys named in a text ("ctrl+f or F8 closes the meeting"), read from the bindings themselves, and
the footer entries that name two keys at once.

A text that names a key stays true when the key changes: a binding remapped by its id (Textual's
keymap) is named as it is bound now. The first key of a binding is the one every laptop has (a
ctrl+letter or a letter, see ``tests/test_laptop_keys.py``); an F-key or bracket after it is named
too, for those used to it on keyboards that give it without Fn or AltGr.
"""

from __future__ import annotations

import re

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode
from textual.keys import format_key

from facilitator.i18n import _

_F_KEY = re.compile(r"f\d+")

#: One footer entry for the keys that move an item up and down, each shown by its first key:
#: "u l Move" (the bindings' own descriptions, Up and Down, are in help and the palette).
MOVE_KEYS = Binding.Group(_("Move"))


def bindings_now(node: DOMNode) -> BindingsMap:
    """``node``'s bindings (the app's own when ``node`` is the app) as they act now: one per key,
    in the order bound, with the app's keymap applied."""
    bindings = node._bindings.copy()
    if keymap := node.app._keymap:
        bindings.apply_keymap(keymap)
    return bindings


def bound_keys(node: DOMNode, binding_id: str) -> list[str]:
    """The keys of ``node``'s binding ``binding_id`` as they act now (see :func:`bindings_now`)."""
    found_keys = bindings_now(node).key_to_bindings.items()
    keys = [key for key, found in found_keys if any(binding.id == binding_id for binding in found)]
    if not keys:
        raise LookupError(f"{type(node).__name__} has no binding {binding_id!r}")
    return keys


def readable(key: str) -> str:
    """A key as a text names it: "ctrl+f", "F8", "[", "u"."""
    *modifiers, name = key.split("+")
    return "+".join((*modifiers, name.upper() if _F_KEY.fullmatch(name) else format_key(name)))


def keys_named(node: DOMNode, binding_id: str) -> str:
    """Every key of the binding, the laptop's first: "ctrl+f or F8" (no brackets: the name often
    stands in brackets itself)."""
    *keys, last = (readable(key) for key in bound_keys(node, binding_id))
    return _("{keys} or {last}").format(keys=", ".join(keys), last=last) if keys else last


def key_named(node: DOMNode, binding_id: str) -> str:
    """The binding's first key alone ("ctrl+g"), where a text has room for one only."""
    return readable(bound_keys(node, binding_id)[0])
