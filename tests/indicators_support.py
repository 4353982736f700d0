"""What the tests of the funder's indicators share: a two-group demo of two years, opened."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from storage.repository import Repository
from storage.workspace import Workspace
from tests.conftest import demo_clock, make_demo


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Repository]:
    folder = tmp_path / "demo"
    make_demo(folder, groups=2, years=2)
    workspace = Workspace.open(folder, purpose="test")
    repository = Repository(workspace, demo_clock)
    repository.load_all()
    try:
        yield repository
    finally:
        workspace.close()
