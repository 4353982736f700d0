"""Pictures of the key screens at 80x24, compared with the approved ones in ``__snapshots__``.

After an intended change of the layout: ``pytest tests/test_snapshots.py --snapshot-update``,
then look at the new pictures before committing them. A form is pictured three times: in the
theme's colours, with NO_COLOR and in a 16-colour terminal (see tests/colour_modes.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from facilitator.app import make_app
from storage.workspace import Workspace
from tests.colour_modes import app_in_mode
from tests.conftest import demo_clock

pytestmark = pytest.mark.app

SIZE = (80, 24)


def test_home_screen_with_the_demo_network(demo_path: Path, snap_compare) -> None:
    assert snap_compare(make_app(Workspace.open(demo_path), demo_clock), terminal_size=SIZE)


async def add_a_bad_member(pilot) -> None:  # Textual's Pilot
    """The member form saved empty: the name field, wrong, has the focus; the others wait."""
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


def test_member_form_with_problems_beside_the_fields(demo_path: Path, snap_compare) -> None:
    assert snap_compare(
        make_app(Workspace.open(demo_path), demo_clock), terminal_size=SIZE, run_before=add_a_bad_member
    )


def test_member_form_without_colour(demo_path: Path, snap_compare, monkeypatch: pytest.MonkeyPatch) -> None:
    """With NO_COLOR, in greys: each field still has its line, the wrong one where the cursor is the brightest."""
    app = app_in_mode("no_color", lambda: make_app(Workspace.open(demo_path), demo_clock), monkeypatch)
    assert snap_compare(app, terminal_size=SIZE, run_before=add_a_bad_member)


def test_member_form_in_16_colours(demo_path: Path, snap_compare, monkeypatch: pytest.MonkeyPatch) -> None:
    """In a 16-colour terminal the fields' tint is black like the dialog's: their lines show them."""
    app = app_in_mode("sixteen", lambda: make_app(Workspace.open(demo_path), demo_clock), monkeypatch)
    assert snap_compare(app, terminal_size=SIZE, run_before=add_a_bad_member)
