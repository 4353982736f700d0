"""Genuine bundles, sealed or signed with the group's real key, with one record changed in a way no
form would allow (a stolen laptop, a bug, a hand edit), imported into a coordinator's
workspace that holds another group too. Whatever the change, the import never raises; a refused
bundle leaves every byte of the workspace as it was and says why; an imported one leaves a workspace
whose network report and research export (CSV and REFI-QDA project) still run. And what no laptop
of the app could send (a link to or an id of another group's record, usefulness 99, codes that are not
codes, a moment outside 1900–2200, one version of a record twice, counts that do not match) is refused.

The cases are drawn by hypothesis from a fixed seed (``derandomize``): the same every run. The
longer run of the same strategy is ``bench/import_fuzz.py``; see ``tests/import_fuzz_support.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import count
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings

from exports.bundle.importer import ImportStatus
from tests.import_fuzz_strategy import expected_refusal, mutations, named_cases
from tests.import_fuzz_support import FuzzBase, Mutation, check_case, make_fuzz_base, refusal_problem

#: Every case copies the shared workspace and imports once (about 0.1 s; 0.3 s with the outputs
#: when imported): these counts keep the file near 20 s on two workers. No shrinking: a case is one
#: change already, and its repr is the reproduction.
FUZZ_SETTINGS = settings(
    derandomize=True,
    max_examples=40,
    deadline=None,
    database=None,
    phases=(Phase.explicit, Phase.generate),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
#: The suite's bounds on what a case sends (the bench sends texts of 20 MB and 3,000 versions).
SUITE_BOUNDS: dict[str, Any] = {"max_text": 1 << 20, "max_items": 10_000, "max_copies": 50}

_shared: list[FuzzBase] = []


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> FuzzBase:
    """The coordinator's workspace and the genuine bundle, made once per worker (three seconds)."""
    if not _shared:
        _shared.append(make_fuzz_base(tmp_path_factory.mktemp("import-fuzz")))
    return _shared[0]


def run_cases(
    base: FuzzBase, folder: Path, formats: tuple[int, ...], check: Callable[[FuzzBase, Mutation, Path], None]
) -> None:
    """The named changes first (in ``formats``), then those hypothesis draws."""
    numbers = count()

    def case(mutation: Mutation) -> None:
        check(base, mutation, folder / f"case-{next(numbers)}")

    for named in named_cases(base, max_text=SUITE_BOUNDS["max_text"], max_copies=SUITE_BOUNDS["max_copies"]):
        if named.version in formats:
            case = example(named)(case)
    FUZZ_SETTINGS(given(mutations(base, formats=formats, **SUITE_BOUNDS))(case))()


def holds_the_property(base: FuzzBase, mutation: Mutation, folder: Path) -> None:
    folder.mkdir()
    result = check_case(base, mutation, folder)
    assert result.problem is None, f"{mutation!r}: {result.problem}"


def refused_as_it_must_be(base: FuzzBase, mutation: Mutation, folder: Path) -> bool:
    """Whether ``mutation`` is one that must be refused; if so, it is checked to be."""
    reason = expected_refusal(base, mutation)
    if reason is None:
        return False
    folder.mkdir()
    result = check_case(base, mutation, folder, outputs=lambda _workspace, _to: None)
    assert result.problem is None, f"{mutation!r}: {result.problem}"
    assert result.status is ImportStatus.REFUSED, f"{mutation!r}: {reason}, yet {result.status}"
    return True


@pytest.mark.longest
def test_sealed_bundles_with_a_changed_record_are_refused_unchanged_or_leave_outputs_that_run(
    base: FuzzBase, tmp_path: Path
) -> None:
    run_cases(base, tmp_path, (3,), holds_the_property)


@pytest.mark.longest
def test_signed_bundles_with_a_changed_record_are_refused_unchanged_or_leave_outputs_that_run(
    base: FuzzBase, tmp_path: Path
) -> None:
    run_cases(base, tmp_path, (1, 2), holds_the_property)


def test_what_must_be_refused_is_refused(base: FuzzBase, tmp_path: Path) -> None:
    checked: list[Mutation] = []

    def check(base: FuzzBase, mutation: Mutation, folder: Path) -> None:
        if refused_as_it_must_be(base, mutation, folder):
            checked.append(mutation)

    run_cases(base, tmp_path, (3, 2, 1), check)
    # Not passed by checking nothing: every named change that must be refused was tried and was.
    named = named_cases(base, max_text=SUITE_BOUNDS["max_text"], max_copies=SUITE_BOUNDS["max_copies"])
    must = [mutation for mutation in named if expected_refusal(base, mutation) is not None]
    assert must, "the named changes include some that must be refused"
    assert [mutation for mutation in must if mutation not in checked] == [], len(checked)


# -- the property can fail ----------------------------------------------------------------------------


def test_a_refusal_that_changed_a_file_or_says_no_reason_breaks_the_property() -> None:
    before = {"network.json": b"{}"}
    assert refusal_problem("x: refused: bad", "bad", before, before) is None
    assert "changed: ['network.json']" in str(refusal_problem("x", "bad", before, {"network.json": b"{ }"}))
    assert "without a reason" in str(refusal_problem("x: refused: ", " ", before, before))
    assert "not for people" in str(refusal_problem("x", "unexpected error: KeyError('id')", before, before))


def test_an_output_that_fails_on_the_imported_workspace_breaks_the_property(base: FuzzBase, tmp_path: Path) -> None:
    def failing(_workspace: Path, _to: Path) -> None:
        raise OverflowError("date value out of range")

    result = check_case(base, Mutation(version=3), tmp_path, outputs=failing)
    assert result.status is ImportStatus.IMPORTED
    assert result.problem is not None and "OverflowError" in result.problem
