"""Taking a real bundle apart and putting it back together damaged: the parts the fuzz tests share.

A bundle is unpacked into its members (name and bytes, in order); a damaged copy is packed again
with :func:`pack`. To reach the reader's checks behind the seal, the tests hold the group's key,
as its maker does: :func:`opened_contents` opens a sealed bundle on the test's side,
:func:`sealed_again` seals changed contents as the app seals them, and :func:`resealed` seals the
same content key again for an edited manifest (whose seal would otherwise open for nobody).
Bundles of formats 1 and 2 (signed with an HMAC, in the clear), which the reader still reads, are
written as the release before wrote them by :func:`signed_bundle`, and their manifest signed
again by :func:`resign`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import struct
import warnings
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, cast

import orjson

from exports.bundle.format import (
    CONTENTS,
    DEVELOPMENT_KINDS,
    FORMAT_NAME,
    MANIFEST,
    RECORD_TYPES,
    SEALS,
    SIGNATURE,
    SIGNATURE_ALGORITHM,
    TYPES_BY_MEMBER,
    Audience,
    BundleDetails,
)
from exports.bundle.sealed import seal_bundle
from exports.bundle.sealing import group_sealing_key, member_binding, seal, unseal
from storage.sync_ledger import GroupKey

#: A fixed time for every repacked member, so that a damaged bundle is the same on every run.
FIXED_TIME = (2026, 11, 27, 12, 0, 0)


@dataclass(frozen=True)
class Member:
    name: str
    data: bytes
    compress_type: int = zipfile.ZIP_DEFLATED


def unpack(data: bytes) -> list[Member]:
    """The members of a (good) bundle, in the order they are stored."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [Member(info.filename, archive.read(info), info.compress_type) for info in archive.infolist()]


def pack(members: list[Member], *, comment: bytes = b"") -> bytes:
    """A zip file of ``members`` exactly as given (duplicate and unsafe names included)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive, warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "Duplicate name": wanted here
        for member in members:
            info = zipfile.ZipInfo(member.name, FIXED_TIME)
            info.compress_type = member.compress_type
            info.external_attr = 0o600 << 16
            archive.writestr(info, member.data)
        archive.comment = comment
    return buffer.getvalue()


def member(members: list[Member], name: str) -> Member:
    (found,) = [candidate for candidate in members if candidate.name == name]
    return found


def replaced(members: list[Member], name: str, data: bytes) -> list[Member]:
    """``members`` with the bytes of ``name`` replaced."""
    return [replace(candidate, data=data) if candidate.name == name else candidate for candidate in members]


def manifest_of(members: list[Member]) -> dict[str, Any]:
    return cast(dict[str, Any], orjson.loads(member(members, MANIFEST).data))


def documents_in(data: bytes) -> list[Any]:
    """The documents of a record member's plain bytes, one per line."""
    return [orjson.loads(line) for line in data.splitlines() if line.strip()]


def lines_bytes(documents: list[Any]) -> bytes:
    return b"".join(orjson.dumps(document) + b"\n" for document in documents)


def record_count(data: bytes) -> int:
    return sum(1 for line in data.splitlines() if line.strip())


def with_checksums(members: list[Member], manifest: dict[str, Any], *, records: bool = False) -> dict[str, Any]:
    """``manifest`` with the size and SHA-256 of each listed member recomputed (and the record
    count, for a signed manifest, which counts them in the clear)."""
    stored = {candidate.name: candidate.data for candidate in members}
    files = manifest.get("files")
    if not isinstance(files, dict):
        return manifest
    updated = {}
    for name, details in files.items():
        if name in stored and isinstance(details, dict):
            data = stored[name]
            details = {**details, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
            if records and name in TYPES_BY_MEMBER:
                details["records"] = record_count(data)
        updated[name] = details
    return {**manifest, "files": updated}


def manifest_bytes_of(manifest: Any) -> bytes:
    """A manifest given as a value, or as exact bytes, as the bytes a bundle stores."""
    return manifest if isinstance(manifest, bytes) else orjson.dumps(manifest, option=orjson.OPT_INDENT_2)


# -- sealed bundles (format 3), opened and sealed again with the test's keys ----------------------


@dataclass(frozen=True)
class Opened:
    """What a sealed bundle holds, in the clear: enough to seal it again, changed."""

    bundle_id: str
    created_at: datetime
    source: dict[str, str]
    audience: Audience
    details: BundleDetails
    records: dict[str, bytes]
    content_key: bytes


def content_key_of(members: list[Member], key: GroupKey) -> bytes:
    """The bundle's content key, opened from the seal for ``key``'s group."""
    manifest_bytes = member(members, MANIFEST).data
    manifest = orjson.loads(manifest_bytes)
    (group,) = [group for group in manifest["groups"] if group["id"] == key.group_id]
    sealed = base64.b64decode(orjson.loads(member(members, SEALS).data)["groups"][key.group_id])
    sealing_key = group_sealing_key(key.secret_bytes, manifest["bundle_id"], key.group_id, group["key_generation"])
    return unseal(sealing_key, sealed, manifest_bytes)


def opened_contents(data: bytes, key: GroupKey) -> Opened:
    """A good sealed bundle opened with ``key`` (one of its groups' keys), on the test's side."""
    members = unpack(data)
    manifest = manifest_of(members)
    content_key = content_key_of(members, key)
    plain = {
        candidate.name: zlib.decompress(
            unseal(content_key, candidate.data, member_binding(manifest["bundle_id"], candidate.name))
        )
        for candidate in members
        if candidate.name not in (MANIFEST, SEALS)
    }
    return Opened(
        bundle_id=manifest["bundle_id"],
        created_at=datetime.fromisoformat(manifest["created_at"]),
        source=manifest["source"],
        audience=Audience(manifest["audience"]),
        details=cast(BundleDetails, orjson.loads(plain.pop(CONTENTS))),
        records=plain,
        content_key=content_key,
    )


def counted(details: BundleDetails, records: Mapping[str, bytes]) -> BundleDetails:
    """``details`` telling of exactly ``records``: each member and its number of records."""
    counts = {record_type.name: record_count(records.get(record_type.member, b"")) for record_type in RECORD_TYPES}
    return {**details, "counts": counts, "records": {name: record_count(data) for name, data in records.items()}}


def sealed_again(
    opened: Opened,
    keys: Mapping[str, GroupKey],
    *,
    bundle_id: str | None = None,
    created_at: datetime | None = None,
    records: Mapping[str, bytes] | None = None,
    details: BundleDetails | None = None,
) -> bytes:
    """``opened`` sealed for ``keys`` as the app seals a bundle, with what is given changed; the
    sealed contents tell of the records sealed unless ``details`` is given."""
    members = dict(opened.records if records is None else records)
    return seal_bundle(
        opened.bundle_id if bundle_id is None else bundle_id,
        opened.created_at if created_at is None else created_at,
        opened.source,
        opened.audience,
        keys,
        counted(opened.details, members) if details is None else details,
        members,
    )


def seals_bytes(manifest_bytes: bytes, content_key: bytes, keys: Mapping[str, GroupKey]) -> bytes:
    """The seals of ``content_key`` for ``keys``, bound to ``manifest_bytes``, as the app writes
    them (the bundle id and key generations taken from the manifest where it has valid ones)."""
    try:
        manifest = orjson.loads(manifest_bytes)
    except orjson.JSONDecodeError:
        manifest = None
    manifest = manifest if isinstance(manifest, dict) else {}
    bundle_id = manifest.get("bundle_id")
    groups = manifest.get("groups")
    generations = {
        group.get("id"): group.get("key_generation")
        for group in (groups if isinstance(groups, list) else [])
        if isinstance(group, dict)
    }
    seals = {}
    for group_id, key in keys.items():
        generation = generations.get(group_id)
        sealing_key = group_sealing_key(
            key.secret_bytes,
            bundle_id if isinstance(bundle_id, str) else "",
            group_id,
            generation if isinstance(generation, int) else key.generation,
        )
        seals[group_id] = base64.b64encode(seal(sealing_key, content_key, manifest_bytes)).decode()
    return orjson.dumps({"groups": seals}, option=orjson.OPT_INDENT_2)


def resealed(members: list[Member], manifest: Any, keys: Mapping[str, GroupKey], content_key: bytes) -> list[Member]:
    """``members`` with ``manifest`` (a value, or exact bytes) as the manifest, and the bundle's
    ``content_key`` sealed again for ``keys`` bound to it: the checks behind the seal are reached."""
    manifest_bytes = manifest_bytes_of(manifest)
    members = replaced(members, MANIFEST, manifest_bytes)
    return replaced(members, SEALS, seals_bytes(manifest_bytes, content_key, keys))


# -- signed bundles (formats 1 and 2), as the release before wrote them ---------------------------


def sign(secret: bytes, manifest_bytes: bytes) -> str:
    """The HMAC-SHA256 of a manifest's exact bytes, as formats 1 and 2 sign a bundle."""
    return hmac.new(secret, manifest_bytes, hashlib.sha256).hexdigest()


def signature_bytes(manifest_bytes: bytes, secrets: Mapping[str, bytes]) -> bytes:
    """A signature file signing ``manifest_bytes`` with each group's secret."""
    signature = {
        "algorithm": SIGNATURE_ALGORITHM,
        "groups": {group_id: sign(secret, manifest_bytes) for group_id, secret in secrets.items()},
    }
    return orjson.dumps(signature, option=orjson.OPT_INDENT_2)


def resign(members: list[Member], manifest: Any, secrets: Mapping[str, bytes]) -> list[Member]:
    """``members`` with ``manifest`` (a value, or exact bytes) as the manifest, signed with ``secrets``."""
    manifest_bytes = manifest_bytes_of(manifest)
    members = replaced(members, MANIFEST, manifest_bytes)
    return replaced(members, SIGNATURE, signature_bytes(manifest_bytes, secrets))


def signed_bundle(
    opened: Opened,
    secrets: Mapping[str, bytes],
    *,
    version: int = 2,
    bundle_id: str | None = None,
    created_at: datetime | None = None,
    with_new_kinds: bool = False,
) -> bytes:
    """``opened``'s records as a bundle of format ``version`` (1 or 2): the manifest in the clear,
    with the groups' names, the counts and each file's checksum, signed with the HMAC of each
    group's secret (``secrets``: group id → secret), as the release before made them: without the
    interviews and outcomes format 4 brought, unless ``with_new_kinds``."""
    by_name = {record_type.member: record_type.name for record_type in RECORD_TYPES}
    if not with_new_kinds:
        records = {name: data for name, data in opened.records.items() if by_name[name] not in DEVELOPMENT_KINDS}
        opened = replace(opened, records=records)
    files = {
        name: {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data), "records": record_count(data)}
        for name, data in opened.records.items()
    }
    manifest = {
        "format": FORMAT_NAME,
        "version": version,
        "bundle_id": opened.bundle_id if bundle_id is None else bundle_id,
        "created_at": (opened.created_at if created_at is None else created_at).isoformat(timespec="milliseconds"),
        "app_version": opened.details["app_version"],
        "source": opened.source,
        "audience": opened.audience.value,
        "scope": opened.details["scope"],
        "since": opened.details["since"],
        "groups": opened.details["groups"],
        "counts": {by_name[name]: files[name]["records"] for name in files},
        "files": files,
    }
    manifest_bytes = manifest_bytes_of(manifest)
    return pack(
        [
            Member(MANIFEST, manifest_bytes),
            Member(SIGNATURE, signature_bytes(manifest_bytes, secrets)),
            *(Member(name, data) for name, data in opened.records.items()),
        ]
    )


# -- damage to the zip structure itself -------------------------------------------------------------

_CENTRAL = b"PK\x01\x02"
_LOCAL = b"PK\x03\x04"


def central_entries(data: bytes) -> list[int]:
    """The offsets of the central directory's entries."""
    offsets = []
    start = data.find(_CENTRAL)
    while start != -1:
        offsets.append(start)
        start = data.find(_CENTRAL, start + 4)
    return offsets


def declare_size(data: bytes, index: int, size: int, *, central: bool = True) -> bytes:
    """``data`` with entry ``index`` declaring ``size`` uncompressed bytes (in its central directory
    entry, or in its local header), its contents unchanged."""
    if central:
        offset = central_entries(data)[index] + 24
    else:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            offset = archive.infolist()[index].header_offset + 22
    return data[:offset] + struct.pack("<I", size) + data[offset + 4 :]
