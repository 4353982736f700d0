"""Importing a roster through the screens at 80×24: i on the roster, the file chosen in the tree,
the preview with a row that has a problem and a matched duplicate, a column's field changed, and
the import confirmed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from facilitator.app import make_app
from facilitator.model import Group, Person
from facilitator.roster_import import Action
from screens.file_picker import FileTree
from screens.roster import RosterScreen
from screens.roster_import import FieldPicker, RosterFileScreen, RosterImportScreen
from storage.workspace import Workspace
from tests.conftest import demo_clock, reopen

pytestmark = pytest.mark.app


def make_group(folder: Path) -> None:
    repository = reopen(folder)
    try:
        group = repository.save_group(Group(name="Inari yrittäjät", municipality="Inari"))
        repository.save_person(
            Person(group_id=group.id, name="Matti Korhonen", company="Korhosen Leipomo", joined=date(2024, 3, 1))
        )
    finally:
        repository.workspace.close()


def write_roster(folder: Path) -> Path:
    folder.mkdir()
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Nimi", "Yritys", "Sähköposti", "Kunta", "Huomiot"])
    sheet.append(["Liisa Niemi", "Niemen Kala", "liisa@kala.fi", "Inari", "Ivalo"])
    sheet.append(["Eero Saarinen", "Saarisen Sähkö", "eero@sahko", "Ivalo", ""])  # no such address
    sheet.append(["matti korhonen", "Korhosen leipomo", "matti@leipomo.fi", "Inari", ""])  # on the roster
    workbook.save(folder / "jäsenet.xlsx")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.7")
    return folder / "jäsenet.xlsx"


async def wait_for(pilot, screen_type: type) -> None:
    for _attempt in range(100):
        await pilot.pause(0.05)
        if isinstance(pilot.app.screen, screen_type):
            return
    raise AssertionError(f"{screen_type.__name__} did not open; the screen is {pilot.app.screen!r}")


async def test_a_roster_file_is_previewed_changed_and_imported(workspace_path: Path, tmp_path: Path) -> None:
    make_group(workspace_path)
    path = write_roster(tmp_path / "files")
    app = make_app(Workspace.open(workspace_path), clock=demo_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        roster = app.screen
        assert isinstance(roster, RosterScreen)
        roster.import_folder = path.parent
        await pilot.press("i")
        await wait_for(pilot, RosterFileScreen)
        tree = app.screen.query_one(FileTree)
        await tree.reload()
        await pilot.pause()
        shown = [node.data.path.name for node in tree.root.children if node.data]
        assert shown == ["jäsenet.xlsx"]  # only roster files
        tree.move_cursor(tree.root.children[0])
        await pilot.press("enter")
        await wait_for(pilot, RosterImportScreen)
        preview = app.screen
        assert isinstance(preview, RosterImportScreen)
        eero, matti = preview.plan.rows[1], preview.plan.rows[2]
        assert eero.action is Action.SKIP and eero.problems[0].field == "email"
        assert matti.action is Action.UPDATE and set(matti.differences) == {"name", "company", "email", "municipality"}
        assert "1 to add, 1 to update, 0 unchanged, 1 to skip" in str(preview.query_one("#import-summary").render())
        # The column "Huomiot" is left out; make it the municipality instead of "Kunta".
        columns = preview.query_one("#import-columns")
        columns.focus()
        columns.move_cursor(row=4)
        await pilot.press("enter")
        await wait_for(pilot, FieldPicker)
        picker = app.screen.query_one("#fields")
        picker.highlighted = picker.get_option_index("municipality")
        await pilot.press("enter")
        await wait_for(pilot, RosterImportScreen)
        assert preview.plan.fields[3:] == [None, "municipality"]
        assert preview.plan.rows[0].person.municipality == "Ivalo"
        # Matti stays as he is: the matched row is skipped, by u on its row.
        rows = preview.query_one("#import-rows")
        rows.focus()
        rows.move_cursor(row=2)
        await pilot.press("u")
        assert preview.plan.rows[2].action is Action.SKIP
        assert "skipped by you" in str(preview.query_one("#row-detail").render())
        await pilot.press("i")
        await wait_for(pilot, RosterScreen)
        names = [person.name for person in roster.repository.people(roster.group.id)]
        assert names == ["Liisa Niemi", "Matti Korhonen"]
        assert roster.repository.people(roster.group.id)[0].municipality == "Ivalo"
        assert roster.repository.workspace.backups()[-1].name.endswith("before-roster-import")
        assert roster.query_one("#people").row_count == 2


async def test_a_damaged_file_is_told_and_nothing_opens(workspace_path: Path, tmp_path: Path) -> None:
    make_group(workspace_path)
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "broken.xlsx").write_bytes(b"PK\x03\x04 not really")
    app = make_app(Workspace.open(workspace_path), clock=demo_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        roster = app.screen
        assert isinstance(roster, RosterScreen)
        roster._read_roster_file(tmp_path / "files" / "broken.xlsx")
        for _attempt in range(100):
            await pilot.pause(0.05)
            if any("damaged" in notice.message for notice in app._notifications):
                break
        else:
            raise AssertionError("no notice of the damaged file")
        assert app.screen is roster
