"""The passphrase of a sealed key file, typed in the open: its words are read out over the phone,
and the person typing them must see what they typed to check it word by word."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input

from exports.bundle.keys import KeyFileRefused, PassphraseRefused
from facilitator.i18n import _
from screens.widgets.in_order_input import InOrderInput
from screens.widgets.plain import Plain

Installed = TypeVar("Installed")


class PassphraseDialog(ModalScreen[Installed | None], Generic[Installed]):
    """Asks the passphrase of the key file ``file_name`` and installs it with ``install(passphrase)``
    in the background (scrypt makes each try take a moment). A refused passphrase is said here and
    the dialog stays open with what was typed, for another try; any other refusal of the key file
    (damaged, or not to be installed here) would come again whatever is typed: it is notified and
    the dialog closes. Dismissed with what ``install`` returned, or None when cancelled or refused.
    Once a try has begun it cannot be cancelled (a thread is not stopped halfway): escape says so,
    and the dialog closes when the try ends."""

    CSS_PATH = "passphrase.tcss"
    HELP = _(
        "The key file is sealed: it opens only with its passphrase, which the coordinator reads to you "
        "by phone or face to face, never with the file. Type its words in order, with a space between "
        "them, and press enter. A wrong passphrase changes nothing: correct it and try again."
    )
    BINDINGS = [
        Binding("ctrl+s", "install", _("Install"), id="passphrase.install"),
        Binding("escape", "cancel", _("Cancel"), id="passphrase.cancel"),
    ]

    def __init__(self, file_name: str, install: Callable[[str], Installed]) -> None:
        super().__init__()
        self._file_name = file_name
        self._install = install
        self.installing = False
        #: What the install returned, kept to close with when help covered the dialog as it ended.
        self.outcome: tuple[Installed | None] | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="passphrase-dialog"):
            yield Plain(_("Passphrase of {file}").format(file=self._file_name), id="passphrase-title")
            yield Plain(
                _("Type the words you were given for this key file, in order, then press enter."),
                id="passphrase-about",
            )
            yield InOrderInput(id="passphrase", placeholder=_("the words of the passphrase"))
            yield Plain(id="passphrase-problem")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#passphrase-problem").display = False
        self.query_one("#passphrase", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_install()

    def action_install(self) -> None:
        passphrase = self.query_one("#passphrase", Input).value.strip()
        if self.installing or not self.is_active:  # under way, or cancelled with the enter in one burst
            return
        if not passphrase:
            self._refused(_("Type the passphrase first."))
            return
        self.installing = True

        def install() -> None:
            try:
                installed = self._install(passphrase)
            except PassphraseRefused as refusal:
                self.app.call_from_thread(self._refused, str(refusal), notify=True)
                return
            except KeyFileRefused as refusal:
                self.app.call_from_thread(self.notify, str(refusal), severity="error", timeout=15)
                self.app.call_from_thread(self._close, None)
                return
            self.app.call_from_thread(self._close, installed)

        self.app.jobs.start(self, _("installing a key file"), install)  # type: ignore[attr-defined]

    def action_cancel(self) -> None:
        if self.installing:
            self.notify(_("The key file is being installed and cannot be stopped halfway: a moment."))
        else:
            self.dismiss(None)

    def _close(self, installed: Installed | None) -> None:
        """Close with what the try ended in, once the dialog is on top again (help may cover it)."""
        self.installing = False
        self.outcome = (installed,)
        if self.is_active:
            self.dismiss(installed)

    def on_screen_resume(self) -> None:
        if self.outcome is not None:
            self.dismiss(self.outcome[0])

    def _refused(self, reason: str, *, notify: bool = False) -> None:
        """Say why, beside the field and (for a refusal) in a notice; the text stays to be corrected."""
        self.installing = False
        problem = self.query_one("#passphrase-problem", Plain)
        problem.update(reason)
        problem.display = True
        if notify:
            self.notify(reason, severity="error", timeout=10)
        self.query_one("#passphrase", Input).focus()
