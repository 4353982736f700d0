"""The look shared by every printed PDF: embedded DejaVu fonts, A4 pages, footer, styles.

Reportlab's built-in fonts (Helvetica and friends) have no Č, Đ, Ŋ, Ŧ or Ž and drop them
silently, so every style, table and canvas here names the embedded DejaVu fonts, including
the canvas's initial font, which otherwise puts Helvetica into every page.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeAlias
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph as ReportlabParagraph, SimpleDocTemplate, TableStyle
from reportlab.platypus.paragraph import cleanBlockQuotedText
from reportlab.platypus.paraparser import ParaFrag, ParaParser

from exports.files import write_export
from facilitator.dates import format_count, format_date
from facilitator.i18n import _

FONTS_FOLDER = Path(__file__).resolve().parents[1] / "fonts"
FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"

PAGE_SIZE = A4
MARGIN = 18 * mm
TOP_MARGIN = 16 * mm
BOTTOM_MARGIN = 20 * mm
FOOTER_Y = 10 * mm
FOOTER_SIZE = 8
#: The width a full-width table may take.
CONTENT_WIDTH = PAGE_SIZE[0] - 2 * MARGIN
#: The padding reportlab's page frame keeps inside the margins, on each side.
FRAME_PADDING = 6
#: The width a flowable has between the margins, inside the frame's padding: a table or a drawing
#: as wide as this ends at the right margin (one of CONTENT_WIDTH runs past it by the padding).
TEXT_WIDTH = CONTENT_WIDTH - 2 * FRAME_PADDING
CELL_PADDING = 4
#: The padding above and below a table cell's text, and the weights of a table's rules.
TABLE_TOP_PADDING = 4
TABLE_BOTTOM_PADDING = 5
HEADER_RULE_WIDTH = 0.8
ROW_RULE_WIDTH = 0.4

INK = colors.HexColor("#1a1a1a")
MUTED_HEX = "#5c5c5c"
MUTED = colors.HexColor(MUTED_HEX)
RULE = colors.HexColor("#9a9a9a")
HEADER_FILL = colors.HexColor("#e6e6e6")
PRODUCER = "MicroENTRE Facilitator"


def unbroken(text: str) -> str:
    """``text`` with no-break spaces, so that a line never ends inside it (a date: "27. elokuuta 2026")."""
    return text.replace(" ", "\u00a0")


@functools.cache
def register_fonts() -> None:
    """Register the DejaVu fonts (embedded, subset) once per process, as a family so <b> works."""
    pdfmetrics.registerFont(TTFont(FONT, str(FONTS_FOLDER / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONTS_FOLDER / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)


@dataclass(frozen=True)
class Styles:
    """Paragraph styles for titles, running text and table cells."""

    title: ParagraphStyle
    subtitle: ParagraphStyle
    body: ParagraphStyle
    note: ParagraphStyle
    cell: ParagraphStyle
    cell_note: ParagraphStyle
    header_cell: ParagraphStyle
    bullet: ParagraphStyle
    number_cell: ParagraphStyle
    number_header_cell: ParagraphStyle


@functools.cache
def styles() -> Styles:
    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=13, textColor=INK, spaceAfter=4)
    cell = ParagraphStyle("cell", parent=body, fontSize=9.5, leading=12, spaceAfter=0)
    header_cell = ParagraphStyle("header_cell", parent=cell, fontName=FONT_BOLD)
    return Styles(
        title=ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=18, leading=22, spaceAfter=2),
        subtitle=ParagraphStyle("subtitle", parent=body, fontName=FONT_BOLD, fontSize=13, leading=17, spaceAfter=6),
        body=body,
        note=ParagraphStyle("note", parent=body, fontSize=8.5, leading=11, textColor=MUTED),
        cell=cell,
        cell_note=ParagraphStyle("cell_note", parent=cell, fontSize=8.5, leading=11, textColor=MUTED),
        header_cell=header_cell,
        bullet=ParagraphStyle(
            "bullet", parent=body, leftIndent=5 * mm, bulletIndent=1 * mm, bulletFontName=FONT, spaceAfter=2
        ),
        number_cell=ParagraphStyle("number_cell", parent=cell, alignment=TA_RIGHT),
        number_header_cell=ParagraphStyle("number_header_cell", parent=header_cell, alignment=TA_RIGHT),
    )


def muted(text: str) -> str:
    """``text`` escaped and greyed, as a paragraph's markup: for what is missing or said aside."""
    return f"<font color='{MUTED_HEX}'>{escape(text)}</font>"


#: What a table's cell holds: a flowable, flowables stacked, or plain text.
TableCell: TypeAlias = Flowable | list[Flowable] | str
#: One command of a TableStyle: its name, the first and last cell (column, row) it applies to, its values.
TableCommand: TypeAlias = tuple[str, tuple[int, int], tuple[int, int], *tuple[object, ...]]


def table_style() -> TableStyle:
    """A light, ink-saving grid: a shaded header row, thin rules between rows, cells top-aligned."""
    register_fonts()
    return TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
            ("FONTSIZE", (0, 0), (-1, -1), 9.5),
            ("TEXTCOLOR", (0, 0), (-1, -1), INK),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
            ("LINEABOVE", (0, 0), (-1, 0), HEADER_RULE_WIDTH, INK),
            ("LINEBELOW", (0, 0), (-1, 0), HEADER_RULE_WIDTH, INK),
            ("LINEBELOW", (0, 1), (-1, -1), ROW_RULE_WIDTH, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), TABLE_TOP_PADDING),
            ("BOTTOMPADDING", (0, 0), (-1, -1), TABLE_BOTTOM_PADDING),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ]
    )


class Paragraph(ReportlabParagraph):
    """Reportlab's Paragraph, reading plain text without its markup parser and breaking its lines
    once for each width it is given: the facilitator's record of a long evening holds hundreds.

    Most paragraphs are escaped plain text (no "<", no "&"): reportlab would make a markup parser
    for each, which only finds the text in the style's font and colour. Such text gets a copy of
    the fragment the parser made for the style once, holding the text; markup goes to the parser.

    A table measures its cells, measures them again for every page it runs over and once more to
    draw them, and reportlab breaks the lines anew each time. They depend on the width alone; a
    paragraph that was split (which may drop its lines) breaks them again.
    """

    _wrapped_width: float | None = None
    _wrapped_size: tuple[float, float] = (0, 0)

    def __init__(
        self,
        text: str | None,
        style: ParagraphStyle,
        bulletText: str | None = None,
        frags: list[ParaFrag] | None = None,
        caseSensitive: int = 1,
        encoding: str = "utf8",
    ) -> None:
        # reportlab gives the parts of a split paragraph their fragments, and no text
        if frags is None and text is not None:
            text = cleanBlockQuotedText(text)  # what reportlab does to every paragraph's text first
            if text and "<" not in text and "&" not in text and not style.textTransform:
                fragment = _plain_fragment(style)
                fresh = {name: list(value) for name, value in vars(fragment).items() if isinstance(value, list)}
                frags = [fragment.clone(text=text, **fresh)]
        super().__init__(
            text,  # type: ignore[arg-type]  # the stubs say str; reportlab splits a paragraph into ones of None
            style,
            bulletText=bulletText,
            frags=frags,
            caseSensitive=caseSensitive,
            encoding=encoding,
        )

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if availWidth != self._wrapped_width or not hasattr(self, "blPara"):
            self._wrapped_size = super().wrap(availWidth, availHeight)
            self._wrapped_width = availWidth
        return self._wrapped_size


@functools.lru_cache(maxsize=64)
def _plain_fragment(style: ParagraphStyle) -> ParaFrag:
    """The fragment reportlab's parser makes of plain text in ``style`` (its font, size, colour)."""
    frags: list[ParaFrag]
    _style, frags, _bullet = ParaParser().parse("x", style)  # type: ignore[no-untyped-call]  # unannotated in the stubs
    (fragment,) = frags
    return fragment


class _FooterCanvas(Canvas):
    """Holds the pages back until the end, so that each footer can say "page 2 of 3"."""

    def __init__(self, *args: Any, footer: tuple[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # whatever reportlab's document passes to its canvas maker
        self._footer = footer
        self._pages: list[dict[str, object]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]  # reportlab's own page set-up, not in the stubs

    def save(self) -> None:
        total = len(self._pages)
        for number, page in enumerate(self._pages, start=1):
            self.__dict__.update(page)
            self._draw_footer(number, total)
            super().showPage()
        super().save()

    def _draw_footer(self, number: int, total: int) -> None:
        group_name, printed = self._footer
        width = self._pagesize[0]  # type: ignore[attr-defined]  # the canvas's page size, not in the stubs
        right = f"{printed}   ·   " + _("Page {page} of {total}").format(page=number, total=format_count(total))
        room = width - 2 * MARGIN - pdfmetrics.stringWidth(right, FONT, FOOTER_SIZE) - 8 * mm
        self.saveState()
        self.setStrokeColor(RULE)
        self.setLineWidth(0.4)
        self.line(MARGIN, FOOTER_Y + 4 * mm, width - MARGIN, FOOTER_Y + 4 * mm)
        self.setFont(FONT, FOOTER_SIZE)
        self.setFillColor(MUTED)
        self.drawString(MARGIN, FOOTER_Y, _shortened(group_name, room))
        self.drawRightString(width - MARGIN, FOOTER_Y, right)
        self.restoreState()


def _shortened(text: str, room: float) -> str:
    """``text``, cut with an ellipsis where it would not fit in ``room`` points of footer."""
    if pdfmetrics.stringWidth(text, FONT, FOOTER_SIZE) <= room:
        return text
    while text and pdfmetrics.stringWidth(text + "…", FONT, FOOTER_SIZE) > room:
        text = text[:-1]
    return text.rstrip() + "…"


def pdf_bytes(story: list[Flowable], *, title: str, group_name: str, printed_on: date, author: str = "") -> bytes:
    """Lay ``story`` out on A4 pages with the shared footer: the PDF's bytes, for a caller that
    writes them itself (beside another file, say: see :func:`build_pdf`).

    The footer carries the group's name, ``printed_on`` (today on the calendar of the group or
    groups the paper is about: the caller knows them) and the page number, so a loose sheet still
    says what it belongs to and whether it is current.
    """
    register_fonts()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=PAGE_SIZE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=TOP_MARGIN,
        bottomMargin=BOTTOM_MARGIN,
        title=title,
        author=author,
        creator=PRODUCER,
        initialFontName=FONT,
    )
    printed = _("Printed on {date}").format(date=format_date(printed_on))
    document.build(story, canvasmaker=functools.partial(_FooterCanvas, footer=(group_name, printed)))
    return buffer.getvalue()


def build_pdf(
    path: Path, story: list[Flowable], *, title: str, group_name: str, printed_on: date, author: str = ""
) -> Path:
    """Lay ``story`` out as :func:`pdf_bytes` does and write it to ``path`` atomically."""
    return write_export(
        path, pdf_bytes(story, title=title, group_name=group_name, printed_on=printed_on, author=author)
    )
