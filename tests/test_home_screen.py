"""The home screen: the workspace's groups, created, renamed and archived through the real app."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from facilitator.app import make_app
from screens.group_form import GroupForm
from screens.home import HomeScreen
from screens.widgets.form_field import FormField
from storage.workspace import Workspace
from tests.conftest import reopen

pytestmark = pytest.mark.app

SIZE = (80, 24)


def group_rows(screen: HomeScreen) -> list[tuple[str, str]]:
    table = screen.query_one("#groups", DataTable)
    return [(str(row[0]), str(row[3])) for row in (table.get_row_at(i) for i in range(table.row_count))]


async def test_demo_network_lists_every_group_with_its_member_count(demo_path: Path) -> None:
    expected = reopen(demo_path)
    try:
        counts = expected.member_counts()
        wanted = [(group.name, str(counts[group.id])) for group in expected.groups()]
    finally:
        expected.workspace.close()
    app = make_app(Workspace.open(demo_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert group_rows(app.screen) == wanted
        assert all(8 <= int(members) <= 16 for _, members in wanted)


async def test_empty_workspace_says_how_to_begin(workspace_path: Path) -> None:
    app = make_app(Workspace.open(workspace_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        hint = app.screen.query_one("#no-groups", Static)
        assert hint.display and "facilitator demo" in str(hint.render())
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen), "nothing to open"


async def test_create_rename_and_archive_a_group(workspace_path: Path) -> None:
    app = make_app(Workspace.open(workspace_path))
    async with app.run_test(size=SIZE) as pilot:
        home = app.screen
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, GroupForm)
        form.query_one("#field-time_zone", FormField).value = "Lapland"
        await pilot.press("ctrl+s")
        await pilot.pause()
        errors = {field.field_name for field in form.query(FormField) if field.error}
        assert errors == {"name", "time_zone"}

        form.query_one("#field-name", FormField).value = "Utsjoki peer group"
        form.query_one("#field-time_zone", FormField).value = "Europe/Helsinki"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert group_rows(home) == [("Utsjoki peer group", "0")]

        await pilot.press("r")
        await pilot.pause()
        app.screen.query_one("#field-name", FormField).value = "Ohcejohka peer group"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert group_rows(home) == [("Ohcejohka peer group", "0")]

        await pilot.press("a")
        await pilot.pause()
        assert group_rows(home) == []
        await pilot.press("h")
        await pilot.pause()
        assert group_rows(home) == [("Ohcejohka peer group (archived)", "0")]

    again = reopen(workspace_path)
    try:
        (group,) = again.groups()
        assert group.name == "Ohcejohka peer group" and group.archived and group.revision == 3
    finally:
        again.workspace.close()


async def test_a_second_group_cannot_take_an_existing_name(demo_path: Path) -> None:
    app = make_app(Workspace.open(demo_path))
    async with app.run_test(size=SIZE) as pilot:
        existing = group_rows(app.screen)[0][0]
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#field-name", FormField).value = existing.upper()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "already" in app.screen.query_one("#field-name", FormField).error
        await pilot.press("escape", "y")  # the name typed is thrown away only once the user says so
        await pilot.pause()
        assert len(group_rows(app.screen)) == 3


async def test_a_damaged_meeting_record_is_reported_as_soon_as_the_app_has_started(demo_path: Path) -> None:
    import json

    from facilitator.model import Meeting
    from tests.conftest import reopen

    repository = reopen(demo_path)
    try:
        group = repository.groups()[0]
        start = datetime(2027, 1, 12, 15, 30, tzinfo=UTC)
        repository.save_meeting(Meeting(group_id=group.id, starts_at=start, ends_at=start + timedelta(hours=2)))
    finally:
        repository.workspace.close()
    network_path = demo_path / "network.json"
    network = json.loads(network_path.read_text(encoding="utf-8"))
    for document in network["meetings"].values():
        document["starts_at"] = "next Tuesday"
    network_path.write_text(json.dumps(network), encoding="utf-8")

    app = make_app(Workspace.open(demo_path))
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        messages = [notification.message for notification in app._notifications]
        assert any("network.json" in message and "damaged" in message for message in messages)
        assert isinstance(app.screen, HomeScreen)


async def test_a_damaged_meeting_record_is_told_on_the_roster_and_the_planner_stays_closed(demo_path: Path) -> None:
    import json

    from screens.roster import RosterScreen

    network_path = demo_path / "network.json"
    network = json.loads(network_path.read_text(encoding="utf-8"))
    next(iter(network["meetings"].values()))["ends_at"] = 42
    network_path.write_text(json.dumps(network), encoding="utf-8")

    app = make_app(Workspace.open(demo_path))
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RosterScreen)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, RosterScreen), "no planner on damaged meetings"
        messages = [notification.message for notification in app._notifications]
        assert sum("network.json" in message and "damaged" in message for message in messages) >= 3
