"""Startup benchmark: time from process start to the first painted frame of the home screen.

Run as ``.venv/bin/python bench/startup.py [--runs N]`` (``make bench``). It prints numbers; it
is not a test. Three cases are measured in the same run:

* ``bare Textual app``: an ``App`` with one ``Label`` (the baseline: Python + Textual alone);
* ``empty workspace``: the app on a workspace without groups;
* ``demo 13x20``: the app on ``facilitator demo --groups 13 --years 20`` (made in a temp dir).

How: every run is a fresh ``sys.executable -c CODE`` child; the parent's ``time.time()`` from
just before ``Popen`` is passed in ``$BENCH_T0``, so interpreter start-up and imports count. The
app's child runs the command itself, ``facilitator.cli.main(["--workspace", folder])`` (its
imports, the parser, the language, opening the workspace, ``make_app``), with the app it makes
run headless at 80x24 with an ``auto_pilot``; the bare app runs so too. "First frame" is the
first compositor update of the expected screen (``HomeScreen``; the bare app's default
``Screen``) handed to ``App._display``, where frames go to the terminal: all is laid out and
rendered by then, headless skips only the write.
The child wraps ``app._display`` (private, Textual 8.2) to stamp that moment and to read what the
frame shows: the rows of ``#groups`` (0 or 13) or the bare Label, so an empty or half-mounted
screen cannot pass. The pilot waits for the stamp, awaits ``pilot.pause()`` and exits. Rejected:
stamping after ``pilot.pause()`` (it sleeps >= 20 ms until the CPU idles, adding that and the
work after the first frame, e.g. footer recomposes) and ``screen.call_after_refresh`` (runs only
once no repaint is pending, after the follow-up frames).

One warm-up round (not counted) creates the empty workspace and warms the OS and .pyc caches
(the children's bytecode is kept in the bench's temp dir, see :func:`time_child`); then the
cases run in turn, round after round, one process at a time (the workspace lock allows one
opener). The last line compares the demo's median with the bare app's against TARGET_RATIO.
Exit status 0 whatever the numbers; 1 if a child fails (its stderr is printed).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.children import fail, make_demo  # noqa: E402 - the repository is on the path only now

T0_VARIABLE = "BENCH_T0"
TARGET_RATIO = 1.2
CHILD_TIMEOUT = 120

PILOT = """
import asyncio, os, time
t0 = float(os.environ["BENCH_T0"])
painted, first_paint = asyncio.Event(), []
def watch(app):
    display = app._display
    def display_and_stamp(screen, update):
        if (not first_paint and update is not None and not app._batch_count
                and type(screen).__name__ == EXPECTED_SCREEN):
            first_paint.append((time.time(), shown(screen)))
            painted.set()
        return display(screen, update)
    app._display = display_and_stamp
    async def first_frame(pilot):
        await asyncio.wait_for(painted.wait(), timeout=60)
        await pilot.pause()
        pilot.app.exit()
    run = app.run
    app.run = lambda: run(headless=True, size=(80, 24), auto_pilot=first_frame)
def report():
    assert first_paint, f"no frame of the {EXPECTED_SCREEN} was painted"
    stamp, content = first_paint[0]
    assert content == EXPECTED, f"the first frame showed {content!r}, expected {EXPECTED!r}"
    print(stamp - t0)
"""

BARE_CHILD = """
from textual.app import App
from textual.widgets import Label
class BareApp(App):
    def compose(self):
        yield Label("Hello", id="hello")
EXPECTED_SCREEN, EXPECTED = "Screen", "Hello"
def shown(screen):
    return str(screen.query_one("#hello").render())
app = BareApp()
watch(app)
app.run()
report()
"""

APP_CHILD = """
import facilitator.app
EXPECTED_SCREEN, EXPECTED = "HomeScreen", {rows}
def shown(screen):
    return screen.query_one("#groups").row_count
made = facilitator.app.make_app
def make_and_watch(*arguments, **options):
    app = made(*arguments, **options)
    watch(app)
    return app
facilitator.app.make_app = make_and_watch
from facilitator.cli import main
main(["--workspace", {folder!r}])
report()
"""


def time_child(name: str, code: str, bytecode: Path) -> float:
    """Seconds from just before spawning the child to its first frame, as the child reports.

    The children keep the bytecode they compile in ``bytecode`` and read it back, as every
    installed copy does with its .pyc files: PYTHONDONTWRITEBYTECODE (set in some shells) would
    otherwise have each child compile the app's modules anew while Textual's come precompiled.
    """
    environment = dict(os.environ)
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    environment["PYTHONPYCACHEPREFIX"] = str(bytecode)
    environment[T0_VARIABLE] = repr(time.time())
    child = subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        stdout, stderr = child.communicate(timeout=CHILD_TIMEOUT)
    except subprocess.TimeoutExpired:
        child.kill()
        stdout, stderr = child.communicate()
        stderr += f"\n(timed out after {CHILD_TIMEOUT} s)"
    if child.returncode != 0:
        fail(f"{name} (exit status {child.returncode})", stderr)
    return float(stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per case (default 7)")
    runs = max(1, parser.parse_args().runs)
    with tempfile.TemporaryDirectory(prefix="facilitator-bench-") as temp:
        empty, demo = Path(temp, "empty"), Path(temp, "demo")
        make_demo(demo, 13, 20)
        cases = {
            "bare Textual app": PILOT + BARE_CHILD,
            "empty workspace": PILOT + APP_CHILD.format(folder=str(empty), rows=0),
            "demo 13x20": PILOT + APP_CHILD.format(folder=str(demo), rows=13),
        }
        timings: dict[str, list[float]] = {name: [] for name in cases}
        for round_number in range(runs + 1):  # round 0 is the warm-up
            for name, code in cases.items():
                seconds = time_child(name, code, Path(temp, "bytecode"))
                if round_number:
                    timings[name].append(seconds * 1000)
    bare = statistics.median(timings["bare Textual app"])
    print(f"time to first frame, {runs} runs per case, {sys.executable}")
    print(f"{'case':<18} {'median':>8} {'min':>8} {'max':>8} {'x bare':>7}")
    for name, values in timings.items():
        median = statistics.median(values)
        print(f"{name:<18} {median:>8.1f} {min(values):>8.1f} {max(values):>8.1f} {median / bare:>7.2f}")
    print("(milliseconds; x bare = median / median of the bare Textual app)")
    ratio = statistics.median(timings["demo 13x20"]) / bare
    verdict = "PASS" if ratio <= TARGET_RATIO else "FAIL"
    print(f"target: demo 13x20 at most {TARGET_RATIO:.2f}x the bare Textual app: it is {ratio:.2f}x, {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
