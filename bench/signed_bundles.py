"""The release before's bundle file (format 2: HMAC-signed, in the clear), for ``bench/sync.py`` only.

It stands for the release before and exists only to measure: the issue asks that sealed bundles
(format 3) cost at most 10 % more to export and import than the signed ones, measured in the same
run. :func:`sign_bundle` takes the arguments of :func:`exports.bundle.sealed.seal_bundle` and packs
them as the writer of the release before did (its ``_contents``, ``sign`` and ``_zip``): the
manifest names the groups and counts the records in the clear, ``signature.json`` holds each
group's HMAC-SHA256 of the manifest, and the members are deflated. The bench puts it in place of
``exports.bundle.writer.seal_bundle`` in the child process of a "signed" phase; the app itself never
writes this format again (it still reads it). The fuzz tests make such bundles from an opened one
(``tests/bundle_damage.signed_bundle``); this one takes what the writer gives the sealing, so that
the rest of the export is the app's own.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import zipfile
from collections.abc import Mapping
from datetime import datetime

import orjson

from exports.bundle.format import (
    FORMAT_NAME,
    LAST_SIGNED_VERSION,
    MANIFEST,
    SIGNATURE,
    SIGNATURE_ALGORITHM,
    Audience,
    BundleDetails,
)
from storage.sync_ledger import GroupKey


def sign_bundle(
    bundle_id: str,
    created_at: datetime,
    source: dict[str, str],
    audience: Audience,
    keys: Mapping[str, GroupKey],
    details: BundleDetails,
    members: Mapping[str, bytes],
) -> bytes:
    """The bundle file in format 2, signed with each group's key of ``keys``."""
    manifest = {
        "format": FORMAT_NAME,
        "version": LAST_SIGNED_VERSION,
        "bundle_id": bundle_id,
        "created_at": created_at.isoformat(timespec="milliseconds"),
        "app_version": details["app_version"],
        "source": source,
        "audience": audience.value,
        "scope": details["scope"],
        "since": details["since"],
        "groups": details["groups"],
        "counts": details["counts"],
        "files": {
            name: {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data), "records": details["records"][name]}
            for name, data in members.items()
        },
    }
    manifest_bytes = orjson.dumps(manifest, option=orjson.OPT_INDENT_2)
    signature = {
        "algorithm": SIGNATURE_ALGORITHM,
        "groups": {
            group_id: hmac.new(key.secret_bytes, manifest_bytes, hashlib.sha256).hexdigest()
            for group_id, key in keys.items()
        },
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, manifest_bytes)
        archive.writestr(SIGNATURE, orjson.dumps(signature, option=orjson.OPT_INDENT_2))
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()
