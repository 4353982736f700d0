"""Merging benchmark: bundles that carry many versions of records made apart, imported into a
coordinator's workspace whose meeting file already holds thousands of conflict sides.

Run as ``.venv/bin/python bench/merge_conflicts.py [--sizes 500 3000]``. It prints seconds; it is
not a test. Target: each import, or its refusal, under 2 s, growing in proportion to what it brings.

For each N: a real facilitator workspace (the demo's group, a year) and a coordinator that
imported its full bundle; then three sealed bundles of the group, each imported in turn:

- ``one record``: N versions of one memo entry, each saved apart on a laptop of its own (refused
  above :data:`exports.bundle.record_checks.MAX_VERSIONS_APART`);
- ``across records``: N/10 new memo entries of one meeting, ten versions apart each: the meeting's
  file then holds about N conflict sides;
- ``onto stored sides``: one more version apart of each of those entries, merged into that file;
- ``R records x 99`` (for the first N only): R new memo entries of 99 versions made apart each
  (refused above :data:`exports.bundle.record_checks.MAX_VERSIONS_APART_IN_BUNDLE` in all).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.children import add_demo_network  # noqa: E402 - the repository is on the path only now
from exports.bundle.importer import Importer, ImportStatus  # noqa: E402
from exports.bundle.writer import make_bundle  # noqa: E402
from storage.repository import Repository  # noqa: E402
from storage.sync_ledger import SyncLedger  # noqa: E402
from storage.workspace import Workspace, WorkspaceRole  # noqa: E402
from tests.bundle_damage import documents_in, lines_bytes, opened_contents, sealed_again  # noqa: E402
from tests.sync_support import share_keys  # noqa: E402
from tests.test_import_versions import versions_apart  # noqa: E402

MEMO = "records/memo.jsonl"


def run(size: int, records: list[int], root: Path) -> None:
    add_demo_network(root / "facilitator", groups=1, years=1)
    with (
        Workspace.open(root / "coordinator", role=WorkspaceRole.COORDINATOR) as coordinator_space,
        Workspace.open(root / "facilitator") as facilitator_space,
    ):
        coordinator, facilitator = Repository(coordinator_space), Repository(facilitator_space)
        share_keys(coordinator, [facilitator], root / "keys")
        (group,) = facilitator.groups()
        made = make_bundle(facilitator, [group], full=True, to=root)
        assert Importer(coordinator).import_file(made.path).status is ImportStatus.IMPORTED
        key = SyncLedger(coordinator_space).key(group.id)
        assert key is not None
        opened = opened_contents(made.path.read_bytes(), key)
        memo = documents_in(opened.records[MEMO])
        entries = [{**memo[0], "id": str(uuid.uuid4()), "text": f"Entry {number}"} for number in range(size // 10)]
        bundles = {
            "one record": versions_apart(memo[0], size),
            "across records": [side for entry in entries for side in versions_apart(entry, 10)],
            "onto stored sides": [side for entry in entries for side in versions_apart(entry, 1, start=10)],
        }
        for count in records:
            many = [{**memo[0], "id": str(uuid.uuid4()), "text": f"Record {number}"} for number in range(count)]
            bundles[f"{count} records x 99"] = [side for entry in many for side in versions_apart(entry, 99)]
        importer = Importer(coordinator)
        for name, documents in bundles.items():
            path = root / f"{name}.mebundle"
            records = {**opened.records, MEMO: lines_bytes([*memo, *documents])}
            path.write_bytes(sealed_again(opened, {group.id: key}, records=records, bundle_id=str(uuid.uuid4())))
            started = time.perf_counter()
            report = importer.import_file(path)
            seconds = time.perf_counter() - started
            megabytes = len(records[MEMO]) / 1e6
            print(
                f"N={size:5d}  {name:18s} {len(documents):6d} versions {megabytes:5.1f} MB  {seconds:6.2f} s  "
                f"{report.status.value}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 3000])
    parser.add_argument(
        "--records", type=int, nargs="*", default=[10, 20, 30, 126, 500], help="records of 99 versions made apart each"
    )
    arguments = parser.parse_args()
    for number, size in enumerate(arguments.sizes):
        folder = Path(tempfile.mkdtemp(prefix="merge-conflicts-"))
        try:
            run(size, arguments.records if number == 0 else [], folder)
        finally:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
