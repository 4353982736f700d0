"""A dialog stays open, with its text, until its save succeeded; Esc asks before it throws typed
text away.

Writes are made to fail for real: the rename that puts each new file in place raises
``PermissionError``, as on Windows when an antivirus or a sync client holds the file. The closing
dialog, the edit and tag dialogs of a memo entry and the re-code dialog must then stay open with
what was typed; once the disk takes the write again, the same key saves it, as a reopened
workspace shows.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input, TextArea

from facilitator.app import make_app
from facilitator.model import MeetingStatus
from facilitator.model.sizes import LONG_TEXT_MAX
from screens.after_meeting import AfterMeetingScreen
from screens.analysis import ActivityAnalysisScreen
from screens.close_meeting import CloseMeetingScreen
from screens.confirm import ConfirmScreen
from screens.group_form import GroupForm
from screens.home import HomeScreen
from screens.memo_line import MemoLineScreen
from screens.widgets.memo_log import MemoLog
from screens.widgets.recode import RecodeDialog
from storage.workspace import Workspace
from tests.conftest import demo_clock, reopen
from tests.test_memo_burst import SIZE, live_meeting, post_typed, wait_until

pytestmark = pytest.mark.app

EARLIER = "earlier line 0"  # the entry ``live_meeting`` writes first


class HeldFiles:
    """While ``held``, every file the app would put in place is held by another program: the
    rename raises ``PermissionError`` and the file keeps its previous content."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.held = False
        self._replace = os.replace
        monkeypatch.setattr(os, "replace", self._replace_unless_held)

    def _replace_unless_held(self, source, target, **options) -> None:  # os.replace's own
        if self.held:
            raise PermissionError(errno.EACCES, "The process cannot access the file", str(target))
        self._replace(source, target, **options)


@pytest.fixture
def files(monkeypatch: pytest.MonkeyPatch) -> HeldFiles:
    return HeldFiles(monkeypatch)


def errors_told(app) -> list[str]:
    return [note.message for note in app._notifications if note.severity == "error"]


def post_keys(app, *keys: str) -> None:
    for key in keys:
        app.post_message(events.Key(key, None))


async def test_the_closing_dialog_keeps_the_conclusions_until_the_meeting_is_saved_closed(
    demo_path: Path, files: HeldFiles
) -> None:
    conclusions = "A joint stand at the Christmas market.\nPrices from the printer."
    async with live_meeting(demo_path, 1) as (pilot, live, _line):
        app = pilot.app
        meeting = live.meeting
        await pilot.press("f8")
        await wait_until(pilot, lambda: isinstance(app.screen, CloseMeetingScreen), seconds=10)
        dialog = app.screen
        assert not dialog.holds_unsaved_text
        post_typed(app, conclusions)
        await wait_until(pilot, lambda: dialog.query_one(TextArea).text == conclusions, seconds=10)
        assert dialog.holds_unsaved_text

        files.held = True
        post_keys(app, "ctrl+s")
        await wait_until(pilot, lambda: bool(errors_told(app)), seconds=10)
        assert app.screen is dialog and dialog.query_one(TextArea).text == conclusions
        assert "Could not save" in errors_told(app)[-1]
        assert live.meeting.status is not MeetingStatus.HELD

        files.held = False
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, AfterMeetingScreen), seconds=10)
    repository = reopen(demo_path)
    try:
        held = repository.meeting(meeting.id)
        assert held.status is MeetingStatus.HELD and held.conclusions == conclusions
    finally:
        repository.workspace.close()


async def test_conclusions_longer_than_a_meeting_may_keep_are_told_and_kept_in_the_dialog(demo_path: Path) -> None:
    """The conclusions travel in bundles, whose import refuses a text over the limit: the dialog
    says so, beside nothing lost, instead of closing a meeting no bundle could carry."""
    async with live_meeting(demo_path, 1) as (pilot, live, _line):
        app = pilot.app
        await pilot.press("f8")
        await wait_until(pilot, lambda: isinstance(app.screen, CloseMeetingScreen), seconds=10)
        dialog = app.screen
        dialog.query_one(TextArea).text = "x" * (LONG_TEXT_MAX + 1)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: bool(errors_told(app)), seconds=10)
        assert "20,000" in errors_told(app)[-1] or "20 000" in errors_told(app)[-1], errors_told(app)
        assert app.screen is dialog and len(dialog.query_one(TextArea).text) == LONG_TEXT_MAX + 1
        assert live.meeting.status is not MeetingStatus.HELD
        dialog.query_one(TextArea).text = "x" * LONG_TEXT_MAX
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, AfterMeetingScreen), seconds=10)


@pytest.mark.parametrize(
    ("opening", "typed", "saved"),
    [("enter", " changed", f"{EARLIER} changed"), ("f3", "#PS", EARLIER)],
    ids=["edit", "tag"],
)
async def test_an_entrys_dialog_keeps_its_line_until_the_entry_is_saved(
    demo_path: Path, files: HeldFiles, opening: str, typed: str, saved: str
) -> None:
    async with live_meeting(demo_path, 1) as (pilot, live, _line):
        app = pilot.app
        live.query_one(MemoLog).focus()
        await pilot.press(opening)
        await wait_until(pilot, lambda: isinstance(app.screen, MemoLineScreen), seconds=10)
        dialog = app.screen
        field = dialog.query_one(Input)
        before = field.value
        post_typed(app, typed)
        await wait_until(pilot, lambda: field.value == before + typed, seconds=10)
        assert dialog.holds_unsaved_text

        files.held = True
        post_keys(app, "enter")
        await wait_until(pilot, lambda: bool(errors_told(app)), seconds=10)
        assert app.screen is dialog and field.value == before + typed
        assert [(entry.text, entry.codes) for entry in live._entries] == [(EARLIER, [])]

        files.held = False
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is live, seconds=10)
        meeting = live.meeting
    repository = reopen(demo_path)
    try:
        (entry,) = repository.memo(meeting.id)
        assert entry.text == saved and entry.codes == ["PS"] * (opening == "f3")
    finally:
        repository.workspace.close()


async def test_the_recode_dialog_keeps_the_codes_until_the_recode_is_saved(demo_path: Path, files: HeldFiles) -> None:
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        analysis = ActivityAnalysisScreen(app.repository)
        await app.push_screen(analysis)
        await wait_until(pilot, lambda: analysis.network is not None, seconds=30)
        await pilot.press("2")
        await pilot.pause()
        target = analysis.selected_entry()
        assert target is not None
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, RecodeDialog), seconds=10)
        dialog = app.screen
        field = dialog.query_one(Input)
        post_keys(app, "ctrl+u")
        post_typed(app, "RI VI")
        await wait_until(pilot, lambda: field.value == "RI VI", seconds=10)

        files.held = True
        post_keys(app, "enter")
        await wait_until(pilot, lambda: bool(errors_told(app)), seconds=10)
        assert app.screen is dialog and field.value == "RI VI"

        files.held = False
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is analysis, seconds=10)
    repository = reopen(demo_path)
    try:
        codings = repository.codings(target.meeting.id)
        assert [(coding.entry_id, coding.codes) for coding in codings] == [(target.entry.id, ["RI", "VI"])]
    finally:
        repository.workspace.close()


async def test_esc_in_the_closing_dialog_asks_before_it_throws_the_conclusions_away(demo_path: Path) -> None:
    async with live_meeting(demo_path, 1) as (pilot, live, _line):
        app = pilot.app
        await pilot.press("f8")
        await wait_until(pilot, lambda: isinstance(app.screen, CloseMeetingScreen), seconds=10)
        assert not app.screen.holds_unsaved_text
        await pilot.press("escape")  # nothing typed: the meeting simply goes on
        await wait_until(pilot, lambda: app.screen is live, seconds=10)

        await pilot.press("f8")
        await wait_until(pilot, lambda: isinstance(app.screen, CloseMeetingScreen), seconds=10)
        dialog = app.screen
        post_typed(app, "We meet in January")
        post_keys(app, "escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), seconds=10)
        await pilot.press("escape")  # no: back to the conclusions, as typed
        await wait_until(pilot, lambda: app.screen is dialog, seconds=10)
        assert dialog.query_one(TextArea).text == "We meet in January"
        await pilot.press("escape", "y")  # yes: thrown away, the meeting goes on
        await wait_until(pilot, lambda: app.screen is live, seconds=10)
        assert live.meeting.status is not MeetingStatus.HELD


async def test_esc_in_a_form_asks_before_it_throws_typed_text_away(demo_path: Path) -> None:
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, GroupForm), seconds=10)
        form = app.screen
        assert not form.holds_unsaved_text
        await pilot.press("escape")  # nothing typed: closed at once
        await wait_until(pilot, lambda: app.screen is home, seconds=10)

        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, GroupForm), seconds=10)
        form = app.screen
        post_typed(app, "A new name")
        post_keys(app, "escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), seconds=10)
        assert form.holds_unsaved_text
        await pilot.press("n")
        await wait_until(pilot, lambda: app.screen is form, seconds=10)
        assert form.query_one("#input-name", Input).value == "A new name"
        await pilot.press("escape", "y")
        await wait_until(pilot, lambda: app.screen is home, seconds=10)
