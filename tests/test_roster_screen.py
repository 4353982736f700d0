"""The roster as a facilitator uses it: the real app, driven by keys, on a real workspace."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Checkbox, DataTable

from facilitator.app import make_app
from facilitator.model import Group, Person
from screens.absences import AbsencesScreen
from screens.confirm import ConfirmScreen
from screens.member_form import LeftForm, MemberForm
from screens.palette import screen_commands
from screens.roster import RosterScreen
from screens.widgets.form_field import FormField
from storage.workspace import Workspace
from tests.conftest import reopen

pytestmark = pytest.mark.app

SIZE = (80, 24)


def make_group(folder: Path) -> None:
    """A small group: two members, one of them with a Sami name."""
    repository = reopen(folder)
    try:
        group = repository.save_group(Group(name="Inari yrittäjät", municipality="Inari"))
        for name, company in (("Áilu Čuoŋ", "Čuoŋ Duodji"), ("Matti Korhonen", "Korhosen Leipomo")):
            repository.save_person(Person(group_id=group.id, name=name, company=company, joined=date(2024, 3, 1)))
    finally:
        repository.workspace.close()


def fill(form: MemberForm, **values: str) -> None:
    for name, value in values.items():
        form.query_one(f"#field-{name}", FormField).value = value


def rows(screen: RosterScreen) -> list[str]:
    table = screen.query_one("#people", DataTable)
    return [str(table.get_row_at(index)[0]) for index in range(table.row_count)]


async def open_roster(pilot) -> RosterScreen:
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, RosterScreen)
    return pilot.app.screen


async def test_opening_a_group_shows_its_roster_in_finnish_order(workspace_path: Path) -> None:
    make_group(workspace_path)
    app = make_app(Workspace.open(workspace_path))
    async with app.run_test(size=SIZE) as pilot:
        roster = await open_roster(pilot)
        assert rows(roster) == ["Áilu Čuoŋ", "Matti Korhonen"]
        await pilot.press("escape")
        assert type(app.screen).__name__ == "HomeScreen"


async def test_bad_member_is_not_saved_until_every_field_is_fixed(workspace_path: Path) -> None:
    make_group(workspace_path)
    before = (workspace_path / "network.json").read_bytes()
    app = make_app(Workspace.open(workspace_path))
    async with app.run_test(size=SIZE) as pilot:
        roster = await open_roster(pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, MemberForm)
        fill(form, name="  ", email="biret@", phone="call me", joined="1.2.2025", left="31.12.2024")
        form.query_one("#input-can_host", Checkbox).value = True
        await pilot.press("ctrl+s")
        await pilot.pause()

        assert app.screen is form, "a form with problems stays open"
        errors = {field.field_name: field.error for field in form.query(FormField) if field.error}
        assert set(errors) == {"name", "email", "phone", "premises_address", "left"}
        assert "name@example.fi" in errors["email"]
        assert "before joined" in errors["left"]
        assert (workspace_path / "network.json").read_bytes() == before

        fill(
            form,
            name="Biret Ravna Guttorm",
            email="biret@guttorm.fi",
            phone="+358 40 765 4321",
            premises_address="Siljotie 2, 99870 Inari",
            left="",
            audio_consent="27.11.2026",
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is roster
        assert "Biret Ravna Guttorm" in rows(roster)

    again = reopen(workspace_path)
    try:
        (group,) = again.groups()
        saved = {person.name: person for person in again.people(group.id)}["Biret Ravna Guttorm"]
        assert saved.can_host and saved.premises_address == "Siljotie 2, 99870 Inari"
        assert saved.joined == date(2025, 2, 1) and saved.audio_consent == date(2026, 11, 27)
        assert saved.revision == 1 and saved.changed_by == again.workspace.id
    finally:
        again.workspace.close()


async def test_cancelling_a_removal_keeps_the_member_and_confirming_removes(workspace_path: Path) -> None:
    make_group(workspace_path)
    app = make_app(Workspace.open(workspace_path))
    async with app.run_test(size=SIZE) as pilot:
        roster = await open_roster(pilot)
        await pilot.press("d")
        await app.workers.wait_for_complete()  # what the erasure changes is worked out in the background
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert rows(roster) == ["Áilu Čuoŋ", "Matti Korhonen"]

        await pilot.press("d")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert rows(roster) == ["Matti Korhonen"]

    again = reopen(workspace_path)
    try:
        (group,) = again.groups()
        assert [person.name for person in again.people(group.id)] == ["Matti Korhonen"]
        assert b'"deleted":true' in (workspace_path / "network.json").read_bytes()
    finally:
        again.workspace.close()


async def test_member_marked_as_left_is_hidden_until_former_members_are_shown(workspace_path: Path) -> None:
    make_group(workspace_path)
    app = make_app(Workspace.open(workspace_path))
    async with app.run_test(size=SIZE) as pilot:
        roster = await open_roster(pilot)
        await pilot.press("x")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, LeftForm)
        form.query_one("#field-left", FormField).value = "1.1.2020"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form, "left before joined is refused"
        assert "before joined" in form.query_one("#field-left", FormField).error

        form.query_one("#field-left", FormField).value = "2026-01-31"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert rows(roster) == ["Matti Korhonen"]
        await pilot.press("v")
        await pilot.pause()
        assert rows(roster) == ["Áilu Čuoŋ", "Matti Korhonen"]


async def test_filter_as_you_type_ignores_accents(workspace_path: Path) -> None:
    make_group(workspace_path)
    app = make_app(Workspace.open(workspace_path))
    async with app.run_test(size=SIZE) as pilot:
        roster = await open_roster(pilot)
        await pilot.press("slash", "c", "u", "o", "n")
        await pilot.pause()
        assert rows(roster) == ["Áilu Čuoŋ"]
        await pilot.press("enter")
        assert roster.query_one("#people", DataTable).has_focus
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"


async def test_help_describes_every_key_of_the_roster(workspace_path: Path) -> None:
    make_group(workspace_path)
    app = make_app(Workspace.open(workspace_path))
    async with app.run_test(size=SIZE) as pilot:
        roster = await open_roster(pilot)
        await pilot.press("f1")
        await pilot.pause()
        help_screen = app.screen
        keys = help_screen.query_one("#help-keys", DataTable)
        described = {str(keys.get_row_at(index)[0]) for index in range(keys.row_count)}
        assert {"n", "e", "d", "x", "v", "/", "esc", "f1"} <= described
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is roster


async def test_command_palette_lists_the_roster_actions(workspace_path: Path) -> None:
    make_group(workspace_path)
    app = make_app(Workspace.open(workspace_path))
    async with app.run_test(size=SIZE) as pilot:
        roster = await open_roster(pilot)
        titles = {command.title for command in screen_commands(roster)}
        assert {"Add", "Edit", "Remove", "Left", "Help"} <= titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Add")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MemberForm)


async def test_periods_of_absence_are_added_checked_and_removed(workspace_path: Path) -> None:
    make_group(workspace_path)
    app = make_app(Workspace.open(workspace_path))
    async with app.run_test(size=SIZE) as pilot:
        await open_roster(pilot)
        await pilot.press("u")
        await pilot.pause()
        absences = app.screen
        assert isinstance(absences, AbsencesScreen)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        form.query_one("#field-starts", FormField).value = "1.3.2027"
        form.query_one("#field-ends", FormField).value = "1.2.2027"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "ends before it starts" in form.query_one("#field-ends", FormField).error

        form.query_one("#field-ends", FormField).value = "31.8.2027"
        form.query_one("#field-reason", FormField).value = "parental leave"
        await pilot.press("ctrl+s")
        await pilot.pause()
        table = absences.query_one("#absences", DataTable)
        assert [str(cell) for cell in table.get_row_at(0)] == ["1 Mar 2027", "31 Aug 2027", "parental leave"]

    again = reopen(workspace_path)
    try:
        (group,) = again.groups()
        (absence,) = again.absences(group.id)
        assert absence.covers(date(2027, 6, 1)) and not absence.covers(date(2027, 9, 1))
    finally:
        again.workspace.close()
