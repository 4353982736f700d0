"""Quitting: never while a job writes, never over typed text without asking, and a new start only
once the old app has let go of the workspace.

The real app at 80×24 with real thread workers, slowed on purpose with an event so that ctrl+q
comes while they write; real workspaces, whose lock is tried from outside while the app waits.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from exports.bundle.importer import Importer
from facilitator import cli
from facilitator.app import make_app
from screens.confirm import ConfirmScreen
from screens.exporting import write_in_background
from screens.group_form import GroupForm
from screens.help import HelpScreen
from screens.home import CoordinatorHomeScreen, HomeScreen
from screens.import_bundles import ImportBundlesScreen
from screens.prepare import PrepareScreen
from screens.widgets.bundle_tree import BundleTree
from screens.widgets.form_field import FormField
from storage.errors import WorkspaceLocked
from storage.workspace import Workspace, WorkspaceRole
from tests import test_import_screen
from tests.app_support import notices
from tests.conftest import demo_clock, reopen
from tests.test_import_screen import loaded, mark
from tests.test_memo_burst import live_meeting
from tests.test_prepare_screen import open_next_meeting
from tests.test_settings_screen import PLATFORMS, caught_new_starts

SIZE = (80, 24)
#: A facilitator's demo with its bundles in an inbox, and a coordinator keyed for them (a fixture).
network = test_import_screen.network


async def wait_until(pilot, done: Callable[[], bool], seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        assert time.monotonic() < deadline, "waited in vain"
        await pilot.pause(0.02)


def still_locked(folder: Path) -> bool:
    """Whether the workspace is held: a second app (here, this test) cannot open it."""
    try:
        Workspace.open(folder).close()
    except WorkspaceLocked:
        return True
    return False


def ended(app) -> bool:
    """Whether the app has asked to end (its return code is set by ``exit``)."""
    return app.return_code is not None


@pytest.mark.app
async def test_quitting_waits_for_a_file_being_written_even_from_a_screen_left_meanwhile(demo_path: Path) -> None:
    """A file written in the background from a screen that is left (Textual then forgets the
    worker, while its thread goes on): ctrl+q says it waits, keys still act, the workspace stays
    locked, and the app ends once the job is done, with the job's save on disk."""
    app = make_app(Workspace.open(demo_path), demo_clock)
    group = app.repository.groups()[0]
    started, go_on = threading.Event(), threading.Event()

    def slow_write() -> list[Path]:
        started.set()
        assert go_on.wait(20)
        app.repository.save_group(dataclasses.replace(group, name="Saved by a job at quitting time"))
        return []

    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        write_in_background(help_screen, slow_write)
        await wait_until(pilot, started.is_set)
        await pilot.press("f1")  # the help screen goes, and Textual forgets its worker
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)

        await pilot.press("ctrl+q")
        await pilot.pause(0.3)
        assert not ended(app), "the app ended while a job was writing"
        assert any("writing a file" in notice and "quits as soon as" in notice for notice in notices(app))
        assert still_locked(demo_path)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen), "keys are answered while the app waits"
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not ended(app), "pressed again, ctrl+q still waits"

        go_on.set()
        await wait_until(pilot, lambda: ended(app))
    check = reopen(demo_path)
    try:
        assert check.group(group.id).name == "Saved by a job at quitting time"
    finally:
        check.workspace.close()


async def _first_bundle_marked(pilot, network: dict[str, Path]) -> ImportBundlesScreen:
    """From the coordinator's home: the import screen on the inbox, its first bundle marked."""
    await pilot.press("i")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ImportBundlesScreen)
    await pilot.press("f")
    screen.query_one("#folder").value = str(network["inbox"])
    await pilot.press("enter")
    tree = screen.query_one("#files", BundleTree)
    await loaded(pilot, tree, {network["first"].name})
    await mark(pilot, tree, network["first"])
    return screen


@pytest.mark.app
async def test_quitting_waits_for_an_import_and_the_import_is_in_the_workspace(
    network: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,  # the fixture
) -> None:
    started, go_on = threading.Event(), threading.Event()
    import_file = Importer.import_file

    def slowed(importer: Importer, path: Path, *args: object) -> object:
        started.set()
        assert go_on.wait(20)
        return import_file(importer, path, *args)

    monkeypatch.setattr(Importer, "import_file", slowed)
    app = make_app(Workspace.open(network["coordinator"], role=WorkspaceRole.COORDINATOR), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, CoordinatorHomeScreen)
        await _first_bundle_marked(pilot, network)
        await pilot.press("i")
        await wait_until(pilot, started.is_set)

        await pilot.press("ctrl+q")
        await pilot.pause(0.3)
        assert not ended(app)
        assert any("importing bundles" in notice for notice in notices(app))
        assert still_locked(network["coordinator"])

        go_on.set()
        await wait_until(pilot, lambda: ended(app))
    check = reopen(network["coordinator"])
    try:
        assert len(check.groups()) == 1, "the import the app waited for is in the workspace"
    finally:
        check.workspace.close()


@pytest.mark.app
async def test_ctrl_q_right_after_the_import_starts_waits_for_it(
    network: dict[str, Path],  # the fixture
) -> None:
    """`i` and ctrl+q typed in one burst: the import is started, and ctrl+q acts before its thread
    has begun. The import counts from the moment it is started, on the app's thread, so the quit
    waits for it and the import is in the workspace."""
    app = make_app(Workspace.open(network["coordinator"], role=WorkspaceRole.COORDINATOR), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _first_bundle_marked(pilot, network)

        screen.action_run_import()  # what i does, and then, with no turn of the loop, what ctrl+q does
        app.quit_when_safe()
        await wait_until(pilot, lambda: ended(app))
    check = reopen(network["coordinator"])
    try:
        assert len(check.groups()) == 1, "the app ended before the import it had started"
    finally:
        check.workspace.close()


@pytest.mark.app
async def test_a_job_cancelled_before_its_thread_began_never_runs_and_never_holds_the_quit(demo_path: Path) -> None:
    """Counted from its start, a job whose worker is cancelled at once (its screen closed) is
    dropped: it never begins, and quitting does not wait for it for ever."""
    ran = threading.Event()
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        worker = app.jobs.start(app.screen, "writing a file", ran.set)
        worker.cancel()
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: ended(app), seconds=5)
    assert not ran.is_set()


@pytest.mark.app
async def test_quitting_with_a_memo_line_typed_asks_first(demo_path: Path) -> None:
    async with live_meeting(demo_path) as (pilot, live, line):
        await pilot.press(*"we", "space", *"agreed")
        assert line.value == "we agreed"
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmScreen), "ctrl+q dropped the line without asking"
        assert not ended(pilot.app)

        await pilot.press("n")
        await pilot.pause()
        assert pilot.app.screen is live and line.value == "we agreed" and not ended(pilot.app)

        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert ended(pilot.app)


@pytest.mark.app
async def test_text_typed_while_quitting_waits_for_a_job_is_asked_about_before_the_app_ends(demo_path: Path) -> None:
    """ctrl+q with an empty memo line, while a file is written: the app waits and keeps taking
    keys, so a memo line may be typed meanwhile. Once the job is done the quit asks about it as
    ctrl+q would; no keeps the app and the line, yes ends it."""
    started, go_on = threading.Event(), threading.Event()

    def slow_write() -> list[Path]:
        started.set()
        assert go_on.wait(20)
        return []

    async with live_meeting(demo_path) as (pilot, live, line):
        write_in_background(live, slow_write)
        await wait_until(pilot, started.is_set)
        await pilot.press("ctrl+q")
        await pilot.pause(0.2)
        assert not ended(pilot.app)
        await pilot.press(*"we", "space", *"agreed")
        go_on.set()
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConfirmScreen) or ended(pilot.app))
        assert not ended(pilot.app), "the app ended over the memo line typed while it waited"

        await pilot.press("n")
        await pilot.pause(0.3)
        assert pilot.app.screen is live and line.value == "we agreed" and not ended(pilot.app)

        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmScreen), "after no, ctrl+q starts over and asks again"
        await pilot.press("y")
        await wait_until(pilot, lambda: ended(pilot.app))


@pytest.mark.app
async def test_quitting_with_an_empty_memo_line_asks_nothing(demo_path: Path) -> None:
    async with live_meeting(demo_path) as (pilot, _live, _line):
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert ended(pilot.app)


@pytest.mark.app
async def test_quitting_with_a_theme_typed_and_not_saved_asks_first(demo_path: Path) -> None:
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        prepare = await open_next_meeting(pilot)
        prepare.query_one("#field-theme", FormField).value = "Selling abroad"
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PrepareScreen) and not ended(app)


@pytest.mark.app
async def test_quitting_with_a_form_holding_typed_text_asks_first(demo_path: Path) -> None:
    """A dialog or form says whether it holds text typed and not saved; the quit asks about it,
    and only then about nothing more: an untouched form quits at once."""
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, GroupForm))
        form = app.screen
        await pilot.press(*"Kemi")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and not ended(app)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is form and form.query_one("#field-name", FormField).value == "Kemi"

        await pilot.press(*["backspace"] * 4)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert ended(app), "a form holding nothing typed does not ask"


@pytest.mark.parametrize("platform", PLATFORMS)
def test_a_new_start_comes_only_once_the_workspace_is_let_go(
    workspace_path: Path, monkeypatch: pytest.MonkeyPatch, platform: str
) -> None:
    """``run_app`` starts the app again in the new language (the new start itself is caught): by
    then the workspace is closed, whatever ended the app, so the new process can open it."""

    def run(app: object) -> None:
        app.restart_requested = True  # as the settings screen leaves it, and nothing closed the workspace

    monkeypatch.setattr("facilitator.app.FacilitatorApp.run", run)
    found_at_start = caught_new_starts(monkeypatch, platform, lambda command: still_locked(workspace_path))
    cli.run_app(Workspace.open(workspace_path))
    assert found_at_start == [False], "the new process would have found the workspace still held"
