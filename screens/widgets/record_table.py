"""A table with one row per record, keyed by the record's id."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.measure import Measurement
from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, RowKey

#: What a record table's cell holds: plain text, or text that is styled or cut with "…".
Cell = str | Text


def cut(text: str, width: int) -> str:
    """``text`` as it is when it fits in ``width`` cells, else cut to them, ending in "…"."""
    if cell_len(text) <= width:
        return text
    shown = Text(text)
    shown.truncate(width, overflow="ellipsis")
    return shown.plain


class RecordTable(DataTable[Cell]):
    """Rows keyed by record id; refilling keeps the cursor on the record it was on.

    Columns of free text (a name, a theme, an agenda item, a need) are added with
    :meth:`add_text_column`: they share the width the other columns leave, whatever the size of
    the terminal, and a text longer than its share ends in "…". A column whose texts are short
    keeps only the width they need, and the others share the rest. Columns of figures are added
    with :meth:`add_number_column`: right-aligned, header too, as a report's table.
    """

    def __init__(self, *, id: str) -> None:  # Textual's own name for it
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._text_columns: dict[ColumnKey, _TextColumn] = {}
        self._number_columns: set[ColumnKey] = set()

    def add_text_column(self, label: str, *, key: str, minimum: int = 0) -> ColumnKey:
        """A column for long texts, as wide as the table allows once the other columns are shown,
        and never narrower than ``minimum`` nor than its header."""
        narrowest = max(minimum, cell_len(label))
        column = self.add_column(label, key=key, width=narrowest)
        self._text_columns[column] = _TextColumn(narrowest)
        return column

    def add_number_column(self, label: str, *, key: str) -> ColumnKey:
        """A column of figures ("1 470", "77 %", "9/9"), right-aligned so that their digits line up."""
        column = self.add_column(Text(label, justify="right"), key=key)
        self._number_columns.add(column)
        return column

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

    def clear(self, columns: bool = False) -> RecordTable:
        if columns:
            self._text_columns.clear()
            self._number_columns.clear()
        for text_column in self._text_columns.values():
            text_column.widest = 0
        return super().clear(columns)

    def add_row(
        self, *cells: Cell, height: int | None = 1, key: str | None = None, label: Text | str | None = None
    ) -> RowKey:
        """A row whose long texts end in "…" at their column's width."""
        keys = [column.key for column in self.ordered_columns]
        # A row may have fewer cells than the table has columns (DataTable leaves the rest empty), or more.
        cells = tuple(self._as_text(key, cell) for key, cell in zip(keys, cells, strict=False)) + cells[len(keys) :]
        return super().add_row(*cells, height=height, key=key, label=label)

    def update_cell(
        self, row_key: RowKey | str, column_key: ColumnKey | str, value: Cell, *, update_width: bool = False
    ) -> None:
        column = column_key if isinstance(column_key, ColumnKey) else ColumnKey(column_key)
        super().update_cell(row_key, column, self._as_text(column, value), update_width=update_width)

    def _as_text(self, column_key: ColumnKey, cell: Cell) -> Cell:
        """A cell of a text column as one line that ends in "…" where the column cuts it; of a number
        column, right-aligned; others as they are."""
        if column_key in self._number_columns:
            cell = Text(cell) if isinstance(cell, str) else cell.copy()
            cell.justify = "right"
            return cell
        text_column = self._text_columns.get(column_key)
        if text_column is None:
            return cell
        cell = Text(cell) if isinstance(cell, str) else cell.copy()
        cell.overflow = "ellipsis"
        cell.no_wrap = True
        width = Measurement.get(self.app.console, self.app.console.options, cell).maximum
        text_column.widest = max(text_column.widest, width)
        return cell

    def on_resize(self) -> None:
        self._fit_text_columns()

    def on_idle(self) -> None:
        """After rows came in: the other columns may have grown with them."""
        self._fit_text_columns()

    def _fit_text_columns(self) -> None:
        """Share the width the other columns leave among the text columns, each at least its narrowest.

        Fair shares: a column whose texts are narrower than its share takes only what they need,
        and what it leaves goes to the others.
        """
        if not self._text_columns:
            return
        padding = 2 * self.cell_padding
        others = sum(
            column.get_render_width(self) for key, column in self.columns.items() if key not in self._text_columns
        )
        spare = max(0, self.scrollable_content_region.width - others - padding * len(self._text_columns))
        by_need = sorted(self._text_columns.items(), key=lambda item: max(item[1].narrowest, item[1].widest))
        changed = False
        for place, (key, text_column) in enumerate(by_need):
            share = spare // (len(by_need) - place)
            width = max(text_column.narrowest, min(text_column.widest, share))
            spare -= width
            if self.columns[key].width != width:
                self.columns[key].width = width
                changed = True
        if changed:
            # DataTable has no public way to change a column's width: this is what its own
            # add_column does, so that the widths, the scrolling size and the cached rows follow.
            self._update_count += 1
            self._require_update_dimensions = True
            self.refresh()
            self.check_idle()


@dataclass
class _TextColumn:
    """A column of long texts: the narrowest it may be, and the width of its longest text."""

    narrowest: int
    widest: int = 0
