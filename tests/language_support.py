"""The app's words in another language for a while, in a test that compares languages."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from facilitator.i18n import language, use_language


@contextmanager
def speaking(code: str) -> Iterator[None]:
    """The app in ``code`` for the block, and in the language it spoke before again after it."""
    before = language()
    use_language(code)
    try:
        yield
    finally:
        use_language(before)
