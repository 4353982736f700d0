"""The import fuzzer's longer run: the strategy of ``tests/test_import_fuzz.py`` with many
more cases and its full sizes (texts of 20 MB, lists of 100,000, 3,000 versions of one record).

The named changes a broken or stolen laptop could send come first
(:func:`tests.import_fuzz_strategy.named_cases`), then
``--cases`` drawn ones. Each case changes one record (or the counts) of a genuine bundle, seals or
signs it with the group's key, and imports it into a fresh copy of a coordinator's workspace that
holds another group too (see ``tests/import_fuzz_support.py``). Printed: cases per second, how many
were imported and refused, the worst time of one import, the worst memory of one import (the peak
of the Python heap that tracemalloc sees, measured on every ``--memory-every``-th case and on every
case sending a big text, list or many copies), imports slower than 2 s (the bound for
3,000 versions), every case that broke the property (with its reproduction: format, record kind
and index, field, value), and the changes that must be refused that were imported anyway. A
case that runs longer than ``--case-timeout`` is stopped and listed.

    .venv/bin/python bench/import_fuzz.py [--cases 2000] [--seed 24]
"""

from __future__ import annotations

import argparse
import shutil
import signal
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402 - the repository is on the path only now

from tests.import_fuzz_strategy import expected_refusal, mutations, named_cases  # noqa: E402
from tests.import_fuzz_support import CaseResult, FuzzBase, Mutation, check_case, make_fuzz_base  # noqa: E402

#: The bound on one import (3,000 versions of one record imported or refused in under 2 s).
SLOW_SECONDS = 2.0


class CaseTimeout(BaseException):
    """Raised into a case that ran too long (a BaseException: no ``except Exception`` swallows it)."""


def _stop(_signal: int, _frame: FrameType | None) -> None:
    raise CaseTimeout


class Run:
    """The cases run so far and what they showed."""

    def __init__(self, base: FuzzBase, folder: Path, memory_every: int, timeout: float) -> None:
        self.base, self.folder, self.memory_every, self.timeout = base, folder, memory_every, timeout
        self.results: list[CaseResult] = []
        self.memory: list[tuple[int, Mutation]] = []
        self._peak: int | None = None
        self.not_refused: list[tuple[str, Mutation]] = []
        self.timeouts: list[Mutation] = []

    def case(self, mutation: Mutation) -> None:
        number = len(self.results) + len(self.timeouts)
        folder = self.folder / f"case-{number}"
        folder.mkdir()
        big = any(word in repr(mutation) for word in ("a text of", "a list of", "versions", "copies"))
        measure = self._traced if big or number % self.memory_every == 0 else None
        self._peak = None
        signal.setitimer(signal.ITIMER_REAL, self.timeout)
        try:
            result = check_case(self.base, mutation, folder, measure=measure)
        except CaseTimeout:
            self.timeouts.append(mutation)
            return
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            tracemalloc.stop()
            shutil.rmtree(folder, ignore_errors=True)
        if self._peak is not None:
            self.memory.append((self._peak, mutation))
        self.results.append(result)
        reason = expected_refusal(self.base, mutation)
        if reason is not None and result.status is not None and result.status.value != "refused":
            self.not_refused.append((reason, mutation))

    def _traced(self, run: Callable[[], Any]) -> Any:
        tracemalloc.start()
        try:
            value = run()
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        self._peak = peak
        return value


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=24)
    parser.add_argument("--max-text", type=int, default=20 << 20, help="the longest text a case sends (characters)")
    parser.add_argument("--max-items", type=int, default=100_000, help="the longest list a case sends")
    parser.add_argument("--max-copies", type=int, default=3000, help="the most versions of one record a case sends")
    parser.add_argument("--memory-every", type=int, default=10, help="trace the memory of every n-th import")
    parser.add_argument("--case-timeout", type=float, default=60.0, help="seconds after which a case is stopped")
    arguments = parser.parse_args()
    signal.signal(signal.SIGALRM, _stop)
    with tempfile.TemporaryDirectory(prefix="import-fuzz-") as temporary:
        root = Path(temporary)
        base = make_fuzz_base(root / "base")
        (root / "cases").mkdir()
        run = Run(base, root / "cases", arguments.memory_every, arguments.case_timeout)
        strategy = mutations(
            base, max_text=arguments.max_text, max_items=arguments.max_items, max_copies=arguments.max_copies
        )

        @seed(arguments.seed)
        @settings(
            max_examples=arguments.cases,
            deadline=None,
            database=None,
            phases=(Phase.generate,),
            suppress_health_check=list(HealthCheck),
        )
        @given(strategy)
        def fuzz(mutation: Mutation) -> None:
            run.case(mutation)

        started = time.perf_counter()
        for named in named_cases(base, max_text=arguments.max_text, max_copies=arguments.max_copies):
            run.case(named)
        fuzz()
        elapsed = time.perf_counter() - started
    report(run, elapsed)
    return 1 if any(result.problem for result in run.results) or run.timeouts else 0


def report(run: Run, elapsed: float) -> None:
    results = run.results
    cases = len(results) + len(run.timeouts)
    statuses = Counter(result.status.value if result.status else "raised" for result in results)
    print(f"{cases} cases in {elapsed:.1f} s: {cases / elapsed:.1f} cases per second")
    print("outcomes: " + ", ".join(f"{count} {status}" for status, count in statuses.most_common()))
    if results:
        worst = max(results, key=lambda result: result.seconds)
        print(f"worst time of one import: {worst.seconds:.3f} s ({worst.mutation!r})")
        outputs = max(results, key=lambda result: result.outputs_seconds)
        print(f"worst time of the outputs after one import: {outputs.outputs_seconds:.3f} s ({outputs.mutation!r})")
    if run.memory:
        peak, mutation = max(run.memory, key=lambda measured: measured[0])
        print(
            f"worst memory of one import: {peak / (1 << 20):.1f} MB traced peak "
            f"({mutation!r}; {len(run.memory)} imports traced)"
        )
    slow = [result for result in results if result.seconds > SLOW_SECONDS]
    print(f"imports slower than {SLOW_SECONDS:g} s: {len(slow)}")
    for result in sorted(slow, key=lambda result: -result.seconds)[:10]:
        print(f"  {result.seconds:.1f} s: {result.mutation!r}")
    print(f"cases stopped after {run.timeout:g} s: {len(run.timeouts)}")
    for mutation in run.timeouts[:10]:
        print(f"  {mutation!r}")
    broken = [result for result in results if result.problem]
    print(f"cases that broke the property: {len(broken)}")
    for problem, example in _grouped((result.problem or "", result.mutation) for result in broken):
        print(f"  {example!r}\n    {problem}")
    print(f"imported although they must be refused: {len(run.not_refused)}")
    for reason, example in _grouped(run.not_refused):
        print(f"  {example!r}\n    ({reason})")


def _grouped(found: Any) -> list[tuple[str, Mutation]]:
    """One example per kind of record, field and first line of the problem."""
    seen: dict[tuple[str, str, str], tuple[str, Mutation]] = {}
    for problem, mutation in found:
        headline = problem.strip().splitlines()[0][:160] if problem.strip() else ""
        last = problem.strip().splitlines()[-1][:200] if problem.strip() else ""
        key = (mutation.kind, mutation.path, last or headline)
        seen.setdefault(key, (f"{headline} … {last}" if last != headline else headline, mutation))
    return list(seen.values())


if __name__ == "__main__":
    sys.exit(main())
