"""English that the word detector of ``english.py`` cannot see, because it looks like data or is too
short to be a word: the names and descriptions Textual gives keys in a footer or in help ("space",
"esc Dismiss menu"), the roster's consent initials ("ARC") and the English kinds of pseudonyms
("Member-3F9A2C") that a coordinator's copy stores and a screen must show in the user's language.

Each check compares what the screen shows with the English it would show untranslated: Textual's own
words read from its classes, the English initials and the English pseudonyms.
"""

from __future__ import annotations

import re

from textual.app import App
from textual.keys import KEY_DISPLAY_ALIASES, Keys, format_key
from textual.widgets import DataTable
from textual.widgets._footer import FooterKey

from facilitator.i18n import pgettext
from facilitator.pseudonyms import PSEUDONYM
from screens.help import HelpScreen
from screens.roster import RosterScreen
from tests.languages.english import textual_key_descriptions

#: Keys that Finnish and Swedish keyboards print as Textual names them ("Esc", "Home", "PgUp", "Ctrl",
#: "Alt"), and "super", which Linux names so in every language: they may show as they are.
PRINTED_ON_THE_KEYS = frozenset({"esc", "home", "end", "pgup", "pgdn", "del", "ins", "ctrl", "alt", "super"})
#: Every word Textual names a key or a modifier with ("space", "tab", "shift", "enter", "pgdn"…).
TEXTUAL_KEY_NAMES = (
    frozenset(
        name
        for key in Keys
        for name in (key.value, format_key(key.value))
        if name.isalpha() and len(name) > 1 and not re.fullmatch(r"f\d+", name)
    )
    | frozenset(name for name in KEY_DISPLAY_ALIASES.values() if name.isalpha())
    | {"shift", "ctrl", "alt", "meta"}
)
#: What a key of the user's language may not be called.
ENGLISH_KEY_NAMES = TEXTUAL_KEY_NAMES - PRINTED_ON_THE_KEYS
#: A pseudonym in any language: a kind, a hyphen and six hex digits in capitals ("Jäsen-3F9A2C").
ANY_PSEUDONYM = re.compile(r"\b[^\W\d_]+-[0-9A-F]{6}\b")
#: The roster's consent initials in English: audio recording, research use, sharing contact details.
ENGLISH_INITIALS = "ARC"


def english_key_words(shown: str) -> list[str]:
    """The words of a key as shown ("^välilyönti", "shift+tab") that are Textual's English names."""
    return [word for word in re.split(r"[\^+,\s]+", shown.lower()) if word in ENGLISH_KEY_NAMES]


def english_keys(app: App) -> list[tuple[str, str]]:
    """Every key of the footer, and of help's table, named or described in Textual's English:
    ``(what, "key description")`` pairs."""
    descriptions = textual_key_descriptions()
    shown: list[tuple[str, str]] = [
        (footer_key.key_display, footer_key.description) for footer_key in app.screen.query(FooterKey)
    ]
    if isinstance(app.screen, HelpScreen):
        table = app.screen.query_one("#help-keys", DataTable)
        shown += [tuple(str(cell) for cell in table.get_row_at(index)) for index in range(table.row_count)]  # type: ignore[misc]
    found = []
    for key, description in shown:
        found += [(f"key named in English: {word}", f"{key} {description}") for word in english_key_words(key)]
        if description in descriptions:
            found.append((f"Textual's English: {description}", f"{key} {description}"))
    return found


def english_marks(app: App) -> list[tuple[str, str]]:
    """The roster's rows whose consent marks are the English initials (a person with no consent,
    "···", reads the same in every language)."""
    screen = app.screen
    if not isinstance(screen, RosterScreen):
        return []
    table = screen.query_one("#people", DataTable)
    people = {person.id: person for person in screen.repository.people(screen.group.id)}
    found = []
    for row_key in table.rows:
        person = people[str(row_key.value)]
        given = (person.audio_consent, person.research_consent, person.contact_consent)
        english = "".join(initial if consent else "·" for consent, initial in zip(given, ENGLISH_INITIALS, strict=True))
        shown = str(table.get_cell(row_key, "consents"))
        if any(given) and shown == english:
            found.append((f"consents in English: {shown}", str(table.get_cell(row_key, "name"))))
    return found


def english_pseudonyms(text: str) -> list[tuple[str, str]]:
    """The pseudonyms on screen whose kind the user's language writes otherwise ("Member-3F9A2C")."""
    return [
        (f"pseudonym in English: {found.group()}", " ".join(line.split()))
        for line in text.splitlines()
        for found in PSEUDONYM.finditer(line)
        if pgettext("pseudonym", found.group(1)) != found.group(1)  # Swedish writes "Facilitator" too
    ]
