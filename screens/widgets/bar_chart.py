"""Horizontal bars in the terminal: one row per label, the bar in block characters, then its value.

Bars are drawn to an eighth of a cell (▏▎▍▌▋▊▉█), so small differences still show at 80 columns.
The screen pushes the data in (``chart.bars = [...]``); the chart only draws.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

#: A bar's last cell, by the eighths it fills (1 to 7); a full cell is "█".
EIGHTHS = " ▏▎▍▌▋▊▉"
FULL = "█"


@dataclass(frozen=True)
class Bar:
    """One row: ``label`` before the bar, ``value`` its length, ``text`` written after it."""

    label: str
    value: float
    text: str = ""


def bar_blocks(value: float, maximum: float, width: int) -> str:
    """``value`` out of ``maximum`` as a bar of at most ``width`` cells, to the nearest eighth.

    A value above nothing never vanishes: it gets at least one eighth.
    """
    if maximum <= 0 or value <= 0 or width <= 0:
        return ""
    eighths = round(min(value, maximum) / maximum * width * 8)
    eighths = max(eighths, 1)
    full, rest = divmod(eighths, 8)
    return FULL * full + (EIGHTHS[rest] if rest else "")


class BarChart(Widget):
    """A horizontal bar chart of :class:`Bar` rows.

    ``maximum`` is the value of a full-width bar (100 for percentages); None scales to the largest
    value. The label column is as wide as the longest label, up to ``label_width`` or half the room
    the values leave, whichever is more (a wide screen shows whole names); longer labels are cut with "…".
    """

    DEFAULT_CSS = """
    BarChart {
        height: auto;
        padding: 0 1;
    }
    BarChart > .bar-chart--bar {
        color: $accent;
    }
    BarChart > .bar-chart--label {
        color: $foreground;
    }
    BarChart > .bar-chart--value {
        color: $text-muted;
    }
    """
    COMPONENT_CLASSES = {"bar-chart--bar", "bar-chart--label", "bar-chart--value"}

    bars: reactive[tuple[Bar, ...]] = reactive((), layout=True)
    maximum: reactive[float | None] = reactive(None)
    label_width: reactive[int] = reactive(24)

    def __init__(
        self,
        bars: Sequence[Bar] = (),
        *,
        maximum: float | None = None,
        label_width: int = 24,
        id: str | None = None,  # Textual's own name for it
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.set_reactive(BarChart.bars, tuple(bars))
        self.set_reactive(BarChart.maximum, maximum)
        self.set_reactive(BarChart.label_width, label_width)

    def get_content_height(self, container, viewport, width: int) -> int:  # Textual's signature
        return len(self.bars)

    @property
    def scale(self) -> float:
        """The value a full-width bar stands for."""
        if self.maximum is not None:
            return self.maximum
        return max((bar.value for bar in self.bars), default=0)

    def layout_widths(self, width: int) -> tuple[int, int, int]:
        """(label, bar, value) column widths for a chart ``width`` cells wide."""
        value = max((cell_len(bar.text) for bar in self.bars), default=0)
        room = max(self.label_width, (width - value - 2) // 2)
        label = min(room, max((cell_len(bar.label) for bar in self.bars), default=0))
        bar = max(width - label - value - 2, 1)
        return label, bar, value

    def lines(self, width: int) -> list[tuple[str, str, str]]:
        """Each row as (label, bar, value) strings, the label padded or cut to its column."""
        label_width, bar_width, _value_width = self.layout_widths(width)
        scale = self.scale
        rows = []
        for bar in self.bars:
            label = Text(bar.label)
            label.truncate(label_width, overflow="ellipsis", pad=True)
            blocks = bar_blocks(bar.value, scale, bar_width)
            rows.append((label.plain, blocks, bar.text))
        return rows

    def render(self) -> Text:
        width = self.content_size.width
        label_style = self.get_component_rich_style("bar-chart--label")
        bar_style = self.get_component_rich_style("bar-chart--bar")
        value_style = self.get_component_rich_style("bar-chart--value")
        _label_width, bar_width, value_width = self.layout_widths(width)
        text = Text(no_wrap=True, overflow="crop", end="")
        for index, (label, blocks, value) in enumerate(self.lines(width)):
            if index:
                text.append("\n")
            text.append(label, label_style)
            text.append(" ")
            text.append(blocks, bar_style)
            text.append(" " * (bar_width - cell_len(blocks) + 1))
            text.append(" " * (value_width - cell_len(value)) + value, value_style)
        return text
