"""The facilitator's record's memo table: a flowable that lays out and draws its rows itself.

A meeting's memo may hold hundreds of entries, and the record prints them all as one long table. A
table of Paragraph cells, which reportlab wraps again at every page the table runs over, takes
seconds; so each row here is one :class:`MemoRow` that wraps its plain text once
(:func:`wrapped_lines`), cutting itself in two only for an entry too long for a page, and the
:class:`MemoTable` of them splits at page ends and draws each page's rows at once. The memo's cell
styles, a little smaller than other tables', are here too: the rows set their item titles in them.
:mod:`exports.pdf.record_sections` builds the table.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable

from exports.pdf.styles import (
    CELL_PADDING,
    FONT_BOLD,
    HEADER_FILL,
    HEADER_RULE_WIDTH,
    INK,
    MUTED,
    ROW_RULE_WIDTH,
    RULE,
    TABLE_BOTTOM_PADDING,
    TABLE_TOP_PADDING,
    styles,
)

#: The light fill of the rows that name the agenda item the entries below were written under.
_ITEM_FILL = colors.HexColor("#f2f2f2")
#: The rule above such a row, a little heavier than the rule between entries.
_ITEM_RULE_WIDTH = 0.6
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


class MemoRow:
    """One row of the memo: columns of plain text, each wrapped to its column and set in one or
    more styles one after the other (an entry, then its muted details line).

    The first entry under an agenda item carries the item's title as a shaded band above its
    columns, so that a title never stands alone at the foot of a page. The row stands in the
    :class:`MemoTable`, whose cell padding frames it; ``widths`` are the columns' widths with that
    padding, as a table's column widths are. Words too long for their column are broken, so that
    nothing runs out of the row.
    """

    def __init__(
        self,
        columns: Sequence[Sequence[tuple[str, ParagraphStyle]]],
        widths: Sequence[float],
        heading: str | None = None,
    ) -> None:
        self.columns = [
            [(" ".join(text.split()), style) for text, style in blocks if text.strip()] for blocks in columns
        ]
        self.widths = list(widths)
        self.heading = heading
        self._wrapped: list[list[tuple[str, ParagraphStyle]]] | None = None
        self._given_lines: list[list[tuple[str, ParagraphStyle]]] | None = None
        self._heading_lines: list[str] = []
        self._band = 0.0  # the height of the heading's band, from the top of the row

    @property
    def characters(self) -> int:
        """How many characters the row's columns hold: a row of very many may be taller than a page."""
        return sum(len(text) for blocks in self.columns for text, _style in blocks)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._wrapped is None:
            inner = [width - 2 * CELL_PADDING for width in self.widths]
            self._wrapped = self._given_lines or [
                [
                    (line, style)
                    for text, style in blocks
                    for line in wrapped_lines(text, style.fontName, style.fontSize, room)
                ]
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

    def split(self, availWidth: float, availHeight: float) -> list[MemoRow]:
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

    def draw_band(self, canvas: Canvas, x: float, y: float) -> None:
        """The shaded band of the item's title, for the row whose bottom left is at (``x``, ``y``)."""
        if not self._heading_lines:
            return
        top = y + self.height
        canvas.saveState()
        canvas.setFillColor(_ITEM_FILL)
        left, right = x - CELL_PADDING, x + sum(self.widths) - CELL_PADDING
        canvas.rect(left, top - self._band, right - left, self._band + MEMO_TOP_PADDING, stroke=0, fill=1)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.4)
        canvas.line(left, top - self._band, right, top - self._band)
        canvas.restoreState()

    def write(
        self, text: PDFTextObject, x: float, y: float, in_use: ParagraphStyle | None = None
    ) -> ParagraphStyle | None:
        """The row's lines (the item's title first) into ``text``, its bottom left at (``x``, ``y``).

        ``in_use`` is the style ``text`` is set in already (the row before left it so): only a
        change of style is written. Returns the style ``text`` is left in.
        """
        top = y + self.height
        if self._heading_lines:
            style = small_header_style()
            text.setTextOrigin(x, top - style.fontSize)
            in_use = _set_in(text, style, in_use)
            for line in self._heading_lines:
                text.textLine(line)
            top -= self._band + MEMO_TOP_PADDING
        left = x
        for lines, width in zip(self._wrapped or [], self.widths, strict=True):
            if lines:
                text.setTextOrigin(left, top - lines[0][1].fontSize)
            for line, style in lines:
                in_use = _set_in(text, style, in_use)
                text.textLine(line)
            left += width
        return in_use


def _set_in(text: PDFTextObject, style: ParagraphStyle, in_use: ParagraphStyle | None) -> ParagraphStyle:
    """Set ``text`` in ``style``'s font and colour, unless it is in them already."""
    if style is not in_use:
        text.setFont(style.fontName, style.fontSize, style.leading)
        text.setFillColor(style.textColor)
    return style


class MemoTable(Flowable):
    """The memo as one table: a header row, repeated at the top of every page the table runs over,
    and a row per entry, ruled off below; the first row under each agenda item is ruled off above.

    It lays out and draws what a reportlab Table of these rows did, page for page and rule for
    rule, without a Table's work for every row at every page (measuring all the rows left again
    and copying their styles into a new table for the rest), and draws a page's text as one text
    object. With ``split_in_row`` (an entry may be longer than a page), a row that does not fit
    where the table starts is cut where the page ends, as the Table cut it.
    """

    def __init__(
        self,
        header: MemoRow,
        rows: Sequence[MemoRow],
        *,
        split_in_row: bool = False,
        heights: Sequence[float] | None = None,
        continued: bool = False,
    ) -> None:
        super().__init__()
        self.header = header
        self.rows = list(rows)
        self.split_in_row = split_in_row
        #: The part after a page break: reportlab's Table drew the rows' rule under its header too.
        self.continued = continued
        self.width = sum(header.widths)
        self._inner = self.width - 2 * CELL_PADDING
        self._header_height = header.wrap(self._inner, 0)[1] + TABLE_TOP_PADDING + TABLE_BOTTOM_PADDING
        #: Each row's height with its padding (a part of a cut row may be given more, as the Table gave).
        self._heights = list(heights) if heights is not None else [self._padded_height(row) for row in self.rows]
        self.height = self._header_height + sum(self._heights)

    def _padded_height(self, row: MemoRow) -> float:
        return row.wrap(self._inner, 0)[1] + MEMO_TOP_PADDING + MEMO_BOTTOM_PADDING

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """The rows that fit in ``availHeight`` under the header, and the rest under their own."""
        used, fitting = self._header_height, 0
        for height in self._heights:
            if used + height > availHeight:
                break
            used += height
            fitting += 1
        if fitting == len(self.rows):
            return [self]
        if fitting:
            return [
                self._part(self.rows[:fitting], self._heights[:fitting], self.continued),
                self._part(self.rows[fitting:], self._heights[fitting:], True),
            ]
        if self.split_in_row and availHeight >= self._header_height:
            return self._cut_first_row(availHeight - self._header_height)
        return []

    def _part(self, rows: Sequence[MemoRow], heights: Sequence[float], continued: bool) -> MemoTable:
        return MemoTable(self.header, rows, split_in_row=self.split_in_row, heights=heights, continued=continued)

    def _cut_first_row(self, room: float) -> list[Flowable]:
        """The first row cut to fill ``room``, the rest of it going on with the other rows."""
        first = self._heights[0]
        cut = min(room, first)
        parts = self.rows[0].split(self._inner, cut - MEMO_TOP_PADDING)
        if not parts:
            return []
        top, rest = parts
        used = min(cut, self._padded_height(top))
        return [
            self._part([top], [used], self.continued),
            self._part(
                [rest, *self.rows[1:]], [max(self._padded_height(rest), first - used), *self._heights[1:]], True
            ),
        ]

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        top = self.height
        header_bottom = top - self._header_height
        canvas.setFillColor(HEADER_FILL)
        canvas.rect(0, top, self.width, -self._header_height, stroke=0, fill=1)
        bottoms = []
        bottom = header_bottom
        for height in self._heights:
            bottom -= height
            bottoms.append(bottom)
        # Each row's text starts below its top padding, in the height the row was given.
        places = [
            (row, bottom + height - MEMO_TOP_PADDING - row.height)
            for row, bottom, height in zip(self.rows, bottoms, self._heights, strict=True)
        ]
        for row, y in places:
            row.draw_band(canvas, CELL_PADDING, y)
        text = canvas.beginText()
        in_use = self.header.write(text, CELL_PADDING, header_bottom + TABLE_BOTTOM_PADDING)
        for row, y in places:
            in_use = row.write(text, CELL_PADDING, y, in_use)
        canvas.drawText(text)
        # The rules, as a Table draws them: with round ends, the header's in ink.
        canvas.setLineCap(1)
        canvas.setLineJoin(1)
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(HEADER_RULE_WIDTH)
        canvas.line(0, top, self.width, top)
        canvas.line(0, header_bottom, self.width, header_bottom)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(ROW_RULE_WIDTH)
        for bottom in [header_bottom, *bottoms] if self.continued else bottoms:
            canvas.line(0, bottom, self.width, bottom)
        headed = [
            (bottom + height)
            for row, bottom, height in zip(self.rows, bottoms, self._heights, strict=True)
            if row.heading
        ]
        if headed:
            canvas.setLineWidth(_ITEM_RULE_WIDTH)
        for top_of_row in headed:
            canvas.line(0, top_of_row, self.width, top_of_row)
        canvas.restoreState()


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
