"""What tests read back of what the app and the exports show: the notices the app has given, the
one a worker gives when it is done, and the words of a PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pypdf import PdfReader
from textual.app import App
from textual.pilot import Pilot


def notices(app: App[Any]) -> list[str]:
    """The messages of the notices the app has given and still shows, the oldest first."""
    return [note.message for note in app._notifications]


async def notice(pilot: Pilot[Any], start: str, severity: str = "information") -> str:
    """The notice of ``severity`` that starts with ``start``, once a worker has given it; an error
    notice given meanwhile fails the test with its message (unless an error is what is awaited)."""
    for _attempt in range(1500):
        for note in pilot.app._notifications:
            if note.message.startswith(start) and note.severity == severity:
                return note.message
            assert note.severity != "error" or severity == "error", note.message
        await pilot.pause(0.02)
    raise AssertionError(f"no notice “{start}…”: {notices(pilot.app)}")


def pdf_text(path: Path) -> str:
    """The words of every page of the PDF at ``path``, as pypdf reads them, one space between each."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())
