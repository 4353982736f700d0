"""Choosing one file in a folder tree that shows only folders and the files of the kind wanted (a
roster file, a key file): enter on a file chooses it; a folder can be typed or left for the one above."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DirectoryTree, Footer, Header, Input, Label

from facilitator.i18n import _
from screens.widgets.bundle_tree import is_dir
from screens.widgets.in_order_input import InOrderInput
from screens.widgets.plain import Plain


class FileTree(DirectoryTree):
    """Folders and the files whose names end in one of ``suffixes``; hidden ones left out."""

    ICON_NODE = "▸ "
    ICON_NODE_EXPANDED = "▾ "
    ICON_FILE = "  "

    def __init__(self, path: Path, suffixes: Collection[str], *, id: str) -> None:  # Textual's own name for it
        super().__init__(path, id=id)
        self._suffixes = {suffix.lower() for suffix in suffixes}

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [
            path
            for path in paths
            if not path.name.startswith(".") and (path.suffix.lower() in self._suffixes or is_dir(path))
        ]


class FilePickerScreen(Screen[Path | None]):
    """A folder tree showing the files of ``suffixes``; dismissed with the file chosen, or None.

    Each use gives its title, the hint under the tree and its own ``HELP`` (a subclass).
    """

    CSS_PATH = "file_picker.tcss"
    BINDINGS = [
        Binding("f", "folder", _("Folder"), tooltip=_("Type the folder to look in"), id="file_picker.folder"),
        Binding("u", "up", _("Up"), tooltip=_("Look in the folder above"), id="file_picker.up"),
        Binding("escape", "dismiss(None)", _("Back"), id="file_picker.back"),
    ]

    def __init__(self, folder: Path, suffixes: Collection[str], *, title: str, hint: str) -> None:
        super().__init__()
        self._folder = folder
        self._suffixes = suffixes
        self._hint = hint
        self.title = title

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="folder-row"):
            yield Label(_("Folder"), id="folder-label")
            yield InOrderInput(str(self._folder), id="folder", compact=True)
        yield FileTree(self._folder, self._suffixes, id="picked-files")
        yield Plain(self._hint, id="file-hint")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one(FileTree).focus()

    def on_directory_tree_file_selected(self, event: DirectoryTree.FileSelected) -> None:
        event.stop()
        self.dismiss(event.path)

    def action_folder(self) -> None:
        self.query_one("#folder", Input).focus()

    def action_up(self) -> None:
        self._show(Path(self.query_one(FileTree).path).parent)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        folder = Path(event.value).expanduser()
        if is_dir(folder):
            self._show(folder)
        else:
            self.notify(_("{folder} is not a folder.").format(folder=folder), severity="warning")

    def _show(self, folder: Path) -> None:
        self.query_one("#folder", Input).value = str(folder)
        tree = self.query_one(FileTree)
        tree.path = folder
        tree.focus()
