"""After a meeting through the real app: v in the planner on a held meeting writes the summaries and
the website text and opens the feedback; h on the roster opens the group's history."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

import pytest
from pypdf import PdfReader
from textual.widgets import DataTable

from facilitator.app import make_app
from facilitator.model import MeetingStatus
from screens.after_meeting import AfterMeetingScreen
from screens.feedback import FeedbackScreen
from screens.history import HistoryScreen
from storage.workspace import Workspace
from tests.conftest import demo_clock, reopen

pytestmark = pytest.mark.app

SIZE = (80, 24)


def last_held(folder: Path):
    repository = reopen(folder)
    try:
        group = repository.groups()[0]
        return max(
            (m for m in repository.meetings(group.id) if m.status is MeetingStatus.HELD),
            key=lambda meeting: meeting.starts_at,
        )
    finally:
        repository.workspace.close()


async def test_v_on_a_held_meeting_writes_the_summaries_and_opens_the_feedback(
    demo_path: Path, exports_folder: Path
) -> None:
    held = last_held(demo_path)
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        for key in ("enter", "s"):
            await pilot.press(key)
            await pilot.pause()
        planner = pilot.app.screen
        table = planner.query_one("#meetings", DataTable)
        table.move_cursor(row=table.get_row_index(held.id))
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(pilot.app.screen, AfterMeetingScreen)
        for key in ("s", "r", "w"):
            await pilot.press(key)
            await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        written = sorted(path.name for path in exports_folder.iterdir())
        assert any("-summary-" in name for name in written) and any("-record-" in name for name in written)
        assert any(name.endswith(".md") for name in written) and any(name.endswith(".txt") for name in written)
        summary = next(exports_folder.glob("*-summary-*.pdf"))
        text = "".join(page.extract_text() for page in PdfReader(summary).pages)
        assert held.conclusions.splitlines()[0][:30] in " ".join(text.split())
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(pilot.app.screen, FeedbackScreen) and pilot.app.screen.meeting.id == held.id

        # A meeting not held yet has nothing to summarise.
        await pilot.press("escape")
        await pilot.pause()
        table.move_cursor(row=table.row_count - 1)
        await pilot.press("v")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, AfterMeetingScreen)


async def test_enter_on_a_choice_after_the_meeting_does_it(demo_path: Path, exports_folder: Path) -> None:
    """Enter (or a click) on a line of the list does what its key does: the first line writes the
    participants' summary."""
    held = last_held(demo_path)
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        for key in ("enter", "s"):
            await pilot.press(key)
            await pilot.pause()
        table = pilot.app.screen.query_one("#meetings", DataTable)
        table.move_cursor(row=table.get_row_index(held.id))
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(pilot.app.screen, AfterMeetingScreen)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        assert [path.name for path in exports_folder.glob("*-summary-*.pdf")]


async def test_h_on_the_roster_opens_the_history(demo_path: Path) -> None:
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HistoryScreen)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert pilot.app.screen.query_one("#history-meetings", DataTable).row_count > 0


async def test_a_defect_while_writing_a_file_is_told_and_the_app_goes_on(demo_path: Path) -> None:
    from screens.exporting import write_in_background

    def broken() -> Path:
        raise ValueError("a layout that cannot be drawn")

    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        write_in_background(pilot.app.screen, broken)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert pilot.app.is_running
        assert any("unexpected error" in note.message for note in pilot.app._notifications)


async def test_two_meetings_held_the_same_day_get_papers_of_their_own_and_a_re_print_says_so(
    tmp_path: Path, exports_folder: Path
) -> None:
    from datetime import datetime

    from tests.test_export_names import _two_meetings_one_day

    folder = tmp_path / "workspace"
    morning, evening = _two_meetings_one_day(folder)
    app = make_app(Workspace.open(folder), lambda: datetime(2026, 12, 9, 10, tzinfo=UTC))
    async with app.run_test(size=SIZE) as pilot:
        for key in ("enter", "s"):
            await pilot.press(key)
            await pilot.pause()
        table = pilot.app.screen.query_one("#meetings", DataTable)
        for meeting in (morning, evening):
            table.move_cursor(row=table.get_row_index(meeting))
            await pilot.press("v")
            await pilot.pause()
            assert isinstance(pilot.app.screen, AfterMeetingScreen)
            for key in ("s", "r", "w", "g"):
                await pilot.press(key)
                await pilot.pause()
                await pilot.app.workers.wait_for_complete()
            await pilot.press("escape")
            await pilot.pause()
        written = sorted(path.name for path in exports_folder.iterdir())
        assert written == sorted(
            f"inari-peer-group-{kind}-2026-12-08-{start}{suffix}"
            for start in ("1200", "1730")
            for kind, suffix in (
                ("summary", ".pdf"),
                ("record", ".pdf"),
                ("website", ".md"),
                ("website", ".txt"),
                ("feedback", ".pdf"),
            )
        )
        assert not any("was replaced" in note.message for note in pilot.app._notifications)

        await pilot.press("v")
        await pilot.pause()
        await pilot.press("s")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert any(
            "The earlier file inari-peer-group-summary-2026-12-08-1730.pdf was replaced." in note.message
            for note in pilot.app._notifications
        )
