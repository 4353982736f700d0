"""Erasing a person: the rules, on records in memory (records in, erased records out).

What erasure leaves (the issue's words are the rule):

- the person's roster record becomes a tombstone with no personal field left: no name, company,
  contact detail, dates or consents; its id and role stay, as every record's id does;
- wherever their name was typed (memo entries and their earlier wordings, agenda items, a
  meeting's theme, host note, conclusions, feedback comments, interviews' answers and outcomes'
  descriptions), as :mod:`facilitator.names` finds it, ``@`` mentions included, stands "a former
  member"; their e-mail, phone and premises address likewise; and where their company was typed,
  "a former member's company" (found as :mod:`facilitator.erasure_marks` says: a one-word company
  that is also a word of the language, "Sauna", only where it is written as a name), unless it
  is also the company of someone else on the roster (a partner in the same firm);
- action items they owned have no owner, memo entries no longer list them, their attendance rows
  stay, as rows of no one (so a meeting's attendance figure stays what it was), their absences are
  removed with their reasons; an absence's tombstone still names the person's record, a tombstone
  with nothing personal left, which tells the laptop receiving it whose group it belongs to;
- meetings they hosted have no host; the rotation's explanation says "a former member" hosted,
  and a location that was their premises address says "a former member's premises".
- their growth interviews and the outcomes in their business become tombstones that keep only
  whose they were and their day (as absences do); they are no longer among the members involved
  in others' outcomes, and their name in others' outcome descriptions and interview answers
  stands "a former member" as in any typed text.

**What is remembered after the name is forgotten.** An erasure must also reach records that
arrive later: an old bundle, or a co-facilitator's edit made before the erasure reached them. The
erasing laptop no longer has the name, nor has a laptop that never saw the person. So the
tombstone carries *marks*: keyed hashes (BLAKE2b, keyed by a random salt drawn for this erasure
and kept beside them) of each form to recognise: the whole name and each of its words, each word's
first letters as an ``@`` mention may abbreviate it, the company's forms, the e-mail, the premises
address, and the phone number's digits in its national and international forms. Never the text. A text is read
word by word, each word (and run of words) hashed with the same key and compared; a word that may
carry a Finnish or Swedish ending is tried without it, as :mod:`facilitator.names` does. The marks
tell nothing to whoever reads a file; they can confirm a guess of the name (anything that
recognises a name can), which is the price of recognising it at all. On the coordinator's
workspace the person appears under a pseudonym derived from the record id: that form is found
from the id, which the tombstone keeps (:func:`facilitator.pseudonyms.pseudonyms_of`: as stored, or
as a screen in any language showed it, should someone have copied it into a text).

The laptop that erases writes new versions of what it changed (they travel and replace the old
ones everywhere); a laptop that receives an erasure, or a late record, cleans its copies in place
by the marks alone, so that every laptop cleans the same copy into the same text.
"""

from __future__ import annotations

import dataclasses
import re
import secrets
from collections.abc import Iterable, Sequence
from typing import TypeVar

from facilitator.erasure_marks import (
    MarkReader,
    as_typed_at,
    erasure_marks,
    former_member,
    former_members_premises,
)
from facilitator.i18n import _
from facilitator.mentions import MENTION_START, Mentionable, resolve_mention
from facilitator.model import (
    Absence,
    Attendance,
    Interview,
    Meeting,
    MemoEntry,
    Outcome,
    Person,
    Record,
)
from facilitator.names import NameHider, name_forms, starts_sentence
from facilitator.pseudonyms import pseudonyms_of
from facilitator.record_texts import with_texts

RecordT = TypeVar("RecordT", bound=Record)


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


class Erasure:
    """Applies the erasure of ``erased`` (their tombstones, with marks) to any record.

    The marks are read first (so that an e-mail address is found whole, before a name inside it);
    the whole names and companies of ``roster`` (the other people) stay as typed, though they
    share a word with an erased name or company. ``named`` are the erased people's records as
    they were before the erasure, on the laptop that erases them: what the marks left of their
    names is then found as :mod:`facilitator.names` finds it, and ``@`` mentions as the memo
    reads them. Without
    ``named`` (a laptop cleaning what arrived) only the marks are read, so that every laptop
    cleans one copy into the same text.
    """

    def __init__(self, erased: Iterable[Person], named: Iterable[Person] = (), roster: Iterable[Person] = ()) -> None:
        self._tombstones = {person.id: person for person in erased if person.erased}
        self.ids = frozenset(self._tombstones)
        named = [person for person in named if person.id in self.ids and person.name.strip()]
        roster = [person for person in roster if person.id not in self.ids]
        others = [person for person in roster if person.name.strip()]
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
        shown = [person.name for person in others] + [person.company for person in roster if person.company.strip()]
        self._readers = [MarkReader(person, shown) for person in self._tombstones.values()]
        self._pseudonyms = (
            re.compile("|".join(pseudonyms_of(person_id) for person_id in self.ids)) if self.ids else None
        )

    def __bool__(self) -> bool:
        return bool(self.ids)

    def text(self, typed: str) -> str:
        """``typed`` with every erased person's name, contact details and address replaced."""
        if not typed or not self.ids:
            return typed
        text = typed
        if self._pseudonyms is not None:
            text = self._pseudonyms.sub(as_typed_at(former_member()), text)
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
                pieces += [text[cursor:at], becomes.capitalize() if starts_sentence(text, at) else becomes]
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
            case Interview() | Outcome() if record.person_id in self.ids:
                return _development_tombstone(record)
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
            case Outcome():
                return dataclasses.replace(texts, involved=self._without(texts.involved))
        return texts


def _development_tombstone(record: Interview | Outcome) -> Interview | Outcome:
    """An erased person's interview or outcome: a tombstone built anew, so that it keeps only
    whose it was (as an absence's does), its day, which the record cannot be without, and its
    record's identity and history; every other field, one added later included, is at its default."""
    kept = {field.name: getattr(record, field.name) for field in dataclasses.fields(Record)}
    kept["deleted"] = True
    return type(record)(**kept, person_id=record.person_id, day=record.day)
