"""The one-time passphrase that opens a key file: six words a person reads to another over the phone.

The words are the English BIP-39 list (the ``mnemonic`` package, 2048 words, so six carry 66 bits):
short common words designed to be told apart by ear, and no two of them share their first four
letters. A passphrase typed back is read as forgivingly as it can be without guessing: case, spaces
or hyphens between the words and extra blanks do not matter, and a word's first four letters are
enough. A word that is not one of the list's is named, so the person can ask about it, instead of
the key file simply failing to open.
"""

from __future__ import annotations

import functools
import re
import secrets

from facilitator.dates import format_count
from facilitator.i18n import _, ngettext

WORDS = 6
_SEPARATORS = re.compile(r"[\s\-‐‑–—_.,;:]+")
_PREFIX = 4


class PassphraseMistyped(ValueError):
    """A typed passphrase that cannot be one the app made; ``str()`` says what to check."""


@functools.cache
def _wordlist() -> tuple[tuple[str, ...], dict[str, str]]:
    """The list's words, and each word by its first four letters (the list's own promise: unique)."""
    from mnemonic import Mnemonic

    words = tuple(Mnemonic("english").wordlist)
    return words, {word[:_PREFIX]: word for word in words if len(word) >= _PREFIX}


def new_passphrase() -> str:
    """A fresh passphrase, ``canal-forest-tiger-orbit-lemon-vivid``, its words chosen with ``secrets``."""
    words, _by_prefix = _wordlist()
    return "-".join(secrets.choice(words) for _word in range(WORDS))


def passphrase_typed(typed: str) -> str:
    """The passphrase the person meant, in the form it was made in (``canal-forest-…``).

    :class:`PassphraseMistyped` names a word that is not one of the list's, or says how many words
    are missing or too many."""
    words, by_prefix = _wordlist()
    known = set(words)
    found = []
    for word in (part for part in _SEPARATORS.split(typed.strip().casefold()) if part):
        if word in known:
            found.append(word)
        elif len(word) >= _PREFIX and word[:_PREFIX] in by_prefix:
            found.append(by_prefix[word[:_PREFIX]])
        else:
            raise PassphraseMistyped(
                _("“{word}” is not one of the passphrase's words: check it with the person who read it to you.").format(
                    word=word
                )
            )
    if len(found) != WORDS:
        raise PassphraseMistyped(
            ngettext(
                "The passphrase has {words} words, and {count} was typed: check it with the person who read it to you.",
                "The passphrase has {words} words, and {count} were typed: check it with the person who read it "
                "to you.",
                len(found),
            ).format(words=format_count(WORDS), count=format_count(len(found)))
        )
    return "-".join(found)
