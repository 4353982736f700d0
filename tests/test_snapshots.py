"""Pictures of the key screens at 80x24, compared with the approved ones in ``__snapshots__``.

After an intended change of the layout: ``pytest tests/test_snapshots.py --snapshot-update``,
then look at the new pictures before committing them.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from facilitator.app import make_app
from storage.workspace import Workspace
from tests.conftest import demo_clock

SIZE = (80, 24)


def test_home_screen_with_the_demo_network(demo_path: Path, snap_compare) -> None:
    assert snap_compare(make_app(Workspace.open(demo_path), demo_clock), terminal_size=SIZE)


def test_member_form_with_problems_beside_the_fields(demo_path: Path, snap_compare) -> None:
    async def add_a_bad_member(pilot) -> None:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        for line in pilot.app.screen.query(Input):  # the wrong field has the focus: a steady cursor, not a blink
            line.cursor_blink = False
        await pilot.pause()

    assert snap_compare(make_app(Workspace.open(demo_path), demo_clock), terminal_size=SIZE, run_before=add_a_bad_member)
