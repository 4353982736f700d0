"""The screens survive stored records whose times cannot be placed on a calendar (see
tests/test_unplaceable.py for the outputs): they open, and say once a session what they left out,
whatever the set-aside meeting's own file holds. The real app at 80x24, real workspaces."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import make_demo
from tests.test_unplaceable import (
    LAST_MOMENT,
    LEFT_OUT,
    demo_network,
    group_name,
    held_with_memo,
    meeting_beyond_9999,
    store_in_meeting_file,
    write_network,
)

pytestmark = pytest.mark.app


@pytest.fixture
def beyond_9999(tmp_path: Path) -> tuple[Path, str, str]:
    return meeting_beyond_9999(tmp_path)


@pytest.mark.app
async def test_the_screens_that_showed_the_meeting_open_and_say_what_was_left_out(
    beyond_9999: tuple[Path, str, str],
) -> None:
    from facilitator.app import make_app
    from screens.analysis import ActivityAnalysisScreen
    from screens.history import HistoryScreen
    from screens.home import CoordinatorHomeScreen
    from screens.network import NetworkDashboardScreen
    from screens.planner import PlannerScreen
    from screens.roster import RosterScreen
    from storage.workspace import Workspace
    from tests.conftest import demo_clock
    from tests.network_screens_support import loaded

    folder, meeting_id, group = beyond_9999
    # The dashboard is the coordinator's: the same stored records in a coordinator's workspace.
    info = json.loads((folder / "workspace.json").read_text(encoding="utf-8"))
    (folder / "workspace.json").write_text(json.dumps({**info, "role": "coordinator"}), encoding="utf-8")
    app = make_app(Workspace.open(folder), demo_clock)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert isinstance(app.screen, CoordinatorHomeScreen)
            told = [str(notice.message) for notice in app._notifications]
            assert any(LEFT_OUT in message and meeting_id[:8] in message for message in told)
            groups = sorted(group.name for group in app.repository.groups())
            for _row in range(groups.index(group)):
                await pilot.press("down")
            for keys, screen in ((("enter",), RosterScreen), (("s",), PlannerScreen), (("escape", "h"), HistoryScreen)):
                await pilot.press(*keys)
                await app.workers.wait_for_complete()
                await pilot.pause()
                assert isinstance(app.screen, screen)
            await pilot.press("escape", "escape", "d")
            await loaded(pilot, app.screen)
            assert isinstance(app.screen, NetworkDashboardScreen)
            await pilot.press("a")
            await loaded(pilot, app.screen)
            assert isinstance(app.screen, ActivityAnalysisScreen)
    finally:
        app.repository.workspace.close()


@pytest.mark.app
async def test_the_history_names_a_memo_entry_it_left_out(tmp_path: Path) -> None:
    from facilitator.app import make_app
    from screens.history import HistoryScreen
    from storage.workspace import Workspace
    from tests.conftest import demo_clock

    folder = tmp_path / "demo"
    make_demo(folder)
    meeting = held_with_memo(folder)
    entry_id = store_in_meeting_file(folder, meeting["id"], "memo", "written_at", LAST_MOMENT)
    group = group_name(folder, meeting["group_id"])
    app = make_app(Workspace.open(folder), demo_clock)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await app.workers.wait_for_complete()
            groups = sorted(group.name for group in app.repository.groups())
            for _row in range(groups.index(group)):
                await pilot.press("down")
            await pilot.press("enter", "h")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert isinstance(app.screen, HistoryScreen) and app.screen.history is not None
            told = [str(notice.message) for notice in app._notifications]
            assert any(LEFT_OUT in message and f"memo entry {entry_id[:8]}" in message for message in told)
            # Told once a session, briefly: the history opened again says nothing more.
            await pilot.press("escape", "h")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert isinstance(app.screen, HistoryScreen)
            notices = [notice for notice in app._notifications if LEFT_OUT in str(notice.message)]
            assert len(notices) == 1 and notices[0].timeout <= 10
    finally:
        app.repository.workspace.close()


@pytest.mark.app
async def test_a_group_with_days_at_the_edges_opens_on_every_screen(tmp_path: Path) -> None:
    """A skipped day in year 9999, a member who joined in year one and an absence until 9999 hide
    nothing and stop no screen: the group is on the home screen, its roster, planner and history open."""
    from facilitator.app import make_app
    from screens.history import HistoryScreen
    from screens.planner import PlannerScreen
    from screens.roster import RosterScreen
    from storage.workspace import Workspace
    from tests.conftest import demo_clock

    folder, network = demo_network(tmp_path)
    group = min(network["groups"].values(), key=lambda group: group["name"])
    group["pattern"]["skip_dates"] = ["9999-12-31"]
    for person in network["people"].values():
        person["joined"] = "0001-01-01"
    for absence in network["absences"].values():
        absence["ends"] = "9999-12-31"
    write_network(folder, network)
    app = make_app(Workspace.open(folder), demo_clock)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await app.workers.wait_for_complete()
            assert group["name"] in [known.name for known in app.repository.groups()]
            for keys, screen in ((("enter",), RosterScreen), (("s",), PlannerScreen), (("escape", "h"), HistoryScreen)):
                await pilot.press(*keys)
                await app.workers.wait_for_complete()
                await pilot.pause()
                assert isinstance(app.screen, screen)
            assert not [notice for notice in app._notifications if LEFT_OUT in str(notice.message)]
    finally:
        app.repository.workspace.close()


@pytest.mark.parametrize("stored", ["{not json", '{"memo": [1, 2], "agenda": "x", "attendance": {"a": 3}}'])
async def test_the_app_starts_over_a_set_aside_meeting_whose_file_is_damaged(
    beyond_9999: tuple[Path, str, str], stored: str
) -> None:
    """The start tells the meeting set aside (its records not counted where its file is not JSON)
    and goes on to the day's backup, whatever the set-aside meeting's own file holds."""
    from facilitator.app import make_app
    from screens.home import HomeScreen
    from storage.backups import list_backups
    from storage.workspace import Workspace
    from tests.conftest import demo_clock

    folder, meeting_id, _group = beyond_9999
    (folder / "meetings" / f"{meeting_id}.json").write_text(stored, encoding="utf-8")
    app = make_app(Workspace.open(folder), demo_clock)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            told = [str(notice.message) for notice in app._notifications if LEFT_OUT in str(notice.message)]
            assert len(told) == 1 and meeting_id[:8] in told[0]
            assert ("not counted" in told[0]) is stored.startswith("{not")
            assert any("daily" in backup.name for backup in list_backups(folder))
    finally:
        app.repository.workspace.close()
