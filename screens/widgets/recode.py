"""Re-coding one memo entry: its activity codes typed anew, checked against the eleven."""

from __future__ import annotations

import re
from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer, Input

from facilitator.activities import activities
from facilitator.i18n import _
from screens.key_names import keys_named
from screens.text_dialog import TextDialog
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


class RecodeDialog(TextDialog[list[str]]):
    """The entry's text and an input prefilled with its codes; hands the codes typed to ``keep``,
    and dismisses with them once ``keep`` returns True (the re-code is saved), or with None when
    cancelled. A re-code not saved stays in the input (``keep`` has said why)."""

    HELP = _(
        "Type the codes this entry carries, separated by spaces (e.g. PS RI); {codes} lists the eleven "
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
        Binding("escape", "cancel", _("Cancel"), id="recode.cancel"),
        # ctrl+l first, as on the live screen: a laptop's F2 may be a media key without Fn.
        Binding("ctrl+l,f2", "codes", _("Codes"), tooltip=_("The eleven activity codes"), id="recode.codes"),
    ]

    def __init__(self, text: str, codes: list[str], keep: Callable[[list[str]], bool]) -> None:
        super().__init__()
        self.title = _("Re-code")
        self._text = text
        self._codes = codes
        self._keep = keep

    def current_help(self) -> str:
        return self.HELP.format(codes=keys_named(self, "recode.codes"))

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
        if self._keep(codes):
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
