"""The marks of an erased person: how their name, company, e-mail, phone and premises address are
still recognised in text once forgotten (the reasons are in :mod:`facilitator.erasure`), and what
stands in their place.

**How a company is found.** As :mod:`facilitator.names` finds it where a coordinator's copy hides
it: whole, or cut to its first two words or more ("Saunarakennus Virtanen" for "Saunarakennus
Virtanen Oy"), not inside other words, accents and case aside, with a Finnish or Swedish ending
("Saunarakennus Virtasen" is not found: only endings added to the word as it is). The name without
its legal form ("Oy", "Ab", "Ltd"…) counts as the company too. A single word of a company is not
the company (the trade word of "Leipomo Virtanen Ky" is any bakery). A company whose name is a
single word once its legal form is left out ("Sauna", "Sauna Oy", "Duodji Ltd") is often a word of
the language too: alone it is found only where it is written as a name is, with a capital letter
where no sentence starts ("we met at Sauna's stand", "Saunan tiloissa"); a "sauna", or a "Sauna"
that begins a sentence, is the word and stays as typed (the company written whole, "Sauna Oy", is
found anywhere). That is the price of not wiping every sauna from the memo: a sentence that begins
with the bare one-word company keeps it.
"""

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


def former_members_company() -> str:
    """What stands where an erased person's company was."""
    return _("a former member's company")


def former_members_contact() -> str:
    """What stands where an erased person's e-mail address or phone number was."""
    return _("a former member's contact details")


def _digest(salt: str, kind: str, form: str) -> str:
    return hashlib.blake2b(f"{kind}\x00{form}".encode(), key=bytes.fromhex(salt), digest_size=16).hexdigest()


def words_of(text: str) -> list[str]:
    return [fold(word) for word in _WORD.findall(unicodedata.normalize("NFC", text))]


def _forms(person: Person) -> dict[str, list[list[str]]]:
    """The forms of ``person`` to recognise, as runs of folded words, by what they become (a
    ``company_word`` only where written as a name, see the module's docstring)."""
    name_words = words_of(person.name)
    names = [name_words] + [[word] for word in name_words if len(word) > 1]
    address = [words_of(person.premises_address), words_of(person.premises_address.split(",")[0])]
    companies, company_word = company_forms(person.company)
    return {
        "name": [form for form in names if form],
        "contact": [form for form in [words_of(person.email)] if form],
        "address": [form for form in address if form],
        "company": companies,
        "company_word": [[company_word]] if company_word else [],
    }


#: The legal forms of a company's name, folded: left out where the company is found by its name.
_LEGAL_FORMS = frozenset(
    {"oy", "oyj", "ab", "abp", "ky", "ay", "tmi", "osk", "ry", "kb", "hb", "ltd", "inc", "llc", "plc", "gmbh", "as"}
)


def company_forms(company: str) -> tuple[list[list[str]], str]:
    """The forms of ``company`` found anywhere (as runs of folded words), and the single word
    found only where written as a name ("" when the company's name is longer)."""
    words = words_of(company)
    core = list(words)
    while core and core[-1] in _LEGAL_FORMS:
        core.pop()
    while core and core[0] in _LEGAL_FORMS:
        core.pop(0)
    forms = [words] if len(words) > 1 else []
    forms += [core[:length] for length in range(len(core), 1, -1)]
    unique = list({" ".join(form): form for form in forms}.values())
    return unique, core[0] if len(core) == 1 else ""


def erasure_marks(person: Person, salt: str) -> list[str]:
    """The marks by which ``person``'s name, company, e-mail, phone and premises address are
    recognised (see the module's docstring), sorted: they tell nothing of the order of the words."""
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
                or any(self._has(kind, stem) for stem in _stems(word) for kind in _WHOLE_KINDS)
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
            found = self._longest(folded, index, text, words[index])
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

    def _longest(self, folded: list[str], index: int, text: str, word: re.Match[str]) -> tuple[int, str] | None:
        """The last word of the longest form found from word ``index`` (the ``word`` of ``text``
        found there), and what it becomes."""
        best: tuple[int, str] | None = None
        start = word.start()
        if start > 0 and text[start - 1] == "@" and self._has("mention", folded[index]):
            best = (index, former_member())
        if _as_a_name(text, word) and any(self._has("company_word", stem) for stem in _stems(folded[index])):
            best = (index, former_members_company())
        kinds = (
            ("name", former_member()),
            ("company", former_members_company()),
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


#: The kinds of marks found anywhere, a word or a run of words with an ending on its last.
_WHOLE_KINDS = ("name", "company", "contact", "address", "company_word")


def _as_a_name(text: str, word: re.Match[str]) -> bool:
    """Whether ``word`` is written as a name is: a capital letter where no sentence starts."""
    return word.group()[:1].isupper() and not starts_sentence(text, word.start())


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
