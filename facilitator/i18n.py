"""The one translation function every user-facing string passes through.

English is the source language. Catalogues live in ``facilitator/locale`` as gettext ``.mo``
files; a missing catalogue falls back to the English text, so the app always speaks.
"""

from __future__ import annotations

import gettext
from pathlib import Path

DOMAIN = "facilitator"
LOCALE_DIR = Path(__file__).parent / "locale"

_translation: gettext.NullTranslations = gettext.NullTranslations()


def set_language(language: str | None) -> None:
    """Switch every later call of ``_`` to ``language`` (``None`` or ``"en"``: English)."""
    global _translation
    languages = [language] if language else None
    _translation = gettext.translation(DOMAIN, LOCALE_DIR, languages=languages, fallback=True)


def _(message: str) -> str:
    """Translate ``message`` into the current language."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """Translate a message whose wording depends on ``count``."""
    return _translation.ngettext(singular, plural, count)
