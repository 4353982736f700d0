"""Help (ctrl+g or F1): what the current screen, dialog or form is for and every key it answers to."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer

from facilitator.i18n import _
from screens.key_names import bindings_now
from screens.widgets.plain import Plain


@runtime_checkable
class CurrentHelp(Protocol):
    """A screen whose help says what holds only while it runs (its keys as bound, the workspace's
    folder): help asks it for the text instead of reading its ``HELP``."""

    def current_help(self) -> str: ...


class HelpScreen(ModalScreen[None]):
    """Help for ``screen``, built from its ``HELP`` text and its live key bindings."""

    CSS_PATH = "help.tcss"
    #: The help key closes help too: the app's (see ``FacilitatorApp.action_help``), which acts over dialogs.
    BINDINGS = [Binding("escape", "dismiss", _("Close"), id="help.close")]

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self._about = screen.current_help() if isinstance(screen, CurrentHelp) else screen.HELP or ""
        self._title = title_of(screen)
        self._keys = keys_of(screen)

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog"):
            yield Plain(_("Help: {screen}").format(screen=self._title), id="help-title")
            if self._about:
                with VerticalScroll(id="help-about-scroll"):
                    yield Plain(self._about, id="help-about")
            yield KeysTable(self._keys, id="help-keys")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one(KeysTable).focus()


class KeysTable(DataTable[str]):
    """Each key beside what it does: a description wraps within the table's width, in a row as tall
    as it needs, so that it reads whole without scrolling sideways (which would hide the keys)."""

    #: The narrowest the descriptions get, where a terminal is narrower still (they scroll then).
    NARROWEST = 20

    def __init__(self, keys: list[tuple[str, str]], *, id: str) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._keys = keys
        self._filled_for = -1

    def on_mount(self) -> None:
        self._fill()

    def on_resize(self, event: events.Resize) -> None:
        self._fill()

    def _fill(self) -> None:
        """The rows again for the width the table has now (nothing to do if it is the same)."""
        width = self.scrollable_content_region.width
        if width == self._filled_for:
            return
        self._filled_for = width
        row = self.cursor_row
        self.clear(columns=True)
        key_header, description_header = _("Key"), _("What it does")
        key_width = max(cell_len(text) for text in [key_header, *(key for key, _text in self._keys)])
        room = width - key_width - 4 * self.cell_padding
        self.add_column(key_header, width=key_width)
        self.add_column(description_header, width=max(room, self.NARROWEST, cell_len(description_header)))
        for key, description in self._keys:
            self.add_row(key, description, height=None)
        if self._keys:
            self.move_cursor(row=min(row, len(self._keys) - 1), animate=False)


def title_of(screen: Screen) -> str:
    """The screen's title; a dialog or form has none, and is named by its heading instead (the
    ``Plain`` whose id ends in ``-title``, as every dialog's has), else the app's name."""
    if screen.title:
        return screen.title
    for heading in screen.query(Plain):
        if heading.id and heading.id.endswith("-title") and str(heading.content):
            return str(heading.content)
    return screen.app.title


def keys_of(screen: Screen) -> list[tuple[str, str]]:
    """(key, description) for every described binding acting on ``screen`` (see :func:`acting_on`):
    Textual's own are described in the user's language, or not at all (``screens.widget_keys``)."""
    keys: list[tuple[str, str]] = []
    for active in acting_on(screen):
        binding = active.binding
        description = binding.description
        if not description:
            continue
        if binding.tooltip and binding.id:
            description = f"{description}: {binding.tooltip}"
        keys.append((screen.app.get_key_display(binding), description))
    return keys


def acting_on(screen: Screen) -> list[ActiveBinding]:
    """Every binding a key press on ``screen`` reaches, the node it acts on, and whether it may.

    Our own actions (they all have an id) come first, the app's after the screen's, then
    Textual's keys for moving around inside widgets. Over a dialog or form, where the app's
    other keys rest, its priority keys (help, the commands, quit) still act: they are listed too.
    """
    app = screen.app

    def rank(active: ActiveBinding) -> int:
        if active.binding.id is None:
            return 2
        return 1 if active.node is app else 0

    actives = list(screen.active_bindings.values())
    if screen.is_modal:
        actives += [
            ActiveBinding(app, binding, True, binding.tooltip)
            for bindings in bindings_now(app).key_to_bindings.values()
            for binding in bindings
            if binding.priority and binding.id
        ]
    return sorted(actives, key=rank)
