"""The tables of the printed papers: columns as wide as their widest text, so that dates, times
and numbers never wrap, in any language."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Paragraph

from exports.pdf.styles import CELL_PADDING, CONTENT_WIDTH


def fitted_width(cells: Sequence[Paragraph], padding: float = 2 * CELL_PADDING) -> float:
    """The width of the longest of ``cells`` set on one line, plus ``padding`` (by default the
    table's cell padding)."""
    widest = 0.0
    for cell in cells:
        cell.wrap(CONTENT_WIDTH, CONTENT_WIDTH)
        widest = max(widest, *cell.getActualLineWidths0())
    return widest + padding
