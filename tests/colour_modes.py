"""The ways a terminal may show the app's colours, for the tests that look at what the screen shows.

- ``default``: the theme's own colours, as a terminal with true colour shows them;
- ``no_color``: ``NO_COLOR`` set, which Textual honours by turning every colour into a grey;
- ``sixteen``: a 16-colour terminal (``TERM=xterm``, no ``COLORTERM``). Rich, which writes the
  app's output, then gives each colour the nearest of the 16, and the terminal shows them with its
  own palette. Here the same is done to the lines the app renders, so that a test, and a snapshot,
  sees what such a terminal shows; a test reads the 16 colours with xterm's palette.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache

import pytest
from rich.color import Color as RichColor, ColorSystem
from rich.segment import Segment
from rich.style import Style
from rich.terminal_theme import TerminalTheme
from textual.app import App
from textual.color import Color
from textual.filter import LineFilter

#: xterm's own 16 colours, as ``TERM=xterm`` shows them unless the user chose others.
XTERM = TerminalTheme(
    (0, 0, 0),
    (229, 229, 229),
    [(0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229)],
    [
        (127, 127, 127),
        (255, 0, 0),
        (0, 255, 0),
        (255, 255, 0),
        (92, 92, 255),
        (255, 0, 255),
        (0, 255, 255),
        (255, 255, 255),
    ],
)


@lru_cache(maxsize=1024)
def _in_sixteen_colours(style: Style) -> Style:
    def nearest(color: RichColor | None) -> RichColor | None:
        return None if color is None else color.downgrade(ColorSystem.STANDARD)

    return style + Style.from_color(nearest(style.color), nearest(style.bgcolor))


class SixteenColours(LineFilter):
    """Each colour the nearest of the 16, as Rich writes it for a 16-colour terminal."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        return [
            Segment(text, None if style is None else _in_sixteen_colours(style), control)
            for text, style, control in segments
        ]


def app_in_mode(mode: str, make_app: Callable[[], App], monkeypatch: pytest.MonkeyPatch) -> App:
    """The app ``make_app`` makes, showing its colours as the terminal of ``mode`` does."""
    if mode == "no_color":
        monkeypatch.setenv("NO_COLOR", "1")  # read as the app is made
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    app = make_app()
    if mode == "sixteen":
        the_app_s = app.get_line_filters  # every widget renders its lines through these
        monkeypatch.setattr(app, "get_line_filters", lambda: [*the_app_s(), SixteenColours()])
    return app


def _luminance(color: RichColor) -> float:
    """The relative luminance of WCAG 2.1, of the colour as xterm shows it."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = color.get_truecolor(XTERM)
    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast(one: RichColor, other: RichColor) -> float:
    """The contrast ratio of WCAG 2.1, from 1 (the same) to 21 (black on white)."""
    lighter, darker = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def unseen_cells(line: Iterable[Segment], least_contrast: float = 3.0) -> int:
    """How many cells of a rendered line show no mark: a blank, or a glyph whose colour stands out
    from its background less than ``least_contrast`` (3:1 is what WCAG asks of a component's edge)."""
    unseen = 0
    for text, style, _control in line:
        if style is None or style.color is None or style.bgcolor is None:
            unseen += len(text)
            continue
        ink, paper = (style.bgcolor, style.color) if style.reverse else (style.color, style.bgcolor)
        shows = contrast(ink, paper) >= least_contrast
        unseen += sum(1 for character in text if character.isspace() or not shows)
    return unseen
