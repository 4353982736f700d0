"""What the tests of the coordinator's network screens share: a coordinator's workspace of imported
bundles (one of them old, and a group whose bundle never came), and opening the screens on it."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from exports.bundle.importer import Importer, ImportStatus
from facilitator.app import make_app
from facilitator.model import Group
from screens.home import CoordinatorHomeScreen
from screens.needs import NeedsScreen
from screens.network import NetworkDashboardScreen
from screens.widgets.record_table import RecordTable
from storage.workspace import Workspace, WorkspaceRole
from tests.conftest import demo_clock
from tests.sync_support import demo_bundles, opened

SIZE = (80, 24)
SILENT = "Silent peer group"


def coordinator_workspace(tmp_path: Path) -> Path:
    """A coordinator who imported a 3-group demo: the first group's bundle 90 days ago, the others'
    yesterday; and a group made here whose bundle never came."""
    central = tmp_path / "coordinator"
    bundles = demo_bundles(tmp_path, groups=3, years=2)
    for number, bundle in enumerate(bundles):
        moment = demo_clock() - timedelta(days=90 if number == 0 else 1)
        with opened(central, WorkspaceRole.COORDINATOR, clock=lambda moment=moment: moment) as hub:
            assert Importer(hub).import_file(bundle).status is ImportStatus.IMPORTED
    with opened(central, WorkspaceRole.COORDINATOR, clock=demo_clock) as hub:
        hub.save_group(Group(name=SILENT))
    return central


@pytest.fixture
def coordinator(tmp_path: Path) -> Path:
    """A coordinator of three imported groups, one bundle old, and a group whose bundle never came."""
    return coordinator_workspace(tmp_path)


def rows(table: RecordTable) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]


async def loaded(pilot, screen) -> None:
    """Wait until the screen has read every group's records (not for every worker)."""
    for _attempt in range(500):
        if screen.network is not None or screen.load_error is not None:
            break
        await pilot.pause(0.02)
    await pilot.pause()
    assert screen.load_error is None, screen.load_error


async def open_dashboard(pilot) -> NetworkDashboardScreen:
    assert isinstance(pilot.app.screen, CoordinatorHomeScreen)
    await pilot.press("d")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, NetworkDashboardScreen)
    await loaded(pilot, screen)
    return screen


async def open_needs(pilot) -> NeedsScreen:
    """The needs overview, from the coordinator's home through the dashboard, with every need read."""
    await open_dashboard(pilot)
    await pilot.press("n")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, NeedsScreen)
    await loaded(pilot, screen)
    return screen


def app_on(folder: Path):
    return make_app(Workspace.open(folder, role=WorkspaceRole.COORDINATOR), demo_clock)
