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
import tracemalloc
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest

from exports.bundle import reader, record_lines
from exports.bundle.archive import BundleRefused, counts_problem, statement_problem
from exports.bundle.format import (
    MANIFEST,
    MAX_LINE_BYTES,
    MAX_RECORD_BYTES,
    MAX_RECORDS,
    SIGNATURE,
    TYPES_BY_MEMBER,
    TYPES_BY_NAME,
    BundleDetails,
    RecordType,
)
from exports.bundle.group_keys import KeysHere
from exports.bundle.importer import ImportStatus
from exports.bundle.reader import read_bundle
from facilitator.dates import format_count
from storage.sync_ledger import SyncLedger
from tests.bundle_damage import (
    FIXED_TIME,
    Member,
    counted,
    declare_size,
    documents_in,
    lines_bytes,
    manifest_of,
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


def rows_asked_before_refusal(target: Target, data: bytes, kind: str) -> int:
    """How many records of ``kind`` the reader parsed and asked to be checked before it refused
    ``data`` (counted, not timed: the same however loaded the machine)."""
    path = target.files / f"counted-{uuid.uuid4().hex[:8]}.mebundle"
    path.write_bytes(data)
    asked = 0

    def count(record_type: RecordType, document: dict[str, Any]) -> None:
        nonlocal asked
        asked += record_type.name == kind

    keys = KeysHere.of(SyncLedger(target.repository.workspace).key_ring(), target.repository.groups())
    with pytest.raises(BundleRefused):
        read_bundle(path, keys, check=count)
    return asked


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
    declared = sealed_with(base, {**base.opened.records, ATTENDANCE: rows})
    message = refused_unchanged(target, declared, "more than")
    assert f"more than one bundle may hold ({format_count(MAX_RECORDS)})" in message
    assert rows_asked_before_refusal(target, declared, "attendance") == 0, "refused by its counts, no row read"
    # Declared as the few rows the bundle held: refused at the second line, as a record twice.
    told = {**base.opened.details["records"], ATTENDANCE: 3}
    twice = sealed_with(base, {**base.opened.records, ATTENDANCE: rows}, records=told)
    message = refused_unchanged(target, twice, "twice", "another number")
    assert rows_asked_before_refusal(target, twice, "attendance") == 2, "refused at the second row, not the last"
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


def test_lines_spread_over_chunks_of_any_size_are_read_whole() -> None:
    """Lines found as the bytes come, whatever the chunks: a line's end at a chunk's edge, a line
    over many chunks, blank lines, and a last line without its end."""
    text = b'{"a": 1}\n\n' + b"x" * 1000 + b"\n" + b"y\n" + b"last"
    for size in (1, 2, 7, 64, 999, 1000, 1001, len(text)):
        chunks = [text[at : at + size] for at in range(0, len(text), size)]
        assert list(record_lines.member_lines(chunks, MEMO)) == text.split(b"\n"), size
