"""The key file (``.mekey``) as bytes: sealed with a one-time passphrase, or plain as an earlier
release wrote it.

Version 2 (written by this release) is JSON whose only readable part says how to open the rest::

    {"format": "microentre-group-keys", "version": 2,
     "kdf": {"name": "scrypt", "salt": <base64, 16 bytes>, "n": 32768, "r": 8, "p": 1},
     "cipher": "ChaCha20-Poly1305", "nonce": <base64, 12 bytes>, "sealed": <base64>}

``sealed`` is the ChaCha20-Poly1305 encryption, with the 32-byte key scrypt derives from the
passphrase (its words in lower case joined by hyphens, UTF-8) and ``salt``, of the JSON
``{"groups": [{"id", "name", "group": <the group's record or null>, "keys": [{"generation",
"secret", "issued_at", "issued_by", "retired_from"}, …]}]}``. Its associated data is the header it
is opened with, ``{"cipher", "format", "kdf", "version"}`` as compact JSON with sorted keys, so a
file whose format, version, cipher or key derivation was changed does not open. A reader asks
scrypt for no more than it must: ``kdf`` has exactly the keys above, its ``salt`` at least 16
bytes, and ``n`` (a power of two), ``r`` and ``p`` with 128·n·r·p at most 64 MiB (twice what this
release writes) before anything is derived. No group's name and no secret is outside the sealed
part. Version 1 (the release before) is the plain JSON ``{"format", "version":
1, "groups": [{"id", "name", "key", "issued_at", "issued_by", "group"}]}``, one generation per
group; it is still read.
"""

from __future__ import annotations

import base64
import binascii
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TypeGuard

import orjson
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from exports.bundle.archive import UUID, BundleRefused
from exports.bundle.format import MAX_MANIFEST_BYTES
from exports.bundle.passphrase import PassphraseMistyped, passphrase_typed
from facilitator.i18n import _
from storage.errors import os_reason
from storage.sync_ledger import GroupKey

KEYS_FORMAT = "microentre-group-keys"
SEALED_VERSION = 2
CIPHER = "ChaCha20-Poly1305"
#: scrypt's cost as written: about 0.14 s and 32 MiB on a laptop, once per key file.
SCRYPT = {"n": 2**15, "r": 8, "p": 1}
SALT_BYTES = 16
NONCE_BYTES = 12
#: The most a key file may ask scrypt for, 128·n·r·p bytes (a damaged or hostile one must not take
#: the memory or the time): twice what this release writes.
_MOST_SCRYPT_BYTES = 64 * 2**20


class KeyFileRefused(BundleRefused):
    """A key request or key file that cannot be used; ``str()`` says why."""


class PassphraseNeeded(KeyFileRefused):
    """The key file is sealed and no passphrase was given: ask for it, then install again."""


class PassphraseRefused(KeyFileRefused):
    """The passphrase given does not open the key file, or cannot be one the app made (a word not of
    the list, too few or too many words): ask for it again; ``str()`` says what to check."""


@dataclass(frozen=True)
class KeyFileGroup:
    """One group's part of a key file: every generation of its key the writer held, oldest first."""

    id: str
    name: str
    record: dict[str, Any] | None  # the group's stored record, when the writing workspace had it
    keys: list[GroupKey] = field(default_factory=list)


@dataclass(frozen=True)
class OpenedKeyFile:
    """What a key file holds, and whether it was sealed: a plain one (version 1) proves nothing about
    who wrote it, so it may only give a key to a group that has none (see :func:`install_keys`)."""

    groups: list[KeyFileGroup]
    sealed: bool


def sealed_key_file(groups: list[KeyFileGroup], passphrase: str) -> bytes:
    """The bytes of a version-2 key file holding ``groups``, opened only with ``passphrase``."""
    content = {
        "groups": [
            {
                "id": group.id,
                "name": group.name,
                "group": group.record,
                "keys": [
                    {
                        "generation": key.generation,
                        "secret": key.secret,
                        "issued_at": key.issued_at,
                        "issued_by": key.issued_by,
                        "retired_from": key.retired_from,
                    }
                    for key in group.keys
                ],
            }
            for group in groups
        ]
    }
    kdf = {"name": "scrypt", "salt": _text(os.urandom(SALT_BYTES)), **SCRYPT}
    header = {"format": KEYS_FORMAT, "version": SEALED_VERSION, "kdf": kdf, "cipher": CIPHER}
    nonce = os.urandom(NONCE_BYTES)
    key = _derive(passphrase, kdf)
    sealed = ChaCha20Poly1305(key).encrypt(nonce, orjson.dumps(content), _associated(header))
    whole = {**header, "nonce": _text(nonce), "sealed": _text(sealed)}
    return orjson.dumps(whole, option=orjson.OPT_INDENT_2)


def read_key_file(path: Path, passphrase: str | None) -> OpenedKeyFile:
    """The groups and keys a key file holds; :class:`PassphraseNeeded` when it is sealed and
    ``passphrase`` is None, :class:`PassphraseRefused` when the passphrase does not open it (or
    cannot be one), :class:`KeyFileRefused` when it is damaged. A plain
    file of the release before opens without a passphrase (``sealed`` False)."""
    data = read_json(path, KEYS_FORMAT, _("a key file"), SEALED_VERSION)
    if data["version"] < SEALED_VERSION:
        return OpenedKeyFile(_plain_groups(data, path), sealed=False)
    if passphrase is None:
        raise PassphraseNeeded(_("{file} is sealed: its passphrase is needed.").format(file=path.name))
    try:
        words = passphrase_typed(passphrase)
    except PassphraseMistyped as error:
        raise PassphraseRefused(str(error)) from None
    kdf, nonce, sealed = data.get("kdf"), _bytes(data.get("nonce")), _bytes(data.get("sealed"))
    if not _sane_kdf(kdf) or data.get("cipher") != CIPHER or nonce is None or len(nonce) != NONCE_BYTES or not sealed:
        raise KeyFileRefused(_("{file} is a damaged key file.").format(file=path.name))
    header = {"format": data["format"], "version": data["version"], "kdf": kdf, "cipher": data["cipher"]}
    try:
        content = ChaCha20Poly1305(_derive(words, kdf)).decrypt(nonce, sealed, _associated(header))
    except InvalidTag:
        raise PassphraseRefused(
            _(
                "The passphrase does not open {file}: check it with the person who read it to you. Nothing was changed."
            ).format(file=path.name)
        ) from None
    try:
        opened = orjson.loads(content)
    except orjson.JSONDecodeError:
        opened = None
    if not isinstance(opened, dict):
        raise KeyFileRefused(_("{file} is a damaged key file.").format(file=path.name))
    return OpenedKeyFile(_sealed_groups(opened, path), sealed=True)


def read_json(path: Path, expected: str, what: str, newest: int) -> dict[str, Any]:
    """The JSON object of a key request or key file of format ``expected`` and at most version ``newest``."""
    try:
        raw = path.read_bytes()[: MAX_MANIFEST_BYTES + 1]
    except OSError as error:
        raise KeyFileRefused(_("{file} cannot be read: {reason}.").format(file=path, reason=os_reason(error))) from None
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        data = None
    if not isinstance(data, dict) or data.get("format") != expected:
        raise KeyFileRefused(_("{file} is not {what}.").format(file=path.name, what=what))
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise KeyFileRefused(_("{file} is not {what}.").format(file=path.name, what=what))
    if version > newest:
        raise KeyFileRefused(_("{file} was made by a newer version of the app: update the app.").format(file=path.name))
    return data


def checked_groups(data: dict[str, Any], path: Path) -> list[dict[str, str]]:
    """The ``[{id, name}]`` of a key request's or key file's groups, each id a valid one."""
    groups = data.get("groups")
    if not isinstance(groups, list) or not groups:
        raise KeyFileRefused(_("{file} names no group.").format(file=path.name))
    checked = []
    for group in groups:
        if not isinstance(group, dict) or not isinstance(group.get("id"), str) or not UUID.fullmatch(group["id"]):
            raise KeyFileRefused(_("{file} names a group without a valid id.").format(file=path.name))
        checked.append({"id": group["id"], "name": str(group.get("name") or "")})
    return checked


def _plain_groups(data: dict[str, Any], path: Path) -> list[KeyFileGroup]:
    """A version-1 file's groups: one key each, the first generation."""
    found = []
    for entry, group in zip(data["groups"], checked_groups(data, path), strict=True):
        key = _key(group, {**entry, "secret": entry.get("key"), "generation": 1, "retired_from": ""}, path)
        found.append(KeyFileGroup(group["id"], group["name"], _record(entry), [key]))
    return found


def _sealed_groups(data: dict[str, Any], path: Path) -> list[KeyFileGroup]:
    found = []
    for entry, group in zip(data["groups"], checked_groups(data, path), strict=True):
        keys = entry.get("keys")
        if not isinstance(keys, list) or not keys:
            raise KeyFileRefused(_("{file} holds no key for {group}.").format(file=path.name, group=group["name"]))
        generations = sorted((_key(group, key, path) for key in keys), key=lambda key: key.generation)
        if len({key.generation for key in generations}) != len(generations):
            raise KeyFileRefused(
                _("{file} holds a damaged key for {group}.").format(file=path.name, group=group["name"])
            )
        found.append(KeyFileGroup(group["id"], group["name"], _record(entry), generations))
    return found


def _key(group: dict[str, str], entry: object, path: Path) -> GroupKey:
    """One generation of a group's key as the file holds it, checked."""
    damaged = KeyFileRefused(_("{file} holds a damaged key for {group}.").format(file=path.name, group=group["name"]))
    if not isinstance(entry, dict):
        raise damaged
    secret, generation, retired = entry.get("secret"), entry.get("generation"), entry.get("retired_from") or ""
    if not isinstance(secret, str) or len(secret) != 64 or any(c not in "0123456789abcdef" for c in secret):
        raise damaged
    if not isinstance(generation, int) or isinstance(generation, bool) or generation < 1:
        raise damaged
    if not isinstance(retired, str) or (retired and not _moment_with_offset(retired)):
        raise damaged
    return GroupKey(
        group_id=group["id"],
        group_name=group["name"],
        secret=secret,
        issued_at=str(entry.get("issued_at") or ""),
        issued_by=str(entry.get("issued_by") or ""),
        generation=generation,
        retired_from=retired,
    )


def _moment_with_offset(text: str) -> bool:
    try:
        return datetime.fromisoformat(text).utcoffset() is not None
    except ValueError:
        return False


def _record(entry: dict[str, Any]) -> dict[str, Any] | None:
    record = entry.get("group")
    return record if isinstance(record, dict) else None


def _sane_kdf(kdf: object) -> TypeGuard[dict[str, Any]]:
    """Exactly scrypt, with a salt of at least 16 bytes and a cost this laptop can pay (checked
    before anything is derived)."""
    if not isinstance(kdf, dict) or set(kdf) != {"name", "salt", "n", "r", "p"} or kdf["name"] != "scrypt":
        return False
    salt = _bytes(kdf["salt"])
    n, r, p = kdf["n"], kdf["r"], kdf["p"]
    if salt is None or len(salt) < SALT_BYTES or not (_whole(n) and _whole(r) and _whole(p)):
        return False
    return n >= 2 and n & (n - 1) == 0 and 128 * n * r * p <= _MOST_SCRYPT_BYTES


def _whole(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _derive(passphrase: str, kdf: dict[str, Any]) -> bytes:
    salt = _bytes(kdf["salt"]) or b""
    return Scrypt(salt=salt, length=32, n=kdf["n"], r=kdf["r"], p=kdf["p"]).derive(passphrase.encode())


def _associated(header: dict[str, Any]) -> bytes:
    return orjson.dumps(header, option=orjson.OPT_SORT_KEYS)


def _text(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _bytes(text: object) -> bytes | None:
    if not isinstance(text, str):
        return None
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
