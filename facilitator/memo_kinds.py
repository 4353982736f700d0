"""The kinds of memo entries by their words in English, Finnish and Swedish: ``!päätös``, ``!beslut``
and ``!d`` all name a decision, whatever the app's language, since one workspace holds lines typed
in any of them. A start of a word names a kind when every word it begins, in every language, is of
that kind.

The outcome marker (``!outcome``, ``!tulos``, ``!resultat``) is read by the same rules and shares
the starts of words with the kinds ("!t" could be toimenpide, tarve or tulos), but it is no kind:
a line keeps its kind and also drafts an outcome in its entrepreneur's business.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import TypeAlias

from facilitator.i18n import _, language
from facilitator.model.memo import MemoKind
from facilitator.text import fold

KIND_ORDER = (MemoKind.NOTE, MemoKind.DECISION, MemoKind.ACTION, MemoKind.NEED, MemoKind.IDEA)
#: Each language's word for each kind, in ``KIND_ORDER``: the kinds' labels in its catalogue.
KIND_WORDS = {
    "en": ("note", "decision", "action", "need", "idea"),
    "fi": ("huomio", "päätös", "toimenpide", "tarve", "idea"),
    "sv": ("notering", "beslut", "åtgärd", "behov", "idé"),
}


class OutcomeMarker(StrEnum):
    """The marker that drafts an outcome from a memo line: named like a kind, but not one."""

    OUTCOME = "outcome"

    @property
    def label(self) -> str:
        return _("outcome")


#: A marker after "!": a kind, or the outcome marker.
Marker: TypeAlias = MemoKind | OutcomeMarker

OUTCOME = OutcomeMarker.OUTCOME
#: Each language's word for the outcome marker: "outcome" in its catalogue.
OUTCOME_WORDS = {"en": "outcome", "fi": "tulos", "sv": "resultat"}
MARKER_ORDER: tuple[Marker, ...] = (*KIND_ORDER, OUTCOME)


def kind_word(kind: Marker, code: str) -> str:
    """The word for ``kind`` (or the outcome marker) in the language ``code`` (English for a
    language without words)."""
    if kind is OUTCOME:
        return OUTCOME_WORDS.get(code, OUTCOME_WORDS["en"])
    return KIND_WORDS.get(code, KIND_WORDS["en"])[KIND_ORDER.index(kind)]


def _begins(typed: str, word: str) -> bool:
    """Whether ``typed`` begins the kind word ``word``, in any case; typed without accents, it may
    also begin the word's accentless form ("paat" begins päätös, but "ä" does not begin "action")."""
    wanted = typed.casefold()
    return word.startswith(wanted) or fold(word).startswith(wanted)


def _kinds_begun(typed: str) -> list[Marker]:
    """The kinds (and the outcome marker) with a word, in any language, that ``typed`` begins."""
    return [marker for marker in MARKER_ORDER if any(_begins(typed, kind_word(marker, code)) for code in KIND_WORDS)]


def shortest_marker(word: str) -> str:
    """The shortest ``!`` and start of the kind word ``word`` (or outcome word) that names its kind
    alone in every language."""
    for length in range(1, len(word)):
        if len(_kinds_begun(word[:length])) == 1:
            return "!" + word[:length]
    return "!" + word


def _suggested_word(kind: Marker, typed: str) -> str:
    """The word to suggest for ``kind`` when ``typed`` could be several kinds: the current
    language's if ``typed`` begins it, else the one (English first) that ``typed`` begins."""
    words = [kind_word(kind, code) for code in dict.fromkeys([language(), "en", *KIND_WORDS])]
    return next((word for word in words if _begins(typed, word)), words[0])


def kind_of(typed: str) -> tuple[Marker | None, str]:
    """The kind (or the outcome marker) ``!word`` names (a unique start of a kind word of any
    language, any case), or a problem."""
    found = _kinds_begun(typed[1:])
    if len(found) == 1:
        return found[0], ""
    if found:
        return None, _("“{typed}” could be {kinds}: write {markers}.").format(
            typed=typed,
            kinds=or_list([kind.label for kind in found]),
            markers=or_list([shortest_marker(_suggested_word(kind, typed[1:])) for kind in found]),
        )
    return None, _("“{typed}” is not a marker: use {markers}.").format(
        typed=typed, markers=or_list(["!" + kind_word(kind, language()) for kind in MARKER_ORDER])
    )


def or_list(items: Sequence[str]) -> str:
    """``a, b or c``."""
    if len(items) == 1:
        return items[0]
    return _("{items} or {last}").format(items=", ".join(items[:-1]), last=items[-1])
