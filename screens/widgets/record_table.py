"""A table with one row per record, keyed by the record's id."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.text import Text
from textual.widgets import DataTable


class RecordTable(DataTable[str]):
    """Rows keyed by record id; refilling keeps the cursor on the record it was on."""

    def __init__(self, *, id: str) -> None:  # noqa: A002 - Textual's own name for it
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)

    @property
    def selected_key(self) -> str | None:
        """The id of the record under the cursor, or None when the table is empty."""
        if self.row_count == 0:
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value

    def refill(self, rows: Iterable[tuple[str, Sequence[str]]], select: str | None = None) -> None:
        """Replace every row with ``(id, cells)`` rows; the cursor goes to ``select`` or stays put.

        Cells are plain text: a "[" in a name or a company is shown, not read as markup.
        """
        keep = select or self.selected_key
        self.clear()
        for key, cells in rows:
            self.add_row(*(Text(cell) for cell in cells), key=key)
        if keep and keep in self.rows:
            self.move_cursor(row=self.get_row_index(keep))
