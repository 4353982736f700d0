"""Pictures of the home and live-meeting screens in Finnish at 80x24, compared with the approved ones
in ``__snapshots__``: the longer Finnish labels must fit where the English ones did.

After an intended change: ``FACILITATOR_TEST_LANGUAGE=fi pytest tests/languages/test_snapshots.py
--snapshot-update``, then look at the new pictures before committing them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from facilitator.app import make_app
from facilitator.i18n import language
from storage.workspace import Workspace
from tests.conftest import demo_clock

SIZE = (80, 24)

pytestmark = [pytest.mark.app, pytest.mark.skipif(language() != "fi", reason="the pictures are of the Finnish screens")]


def test_home_screen_in_finnish(demo_path: Path, snap_compare) -> None:
    assert snap_compare(make_app(Workspace.open(demo_path), demo_clock), terminal_size=SIZE)


def test_live_meeting_in_finnish(demo_path: Path, snap_compare) -> None:
    async def hold_the_next_meeting_today(pilot) -> None:
        """The first group's next meeting, held today instead: its first item begun, a decision written."""
        for key in ("m", "y", "f5"):
            await pilot.pause()
            await pilot.press(key)
        await pilot.pause()
        line = pilot.app.screen.query_one("#memo-line", Input)
        line.value = "!d Yhteinen osasto joulumarkkinoille #CS"
        await pilot.press("enter")
        await pilot.pause()
        line.cursor_blink = False  # a steady cursor, as in the picture: a slow machine took it half a blink later
        await pilot.pause()

    app = make_app(Workspace.open(demo_path), demo_clock)
    assert snap_compare(app, terminal_size=SIZE, run_before=hold_the_next_meeting_today)
