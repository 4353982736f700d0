"""Keys typed in a burst on the live screen go where the focus was when they were typed (issue 22, 6).

The keys are posted all at once, as the terminal driver posts them (see ``tests/test_memo_burst.py``):
what is typed right after the Enter or Esc that closes an entry's dialog goes to the memo line, and
what is typed while the memo log has the focus goes to the memo line whole, spaces and Enter too.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events

from screens.memo_line import MemoLineScreen
from screens.widgets.memo_log import MemoLog
from tests.test_memo_burst import live_meeting, memo_on_disk, post_typed, wait_until

pytestmark = pytest.mark.app

EARLIER = "earlier line 0"  # the entry ``live_meeting`` writes first


@pytest.mark.parametrize(
    ("opening", "typed", "saved"),
    [
        ("enter", " changed\nnext one", f"{EARLIER} changed"),  # enter on the log edits the entry
        ("f3", "#PS\nnext one", EARLIER),  # F3 tags the last one
    ],
    ids=["edit", "tag"],
)
async def test_keys_typed_right_after_an_entrys_dialog_saved_go_to_the_memo_line(
    demo_path: Path, opening: str, typed: str, saved: str
) -> None:
    async with live_meeting(demo_path, 1) as (pilot, live, line):
        live.query_one(MemoLog).focus()
        await pilot.press(opening)
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, MemoLineScreen), seconds=10)
        post_typed(pilot.app, typed)
        await wait_until(pilot, lambda: pilot.app.screen is live and line.value.endswith("one"), seconds=10)
        assert line.value == "next one" and line.has_focus
        assert [entry.text for entry in live._entries] == [saved]
    assert memo_on_disk(demo_path, live.meeting) == [saved]


async def test_keys_typed_right_after_esc_in_an_entrys_dialog_go_to_the_memo_line(demo_path: Path) -> None:
    async with live_meeting(demo_path, 1) as (pilot, live, line):
        live.query_one(MemoLog).focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, MemoLineScreen), seconds=10)
        pilot.app.post_message(events.Key("escape", None))
        post_typed(pilot.app, "next one")
        await wait_until(pilot, lambda: pilot.app.screen is live and line.value.endswith("one"), seconds=10)
        assert line.value == "next one" and line.has_focus


async def test_words_typed_on_the_memo_log_reach_the_memo_line_with_their_spaces(demo_path: Path) -> None:
    async with live_meeting(demo_path, 1) as (pilot, live, line):
        live.query_one(MemoLog).focus()
        await pilot.pause()
        post_typed(pilot.app, "we agreed to meet\nand then")
        await wait_until(pilot, lambda: pilot.app.screen is not live or line.value.endswith("then"), seconds=10)
        assert pilot.app.screen is live  # the Enter was the line's, not the log's (which edits an entry)
        assert [entry.text for entry in live._entries] == [EARLIER, "we agreed to meet"]
        assert line.value == "and then" and line.has_focus
    assert memo_on_disk(demo_path, live.meeting) == [EARLIER, "we agreed to meet"]
