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
    for part, holders_become in parts.items():
        if part not in namings:
            namings[part] = next(iter(holders_become)) if len(holders_become) == 1 else ambiguous
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
    """``text`` folded as :class:`NameHider` folds what it searches, character by character:
    the same as :func:`~facilitator.text.fold` gives, as case folding and decomposition work
    character by character."""
    return unicodedata.normalize("NFC", " ".join(text.split())).translate(_FOLDED)


class _FoldedCharacters(dict[int, str]):
    """Each character met so far (by code point), folded, for :meth:`str.translate`: a research
    export folds millions of characters, of a few hundred different ones, and folding one costs
    microseconds (Unicode decomposition)."""

    def __missing__(self, code_point: int) -> str:
        character = chr(code_point)
        folded = fold(character)
        if len(folded) != 1:
            _UNEVEN.add(character)  # before the table has it: another thread may read the table
        self[code_point] = folded
        return folded


_FOLDED = _FoldedCharacters()
#: The characters met so far that fold to none or to several ("ß" to "ss", a lone accent to none).
_UNEVEN: set[str] = set()


def _fold_with_offsets(text: str) -> tuple[str, Sequence[int]]:
    """``text`` folded character by character, and for each folded character its index in ``text``."""
    if text.isascii():  # most memo lines: folding plain letters only lowers their case
        return text.lower(), range(len(text) + 1)
    folded = text.translate(_FOLDED)
    if _UNEVEN.isdisjoint(text):  # every character folded to one, as nearly always
        return folded, range(len(text) + 1)
    offsets: list[int] = []
    for index, character in enumerate(text):
        offsets.extend([index] * len(_FOLDED[ord(character)]))
    offsets.append(len(text))
    return folded, offsets


#: Endings a name takes in Finnish and Swedish running text ("Annan", "Annalle", "Annas"): a name
#: so inflected is still the name, and is replaced whole.
_ENDINGS = (
    "s",
    "n",
    "a",
    "ä",
    "na",
    "nä",
    "ta",
    "tä",
    "lle",
    "lla",
    "llä",
    "lta",
    "ltä",
    "ssa",
    "ssä",
    "sta",
    "stä",
    "ksi",
    "in",
    "en",
    "ille",
    "illa",
    "illä",
    "ilta",
    "iltä",
    "issa",
    "issä",
    "ista",
    "istä",
    "ia",
    "iä",
    "hin",
    "han",
    "hen",
    "iin",
    "ineen",
)
_POSSESSIVE = re.compile(r"['’]s")

#: Strings by their characters: each character leads to the strings that go on with it, and the
#: key "" marks that one ends there.
_Trie = dict[str, "_Trie"]
#: How deeply :func:`_alternatives` nests groups before listing what is left flat: Python's regular
#: expression parser recurses once per group, and an organisation's shortenings nest once per word.
_DEEPEST = 100


def _trie(strings: Iterable[str]) -> _Trie:
    root: _Trie = {}
    for string in strings:
        node = root
        for character in string:
            node = node.setdefault(character, {})
        node[""] = {}
    return root


def _alternatives(node: _Trie, depth: int = 0) -> str:
    """A regular expression matching the strings of the trie ``node``, longest first.

    Strings sharing a beginning share a branch (``ann(?:a(?:\\ maria)?|i)``), which Python's
    ``re`` matches about twice as fast as a flat ``anna\\ maria|anna|anni``: at each place in a
    text it tries one branch per first letter, not every string. It finds the same: at one place
    in a text the strings that match are beginnings of one another, and each branch goes on
    before it stops, so the longest that lets the whole pattern match wins, as in the flat
    alternation sorted longest first.
    """
    if depth == _DEEPEST:
        return "(?:" + "|".join(re.escape(rest) for rest in sorted(_rests(node), key=len, reverse=True)) + ")"
    branches = []
    for character, child in node.items():
        if not character:
            continue
        run = character
        while len(child) == 1 and "" not in child:  # a run without a fork: one literal
            ((character, child),) = child.items()
            run += character
        branches.append(re.escape(run) + _alternatives(child, depth + 1))
    ends_here = "" in node
    if not branches:
        return ""
    if len(branches) == 1 and not ends_here:
        return branches[0]
    return "(?:" + "|".join(branches) + (")?" if ends_here else ")")


def _rests(node: _Trie) -> list[str]:
    """Every string of the trie ``node``."""
    rests, unseen = [], [("", node)]
    while unseen:
        before, node = unseen.pop()
        if "" in node:
            rests.append(before)
        unseen += [(before + character, child) for character, child in node.items() if character]
    return rests


_ENDING_ALTERNATIVES = _alternatives(_trie(fold(ending) for ending in _ENDINGS))
#: What may begin the ending after a name: one of the marks before it, or its first letters.
_ENDING_MARKS = "'’:"
_ENDING_BEGINNINGS = frozenset(ending[:end] for ending in map(fold, _ENDINGS) for end in range(1, len(ending) + 1))
_NOT_WORD = re.compile(r"\W")


def _forms_to_search(namings: dict[str, str | None]) -> list[str]:
    """The forms to search for to change every name that searching for every form would change.

    A form that stays as typed (a shown name, a company) changes nothing where it is found: it
    matters only by keeping the search from finding another form there, as the search goes on
    after it. It can do so to a form to change that begins it ("Anna" in "Anna Maria Berg"), or to
    a searched form that could start inside it ("Berg" in "Anna Maria Berg Oy", or a shown name
    that in turn covers one to change), or inside the ending after it (then every form is
    searched, see :func:`_may_start_in_an_ending`). The forms that can do none of this are left
    out: on a coordinator's workspace, where those without consent are pseudonyms already, nine
    in ten, and the pattern is that much quicker to compile and to match.
    """
    to_change = [form for form, becomes in namings.items() if becomes is not None]
    to_change_trie = _trie(to_change)
    as_typed = {  # each with where another form could start inside it: after a character not of a word
        form: [form[after.end() :] for after in _NOT_WORD.finditer(form) if after.end() < len(form)]
        for form, becomes in namings.items()
        if becomes is None
    }
    searched: list[str] = []
    added = to_change + [form for form in as_typed if _begins(to_change_trie, form, or_longer=False)]
    while added:  # until no form left out could cover one of those added last
        if any(_may_start_in_an_ending(form) for form in added):
            return list(namings)
        searched += added
        for form in added:
            as_typed.pop(form, None)
        added_trie = _trie(added)
        added = [
            form
            for form, insides in as_typed.items()
            if any(_begins(added_trie, inside, or_longer=True) for inside in insides)
        ]
    return searched


def _may_start_in_an_ending(form: str) -> bool:
    """Whether ``form`` could be found in the ending after another ("Virta:sta" holds "s" and
    "sta"), where the search does not look for it once that other is found: it begins with a mark
    or with the first letters of an ending (or is empty, as it never is from :func:`name_forms`)."""
    return form[:1] in _ENDING_MARKS or _NOT_WORD.split(form, maxsplit=1)[0] in _ENDING_BEGINNINGS


def _begins(trie: _Trie, text: str, *, or_longer: bool) -> bool:
    """Whether a string of ``trie`` shorter than ``text`` begins it, or (``or_longer``) one
    that ``text`` begins or is."""
    node = trie
    for character in text:
        if "" in node:
            return True
        child = node.get(character)
        if child is None:
            return False
        node = child
    return or_longer


class NameHider:
    """Replaces, in typed text, the names that :func:`name_forms` says must change.

    Names are found whole (not inside other words), accents and case ignored ("Ailu" is Áilu), also
    with a Finnish or Swedish ending ("Áilun", "Áilus", "Áilu's"); an English possessive stays on
    the company, other endings go with the name.
    """

    def __init__(self, namings: dict[str, str | None]) -> None:
        self._namings = namings
        forms = _forms_to_search(namings)
        # Group 1: the form found, longest first (see _alternatives); group 2: its ending.
        self._pattern = (
            re.compile(rf"(?<!\w)({_alternatives(_trie(forms))})((?:[{_ENDING_MARKS}]?{_ENDING_ALTERNATIVES})?)(?!\w)")
            if any(forms)
            else None
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
            if starts_sentence(text, start):
                replacement = replacement[:1].upper() + replacement[1:]
            pieces += [text[cursor:start], replacement + ending]
            cursor = end
        pieces.append(text[cursor:])
        return "".join(pieces)


def starts_sentence(text: str, index: int) -> bool:
    before = text[:index].rstrip()
    return not before or before[-1] in ".!?:"
