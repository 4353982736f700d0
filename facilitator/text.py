"""Text rules for names typed in Finnish, Swedish and Northern Sami."""

from __future__ import annotations

import unicodedata

#: Letters that stand apart at the end of the Finnish and Swedish alphabets: ...x, y, z, å, ä, ö.
_NORDIC_LAST = {"å": "z\u0001", "ä": "z\u0002", "æ": "z\u0002", "ö": "z\u0003", "ø": "z\u0003"}
#: Sami letters that do not decompose into a base letter and an accent.
_SAMI_BASE = {"ŋ": "n", "đ": "d", "ŧ": "t"}


def fold(text: str) -> str:
    """Lower-case ``text`` without accents, so "cuon" finds "Čuoŋ" and "jarvi" finds "Järvi"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(character for character in decomposed if not unicodedata.combining(character))
    return "".join(_SAMI_BASE.get(character, character) for character in plain)


def sort_key(text: str) -> str:
    """Order names as a Finnish reader expects: Á and Č beside A and C, but Å, Ä, Ö after Z."""
    lowered = unicodedata.normalize("NFC", text.casefold())
    return fold("".join(_NORDIC_LAST.get(character, character) for character in lowered))
