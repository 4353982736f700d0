"""Search benchmark: the memo entries of the 13 groups × 20 years network searched, as ``/`` on the
coordinator's analysis and on a group's history, and ``facilitator search``, do.

Run as ``.venv/bin/python bench/search.py [--runs N] [--keep DIR]`` (``make bench``). It prints
numbers; it is not a test. Targets: the first query, reading the entries and building the index
included, under 1 s; each later query under 100 ms (the median of each query's runs).

Two networks: the demo as ``facilitator demo --groups 13 --years 20`` makes it, whose meetings have
their memo for the last five years only, and the same network with a memo for every meeting of the
twenty years (``generate_network(detailed_years=20)``), four times the entries: the size to which a
network's memos grow. Each is made in a temporary folder (``--keep DIR``: in DIR, and a workspace a
previous run left there is used again). Then, for each, a fresh child process, so that nothing is
read or imported before it starts: it opens the workspace for reading (as the command does), reads
every group's memo entries (``storage.memo_search.read_searchable_entries``), builds the index
(``facilitator.search.MemoSearch``) and answers the first query; then each of the later queries
(words, prefixes, accents typed and left out, several words, a one-letter prefix that finds most
entries) ``--runs`` times, each timed with the newest 200 found entries and their highlights, as the
search screen lists them. Last, a whole ``facilitator search`` process, interpreter start to exit,
for what a script waits (no target: most of it is Python's start and the imports).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.children import add_demo_network, make_demo, run_child  # noqa: E402 - the repository is on the path only now

GROUPS, YEARS = 13, 20
FIRST_TARGET_S = 1.0
LATER_TARGET_MS = 100.0
#: As many as the search screen lists.
SHOWN = 200
FIRST_QUERY = "bookkeeping"
LATER_QUERIES = (
    "suppl",  # a prefix (supplier, supplies)
    "vat thresh",  # two words, the second a prefix
    "valkeapaa",  # typed without the accents of Valkeapää
    "VALKEAPÄÄ",  # with them, in capitals
    "kemppainen oy",
    "partner",
    "packag walk",  # a prefix and a word that are seldom in one entry
    "t",  # one letter: most entries, the most words to join
    "the a",
    "zzyzx",  # nothing
)


def phase(folder: Path, runs: int) -> dict[str, object]:
    """In the child: the first query from nothing, then the later ones."""
    from facilitator.search import MemoSearch
    from storage.memo_search import read_searchable_entries
    from storage.reading import read_workspace

    start = time.perf_counter()
    entries = read_workspace(folder, read_searchable_entries)
    read = time.perf_counter() - start
    index = MemoSearch(entries)
    built = time.perf_counter() - start
    first = index.search(FIRST_QUERY, limit=SHOWN)
    answered = time.perf_counter() - start
    later: dict[str, tuple[float, int]] = {}
    for query in LATER_QUERIES:
        times = []
        for _run in range(runs):
            began = time.perf_counter()
            result = index.search(query, limit=SHOWN)
            times.append(time.perf_counter() - began)
        later[query] = (statistics.median(times) * 1000, result.total)
    return {
        "entries": len(entries),
        "read": read,
        "build": built - read,
        "first": answered,
        "first_found": first.total,
        "later": later,
    }


def verdict(value: float, target: float) -> str:
    return "OK" if value < target else "OVER TARGET"


def make_detailed(folder: Path) -> None:
    """In the child: the demo network with a memo for every meeting of its years."""
    add_demo_network(folder, purpose="demo", groups=GROUPS, years=YEARS, detailed_years=YEARS)


def measure(name: str, workspace: Path, make: Callable[[Path], float], runs: int) -> None:
    """Make (or reuse) the network ``name`` in ``workspace``, then time its searches and print them."""
    if (workspace / "workspace.json").exists():
        print(f"{name}: reused from {workspace}")
    else:
        print(f"{name}: made in {make(workspace):.1f} s")
    child = [sys.executable, __file__, "--phase", "--runs", str(runs), "--folder", str(workspace)]
    output, _wall, peak_mb = run_child(child)
    numbers = json.loads(output.strip().splitlines()[-1])
    first = float(numbers["first"])
    print(
        f"first query:  {first * 1000:.0f} ms for “{FIRST_QUERY}” ({numbers['first_found']} found): reading "
        f"{numbers['entries']} memo entries {float(numbers['read']) * 1000:.0f} ms, building the index "
        f"{float(numbers['build']) * 1000:.0f} ms; peak memory {peak_mb:.0f} MB "
        f"(target < {FIRST_TARGET_S:.0f} s: {verdict(first, FIRST_TARGET_S)})"
    )
    later: dict[str, list[float]] = numbers["later"]  # type: ignore[assignment]
    for query, (milliseconds, found) in later.items():
        print(f"  {query!r:<16} {milliseconds:7.2f} ms, {found:.0f} found")
    slowest = max(milliseconds for milliseconds, _found in later.values())
    middle = statistics.median(milliseconds for milliseconds, _found in later.values())
    print(
        f"later queries: median {middle:.2f} ms, slowest {slowest:.2f} ms (medians of {runs} runs each; "
        f"target < {LATER_TARGET_MS:.0f} ms: {verdict(slowest, LATER_TARGET_MS)})"
    )
    command = [sys.executable, "-m", "facilitator", "search", *FIRST_QUERY.split(), "--workspace", str(workspace)]
    _output, wall, command_mb = run_child(command)
    print(
        f"command: a fresh `facilitator search {FIRST_QUERY}` process in {wall:.2f} s, peak memory {command_mb:.0f} MB"
    )


def made_in_child(folder: Path) -> float:
    """Make the detailed network in a child process; the seconds it took."""
    started = time.perf_counter()
    run_child([sys.executable, __file__, "--make-detailed", "--folder", str(folder)])
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="timed runs of each later query (default 20)")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="make the workspaces in DIR, or reuse those there")
    parser.add_argument("--phase", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--make-detailed", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.phase:
        print(json.dumps(phase(arguments.folder, arguments.runs)))
        return
    if arguments.make_detailed:
        make_detailed(arguments.folder)
        return
    with tempfile.TemporaryDirectory(prefix="bench-search-") as temporary:
        folder = (arguments.keep or Path(temporary)).absolute()
        measure(
            f"the demo network of {GROUPS} groups × {YEARS} years (memos for the last 5 years)",
            folder / "workspace",
            lambda workspace: make_demo(workspace, GROUPS, YEARS),
            arguments.runs,
        )
        print()
        measure(
            f"the same network with memos for all {YEARS} years",
            folder / "detailed",
            made_in_child,
            arguments.runs,
        )


if __name__ == "__main__":
    main()
