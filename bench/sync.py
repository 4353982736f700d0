"""Sync benchmark: bundles of 13 groups × 20 years made, imported into an empty coordinator
workspace, and imported again.

Run as ``.venv/bin/python bench/sync.py [--groups N] [--years Y]``. It prints numbers; it is not a
test. Targets: the first import of all the groups' bundles under 30 s, the re-import under 2 s.

How: the demo network (``generate_network`` + ``Repository.add_network``, as ``facilitator demo``
does) is made in a temporary facilitator workspace, an empty coordinator workspace is created,
and the coordinator issues every group's key from the facilitator's key request, which the
facilitator installs (``exports.bundle.keys``, as the ``key`` subcommands do). Then three
phases, each in a fresh child process so that its peak memory is its own (the child's maximum
resident set size, from ``os.wait4``):

- export: ``make_bundle`` (what ``facilitator export bundle --full`` and the group screen call)
  once per group, full, for the coordinator: reading every meeting file, pseudonymising,
  zipping, signing, the atomic write;
- import: ``Importer.import_files`` (what ``facilitator import`` and the import screen call) with
  the 13 files into the empty coordinator workspace: checking each whole, merging, staging every
  changed file and committing;
- re-import: the same 13 files again (each is recognised as already imported).

Records per second count every record version carried by the bundles.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.children import run_phase  # noqa: E402 - the repository is on the path only now

IMPORT_TARGET_S = 30.0
REIMPORT_TARGET_S = 2.0


def setup(folder: Path, groups: int, years: int) -> None:
    from exports.bundle.keys import install_keys, issue_keys, read_key_request, write_key_request
    from facilitator.demo import generate_network
    from facilitator.model.group import DEFAULT_TIME_ZONE
    from storage.repository import Repository
    from storage.workspace import Workspace, WorkspaceRole

    with Workspace.open(folder / "facilitator") as workspace:
        facilitator = Repository(workspace)
        today = facilitator.today(DEFAULT_TIME_ZONE)  # the demo's day, as `facilitator demo` takes it
        facilitator.add_network(**generate_network(groups=groups, years=years, seed=1, today=today).records())
        request = write_key_request(facilitator, facilitator.groups(), folder)
        with Workspace.open(folder / "coordinator", role=WorkspaceRole.COORDINATOR) as coordinator_workspace:
            key_file = issue_keys(Repository(coordinator_workspace), read_key_request(request), folder)
        install_keys(facilitator, key_file)
    (folder / "bundles").mkdir()


def phase(name: str, folder: Path) -> dict[str, float]:
    """One phase, run in a child process; returns its numbers."""
    from exports.bundle.format import Audience
    from exports.bundle.importer import Importer
    from exports.bundle.writer import make_bundle
    from storage.repository import Repository
    from storage.workspace import Workspace

    bundles = folder / "bundles"
    if name == "export":
        with Workspace.open(folder / "facilitator") as workspace:
            repository = Repository(workspace)
            repository.load_all()
            start = time.perf_counter()
            records = 0
            for group in repository.groups():
                made = make_bundle(repository, [group], full=True, audience=Audience.COORDINATOR, to=bundles)
                records += made.total
            seconds = time.perf_counter() - start
        return {"seconds": seconds, "records": records, "bytes": sum(path.stat().st_size for path in bundles.iterdir())}
    with Workspace.open(folder / "coordinator") as workspace:
        repository = Repository(workspace)
        paths = sorted(bundles.glob("*.mebundle"))
        start = time.perf_counter()
        reports = Importer(repository).import_files(paths)
        seconds = time.perf_counter() - start
    refused = [report.line() for report in reports if not report.ok]
    if refused:
        raise SystemExit("refused:\n" + "\n".join(refused))
    records = sum(sum(by.values()) for report in reports for by in report.counts.values())
    return {"seconds": seconds, "records": records, "files": len(reports)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=13)
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--phase", choices=("export", "import", "reimport"), help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.phase:
        print(json.dumps(phase(arguments.phase, arguments.folder)))
        return
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as temporary:
        folder = Path(temporary)
        start = time.perf_counter()
        setup(folder, arguments.groups, arguments.years)
        made = time.perf_counter() - start
        print(f"demo network of {arguments.groups} groups × {arguments.years} years made in {made:.1f} s")
        exported, export_mb = run_phase(__file__, "export", folder)
        print(
            f"export:    {exported['records']:.0f} records in {exported['seconds']:.2f} s "
            f"({exported['records'] / exported['seconds']:.0f} records/s), "
            f"{exported['bytes'] / 1e6:.1f} MB of bundles, peak memory {export_mb:.0f} MB"
        )
        imported, import_mb = run_phase(__file__, "import", folder)
        verdict = "OK" if imported["seconds"] < IMPORT_TARGET_S else "OVER TARGET"
        print(
            f"import:    {imported['records']:.0f} records from {imported['files']:.0f} files "
            f"in {imported['seconds']:.2f} s "
            f"({imported['records'] / imported['seconds']:.0f} records/s), peak memory {import_mb:.0f} MB "
            f"(target < {IMPORT_TARGET_S:.0f} s: {verdict})"
        )
        again, again_mb = run_phase(__file__, "reimport", folder)
        verdict = "OK" if again["seconds"] < REIMPORT_TARGET_S else "OVER TARGET"
        print(
            f"re-import: {again['files']:.0f} files in {again['seconds']:.2f} s, peak memory {again_mb:.0f} MB "
            f"(target < {REIMPORT_TARGET_S:.0f} s: {verdict})"
        )


if __name__ == "__main__":
    main()
