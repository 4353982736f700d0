"""Taking a real bundle apart and putting it back together damaged: the parts the fuzz tests share.

A bundle is unpacked into its members (name and bytes, in order); a damaged copy is packed again
with :func:`pack`, optionally with the manifest edited and signed again with the group's real key
(:func:`resign`), so that the reader's deeper checks are reached and not only the signature check.
"""

from __future__ import annotations

import hashlib
import io
import struct
import warnings
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import orjson

from exports.bundle.format import MANIFEST, SIGNATURE, SIGNATURE_ALGORITHM, TYPES_BY_MEMBER
from exports.bundle.writer import sign

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
    return orjson.loads(member(members, MANIFEST).data)


def records_of(members: list[Member], name: str) -> list[Any]:
    """The documents of one record member, one per line."""
    return [orjson.loads(line) for line in member(members, name).data.splitlines() if line.strip()]


def lines_bytes(documents: list[Any]) -> bytes:
    return b"".join(orjson.dumps(document) + b"\n" for document in documents)


def with_checksums(members: list[Member], manifest: dict[str, Any], *, records: bool = True) -> dict[str, Any]:
    """``manifest`` with the size, SHA-256 (and record count) of each listed member recomputed."""
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
                details["records"] = sum(1 for line in data.splitlines() if line.strip())
        updated[name] = details
    return {**manifest, "files": updated}


def signature_bytes(manifest_bytes: bytes, secrets: Mapping[str, bytes]) -> bytes:
    """A signature file signing ``manifest_bytes`` with each group's secret."""
    signature = {
        "algorithm": SIGNATURE_ALGORITHM,
        "groups": {group_id: sign(secret, manifest_bytes) for group_id, secret in secrets.items()},
    }
    return orjson.dumps(signature, option=orjson.OPT_INDENT_2)


def resign(members: list[Member], manifest: Any, secrets: Mapping[str, bytes]) -> list[Member]:
    """``members`` with ``manifest`` (a value, or exact bytes) as the manifest, signed with ``secrets``."""
    manifest_bytes = manifest if isinstance(manifest, bytes) else orjson.dumps(manifest, option=orjson.OPT_INDENT_2)
    members = replaced(members, MANIFEST, manifest_bytes)
    return replaced(members, SIGNATURE, signature_bytes(manifest_bytes, secrets))


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
