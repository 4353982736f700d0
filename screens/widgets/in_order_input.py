"""The text input of the app's forms and dialogs: every key acts in the order it was typed."""

from __future__ import annotations

from textual import events
from textual.app import App
from textual.widget import Widget
from textual.widgets import Input


def hand_on(app: App, event: events.Key) -> None:
    """Give a key that reached a widget after the focus left it to the widget that has the focus
    now (the screen when none has), as the app would have given it."""
    target = app.focused or app.screen
    target._forward_event(events.Key(event.key, event.character))


def type_into(widget: Widget, selector: str, event: events.Key) -> None:
    """Move the focus from ``widget`` to ``selector`` on its screen and give the key typed there:
    a list that cannot take typing sends it to the line it belongs in."""
    event.stop()
    event.prevent_default()
    widget.screen.set_focus(widget.screen.query_one(selector))
    hand_on(widget.app, event)


class InOrderInput(Input):
    """An input whose keys act where they come among the letters, however fast they come.

    Textual puts a letter into an input at once, but any other key goes round the screen and the
    app first: the input's own keys (Enter, Backspace, ctrl+u…) and those of the form around it
    (ctrl+s, ctrl+n, tab, escape) ran only after the letters typed after them had been put in.
    In one burst (a fast typist, a busy screen, a text expander) a form then saved what its field
    held before the last letters, and "Anna", Enter, "Acme" gave the name "AnnaAcme". Here a key
    that is not a letter runs its binding at once, in turn: the input's own, else the first one
    from here up to the screen (and the app), as Textual would choose it at the end of the round.
    Priority keys (help, ctrl+q) are left to the app, which runs them before anything else.

    Keys that were typed after the focus moved on (Enter, tab, a form that shows its first wrong
    field) but reached this input before the move go on to the widget that has the focus now.

    With ``enter_moves_on`` Enter moves to the next field, as on a paper form, instead of
    submitting the input; it does so at once, so the keys typed after it reach that field.
    """

    def __init__(self, value: str = "", *, enter_moves_on: bool = False, **options) -> None:
        super().__init__(value, **options)
        self._enter_moves_on = enter_moves_on

    async def _on_key(self, event: events.Key) -> None:
        if self.app.focused is not self:
            event.stop()
            event.prevent_default()
            hand_on(self.app, event)
        elif not event.is_printable and await self.app._check_bindings(event.key):
            event.stop()
            event.prevent_default()

    async def action_submit(self) -> None:
        if self._enter_moves_on:
            self.screen.focus_next()
        else:
            await super().action_submit()
