"""Erasing a person: the rules, on records in memory (records in, erased records out).

What erasure leaves (the issue's words are the rule):

- the person's roster record becomes a tombstone with no personal field left: no name, company,
  contact detail, dates or consents; its id and role stay, as every record's id does;
- wherever their name was typed (memo entries and their earlier wordings, agenda items, a
  meeting's theme, host note, conclusions, feedback comments), as :mod:`facilitator.names` finds
  it, ``@`` mentions included, stands "a former member"; their e-mail, phone and premises address
  likewise;
- action items they owned have no owner, memo entries no longer list them, their attendance rows
  stay, as rows of no one (so a meeting's attendance figure stays what it was), their absences are
  removed with their reasons; an absence's tombstone still names the person's record, a tombstone
  with nothing personal left, which tells the laptop receiving it whose group it belongs to;
- meetings they hosted have no host; the rotation's explanation says "a former member" hosted,
  and a location that was their premises address says "a former member's premises".

**What is remembered after the name is forgotten.** An erasure must also reach records that
arrive later: an old bundle, or a co-facilitator's edit made before the erasure reached them. The
erasing laptop no longer has the name, nor has a laptop that never saw the person. So the
tombstone carries *marks*: keyed hashes (BLAKE2b, keyed by a random salt drawn for this erasure
and kept beside them) of each form to recognise: the whole name and each of its words, each word's
first letters as an ``@`` mention may abbreviate it, the e-mail, the premises address, and the
phone number's digits in its national and international forms. Never the text. A text is read
word by word, each word (and run of words) hashed with the same key and compared; a word that may
carry a Finnish or Swedish ending is tried without it, as :mod:`facilitator.names` does. The marks
tell nothing to whoever reads a file; they can confirm a guess of the name (anything that
recognises a name can), which is the price of recognising it at all. On the coordinator's
workspace the person appears under a pseudonym derived from the record id: that form is found
from the id, which the tombstone keeps.

The laptop that erases writes new versions of what it changed (they travel and replace the old
ones everywhere); a laptop that receives an erasure, or a late record, cleans its copies in place
by the marks alone, so that every laptop cleans the same copy into the same text.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import secrets
import unicodedata
from collections.abc import Iterable, Sequence
from typing import TypeVar

from facilitator.i18n import _
from facilitator.mentions import MENTION_START, Mentionable, resolve_mention
from facilitator.model import (
    Absence,
    Attendance,
    Meeting,
    MemoEntry,
    Person,
    Record,
    Role,
)
from facilitator.names import _ENDINGS, NameHider, name_forms
from facilitator.record_texts import with_texts
from facilitator.text import fold

RecordT = TypeVar("RecordT", bound=Record)

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


def _words(text: str) -> list[str]:
    return [fold(word) for word in _WORD.findall(unicodedata.normalize("NFC", text))]


def _phone_forms(phone: str) -> list[str]:
    """A phone number's digits, in its national and international forms (as the coordinator's
    privacy rules find it)."""
    digits = re.sub(r"\D", "", phone)
    if len(digits) < 5:
        return []
    forms = [digits]
    if phone.strip().startswith("+358"):
        forms.append("0" + digits[3:])
    elif digits.startswith("0") and not digits.startswith("00"):
        forms.append("358" + digits[1:])
    return forms


def _forms(person: Person) -> dict[str, list[list[str]]]:
    """The forms of ``person`` to recognise, as runs of folded words, by what they become."""
    name_words = _words(person.name)
    names = [name_words] + [[word] for word in name_words if len(word) > 1]
    address = [_words(person.premises_address), _words(person.premises_address.split(",")[0])]
    return {
        "name": [form for form in names if form],
        "contact": [form for form in [_words(person.email)] if form],
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
    for word in _words(person.name):
        for length in range(_SHORTEST_MENTION, len(word) + 1):
            marks.add(_digest(salt, "mention", word[:length]))
    marks.update(_digest(salt, "phone", form) for form in _phone_forms(person.phone))
    return sorted(marks)


def erased_tombstone(person: Person, salt: str | None = None) -> Person:
    """``person``'s roster record as erasure leaves it: removed, every personal field empty, and
    the marks that recognise what was there (drawn with a fresh ``salt`` unless given)."""
    salt = salt or secrets.token_hex(16)
    return _blank(person, salt, erasure_marks(person, salt))


def _blank(person: Person, salt: str, marks: list[str]) -> Person:
    return dataclasses.replace(
        person,
        deleted=True,
        name="",
        company="",
        business_field="",
        municipality="",
        email="",
        phone="",
        can_host=False,
        premises_address="",
        joined=None,
        left=None,
        audio_consent=None,
        research_consent=None,
        contact_consent=None,
        erased_salt=salt,
        erased_marks=list(marks),
    )


def pseudonym_pattern(person_id: str) -> str:
    """The pseudonyms a coordinator's copy gives the person (``Member-3F9A2C``): the same code
    :func:`exports.bundle.privacy.pseudonym` derives from the record id."""
    code = hashlib.sha256(person_id.encode()).hexdigest()[:6].upper()
    kinds = "|".join(role.value.capitalize() for role in Role)
    return rf"\b(?:{kinds})-{code}\b"


class _MarkReader:
    """Finds, in text, what one erased person's marks recognise, and replaces it."""

    def __init__(self, tombstone: Person, shown: Iterable[str]) -> None:
        self._salt = tombstone.erased_salt
        self._marks = frozenset(tombstone.erased_marks)
        self._known: dict[tuple[str, str], bool] = {}
        #: The names of others, which stay as typed though they share a word with the erased name.
        self._shown = {tuple(words) for words in map(_words, shown) if len(words) > 1}
        self._longest_shown = max(map(len, self._shown), default=0)

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
        folded = [fold(word.group()) for word in words]
        pieces: list[str] = []
        cursor = index = 0
        while index < len(words):
            shown = self._shown_name(folded, index)
            if shown:
                index += shown
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
            if _starts_sentence(text, start):
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


def _starts_sentence(text: str, index: int) -> bool:
    before = text[:index].rstrip()
    return not before or before[-1] in ".!?:"


class Erasure:
    """Applies the erasure of ``erased`` (their tombstones, with marks) to any record.

    The marks are read first (so that an e-mail address is found whole, before a name inside it);
    the whole names of ``roster`` (the other people) stay as typed, though they share a word with
    an erased name. ``named`` are the erased people's records as they were before the erasure, on
    the laptop that erases them: what the marks left of their names is then found as
    :mod:`facilitator.names` finds it, and ``@`` mentions as the memo reads them. Without
    ``named`` (a laptop cleaning what arrived) only the marks are read, so that every laptop
    cleans one copy into the same text.
    """

    def __init__(self, erased: Iterable[Person], named: Iterable[Person] = (), roster: Iterable[Person] = ()) -> None:
        self._tombstones = {person.id: person for person in erased if person.erased}
        self.ids = frozenset(self._tombstones)
        named = [person for person in named if person.id in self.ids and person.name.strip()]
        others = [person for person in roster if person.id not in self.ids and person.name.strip()]
        self._mentionable = [Mentionable(person.id, person.name) for person in [*named, *others]]
        self._named_ids = {person.id for person in named}
        self._hide = (
            NameHider(
                name_forms(
                    [(person.name, former_member()) for person in named],
                    [person.name for person in others],
                    [],
                    ambiguous=former_member(),
                )
            )
            if named
            else None
        )
        shown = [person.name for person in others]
        self._readers = [_MarkReader(person, shown) for person in self._tombstones.values()]
        self._pseudonyms = (
            re.compile("|".join(pseudonym_pattern(person_id) for person_id in self.ids)) if self.ids else None
        )

    def __bool__(self) -> bool:
        return bool(self.ids)

    def text(self, typed: str) -> str:
        """``typed`` with every erased person's name, contact details and address replaced."""
        if not typed or not self.ids:
            return typed
        text = typed
        if self._pseudonyms is not None:
            text = self._pseudonyms.sub(former_member(), text)
        for reader in self._readers:
            text = reader(text)
        if self._hide is not None:
            text = self._hide(self._mentions(text))
            text = text.replace("@" + former_member(), former_member())
            text = text.replace("@" + former_member().capitalize(), former_member().capitalize())
        return text

    def _mentions(self, text: str) -> str:
        """``text`` with each ``@`` mention of an erased person (however abbreviated) replaced."""
        if "@" not in text:
            return text
        pieces: list[str] = []
        cursor = 0
        for match in MENTION_START.finditer(text):
            at = match.end() - 1
            if at < cursor:
                continue
            resolved = resolve_mention(text, at, self._mentionable)
            if isinstance(resolved, tuple) and resolved[0].id in self._named_ids:
                becomes = former_member()
                pieces += [text[cursor:at], becomes.capitalize() if _starts_sentence(text, at) else becomes]
                cursor = resolved[1]
        pieces.append(text[cursor:])
        return "".join(pieces)

    def _without(self, ids: Sequence[str]) -> list[str]:
        return [person_id for person_id in ids if person_id not in self.ids]

    def __call__(self, record: RecordT) -> RecordT:
        """``record`` as the erasure leaves it (the same object when it has nothing to change)."""
        if not self.ids:
            return record
        erased: Record = self._erased(record)
        return record if erased == record else erased  # type: ignore[return-value]  # the same class, see _erased

    def _erased(self, record: Record) -> Record:
        match record:
            case Person() if record.id in self._tombstones:
                tombstone = self._tombstones[record.id]
                return _blank(record, tombstone.erased_salt, tombstone.erased_marks)
            case Attendance() if record.person_id in self.ids:
                # A row of no one: a name here would be taken for a guest's, and hidden as one.
                return dataclasses.replace(
                    record, person_id="", guest_name="", guest_organisation="", audio_consent=None
                )
            case Absence() if record.person_id in self.ids:
                return dataclasses.replace(record, deleted=True, reason="")
        texts = with_texts(record, self.text)
        match texts:
            case Meeting() if texts.host_id in self.ids:
                premises = isinstance(record, Meeting) and texts.location != record.location
                return dataclasses.replace(
                    texts,
                    host_id="",
                    host_reason=_("Hosted by a former member."),
                    location=former_members_premises() if premises else texts.location,
                    declined_by=self._without(texts.declined_by),
                )
            case Meeting():
                return dataclasses.replace(texts, declined_by=self._without(texts.declined_by))
            case MemoEntry():
                return dataclasses.replace(
                    texts,
                    people=self._without(texts.people),
                    owner_id="" if texts.owner_id in self.ids else texts.owner_id,
                    revisions=[
                        dataclasses.replace(
                            revision,
                            people=self._without(revision.people),
                            owner_id="" if revision.owner_id in self.ids else revision.owner_id,
                        )
                        for revision in texts.revisions
                    ],
                )
        return texts
