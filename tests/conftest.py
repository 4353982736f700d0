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

# ruff: noqa: E402 - the language is chosen above, before the app's modules are imported
import shutil
import subprocess
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import NoReturn

import pytest
from textual.app import App

from facilitator.cli.demo import write_demo_sounds
from facilitator.demo import generate_network
from storage.repository import Repository
from storage.workspace import Workspace

#: The recording's tests take their own sound server from here (it starts only when a test asks for it).
pytest_plugins = ["tests.sound_server"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests marked ``longest`` first: the workers of ``pytest -n --maxschedchunk=1`` take the
    tests one by one, so the long ones start early, side by side, and the short ones fill the time
    around them; the run does not end with one long test alone. (In chunks, xdist's default, one
    worker would take the long tests all.)"""
    items.sort(key=lambda item: item.get_closest_marker("longest") is None)


#: What a test starts only when it is marked so (markers in pyproject.toml): ``make test-fast`` runs
#: the tests that are marked neither ``app`` nor ``processes``.
STARTED_BY_MARKED_TESTS = {
    "app": ("the Textual app", [(App, "run_test"), (App, "run_async")]),  # run_async: app.run, snapshots
    "processes": ("a process", [(subprocess.Popen, "__init__")]),  # subprocess.run, tests.processes, tmux
}


@pytest.fixture(autouse=True)
def _starts_only_what_it_is_marked_for(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """A test that starts the app or a process without its marker fails at once, naming the marker:
    no test falls into the wrong set of ``make test-fast`` unseen."""
    for marker, (what, starts) in STARTED_BY_MARKED_TESTS.items():
        if request.node.get_closest_marker(marker) is None:
            for owner, name in starts:
                monkeypatch.setattr(owner, name, _refusal(f"this test starts {what}: mark it @pytest.mark.{marker}"))


def _refusal(message: str) -> Callable[..., NoReturn]:
    def refuse(*_arguments: object, **_keywords: object) -> NoReturn:
        pytest.fail(message, pytrace=False)

    return refuse


def use_documents(monkeypatch: pytest.MonkeyPatch, folder: Path, configuration: Path) -> None:
    """Make ``folder`` the user's Documents folder for platformdirs, through the environment, so that
    the commands a test runs as processes find it too.

    platformdirs reads ``XDG_DOCUMENTS_DIR`` first on Linux and macOS, and ``user-dirs.dirs`` in
    ``XDG_CONFIG_HOME`` after it (before it in its earlier versions, which the project allows); the
    file must be the user's own and writable by nobody else, or platformdirs does not trust it.
    On Windows it reads ``WIN_PD_OVERRIDE_PERSONAL`` first. Nothing of the app's lies in the
    configuration folder (the workspace is in the data folder, the compiled catalogues in the cache).
    """
    user_dirs = configuration / "user-dirs.dirs"
    user_dirs.write_text(f'XDG_DOCUMENTS_DIR="{folder}"\n', encoding="utf-8")
    user_dirs.chmod(0o600)
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(folder))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(configuration))
    monkeypatch.setenv("WIN_PD_OVERRIDE_PERSONAL", str(folder))


@pytest.fixture(scope="session", autouse=True)
def _documents_of_the_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Never the real Documents, not even for what a module's fixtures export before a test's own
    folder is set (see :func:`documents`)."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        use_documents(monkeypatch, tmp_path_factory.mktemp("documents"), tmp_path_factory.mktemp("config"))
        yield


@pytest.fixture(autouse=True)
def documents(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's Documents folder in every test, where exports go by default: a fresh empty folder
    of the test's own, never the real one."""
    folder = tmp_path_factory.mktemp("documents")
    use_documents(monkeypatch, folder, tmp_path_factory.mktemp("config"))
    return folder


@pytest.fixture
def exports_folder(documents: Path) -> Path:
    """Where a test's exports go by default: ``MicroENTRE`` in its Documents."""
    return documents / "MicroENTRE"


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
    return datetime.combine(DEMO_DAY, time(12), UTC)


#: Where :func:`make_demo` keeps the workspaces it generated, for the session (one folder per worker),
#: and the test each was last copied for.
_generated: Path | None = None
_copied_for: dict[Path, str] = {}


@pytest.fixture(scope="session", autouse=True)
def _generated_demos(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    global _generated
    _generated = tmp_path_factory.mktemp("generated-demos")
    yield
    _generated = None


def make_demo(folder: Path, groups: int = 3, years: int = 2, *, meetings: bool = True) -> None:
    """Write the seeded demo network into a new workspace at ``folder``, as ``facilitator demo`` does.

    Without ``meetings`` the groups have rosters but no meetings yet, as when a network starts.

    Each network is generated once in a session and copied after (a copy takes milliseconds; the
    writing, a second of saves and fsyncs). A copy is the same workspace, its id included, so the
    copies are kept by the folder's name as well: two demos of one test have two names, and are two
    workspaces with ids of their own, as when each was generated (a second copy of one for the same
    test is generated afresh instead).
    """
    shape = f"{groups}x{years}{'' if meetings else '-rosters'}"
    generated = None if _generated is None else _generated / shape / folder.name
    test = os.environ.get("PYTEST_CURRENT_TEST", "").rpartition(" ")[0]  # without "(setup)" or "(call)"
    if generated is None or _copied_for.get(generated) == test or (folder.exists() and any(folder.iterdir())):
        _generate_demo(folder, groups, years, meetings=meetings)
        return
    if not generated.exists():
        _generate_demo(generated, groups, years, meetings=meetings)
    shutil.copytree(generated, folder, dirs_exist_ok=True)
    _copied_for[generated] = test


def _generate_demo(folder: Path, groups: int, years: int, *, meetings: bool) -> None:
    network = generate_network(groups=groups, years=years, seed=1, today=DEMO_DAY)
    with Workspace.open(folder, purpose="demo") as workspace:
        if meetings:
            Repository(workspace).add_network(**network.records())
            write_demo_sounds(workspace.folder, network.sounds)
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
