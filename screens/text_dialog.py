"""What the dialogs and forms with text fields share: whether they hold text not saved yet, and a
question before Esc throws it away."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen
from textual.widgets import Input, TextArea

from facilitator.i18n import _

ResultT = TypeVar("ResultT")


class TextDialog(ModalScreen[ResultT | None]):
    """A dialog or form whose text fields must not lose what was typed in them.

    The text the fields show as it opens is remembered; :attr:`holds_unsaved_text` says whether
    they hold something else now, so that whoever would close the dialog (Esc here, quitting the
    app) can ask first. Such a dialog saves through its owner while it is still open, and closes
    only once the save succeeded: a failed write leaves it open with everything typed.
    """

    _text_at_open: list[str] | None = None

    def on_mount(self) -> None:
        """Run after the subclass's own on_mount: Textual calls each class's handler, the subclass's first."""
        self._text_at_open = self._texts()

    def _texts(self) -> list[str]:
        return [field.value for field in self.query(Input)] + [area.text for area in self.query(TextArea)]

    @property
    def holds_unsaved_text(self) -> bool:
        """Whether closing now would lose text typed here and not saved."""
        return self._text_at_open is not None and self._texts() != self._text_at_open

    def action_cancel(self) -> None:
        """Esc: close without saving; text typed and not saved goes only once the user says so."""
        if not self.holds_unsaved_text:
            self.dismiss(None)
            return
        from screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss(None)

        question = _("What you typed here is not saved. Throw it away?")
        self.app.push_screen(ConfirmScreen(question, _("Throw it away")), answered)
