"""The network report's own type, colours and chart sizes, shared by its tables and its charts."""

from __future__ import annotations

import functools

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from exports.pdf.styles import FONT_BOLD, styles
from facilitator.dates import format_percent
from facilitator.text import shortened as shortened_text

#: How much of an example's text the researchers' table prints.
EXAMPLE_CHARACTERS = 230
#: The bars' fill, and the warning's colour (dark enough to read in grey on a laser printer).
BAR = colors.HexColor("#4f79a8")
BAR_LIGHT = colors.HexColor("#9db7d5")
WARNING_HEX = "#b22a00"
#: Font sizes inside the charts.
LABEL_SIZE = 7.5


def percent_text(share: float | None) -> str:
    """A share (0–1) as the language writes a percentage ("77 %" in Finnish), "–" for none."""
    return "–" if share is None else format_percent(share)


def shortened(text: str, limit: int = EXAMPLE_CHARACTERS) -> str:
    """``text`` on one line, cut at a word with an ellipsis when longer than the examples' length."""
    return shortened_text(text, limit)


@functools.cache
def section_style() -> ParagraphStyle:
    return ParagraphStyle(
        "report_section", parent=styles().subtitle, fontSize=12, leading=15, spaceBefore=10, spaceAfter=4
    )


@functools.cache
def small_style() -> ParagraphStyle:
    return ParagraphStyle("report_small", parent=styles().cell, fontSize=8.5, leading=10.5)


@functools.cache
def small_bold_style() -> ParagraphStyle:
    return ParagraphStyle("report_small_bold", parent=small_style(), fontName=FONT_BOLD)


@functools.cache
def small_number_style() -> ParagraphStyle:
    return ParagraphStyle("report_small_number", parent=small_style(), alignment=TA_RIGHT)


@functools.cache
def small_number_bold_style() -> ParagraphStyle:
    return ParagraphStyle("report_small_number_bold", parent=small_number_style(), fontName=FONT_BOLD)


@functools.cache
def small_centre_bold_style() -> ParagraphStyle:
    return ParagraphStyle("report_small_centre_bold", parent=small_bold_style(), alignment=TA_CENTER)
