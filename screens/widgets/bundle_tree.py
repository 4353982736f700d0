"""A folder tree that shows only folders and sync bundles, where bundles are marked for import."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DirectoryTree
from textual.widgets.directory_tree import DirEntry
from textual.widgets.tree import TreeNode

from exports.bundle.format import SUFFIX
from facilitator.i18n import _


def is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


class BundleTree(DirectoryTree):
    """Folders and ``.mebundle`` files; space (or enter) marks a bundle for import, shown with ✓."""

    ICON_NODE = "▸ "
    ICON_NODE_EXPANDED = "▾ "
    ICON_FILE = "  "
    MARK = "✓ "
    COMPONENT_CLASSES = DirectoryTree.COMPONENT_CLASSES | {"bundle-tree--marked"}
    BINDINGS = [
        Binding("space", "mark", _("Mark"), tooltip=_("Mark or unmark this bundle"), id="import.mark"),
    ]

    class MarksChanged(Message):
        """The set of marked files changed."""

    #: The files shown and marked, besides the folders.
    SUFFIXES: ClassVar[tuple[str, ...]] = (SUFFIX,)

    def __init__(self, path: Path, *, id: str) -> None:  # Textual's own name for it
        super().__init__(path, id=id)
        self.guide_depth = 2
        self.marked: list[Path] = []
        #: Set while the marked files are being imported: the marks stay as they are.
        self.locked = False

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [
            path
            for path in paths
            if not path.name.startswith(".") and (path.suffix.lower() in self.SUFFIXES or is_dir(path))
        ]

    def render_label(self, node: TreeNode[DirEntry], base_style: Style, style: Style) -> Text:
        """A folder as usual; a bundle by its name without ``.mebundle`` (the tree shows only
        bundles), ticked when marked, so that a long group name still fits at 80 columns."""
        if node.data is None or node.allow_expand or not self.is_mounted:
            return super().render_label(node, base_style, style)
        name = Text(node.data.path.stem, style=style)
        name.stylize_before(self.get_component_rich_style("directory-tree--file", partial=True))
        if node.data.path in self.marked:
            name.stylize_before(self.get_component_rich_style("bundle-tree--marked", partial=True))
            return Text.assemble((self.MARK, self.get_component_rich_style("bundle-tree--marked", partial=True)), name)
        return Text.assemble((self.ICON_FILE, base_style), name)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (self.locked and action == "mark")

    def action_mark(self) -> None:
        """Mark the bundle under the cursor (or unmark it); on a folder, open or close it."""
        node = self.cursor_node
        if node is None or node.data is None:
            return
        if node.allow_expand:
            node.toggle()
            return
        self.toggle_marks([node.data.path])

    def toggle_marks(self, paths: list[Path]) -> None:
        """Mark ``paths``, or unmark them when every one is marked already."""
        if paths and all(path in self.marked for path in paths):
            self.marked = [path for path in self.marked if path not in paths]
        else:
            self.marked += [path for path in paths if path not in self.marked]
        self._clear_line_cache()
        self.refresh()
        self.post_message(self.MarksChanged())

    def on_directory_tree_file_selected(self, event: DirectoryTree.FileSelected) -> None:
        event.stop()
        if not self.locked:
            self.toggle_marks([event.path])
