"""The tables of the printed papers: columns as wide as their widest text, so that dates, times
and numbers never wrap, in any language; the long tables of a meeting's summary and record,
whose header row repeats on every page they run over; a heading kept with the table under it; and
the cells, header rows and sections the papers of one person (their data report, their timeline)
are made of."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from exports.pdf.styles import (
    CELL_PADDING,
    CONTENT_WIDTH,
    FONT,
    FONT_BOLD,
    Paragraph as HouseParagraph,
    TableCell,
    TableCommand,
    muted,
    styles,
    table_style,
)
from facilitator.i18n import _

#: More characters than this in one cell may not fit on one page.
LONG_ROW_CHARACTERS = 2000
#: What a flowable's wrap answers to be split always (as reportlab's KeepTogether answers).
_SPLIT_ALWAYS = 0xFFFFFF


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
    """How many characters a cell's paragraphs hold, those stacked in one cell together (an
    interview's answers, line by line: together as tall as one paragraph of them all); a cell of
    plain text counts none (the papers set only short labels so)."""
    if isinstance(cell, list):
        return sum(map(_text_length, cell))
    return len(cell.text or "") if isinstance(cell, Paragraph) else 0


class WithHeading(Flowable):
    """A heading and what follows it (a table, or a line saying there is none), never parted by a
    page's end: the heading goes where the first rows of the table fit under it, and the table
    runs over from there (reportlab's KeepTogether would move a long table whole to a new page).

    It is always split, into the heading and the table's parts; where not even the table's first
    row fits under the heading, both go to the next page (nothing: the page ends here), unless the
    page is empty already, where the table splits itself as it would without a heading."""

    def __init__(self, heading: Flowable, body: Flowable) -> None:
        super().__init__()
        self.heading = heading
        self.body = body

    def getSpaceBefore(self) -> float:
        return self.heading.getSpaceBefore()

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return availWidth, _SPLIT_ALWAYS

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        heading, body = self.heading, self.body
        frame = getattr(self, "_frame", None)
        at_top = bool(getattr(frame, "_atTop", False))
        room = availHeight - heading.wrap(availWidth, availHeight)[1] - heading.getSpaceAfter()
        room -= body.getSpaceBefore()
        if room > 0:
            if body.wrap(availWidth, room)[1] <= room:
                return [heading, body]
            parts = body.split(availWidth, room)
            if parts:
                return [heading, *parts]
        return [heading, body] if at_top else []

    def draw(self) -> None:  # never drawn: always split first (see wrap)
        raise NotImplementedError


def with_heading(heading: Flowable, body: Sequence[Flowable]) -> list[Flowable]:
    """``heading`` kept with the first of ``body`` (see :class:`WithHeading`), the rest after them."""
    if not body:
        return [heading]
    return [WithHeading(heading, body[0]), *body[1:]]


def cell(text: str) -> HouseParagraph:
    """A table cell of plain ``text`` (escaped)."""
    return HouseParagraph(escape(text), styles().cell)


def note_cell(text: str) -> HouseParagraph:
    """A remark under a cell's text, muted and smaller."""
    return HouseParagraph(muted(text), styles().cell_note)


def header_row(*labels: str) -> list[TableCell]:
    """A table's header row of ``labels``."""
    return [HouseParagraph(escape(label), styles().header_cell) for label in labels]


def column_width(header: str, texts: Iterable[str]) -> float:
    """The width of a column that sets ``header`` (bold) and each of ``texts`` on one line."""
    size = styles().cell.fontSize
    return max(text_width([header], FONT_BOLD, size), text_width(list(texts), FONT, size))


def section(heading: str, body: Sequence[Flowable] | None) -> list[Flowable]:
    """A heading and its table, or "None." when there is nothing of the kind; the heading never
    ends a page without the table's first rows (see :class:`WithHeading`)."""
    shown = list(body) if body else [HouseParagraph(muted(_("None.")), styles().body)]
    return [Spacer(1, 4), *with_heading(HouseParagraph(escape(heading), styles().subtitle), shown)]
