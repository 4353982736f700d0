"""Text shown exactly as written."""

from __future__ import annotations

from textual.widgets import Static


class Plain(Static):
    """A Static that never reads markup: names, companies and rules may hold "[" or "]"."""

    def __init__(self, content: str = "", *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(content, markup=False, id=id, classes=classes)
