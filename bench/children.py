"""Running a benchmark phase in a fresh interpreter, so that its time and peak memory are its own;
and the other processes the benchmarks start: ``facilitator demo``, which makes their workspaces."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_child(command: list[str]) -> tuple[str, float, float]:
    """Run ``command`` in a fresh process; its output, wall seconds and peak memory in MB (the
    child's maximum resident set size, from ``os.wait4``). A failing child ends the benchmark."""
    output, wall, _cpu, peak_mb = run_child_usage(command)
    return output, wall, peak_mb


def run_child_usage(command: list[str]) -> tuple[str, float, float, float]:
    """As :func:`run_child`, with the child's CPU seconds (user and system) after its wall
    seconds: on a machine shared with other work the wall clock waits for them, the CPU time less."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    output, errors = child.stdout.read(), child.stderr.read()  # type: ignore[union-attr]
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        fail(" ".join(command), errors + output)
    peak_mb = usage.ru_maxrss / 1024 if sys.platform != "darwin" else usage.ru_maxrss / (1 << 20)
    return output, wall, usage.ru_utime + usage.ru_stime, peak_mb


def run_phase(script: str, name: str, folder: Path) -> tuple[dict, float]:
    """Run ``script --phase name --folder folder``; the numbers it printed (JSON, last line) and
    its peak memory in MB."""
    output, _wall, peak_mb = run_child([sys.executable, script, "--phase", name, "--folder", str(folder)])
    return json.loads(output.strip().splitlines()[-1]), peak_mb


def make_demo(folder: Path, groups: int | None = None, years: int | None = None, timeout: float | None = None) -> float:
    """Make the demo network in ``folder`` with ``facilitator demo`` (of ``groups`` groups over
    ``years`` years, or the command's default); the seconds it took. A failing command ends the
    benchmark."""
    size = [*(["--groups", str(groups)] if groups else []), *(["--years", str(years)] if years else [])]
    command = [sys.executable, "-m", "facilitator", "demo", "--workspace", str(folder), *size, "--no-open"]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        fail("facilitator demo", done.stderr)
    return time.perf_counter() - started


def add_demo_network(folder: Path, *, purpose: str = "app", **sizes: int) -> None:
    """Make the demo network (``generate_network`` with ``sizes``: groups, years, seed,
    detailed_years) in the workspace at ``folder``, on the demo's day as ``facilitator demo`` takes
    it: the sizes the command does not offer, made in this process."""
    from facilitator.demo import generate_network
    from facilitator.model.group import DEFAULT_TIME_ZONE
    from storage.repository import Repository
    from storage.workspace import Workspace

    with Workspace.open(folder, purpose=purpose) as workspace:
        repository = Repository(workspace)
        network = generate_network(today=repository.today(DEFAULT_TIME_ZONE), **sizes)
        repository.add_network(**network.records())


def fail(what: str, stderr: str) -> None:
    """End the benchmark: ``what`` failed, and why."""
    print(f"{what} failed:\n{stderr}", file=sys.stderr)
    sys.exit(1)
