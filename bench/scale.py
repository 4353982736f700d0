"""Scale benchmark: the coordinator's work on a network four times today's size, beside today's.

Run as ``.venv/bin/python bench/scale.py [--runs N] [--keep DIR]`` (``make bench``). It prints
numbers; it is not a test. Two networks are made, ``facilitator demo --groups 13 --years 20`` and
``--groups 52 --years 20`` (about 2,400 and 9,600 meetings; the large one takes a minute or two),
and each figure is measured on both in the same run, the sizes taking turns, so that the ratio
large/small compares like with like on a machine whose load changes. Targets, for the large
network, and for every ratio at most 4.5 for four times the data (a figure that grows faster than
the data shows there):

- import: a fresh ``facilitator import`` process with every group's full bundle, into an empty
  coordinator workspace (target 20 s). Setup, not timed: the facilitator's workspace asks for the
  groups' keys, the coordinator's issues them and the facilitator installs them
  (``exports.bundle.keys``), then one full bundle per group for the coordinator (``make_bundle``);
  each run imports into a fresh copy of the coordinator's workspace as it was before any import;
- report: a fresh ``facilitator report network --all`` process on the coordinator's workspace
  the import filled (target 4 s);
- research CSV and JSON lines: fresh ``facilitator export research --format csv`` and
  ``--format jsonl`` processes on it (target 3 s each);
- dashboard: in the real app, headless at 80x24 on the coordinator's workspace, from the ``d`` key
  on the coordinator's home to the first frame of the dashboard that shows every group's row
  (target 2 s);
- history: in the real app on the facilitator's workspace, from opening the history screen of
  the group with the most held meetings to its first frame with every held meeting in the table
  (target 1 s).

Commands are timed on the wall clock from spawning them to their exit (the interpreter's start,
a few tenths of a second, counts at both sizes), with their CPU time (user and system) and peak
memory (``os.wait4``): on a machine shared with other work the wall clock waits for that work too,
the CPU time much less, so the CPU ratio beside the wall one shows growth that load hides. Screens are
timed in a child process that runs the app as the CLI does (``make_app(Workspace.open(folder))``)
with an ``auto_pilot``: it waits until the app's start-up work is done (reading the meetings, the
day's backup), stamps the moment before the key (or the push), and wraps ``app._display``
(private, Textual 8.2: where frames go to the terminal, all laid out and rendered by then) to stamp
the first frame of that screen whose table holds every row, as in ``bench/startup.py``; their
CPU time is the process's (its threads' too) between the two stamps. With
``--runs N`` each figure is the median of N runs. ``--keep DIR`` makes the workspaces and bundles
in DIR and leaves them there, and a later run with the same DIR reuses them (making the large
network is slow); by default all is made afresh in a temporary folder.

Exit status 0 whatever the numbers; 1 if a command or a child fails (its output is printed).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.children import run_child, run_child_usage  # noqa: E402 - the repository is on the path only now

SIZES = {"13x20": 13, "52x20": 52}
YEARS = 20
SMALL, LARGE = SIZES
RATIO_TARGET = 4.5
#: Seconds, for the large network.
TARGETS = {
    "import": 20.0,
    "report": 4.0,
    "research CSV": 3.0,
    "research JSON lines": 3.0,
    "dashboard": 2.0,
    "history": 1.0,
}
FRAME_TIMEOUT = 300


# -- the workspaces ------------------------------------------------------------------------------


def command(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "facilitator", *arguments]


def prepare(folder: Path, groups: int) -> None:
    """The facilitator's demo network, the coordinator's workspace with the groups' keys issued
    (``coordinator-empty``, never imported into) and every group's full bundle; kept if made."""
    if (folder / "ready").exists():
        return
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    start = time.perf_counter()
    run_child(
        command(
            "demo",
            "--workspace",
            str(folder / "facilitator"),
            "--groups",
            str(groups),
            "--years",
            str(YEARS),
            "--no-open",
        )
    )
    made = time.perf_counter() - start
    output, _wall, _peak = run_child([sys.executable, __file__, "--phase", "bundles", "--folder", str(folder)])
    print(f"{folder.name}: demo network made in {made:.1f} s; {output.strip().splitlines()[-1]}", flush=True)
    (folder / "ready").touch()


def make_bundles(folder: Path) -> str:
    """Keys shared as ``facilitator key request / issue / install`` share them, then one full
    bundle per group for the coordinator, as ``facilitator export bundle --full`` writes it."""
    from exports.bundle.format import Audience
    from exports.bundle.keys import install_keys, issue_keys, read_key_request, write_key_request
    from exports.bundle.writer import make_bundle
    from storage.repository import Repository
    from storage.workspace import Workspace, WorkspaceRole

    keys, bundles = folder / "keys", folder / "bundles"
    keys.mkdir()
    bundles.mkdir()
    start = time.perf_counter()
    with Workspace.open(folder / "facilitator") as workspace:
        facilitator = Repository(workspace)
        request = write_key_request(facilitator, facilitator.groups(), keys)
        with Workspace.open(folder / "coordinator-empty", role=WorkspaceRole.COORDINATOR) as coordinator:
            issued = issue_keys(Repository(coordinator), read_key_request(request), keys)
        install_keys(facilitator, issued.path, issued.passphrase)
        facilitator.load_all()
        for group in facilitator.groups():
            make_bundle(facilitator, [group], full=True, audience=Audience.COORDINATOR, to=bundles)
    size = sum(path.stat().st_size for path in bundles.iterdir()) / 1e6
    return f"{len(list(bundles.iterdir()))} full bundles ({size:.0f} MB) made in {time.perf_counter() - start:.1f} s"


# -- the measures --------------------------------------------------------------------------------


#: What one run of a measure gives: wall seconds, CPU seconds and peak memory (MB).
Measured = tuple[float, float, float]


def timed_command(arguments: list[str]) -> Measured:
    """Wall seconds, CPU seconds and peak memory of a fresh ``facilitator`` process."""
    _output, wall, cpu, peak = run_child_usage(command(*arguments))
    return wall, cpu, peak


def measure_import(folder: Path) -> Measured:
    coordinator = folder / "coordinator"
    shutil.rmtree(coordinator, ignore_errors=True)
    shutil.copytree(folder / "coordinator-empty", coordinator)
    bundles = sorted(str(path) for path in (folder / "bundles").glob("*.mebundle"))
    return timed_command(["import", "--workspace", str(coordinator), *bundles])


def measure_report(folder: Path) -> Measured:
    return timed_command(
        ["report", "network", "--all", "--workspace", str(folder / "coordinator"), "--to", str(folder / "out")]
    )


def measure_research(file_format: str) -> Callable[[Path], Measured]:
    def measure(folder: Path) -> Measured:
        return timed_command(
            [
                "export",
                "research",
                "--format",
                file_format,
                "--workspace",
                str(folder / "coordinator"),
                "--to",
                str(folder / "out"),
            ]
        )

    return measure


def measure_screen(name: str) -> Callable[[Path], Measured]:
    def measure(folder: Path) -> Measured:
        output, _wall, peak = run_child([sys.executable, __file__, "--phase", name, "--folder", str(folder)])
        figures = json.loads(output.strip().splitlines()[-1])
        return figures["seconds"], figures["cpu"], peak

    return measure


MEASURES: dict[str, Callable[[Path], Measured]] = {
    "import": measure_import,
    "report": measure_report,
    "research CSV": measure_research("csv"),
    "research JSON lines": measure_research("jsonl"),
    "dashboard": measure_screen("dashboard"),
    "history": measure_screen("history"),
}


def first_frame(name: str, folder: Path) -> dict[str, float]:
    """In a child: seconds from opening the screen ``name`` to its first frame with every row."""
    from facilitator.app import make_app
    from facilitator.model import MeetingStatus
    from storage.workspace import Workspace

    workspace = folder / ("coordinator" if name == "dashboard" else "facilitator")
    app = make_app(Workspace.open(workspace, purpose="app"))
    repository = app.repository
    stamps: dict[str, float] = {}
    expected: dict[str, int] = {}
    painted = asyncio.Event()

    def shows_every_row(screen: object) -> bool:
        if name == "dashboard":
            if type(screen).__name__ != "NetworkDashboardScreen" or screen.overview is None:  # type: ignore[attr-defined]
                return False
            return screen.query_one("#dashboard-groups").row_count == expected["rows"]  # type: ignore[attr-defined]
        if type(screen).__name__ != "HistoryScreen" or screen.history is None:  # type: ignore[attr-defined]
            return False
        return screen.query_one("#history-meetings").row_count == expected["rows"]  # type: ignore[attr-defined]

    display = app._display

    def display_and_stamp(screen, update):  # type: ignore[no-untyped-def]
        if (
            "opened" in stamps
            and "painted" not in stamps
            and update is not None
            and not app._batch_count
            and shows_every_row(screen)
        ):
            stamps["painted"], stamps["painted_cpu"] = time.perf_counter(), time.process_time()
            painted.set()
        return display(screen, update)

    app._display = display_and_stamp  # type: ignore[method-assign]

    async def pilot_run(pilot) -> None:  # type: ignore[no-untyped-def]
        while not any(worker.group == "startup" for worker in app.workers):
            await pilot.pause(0.05)  # the start-up work begins after the first frame
        await app.workers.wait_for_complete()
        await pilot.pause()
        groups = repository.groups()
        if name == "dashboard":
            expected["rows"] = len(groups)
            stamps["opened"], stamps["opened_cpu"] = time.perf_counter(), time.process_time()
            await pilot.press("d")
        else:
            from screens.history import HistoryScreen

            held = {
                group.id: sum(meeting.status is MeetingStatus.HELD for meeting in repository.meetings(group.id))
                for group in groups
            }
            group = max(groups, key=lambda group: held[group.id])
            expected["rows"] = held[group.id]
            stamps["opened"], stamps["opened_cpu"] = time.perf_counter(), time.process_time()
            await app.push_screen(HistoryScreen(repository, group))
        await asyncio.wait_for(painted.wait(), timeout=FRAME_TIMEOUT)
        await pilot.pause()
        app.exit()

    app.run(headless=True, size=(80, 24), auto_pilot=pilot_run)
    if "painted" not in stamps:
        raise SystemExit(f"no frame of the {name} screen showed its {expected.get('rows')} rows")
    return {
        "seconds": stamps["painted"] - stamps["opened"],
        "cpu": stamps["painted_cpu"] - stamps["opened_cpu"],
        "rows": expected["rows"],
    }


# -- the run -------------------------------------------------------------------------------------


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--runs", type=int, default=3, help="runs of each figure at each size; the median is shown (default 3)"
    )
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="DIR",
        help="make the workspaces in DIR and keep them; reuse those a previous run made there",
    )
    parser.add_argument("--phase", choices=("bundles", "dashboard", "history"), help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.phase == "bundles":
        print(make_bundles(arguments.folder))
        return 0
    if arguments.phase:
        print(json.dumps(first_frame(arguments.phase, arguments.folder)))
        return 0
    runs = max(1, arguments.runs)
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as temporary:
        root = (arguments.keep or Path(temporary)).absolute()
        print(f"load average at start: {load()}", flush=True)
        for size, groups in SIZES.items():
            prepare(root / size, groups)
            (root / size / "out").mkdir(exist_ok=True)
        wall: dict[tuple[str, str], list[float]] = {}
        cpu: dict[tuple[str, str], list[float]] = {}
        memory: dict[tuple[str, str], float] = {}
        for _run in range(runs):
            for measure_name, measure in MEASURES.items():
                for size in SIZES:
                    taken, used, peak = measure(root / size)
                    wall.setdefault((measure_name, size), []).append(taken)
                    cpu.setdefault((measure_name, size), []).append(used)
                    memory[measure_name, size] = max(memory.get((measure_name, size), 0.0), peak)
    print(f"\n{runs} run(s) of each, the median; seconds on the wall clock (CPU seconds), {sys.executable}")
    print(f"{'':<20} {SMALL:>14} {LARGE:>14} {'peak MB':>13} {'target':>7} {'ratio':>13}  verdict")
    for measure_name in MEASURES:
        small, large = (statistics.median(wall[measure_name, size]) for size in SIZES)
        small_cpu, large_cpu = (statistics.median(cpu[measure_name, size]) for size in SIZES)
        ratio = large / small
        target = TARGETS[measure_name]
        verdict = "OK" if large <= target and ratio <= RATIO_TARGET else "OVER TARGET"
        print(
            f"{measure_name:<20} {small:>6.2f} ({small_cpu:>5.2f}) {large:>6.2f} ({large_cpu:>5.2f}) "
            f"{memory[measure_name, SMALL]:>6.0f} {memory[measure_name, LARGE]:>6.0f} {target:>6.0f}s "
            f"{ratio:>5.2f} ({large_cpu / small_cpu:>5.2f})  {verdict}"
        )
    print(
        f"(targets on the wall clock, for {LARGE}; ratio = {LARGE} / {SMALL}, at most {RATIO_TARGET}; "
        f"peak memory at {SMALL} and {LARGE}; load average at end: {load()})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
