"""Versions of one record made apart (conflicts not settled) in a sealed bundle: merging many stays
proportional to their number, and a bundle, or an import, past the limits of versions kept is
refused whole, the coordinator's workspace left byte for byte as it was. The bundles are those of
``tests/import_checks_support.py``.
"""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

import exports.bundle.merge as merge
from exports.bundle.archive import BundleRefused
from exports.bundle.format import TYPES_BY_NAME
from exports.bundle.importer import ImportStatus
from exports.bundle.record_checks import MAX_VERSIONS_APART, MAX_VERSIONS_APART_IN_BUNDLE, ReadingChecks
from storage.atomic import read_json
from storage.sync_ledger import CONFLICTS_TABLE
from tests.import_checks_support import Network, a_short, changed_bundle, imported, imported_into, make_network


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> Network:
    return make_network(tmp_path_factory.mktemp("import-checks"))


def versions_apart(entry: dict[str, Any], count: int, start: int = 0) -> list[dict[str, Any]]:
    """``count`` versions of ``entry``, each saved apart on a laptop of its own, a second apart
    (also used by ``bench/merge_conflicts.py``)."""
    sides = []
    for number in range(start, start + count):
        laptop = str(uuid.UUID(int=number + 1, version=4))
        hours, minutes, seconds = 10 + number // 3600, number // 60 % 60, number % 60
        sides.append(
            {
                **entry,
                "text": f"Side {number}",
                "changed_by": laptop,
                "versions": {**entry["versions"], laptop: 1},
                "revision": entry["revision"] + 1,
                "updated_at": f"2026-11-28T{hours:02d}:{minutes:02d}:{seconds:02d}.000+00:00",
            }
        )
    return sides


def test_many_versions_of_one_record_merge_in_proportion_to_their_number(
    network: Network, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each version arriving is digested once (for its place among the others), and compared with
    each version held of its record (at most MAX_VERSIONS_APART): in proportion to what arrives."""
    calls: Counter[str] = Counter()
    has_seen, content_digest = merge.has_seen, merge.content_digest

    def seen(newer: dict[str, int], older: dict[str, int]) -> bool:
        calls["has_seen"] += 1
        return has_seen(newer, older)

    def digest(document: dict[str, Any]) -> str:
        calls["content_digest"] += 1
        return content_digest(document)

    monkeypatch.setattr(merge, "has_seen", seen)
    monkeypatch.setattr(merge, "content_digest", digest)
    memo = network.documents("memo")
    count = 80
    outcome = imported(network, tmp_path, memo=[*memo, *versions_apart(memo[0], count)])
    assert outcome.report.status is ImportStatus.IMPORTED, outcome.report.line()
    tables = read_json(outcome.folder / "meetings" / f"{memo[0]['meeting_id']}.json")
    sides = [side for side in tables[CONFLICTS_TABLE].values() if side["record"]["id"] == memo[0]["id"]]
    assert len(sides) == count - 1
    # Digesting every held version again at each arrival made count²/2 digests (3,200 here).
    assert calls["content_digest"] <= count + 2, calls
    # Each arriving version is compared twice with each version held of its record (does it know the
    # arriving one, does the arriving one know it): count·(count+1) at most, 6,419 here; comparing
    # every pair of held versions again at each arrival made about count³/3 (170,000 here).
    assert calls["has_seen"] <= count * (count + 1), calls


def test_more_versions_made_apart_in_a_bundle_than_merged_at_once_refuse_it(network: Network, tmp_path: Path) -> None:
    """Each record within its own limit, but so many of them that merging would take seconds."""
    memo = network.documents("memo")
    per_record = MAX_VERSIONS_APART
    entries = [
        {**memo[0], "id": str(uuid.uuid4())} for _number in range(MAX_VERSIONS_APART_IN_BUNDLE // (per_record - 1) + 1)
    ]
    sides = [side for entry in entries for side in versions_apart(entry, per_record)]
    message = imported(network, tmp_path, memo=[*memo, *sides]).refused_unchanged("settle the conflicts")
    assert f"{MAX_VERSIONS_APART_IN_BUNDLE:,}" in message


def test_more_versions_of_one_record_than_kept_refuse_the_bundle(network: Network, tmp_path: Path) -> None:
    memo = network.documents("memo")
    outcome = imported(network, tmp_path, memo=[*memo, *versions_apart(memo[0], MAX_VERSIONS_APART + 1)])
    outcome.refused_unchanged(f"more than {MAX_VERSIONS_APART} versions of one record", a_short(memo[0]["id"]))


def test_an_import_that_would_keep_more_versions_of_one_record_than_kept_is_refused(
    network: Network, tmp_path: Path
) -> None:
    memo = network.documents("memo")
    half = MAX_VERSIONS_APART // 2 + 10
    first = imported(network, tmp_path, memo=[*memo, *versions_apart(memo[0], half)])
    assert first.report.status is ImportStatus.IMPORTED, first.report.line()
    more = changed_bundle(network, tmp_path / "more.mebundle", memo=[*memo, *versions_apart(memo[0], half, half)])
    imported_into(first.folder, more).refused_unchanged(f"more than {MAX_VERSIONS_APART}", "Settle")


def test_versions_made_apart_are_refused_as_they_are_read_at_the_first_past_a_limit(network: Network) -> None:
    """The reader need not hold 50,000 versions to learn that 3,001 were too many."""
    memo = network.documents("memo")
    now = datetime.fromisoformat(memo[0]["updated_at"])
    checks, asked = ReadingChecks(now), 0
    with pytest.raises(BundleRefused, match=f"more than {MAX_VERSIONS_APART} versions of one record"):
        for side in versions_apart(memo[0], MAX_VERSIONS_APART + 50):
            asked += 1
            checks(TYPES_BY_NAME["memo"], side)
    assert asked == MAX_VERSIONS_APART + 1
    checks, asked = ReadingChecks(now), 0
    entries = [{**memo[0], "id": str(uuid.uuid4())} for _number in range(MAX_VERSIONS_APART_IN_BUNDLE // 9 + 10)]
    with pytest.raises(BundleRefused, match="settle the conflicts"):
        for side in (side for entry in entries for side in versions_apart(entry, 10)):
            asked += 1
            checks(TYPES_BY_NAME["memo"], side)
    assert asked < MAX_VERSIONS_APART_IN_BUNDLE * 10 // 9 + 20
