"""Merging benchmark: bundles that carry many versions of records made apart, imported into a
coordinator's workspace whose meeting file already holds thousands of conflict sides.

Run as ``.venv/bin/python bench/merge_conflicts.py [--sizes 500 3000]``. It prints seconds; it is
not a test. Target (issue 24): each import, or its refusal, under 2 s, growing in proportion to N.

For each N: a real facilitator workspace (the demo's group, a year) and a coordinator that
imported its full bundle; then three sealed bundles of the group, each imported in turn:

- ``one record``: N versions of one memo entry, each saved apart on a laptop of its own (refused
  above :data:`exports.bundle.record_checks.MAX_VERSIONS_APART`);
- ``across records``: N/10 new memo entries of one meeting, ten versions apart each: the meeting's
  file then holds about N conflict sides;
- ``onto stored sides``: one more version apart of each of those entries, merged into that file.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

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

MEMO = "records/memo.jsonl"


def apart(entry: dict[str, Any], count: int, start: int = 0) -> list[dict[str, Any]]:
    """``count`` versions of ``entry``, each saved apart on a laptop of its own."""
    sides = []
    for number in range(start, start + count):
        laptop = str(uuid.UUID(int=number + 1, version=4))
        sides.append(
            {
                **entry,
                "text": f"Side {number}",
                "changed_by": laptop,
                "versions": {**entry["versions"], laptop: 1},
                "revision": entry["revision"] + 1,
                "updated_at": f"2026-11-28T{10 + number // 3600:02d}:{number // 60 % 60:02d}:{number % 60:02d}.000Z",
            }
        )
    return sides


def run(size: int, root: Path) -> None:
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
            "one record": apart(memo[0], size),
            "across records": [side for entry in entries for side in apart(entry, 10)],
            "onto stored sides": [side for entry in entries for side in apart(entry, 1, start=10)],
        }
        importer = Importer(coordinator)
        for name, documents in bundles.items():
            path = root / f"{name}.mebundle"
            records = {**opened.records, MEMO: lines_bytes([*memo, *documents])}
            path.write_bytes(sealed_again(opened, {group.id: key}, records=records, bundle_id=str(uuid.uuid4())))
            started = time.perf_counter()
            report = importer.import_file(path)
            seconds = time.perf_counter() - started
            print(f"N={size:5d}  {name:18s} {len(documents):6d} versions  {seconds:6.2f} s  {report.status.value}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 3000])
    arguments = parser.parse_args()
    for size in arguments.sizes:
        folder = Path(tempfile.mkdtemp(prefix="merge-conflicts-"))
        try:
            run(size, folder)
        finally:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
