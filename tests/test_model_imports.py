"""``facilitator.model`` imports each record module when one of its names is first asked for."""

from __future__ import annotations

import subprocess
import sys

import pytest

import facilitator.model
from tests.processes import REPO_ROOT


def modules_loaded_by(code: str) -> set[str]:
    """The record modules a fresh interpreter has loaded once it has run ``code``."""
    report = "import sys; print(' '.join(sorted(m for m in sys.modules if m.startswith('facilitator.model.'))))"
    done = subprocess.run(
        [sys.executable, "-c", f"{code}\n{report}"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return {name.removeprefix("facilitator.model.") for name in done.stdout.split()}


@pytest.mark.processes
def test_a_name_loads_its_own_module_only_when_first_asked_for() -> None:
    assert modules_loaded_by("import facilitator.model") == set()
    # The group's record needs its patterns, its agenda template and its problems, and its form the
    # sizes and ranges a record may hold, named by their labels; nothing of meetings.
    assert modules_loaded_by("from facilitator.model import Group") == {
        "group",
        "pattern",
        "agenda",
        "problems",
        "record",
        "sizes",
        "ranges",
        "labels",
    }
    assert modules_loaded_by("from facilitator.cli import main") == {"record"}


@pytest.mark.processes
def test_the_version_is_printed_without_the_record_classes() -> None:
    loaded = modules_loaded_by(
        "from facilitator.cli import main\ntry:\n    main(['--version'])\nexcept SystemExit:\n    pass"
    )
    assert "memo" not in loaded and "meeting" not in loaded


@pytest.mark.parametrize("name", facilitator.model.__all__)
def test_every_name_is_that_of_its_module(name: str) -> None:
    from importlib import import_module

    module = import_module(f"facilitator.model.{facilitator.model._MODULE_OF[name]}")
    assert getattr(facilitator.model, name) is getattr(module, name)
    assert name in dir(facilitator.model)


def test_a_name_the_records_do_not_have_is_refused() -> None:
    with pytest.raises(ImportError, match="Grup"):
        from facilitator.model import Grup  # noqa: F401
