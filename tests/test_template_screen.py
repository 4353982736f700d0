"""Editing a group's agenda template through the real app, and a new meeting starting from it."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Select

from facilitator.agenda import starting_agenda
from facilitator.app import make_app
from facilitator.model import Presenter
from screens.planner import PlannerScreen
from screens.template import TemplateItemForm, TemplateScreen
from screens.widgets.form_field import FormField
from storage.workspace import Workspace
from tests.conftest import demo_clock, reopen

pytestmark = pytest.mark.app

SIZE = (80, 24)


def titles(screen: TemplateScreen) -> list[str]:
    table = screen.query_one("#template", DataTable)
    return [str(table.get_row_at(index)[0]) for index in range(table.row_count)]


async def test_the_template_is_edited_item_by_item_and_new_agendas_follow_it(demo_path: Path) -> None:
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        for key in ("enter", "s"):
            await pilot.press(key)
            await pilot.pause()
        assert isinstance(app.screen, PlannerScreen)
        await pilot.press("t")
        await pilot.pause()
        template = app.screen
        assert isinstance(template, TemplateScreen)
        assert titles(template)[0] == "Welcome and round of news"

        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, TemplateItemForm)
        form.query_one("#field-minutes", FormField).value = "0"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert {"title", "minutes"} == {field.field_name for field in form.query(FormField) if field.error}
        form.query_one("#field-title", FormField).value = "Visit to the host's workshop"
        form.query_one("#field-minutes", FormField).value = "20"
        form.query_one("#input-presenter", Select).value = Presenter.HOST.value
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert titles(template)[-1] == "Visit to the host's workshop"

        template.query_one("#template", DataTable).move_cursor(row=5)
        await pilot.press("left_square_bracket")
        await pilot.pause()
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert titles(template)[3] == "Visit to the host's workshop"
        await pilot.press("escape")
        await pilot.pause()
        group_id = app.screen.group.id

    again = reopen(demo_path)
    try:
        group = again.group(group_id)
        meeting = again.meetings(group.id)[-1]
        agenda = starting_agenda(group.agenda_template, meeting, again.people(group.id))
        host = next(person for person in again.people(group.id) if person.id == meeting.host_id)
        assert (agenda[3].title, agenda[3].minutes, agenda[3].presenter) == (
            "Visit to the host's workshop",
            20,
            host.name,
        )
    finally:
        again.workspace.close()
