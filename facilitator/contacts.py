"""Finding contact details in typed text, and replacing those of people who may not share them.

A phone number or an e-mail typed in a memo line, a theme or the meeting's conclusions is as much
a contact detail as the roster's field: what leaves the laptop hides it by the same consent. Shared
by the coordinator's bundles (:mod:`exports.bundle.privacy`) and the website text
(:mod:`facilitator.website`); each says whose details are hidden and what each holder becomes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from facilitator.model import Person

#: A run of digits that may be a phone number: at least five, spaced or grouped as people write them.
_PHONE_LIKE = re.compile(r"(?<![\w+(])\(?\+?\d[\d \t\-().]{3,}\d(?!\w)")
_EMAIL_LIKE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+(?![\w-])")
_NOT_DIGIT = re.compile(r"\D")
_ADDRESS_GAP = re.compile(r"[\s,]+")


class ContactHider:
    """Finds, in typed text, the e-mail addresses, phone numbers and premises addresses of people
    who may not share them, and puts what each holder becomes (a name, a pseudonym, a company) in
    their place.

    E-mail and address are found whatever their case and spacing; a phone number by its digits,
    however they were spaced or grouped, and a Finnish one in its national and international forms
    alike (+358 40 … and 040 …). A bundle passes hundreds of thousands of memo lines through here,
    so each text is searched for anything like a phone number or an e-mail, looked up whole, and
    for the first words of the addresses, each address then tried only where its first word is.
    """

    def __init__(self, holders: Iterable[tuple[Person, str]]) -> None:
        self._emails: dict[str, str] = {}
        self._phones: dict[str, str] = {}
        self._addresses: dict[str, list[tuple[re.Pattern[str], str]]] = {}
        for person, becomes in holders:
            if email := person.email.strip():
                self._emails[email.lower()] = becomes
            for digits in phone_forms(person.phone):
                self._phones[digits] = becomes
            words = [word for word in _ADDRESS_GAP.split(person.premises_address) if word]
            if words:
                whole = re.compile(r"[\s,]+".join(map(re.escape, words)) + r"(?!\w)", re.IGNORECASE)
                self._addresses.setdefault(words[0].lower(), []).append((whole, becomes))
        first_words = sorted(self._addresses, key=len, reverse=True)
        self._address_start = (
            re.compile(r"\b(?:" + "|".join(map(re.escape, first_words)) + ")", re.IGNORECASE) if first_words else None
        )

    def __call__(self, text: str) -> str:
        if not text:
            return text
        if self._phones:
            text = _PHONE_LIKE.sub(lambda found: self._phones.get(_NOT_DIGIT.sub("", found[0]), found[0]), text)
        if self._emails and "@" in text:
            text = _EMAIL_LIKE.sub(lambda found: self._emails.get(found[0].lower(), found[0]), text)
        if self._address_start is not None:
            text = self._without_addresses(text, self._address_start)
        return text

    def finds(self, text: str) -> bool:
        """Whether ``text`` holds a contact detail that may not be shared."""
        return self(text) != text

    def _without_addresses(self, text: str, starts: re.Pattern[str]) -> str:
        pieces: list[str] = []
        cursor = 0
        for start in starts.finditer(text):
            if start.start() < cursor:
                continue
            for whole, becomes in self._addresses[start[0].lower()]:
                if found := whole.match(text, start.start()):
                    pieces += [text[cursor : found.start()], becomes]
                    cursor = found.end()
                    break
        pieces.append(text[cursor:])
        return "".join(pieces)


def phone_forms(phone: str) -> list[str]:
    """The digits of a phone number as it may be typed: a Finnish one with +358 and with 0."""
    digits = _NOT_DIGIT.sub("", phone)
    if len(digits) < 5:
        return []
    if phone.strip().startswith("+358"):
        return [digits, "0" + digits[3:]]
    if digits.startswith("0") and not digits.startswith("00"):
        return [digits, "358" + digits[1:]]
    return [digits]
