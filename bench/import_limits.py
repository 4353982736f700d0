"""Import limits benchmark: what genuine bundles hold, and the peak memory and time of a fresh
``facilitator import`` process for a bundle at each of the reader's limits, into a coordinator
workspace of realistic size.

Run as ``.venv/bin/python bench/import_limits.py [--groups 3] [--years 20]``. It prints numbers; it
is not a test. Target: every import under 200 MB of peak memory (the child's maximum resident set
size, from ``os.wait4``), whatever the bundle holds.

How: the demo network of ``--groups`` groups over ``--years`` years is made on a facilitator's
laptop whose keys the coordinator issued (``bench.sync.setup``); its full bundle for the
coordinator is imported first (the coordinator's workspace now holds the whole network: realistic
size), and measured (the genuine bundle: records, plain bytes, the largest record). Then, from the
first group's records as that bundle carries them, bundles are sealed as the app seals them
(:func:`exports.bundle.sealed.seal_bundle`, with the group's real key):

Each bundle below is filled up to the first limit its records reach (see
:mod:`exports.bundle.format`): of unpacked records (``MAX_RECORD_BYTES``), of records
(``MAX_RECORDS``), or of the memory the records take once read (``MAX_HELD_BYTES``):

- ``memo texts``: memo entries of 20,000-character texts (the longest a memo text may be);
- ``memo texts, random letters``: the same of random letters, which do not compress (tens of MB to
  unpack: the time of unpacking a chunk at a time);
- ``memo people: 1,000 letters``: memo entries naming 1,000 "people" of one letter (refused at the
  first, as it is read: not record ids);
- ``memo people: 1,000 ids`` and ``one id 1,000 times``: memo entries naming 1,000 people (record
  ids): several times their bytes once parsed;
- ``group skip_months: 1,000 ints`` and ``group agenda templates: 1,000 items``: versions of the
  group made apart, each skipping months 1,000 times or with a template of 1,000 items;
- ``meetings: 1,000 recordings``: meetings of 1,000 recordings each;
- ``records``: guests' attendance rows up to the limit of records;
- ``bomb``: a memo member unpacking to 1 GB of lines of spaces (about 3 MB sealed);
- ``one row 400,000 times``: the same attendance row, counted as it is (over the record limit) and
  counted as three rows (refused at the second, as one version twice);
- ``signed bomb``: a signed bundle of format 2 whose memo inflates to 1 GB and declares 1 KB.

Last, the time of unpacking a member of 35 MB of random bytes a chunk at a time, as the reader
does, beside one call of zlib (before the reader fed its input a slice at a time, it was quadratic:
2.9 s against 0.3 s).

Each is imported by ``facilitator import`` (its command-line function, in a fresh interpreter)
into its own copy of the coordinator's workspace; what the command printed is shown beside.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import hashlib
import io
import json
import os
import shutil
import struct
import sys
import tempfile
import time
import uuid
import zipfile
import zlib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.children import run_child_usage  # noqa: E402 - the repository is on the path only now

TARGET_MB = 200.0


def import_phase(workspace: Path, bundle: Path) -> None:
    """In the child: ``facilitator import BUNDLE`` as the command runs it; its line and seconds."""
    from facilitator.cli import main

    output = io.StringIO()
    started = time.perf_counter()
    with contextlib.redirect_stdout(output):
        code = main(["import", str(bundle), "--workspace", str(workspace)])
    seconds = time.perf_counter() - started
    print(json.dumps({"line": output.getvalue().strip(), "code": code, "seconds": seconds}))


def genuine(folder: Path) -> tuple[Path, dict[str, Any]]:
    """The full bundle of every group for the coordinator, imported into the coordinator's
    workspace; the bundle and what it holds."""
    from exports.bundle.format import Audience
    from exports.bundle.importer import Importer
    from exports.bundle.writer import make_bundle
    from storage.repository import Repository
    from storage.workspace import Workspace

    with Workspace.open(folder / "facilitator") as workspace:
        repository = Repository(workspace)
        made = make_bundle(repository, repository.groups(), full=True, audience=Audience.COORDINATOR, to=folder)
    with Workspace.open(folder / "coordinator") as workspace:
        report = Importer(Repository(workspace)).import_file(made.path)
        assert report.ok, report.line()
    return made.path, {"records": made.total, "file_bytes": made.path.stat().st_size}


def first_group(folder: Path, bundle: Path) -> dict[str, Any]:
    """The first group's records as the genuine bundle carries them, its key and the bundle's source."""
    from exports.bundle.group_keys import KeysHere
    from exports.bundle.reader import read_bundle
    from storage.repository import Repository
    from storage.sync_ledger import SyncLedger
    from storage.workspace import Workspace

    with Workspace.open(folder / "coordinator") as workspace:
        repository = Repository(workspace)
        ledger = SyncLedger(workspace)
        read = read_bundle(bundle, KeysHere.of(ledger.key_ring(), repository.groups()))
        group = read.manifest["groups"][0]
        key = ledger.key(group["id"])
    meetings = [document for document in read.records["meetings"] if document["group_id"] == group["id"]]
    ids = {group["id"]} | {document["id"] for document in meetings}
    ids |= {document["id"] for document in read.records["people"] if document["group_id"] == group["id"]}
    records = {
        kind: [document for document in documents if _belongs(document, ids)]
        for kind, documents in read.records.items()
    }
    plain = sum(len(json.dumps(document)) + 1 for documents in read.records.values() for document in documents)
    longest = max(len(json.dumps(document)) for documents in read.records.values() for document in documents)
    return {
        "group": group,
        "key": key,
        "source": read.manifest["source"],
        "records": records,
        "meetings": meetings,
        "plain_bytes": plain,
        "longest_record": longest,
    }


def _belongs(document: dict[str, Any], ids: set[str]) -> bool:
    return any(document.get(field) in ids for field in ("id", "group_id", "meeting_id", "person_id"))


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


def unpacking_figure() -> str:
    """How long a sealed member of 35 MB that does not compress takes to unpack a chunk at a
    time, as the reader does, beside zlib unpacking it in one call."""
    from exports.bundle.archive import Room, records_too_large
    from exports.bundle.sealed import _unpacked

    plain = os.urandom(35 << 20)
    compressed = zlib.compress(plain, 6)
    started = time.perf_counter()
    produced = sum(
        len(chunk)
        for chunk in _unpacked(compressed, "records/memo.jsonl", Room(len(plain), lambda name: records_too_large()))
    )
    streamed = time.perf_counter() - started
    started = time.perf_counter()
    zlib.decompress(compressed)
    at_once = time.perf_counter() - started
    assert produced == len(plain)
    return (
        f"unpacking a member of {len(compressed) / 1e6:.0f} MB compressed, a chunk at a time: {streamed:.2f} s "
        f"(in one call: {at_once:.2f} s)"
    )


def make_phase(folder: Path, groups: int, years: int) -> None:
    """In a child (the bundles at the limits take memory to make, which the imports measured must
    not inherit): the workspaces, the genuine bundle and the bundles at the limits; what the
    genuine bundle holds and where each bundle is, as JSON."""
    from bench.sync import setup

    started = time.perf_counter()
    setup(folder, groups, years)
    bundle, held = genuine(folder)
    made = first_group(folder, bundle)
    paths = limit_bundles(made, folder)
    held |= {"plain_bytes": made["plain_bytes"], "longest_record": made["longest_record"]}
    held |= {"seconds": time.perf_counter() - started, "paths": {name: str(path) for name, path in paths.items()}}
    print(json.dumps(held))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--groups", type=int, default=3)
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--phase", choices=("make", "import"))
    parser.add_argument("--workspace", type=Path)
    parser.add_argument("--file", type=Path)
    parser.add_argument("--only", help="import only the bundles whose name holds this text")
    arguments = parser.parse_args()
    if arguments.phase == "import":
        import_phase(arguments.workspace, arguments.file)
        return
    if arguments.phase == "make":
        make_phase(arguments.workspace, arguments.groups, arguments.years)
        return
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        size = ["--groups", str(arguments.groups), "--years", str(arguments.years)]
        output, *_ = run_child_usage([sys.executable, __file__, "--phase", "make", "--workspace", temporary, *size])
        held = json.loads(output.strip().splitlines()[-1])
        print(
            f"genuine bundle of {arguments.groups} groups x {arguments.years} years (full): {held['records']} records, "
            f"{held['plain_bytes'] / 1e6:.1f} MB of records unpacked, {held['file_bytes'] / 1e6:.1f} MB sealed, "
            f"largest record {held['longest_record'] / 1e3:.1f} KB (all made in {held['seconds']:.0f} s)"
        )
        worst = 0.0
        print(f"{'bundle':<36} {'file MB':>8} {'seconds':>8} {'peak MB':>8}  what the command printed")
        for name, path in held["paths"].items():
            if arguments.only and arguments.only not in name:
                continue
            copy = folder / "copy"
            shutil.rmtree(copy, ignore_errors=True)
            shutil.copytree(folder / "coordinator", copy)
            command = [sys.executable, __file__, "--phase", "import", "--workspace", str(copy), "--file", path]
            output, _wall, _cpu, peak_mb = run_child_usage(command)
            result = json.loads(output.strip().splitlines()[-1])
            worst = max(worst, peak_mb)
            line = result["line"].split(": ", 1)[-1]
            shown = line if len(line) < 150 else line[:147] + "..."
            size_mb = Path(path).stat().st_size / 1e6
            print(f"{name:<36} {size_mb:>8.1f} {result['seconds']:>8.2f} {peak_mb:>8.0f}  {shown}")
        verdict = "OK" if worst <= TARGET_MB else "OVER TARGET"
        print(f"worst peak: {worst:.0f} MB (target {TARGET_MB:.0f} MB): {verdict}")
    print(unpacking_figure())  # last: the memory it takes must not be in the children's measures


if __name__ == "__main__":
    main()
