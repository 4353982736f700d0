"""Keys a widget is bound to, run in the order they were typed."""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.widget import Widget


class KeysInOrder:
    """Runs the widget's own bound keys where they arrive among its other keys.

    Textual puts a printable key into an input at once, but runs the input's bound keys (Enter,
    Backspace, ctrl+u, the arrows…) only after the key has gone round the screen and the app. Keys
    that come in one burst (a fast typist, a busy screen, a text expander) then overtake them:
    letters typed after an Enter reached the line before the Enter did, and a ctrl+u wiped letters
    typed after it. Mixed in before the widget's class (``class Line(KeysInOrder, Input)``), every
    key the widget itself is bound to runs here, in turn; other keys go on as usual (Textual calls
    each class's handler, unless a default is prevented). A plain mixin, not a widget of its own,
    so that the widget's styles and component classes stay its own.
    """

    async def _on_key(self: Widget, event: events.Key) -> None:
        binding = KeysInOrder._own_binding(self, event.key)
        if binding is None:
            return
        event.stop()
        event.prevent_default()
        await self.run_action(binding.action)

    @staticmethod
    def _own_binding(widget: Widget, key: str) -> Binding | None:
        """The widget's own binding for ``key`` (as the keymap has it). Priority bindings are left
        alone: the app ran them before the key came here."""
        bindings = widget._bindings
        if keymap := widget.app._keymap:
            bindings = bindings.copy()
            bindings.apply_keymap(keymap)
        return next((binding for binding in bindings.key_to_bindings.get(key, ()) if not binding.priority), None)
