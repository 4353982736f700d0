"""The Finnish and Swedish catalogues keep up with the source: every message passed to ``_()``,
``ngettext()`` or ``pgettext()`` has a translation in both, with the same placeholders, so that no
screen falls back to English and no format call fails on a renamed field. The command line's own
words come from argparse, whose messages count as source too."""

from __future__ import annotations

import argparse
import ast
import re
import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ("fi", "sv")
SOURCE_PACKAGES = ("facilitator", "screens", "storage", "exports")
PERCENT_FIELD = re.compile(r"%(?:\(\w+\))?[sdr]")


Message = tuple[str | None, str]  # (context, msgid)


def source_messages() -> dict[Message, str | None]:
    """Every literal message of the source and of argparse: ``{(context, msgid): plural or None}``."""
    found: dict[Message, str | None] = {}
    paths = [path for package in SOURCE_PACKAGES for path in sorted((ROOT / package).rglob("*.py"))]
    for path in [*paths, Path(argparse.__file__)]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            texts = [arg.value for arg in node.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str)]
            if node.func.id == "_" and texts:
                found.setdefault((None, texts[0]), None)
            elif node.func.id == "ngettext" and len(texts) >= 2:
                found[(None, texts[0])] = texts[1]
            elif node.func.id == "pgettext" and len(texts) >= 2:
                found.setdefault((texts[0], texts[1]), None)
    return found


def placeholders(text: str) -> list[str]:
    """The replacement fields of a ``str.format`` text, as written ("{count}", "{error!r}"), and the
    ``%`` fields of argparse's messages ("%(prog)s")."""
    return sorted(
        [
            "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            for _literal, name, spec, conversion in string.Formatter().parse(text)
            if name is not None
        ]
        + PERCENT_FIELD.findall(text)
    )


def catalogue(language: str):  # babel's Catalog
    path = ROOT / "facilitator" / "locale" / language / "LC_MESSAGES" / "facilitator.po"
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def test_the_source_has_messages() -> None:
    messages = source_messages()
    assert len(messages) > 1000 and (None, "Groups") in messages
    assert (None, "usage: ") in messages and ("colours", "Theme") in messages
    assert any(plural for plural in messages.values())


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_with_the_same_placeholders(language: str) -> None:
    translations = catalogue(language)
    missing, wrong = [], []
    for (context, msgid), plural in source_messages().items():
        entry = translations.get(msgid, context=context)
        if entry is None or not entry.string or (plural is not None and not all(entry.string)):
            missing.append(msgid)
            continue
        forms = [entry.string] if plural is None else list(entry.string)
        originals = [msgid] if plural is None else [msgid, plural]
        for form, original in zip(forms, originals, strict=False):
            if placeholders(form) != placeholders(original):
                wrong.append(f"{original!r} → {form!r}")
    assert missing == [], f"{len(missing)} messages lack a {language} translation, e.g. {missing[:5]}"
    assert wrong == [], f"{len(wrong)} {language} translations change the placeholders, e.g. {wrong[:5]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_catalogue_keeps_a_message_the_source_no_longer_has(language: str) -> None:
    """A stale entry misleads translators and hides a message that was renamed without its translation."""
    messages = source_messages()
    stale = [
        entry.id for entry in catalogue(language) if entry.id and ((entry.context, _msgid(entry.id)) not in messages)
    ]
    assert stale == [], f"{len(stale)} {language} entries are no longer in the source, e.g. {stale[:5]}"


def _msgid(entry_id: str | tuple[str, ...]) -> str:
    return entry_id if isinstance(entry_id, str) else entry_id[0]
