"""The eleven activity codes with what each looks like in a meeting, one key away."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList
from textual.widgets.option_list import Option

from facilitator.activities import activities
from facilitator.i18n import _
from screens.widgets.plain import Plain


class CodesPalette(ModalScreen[str | None]):
    """Pick a code to put in the line being typed; dismisses with the code or None."""

    CSS_PATH = "codes.tcss"
    HELP = _("Wenger's eleven activities of a community of practice. Enter puts the code in the line.")
    BINDINGS = [Binding("escape,f2", "dismiss(None)", _("Close"), id="codes.close")]

    def compose(self) -> ComposeResult:
        with Vertical(id="codes-dialog"):
            yield Plain(_("Activity codes: Enter puts #CODE in the line"), id="codes-title")
            options = []
            for entry in activities():
                text = Text.assemble((f"#{entry.code}", "bold"), "  ", (entry.name, "bold"), "\n     ", entry.looks_like)
                options.append(Option(text, id=entry.code))
            yield OptionList(*options, id="codes")
        yield Footer(compact=True)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
