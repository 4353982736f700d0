"""Stored records read back: the compiled decoder of each record class (the fast path the
network's views take) gives exactly what the field-by-field path gives, and whatever it refuses is
still refused with the field named."""

from __future__ import annotations

import json

import pytest

from exports.bundle.format import RECORD_TYPES
from storage.codec import _compiled_decoder, _decode_field_by_field, from_document
from tests.conftest import make_demo


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict]]:
    """Every stored document of a demo network (with its meetings' own files), by table."""
    folder = tmp_path_factory.mktemp("decoding") / "workspace"
    make_demo(folder, groups=2, years=1)
    documents: dict[str, list[dict]] = {}
    for path in [folder / "network.json", *sorted((folder / "meetings").glob("*.json"))]:
        for table, rows in json.loads(path.read_text(encoding="utf-8")).items():
            documents.setdefault(table, []).extend(rows.values())
    return documents


@pytest.mark.parametrize("record_type", RECORD_TYPES, ids=lambda record_type: record_type.name)
def test_the_fast_path_reads_what_the_careful_path_reads(record_type, stored: dict[str, list[dict]]) -> None:
    documents = stored.get(record_type.name, [])
    if record_type.name not in ("absences", "codings"):  # the demo has none of these
        assert documents
    for document in documents:
        # The compiled decoder itself, not through from_document: a decoder that always refused would hide there.
        assert _compiled_decoder(record_type.cls)(document) == _decode_field_by_field(record_type.cls, document)


def test_a_bad_or_missing_field_is_refused_naming_it(stored: dict[str, list[dict]]) -> None:
    from facilitator.model import MemoEntry

    entry = stored["memo"][0]
    for field, bad in (
        ("text", 7),
        ("written_at", "2026-12-03T17:30:00"),
        ("revision", True),
        ("codes", ["RI", 3]),
        ("versions", {"a": "1"}),
        ("kind", "gossip"),
    ):
        with pytest.raises(ValueError, match=rf"MemoEntry\.{field}"):
            from_document(MemoEntry, {**entry, field: bad})
    with pytest.raises(ValueError, match="MemoEntry without text"):
        from_document(MemoEntry, {name: value for name, value in entry.items() if name != "text"})


def test_a_field_the_record_may_lack_takes_its_default(stored: dict[str, list[dict]]) -> None:
    from facilitator.model import MemoEntry

    entry = {name: value for name, value in stored["memo"][0].items() if name != "revisions"}
    assert from_document(MemoEntry, entry).revisions == []


def test_times_that_repeat_an_earlier_time_of_the_record_are_read_right(stored: dict[str, list[dict]]) -> None:
    """An entry's times as the fast path reuses them (updated = created) and where they differ,
    are missing or repeat a missing one: each field holds its own stored time."""
    from datetime import datetime

    from facilitator.model import MemoEntry

    decode = _compiled_decoder(MemoEntry)
    entry = stored["memo"][0]
    created, later = "2026-12-03T17:30:00.000+00:00", "2026-12-03T18:45:10.250+02:00"
    for updated, closed in ((created, None), (later, created), (later, later), (created, later)):
        record = decode(
            {**entry, "created_at": created, "updated_at": updated, "written_at": later, "closed_at": closed}
        )
        assert record.created_at == datetime.fromisoformat(created)
        assert record.updated_at == datetime.fromisoformat(updated)
        assert record.written_at == datetime.fromisoformat(later)
        assert record.closed_at == (None if closed is None else datetime.fromisoformat(closed))
    record = decode({**entry, "created_at": None, "updated_at": created, "closed_at": created})
    assert record.created_at is None and record.updated_at == record.closed_at == datetime.fromisoformat(created)
    with pytest.raises(ValueError):  # a time without its zone is refused though it equals an earlier one
        decode({**entry, "created_at": "2026-12-03T17:30:00", "updated_at": "2026-12-03T17:30:00"})
