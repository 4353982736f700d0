"""The roster the tests of memo markers and mentions type their lines against: Sami and Finnish
names with accents, names that begin alike (Máret, Matti, Maarit) and one inside another (Anna
Berg, Anna-Liisa Öhman)."""

from __future__ import annotations

from datetime import date

from facilitator.markers import ParsedLine, parse_line
from facilitator.mentions import Mentionable
from facilitator.model.memo import MemoKind

ROSTER = [
    Mentionable("biret", "Biret Đuđá"),
    Mentionable("maret", "Máret Ŋuolja"),
    Mentionable("ande", "Ánde Čuoŋ"),
    Mentionable("matti", "Matti Virtanen"),
    Mentionable("maarit", "Maarit Aho"),
    Mentionable("anna", "Anna Berg"),
    Mentionable("annaliisa", "Anna-Liisa Öhman"),
]
TODAY = date(2026, 12, 8)


def parse(line: str, *, tags_only: bool = False, default_kind: MemoKind = MemoKind.NOTE) -> ParsedLine:
    """``line`` read as the memo reads it on ``TODAY``, against ``ROSTER``."""
    return parse_line(line, ROSTER, TODAY, tags_only=tags_only, default_kind=default_kind)
