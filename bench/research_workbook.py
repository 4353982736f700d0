"""Research workbook benchmark: the time and peak memory of ``facilitator export research --excel``
(one .xlsx in Finnish) on the full demo network of 13 groups over 20 years, beside the CSV export
of the same records.

Run as ``.venv/bin/python bench/research_workbook.py [--runs N] [--groups G] [--years Y] [--keep DIR]``.
It prints numbers; it is not a test. Target: the workbook's command under 10 s.

How: ``facilitator demo --groups 13 --years 20 --no-open`` makes the network in a temp folder (or in
DIR with ``--keep``, reused by a later run). Then, each in a fresh process, N times (default 3):

- ``facilitator export research --excel --lang fi`` and ``--format csv --lang fi``: the wall clock from
  spawning to exit (the interpreter's start counts), CPU seconds (user and system) and peak resident
  memory (``os.wait4``), the median of the runs;
- a phase inside one process that splits the workbook's time: reading the three tables (the groups'
  files, the consent view: what the CSV does too) and writing the workbook (openpyxl in write-only
  mode, the atomic write), each on the wall clock, with the rows written per sheet.

Exit status 0 whatever the numbers; 1 if the demo or a child fails (its stderr printed).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.children import make_demo, run_child, run_child_usage  # noqa: E402 - the repository is on the path only now

TARGET_SECONDS = 10.0


def command(folder: Path, *arguments: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "facilitator",
        "export",
        "research",
        "--workspace",
        str(folder / "demo"),
        "--to",
        str(folder / "out"),
        "--lang",
        "fi",
        *arguments,
    ]


def split_phase(folder: Path) -> dict[str, object]:
    """Inside this process: the seconds of reading the tables and of writing the workbook."""
    from exports import research
    from exports.files import write_export
    from exports.research_workbook import research_sheets, workbook_writer
    from facilitator.i18n import use_language
    from storage.repository import Repository
    from storage.workspace import Workspace

    use_language("fi")
    with Workspace.open(folder / "demo", purpose="bench") as workspace:
        repository = Repository(workspace)
        started = time.perf_counter()
        rows, interviews, outcomes = research._research_tables(repository, repository.groups(), None, None, None)
        read = time.perf_counter() - started
        started = time.perf_counter()
        sheets = research_sheets(research.COLUMNS, [row.as_json() for row in rows], interviews, outcomes)
        path = write_export(folder / "out" / "split.xlsx", workbook_writer(sheets))
        written = time.perf_counter() - started
    return {
        "read": read,
        "write": written,
        "rows": {sheet.name: len(sheet.rows) for sheet in sheets},
        "megabytes": path.stat().st_size / 1e6,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--groups", type=int, default=13)
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--keep", type=Path, help="make the demo here and leave it (reused when there)")
    parser.add_argument("--phase", choices=("split",), help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.phase == "split":
        print(json.dumps(split_phase(arguments.folder)))
        return 0

    folder = arguments.keep or Path(tempfile.mkdtemp(prefix="research-workbook-"))
    try:
        if not (folder / "demo" / "workspace.json").exists():
            seconds = make_demo(folder / "demo", arguments.groups, arguments.years)
            print(f"demo of {arguments.groups} groups over {arguments.years} years made in {seconds:.1f} s")
        (folder / "out").mkdir(exist_ok=True)
        for name, extra in (("workbook (--excel)", ["--excel"]), ("CSV files (--format csv)", ["--format", "csv"])):
            runs = [run_child_usage(command(folder, *extra)) for _run in range(arguments.runs)]
            wall = statistics.median(run[1] for run in runs)
            cpu = statistics.median(run[2] for run in runs)
            peak = statistics.median(run[3] for run in runs)
            print(f"{name}: {wall:.2f} s wall, {cpu:.2f} s CPU, peak {peak:.0f} MB (median of {arguments.runs})")
            print("   ", " | ".join(runs[0][0].strip().splitlines()[-2:]))
            if extra == ["--excel"]:
                verdict = "within" if wall < TARGET_SECONDS else "OVER"
                print(f"    {verdict} the target of {TARGET_SECONDS:.0f} s")
        output, _wall, peak = run_child([sys.executable, __file__, "--phase", "split", "--folder", str(folder)])
        split = json.loads(output.strip().splitlines()[-1])
        print(
            f"in one process: reading the tables {split['read']:.2f} s, writing the workbook {split['write']:.2f} s "
            f"({split['megabytes']:.1f} MB file; rows {split['rows']}), peak {peak:.0f} MB"
        )
    finally:
        if arguments.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
