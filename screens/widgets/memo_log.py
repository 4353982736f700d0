"""The memo so far: one row per entry with its time, kind, and its words with their tags beneath."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey

from facilitator.i18n import _
from facilitator.model import MemoEntry, MemoKind
from screens.widgets.in_order_input import hand_on, type_into

#: Kinds stand out by colour and by their word, so that colour is never the only sign.
KIND_STYLES = {
    MemoKind.NOTE: "",
    MemoKind.DECISION: "bold green",
    MemoKind.ACTION: "bold yellow",
    MemoKind.NEED: "bold magenta",
    MemoKind.IDEA: "bold cyan",
}


class MemoLog(DataTable[Text]):
    """Entries keyed by id, newest at the bottom; asks its screen to edit or remove one.

    The log only shows: editing (enter) and removing (delete) are requests posted up as messages,
    since the screen owns the records and the saving. Typing here goes to the line the entries are
    typed in (``typing_goes_to``, a selector on the screen), every key in the order it was typed.
    """

    BINDINGS = [
        Binding(
            "enter", "edit", _("Edit"), tooltip=_("Edit the entry (the earlier wording is kept)"), id="memo_log.edit"
        ),
        Binding("delete", "remove", _("Remove"), tooltip=_("Remove the entry"), id="memo_log.remove"),
    ]

    class EditRequested(Message):
        def __init__(self, entry_id: str) -> None:
            super().__init__()
            self.entry_id = entry_id

    class RemoveRequested(Message):
        def __init__(self, entry_id: str) -> None:
            super().__init__()
            self.entry_id = entry_id

    def __init__(
        self,
        describe_tags: Callable[[MemoEntry], str],
        *,
        typing_goes_to: str,
        id: str,
    ) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._describe_tags = describe_tags
        self._typing_goes_to = typing_goes_to
        self._text_width = 40

    def on_mount(self) -> None:
        self.add_column(_("Time"), key="time")
        self.add_column(_("Kind"), key="kind")
        self.add_column(_("Entry"), key="text", width=self._text_width)

    def set_text_width(self, width: int) -> bool:
        """Wrap entries at ``width`` columns; True when that changed (the rows must be shown again)."""
        if width == self._text_width:
            return False
        self._text_width = width
        if (column := self.columns.get(ColumnKey("text"))) is not None:
            column.width = width
        return True

    def _cells(self, entry: MemoEntry, time: str) -> tuple[Text, ...]:
        kind = Text(entry.kind.label, style=KIND_STYLES[entry.kind])
        words = Text(entry.text)
        if tags := self._describe_tags(entry):
            words.append("\n" + tags, style="dim")
        return Text(time), kind, words

    def show(self, entries: Iterable[tuple[MemoEntry, str]]) -> None:
        """Replace every row with ``(entry, time shown)``; the cursor goes to the last entry."""
        self.clear()
        for entry, time in entries:
            self.add_row(*self._cells(entry, time), key=entry.id, height=None)
        if self.row_count:
            self.move_cursor(row=self.row_count - 1)

    def append(self, entry: MemoEntry, time: str) -> None:
        """Show a new entry at the bottom, in view."""
        self.add_row(*self._cells(entry, time), key=entry.id, height=None)
        self.move_cursor(row=self.row_count - 1)

    @property
    def selected_id(self) -> str | None:
        if self.row_count == 0:
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value

    def on_key(self, event: events.Key) -> None:
        """Typing never acts on the log: a facilitator who types on is writing the next line.

        The first character typed (a space too) moves the focus to that line at once and goes
        there; the keys typed after it that reached the log before the move (Enter included)
        follow it there in their turn, where the app would have sent them: "we agreed" stays
        "we agreed", and its Enter saves it.
        """
        if self.app.focused is not self:
            event.stop()
            event.prevent_default()
            hand_on(self.app, event)
        elif event.is_printable and event.character:
            type_into(self, self._typing_goes_to, event)

    def action_edit(self) -> None:
        if entry_id := self.selected_id:
            self.post_message(self.EditRequested(entry_id))

    def action_remove(self) -> None:
        if entry_id := self.selected_id:
            self.post_message(self.RemoveRequested(entry_id))
