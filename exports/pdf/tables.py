"""The tables of the printed papers: columns as wide as their widest text, so that dates, times
and numbers never wrap, in any language; and the long tables of a meeting's summary and record,
whose header row repeats on every page they run over."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Table, TableStyle

from exports.pdf.styles import CELL_PADDING, CONTENT_WIDTH, TableCell, TableCommand, table_style

#: More characters than this in one cell may not fit on one page.
LONG_ROW_CHARACTERS = 2000


def fitted_width(cells: Sequence[Paragraph], padding: float = 2 * CELL_PADDING) -> float:
    """The width of the longest of ``cells`` set on one line, plus ``padding`` (by default the
    table's cell padding)."""
    widest = 0.0
    for cell in cells:
        cell.wrap(CONTENT_WIDTH, CONTENT_WIDTH)
        widest = max(widest, *cell.getActualLineWidths0())
    return widest + padding


def text_width(texts: Sequence[str], font: str, size: float) -> float:
    """The width of the widest of ``texts`` on one line, with the cell's padding."""
    return max((stringWidth(text, font, size) for text in set(texts)), default=0) + 2 * CELL_PADDING + 1


def long_table(rows: list[list[TableCell]], widths: Sequence[float], extra: Sequence[TableCommand] = ()) -> Table:
    """A full-width table whose header repeats on every page it runs over."""
    # A table with a row that may be taller than a page (a very long entry) splits rows where the
    # page ends rather than fail; otherwise each row stays whole on one page.
    split_in_row = int(any(_text_length(cell) > LONG_ROW_CHARACTERS for row in rows for cell in row))
    table = Table(
        rows, colWidths=list(widths), repeatRows=1, style=table_style(), hAlign="LEFT", splitInRow=split_in_row
    )
    if extra:
        table.setStyle(TableStyle(list(extra)))
    return table


def _text_length(cell: TableCell) -> int:
    """How many characters a cell's paragraph holds; a cell of plain text or of stacked flowables
    counts none (the papers set only short labels so)."""
    return len(cell.text or "") if isinstance(cell, Paragraph) else 0
