"""Reading a bundle holds only what it may: each record checked as soon as it is parsed (reading
stops at the first refused, before it is kept), the memory of the records kept counted against a
limit, members unpacked from slices of their input and stopped at the room left; and an error after
an import's files are in place told beside "imported". Against the real coordinator workspace of
``tests/test_import_bounds.py``, with real bundle files.
"""

from __future__ import annotations

import os
import uuid
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from exports.bundle import reader
from exports.bundle.archive import BundleRefused, Room
from exports.bundle.group_keys import KeysHere
from exports.bundle.importer import ImportStatus
from exports.bundle.sealed import _unpacked
from exports.zip_safety import CHUNK_BYTES
from storage.repository import Repository
from storage.sync_ledger import SyncLedger
from tests.bundle_damage import documents_in, lines_bytes
from tests.test_bundle_fuzz import MEMO, Base, Target, shared_base, target_of
from tests.test_import_bounds import peak_of_import, refused_unchanged, sealed_with, write


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Base:
    return shared_base(tmp_path_factory)


@pytest.fixture
def target(base: Base, tmp_path: Path) -> Iterator[Target]:
    with target_of(base, tmp_path) as target:
        yield target


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
