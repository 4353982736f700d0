"""Sync benchmark: bundles of 13 groups × 20 years made, imported into an empty coordinator
workspace, and imported again.

Run as ``.venv/bin/python bench/sync.py [--groups N] [--years Y] [--rounds R]``. It prints numbers;
it is not a test. Targets: the first import of all the groups' bundles under 30 s, the re-import
under 2 s, and sealing's cost: the sealed bundles (format 3) may take at most 10 % longer to export
and to import than the signed ones of the release before (format 2, written by
``bench/signed_bundles.py``), measured in the same run.

How: the demo network (``generate_network`` + ``Repository.add_network``, as ``facilitator demo``
does) is made in a temporary facilitator workspace, an empty coordinator workspace is created,
and the coordinator issues every group's key from the facilitator's key request, which the
facilitator installs (``exports.bundle.keys``, as the ``key`` subcommands do). Then three
phases, each in a fresh child process so that its peak memory is its own (the child's maximum
resident set size, from ``os.wait4``):

- export: ``make_bundle`` (what ``facilitator export bundle --full`` and the group screen call)
  once per group, full, for the coordinator: reading every meeting file, pseudonymising,
  compressing and sealing (or, for the release before, signing and deflating), the atomic write;
- import: ``Importer.import_files`` (what ``facilitator import`` and the import screen call) with
  the 13 files into the empty coordinator workspace: checking each whole, merging, staging every
  changed file and committing;
- re-import: the same 13 files again (each is recognised as already imported).

Export and import run ``--rounds`` times for each format, interleaved (signed then sealed, sealed
then signed in the next round, so that neither always runs on a warmer or busier machine), each
import into its own copy of the empty coordinator workspace; the re-import runs once, on the last
sealed import. Each phase reports its wall seconds and its CPU seconds, user and system (the
child's own, around the phase alone): the comparison takes the medians, and judges by the user
CPU time, which the other work on a shared machine disturbs least. Sealing is computation; the
system time is mostly the fsyncs of files as large for either format (the imported workspace is
the same), and it moves with the other work on the disk, as the wall clock does.

Records per second count every record version carried by the bundles.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.children import run_child_usage  # noqa: E402 - the repository is on the path only now

IMPORT_TARGET_S = 30.0
REIMPORT_TARGET_S = 2.0
#: How much longer sealed bundles may take to export and import than signed ones (the issue's 10 %).
SEALING_TARGET_RATIO = 1.10
FORMATS = ("signed", "sealed")


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
            issued = issue_keys(Repository(coordinator_workspace), read_key_request(request), folder)
        install_keys(facilitator, issued.path, issued.passphrase)
    (folder / "bundles").mkdir()


class Stopwatch:
    """The wall, CPU and user CPU seconds of this process since it was made."""

    def __init__(self) -> None:
        self._wall = time.perf_counter()
        self._usage = resource.getrusage(resource.RUSAGE_SELF)

    def times(self) -> dict[str, float]:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        user = usage.ru_utime - self._usage.ru_utime
        system = usage.ru_stime - self._usage.ru_stime
        return {"seconds": time.perf_counter() - self._wall, "cpu": user + system, "user": user}


def phase(name: str, folder: Path, bundle_format: str, bundles: Path, coordinator: Path) -> dict[str, float]:
    """One phase, run in a child process; returns its numbers (wall and CPU seconds of the phase alone)."""
    from exports.bundle import writer
    from exports.bundle.format import Audience
    from exports.bundle.importer import Importer
    from storage.repository import Repository
    from storage.workspace import Workspace

    if bundle_format == "signed":
        from bench.signed_bundles import sign_bundle

        writer.seal_bundle = sign_bundle  # the release before's bundle file, for comparison only
    if name == "export":
        with Workspace.open(folder / "facilitator") as workspace:
            repository = Repository(workspace)
            repository.load_all()
            started = Stopwatch()
            records = 0
            for group in repository.groups():
                made = writer.make_bundle(repository, [group], full=True, audience=Audience.COORDINATOR, to=bundles)
                records += made.total
            times = started.times()
        size = sum(path.stat().st_size for path in bundles.iterdir())
        return times | {"records": records, "bytes": size}
    with Workspace.open(coordinator) as workspace:
        repository = Repository(workspace)
        paths = sorted(bundles.glob("*.mebundle"))
        started = Stopwatch()
        reports = Importer(repository).import_files(paths)
        times = started.times()
    refused = [report.line() for report in reports if not report.ok]
    if refused:
        raise SystemExit("refused:\n" + "\n".join(refused))
    records = sum(sum(by.values()) for report in reports for by in report.counts.values())
    return times | {"records": records, "files": len(reports)}


def run_in_child(name: str, folder: Path, bundle_format: str, bundles: Path, coordinator: Path) -> dict[str, float]:
    """:func:`phase` in a fresh interpreter; its numbers, with the child's peak memory in MB."""
    command = [sys.executable, __file__, "--phase", name, "--folder", str(folder), "--format", bundle_format]
    command += ["--bundles", str(bundles), "--coordinator", str(coordinator)]
    output, _wall, _cpu, peak_mb = run_child_usage(command)
    return json.loads(output.strip().splitlines()[-1]) | {"peak_mb": peak_mb}


def compare(what: str, runs: dict[str, list[dict[str, float]]]) -> None:
    """The medians of each format's runs of one phase, and sealed's cost against the target, judged
    by the user CPU time: the system time is mostly the fsyncs of files of the same size for both
    formats, and moves with the disk's other work."""
    fields = ("seconds", "cpu", "user")
    medians = {
        bundle_format: {field: statistics.median(run[field] for run in runs[bundle_format]) for field in fields}
        for bundle_format in FORMATS
    }
    ratio = {field: medians["sealed"][field] / medians["signed"][field] for field in fields}
    verdict = "OK" if ratio["user"] <= SEALING_TARGET_RATIO else "OVER TARGET"
    print(f"{what}, medians of {len(runs['sealed'])}:")
    for bundle_format in FORMATS:
        median = medians[bundle_format]
        print(f"  {bundle_format}: {median['seconds']:.2f} s, CPU {median['cpu']:.2f} s (user {median['user']:.2f} s)")
    print(
        f"  sealed / signed: user CPU {ratio['user']:.3f}, CPU {ratio['cpu']:.3f}, wall {ratio['seconds']:.3f} "
        f"(target: user CPU ≤ {SEALING_TARGET_RATIO:.2f}: {verdict})"
    )


def load() -> str:
    return "load average " + ", ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=13)
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5, help="runs of export and import for each format")
    parser.add_argument("--phase", choices=("export", "import", "reimport"), help=argparse.SUPPRESS)
    parser.add_argument("--format", choices=FORMATS, default="sealed", help=argparse.SUPPRESS)
    for hidden in ("--folder", "--bundles", "--coordinator"):
        parser.add_argument(hidden, type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.phase:
        numbers = phase(arguments.phase, arguments.folder, arguments.format, arguments.bundles, arguments.coordinator)
        print(json.dumps(numbers))
        return
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as temporary:
        folder = Path(temporary)
        start = time.perf_counter()
        setup(folder, arguments.groups, arguments.years)
        made = time.perf_counter() - start
        print(f"demo network of {arguments.groups} groups × {arguments.years} years made in {made:.1f} s; {load()}")
        exports: dict[str, list[dict[str, float]]] = {bundle_format: [] for bundle_format in FORMATS}
        imports: dict[str, list[dict[str, float]]] = {bundle_format: [] for bundle_format in FORMATS}
        for number in range(1, arguments.rounds + 1):
            order = FORMATS if number % 2 else FORMATS[::-1]
            for bundle_format in order:
                bundles = folder / "bundles" / f"{bundle_format}-{number}"
                bundles.mkdir()
                exported = run_in_child("export", folder, bundle_format, bundles, folder / "coordinator")
                exports[bundle_format].append(exported)
                print(
                    f"round {number}, export {bundle_format}: {exported['records']:.0f} records in "
                    f"{exported['seconds']:.2f} s, CPU {exported['cpu']:.2f} s "
                    f"(user {exported['user']:.2f} s; {exported['records'] / exported['seconds']:.0f} records/s), "
                    f"{exported['bytes'] / 1e6:.1f} MB of bundles, peak memory {exported['peak_mb']:.0f} MB"
                )
            for bundle_format in order:
                bundles = folder / "bundles" / f"{bundle_format}-{number}"
                coordinator = folder / f"coordinator-{bundle_format}-{number}"
                shutil.copytree(folder / "coordinator", coordinator, ignore=shutil.ignore_patterns(".lock"))
                imported = run_in_child("import", folder, bundle_format, bundles, coordinator)
                imports[bundle_format].append(imported)
                verdict = "OK" if imported["seconds"] < IMPORT_TARGET_S else "OVER TARGET"
                print(
                    f"round {number}, import {bundle_format}: {imported['records']:.0f} records from "
                    f"{imported['files']:.0f} files in {imported['seconds']:.2f} s, CPU {imported['cpu']:.2f} s "
                    f"(user {imported['user']:.2f} s; {imported['records'] / imported['seconds']:.0f} records/s), "
                    f"peak memory {imported['peak_mb']:.0f} MB (target < {IMPORT_TARGET_S:.0f} s: {verdict})"
                )
        last = arguments.rounds
        again = run_in_child(
            "reimport", folder, "sealed", folder / "bundles" / f"sealed-{last}", folder / f"coordinator-sealed-{last}"
        )
        verdict = "OK" if again["seconds"] < REIMPORT_TARGET_S else "OVER TARGET"
        print(
            f"re-import (sealed): {again['files']:.0f} files in {again['seconds']:.2f} s, CPU {again['cpu']:.2f} s, "
            f"peak memory {again['peak_mb']:.0f} MB (target < {REIMPORT_TARGET_S:.0f} s: {verdict})"
        )
        compare("export", exports)
        compare("import", imports)
        print(load())


if __name__ == "__main__":
    main()
