"""Settings of this laptop's workspace: the language the app speaks and writes its files in."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList
from textual.widgets.option_list import Option

from facilitator.i18n import LANGUAGES, _, language
from screens.widgets.plain import Plain


class SettingsScreen(ModalScreen[str | None]):
    """Dismisses with the chosen language's code, or ``None`` when cancelled."""

    CSS_PATH = "settings.tcss"
    HELP = _(
        "The language of the app, of its PDFs, calendars and website texts, kept for this workspace "
        "on this laptop. Choosing another starts the app again in it; the records stay as they were "
        "typed, in any language. The --lang option overrides the setting for one start."
    )
    BINDINGS = [
        Binding("escape", "cancel", _("Cancel"), id="settings.cancel"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="settings-dialog"):
            yield Plain(_("Language"), id="settings-title")
            yield OptionList(
                *(Option(name, id=code) for code, name in LANGUAGES.items()),
                id="settings-languages",
            )
            yield Plain(_("Enter chooses; the app starts again in the language chosen."), id="settings-hint")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        choices = self.query_one("#settings-languages", OptionList)
        choices.highlighted = choices.get_option_index(language())
        choices.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
