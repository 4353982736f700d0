"""The list of what a search found: Enter opens the meeting of the entry under the cursor, and a
key typed here goes back to the words searched for, so that the search can be changed from the list."""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.widgets import OptionList

from facilitator.i18n import _
from screens.widgets.in_order_input import type_into


class FoundList(OptionList):
    """An option list whose Enter is named "Open meeting" (in the footer, the help and the command
    palette); the screen opens the meeting when the option is selected. A printable key or
    backspace moves the focus to ``typing_goes_to`` (a selector on the screen) and goes there."""

    BINDINGS = [
        Binding(
            "enter",
            "select",
            _("Open meeting"),
            tooltip=_("The entries of the found entry's meeting"),
            id="search.open",
        ),
    ]

    def __init__(self, *, typing_goes_to: str, id: str) -> None:  # Textual's own name for it
        super().__init__(id=id)
        self._typing_goes_to = typing_goes_to

    def on_key(self, event: events.Key) -> None:
        if self.app.focused is not self:
            return
        if (event.is_printable and event.character) or event.key == "backspace":
            type_into(self, self._typing_goes_to, event)
