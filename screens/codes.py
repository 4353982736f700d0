"""The eleven activity codes with what each looks like in a meeting, one key away."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList
from textual.widgets.option_list import Option

from facilitator.activities import Activity, activities
from facilitator.i18n import _
from screens.widgets.plain import Plain


class CodesPalette(ModalScreen[str | None]):
    """Pick a code to put in the line being typed; dismisses with the code or None."""

    CSS_PATH = "codes.tcss"
    HELP = _("Wenger's eleven activities of a community of practice. Enter puts the code in the line.")
    #: The key that opened it closes it too: ctrl+l, or F2 where the keyboard gives it.
    BINDINGS = [Binding("escape,ctrl+l,f2", "dismiss(None)", _("Close"), id="codes.close")]

    def compose(self) -> ComposeResult:
        with Vertical(id="codes-dialog"):
            yield Plain(_("Activity codes: Enter puts #CODE in the line"), id="codes-title")
            yield OptionList(*(Option(_described(entry), id=entry.code) for entry in activities()), id="codes")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


def _described(entry: Activity) -> Table:
    """The code in a column of its own, its name and meaning wrapped beside it."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=3)
    grid.add_column(ratio=1)
    grid.add_row(Text(f"#{entry.code}", style="bold"), Text.assemble((entry.name, "bold"), "\n", entry.looks_like))
    return grid
