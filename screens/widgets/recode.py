"""Re-coding one memo entry: its activity codes typed anew, checked against the eleven."""

from __future__ import annotations

import re

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input

from facilitator.activities import activities
from facilitator.i18n import _
from screens.widgets.in_order_input import InOrderInput
from screens.widgets.plain import Plain


def read_codes(text: str) -> list[str]:
    """The codes in ``text`` ("PS RI", "#ps, ri"), in the order of DESIGN §4, each once.

    Raises ``ValueError`` with a message for the user for a code that is not one of the eleven.
    """
    known = [activity.code for activity in activities()]
    typed = [word.lstrip("#").upper() for word in re.split(r"[\s,;]+", text.strip()) if word.lstrip("#")]
    unknown = [word for word in typed if word not in known]
    if unknown:
        raise ValueError(
            _("“{code}” is not one of the eleven codes: {codes}.").format(code=unknown[0], codes=" ".join(known))
        )
    return [code for code in known if code in typed]


class RecodeDialog(ModalScreen[list[str] | None]):
    """The entry's text and an input prefilled with its codes; dismisses with the codes or None."""

    HELP = _(
        "Type the codes this entry carries, separated by spaces (e.g. PS RI); F2 lists the eleven "
        "codes. Enter saves the re-code, which travels to the group's facilitators in your next "
        "bundle; an empty line takes every code away. Esc cancels."
    )
    DEFAULT_CSS = """
    RecodeDialog {
        align: center middle;
    }
    #recode-dialog {
        width: 72;
        height: auto;
        max-height: 20;
        border: round $primary;
        padding: 0 1;
        background: $surface;
    }
    #recode-text {
        height: auto;
        max-height: 8;
        color: $text-muted;
    }
    #recode-problem {
        height: auto;
        color: $text-error;
    }
    """
    BINDINGS = [
        Binding("escape", "dismiss(None)", _("Cancel"), id="recode.cancel"),
        Binding("f2", "codes", _("Codes"), tooltip=_("The eleven activity codes"), id="recode.codes"),
    ]

    def __init__(self, text: str, codes: list[str]) -> None:
        super().__init__()
        self.title = _("Re-code")
        self._text = text
        self._codes = codes

    def compose(self) -> ComposeResult:
        with Vertical(id="recode-dialog"):
            yield Plain(_("Re-code the entry: its codes, e.g. PS RI; Enter saves"), id="recode-title")
            yield Plain(self._text, id="recode-text")
            yield InOrderInput(" ".join(self._codes), id="recode-codes", select_on_focus=False)
            yield Plain(id="recode-problem")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#recode-codes", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#recode-problem", Plain).update("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            codes = read_codes(event.value)
        except ValueError as error:
            self.query_one("#recode-problem", Plain).update(str(error))
            return
        self.dismiss(codes)

    def action_codes(self) -> None:
        from screens.codes import CodesPalette

        def chosen(code: str | None) -> None:
            field = self.query_one("#recode-codes", Input)
            if code:
                field.value = " ".join((*field.value.split(), code))
                field.cursor_position = len(field.value)
            field.focus()

        self.app.push_screen(CodesPalette(), chosen)
