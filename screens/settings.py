"""Settings of this laptop's workspace: the language the app speaks and writes its files in, the
folder its exports go into, and the months after joining at which growth interviews fall due."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, OptionList
from textual.widgets.option_list import Option

from facilitator.i18n import LANGUAGES, _, language
from facilitator.interviews_due import (
    INTERVIEW_MONTHS_SETTING,
    interview_months,
    months_text,
    read_interview_months,
)
from screens.widgets.in_order_input import InOrderInput
from screens.widgets.plain import Plain
from storage.errors import StorageError
from storage.exports_folder import EXPORTS_FOLDER_SETTING, usable_exports_folder
from storage.workspace import Workspace


class SettingsScreen(ModalScreen[str | None]):
    """Dismisses with the chosen language's code, or ``None`` when closed; an exports folder is
    kept as soon as it is chosen."""

    CSS_PATH = "settings.tcss"
    HELP = (
        _(
            "The language of the app, of its PDFs, calendars and website texts, kept for this workspace "
            "on this laptop. Choosing another starts the app again in it; the records stay as they were "
            "typed, in any language. The --lang option overrides the setting for one start."
        )
        + " "
        + _(
            "The exports folder is where the PDFs, calendars, bundles and key files go: MicroENTRE in your "
            "Documents, unless you type another folder (on a USB stick or a shared drive, say) and press "
            "Enter; ctrl+r goes back to it. Files written before stay where they are. On the other screens "
            "ctrl+o opens the folder in the file manager."
        )
        + " "
        + _(
            "Growth interviews fall due the given months after each member's joined date (3 and 12 unless "
            "changed), then yearly; type the months, such as 3, 12, and press Enter."
        )
    )
    BINDINGS = [
        Binding(
            "ctrl+r",
            "default_exports_folder",
            _("Default folder"),
            tooltip=_("The exports go into MicroENTRE in your Documents again"),
            id="settings.default_exports",
        ),
        Binding("escape", "cancel", _("Close"), id="settings.cancel"),
    ]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self._workspace = workspace

    def compose(self) -> ComposeResult:
        with Vertical(id="settings-dialog"):
            yield Plain(_("Settings"), id="settings-title")
            yield Plain(_("Language"), classes="settings-heading")
            yield OptionList(
                *(Option(name, id=code) for code, name in LANGUAGES.items()),
                id="settings-languages",
            )
            yield Plain(_("Enter chooses; the app starts again in the language chosen."), classes="settings-hint")
            yield Plain(_("Exports folder"), classes="settings-heading")
            yield Plain(id="settings-exports-now")
            yield InOrderInput(
                placeholder=_("Another folder, such as {example}").format(example=_example_folder()),
                id="settings-exports",
                compact=True,
            )
            yield Plain(_("Type a folder and press Enter; ctrl+r goes back to the default."), classes="settings-hint")
            yield Plain(_("Interviews fall due after (months)"), classes="settings-heading")
            yield InOrderInput(
                months_text(interview_months(self._workspace.info.settings)),
                placeholder="3, 12",
                id="settings-interview-months",
                compact=True,
            )
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        choices = self.query_one("#settings-languages", OptionList)
        choices.highlighted = choices.get_option_index(language())
        choices.focus()
        self._show_exports_folder()

    def _show_exports_folder(self) -> None:
        folder = self._workspace.exports_folder
        if self._workspace.info.settings.get(EXPORTS_FOLDER_SETTING):
            now = _("Now: {folder}").format(folder=folder)
        else:
            now = _("Now: {folder} (the default)").format(folder=folder)
        self.query_one("#settings-exports-now", Plain).update(now)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Keep what was typed in a field: the months at which interviews fall due, or the exports
        folder once it is sure that exports can be written there; else say why, keeping what was
        typed to be corrected."""
        event.stop()
        if event.input.id == "settings-interview-months":
            self._keep_interview_months(event.value)
            return
        if self._choose_exports_folder(lambda: usable_exports_folder(event.value)):
            event.input.value = ""

    def _keep_interview_months(self, text: str) -> None:
        """Keep the months typed, or say what is wrong with them, keeping the text to be corrected."""
        try:
            months = read_interview_months(text)
            self._workspace.save_setting(INTERVIEW_MONTHS_SETTING, list(months))
        except (ValueError, StorageError) as error:
            self.notify(str(error), title=_("Not kept"), severity="error", timeout=15)
            return
        self.query_one("#settings-interview-months", Input).value = months_text(months)
        self.notify(
            _("From now on, interviews fall due {months} months after joining.").format(months=months_text(months))
        )

    def action_default_exports_folder(self) -> None:
        self._choose_exports_folder(lambda: None)

    def _choose_exports_folder(self, folder: Callable[[], Path | None]) -> bool:
        """Keep the folder ``folder`` gives (None: the default) and show it; False, said why, when
        it cannot be used or kept."""
        try:
            self._workspace.choose_exports_folder(folder())
        except StorageError as error:
            self.notify(str(error), title=_("Not chosen"), severity="error", timeout=15)
            return False
        self._show_exports_folder()
        self.notify(_("The exports go into {folder} from now on.").format(folder=self._workspace.exports_folder))
        return True

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


def _example_folder() -> str:
    """A folder to show as an example: on a USB stick, as the system names one."""
    if sys.platform == "win32":
        return "E:\\MicroENTRE"
    if sys.platform == "darwin":
        return "/Volumes/USB/MicroENTRE"
    return "/media/USB/MicroENTRE"
