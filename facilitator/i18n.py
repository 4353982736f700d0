"""The one translation function every user-facing string passes through.

English is the source language. Catalogues live in ``facilitator/locale`` as gettext ``.mo``
files; a missing catalogue falls back to the English text, so the app always speaks.
"""

from __future__ import annotations

import gettext
from pathlib import Path

DOMAIN = "facilitator"
LOCALE_DIR = Path(__file__).parent / "locale"

#: The catalogue of the system's language (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), else English.
_translation = gettext.translation(DOMAIN, LOCALE_DIR, fallback=True)


def _(message: str) -> str:
    """Translate ``message`` into the current language."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """Translate a message whose wording depends on ``count``."""
    return _translation.ngettext(singular, plural, count)
