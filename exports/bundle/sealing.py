"""Sealing a bundle's contents so that only the holders of a group's key can read them.

Each bundle has a fresh random content key; every sealed member is that key's authenticated
encryption (ChaCha20-Poly1305, a fresh random nonce per member) of the member's bytes, bound to
the bundle and to the member's name, so that no member can be moved to another bundle or another
name. For each group of the bundle, the content key is sealed with a key derived (HKDF-SHA256) from
the group's key, the bundle's id and the key's generation, bound to the manifest's exact bytes: only
a holder of one of the bundle's group keys can open it, and a changed manifest opens for nobody.
Documented for other programs in ``docs/bundle-format.md``.
"""

from __future__ import annotations

import os
import re

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

CIPHER = "ChaCha20-Poly1305"
KEY_DERIVATION = "HKDF-SHA256"
NONCE_BYTES = 12
KEY_BYTES = 32
TAG_BYTES = 16
_FINGERPRINT_INFO = b"microentre group key fingerprint"
#: What :func:`fingerprint` gives: three groups of four upper-case hexadecimal digits.
FINGERPRINT = re.compile(r"[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}")


class SealBroken(ValueError):
    """Sealed bytes that do not open with the key and binding given: changed, or another key's."""


def new_content_key() -> bytes:
    return ChaCha20Poly1305.generate_key()


#: What a bundle's sealing keys are derived for (HKDF's info starts with it); another kind of sealed
#: file (the recordings file) names its own, so that no key of one is ever a key of the other.
BUNDLE_SEALING = "microentre-bundle"


def group_sealing_key(
    secret: bytes, bundle_id: str, group_id: str, generation: int, purpose: str = BUNDLE_SEALING
) -> bytes:
    """The key that seals one bundle's (or other sealed file's) content key for one group: a key
    per group, file and kind of file."""
    info = f"{purpose} sealing key|{group_id}|{generation}".encode()
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=bundle_id.encode(), info=info).derive(secret)


def member_binding(bundle_id: str, name: str) -> bytes:
    """What a member's seal is bound to besides its key: the bundle it belongs to and its name."""
    return f"{bundle_id}/{name}".encode()


def seal(key: bytes, data: bytes, binding: bytes) -> bytes:
    """``data`` sealed with ``key``: a fresh nonce, then the ciphertext with its tag."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce + ChaCha20Poly1305(key).encrypt(nonce, data, binding)


def unseal(key: bytes, sealed: bytes, binding: bytes) -> bytes:
    """The data :func:`seal` sealed; :class:`SealBroken` if any byte, the key or the binding differs."""
    if len(sealed) < NONCE_BYTES + TAG_BYTES:
        raise SealBroken("too short")
    try:
        return ChaCha20Poly1305(key).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], binding)
    except InvalidTag:
        raise SealBroken("does not open") from None


def nonce_of(sealed: bytes) -> bytes:
    return sealed[:NONCE_BYTES]


def fingerprint(secret: bytes) -> str:
    """A short mark of a group key (``7F3A-9C21-0B44``) that both sides can read to each other to
    compare keys; it reveals nothing of the key."""
    digest = HKDF(algorithm=hashes.SHA256(), length=6, salt=None, info=_FINGERPRINT_INFO).derive(secret)
    text = digest.hex().upper()
    return "-".join(text[start : start + 4] for start in range(0, len(text), 4))
