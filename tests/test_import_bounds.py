"""Reading a bundle is bounded by what it reads, not by what it is told: members unpacked a chunk
at a time up to the limits, whatever their headers say; a bundle over a limit refused saying which;
the same version of a record twice, and counts, scope or since that do not hold, refused; a
malformed signature refused as not matching; and no file, whatever it holds, stops an import of
several. Each against a real coordinator workspace (that of ``tests/test_bundle_fuzz.py``), with
real bundle files; a refusal leaves every byte of the workspace as it was.
"""

from __future__ import annotations

import io
import os
import shutil
import time
import tracemalloc
import uuid
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest

from exports.bundle import reader
from exports.bundle.archive import BundleRefused, Room, counts_problem, statement_problem
from exports.bundle.format import (
    MANIFEST,
    MAX_LINE_BYTES,
    MAX_RECORD_BYTES,
    MAX_RECORDS,
    SIGNATURE,
    TYPES_BY_MEMBER,
    TYPES_BY_NAME,
    BundleDetails,
)
from exports.bundle.group_keys import KeysHere
from exports.bundle.importer import ImportStatus
from exports.bundle.sealed import _unpacked
from exports.zip_safety import CHUNK_BYTES
from storage.repository import Repository
from storage.sync_ledger import SyncLedger
from tests.bundle_damage import (
    FIXED_TIME,
    Member,
    counted,
    declare_size,
    documents_in,
    lines_bytes,
    manifest_of,
    member,
    pack,
    replaced,
    resign,
    sealed_again,
    signed_bundle,
    unpack,
)
from tests.sync_support import tree_bytes
from tests.test_bundle_fuzz import MEMO, Base, Target, shared_base, target_of
from tests.test_cli import facilitator

ATTENDANCE = "records/attendance.jsonl"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Base:
    return shared_base(tmp_path_factory)


@pytest.fixture
def target(base: Base, tmp_path: Path) -> Iterator[Target]:
    with target_of(base, tmp_path) as target:
        yield target


def refused_unchanged(target: Target, data: bytes, *reasons: str) -> str:
    """Import ``data`` into ``target``: it must be refused for one of ``reasons``, the workspace untouched."""
    path = target.files / f"case-{uuid.uuid4().hex[:8]}.mebundle"
    path.write_bytes(data)
    before = tree_bytes(target.folder)
    report = target.importer.import_file(path)
    assert report.status is ImportStatus.REFUSED, report.line()
    assert any(reason.lower() in report.message.lower() for reason in reasons), report.message
    assert tree_bytes(target.folder) == before
    return report.message


def sealed_with(base: Base, plain: dict[str, bytes] | None = None, **details: Any) -> bytes:
    """The good bundle's contents sealed again as the app seals them, with ``plain`` records and the
    sealed contents' fields ``details`` changed (the counts made to match the records unless given)."""
    members = dict(base.opened.records if plain is None else plain)
    told: BundleDetails = {**counted(base.opened.details, members), **details}  # type: ignore[typeddict-item]
    return pack(
        unpack(sealed_again(base.opened, base.keys, bundle_id=str(uuid.uuid4()), records=members, details=told))
    )


def signed(base: Base, **changes: Any) -> bytes:
    """The good bundle's records as a signed bundle of format 2, as the release before made them."""
    return signed_bundle(base.opened, {base.group_id: base.key.secret_bytes}, bundle_id=str(uuid.uuid4()), **changes)


# -- 1. a malformed signature, and an import of several files -----------------------------------------


@pytest.mark.processes
def test_a_signature_that_is_not_hex_is_refused_and_the_other_file_imported_in_either_order(
    base: Base, tmp_path: Path
) -> None:
    """A signature of non-ASCII text made ``hmac.compare_digest`` raise: the whole command stopped."""
    members = unpack(signed(base))
    manifest_id = orjson.loads(member(members, MANIFEST).data)["bundle_id"]
    signature = {"algorithm": "HMAC-SHA256", "groups": {base.group_id: "é" * 64}}
    bad = tmp_path / "bad.mebundle"
    bad.write_bytes(pack(replaced(members, SIGNATURE, orjson.dumps(signature))))
    good = tmp_path / "good.mebundle"
    good.write_bytes(base.good)
    for order in ((bad, good), (good, bad)):
        coordinator = tmp_path / f"coordinator-{order[0].stem}"
        shutil.copytree(base.coordinator, coordinator)
        result = facilitator("import", *order, "--workspace", coordinator)
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr and not result.stderr.strip(), result.stderr
        lines = dict(line.split(": ", 1) for line in result.stdout.strip().splitlines())
        assert list(lines) == [path.name for path in order], result.stdout
        assert lines["good.mebundle"].startswith("imported: "), result.stdout
        assert (
            lines["bad.mebundle"].startswith("refused: The signature for ")
            and "does not match" in lines["bad.mebundle"]
        ), result.stdout
    assert manifest_id


def test_an_unexpected_error_in_one_file_is_its_refusal_and_the_next_file_is_imported(
    base: Base, target: Target, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No real input is known to reach the importer's last guard (each one found is refused in its
    own words), so one of our functions is made to fail, once, as a bug would: the file it reads
    is refused with the error's kind and words, nothing of it written, and the next file imports."""
    failing = target.files / "failing.mebundle"
    failing.write_bytes(base.good)
    good = target.files / "good.mebundle"
    good.write_bytes(base.good)
    real = reader.member_records
    calls: list[int] = []

    def fails_once(*arguments: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            raise TypeError("a bug in reading records")
        return real(*arguments)

    monkeypatch.setattr(reader, "member_records", fails_once)
    before = tree_bytes(target.folder)
    first = target.importer.import_file(failing)
    assert first.status is ImportStatus.REFUSED
    assert "unexpected error (TypeError: a bug in reading records); nothing of it was imported" in first.message
    assert tree_bytes(target.folder) == before
    reports = target.importer.import_files([failing, good])
    assert [report.status for report in reports] == [ImportStatus.IMPORTED, ImportStatus.ALREADY]


def test_a_pipe_named_as_a_bundle_is_refused_without_waiting(target: Target) -> None:
    pipe = target.files / "pipe.mebundle"
    os.mkfifo(pipe)
    before = tree_bytes(target.folder)
    report = target.importer.import_file(pipe)
    assert report.status is ImportStatus.REFUSED and "device or a pipe" in report.message, report.line()
    assert tree_bytes(target.folder) == before


# -- 3. members unpacked as streams, up to the limits -------------------------------------------------


def with_deflate_bomb(members: list[Member], name: str, size: int) -> bytes:
    """``members`` packed, with ``name`` (last) a deflated member of ``size`` zero bytes, written a
    megabyte at a time: its headers state its true size and CRC."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for candidate in members:
            if candidate.name != name:
                archive.writestr(zipfile.ZipInfo(candidate.name, FIXED_TIME), candidate.data, candidate.compress_type)
        info = zipfile.ZipInfo(name, FIXED_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w") as handle:
            block = bytes(1 << 20)
            for _ in range(size >> 20):
                handle.write(block)
    return buffer.getvalue()


def peak_of_import(target: Target, data: bytes, *reasons: str) -> int:
    """The most memory (traced by Python) refusing ``data`` took, in bytes."""
    tracemalloc.start()
    try:
        refused_unchanged(target, data, *reasons)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_member_that_inflates_far_beyond_its_declared_size_is_never_inflated_whole(
    base: Base, target: Target
) -> None:
    """A signed bundle (format 2) whose memo is a deflate bomb of 256 MB that declares 1 KB in the
    zip's directory and in its signed manifest: unpacking stops after what the header declares, the
    bundle is refused as damaged, and the import holds a few MB (before, the bomb was unpacked
    first, then cut to its declared size)."""
    members = unpack(signed(base))
    manifest = manifest_of(members)
    manifest["files"][MEMO]["bytes"] = 1024
    bombed = resign(members, manifest, {base.group_id: base.key.secret_bytes})
    data = with_deflate_bomb(bombed, MEMO, 256 << 20)
    data = declare_size(data, len(bombed) - 1, 1024)
    peak = peak_of_import(target, data, "damaged")
    assert peak < 32 << 20, f"{peak >> 20} MB held to refuse a bomb"


def test_sealed_records_that_unpack_beyond_the_limit_are_stopped_there(base: Base, target: Target) -> None:
    """A sealed bundle whose memo unpacks to 80 MB (lines of spaces, which compress a thousand to
    one): refused once the records pass their limit (48 MB), saying what to do, without holding them."""
    line = b" " * 1023 + b"\n"
    records = {**base.opened.records, MEMO: line * (80 << 10)}
    data = sealed_with(base, records, records={**base.opened.details["records"], MEMO: 0})
    peak = peak_of_import(target, data, f"more than {MAX_RECORD_BYTES >> 20} MB")
    assert peak < 32 << 20, f"{peak >> 20} MB held to refuse a bomb"


def test_a_record_larger_than_a_record_may_be_is_refused(base: Base, target: Target) -> None:
    memo = documents_in(base.opened.records[MEMO])
    memo[0]["text"] = "a" * (MAX_LINE_BYTES + 1)
    message = refused_unchanged(target, sealed_with(base, {**base.opened.records, MEMO: lines_bytes(memo)}), "larger")
    assert f"Record 1 of {MEMO} is larger than {MAX_LINE_BYTES >> 20} MB" in message


# -- 4, 5. records: how many, and none twice ----------------------------------------------------------


def test_one_attendance_row_four_hundred_thousand_times_is_refused_at_once(base: Base, target: Target) -> None:
    row = documents_in(base.opened.records[ATTENDANCE])[0]
    rows = lines_bytes([row]) * 400_000
    started = time.perf_counter()
    message = refused_unchanged(target, sealed_with(base, {**base.opened.records, ATTENDANCE: rows}), "more than")
    assert f"more than one bundle may hold ({MAX_RECORDS})" in message
    # Declared as the few rows the bundle held: refused at the second line, as a record twice.
    told = {**base.opened.details["records"], ATTENDANCE: 3}
    twice = sealed_with(base, {**base.opened.records, ATTENDANCE: rows}, records=told)
    message = refused_unchanged(target, twice, "twice", "another number")
    assert time.perf_counter() - started < 10
    shown = row["id"][:8] + "…"
    assert (
        message
        == f"{ATTENDANCE} holds record {shown} twice: the bundle was not made by this app. Ask for the file again."
    )


def test_the_versions_of_a_record_in_conflict_travel_together_but_one_version_twice_is_refused(
    base: Base, target: Target
) -> None:
    memo = documents_in(base.opened.records[MEMO])
    other_side = {**memo[0], "text": "Written apart.", "versions": {str(uuid.uuid4()): 1}}
    accepted = target.importer.import_file(
        write(target, sealed_with(base, {**base.opened.records, MEMO: lines_bytes([*memo, other_side])}))
    )
    assert accepted.status is ImportStatus.IMPORTED, accepted.line()
    message = refused_unchanged(
        target, sealed_with(base, {**base.opened.records, MEMO: lines_bytes([*memo, memo[3]])}), "twice"
    )
    assert memo[3]["id"][:8] + "…" in message


def write(target: Target, data: bytes) -> Path:
    path = target.files / f"case-{uuid.uuid4().hex[:8]}.mebundle"
    path.write_bytes(data)
    return path


# -- 6. what a bundle says of itself ----------------------------------------------------------------


def test_counts_scope_and_since_that_do_not_hold_are_refused(base: Base, target: Target) -> None:
    counts = counted(base.opened.details, base.opened.records)["counts"]
    group = base.group_id
    moment = "2026-11-01T10:00:00.000+00:00"
    cases: list[tuple[dict[str, Any], str]] = [
        ({"counts": {**counts, "memo": counts["memo"] + 1}}, "counts"),
        ({"counts": {**counts, "memos": 1}}, "no valid counts"),
        ({"counts": {**counts, "memo": -1}}, "no valid counts"),
        ({"scope": "partial"}, "neither"),
        ({"since": {group: moment}}, "a full bundle with"),
        ({"scope": "incremental", "since": {group: None}}, "without"),
        ({"since": {}}, "since"),
        ({"since": {group: None, str(uuid.uuid4()): None}}, "since"),
        ({"since": {group: "yesterday"}}, "since"),
        ({"since": [group]}, "since"),
    ]
    for details, reason in cases:
        refused_unchanged(target, sealed_with(base, **details), reason)
    # The signed formats say the same in their manifest.
    members = unpack(signed(base))
    for details, reason in cases:
        manifest = {**manifest_of(members), **details}
        refused_unchanged(target, pack(resign(members, manifest, {group: base.key.secret_bytes})), reason)
    # An incremental bundle with its time, as the app writes one after a first bundle: imported.
    imported = target.importer.import_file(write(target, sealed_with(base, scope="incremental", since={group: moment})))
    assert imported.status is ImportStatus.IMPORTED, imported.line()


def test_genuine_bundles_of_earlier_releases_pass_the_new_checks(base: Base, target: Target) -> None:
    """What the new checks must never refuse: a signed bundle as the release before wrote it, whose
    counts name only the kinds it sent; and the format 1 bundle of ``tests/data`` (its own import
    is ``tests/test_derived_privacy.py``'s), whose counts name every kind of its time."""
    members = unpack(signed(base))
    assert set(manifest_of(members)["counts"]) < set(TYPES_BY_NAME)
    report = target.importer.import_file(write(target, pack(members)))
    assert report.status is ImportStatus.IMPORTED, report.line()
    (old,) = (Path(__file__).parent / "data" / "v1-bundle-for-coordinator").glob("*.mebundle")
    manifest = orjson.loads(zipfile.ZipFile(old).read(MANIFEST))
    group_ids = [group["id"] for group in manifest["groups"]]
    assert statement_problem(manifest, group_ids) is None
    held = {TYPES_BY_MEMBER[name].name: listed["records"] for name, listed in manifest["files"].items()}
    assert counts_problem(manifest["counts"], held) is None


# -- records checked as they are read ---------------------------------------------------------------


def test_each_record_is_checked_as_soon_as_it_is_read_and_reading_stops_at_the_first_refused(
    base: Base, target: Target
) -> None:
    """The reader asks its ``check`` of each record right after parsing it, before reading on: a
    refusal there is the bundle's, and no record after it is parsed."""
    seen: list[tuple[str, str]] = []

    def refuses_the_third(record_type: Any, document: dict[str, Any]) -> None:
        seen.append((record_type.name, document["id"]))
        if len(seen) == 3:
            raise BundleRefused("the third record")

    path = write(target, base.good)
    keys = KeysHere.of(SyncLedger(target.repository.workspace).key_ring(), target.repository.groups())
    with pytest.raises(BundleRefused, match="the third record"):
        reader.read_bundle(path, keys, check=refuses_the_third)
    assert len(seen) == 3
    everything: list[tuple[str, str]] = []
    bundle = reader.read_bundle(path, keys, check=lambda kind, document: everything.append((kind.name, document["id"])))
    assert everything == [
        (kind, document["id"]) for kind, documents in bundle.records.items() for document in documents
    ]


def test_records_of_many_short_list_items_are_refused_before_they_are_held(base: Base, target: Target) -> None:
    """Memo entries naming 1,000 "people" of one letter each: 4 MB of records that held in memory
    take fifteen times as much. The first is refused as it is read, naming it, and the import holds
    a few MB (before, every record was kept, then checked)."""
    memo = documents_in(base.opened.records[MEMO])
    many = [{**memo[0], "id": str(uuid.uuid4()), "people": ["a"] * 1_000} for _ in range(1_000)]
    data = sealed_with(base, {**base.opened.records, MEMO: lines_bytes([*memo, *many])})
    peak = peak_of_import(target, data, "is not a record id")
    assert peak < 16 << 20, f"{peak >> 20} MB held to refuse records read one at a time"


def test_records_that_take_more_memory_than_a_bundle_may_are_refused_as_they_are_read(
    base: Base, target: Target, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Valid records of many short values (memo entries naming one person a thousand times) take
    several times their bytes once parsed: their memory is counted as they are read, and the bundle
    refused once it passes what a bundle may take. The limit is lowered here to 4 MB so that a few
    MB of records reach it; the same bytes in memo texts (one value each) import."""
    monkeypatch.setattr(reader, "MAX_HELD_BYTES", 4 << 20)
    memo = documents_in(base.opened.records[MEMO])
    person = documents_in(base.opened.records["records/people.jsonl"])[0]["id"]
    named = [{**memo[0], "id": str(uuid.uuid4()), "people": [person] * 1_000} for _ in range(60)]
    message = refused_unchanged(
        target, sealed_with(base, {**base.opened.records, MEMO: lines_bytes([*memo, *named])}), "of memory"
    )
    assert "more than 4 MB of memory once read" in message and "Ask for an incremental bundle" in message
    texts = [{**memo[0], "id": str(uuid.uuid4()), "text": "Muistio. " * 2_100} for _ in range(125)]
    assert len(lines_bytes(texts)) > len(lines_bytes(named))
    report = target.importer.import_file(
        write(target, sealed_with(base, {**base.opened.records, MEMO: lines_bytes([*memo, *texts])}))
    )
    assert report.status is ImportStatus.IMPORTED, report.line()


# -- unpacking fed a slice at a time ------------------------------------------------------------------


def test_unpacking_stops_at_the_room_left_and_refuses_a_stream_cut_short_or_followed_by_more() -> None:
    """Fed a slice of its input at a time, unpacking still produces no more than the room left (and
    the chunk that overdraws it), and a stream that ends early or has bytes after its end is refused."""
    plain = os.urandom(1 << 20) + b" " * (8 << 20)
    compressed = zlib.compress(plain, 6)

    def unpacked(data: bytes, most: int) -> tuple[bytes, str]:
        produced: list[bytes] = []
        try:
            for chunk in _unpacked(data, "records/memo.jsonl", Room(most, lambda name: BundleRefused("no room"))):
                produced.append(chunk)
        except BundleRefused as refused:
            return b"".join(produced), str(refused)
        return b"".join(produced), ""

    assert unpacked(compressed, len(plain)) == (plain, "")
    produced, refusal = unpacked(compressed, 3 << 20)
    assert refusal == "no room" and len(produced) <= 3 << 20
    assert unpacked(compressed, len(plain) - 1)[1] == "no room"
    for damaged in (compressed[:-4], compressed[: len(compressed) // 2], compressed + b"more", b""):
        assert "cannot be unpacked" in unpacked(damaged, len(plain))[1]
    assert CHUNK_BYTES < 3 << 20


# -- an error after the files are in place --------------------------------------------------------


def test_an_error_after_the_files_are_in_place_is_told_beside_imported(
    base: Base, target: Target, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading the workspace back after the import's files were moved into place raising is no input
    we can make: it takes a bug or a disk failing between two reads. So the repository's reload is
    made to fail once, as such a bug would, after the change is committed: the report says the
    bundle was imported (its counts, and the error beside), as the network file on disk records."""
    real = Repository.reload
    failed: list[int] = []

    def fails_once_after_the_commit(self: Repository, network: Any = None) -> None:
        if network is not None and not failed:
            failed.append(1)
            raise RuntimeError("a bug reading the files back")
        real(self, network)

    monkeypatch.setattr(Repository, "reload", fails_once_after_the_commit)
    report = target.importer.import_file(write(target, base.good))
    assert failed
    assert report.status is ImportStatus.IMPORTED, report.line()
    assert "an unexpected error came after the import (RuntimeError: a bug reading the files back)" in report.line()
    assert report.counts and " new, " in report.line()  # what it imported, counted as any import's
    again = target.importer.import_file(write(target, base.good))
    assert again.status is ImportStatus.ALREADY, again.line()
