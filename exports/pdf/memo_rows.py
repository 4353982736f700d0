"""The rows of the facilitator's record's memo table: a flowable that sets its columns itself.

A meeting's memo may hold hundreds of entries, and the record prints them all as one long table. A
table of Paragraph cells, which reportlab wraps again at every page the table runs over, takes
seconds; so each row here is one :class:`MemoRow` that wraps its plain text once
(:func:`wrapped_lines`) and draws it as one text object, cutting itself in two only for an entry
too long for a page. The memo's cell styles, a little smaller than other tables', are here too:
the rows set their item titles in them. :mod:`exports.pdf.summary` builds the table from these
rows.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from exports.pdf.styles import CELL_PADDING, FONT_BOLD, MUTED, RULE, styles

#: The light fill of the rows that name the agenda item the entries below were written under.
_ITEM_FILL = colors.HexColor("#f2f2f2")
#: The padding above and below each row of the memo (less than other tables: a long evening).
MEMO_TOP_PADDING = 2.5
MEMO_BOTTOM_PADDING = 3


@functools.cache
def small_style() -> ParagraphStyle:
    """The memo's cells: a little smaller than other tables, so that a long evening takes fewer pages."""
    return ParagraphStyle("memo_cell", parent=styles().cell, fontSize=8.5, leading=10.5)


@functools.cache
def small_header_style() -> ParagraphStyle:
    return ParagraphStyle("memo_header", parent=small_style(), fontName=FONT_BOLD)


@functools.cache
def small_muted_style() -> ParagraphStyle:
    return ParagraphStyle("memo_muted", parent=small_style(), textColor=MUTED)


class MemoRow(Flowable):
    """One row of the memo: columns of plain text, each wrapped to its column and set in one or
    more styles one after the other (an entry, then its muted details line).

    The first entry under an agenda item carries the item's title as a shaded band above its
    columns, so that a title never stands alone at the foot of a page. The row stands in a
    one-column table, whose cell padding frames it; ``widths`` are the columns' widths with that
    padding, as a table's column widths are. Words too long for their column are broken, so that
    nothing runs out of the row.
    """

    def __init__(
        self, columns: Sequence[Sequence[tuple[str, ParagraphStyle]]], widths: Sequence[float], heading: str | None = None
    ) -> None:
        super().__init__()
        self.columns = [[(" ".join(text.split()), style) for text, style in blocks if text.strip()] for blocks in columns]
        self.widths = list(widths)
        self.heading = heading
        self._wrapped: list[list[tuple[str, ParagraphStyle]]] | None = None
        self._given_lines: list[list[tuple[str, ParagraphStyle]]] | None = None
        self._heading_lines: list[str] = []
        self._band = 0.0  # the height of the heading's band, from the top of the row

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._wrapped is None:
            inner = [width - 2 * CELL_PADDING for width in self.widths]
            self._wrapped = self._given_lines or [
                [(line, style) for text, style in blocks for line in wrapped_lines(text, style.fontName, style.fontSize, room)]
                for blocks, room in zip(self.columns, inner, strict=True)
            ]
            body = max((sum(style.leading for _line, style in lines) for lines in self._wrapped), default=0)
            if self.heading:
                style = small_header_style()
                across = sum(self.widths) - 2 * CELL_PADDING  # the title runs across every column
                self._heading_lines = wrapped_lines(self.heading, style.fontName, style.fontSize, across)
                self._band = len(self._heading_lines) * style.leading + MEMO_BOTTOM_PADDING
                body += self._band + MEMO_TOP_PADDING
            self.height = body
        self.width = availWidth
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """The row cut in two where the page ends, for an entry too long for one page; the heading
        stays with the first part. An empty list when not even one line fits."""
        self.wrap(availWidth, availHeight)
        leading = max((style.leading for lines in self._wrapped or [] for _line, style in lines), default=0)
        room = availHeight - (self._band + MEMO_TOP_PADDING if self._heading_lines else 0)
        count = int(room // leading) if leading else 0
        longest = max((len(lines) for lines in self._wrapped or []), default=0)
        if count < 1 or count >= longest:
            return []
        first = MemoRow.from_lines([lines[:count] for lines in self._wrapped or []], self.widths, self.heading)
        rest = MemoRow.from_lines([lines[count:] for lines in self._wrapped or []], self.widths, None)
        return [first, rest]

    @classmethod
    def from_lines(
        cls, lines: list[list[tuple[str, ParagraphStyle]]], widths: Sequence[float], heading: str | None
    ) -> MemoRow:
        """A row of lines already wrapped (a part of a split row)."""
        row = cls([[] for _column in widths], widths, heading)
        row._wrapped = None
        row._given_lines = lines
        return row

    def draw(self) -> None:
        canvas = self.canv
        text = canvas.beginText()
        top = self.height
        if self._heading_lines:
            canvas.saveState()
            canvas.setFillColor(_ITEM_FILL)
            left, right = -CELL_PADDING, sum(self.widths) - CELL_PADDING
            canvas.rect(left, top - self._band, right - left, self._band + MEMO_TOP_PADDING, stroke=0, fill=1)
            canvas.setStrokeColor(RULE)
            canvas.setLineWidth(0.4)
            canvas.line(left, top - self._band, right, top - self._band)
            canvas.restoreState()
            style = small_header_style()
            text.setTextOrigin(0, top - style.fontSize)
            text.setFont(style.fontName, style.fontSize, style.leading)
            text.setFillColor(style.textColor)
            for line in self._heading_lines:
                text.textLine(line)
            top -= self._band + MEMO_TOP_PADDING
        left = 0.0
        current = None
        for lines, width in zip(self._wrapped or [], self.widths, strict=True):
            if lines:
                text.setTextOrigin(left, top - lines[0][1].fontSize)
            for line, style in lines:
                if style is not current:
                    text.setFont(style.fontName, style.fontSize, style.leading)
                    text.setFillColor(style.textColor)
                    current = style
                text.textLine(line)
            left += width
        canvas.drawText(text)


@functools.lru_cache(maxsize=20000)
def _word_width(word: str, font: str, size: float) -> float:
    return stringWidth(word, font, size)


def wrapped_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` broken into lines no wider than ``width`` at spaces, and inside words too long for
    a line of their own."""
    space = _word_width(" ", font, size)
    lines: list[str] = []
    line: list[str] = []
    used = 0.0
    for word in text.split(" "):
        measured = _word_width(word, font, size)
        if line and used + space + measured <= width:
            line.append(word)
            used += space + measured
            continue
        if line:
            lines.append(" ".join(line))
        while measured > width and len(word) > 1:  # a word (a web address) wider than the cell
            cut = len(word) - 1
            while cut > 1 and _word_width(word[:cut], font, size) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
            measured = _word_width(word, font, size)
        line, used = [word], measured
    if line and line != [""]:
        lines.append(" ".join(line))
    return lines
