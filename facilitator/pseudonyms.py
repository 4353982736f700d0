"""Pseudonyms, made and recognised here only: what a coordinator's copy holds of a person without
consent to research use.

A bundle for the coordinator names such a person "Member-3F9A2C" (the kind: the person's role, or
"Guest" for a guest; a hyphen; the first six hex digits of the SHA-256 of the record id, in
capitals) and their company "Firm 1a2b3c4d" (a keyed digest, :func:`exports.bundle.privacy.firm_token`).
Those English forms are what is stored and exported: scripts join on them, and bundles already
sent carry them, so what :func:`pseudonym` makes never changes. Screens, PDFs and the workbook
show them in the user's language through :func:`shown_pseudonyms` ("Jäsen-3F9A2C", "Medlem-3F9A2C",
"Yritys 1a2b3c4d"); :func:`stored_pseudonyms` reads any language's form back as stored (a person
copied from a Finnish report and looked up), and the erasure finds a person's pseudonyms by
:func:`pseudonyms_of`.
"""

from __future__ import annotations

import functools
import hashlib
import re

from facilitator.i18n import LANGUAGES, SOURCE_LANGUAGE, language, pgettext, translation
from facilitator.model import Person, Role

#: The kind of pseudonym each role is given, as stored.
ROLE_KINDS: dict[Role, str] = {Role.MEMBER: "Member", Role.FACILITATOR: "Facilitator", Role.RESEARCHER: "Researcher"}
#: A guest's kind, as stored.
GUEST = "Guest"
#: Every kind of pseudonym, as stored.
PSEUDONYM_KINDS: tuple[str, ...] = (*ROLE_KINDS.values(), GUEST)
#: How many hex digits of the record id's SHA-256 a pseudonym carries (in capitals).
CODE_LENGTH = 6
#: The word before a firm token's code, as stored, and how many hex digits (small letters) follow.
FIRM = "Firm"
FIRM_CODE_LENGTH = 8

_CODE = rf"[0-9A-F]{{{CODE_LENGTH}}}"
_FIRM_CODE = rf"[0-9a-f]{{{FIRM_CODE_LENGTH}}}"

#: Every pseudonym a coordinator's copy can hold, as stored: the kind in the first group, the code
#: in the second.
PSEUDONYM = re.compile(rf"\b({'|'.join(PSEUDONYM_KINDS)})-({_CODE})\b")
#: A firm token as stored, the code in the group.
FIRM_TOKEN = re.compile(rf"\b{FIRM} ({_FIRM_CODE})\b")


def pseudonym_code(record_id: str) -> str:
    """The code of the pseudonyms of the record ``record_id``: the same in every bundle, telling nothing."""
    return hashlib.sha256(record_id.encode()).hexdigest()[:CODE_LENGTH].upper()


def pseudonym(record_id: str, kind: str) -> str:
    """The pseudonym of kind ``kind`` (one of :data:`PSEUDONYM_KINDS`) of the record ``record_id``."""
    return f"{kind}-{pseudonym_code(record_id)}"


def person_pseudonym(person: Person) -> str:
    """The pseudonym ``person`` travels under to the coordinator: by role."""
    return pseudonym(person.id, ROLE_KINDS[person.role])


def firm_token_of(digest: str) -> str:
    """The firm token of a firm's keyed hex ``digest``, as stored ("Firm 1a2b3c4d")."""
    return f"{FIRM} {digest[:FIRM_CODE_LENGTH]}"


def pseudonyms_of(person_id: str) -> str:
    """A pattern finding the pseudonyms a coordinator's copy gives the person ``person_id``, as stored
    (any role's kind: a role can change) or as any language shows them (a shown one copied into a text)."""
    roles = ROLE_KINDS.values()
    kinds = {word for forms in _every_language() for kind, word in forms.items() if kind in roles}
    return rf"\b(?:{'|'.join(map(re.escape, sorted(kinds)))})-{pseudonym_code(person_id)}\b"


def _words() -> dict[str, str]:
    """Each kind (and the firm) as the user's language writes it before the code."""
    return {
        "Member": pgettext("pseudonym", "Member"),
        "Guest": pgettext("pseudonym", "Guest"),
        "Facilitator": pgettext("pseudonym", "Facilitator"),
        "Researcher": pgettext("pseudonym", "Researcher"),
        FIRM: pgettext("pseudonym", "Firm"),
    }


def shown_pseudonyms(text: str) -> str:
    """``text`` with every pseudonym and firm token in it written in the user's language; English,
    and text without a pseudonym, come back unchanged.

    For display only: never store its result (what is stored stays in English, see the module)."""
    if not text or language() == SOURCE_LANGUAGE or ("-" not in text and f"{FIRM} " not in text):
        return text
    words = _words()
    text = PSEUDONYM.sub(lambda found: f"{words[found.group(1)]}-{found.group(2)}", text)
    return FIRM_TOKEN.sub(lambda found: f"{words[FIRM]} {found.group(1)}", text)


def stored_pseudonyms(text: str) -> str:
    """``text`` with every pseudonym and firm token written as any of the app's languages shows it
    ("Jäsen-3F9A2C", "medlem-3f9a2c", "Yritys 1a2b3c4d") written as stored ("Member-3F9A2C")."""
    pattern, firms = _shown_forms()
    text = pattern.sub(lambda found: f"{_stored_kind(found.group(1))}-{found.group(2).upper()}", text)
    return firms.sub(lambda found: f"{FIRM} {found.group(1).lower()}", text)


def _stored_kind(shown: str) -> str:
    """The kind, as stored, that ``shown`` writes in some language (Swedish writes "Facilitator" as English does)."""
    for forms in _every_language():
        for kind, word in forms.items():
            if word.casefold() == shown.casefold():
                return kind
    return shown


@functools.cache
def _shown_forms() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Patterns of a pseudonym and a firm token as any language shows them (the case of the word aside)."""
    kinds = {word for forms in _every_language() for kind, word in forms.items() if kind != FIRM}
    firms = {forms[FIRM] for forms in _every_language()}
    pseudonyms = re.compile(rf"\b({'|'.join(map(re.escape, sorted(kinds)))})-({_CODE})\b", re.IGNORECASE)
    return pseudonyms, re.compile(rf"\b(?:{'|'.join(map(re.escape, sorted(firms)))}) ({_FIRM_CODE})\b", re.IGNORECASE)


@functools.cache
def _every_language() -> tuple[dict[str, str], ...]:
    """The words of :func:`_words` in each of the app's languages, English first."""
    return tuple(_words_in(code) for code in LANGUAGES)


def _words_in(code: str) -> dict[str, str]:
    words = translation(code)
    return {kind: words.pgettext("pseudonym", kind) for kind in (*PSEUDONYM_KINDS, FIRM)}
