"""Mentions of people in a memo line: which person on the roster ``@Anna`` names, where in a text
an ``@`` would name a given person, and the rest of a name being typed after an ``@``.

A name is matched with its accents and case aside ("@ande" is Ánde Čuoŋ), by the full name first,
then by the start of any of its words or hyphen parts; a word that could name two people is a
problem to correct, not a guess. :mod:`facilitator.markers` reads the rest of the line.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from facilitator.i18n import _
from facilitator.memo_kinds import or_list
from facilitator.text import fold

#: A letter of any alphabet (not a digit or an underscore): a marker's word is made of them.
LETTER = r"[^\W\d_]"
#: Brackets and quotes that may stand before a mention, as in "(@Anna)".
_OPENING = "([{“‘\"'«"
#: A word that begins a mention: perhaps brackets or quotes, then an ``@`` and a letter.
MENTION_START = re.compile(rf"[{re.escape(_OPENING)}]*@(?={LETTER})")
#: A name typed after @: letters, with hyphens and apostrophes inside ("Anna-Liisa", "O'Brien").
_MENTION_WORD = re.compile(rf"{LETTER}+(?:[-'’]{LETTER}+)*")


@dataclass(frozen=True)
class Mentionable:
    """A person who can be mentioned with ``@``: their id and full name as on the roster."""

    id: str
    name: str


@lru_cache(maxsize=4096)
def _folded(text: str) -> str:
    """``fold`` of a roster name, remembered: names are folded on every keystroke."""
    return fold(text)


@lru_cache(maxsize=4096)
def _name_words(name: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """The folded whole words of ``name``, and every word and hyphen part that a typed word may begin."""
    words = [_folded(word) for word in name.split()]
    parts = [part for word in words for part in word.split("-") if part]
    return frozenset(words), tuple(dict.fromkeys([*words, *parts]))


def _ends_name(text: str, index: int) -> bool:
    """Whether a name may end before ``text[index]``: "@Anna," ends there, "@Annabel" and "@Anna-" do not."""
    if index >= len(text):
        return True
    character = text[index]
    return not (character.isalnum() or character in "_-" or unicodedata.combining(character))


def _fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """``fold(text)`` and, for each number of characters of ``text``, the length of their fold."""
    folded: list[str] = []
    offsets = [0]
    for character in text:
        piece = fold(character)
        folded.append(piece)
        offsets.append(offsets[-1] + len(piece))
    return "".join(folded), offsets


def _full_name_matches(line: str, at: int, people: Sequence[Mentionable]) -> list[tuple[Mentionable, int]]:
    """People whose full name follows the ``@`` at ``at`` and ends there as a word, longest first,
    with where the name ends in ``line``."""
    longest = max((len(person.name) for person in people), default=0)
    rest = line[at + 1 : at + 1 + 2 * longest + 4]
    folded, offsets = _fold_with_offsets(rest)
    found: list[tuple[Mentionable, int]] = []
    for person in people:
        target = _folded(person.name)
        if not target or not folded.startswith(target):
            continue
        count = bisect_right(offsets, len(target)) - 1  # the most characters folding to the name
        if offsets[count] == len(target) and _ends_name(line, at + 1 + count):
            found.append((person, at + 1 + count))
    found.sort(key=lambda match: len(_folded(match[0].name)), reverse=True)
    if found:
        longest_fold = len(_folded(found[0][0].name))
        found = [match for match in found if len(_folded(match[0].name)) == longest_fold]
    return found


def _people_for_word(word: str, people: Sequence[Mentionable]) -> list[Mentionable]:
    """People a typed word names: those with a name that is exactly the word, else those with a
    name or hyphen part that the word begins (so "@Anna" is Anna Berg even beside Anna-Liisa)."""
    wanted = _folded(word)
    exact = [person for person in people if wanted in _name_words(person.name)[0]]
    if exact:
        return exact
    return [
        person
        for person in people
        if _folded(person.name).startswith(wanted)
        or any(part.startswith(wanted) for part in _name_words(person.name)[1])
    ]


def resolve_mention(line: str, at: int, people: Sequence[Mentionable]) -> tuple[Mentionable, int] | str | None:
    """The person the ``@`` at ``at`` names and where the name ends; a problem; or None when what
    follows the ``@`` does not end as a name does and is ordinary text."""
    matches = _full_name_matches(line, at, people)
    if len(matches) == 1:
        return matches[0]
    if matches:
        return _ambiguous_mention(line[at : matches[0][1]], [person for person, _end in matches])
    match = _MENTION_WORD.match(line, at + 1)
    if match is None:
        return None
    word = match.group()
    # "@Anna's van": the whole word first, then without the possessive.
    cuts = [len(word)] + ([len(word) - 2] if len(word) > 2 and word[-2] in "'’" and word[-1] in "sS" else [])
    for cut in cuts:
        end = at + 1 + cut
        if not _ends_name(line, end):
            continue
        found = _people_for_word(word[:cut], people)
        if len(found) == 1:
            return found[0], end
        if found:
            return _ambiguous_mention("@" + word[:cut], found)
    if not _ends_name(line, match.end()):
        return None
    return _("No one on the roster is called “{typed}”.").format(typed="@" + word)


def _ambiguous_mention(typed: str, found: Sequence[Mentionable]) -> str:
    return _("“{typed}” could be {names}: write more of the name.").format(
        typed=typed, names=or_list([person.name for person in found])
    )


def _mention_may_start(text: str, index: int) -> bool:
    """Whether an ``@`` put at ``index`` would begin a word, perhaps after brackets or quotes."""
    while index > 0 and text[index - 1] in _OPENING:
        index -= 1
    return index == 0 or text[index - 1].isspace()


def mention_position(text: str, person: Mentionable, start: int, people: Sequence[Mentionable]) -> int | None:
    """Where in ``text``, from ``start``, an ``@`` would make the roster name of ``person`` a mention of them."""
    position = text.find(person.name, start)
    while position >= 0:
        if _mention_may_start(text, position):
            marked = text[:position] + "@" + text[position:]
            if _full_name_matches(marked, position, people) == [(person, position + 1 + len(person.name))]:
                return position
        position = text.find(person.name, position + 1)
    return None


# -- completing a name ---------------------------------------------------------------------------


def complete_mention(line: str, people: Sequence[Mentionable]) -> str | None:
    """``line`` with the rest of the name being typed after its last ``@``, or None.

    For an input's inline suggestion, which must begin with the value exactly as typed: so the
    typed letters keep their case and only a full name they begin (accents aside) is completed.
    When several names share more than was typed, their common part is offered.
    """
    at = line.rfind("@")
    if at < 0 or not _mention_may_start(line, at):
        return None
    typed = line[at + 1 :]
    if not typed or not re.match(LETTER, typed):
        return None
    wanted = fold(typed)
    rests = [
        person.name[len(typed) :]
        for person in people
        if len(person.name) > len(typed) and _folded(person.name[: len(typed)]) == wanted
    ]
    if not rests:
        return None
    common = rests[0]
    for rest in rests[1:]:
        length = 0
        while length < min(len(common), len(rest)) and common[length] == rest[length]:
            length += 1
        common = common[:length]
    return line + common if common else None
