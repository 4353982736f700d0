"""The roster's ``p`` as a facilitator uses it: the real app at 80x24 on a demo workspace, the
highlighted person's data report written in the background and its place told."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from facilitator.app import make_app
from storage.workspace import Workspace
from tests.app_support import pdf_text
from tests.conftest import demo_clock


@pytest.mark.app
async def test_p_on_the_roster_writes_the_highlighted_persons_report_and_says_where(
    demo_path: Path, exports_folder: Path
):
    from screens.roster import RosterScreen
    from screens.widgets.record_table import RecordTable

    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        roster = app.screen
        assert isinstance(roster, RosterScreen)
        table = roster.query_one("#people", RecordTable)
        table.move_cursor(row=2)
        chosen = roster.repository.person(str(table.selected_key))
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is roster
        (pdf,) = exports_folder.glob("*-person-data-*.pdf")
        (json_path,) = exports_folder.glob("*-person-data-*.json")
        (written,) = [n.message for n in app._notifications if n.message.startswith("Written: ")]
        assert written.splitlines()[:2] == [f"Written: {pdf}", str(json_path)]
        assert json.loads(json_path.read_text(encoding="utf-8"))["person"]["id"] == chosen.id
        assert chosen.name in pdf_text(pdf)
