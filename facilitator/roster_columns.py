"""A roster spreadsheet's columns: which person field each header names, in English, Finnish or
Swedish, and how a cell of that field reads as what the person form would have been given.

Headers are compared folded (case, accents and punctuation left out), so "E-mail", "email" and
"Sähköposti:" are each recognised. Cells come as the file holds them: text from a CSV file; text,
numbers, dates or truth values from a workbook (see :data:`Cell`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime

from facilitator.i18n import _
from facilitator.model.person import PERSON_FIELDS, Role, person_field_labels
from facilitator.text import fold

#: One cell of a roster file, as a workbook or a CSV file holds it (None: empty).
Cell = str | float | int | bool | date | datetime | None

#: Two columns that together make the name, for sheets that keep them apart.
FIRST_NAME = "first_name"
LAST_NAME = "last_name"

#: The person fields a column can fill, in the order the preview offers them.
IMPORTED_FIELDS = (PERSON_FIELDS[0], FIRST_NAME, LAST_NAME, *PERSON_FIELDS[1:])

#: What people call each field in their spreadsheets, the form's labels in the three languages
#: among them: a file exported in Swedish imports on a Finnish laptop.
_HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("name", "full name", "member", "nimi", "koko nimi", "jäsen", "namn", "fullständigt namn", "medlem"),
    FIRST_NAME: ("first name", "firstname", "given name", "forename", "etunimi", "etunimet", "förnamn"),
    LAST_NAME: ("last name", "lastname", "surname", "family name", "sukunimi", "efternamn"),
    "role": ("role", "rooli", "tehtävä", "roll"),
    "company": (
        "company",
        "company name",
        "firm",
        "business",
        "organisation",
        "organization",
        "yritys",
        "yrityksen nimi",
        "yhtiö",
        "organisaatio",
        "företag",
        "företagets namn",
        "firma",
    ),
    "business_field": (
        "business field",
        "field",
        "industry",
        "sector",
        "line of business",
        "toimiala",
        "ala",
        "bransch",
        "sektor",
        "verksamhet",
    ),
    "municipality": (
        "municipality",
        "town",
        "city",
        "kunta",
        "kotikunta",
        "paikkakunta",
        "kaupunki",
        "kommun",
        "hemkommun",
        "ort",
        "stad",
    ),
    "email": (
        "email",
        "e mail",
        "email address",
        "mail",
        "sähköposti",
        "sähköpostiosoite",
        "sposti",
        "e post",
        "epost",
    ),
    "phone": (
        "phone",
        "telephone",
        "mobile",
        "phone number",
        "puhelin",
        "puh",
        "puhelinnumero",
        "matkapuhelin",
        "gsm",
        "telefon",
        "telefonnummer",
        "mobil",
        "tel",
    ),
    "can_host": ("can host", "host", "voi isännöidä", "isäntä", "isännöi", "kan vara värd", "värd"),
    "premises_address": (
        "premises address",
        "premises",
        "address",
        "toimitilan osoite",
        "toimitila",
        "osoite",
        "lokalens adress",
        "lokal",
        "adress",
    ),
    "joined": ("joined", "member since", "liittyi", "liittynyt", "liittymispäivä", "gick med", "medlem sedan"),
    "left": ("left", "erosi", "eronnut", "lämnade", "utträdde"),
    "audio_consent": (
        "audio consent",
        "audio recording consent",
        "samtycke till ljudinspelning",
        "recording consent",
        "audio",
        "äänitys",
        "äänityslupa",
        "äänityssuostumus",
        "ljudinspelning",
        "inspelning",
    ),
    "research_consent": (
        "research consent",
        "research use consent",
        "tutkimuskäyttösuostumus",
        "samtycke till forskningsbruk",
        "research",
        "tutkimus",
        "tutkimuslupa",
        "tutkimuskäyttö",
        "tutkimussuostumus",
        "forskning",
        "forskningsbruk",
    ),
    "contact_consent": (
        "contact consent",
        "contact sharing consent",
        "yhteystietojen jakosuostumus",
        "samtycke till delning av kontaktuppgifter",
        "contact sharing",
        "yhteystietojen jakaminen",
        "yhteystietolupa",
        "yhteystiedot",
        "delning av kontaktuppgifter",
        "kontaktuppgifter",
    ),
}

_YES = ("yes", "y", "x", "true", "1", "kyllä", "k", "joo", "on", "ja", "j", "sant", "✓", "✔")
_NO = ("no", "n", "false", "0", "ei", "e", "nej", "falskt", "-")
_ROLES = {
    Role.MEMBER: ("member", "jäsen", "yrittäjä", "medlem", "företagare", "entrepreneur"),
    Role.FACILITATOR: ("facilitator", "fasilitaattori", "ohjaaja", "neuvoja", "handledare"),
    Role.RESEARCHER: ("researcher", "tutkija", "forskare"),
}


def field_labels() -> dict[str, str]:
    """The label of each field a column can fill, as the preview shows it."""
    return {**person_field_labels(), FIRST_NAME: _("First name"), LAST_NAME: _("Last name")}


def header_key(text: str) -> str:
    """A header folded for comparison: lower case, no accents, words of letters and digits only."""
    return " ".join(re.findall(r"[^\W_]+", fold(text)))


def _known_headers() -> dict[str, str]:
    """Every folded header recognised, and its field (the labels of the user's language included:
    a file the app exported in Finnish comes back under Finnish headers)."""
    known = {header_key(header): field for field, headers in _HEADERS.items() for header in headers}
    for field, label in field_labels().items():
        known.setdefault(header_key(label), field)
    return known


def guess_fields(header: Sequence[str]) -> list[str | None]:
    """The field of each column, by its header; None for a column left out. A field is taken by
    the first column naming it; a header is recognised as it stands, else by its first words
    ("E-mail (work)" is the e-mail)."""
    known = _known_headers()
    taken: set[str] = set()
    fields: list[str | None] = []
    for text in header:
        key = header_key(text)
        field = known.get(key)
        if field is None:
            words = key.split()
            field = next(
                (
                    known[" ".join(words[:size])]
                    for size in range(len(words) - 1, 0, -1)
                    if " ".join(words[:size]) in known
                ),
                None,
            )
        if field in taken:
            field = None
        if field is not None:
            taken.add(field)
        fields.append(field)
    return fields


def can_make_name(fields: Sequence[str | None]) -> bool:
    """Whether the columns give a name: a name column, or a first or last name column."""
    return any(field in ("name", FIRST_NAME, LAST_NAME) for field in fields)


def cell_text(cell: Cell) -> str:
    """A cell as text: a whole number without ".0" (a workbook keeps numbers as floats), a date
    as 2026-11-27."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return _("yes") if cell else _("no")
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == datetime.min.time() else cell.isoformat(sep=" ")
    if isinstance(cell, date):
        return cell.isoformat()
    return str(cell).strip()


def phone_text(cell: Cell) -> str:
    """A phone number; one the workbook kept as a number lost its leading zero (040 123 4567 became
    401234567) or its plus (+358 40… became 35840…), which are given back."""
    if isinstance(cell, (int, float)) and not isinstance(cell, bool) and float(cell).is_integer():
        digits = str(int(cell))
        return "+" + digits if digits.startswith("358") else "0" + digits
    return cell_text(cell)


def yes_or_no(cell: Cell) -> bool | None:
    """True for yes (kyllä, ja, x, 1…), False for no (ei, nej, 0…) or an empty cell, None otherwise."""
    if isinstance(cell, bool):
        return cell
    key = cell_text(cell).casefold()
    if key in _YES or key == _("yes").casefold():
        return True
    if not key or key in _NO or key == _("no").casefold():
        return False
    return None


def consent_text(cell: Cell, given: date | None, today: date) -> str:
    """A consent as the form takes it: a date; yes keeps the date already recorded, else today;
    no is blank (not given). Anything else is passed on for the form to refuse as a date."""
    if isinstance(cell, (date, datetime)):
        return cell_text(cell)
    answer = yes_or_no(cell)
    if answer is True:
        return (given or today).isoformat()
    if answer is False:
        return ""
    return cell_text(cell)


def role_value(cell: Cell) -> str:
    """The role named by a cell (in any of the three languages); the text itself when none is."""
    key = fold(cell_text(cell))
    for role, names in _ROLES.items():
        if key in (fold(name) for name in (*names, role.label)):
            return role.value
    return cell_text(cell)
