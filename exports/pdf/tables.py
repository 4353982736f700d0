"""The tables of the printed papers: columns as wide as their widest text, so that dates, times
and numbers never wrap, in any language, and texts that must wrap break between words only
(:func:`column_widths`, :func:`fitted_columns`); the long tables of a meeting's summary and record,
whose header row repeats on every page they run over; a heading kept with the table under it; and
the cells, header rows and sections the papers of one person (their data report, their timeline)
are made of."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TypedDict, Unpack
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from exports.pdf.styles import (
    CELL_PADDING,
    CONTENT_WIDTH,
    FONT,
    FONT_BOLD,
    TEXT_WIDTH,
    Paragraph as HouseParagraph,
    TableCell,
    TableCommand,
    muted,
    styles,
    table_style,
)
from facilitator.i18n import _

#: How much a font shrinks at a time when a table's words do not fit side by side, and the least.
SHRINK_STEP = 0.5
SMALLEST_SIZE = 6.5
#: Room to spare in a column: reportlab breaks a word that is wider than the column by a hair.
_SLACK = 1.0
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


def cell_widths(cell: TableCell) -> tuple[float, float]:
    """The room a cell's text needs: its widest word (no narrower, or a word breaks mid-way), and
    its widest line set unwrapped (its own line breaks kept). A cell of stacked flowables needs
    what its widest needs."""
    if isinstance(cell, list):
        widths = [cell_widths(part) for part in cell]
        return max((least for least, _ in widths), default=0.0), max((most for _, most in widths), default=0.0)
    if isinstance(cell, Paragraph):
        if not cell.text:
            return 0.0, 0.0
        cell.wrap(10 * CONTENT_WIDTH, 10 * CONTENT_WIDTH)
        return cell.minWidth(), max(cell.getActualLineWidths0(), default=0.0)
    if isinstance(cell, str):
        style = styles().cell
        width = stringWidth(cell, style.fontName, style.fontSize)
        return width, width
    return 0.0, 0.0


class ColumnLayout(TypedDict, total=False):
    """How :func:`column_widths` lays a table's columns out (see there)."""

    stretch: int | None
    header_rows: int
    wrapped: Mapping[int, float] | None
    alike: Sequence[int]


def column_widths(
    rows: Sequence[Sequence[TableCell]],
    room: float = TEXT_WIDTH,
    *,
    padding: float = 2 * CELL_PADDING,
    **layout: Unpack[ColumnLayout],
) -> list[float] | None:
    """Widths for the columns of ``rows`` that break texts only between words, or None when even
    the widest words of the columns do not fit side by side in ``room`` (no rows: no columns).

    Every column is at least as wide as its widest word. The body's cells (the rows after the
    ``header_rows``, whose headers wrap between their words) are set on one line where the room
    holds them all; else column ``stretch`` (the long texts') takes what the others leave, when
    they fit on one line; else the rest of the room is shared in proportion to what each column
    would still need to set its cells on one line (as a browser lays a table out). The room left
    over goes to column ``stretch`` (the table then fills ``room``), or stays free. ``wrapped``
    gives columns whose texts wrap at a width (of the column, padding included) where their words
    allow; the columns ``alike`` (a grid of counts) are as wide as the widest of them needs."""
    least, most = _needs(rows, padding, layout)
    if sum(least) > room:
        return None
    return _shared(least, most, room, layout.get("stretch"))


def _needs(
    rows: Sequence[Sequence[TableCell]], padding: float, layout: ColumnLayout
) -> tuple[list[float], list[float]]:
    """Each column's least width (its widest word) and the width that sets its body on one line,
    padding included; rows shorter than others leave their missing cells empty."""
    columns = max((len(row) for row in rows), default=0)
    least, most = [0.0] * columns, [0.0] * columns
    header_rows = layout.get("header_rows", 1)
    for number, row in enumerate(rows):
        for index, cell in enumerate(row):
            low, high = cell_widths(cell)
            least[index] = max(least[index], low + padding + _SLACK)
            if number >= header_rows:
                most[index] = max(most[index], high + padding + _SLACK)
    for index, width in (layout.get("wrapped") or {}).items():
        if index < columns:
            most[index] = min(most[index], width)
    most = [max(low, high) for low, high in zip(least, most, strict=True)]
    alike = [index for index in layout.get("alike", ()) if index < columns]
    if alike:
        low, high = max(least[index] for index in alike), max(most[index] for index in alike)
        for index in alike:
            least[index], most[index] = low, high
    return least, most


def _shared(least: list[float], most: list[float], room: float, stretch: int | None) -> list[float]:
    """The columns' widths, each at least its ``least`` (which fit in ``room``): see :func:`column_widths`."""
    if stretch is not None and stretch >= len(least):
        stretch = None
    others = sum(most) - (most[stretch] if stretch is not None else 0)
    if sum(most) <= room:
        widths = list(most)
    elif stretch is not None and others + least[stretch] <= room:
        widths = list(most)
        widths[stretch] = least[stretch]
    else:
        wanted = [high - low for low, high in zip(least, most, strict=True)]
        share = (room - sum(least)) / sum(wanted)
        widths = [low + want * share for low, want in zip(least, wanted, strict=True)]
    if stretch is not None:
        widths[stretch] += room - sum(widths)
    return widths


def shrunk(rows: Sequence[Sequence[TableCell]], step: float = SHRINK_STEP) -> list[list[TableCell]]:
    """``rows`` with every paragraph set ``step`` points smaller (its leading in proportion)."""

    def smaller(cell: TableCell) -> TableCell:
        if isinstance(cell, list):
            return [smaller(part) for part in cell]  # type: ignore[misc]  # flowables stay as they are
        if not isinstance(cell, Paragraph):
            return cell
        style = cell.style
        size = style.fontSize - step
        leading = style.leading * size / style.fontSize
        shrunken = ParagraphStyle(f"{style.name}-{size}", parent=style, fontSize=size, leading=leading)
        return type(cell)(cell.text, shrunken)

    return [[smaller(cell) for cell in row] for row in rows]


def fitted_columns(
    rows: Sequence[Sequence[TableCell]], room: float = TEXT_WIDTH, **layout: Unpack[ColumnLayout]
) -> tuple[list[list[TableCell]], list[float]]:
    """``rows`` and their :func:`column_widths`, the font shrunk a step at a time (down to
    :data:`SMALLEST_SIZE`) where the widest words do not fit side by side at its size.

    Where not even the smallest size would do (a word wider than the page: a long link in a memo
    entry), the font stays and the columns with the widest words take what the others leave (see
    :func:`_breaking_widths`): reportlab breaks those words there, and no other column is narrower
    than its own widest word."""
    table = [list(row) for row in rows]
    if not table:
        return [], []
    padding = 2 * CELL_PADDING
    while (widths := column_widths(table, room, **layout)) is None:
        sizes = [cell.style.fontSize for row in table for cell in _paragraphs(row)]
        size = min(sizes, default=SMALLEST_SIZE)
        least, _most = _needs(table, padding, layout)
        # The words at the smallest size, as wide as now in proportion at most (a larger font
        # shrinks the same points, less in proportion): past the room, shrinking cannot help.
        smallest = [(width - padding - _SLACK) * SMALLEST_SIZE / size + padding + _SLACK for width in least]
        if size - SHRINK_STEP < SMALLEST_SIZE or sum(smallest) > room:
            return table, _breaking_widths(table, room, padding, layout)
        table = shrunk(table)
    return table, widths


#: The least room a column whose words break is given for its text (a few characters).
_NARROWEST_TEXT = 24.0


def _breaking_widths(
    rows: Sequence[Sequence[TableCell]], room: float, padding: float, layout: ColumnLayout
) -> list[float]:
    """Widths where the widest words do not fit side by side: the columns of the widest words, as
    few as will do, give up their least width, every other column keeps its own, and the columns
    share the room as :func:`column_widths` does (those few take what is left, at least a few
    characters each). Where even that cannot fit, equal shares."""
    least, most = _needs(rows, padding, layout)
    narrowest = padding + _SLACK + _NARROWEST_TEXT
    widest_first = sorted(range(len(least)), key=lambda index: least[index], reverse=True)
    for count in range(1, len(least) + 1):
        breaking = widest_first[:count]
        kept = sum(least[index] for index in widest_first[count:])
        if kept + count * narrowest <= room:
            lowered = list(least)
            for index in breaking:
                lowered[index] = narrowest
            return _shared(lowered, [max(high, narrowest) for high in most], room, layout.get("stretch"))
    return [room / len(least)] * len(least)


def _paragraphs(row: Sequence[TableCell]) -> Iterable[Paragraph]:
    """The paragraphs of a row's cells, those stacked in one cell too."""
    for cell in row:
        if isinstance(cell, list):
            yield from _paragraphs(cell)
        elif isinstance(cell, Paragraph):
            yield cell


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
