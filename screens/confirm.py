"""Asks before anything is removed; cancelling changes nothing."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer

from facilitator.i18n import _
from screens.widgets.plain import Plain


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question; dismisses with True only for an explicit yes."""

    CSS_PATH = "confirm.tcss"
    BINDINGS = [
        Binding("y", "answer(True)", _("Yes"), id="confirm.yes"),
        Binding("n,escape", "answer(False)", _("No"), id="confirm.no"),
    ]

    def __init__(self, question: str, yes: str) -> None:
        super().__init__()
        self._question = question
        self._yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog"):
            yield Plain(self._question, id="confirm-question")
            with Horizontal(id="confirm-buttons"):
                yield Button(self._yes, variant="error", id="confirm-yes")
                yield Button(_("Cancel"), variant="primary", id="confirm-no")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
