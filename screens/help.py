"""F1: what the current screen is for and every key it answers to."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer

from facilitator.i18n import _
from screens.widget_keys import WIDGET_KEYS
from screens.widgets.plain import Plain


class HelpScreen(ModalScreen[None]):
    """Help for ``screen``, built from its ``HELP`` text and its live key bindings."""

    CSS_PATH = "help.tcss"
    BINDINGS = [
        Binding("escape", "dismiss", _("Close"), id="help.close"),
        Binding("f1", "dismiss", _("Close"), show=False, id="help.close_f1"),
    ]

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self._about = screen.HELP or ""
        self._title = screen.title or screen.app.title
        self._keys = keys_of(screen)

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog"):
            yield Plain(_("Help: {screen}").format(screen=self._title), id="help-title")
            if self._about:
                yield Plain(self._about, id="help-about")
            yield DataTable(id="help-keys", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        table = self.query_one("#help-keys", DataTable)
        table.add_columns(_("Key"), _("What it does"))
        for key, description in self._keys:
            table.add_row(key, description)
        table.focus()


def keys_of(screen: Screen) -> list[tuple[str, str]]:
    """(key, description) for every described binding active on ``screen``.

    Our own actions (they all have an id) come first, the app's after the screen's, then
    Textual's keys for moving around inside widgets.
    """
    keys: list[tuple[str, str]] = []

    def rank(active: ActiveBinding) -> int:
        if active.binding.id is None:
            return 2
        return 1 if active.node is screen.app else 0

    actives = sorted(screen.active_bindings.values(), key=rank)
    for active in actives:
        binding = active.binding
        description = binding.description if binding.id else WIDGET_KEYS.get(binding.action)
        if not description:
            continue
        if binding.tooltip and binding.id:
            description = f"{description}: {binding.tooltip}"
        keys.append((screen.app.get_key_display(binding), description))
    return keys
