"""A group's key and bundles: which generation of the key seals its bundles now, its fingerprint to
compare by phone, the generations retired and from when, and the bundles written here — when, for
whom, which file. A key file (sealed with a passphrase) is installed from here too."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header

from exports.bundle.format import Audience
from exports.bundle.key_generations import generation_states
from facilitator.dates import format_count, format_date, format_day, format_time
from facilitator.i18n import _, ngettext
from facilitator.local_time import format_local_moment, local_moment
from facilitator.model import Group
from screens.file_picker import FilePickerScreen
from screens.key_names import keys_named
from screens.widgets.plain import Plain
from screens.widgets.record_table import RecordTable
from storage.repository import Repository
from storage.sync_ledger import GroupKey, SyncLedger
from storage.workspace_info import WorkspaceRole

if TYPE_CHECKING:
    from exports.bundle.keys import KeysInstalled

#: How many of the bundles written here the table lists, the newest first.
BUNDLES_SHOWN = 50


class KeyFileScreen(FilePickerScreen):
    """The file picker showing key files (.mekey); dismissed with the file chosen, or None."""

    HELP = _(
        "Choose the key file (.mekey) that the coordinator sent you, or that the co-facilitator wrote. "
        "If it is sealed, its passphrase is asked next."
    )

    def __init__(self, folder: Path) -> None:
        from exports.bundle.keys import KEYS_SUFFIX

        super().__init__(
            folder, [KEYS_SUFFIX], title=_("Install a key file"), hint=_("Choose the .mekey file with enter.")
        )


class KeyPart(VerticalScroll):
    """The key's generations, within a part of the screen's height that leaves the bundles rows in
    view: many retired generations scroll here, and tab reaches it only then."""

    def allow_focus(self) -> bool:
        return self.allow_vertical_scroll


class GroupKeyScreen(Screen[Path | None]):
    """One group's key generations and the bundles written here for it.

    Opens the key file picker in ``key_folder`` (else Downloads, else home); dismissed with the
    folder of the last key file chosen, so that the next opening starts there.
    """

    CSS_PATH = "group_key.tcss"
    HELP = _(
        "The key that seals this group's bundles, shared by its facilitators and the coordinator: its "
        "generation, its fingerprint (read it to each other to check that you hold the same key) and "
        "when it was issued; below it the earlier generations, and from when bundles sealed with them "
        "are refused. Then the bundles written here for the group: when, for whom and the file. "
        "{install_key} installs a key file: choose it, then type its passphrase, the words read to you by "
        "phone or face to face."
    )
    BINDINGS = [
        Binding(
            "i",
            "install",
            _("Install key"),
            tooltip=_("From a key file (.mekey) and its passphrase"),
            id="group_key.install",
        ),
        Binding("escape", "back", _("Back"), id="group_key.back"),
    ]

    def __init__(self, repository: Repository, group: Group, key_folder: Path | None = None) -> None:
        super().__init__()
        self.repository = repository
        self.group = group
        self.title = _("Key and bundles — {group}").format(group=group.name)
        #: The folder of the last key file chosen, where the file picker opens next.
        self.key_folder = key_folder
        #: The paths of the bundles the table lists, in its order.
        self._paths: list[str] = []

    def current_help(self) -> str:
        """HELP, naming the install key as it is bound (see screens/key_names.py)."""
        return self.HELP.format(install_key=keys_named(self, "group_key.install"))

    def compose(self) -> ComposeResult:
        yield Header()
        with KeyPart(id="key-part"):
            yield Plain(id="key-state")
        yield Plain(id="bundles-title")
        yield RecordTable(id="bundles")
        yield Plain(id="bundle-path")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        table = self.query_one("#bundles", RecordTable)
        table.add_column(_("Written"), key="written")
        table.add_column(_("For"), key="audience")
        table.add_text_column(_("File"), key="file", minimum=12)
        self.refresh_key()
        table.focus()

    def refresh_key(self) -> None:
        """Show the key and the bundles as the ledger holds them now."""
        ledger = SyncLedger(self.repository.workspace)
        coordinator = self.repository.workspace.info.role is WorkspaceRole.COORDINATOR
        generations = ledger.key_ring().get(self.group.id, [])
        install_key = keys_named(self, "group_key.install")
        self.query_one("#key-state", Plain).update(
            key_text(generations, self.group, coordinator=coordinator, install_key=install_key)
        )
        self.query_one("#key-state").set_class(not generations, "-no-key")
        made = ledger.made(self.group.id)
        newest_first = list(reversed(made))[:BUNDLES_SHOWN]
        self._paths = [str(document.get("file") or "") for document in newest_first]
        self.query_one("#bundles-title", Plain).update(
            ngettext(
                "{count} bundle written here for the group, the newest first:",
                "{count} bundles written here for the group, the newest first:",
                len(made),
            ).format(count=format_count(len(made)))
            if made
            else _("No bundle of the group has been written here yet (b on the roster writes one).")
        )
        table = self.query_one("#bundles", RecordTable)
        table.refill(
            (str(number), self._bundle_cells(document, coordinator=coordinator))
            for number, document in enumerate(newest_first)
        )
        table.display = self.query_one("#bundle-path").display = bool(made)
        self._show_path()

    def on_data_table_row_highlighted(self) -> None:
        self._show_path()

    def _show_path(self) -> None:
        """The highlighted bundle's whole path, which the table's narrow column cuts: where it went."""
        table = self.query_one("#bundles", RecordTable)
        key = table.selected_key
        self.query_one("#bundle-path", Plain).update(self._paths[int(key)] if key is not None else "")

    def action_back(self) -> None:
        self.dismiss(self.key_folder)

    def _bundle_cells(self, document: dict[str, Any], *, coordinator: bool) -> tuple[str, str, str]:
        try:
            written = local_moment(datetime.fromisoformat(str(document.get("created_at"))), self.group.time_zone)
            when = f"{format_date(written.date())} {format_time(written)}"
        except ValueError:
            when = "–"
        return (
            when,
            _audience(str(document.get("audience")), coordinator=coordinator),
            Path(str(document.get("file") or "")).name,
        )

    # -- installing a key file -----------------------------------------------------------------

    def action_install(self) -> None:
        """Choose a key file, then install it in the background (asking its passphrase if sealed)."""
        from screens.import_bundles import start_folder  # imported when first needed: a faster start

        self.app.push_screen(KeyFileScreen(start_folder(self.key_folder)), self._install)

    def _install(self, path: Path | None) -> None:
        from exports.bundle.keys import KeyFileRefused, PassphraseNeeded, install_keys

        if path is None:
            return
        self.key_folder = path.parent

        def install() -> None:
            try:
                result = install_keys(self.repository, path, None)
            except PassphraseNeeded:
                self.app.call_from_thread(self._ask_passphrase, path)
                return
            except KeyFileRefused as error:
                self.app.call_from_thread(self.notify, str(error), severity="error", timeout=15)
                return
            self.app.call_from_thread(self._installed, result)

        self.app.jobs.start(self, _("installing a key file"), install)  # type: ignore[attr-defined]

    def _ask_passphrase(self, path: Path) -> None:
        from exports.bundle.keys import install_keys
        from screens.passphrase import PassphraseDialog

        def installed(result: KeysInstalled | None) -> None:
            if result is not None:
                self._installed(result)

        def install(passphrase: str) -> KeysInstalled:
            return install_keys(self.repository, path, passphrase)

        self.app.push_screen(PassphraseDialog(path.name, install), installed)

    def _installed(self, result: KeysInstalled) -> None:
        self.notify("\n".join(result.lines()), title=_("Key installed"), timeout=12)
        self.refresh_key()


def _audience(audience: str, *, coordinator: bool) -> str:
    """Whom a bundle was for, in a word: from a facilitator's laptop the coordinator or the
    co-facilitator; from the coordinator's, the group's facilitators."""
    if coordinator:
        return _("group's facilitators")
    return _("coordinator") if audience == Audience.COORDINATOR else _("co-facilitator")


def key_text(generations: list[GroupKey], group: Group, *, coordinator: bool, install_key: str) -> str:
    """The group's key in use (the newest generation), then the earlier ones; or what to do without
    one (a facilitator installs the key file with ``install_key``)."""
    if not generations:
        if coordinator:
            return _(
                "No key yet: the group's bundles cannot be written. Issue its key with “facilitator key issue "
                "--group …” and send the key file to the group's facilitators."
            )
        return _(
            "No key yet: the group's bundles cannot be written. Send the coordinator a key request "
            "(“facilitator key request --group …”), then install the key file you get back with {key}."
        ).format(key=install_key)
    newest, *earlier = generation_states(generations, group)
    lines = [
        _("Key in use: generation {generation} · fingerprint {fingerprint} · issued {day}").format(
            generation=newest.generation,
            fingerprint=newest.fingerprint,
            day=format_day(newest.issued_on) if newest.issued_on else "–",
        )
    ]
    if any(state.retired_from for state in earlier):  # said once, so that each generation fits a line
        lines.append(_("Retired from: bundles a generation sealed and made from then on are refused."))
    for state in earlier:
        if state.retired_from is None:
            line = _("Generation {generation} · {fingerprint} · replaced, its bundles still accepted")
        else:
            line = _("Generation {generation} · {fingerprint} · retired from {moment}")
        lines.append(
            line.format(
                generation=state.generation,
                fingerprint=state.fingerprint,
                moment=format_local_moment(state.retired_from, group.time_zone) if state.retired_from else "",
            )
        )
    return "\n".join(lines)
