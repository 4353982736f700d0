"""The one translation function every user-facing string passes through, and the language in use.

English is the source language. The Finnish and Swedish catalogues live in ``facilitator/locale``
as gettext ``.po`` files; the first start after they change compiles each into a ``.mo`` in the
user's cache folder (with Babel), so nobody ever runs a build step, and later starts only read it.

The language is chosen once per process, before the screens are imported: their key labels and
help texts are translated when their classes are made. :func:`use_language` also translates the
command line's own words (argparse's "usage:", "options", its error messages).
"""

from __future__ import annotations

import argparse
import contextlib
import gettext
import hashlib
import io
import locale
import os
import struct
import tempfile
from pathlib import Path

DOMAIN = "facilitator"
LOCALE_DIR = Path(__file__).parent / "locale"
SOURCE_LANGUAGE = "en"
#: Every language the app speaks, each named in itself (as the settings screen lists them).
LANGUAGES = {"en": "English", "fi": "Suomi", "sv": "Svenska"}
#: Where compiled catalogues go; the default is the user's cache folder.
CACHE_VARIABLE = "FACILITATOR_CACHE"
#: Windows names its locales in English words ("Finnish_Finland").
_WINDOWS_NAMES = {"english": "en", "finnish": "fi", "swedish": "sv"}

#: ``None`` until a language is chosen: the first translation then takes the system's, so that a
#: command naming another language (``--lang``) never reads the system's catalogue first.
_translation: gettext.NullTranslations | None = None
_language = SOURCE_LANGUAGE


def _catalogue_in_use() -> gettext.NullTranslations:
    if _translation is None:
        use_language(system_language())
    assert _translation is not None
    return _translation


def _(message: str) -> str:
    """Translate ``message`` into the current language."""
    return _catalogue_in_use().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """Translate a message whose wording depends on ``count``."""
    return _catalogue_in_use().ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """Translate a short ``message`` that means different things in different places ("Open")."""
    return _catalogue_in_use().pgettext(context, message)


def language() -> str:
    """The code of the language in use: ``en``, ``fi`` or ``sv`` (Babel takes it as a locale)."""
    _catalogue_in_use()
    return _language


def language_code(text: str | None) -> str | None:
    """The app's language named by a locale (``fi_FI.UTF-8``, ``sv-SE``, ``Finnish_Finland``), if any."""
    if not text:
        return None
    for part in text.split(":"):
        name = part.split(".")[0].replace("-", "_").split("_")[0].strip().lower()
        code = _WINDOWS_NAMES.get(name, name)
        if code in LANGUAGES:
            return code
    return None


def system_language() -> str:
    """The language of the user's system (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), else English."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        if value := os.environ.get(variable):
            return language_code(value) or SOURCE_LANGUAGE
    with contextlib.suppress(ValueError):  # Windows and macOS apps may set no variable at all
        return language_code(locale.getlocale()[0]) or SOURCE_LANGUAGE
    return SOURCE_LANGUAGE


def use_language(code: str) -> None:
    """Speak ``code`` from now on (an unknown code means English)."""
    global _translation, _language
    _language = code if code in LANGUAGES else SOURCE_LANGUAGE
    _translation = translation(_language)
    argparse._ = _  # type: ignore[attr-defined]  # argparse looks its words up at run time
    argparse.ngettext = ngettext  # type: ignore[attr-defined]


def translation(code: str) -> gettext.NullTranslations:
    """The words of ``code`` whatever the app speaks now: for recognising what another language
    wrote (a pseudonym shown in Swedish, read back on a Finnish laptop)."""
    return gettext.NullTranslations() if code not in LANGUAGES or code == SOURCE_LANGUAGE else _catalogue(code)


def catalogue_source(code: str) -> Path:
    return LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def _catalogue(code: str) -> gettext.GNUTranslations:
    """The compiled catalogue of ``code``: read from the cache, or compiled and cached first.

    The cached file is named after a digest of the ``.po``, so an edited catalogue is compiled
    again and an old one is never read. A cache that cannot be written costs a compile per start.
    """
    source = catalogue_source(code).read_bytes()
    cached = _cache_folder() / f"{DOMAIN}-{code}-{hashlib.sha256(source).hexdigest()[:16]}.mo"
    with contextlib.suppress(OSError, ValueError, LookupError, struct.error), cached.open("rb") as handle:
        return gettext.GNUTranslations(handle)  # a missing or damaged cache is suppressed: compiled below
    compiled = compile_catalogue(source, code)
    with contextlib.suppress(OSError):
        _cache(compiled, cached)
    return gettext.GNUTranslations(io.BytesIO(compiled))


def _cache(compiled: bytes, cached: Path) -> None:
    """Put ``compiled`` in place whole (another start may be reading or writing it too), and drop
    the catalogues of the same language that an earlier version of the ``.po`` left."""
    cached.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=cached.parent, suffix=".tmp", delete=False) as temporary:
        temporary_path = Path(temporary.name)
        try:
            temporary.write(compiled)
        except OSError:
            temporary.close()
            temporary_path.unlink(missing_ok=True)
            raise
    try:
        os.replace(temporary_path, cached)
    except OSError:
        temporary_path.unlink(missing_ok=True)
        raise
    language_prefix = cached.name.rsplit("-", 1)[0]
    for older in cached.parent.glob(f"{language_prefix}-*.mo"):
        if older != cached:
            older.unlink(missing_ok=True)


def compile_catalogue(source: bytes, code: str) -> bytes:
    """The ``.mo`` bytes of a ``.po`` catalogue."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    output = io.BytesIO()
    write_mo(output, read_po(io.BytesIO(source), locale=code))
    return output.getvalue()


def _cache_folder() -> Path:
    if configured := os.environ.get(CACHE_VARIABLE):
        return Path(configured).expanduser()
    import platformdirs

    return platformdirs.user_cache_path("microentre-facilitator", appauthor=False) / "locale"
