"""Shared fixtures: real workspaces in ``tmp_path``, opened and closed like the app does.

The suite speaks English, whatever the machine's locale, unless ``FACILITATOR_TEST_LANGUAGE``
names another language (``tests/languages`` runs in Finnish and Swedish that way). It is set here,
before any test module imports the screens, whose labels are translated when they are imported.
"""

from __future__ import annotations

import os

from facilitator.i18n import use_language

TEST_LANGUAGE = os.environ.get("FACILITATOR_TEST_LANGUAGE", "en")
os.environ["LANGUAGE"] = TEST_LANGUAGE  # commands run in-process or as processes choose the same
use_language(TEST_LANGUAGE)
#: The translated screens run in a process of their own language (see ``tests/test_languages.py``).
collect_ignore = ["languages"] if TEST_LANGUAGE == "en" else []

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest

from facilitator.demo import generate_network
from storage.repository import Repository
from storage.workspace import Workspace


@pytest.fixture
def workspace_path(tmp_path: Path) -> Path:
    return tmp_path / "workspace"


@pytest.fixture
def repository(workspace_path: Path) -> Iterator[Repository]:
    """An open repository on a fresh workspace, closed (and unlocked) after the test."""
    workspace = Workspace.open(workspace_path)
    try:
        yield Repository(workspace)
    finally:
        workspace.close()


#: The day the demo networks of the tests are generated for, so that they never change.
DEMO_DAY = date(2026, 11, 27)


def demo_clock() -> datetime:
    """Noon of the demo day: the app's clock in tests, so that "today" never moves."""
    return datetime.combine(DEMO_DAY, time(12), timezone.utc)


def make_demo(folder: Path, groups: int = 3, years: int = 2, *, meetings: bool = True) -> None:
    """Write the seeded demo network into a new workspace at ``folder``, as ``facilitator demo`` does.

    Without ``meetings`` the groups have rosters but no meetings yet, as when a network starts.
    """
    network = generate_network(groups=groups, years=years, seed=1, today=DEMO_DAY)
    with Workspace.open(folder, purpose="demo") as workspace:
        if meetings:
            Repository(workspace).add_network(**network.records())
        else:
            Repository(workspace).add_network(network.groups, network.people)


@pytest.fixture
def demo_path(tmp_path: Path) -> Path:
    folder = tmp_path / "demo"
    make_demo(folder)
    return folder


@pytest.fixture
def new_network_path(tmp_path: Path) -> Path:
    """The demo rosters with no meetings planned yet."""
    folder = tmp_path / "new-network"
    make_demo(folder, meetings=False)
    return folder


def reopen(folder: Path) -> Repository:
    """A fresh look at what is on disk (the caller closes ``.workspace``)."""
    return Repository(Workspace.open(folder, purpose="test"))


class MovingClock:
    """A clock the test moves on by hand, so that an agenda item can run over without waiting; with a
    ``tick``, it also moves on by that much at every reading, as real time does between two saves."""

    def __init__(self, start: datetime, tick: timedelta = timedelta(0)) -> None:
        self.moment = start
        self.tick = tick

    def __call__(self) -> datetime:
        self.moment += self.tick
        return self.moment

    def advance(self, **delta: float) -> datetime:
        self.moment += timedelta(**delta)
        return self.moment
