"""The marks of an erased person: how their name, e-mail, phone and premises address are still
recognised in text once forgotten (the reasons are in :mod:`facilitator.erasure`), and what stands
in their place."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable

from facilitator.contacts import phone_forms
from facilitator.i18n import _
from facilitator.model import Person
from facilitator.names import _ENDINGS, starts_sentence
from facilitator.text import fold

#: The longest run of words a mark can stand for (a premises address with its postcode and town).
_LONGEST_FORM = 12
_WORD = re.compile(r"\w+")
#: A run of digits as phone numbers are written: "+358 40 123 4567", "040-123 4567", "(09) 123 456".
_PHONE_RUN = re.compile(r"\+?\(?\d[\d\s\-/().]{3,}\d")
_FOLDED_ENDINGS = tuple(sorted({fold(ending) for ending in _ENDINGS}, key=len, reverse=True))
#: The shortest beginning of a name's word that an ``@`` mention is recognised by, late.
_SHORTEST_MENTION = 3


def former_member() -> str:
    """What stands where an erased person's name was."""
    return _("a former member")


def former_members_premises() -> str:
    """What stands where an erased person's premises address was."""
    return _("a former member's premises")


def former_members_contact() -> str:
    """What stands where an erased person's e-mail address or phone number was."""
    return _("a former member's contact details")


def _digest(salt: str, kind: str, form: str) -> str:
    return hashlib.blake2b(f"{kind}\x00{form}".encode(), key=bytes.fromhex(salt), digest_size=16).hexdigest()


def words_of(text: str) -> list[str]:
    return [fold(word) for word in _WORD.findall(unicodedata.normalize("NFC", text))]


def _forms(person: Person) -> dict[str, list[list[str]]]:
    """The forms of ``person`` to recognise, as runs of folded words, by what they become."""
    name_words = words_of(person.name)
    names = [name_words] + [[word] for word in name_words if len(word) > 1]
    address = [words_of(person.premises_address), words_of(person.premises_address.split(",")[0])]
    return {
        "name": [form for form in names if form],
        "contact": [form for form in [words_of(person.email)] if form],
        "address": [form for form in address if form],
    }


def erasure_marks(person: Person, salt: str) -> list[str]:
    """The marks by which ``person``'s name, e-mail, phone and premises address are recognised
    (see the module's docstring), sorted: they tell nothing of the order of the words."""
    marks: set[str] = set()
    for kind, forms in _forms(person).items():
        for form in forms:
            marks.add(_digest(salt, kind, " ".join(form)))
            for length in range(1, len(form)):
                marks.add(_digest(salt, "prefix", " ".join(form[:length])))
    for word in words_of(person.name):
        for length in range(_SHORTEST_MENTION, len(word) + 1):
            marks.add(_digest(salt, "mention", word[:length]))
    marks.update(_digest(salt, "phone", form) for form in phone_forms(person.phone))
    return sorted(marks)


class MarkReader:
    """Finds, in text, what one erased person's marks recognise, and replaces it."""

    def __init__(self, tombstone: Person, shown: Iterable[str]) -> None:
        self._salt = tombstone.erased_salt
        self._marks = frozenset(tombstone.erased_marks)
        self._known: dict[tuple[str, str], bool] = {}
        #: The names of others, which stay as typed though they share a word with the erased name.
        self._shown = {tuple(words) for words in map(words_of, shown) if len(words) > 1}
        self._longest_shown = max(map(len, self._shown), default=0)
        self._shown_starts = {words[0] for words in self._shown}
        #: Each word met, folded, and whether a form may start with it: most words of a text are
        #: seen before, and a word no form starts with is passed over at the cost of a look-up.
        self._folded: dict[str, str] = {}
        self._starts: dict[str, bool] = {}

    def _fold(self, word: str) -> str:
        folded = self._folded.get(word)
        if folded is None:
            folded = self._folded[word] = fold(word)
        return folded

    def _may_start(self, word: str) -> bool:
        """Whether a form recognised by the marks may begin with the (folded) ``word``."""
        found = self._starts.get(word)
        if found is None:
            found = self._starts[word] = (
                self._has("prefix", word)
                or self._has("mention", word)
                or any(self._has(kind, stem) for stem in _stems(word) for kind in ("name", "contact", "address"))
            )
        return found

    def _has(self, kind: str, form: str) -> bool:
        key = (kind, form)
        found = self._known.get(key)
        if found is None:
            found = self._known[key] = _digest(self._salt, kind, form) in self._marks
        return found

    def __call__(self, text: str) -> str:
        if not text:
            return text
        text = unicodedata.normalize("NFC", text)
        text = _PHONE_RUN.sub(self._phone, text)
        words = list(_WORD.finditer(text))
        folded = [self._fold(word.group()) for word in words]
        if not any(map(self._may_start, folded)):
            return text
        pieces: list[str] = []
        cursor = index = 0
        while index < len(words):
            shown = self._shown_name(folded, index) if folded[index] in self._shown_starts else 0
            if shown:
                index += shown
                continue
            if not self._may_start(folded[index]):
                index += 1
                continue
            found = self._longest(folded, index, text, words[index].start())
            if found is None:
                index += 1
                continue
            last, becomes = found
            start = words[index].start()
            if start > 0 and text[start - 1] == "@":
                start -= 1
            end = words[last].end()
            if starts_sentence(text, start):
                becomes = becomes[:1].upper() + becomes[1:]
            pieces += [text[cursor:start], becomes]
            cursor = end
            index = last + 1
        pieces.append(text[cursor:])
        return "".join(pieces)

    def _shown_name(self, folded: list[str], index: int) -> int:
        """How many words from ``index`` are the whole name of someone else (0: none)."""
        for length in range(min(self._longest_shown, len(folded) - index), 1, -1):
            if tuple(folded[index : index + length]) in self._shown:
                return length
        return 0

    def _longest(self, folded: list[str], index: int, text: str, start: int) -> tuple[int, str] | None:
        """The last word of the longest form found from word ``index``, and what it becomes."""
        best: tuple[int, str] | None = None
        if start > 0 and text[start - 1] == "@" and self._has("mention", folded[index]):
            best = (index, former_member())
        kinds = (
            ("name", former_member()),
            ("contact", former_members_contact()),
            ("address", former_members_premises()),
        )
        run: list[str] = []
        for last in range(index, min(len(folded), index + _LONGEST_FORM)):
            forms = [" ".join([*run, stem]) for stem in _stems(folded[last])]
            found = next((becomes for kind, becomes in kinds for form in forms if self._has(kind, form)), None)
            if found is not None:
                best = (last, found)
            run.append(folded[last])
            if not self._has("prefix", " ".join(run)):
                break
        return best

    def _phone(self, match: re.Match[str]) -> str:
        groups = re.findall(r"\d+", match.group())
        for first in range(len(groups)):
            for last in range(first, len(groups)):
                if self._has("phone", "".join(groups[first : last + 1])):
                    return former_members_contact()
        return match.group()


def _stems(word: str) -> list[str]:
    """``word``, and ``word`` without each Finnish or Swedish ending it may carry."""
    return [word] + [
        word[: -len(ending)] for ending in _FOLDED_ENDINGS if word.endswith(ending) and len(word) > len(ending) + 1
    ]


def as_typed_at(becomes: str) -> Callable[[re.Match[str]], str]:
    """What a match becomes: ``becomes``, with a capital where a sentence starts."""

    def replacement(match: re.Match[str]) -> str:
        return becomes[:1].upper() + becomes[1:] if starts_sentence(match.string, match.start()) else becomes

    return replacement
