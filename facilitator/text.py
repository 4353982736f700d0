"""Text rules for names typed in Finnish, Swedish and Northern Sami."""

from __future__ import annotations

import codecs
import unicodedata

#: Letters that stand apart at the end of the Finnish and Swedish alphabets: ...x, y, z, å, ä, ö.
_NORDIC_LAST = {"å": "z\u0001", "ä": "z\u0002", "æ": "z\u0002", "ö": "z\u0003", "ø": "z\u0003"}
#: Sami letters that do not decompose into a base letter and an accent.
_SAMI_BASE = {"ŋ": "n", "đ": "d", "ŧ": "t", "Ŋ": "N", "Đ": "D", "Ŧ": "T"}
#: The name of the encoding error handler :func:`_base_letters` is registered under.
BASE_LETTERS = "microentre-base-letters"


def fold(text: str) -> str:
    """Lower-case ``text`` without accents, so "cuon" finds "Čuoŋ" and "jarvi" finds "Järvi"."""
    return base_letters(text.casefold())


def base_letters(text: str) -> str:
    """``text`` with each accented letter as its base letter, case kept: "Čuoŋ" gives "Cuon"."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(character for character in decomposed if not unicodedata.combining(character))
    return "".join(_SAMI_BASE.get(character, character) for character in plain)


def _base_letters(error: UnicodeError) -> tuple[str, int]:
    """Write a character the output's encoding has no code for as its base letter ("?" when it has
    none), so that printing a name never fails: Windows writes redirected output in cp1252, which
    has neither Č nor ŋ."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    # Only ASCII letters are sure to be writable: cp1252 names itself "charmap" in the error, a
    # codec that writes any of the first 256 characters, control characters too (U+009B).
    replaced = []
    for character in error.object[error.start : error.end]:
        plain = base_letters(character)
        replaced.append(plain if plain.isascii() and plain.isprintable() else "?")
    return "".join(replaced), error.end


codecs.register_error(BASE_LETTERS, _base_letters)


def firm_name_key(company: str) -> str:
    """Which firm a typed company name is, the same however it was typed: folded (case, accents and
    Sámi letters as their base letters) with its spaces collapsed, so "Näkkälä  Reindeer" and
    "nakkala reindeer" are one firm; "" for none (nor is a company of no letter or digit, such as
    "-", a firm)."""
    folded = " ".join(fold(company).split())
    return folded if any(character.isalnum() for character in folded) else ""


def unix_lines(text: str) -> str:
    """``text`` with ``\\n`` line endings only (``\\r\\n`` and a lone ``\\r`` become ``\\n``)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def printable(text: str) -> str:
    """``text`` without the characters that would control a terminal rather than show (control and
    format characters: escape sequences, bidirectional overrides), for printing words that came
    from a file made elsewhere; a line end or tab becomes a space."""
    return "".join(
        " " if character in "\t\n\r" else character
        for character in text
        if character in "\t\n\r" or unicodedata.category(character) not in ("Cc", "Cf")
    )


def sort_key(text: str) -> str:
    """Order names as a Finnish reader expects: Á and Č beside A and C, but Å, Ä, Ö after Z."""
    lowered = unicodedata.normalize("NFC", text.casefold())
    return fold("".join(_NORDIC_LAST.get(character, character) for character in lowered))


def shortened(text: str, limit: int) -> str:
    """``text`` on one line, cut at a word with an ellipsis when longer than ``limit`` characters
    (inside a very long word, rather than leaving little of it)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0] if " " in text[: limit + 1] else text[:limit]
    if len(cut) < limit * 0.6:
        cut = text[:limit]
    return cut.rstrip(" ,.;:–—-") + "…"
