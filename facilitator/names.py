"""Finding people's names in typed text, and replacing those of people who may not be named.

Shared by the website text (named only with consent to sharing contact details) and by what a
coordinator receives (named only with consent to research use). Each caller says who is hidden,
what each becomes, and what stays as typed; :class:`NameHider` does the finding.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from facilitator.text import fold


def name_forms(
    hidden: Iterable[tuple[str, str]],
    shown: Iterable[str],
    organisations: Iterable[str],
    *,
    ambiguous: str,
    hidden_organisations: Iterable[tuple[str, str]] = (),
) -> dict[str, str | None]:
    """Every form of a name (folded) that must change, and what it becomes; None: stays as typed.

    ``hidden`` names are changed whole and part by part (first, middle or last name), even when
    someone shown shares the part: better a member unnamed than one named without consent; a part
    that two hidden people share becomes ``ambiguous``. ``hidden_organisations`` are changed whole
    and shortened. ``shown`` names and ``organisations`` stay as typed, whole and shortened ("Žaná's
    Bakery" for "Žaná's Bakery & Café"), unless that is the name of someone hidden.
    """
    namings: dict[str, str | None] = {}
    parts: dict[str, set[str]] = {}  # folded part of a name -> what its holders become
    for name, becomes in hidden:
        if not name.split():
            continue
        namings[_fold(name)] = becomes
        for word in name.split():
            if len(word) > 1:
                parts.setdefault(_fold(word), set()).add(becomes)
    for organisation, becomes in hidden_organisations:
        for shortened in _shortenings(organisation):
            namings.setdefault(shortened, becomes)
    for part, becomes in parts.items():
        if part not in namings:
            namings[part] = next(iter(becomes)) if len(becomes) == 1 else ambiguous
    for name in shown:
        namings.setdefault(_fold(name), None)
    for organisation in organisations:
        for shortened in _shortenings(organisation):
            namings.setdefault(shortened, None)
    namings.pop("", None)
    return namings


def _shortenings(organisation: str) -> list[str]:
    """An organisation's name folded, whole and cut to its first two words or more."""
    words = organisation.split()
    return [_fold(" ".join(words[:length])) for length in range(len(words), 1 if len(words) > 1 else 0, -1)]


def _fold(text: str) -> str:
    return fold(unicodedata.normalize("NFC", " ".join(text.split())))


#: Each character met so far, folded: a research export folds millions of characters, of a few
#: hundred different ones, and folding one costs microseconds (Unicode decomposition).
_FOLDED: dict[str, str] = {}


def _fold_character(character: str) -> str:
    folded = _FOLDED.get(character)
    if folded is None:
        folded = _FOLDED[character] = fold(character)
    return folded


def _fold_with_offsets(text: str) -> tuple[str, Sequence[int]]:
    """``text`` folded character by character, and for each folded character its index in ``text``."""
    if text.isascii():  # most memo lines: folding plain letters only lowers their case
        return text.lower(), range(len(text) + 1)
    pieces = [_FOLDED.get(character) or _fold_character(character) for character in text]
    folded = "".join(pieces)
    if len(folded) == len(text) and "" not in pieces:  # every character folded to one, as nearly always
        return folded, range(len(text) + 1)
    offsets: list[int] = []
    for index, piece in enumerate(pieces):
        offsets.extend([index] * len(piece))
    offsets.append(len(text))
    return folded, offsets


#: Endings a name takes in Finnish and Swedish running text ("Annan", "Annalle", "Annas"): a name
#: so inflected is still the name, and is replaced whole.
_ENDINGS = (
    "s", "n", "a", "ä", "na", "nä", "ta", "tä", "lle", "lla", "llä", "lta", "ltä", "ssa", "ssä", "sta", "stä",
    "ksi", "in", "en", "ille", "illa", "illä", "ilta", "iltä", "issa", "issä", "ista", "istä", "ia", "iä",
    "hin", "han", "hen", "iin", "ineen",
)
_POSSESSIVE = re.compile(r"['’]s")


class NameHider:
    """Replaces, in typed text, the names that :func:`name_forms` says must change.

    Names are found whole (not inside other words), accents and case ignored ("Ailu" is Áilu), also
    with a Finnish or Swedish ending ("Áilun", "Áilus", "Áilu's"); an English possessive stays on
    the company, other endings go with the name.
    """

    def __init__(self, namings: dict[str, str | None]) -> None:
        self._namings = namings
        forms = sorted(self._namings, key=len, reverse=True)
        endings = "|".join(re.escape(fold(ending)) for ending in sorted(set(_ENDINGS), key=len, reverse=True))
        alternatives = "|".join(re.escape(form) for form in forms)
        self._pattern = (
            re.compile(rf"(?<!\w)({alternatives})((?:['’:]?(?:{endings}))?)(?!\w)") if alternatives else None
        )

    def __call__(self, text: str) -> str:
        text = unicodedata.normalize("NFC", text)
        if self._pattern is None:
            return text
        folded, offsets = _fold_with_offsets(text)
        pieces: list[str] = []
        cursor = 0
        for match in self._pattern.finditer(folded):
            replacement = self._namings[match.group(1)]
            if replacement is None:
                continue  # a name that may be shown, or a company: as typed
            start, name_end, end = offsets[match.start()], offsets[match.end(1)], offsets[match.end()]
            ending = text[name_end:end]
            ending = ending if _POSSESSIVE.fullmatch(ending) else ""
            if _starts_sentence(text, start):
                replacement = replacement[:1].upper() + replacement[1:]
            pieces += [text[cursor:start], replacement + ending]
            cursor = end
        pieces.append(text[cursor:])
        return "".join(pieces)


def _starts_sentence(text: str, index: int) -> bool:
    before = text[:index].rstrip()
    return not before or before[-1] in ".!?:"
