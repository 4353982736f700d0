"""The bundles ``bench/import_limits.py`` imports: one group's records as a genuine bundle carries
them, with records added up to the first limit they reach, or made to break one (see that
script's docstring), sealed as the app seals them with the group's real key."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import struct
import uuid
import zipfile
import zlib
from pathlib import Path
from typing import Any


def sealed(made: dict[str, Any], members: dict[str, bytes], counts: dict[str, int]) -> bytes:
    """``members`` sealed as the app seals a full bundle of the first group for the coordinator."""
    from datetime import UTC, datetime

    from exports.bundle.format import RECORD_TYPES, Audience
    from exports.bundle.sealed import seal_bundle

    group = made["group"]
    details = {
        "app_version": "bench",
        "scope": "full",
        "since": {group["id"]: None},
        "groups": [group],
        "counts": {record_type.name: counts.get(record_type.member, 0) for record_type in RECORD_TYPES},
        "records": counts,
    }
    return seal_bundle(
        str(uuid.uuid4()),
        datetime.now(UTC),
        made["source"],
        Audience.COORDINATOR,
        {group["id"]: made["key"]},
        details,  # type: ignore[arg-type]
        members,
    )


def lines(documents: list[dict[str, Any]]) -> bytes:
    return b"".join(json.dumps(document).encode() + b"\n" for document in documents)


def members_of(records: dict[str, list[dict[str, Any]]]) -> tuple[dict[str, bytes], dict[str, int]]:
    from exports.bundle.format import TYPES_BY_NAME

    members = {TYPES_BY_NAME[kind].member: lines(documents) for kind, documents in records.items() if documents}
    return members, {name: data.count(b"\n") for name, data in members.items()}


def new_version(document: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {**document, **fields, "id": str(uuid.uuid4()), "versions": {str(uuid.uuid4()): 1}}


def up_to_the_limit(records: dict[str, list[dict[str, Any]]], make: Any) -> list[dict[str, Any]]:
    """Records ``make(number)`` until, with ``records``, the bundle is just under the first limit
    they reach: of unpacked records, of records, or of the memory the records take once read."""
    from exports.bundle.format import MAX_HELD_BYTES, MAX_RECORD_BYTES, MAX_RECORDS
    from exports.bundle.record_lines import held_bytes

    base_members, _counts = members_of(records)
    room = MAX_RECORD_BYTES - sum(len(data) for data in base_members.values()) - (1 << 20)
    held = MAX_HELD_BYTES - sum(held_bytes(document) for documents in records.values() for document in documents)
    held -= 1 << 20
    count = MAX_RECORDS - sum(len(documents) for documents in records.values())
    made = []
    while len(made) < count:
        record = make(len(made))
        room -= len(json.dumps(record)) + 1
        held -= held_bytes(record)
        if room < 0 or held < 0:
            break
        made.append(record)
    return made


def limit_bundles(made: dict[str, Any], out: Path) -> dict[str, Path]:
    """A bundle at each limit (see the module's docstring), written into ``out``."""
    from exports.bundle.format import MAX_RECORDS
    from facilitator.model import Attendance
    from facilitator.record_rules import LIST_MAX, LONG_TEXT_MAX
    from storage.codec import to_document

    records = made["records"]
    memo = records["memo"][0]
    long_text = "Pitkä muistio. " * (LONG_TEXT_MAX // 15)
    bundles = {
        "memo texts": {
            **records,
            "memo": records["memo"] + up_to_the_limit(records, lambda _: new_version(memo, text=long_text)),
        }
    }
    # Texts of random letters, which do not compress: the sealed member is tens of MB to unpack.
    random_text = lambda _: new_version(memo, text=base64.b64encode(os.urandom(LONG_TEXT_MAX * 3 // 4)).decode())  # noqa: E731
    bundles["memo texts, random letters"] = {**records, "memo": records["memo"] + up_to_the_limit(records, random_text)}
    # Lists of many short items, which take many times their bytes once parsed.
    letters = lambda _: new_version(memo, people=["a"] * LIST_MAX)  # noqa: E731
    bundles["memo people: 1,000 letters"] = {**records, "memo": records["memo"] + up_to_the_limit(records, letters)}
    ids = lambda _: new_version(memo, people=[str(uuid.uuid4()) for _ in range(LIST_MAX)])  # noqa: E731
    bundles["memo people: 1,000 ids"] = {**records, "memo": records["memo"] + up_to_the_limit(records, ids)}
    person = records["people"][0]["id"]
    one_id = lambda _: new_version(memo, people=[person] * LIST_MAX)  # noqa: E731
    bundles["memo people: one id 1,000 times"] = {**records, "memo": records["memo"] + up_to_the_limit(records, one_id)}
    group = records["groups"][0]
    months = {**group["pattern"], "skip_months": [6, 7] * (LIST_MAX // 2)}
    skipping = lambda _: {**group, "pattern": months, "versions": {str(uuid.uuid4()): 1}}  # noqa: E731
    bundles["group skip_months: 1,000 ints"] = {
        **records,
        "groups": records["groups"] + up_to_the_limit(records, skipping),
    }
    template = [{"title": "a", "minutes": 1}] * LIST_MAX
    templates = lambda _: {**group, "agenda_template": template, "versions": {str(uuid.uuid4()): 1}}  # noqa: E731
    bundles["group agenda templates: 1,000 items"] = {
        **records,
        "groups": records["groups"] + up_to_the_limit(records, templates),
    }
    meeting = made["meetings"][0]
    recordings = [{"started_at": meeting["starts_at"], "stopped_at": meeting["starts_at"]}] * LIST_MAX
    recorded = lambda _: new_version(meeting, recordings=recordings)  # noqa: E731
    bundles["meetings: 1,000 recordings"] = {
        **records,
        "meetings": records["meetings"] + up_to_the_limit(records, recorded),
    }
    # Guests' rows as small as the app writes them (about 400 bytes), so that the records reach
    # their limit before their bytes reach theirs.
    row = records["attendance"][0]
    saved = {field: row[field] for field in ("created_at", "updated_at", "revision", "changed_by")}
    meetings = made["meetings"]
    guests = MAX_RECORDS - sum(len(documents) for documents in records.values())
    rows = [
        new_version(
            to_document(Attendance(meeting_id=meetings[number % len(meetings)]["id"], guest_name=f"Guest {number}")),
            **saved,
        )
        for number in range(guests)
    ]
    bundles["records"] = {**records, "attendance": records["attendance"] + rows}
    paths = {}
    for name, chosen in bundles.items():
        members, counts = members_of(chosen)
        paths[name] = out / f"{name.replace(' ', '-')}.mebundle"
        paths[name].write_bytes(sealed(made, members, counts))
    members, counts = members_of(records)
    spaces = (b" " * 1023 + b"\n") * 1024  # a megabyte of lines of spaces, to unpack to 1 GB
    paths["bomb"] = out / "bomb.mebundle"
    paths["bomb"].write_bytes(_sealed_compressed(made, members, counts, "records/memo.jsonl", spaces, 1 << 30))
    same = lines([records["attendance"][0]]) * 400_000
    for name, told in (("one row 400,000 times, counted", 400_000), ("one row 400,000 times, counted as 3", 3)):
        paths[name] = out / f"same-row-{told}.mebundle"
        attendance = {**members, "records/attendance.jsonl": same}
        paths[name].write_bytes(sealed(made, attendance, {**counts, "records/attendance.jsonl": told}))
    paths["signed bomb"] = out / "signed-bomb.mebundle"
    paths["signed bomb"].write_bytes(_signed_bomb(made, members, counts))
    return paths


def _sealed_compressed(
    made: dict[str, Any], members: dict[str, bytes], counts: dict[str, int], name: str, block: bytes, size: int
) -> bytes:
    """A sealed bundle whose member ``name`` unpacks to ``size`` bytes of ``block`` repeated: sealed
    as the app seals (the member compressed here a block at a time, never held unpacked)."""
    from exports.bundle import sealed as sealed_module

    compressor = zlib.compressobj(6)
    compressed = b"".join(compressor.compress(block) for _ in range(size // len(block))) + compressor.flush()
    real_compress = sealed_module.zlib.compress

    def compress(data: bytes, level: int = 6) -> bytes:
        return compressed if data == b"BOMB" else real_compress(data, level)

    sealed_module.zlib.compress = compress  # type: ignore[assignment]
    try:
        return sealed(made, {**members, name: b"BOMB"}, {**counts, name: 0})
    finally:
        sealed_module.zlib.compress = real_compress  # type: ignore[assignment]


def _signed_bomb(made: dict[str, Any], members: dict[str, bytes], counts: dict[str, int]) -> bytes:
    """A signed bundle (format 2) whose memo inflates to 1 GB and declares 1 KB, in its zip
    directory and in its signed manifest."""
    import hmac

    from exports.bundle.format import RECORD_TYPES

    group = made["group"]
    memo = "records/memo.jsonl"
    files = {
        name: {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data), "records": counts[name]}
        for name, data in members.items()
        if name != memo
    }
    files[memo] = {"sha256": "0" * 64, "bytes": 1024, "records": 0}
    by_member = {record_type.member: record_type.name for record_type in RECORD_TYPES}
    manifest = {
        "format": "microentre-bundle",
        "version": 2,
        "bundle_id": str(uuid.uuid4()),
        "created_at": "2026-11-27T18:04:11.120+00:00",
        "app_version": "bench",
        "source": made["source"],
        "audience": "coordinator",
        "scope": "full",
        "since": {group["id"]: None},
        "groups": [group],
        "counts": {by_member[name]: files[name]["records"] for name in files},
        "files": files,
    }
    manifest_bytes = json.dumps(manifest).encode()
    secret = made["key"].secret_bytes
    signature = {
        "algorithm": "HMAC-SHA256",
        "groups": {group["id"]: hmac.new(secret, manifest_bytes, hashlib.sha256).hexdigest()},
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", manifest_bytes)
        archive.writestr("signature.json", json.dumps(signature))
        for name, data in members.items():
            if name != memo:
                archive.writestr(name, data)
        with archive.open(memo, "w") as handle:
            block = bytes(1 << 20)
            for _ in range(1024):
                handle.write(block)
    data = buffer.getvalue()
    # The memo's entry in the central directory declares 1 KB (its sizes at offset 24 of the entry).
    last = data.rfind(b"PK\x01\x02")
    return data[: last + 24] + struct.pack("<I", 1024) + data[last + 28 :]
