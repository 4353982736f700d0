"""Format 3, the sealed bundle: writing one, and opening one whole before anything is used.

The zip holds ``manifest.json`` in the clear, with only what opening needs (ids, key generations
and fingerprints, sealed sizes and checksums: no name, no text); ``seals.json``, the bundle's
content key sealed for each group and bound to the manifest's exact bytes; and the sealed members:
``contents.json`` (the groups' names, the counts: :class:`BundleDetails`) and ``records/*.jsonl``,
each compressed, then sealed with the content key (see :mod:`exports.bundle.sealing`).
Documented for other programs in ``docs/bundle-format.md``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from typing import Any, cast

import orjson

from exports.bundle.archive import (
    BundleRefused,
    MemberStream,
    Room,
    checked_member,
    files_problem,
    groups_problem,
    head_problem,
    listed_members,
    parse_json,
    records_too_large,
    statement_problem,
    statement_refused,
)
from exports.bundle.format import (
    CONTENTS,
    FORMAT_NAME,
    FORMAT_VERSION,
    MANIFEST,
    MAX_MANIFEST_BYTES,
    MAX_RECORD_BYTES,
    SEALS,
    TYPES_BY_MEMBER,
    Audience,
    BundleDetails,
    Manifest,
)
from exports.bundle.group_keys import KeysHere
from exports.bundle.sealing import (
    BUNDLE_SEALING,
    CIPHER,
    FINGERPRINT,
    KEY_BYTES,
    KEY_DERIVATION,
    SealBroken,
    fingerprint,
    group_sealing_key,
    member_binding,
    new_content_key,
    nonce_of,
    seal,
    unseal,
)
from exports.zip_safety import CHUNK_BYTES, MemberReader
from facilitator.i18n import _
from storage.sync_ledger import GroupKey

COMPRESSION = "zlib"
#: Every member's time in the zip: the laptop's clock says nothing a reader needs (created_at does).
_NO_CLOCK = (1980, 1, 1, 0, 0, 0)


def seal_bundle(
    bundle_id: str,
    created_at: datetime,
    source: dict[str, str],
    audience: Audience,
    keys: Mapping[str, GroupKey],
    details: BundleDetails,
    members: Mapping[str, bytes],
) -> bytes:
    """The bundle file: ``members`` and ``details`` sealed for the groups of ``keys`` (group id: the
    key that seals, in the bundle's order of groups)."""
    content_key = new_content_key()
    plain = {CONTENTS: orjson.dumps(details), **members}
    sealed = {
        name: seal(content_key, zlib.compress(data, 6), member_binding(bundle_id, name)) for name, data in plain.items()
    }
    manifest = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "bundle_id": bundle_id,
        "created_at": created_at.isoformat(timespec="milliseconds"),
        "source": source,
        "audience": audience.value,
        "cipher": CIPHER,
        "key_derivation": KEY_DERIVATION,
        "compression": COMPRESSION,
        "groups": [
            {"id": group_id, "key_generation": key.generation, "key_fingerprint": fingerprint(key.secret_bytes)}
            for group_id, key in keys.items()
        ],
        "files": {
            name: {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()} for name, data in sealed.items()
        },
    }
    manifest_bytes = orjson.dumps(manifest, option=orjson.OPT_INDENT_2)
    seals = {
        "groups": {
            group_id: base64.b64encode(
                seal(
                    group_sealing_key(key.secret_bytes, bundle_id, group_id, key.generation),
                    content_key,
                    manifest_bytes,
                )
            ).decode()
            for group_id, key in keys.items()
        }
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:  # sealed bytes do not compress
        for name, data in {
            MANIFEST: manifest_bytes,
            SEALS: orjson.dumps(seals, option=orjson.OPT_INDENT_2),
            **sealed,
        }.items():
            archive.writestr(zipfile.ZipInfo(name, _NO_CLOCK), data)
    return buffer.getvalue()


def open_sealed(
    reader: MemberReader,
    members: Mapping[str, zipfile.ZipInfo],
    raw_manifest: dict[str, Any],
    manifest_bytes: bytes,
    keys: KeysHere,
    accepts: Callable[[Manifest], None],
    known: Callable[[str], bool],
) -> tuple[Manifest, dict[str, int], Iterator[MemberStream]]:
    """The checked manifest, with the names and counts from inside the seal; the counts of records
    by kind the bundle gives; and its record members, each opened and unpacked only when its turn
    comes (none for a bundle ``known`` says was imported already: its records were checked then)."""
    problem = _manifest_problem(raw_manifest)
    if problem:
        raise BundleRefused(_("The bundle's manifest is malformed: {problem}.").format(problem=problem))
    bundle_id: str = raw_manifest["bundle_id"]
    groups: list[dict[str, Any]] = raw_manifest["groups"]
    listed: dict[str, dict[str, Any]] = raw_manifest["files"]
    manifest = cast(Manifest, dict(raw_manifest))  # _manifest_problem checked every field a Manifest names
    manifest["groups"] = [{"id": group["id"], "name": keys.label(group["id"])} for group in groups]
    accepts(manifest)
    if SEALS not in members:
        raise BundleRefused(_("The bundle is not sealed, so it cannot be opened."))
    seals = reader.read(members[SEALS], MAX_MANIFEST_BYTES)
    content_key, nonces = _content_key(parse_json(seals, SEALS), raw_manifest, manifest_bytes, keys)
    listed_members(members, listed, (MANIFEST, SEALS))
    seen: set[bytes] = set()
    for nonce in nonces:
        _refuse_if_seen(seen, nonce)
    sealed = checked_member(reader, members, CONTENTS, listed[CONTENTS])
    _refuse_if_seen(seen, nonce_of(sealed))
    contents_room = Room(MAX_MANIFEST_BYTES, _member_too_large)
    contents = b"".join(_unpacked(_unsealed(content_key, bundle_id, CONTENTS, sealed), CONTENTS, contents_room))
    details = _details(contents, groups, listed)
    manifest["groups"] = details["groups"]
    manifest["files"] = {
        name: {"bytes": listed[name]["bytes"], "sha256": listed[name]["sha256"], "records": details["records"][name]}
        for name in listed
        if name != CONTENTS
    }
    streams = (
        iter(())
        if known(bundle_id)
        else _record_members(reader, members, content_key, bundle_id, listed, seen, len(groups))
    )
    return manifest, details["counts"], streams


def _refuse_if_seen(seen: set[bytes], nonce: bytes) -> None:
    if nonce in seen:
        raise BundleRefused(
            _("The bundle uses one nonce twice, which no bundle made by this app does: it is refused as unsafe.")
        )
    seen.add(nonce)


def _record_members(
    reader: MemberReader,
    members: Mapping[str, zipfile.ZipInfo],
    content_key: bytes,
    bundle_id: str,
    listed: Mapping[str, Any],
    seen: set[bytes],
    groups: int,
) -> Iterator[MemberStream]:
    """Each record member opened and unpacked in its turn: only one member's sealed bytes are held
    at a time, and all the members' plain bytes together stay within what a bundle may hold."""
    room = Room(MAX_RECORD_BYTES, lambda name: records_too_large(groups))
    for name in listed:
        if name == CONTENTS:
            continue
        sealed = checked_member(reader, members, name, listed[name])
        _refuse_if_seen(seen, nonce_of(sealed))
        compressed = _unsealed(content_key, bundle_id, name, sealed)
        del sealed
        yield name, _unpacked(compressed, name, room), lambda: None


def _content_key(
    seals: object, manifest: dict[str, Any], manifest_bytes: bytes, keys: KeysHere
) -> tuple[bytes, list[bytes]]:
    """The content key, opened with each group's key held here (all must give the same one), after
    the keys' retirement was checked against the bundle's time; and the seals' nonces."""
    sealed_keys = seals.get("groups") if isinstance(seals, dict) else None
    if not isinstance(sealed_keys, dict) or not set(sealed_keys) <= {group["id"] for group in manifest["groups"]}:
        raise BundleRefused(
            _(
                "The bundle's seals are not those of its groups: it was changed, or made by another program. "
                "Ask for the file again."
            )
        )
    made = datetime.fromisoformat(manifest["created_at"])
    found: set[bytes] = set()
    nonces = []
    for group in manifest["groups"]:

        def broken(group_id: str = group["id"]) -> BundleRefused:
            return BundleRefused(
                _(
                    "The bundle's seal for {group} does not open: the bundle was changed after it was sealed. "
                    "Ask for the file again."
                ).format(group=keys.label(group_id))
            )

        content_key, sealed = opened_content_key(
            keys, group, manifest["bundle_id"], sealed_keys.get(group["id"], ""), manifest_bytes, made, broken
        )
        found.add(content_key)
        nonces.append(nonce_of(sealed))
    if len(found) != 1 or len(next(iter(found))) != KEY_BYTES:
        raise BundleRefused(_("The bundle's seals do not agree with each other: it is refused as unsafe."))
    return found.pop(), nonces


def opened_content_key(
    keys: KeysHere,
    group: Mapping[str, Any],
    salt_id: str,
    sealed_key: object,
    manifest_bytes: bytes,
    made: datetime,
    broken: Callable[[], BundleRefused],
    purpose: str = BUNDLE_SEALING,
) -> tuple[bytes, bytes]:
    """The content key a sealed file's ``group`` seal holds (``sealed_key``, in base64), opened with
    the key held here of the generation and fingerprint the manifest names and bound to the
    manifest's exact bytes, once that key is known not to have been retired when the file was
    ``made``; and the seal's bytes. ``salt_id`` is the file's id; ``purpose`` the kind of file the
    sealing key is derived for. Raises ``broken()`` when the seal does not open."""
    key = keys.for_seal(group["id"], group["key_generation"], group["key_fingerprint"])
    try:
        sealed = base64.b64decode(str(sealed_key), validate=True)
        content_key = unseal(
            group_sealing_key(key.secret_bytes, salt_id, group["id"], key.generation, purpose), sealed, manifest_bytes
        )
    except (SealBroken, binascii.Error):
        raise broken() from None
    keys.refuse_if_retired(group["id"], key, made)
    return content_key, sealed


def _unsealed(content_key: bytes, bundle_id: str, name: str, data: bytes) -> bytes:
    """A member opened with the content key: still compressed. What is sealed is unpacked only
    after its seal proved who made it, but a damaged or hostile laptop holds a key too."""
    try:
        return unseal(content_key, data, member_binding(bundle_id, name))
    except SealBroken:
        raise BundleRefused(
            _(
                "{name} in the bundle does not open with the bundle's key: it was changed, or taken from another "
                "bundle. Ask for the file again."
            ).format(name=name)
        ) from None


def _member_too_large(name: str) -> BundleRefused:
    return BundleRefused(_("{name} in the bundle is too large.").format(name=name))


def _unpacked(compressed: bytes, name: str, room: Room) -> Iterator[bytes]:
    """A member's zlib stream unpacked a chunk at a time, each chunk taken from ``room``: unpacking
    stops as soon as it has produced more than there is room for, whatever the stream would still
    give. The stream must end exactly where the member ends.

    The input is fed a slice (64 KiB) at a time, and only that slice's unread tail is carried to
    the next call: handing zlib the whole rest would copy it on every chunk unpacked (quadratic:
    2.9 s instead of 0.3 s for a member of 35 MB)."""
    unpacking = zlib.decompressobj()
    view = memoryview(compressed)
    fed = 0
    try:
        while not unpacking.eof:
            pending: bytes | memoryview = view[fed : fed + CHUNK_BYTES]
            fed += len(pending)
            chunk = unpacking.decompress(pending, CHUNK_BYTES)
            while True:
                room.take(len(chunk), name)
                if chunk:
                    yield chunk
                pending = unpacking.unconsumed_tail  # of this slice only: a copy of at most 64 KiB
                if unpacking.eof or not (pending or len(chunk) == CHUNK_BYTES):
                    break  # this slice is unpacked (zlib may hold back output only when it filled a chunk)
                chunk = unpacking.decompress(pending, CHUNK_BYTES)
            if not unpacking.eof and fed == len(view) and not chunk:
                break  # the member ends before its stream does
    except zlib.error:
        raise BundleRefused(_("{name} in the bundle cannot be unpacked.").format(name=name)) from None
    if not unpacking.eof or unpacking.unused_data or fed < len(view):
        raise BundleRefused(_("{name} in the bundle cannot be unpacked.").format(name=name))


def _details(data: bytes, groups: list[dict[str, Any]], listed: Mapping[str, object]) -> BundleDetails:
    """The sealed contents, which must tell of the very groups and files the manifest names."""
    details = parse_json(data, CONTENTS)
    members = {name for name in listed if name != CONTENTS}
    if (
        not isinstance(details, dict)
        or not isinstance(details.get("groups"), list)
        or [group.get("id") if isinstance(group, dict) else None for group in details["groups"]]
        != [group["id"] for group in groups]
        or not all(isinstance(group.get("name"), str) for group in details["groups"])
        or not isinstance(details.get("records"), dict)
        or set(details["records"]) != members
        or not all(
            isinstance(count, int) and not isinstance(count, bool) and count >= 0
            for count in details["records"].values()
        )
    ):
        raise BundleRefused(
            _("What the bundle seals does not match its manifest: it was not made by this app. Ask for the file again.")
        )
    problem = statement_problem(details, [group["id"] for group in groups])
    if problem:
        raise statement_refused(problem)
    return cast(BundleDetails, details)


def _manifest_problem(manifest: dict[str, Any]) -> str | None:
    """What is wrong with a sealed manifest's shape, if anything (in words, for the refusal)."""
    problem = head_problem(manifest)
    if problem:
        return problem
    if (manifest.get("cipher"), manifest.get("key_derivation"), manifest.get("compression")) != (
        CIPHER,
        KEY_DERIVATION,
        COMPRESSION,
    ):
        return _("a cipher this app does not know")
    files = manifest.get("files")
    return (
        groups_problem(manifest.get("groups"), sealed_group)
        or files_problem(files, {CONTENTS, *TYPES_BY_MEMBER}, ("bytes",))
        or (None if CONTENTS in cast(dict[str, Any], files) else _("no list of files"))
    )


def sealed_group(group: dict[str, Any]) -> bool:
    """A group of a sealed manifest names the generation and the fingerprint of the key that sealed it."""
    generation = group.get("key_generation")
    fingerprint = group.get("key_fingerprint")
    return (
        isinstance(generation, int)
        and not isinstance(generation, bool)
        and generation >= 1
        and isinstance(fingerprint, str)
        and FINGERPRINT.fullmatch(fingerprint) is not None
    )
