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
the earlier figure, measured then, was 2.9 s against 0.3 s; this run prints today's).

Each is imported by ``facilitator import`` (its command-line function, in a fresh interpreter)
into its own copy of the coordinator's workspace; what the command printed is shown beside.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import shutil
import sys
import tempfile
import time
import zlib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.children import run_child_usage  # noqa: E402 - the repository is on the path only now
from bench.limit_bundles import limit_bundles  # noqa: E402

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
