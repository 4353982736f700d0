"""Network benchmark: the coordinator's dashboard data and the network report PDF for 13 groups ×
20 years.

Run as ``.venv/bin/python bench/report.py [--groups N] [--years Y]``. It prints numbers; it is not
a test. Targets: the dashboard's data under 1 s; the report (default period, and every year), the
network's indicators and one member's timeline each under 5 s.

How: the demo network (``generate_network`` + ``Repository.add_network``, as ``facilitator demo``
does) is made in a temporary workspace; one workspace holds every group, as the coordinator's
does after importing their bundles. Then each phase runs in a fresh child process, so that each
reads the files from the same start and its peak memory is its own (the child's maximum resident
set size, from ``os.wait4``):

- dashboard: ``load_network`` (every group's people, meetings and held meetings' records) and
  ``network_overview`` (each group's figures), what the coordinator's network screen shows;
- report, default period and every year: ``write_network_report`` (what ``facilitator report
  network`` calls): reading the workspace, gathering the period's figures and the activity table,
  laying out the PDF with its charts and the atomic write;
- command: a whole ``facilitator report network`` process, interpreter start to exit (wall clock);
- indicators: ``write_indicators`` of the whole network over the previous calendar year (what
  ``facilitator report indicators`` writes on the coordinator's workspace: the PDF and the CSV);
- timeline: ``write_timeline`` of the member of the network with the most interviews (a timeline
  PDF of twenty years at worst).
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

from bench.children import add_demo_network, run_child, run_phase  # noqa: E402 - the repository is on the path only now

DASHBOARD_TARGET_S = 1.0
REPORT_TARGET_S = 5.0


def setup(folder: Path, groups: int, years: int) -> None:
    add_demo_network(folder / "workspace", groups=groups, years=years, seed=1)
    (folder / "reports").mkdir()


def phase(name: str, folder: Path) -> dict[str, float]:
    """One phase, run in a child process; returns its numbers."""
    from exports.report.files import write_network_report
    from facilitator.model import utc_now
    from facilitator.network import network_overview
    from storage.network_records import load_network
    from storage.repository import Repository
    from storage.workspace import Workspace

    with Workspace.open(folder / "workspace", purpose="bench") as workspace:
        repository = Repository(workspace)
        start = time.perf_counter()
        if name == "dashboard":
            groups = load_network(repository)
            loaded = time.perf_counter() - start
            now = utc_now()
            rows = network_overview(groups, now.date(), now)
            seconds = time.perf_counter() - start
            meetings = sum(len(records.records) for records in groups)
            return {"seconds": seconds, "load": loaded, "groups": len(rows), "meetings": meetings}
        if name == "indicators":
            from exports.indicators_files import previous_year, write_indicators

            first, last = previous_year(repository.today())
            pdf, csv = write_indicators(repository, None, first, last, folder / "reports")
            seconds = time.perf_counter() - start
            return {"seconds": seconds, "bytes": pdf.stat().st_size + csv.stat().st_size, "name": pdf.name}
        if name == "timeline":
            from collections import Counter

            from exports.timeline_files import write_timeline

            repository.load_all()
            interviewed = Counter(
                interview.person_id for group in repository.groups() for interview in repository.interviews(group.id)
            )
            start = time.perf_counter()
            path = write_timeline(repository, interviewed.most_common(1)[0][0], folder / "reports")
            seconds = time.perf_counter() - start
            return {"seconds": seconds, "bytes": path.stat().st_size, "name": path.name}
        path = write_network_report(repository, to=folder / "reports", all_years=name == "all")
        seconds = time.perf_counter() - start
    return {"seconds": seconds, "bytes": path.stat().st_size, "name": path.name}


def verdict(seconds: float, target: float) -> str:
    return f"target < {target:.0f} s: {'OK' if seconds < target else 'OVER TARGET'}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=13)
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument(
        "--phase", choices=("dashboard", "default", "all", "indicators", "timeline"), help=argparse.SUPPRESS
    )
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.phase:
        print(json.dumps(phase(arguments.phase, arguments.folder)))
        return
    with tempfile.TemporaryDirectory(prefix="bench-report-") as temporary:
        folder = Path(temporary)
        start = time.perf_counter()
        setup(folder, arguments.groups, arguments.years)
        made = time.perf_counter() - start
        print(f"demo network of {arguments.groups} groups × {arguments.years} years made in {made:.1f} s")
        dashboard, dashboard_mb = run_phase(__file__, "dashboard", folder)
        print(
            f"dashboard:        {dashboard['seconds']:.2f} s for {dashboard['groups']:.0f} groups "
            f"({dashboard['load']:.2f} s reading {dashboard['meetings']:.0f} held meetings' records), "
            f"peak memory {dashboard_mb:.0f} MB ({verdict(dashboard['seconds'], DASHBOARD_TARGET_S)})"
        )
        phases = (
            ("default", "report, 12 months"),
            ("all", "report, all years"),
            ("indicators", "indicators, year"),
            ("timeline", "one timeline"),
        )
        for name, label in phases:
            made, made_mb = run_phase(__file__, name, folder)
            print(
                f"{label + ':':<17} {made['seconds']:.2f} s, {made['bytes'] / 1e3:.0f} kB ({made['name']}), "
                f"peak memory {made_mb:.0f} MB ({verdict(made['seconds'], REPORT_TARGET_S)})"
            )
        command = [
            sys.executable,
            "-m",
            "facilitator",
            "report",
            "network",
            "--workspace",
            str(folder / "workspace"),
            "--to",
            str(folder / "reports"),
        ]
        _output, wall, command_mb = run_child(command)
        print(
            f"command:          a fresh `facilitator report network` process in {wall:.2f} s, "
            f"peak memory {command_mb:.0f} MB ({verdict(wall, REPORT_TARGET_S)})"
        )


if __name__ == "__main__":
    main()
