"""Feedback: the form's rules, what the responses add up to, entering, correcting and removing
responses through the real app with the result on disk, and the printed form read back."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from textual.widgets import Input

from exports.meeting_files import write_meeting_file
from exports.pdf.feedback_form import (
    comment_question,
    recommend_question,
    usefulness_question,
    write_feedback_form_pdf,
)
from exports.pdf.signin import BOX
from facilitator.app import make_app
from facilitator.model import Meeting, MeetingStatus
from facilitator.model.feedback import COMMENT_MAX, FeedbackResponse, check_feedback_form, summarise_feedback
from screens.confirm import ConfirmScreen
from screens.feedback import FeedbackScreen
from screens.feedback_form import FeedbackForm
from screens.widgets.form_field import FormField
from screens.widgets.record_table import RecordTable
from storage.repository import Repository
from storage.workspace import Workspace
from tests.conftest import demo_clock, reopen
from tests.test_agenda_pdf import THEME, flowing, page_texts, saved_meeting
from tests.test_calendar_export import make_group, make_hosts, make_meeting

SIZE = (80, 24)
HELSINKI = "Europe/Helsinki"
SAMI_GROUP = "Čuoŋ Đuođđi Ŧeahkká Žaná peer group"

# -- the form's rules -------------------------------------------------------------------------------


def blank(meeting_id: str = "m1") -> FeedbackResponse:
    return FeedbackResponse(meeting_id=meeting_id, usefulness=0)


def test_a_filled_in_form_gives_the_response() -> None:
    values = {"usefulness": " 4 ", "recommend": "y", "comment": "  Good host. "}
    response, problems = check_feedback_form(values, blank())
    assert problems == []
    assert (response.usefulness, response.recommend, response.comment) == (4, True, "Good host.")
    assert response.meeting_id == "m1"


@pytest.mark.parametrize(
    ("typed", "answer"),
    [("y", True), ("Y", True), ("yes", True), ("n", False), ("No", False), ("", None), ("   ", None)],
)
def test_would_recommend_is_y_n_or_blank(typed: str, answer: bool | None) -> None:
    response, problems = check_feedback_form({"usefulness": "3", "recommend": typed}, blank())
    assert problems == [] and response.recommend is answer


@pytest.mark.parametrize("typed", ["", "0", "6", "10", "x", "4.5", "3.0", "-1", "four"])
def test_a_usefulness_outside_one_to_five_is_told(typed: str) -> None:
    _response, problems = check_feedback_form({"usefulness": typed, "recommend": "y"}, blank())
    assert [(problem.field, problem.message) for problem in problems] == [
        ("usefulness", "Give a whole number from 1 to 5.")
    ]


def test_every_bad_field_is_told_at_once() -> None:
    values = {"usefulness": "9", "recommend": "maybe", "comment": "x" * (COMMENT_MAX + 1)}
    _response, problems = check_feedback_form(values, blank())
    assert {problem.field: problem.message for problem in problems} == {
        "usefulness": "Give a whole number from 1 to 5.",
        "recommend": "Write y for yes, n for no, or leave it empty.",
        "comment": f"Keep the comment under {COMMENT_MAX:,} characters.",
    }
    assert all(problem.label for problem in problems)


def test_the_summary_counts_responses_averages_usefulness_and_leaves_out_removed_ones() -> None:
    assert summarise_feedback([]).describe() == "no feedback"
    responses = [
        FeedbackResponse(meeting_id="m1", usefulness=5, recommend=True),
        FeedbackResponse(meeting_id="m1", usefulness=4, recommend=False),
        FeedbackResponse(meeting_id="m1", usefulness=3),
        FeedbackResponse(meeting_id="m1", usefulness=1, recommend=False, deleted=True),
    ]
    summary = summarise_feedback(responses)
    assert (summary.responses, summary.usefulness_average, summary.recommend_yes, summary.recommend_answered) == (
        3,
        4.0,
        1,
        2,
    )
    assert summary.describe() == "3 responses, usefulness 4.0/5, 1 of 2 would recommend"
    assert summarise_feedback(responses[2:3]).describe() == "1 response, usefulness 3.0/5"


# -- through the app --------------------------------------------------------------------------------


class Ticking:
    """A clock a second further on every time it is read: responses saved one after the other
    keep their order on disk, and "today" stays the demo day."""

    def __init__(self) -> None:
        self.moment = demo_clock()

    def __call__(self) -> datetime:
        self.moment += timedelta(seconds=1)
        return self.moment


def last_held(folder: Path) -> tuple[str, str]:
    """(group id, meeting id) of the first demo group's last held meeting."""
    repository = reopen(folder)
    try:
        group = repository.groups()[0]
        held = [meeting for meeting in repository.meetings(group.id) if meeting.status is MeetingStatus.HELD]
        return group.id, max(held, key=lambda meeting: meeting.starts_at).id
    finally:
        repository.workspace.close()


def without_feedback(folder: Path) -> tuple[str, str]:
    """(group id, meeting id) of a meeting of the first demo group with no feedback yet: the last
    held one without any, else the next one."""
    repository = reopen(folder)
    try:
        group = repository.groups()[0]
        meetings = sorted(repository.meetings(group.id), key=lambda meeting: meeting.starts_at)
        held = [meeting for meeting in meetings if meeting.status is MeetingStatus.HELD]
        bare = [meeting for meeting in held if not repository.feedback(meeting.id)]
        if bare:
            return group.id, bare[-1].id
        return group.id, next(meeting for meeting in meetings if meeting.status is not MeetingStatus.HELD).id
    finally:
        repository.workspace.close()


def stored(folder: Path, meeting_id: str) -> list[FeedbackResponse]:
    repository = reopen(folder)
    try:
        return repository.feedback(meeting_id)
    finally:
        repository.workspace.close()


async def open_feedback(pilot, group_id: str, meeting_id: str) -> FeedbackScreen:
    repository = pilot.app.repository
    await pilot.app.push_screen(FeedbackScreen(repository, repository.group(group_id), repository.meeting(meeting_id)))
    await pilot.pause()
    assert isinstance(pilot.app.screen, FeedbackScreen)
    return pilot.app.screen


def rows(screen: FeedbackScreen) -> list[list[str]]:
    table = screen.query_one("#feedback", RecordTable)
    return [[str(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]


def summary_line(screen: FeedbackScreen) -> str:
    return str(screen.query_one("#feedback-summary").render())


def field(form: FeedbackForm, name: str) -> FormField:
    return form.query_one(f"#field-{name}", FormField)


async def fill(pilot, usefulness: str, recommend: str, comment: str) -> FeedbackForm:
    """Type a response as from a paper form: keys for the short fields, Enter between them."""
    form = pilot.app.screen
    assert isinstance(form, FeedbackForm)
    await pilot.press(*usefulness, "enter")
    await pilot.press(*recommend, "enter")
    assert form.query_one("#input-comment", Input).has_focus, "Enter moves on to the next field"
    form.query_one("#input-comment", Input).value = comment  # Sami letters are not keys
    await pilot.pause()
    return form


def messages(app) -> list[str]:
    return [notification.message for notification in app._notifications]


@pytest.mark.app
async def test_enter_three_responses_correct_one_and_remove_one(demo_path: Path) -> None:
    group_id, meeting_id = without_feedback(demo_path)
    app = make_app(Workspace.open(demo_path), Ticking())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_feedback(pilot, group_id, meeting_id)
        assert summary_line(screen) == "no feedback"
        assert screen.query_one("#no-feedback").display and not screen.query_one("#feedback").display

        await pilot.press("n")
        await pilot.pause()
        form = await fill(pilot, "5", "y", "Áilu's stand idea: Ŋ, Ŧ, Ž, Đ, Č")
        assert str(form.query_one("#form-title").render()) == "Feedback response 1"
        await pilot.press("ctrl+n")  # save, and on to the next paper form
        await pilot.pause()
        assert app.screen is form
        assert all(field(form, name).value == "" for name in ("usefulness", "recommend", "comment"))
        assert str(form.query_one("#form-title").render()) == "Feedback response 2"
        assert form.query_one("#input-usefulness", Input).has_focus
        assert len(rows(screen)) == 1, "the list behind the form is kept up to date"
        await fill(pilot, "4", "n", "Too long")
        await pilot.press("ctrl+n")
        await pilot.pause()
        await fill(pilot, "3", "", "ok")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert rows(screen) == [
            ["1", "5", "yes", "Áilu's stand idea: Ŋ, Ŧ, Ž, Đ, Č"],
            ["2", "4", "no", "Too long"],
            ["3", "3", "–", "ok"],
        ]
        table = screen.query_one("#feedback", RecordTable)
        assert table.display and table.cursor_row == 2, "the cursor goes to the new response"
        assert summary_line(screen) == "3 responses, usefulness 4.0/5, 1 of 2 would recommend"
        assert str(screen.query_one("#feedback-comment").render()) == "ok"

        # Correct the second: usefulness 4 → 2.
        table.move_cursor(row=1)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FeedbackForm)
        assert [field(form, name).value for name in ("usefulness", "recommend", "comment")] == ["4", "n", "Too long"]
        await pilot.press("backspace", "2", "ctrl+s")
        await pilot.pause()
        assert app.screen is screen and rows(screen)[1] == ["2", "2", "no", "Too long"] and table.cursor_row == 1
        assert summary_line(screen) == "3 responses, usefulness 3.3/5, 1 of 2 would recommend"

        # Remove the third, once the question is answered yes.
        table.move_cursor(row=2)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert len(rows(screen)) == 3, "no keeps the response"
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert [row[3] for row in rows(screen)] == ["Áilu's stand idea: Ŋ, Ŧ, Ž, Đ, Č", "Too long"]
        assert summary_line(screen) == "2 responses, usefulness 3.5/5, 1 of 2 would recommend"
        assert "Response 3 removed." in messages(app)

    on_disk = stored(demo_path, meeting_id)
    assert [(response.usefulness, response.recommend, response.comment) for response in on_disk] == [
        (5, True, "Áilu's stand idea: Ŋ, Ŧ, Ž, Đ, Č"),
        (2, False, "Too long"),
    ]
    assert on_disk[1].revision == 2, "corrected in place, not added again"
    assert all(response.meeting_id == meeting_id for response in on_disk)


@pytest.mark.app
async def test_the_demo_feedback_of_a_held_meeting_is_listed_with_its_averages(demo_path: Path) -> None:
    group_id, meeting_id = last_held(demo_path)
    before = stored(demo_path, meeting_id)
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_feedback(pilot, group_id, meeting_id)
        assert summary_line(screen) == summarise_feedback(before).describe()
        assert [row[1] for row in rows(screen)] == [str(response.usefulness) for response in before]
        assert [row[0] for row in rows(screen)] == [str(number) for number in range(1, len(before) + 1)]


@pytest.mark.app
async def test_a_bad_usefulness_is_told_beside_the_field_and_nothing_is_saved(demo_path: Path) -> None:
    group_id, meeting_id = last_held(demo_path)
    before = stored(demo_path, meeting_id)
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_feedback(pilot, group_id, meeting_id)
        await pilot.press("n")
        await pilot.pause()
        form = await fill(pilot, "7", "maybe", "Worth the drive")
        for key in ("ctrl+s", "ctrl+n"):
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is form, key
            assert field(form, "usefulness").error == "Give a whole number from 1 to 5."
            assert field(form, "usefulness").has_class("-invalid")
            assert field(form, "recommend").error == "Write y for yes, n for no, or leave it empty."
            assert not field(form, "comment").error
            assert field(form, "comment").value == "Worth the drive", "what was typed stays"
            assert form.query_one("#input-usefulness", Input).has_focus, "the first field to fix has the cursor"
        assert len(rows(screen)) == len(before)
        await pilot.press("escape", "y")  # what was typed is thrown away only once the user says so
        await pilot.pause()
        assert app.screen is screen and len(rows(screen)) == len(before)
    assert len(stored(demo_path, meeting_id)) == len(before)


@pytest.mark.app
async def test_a_response_removed_meanwhile_is_not_saved_back_and_the_form_keeps_its_text(demo_path: Path) -> None:
    group_id, meeting_id = last_held(demo_path)
    app = make_app(Workspace.open(demo_path), Ticking())
    async with app.run_test(size=SIZE) as pilot:
        saved = app.repository.save_feedback(FeedbackResponse(meeting_id=meeting_id, usefulness=3, comment="first"))
        screen = await open_feedback(pilot, group_id, meeting_id)
        table = screen.query_one("#feedback", RecordTable)
        table.move_cursor(row=table.get_row_index(saved.id))
        app.repository.remove_feedback(saved)  # as from another screen, behind this one's back
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        await pilot.press("backspace", "5", "ctrl+s")
        await pilot.pause()
        assert app.screen is form and field(form, "usefulness").value == "5"
        assert any("removed in the meantime" in message for message in messages(app))
    assert saved.id not in {response.id for response in stored(demo_path, meeting_id)}


@pytest.mark.app
async def test_help_lists_the_keys_and_edit_without_a_response_says_so(demo_path: Path) -> None:
    from textual.widgets import DataTable

    from screens.help import HelpScreen

    group_id, meeting_id = without_feedback(demo_path)
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_feedback(pilot, group_id, meeting_id)
        for key in ("e", "d"):
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is screen
        assert messages(app).count("No response is selected.") == 2
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        keys = app.screen.query_one("#help-keys", DataTable)
        described = [str(keys.get_row_at(index)[1]) for index in range(keys.row_count)]
        for action in ("New", "Edit", "Remove", "Print form", "Back"):
            assert any(line.startswith(action) for line in described), action
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert app.screen is not screen


@pytest.mark.app
async def test_p_prints_the_form_into_the_exports_folder(demo_path: Path, exports_folder: Path) -> None:
    group_id, meeting_id = last_held(demo_path)
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_feedback(pilot, group_id, meeting_id)
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.pause()
        (written,) = [message for message in messages(app) if message.startswith("Written: ")]
        shown, *hint = written.removeprefix("Written: ").splitlines()
        assert hint == ["ctrl+o opens the folder in the file manager."]
        path = Path(shown)
        group = app.repository.group(group_id)
    assert path.parent == exports_folder and re.fullmatch(r"[a-z0-9-]+-feedback-\d{4}-\d\d-\d\d\.pdf", path.name)
    (text,) = page_texts(path)
    assert group.name in text and usefulness_question() in flowing(text)


# -- the printed form -------------------------------------------------------------------------------


def sami_meeting(theme: str = THEME) -> tuple:
    group = dataclasses.replace(make_group(), name=SAMI_GROUP)
    hosts = make_hosts(group)
    meeting = dataclasses.replace(make_meeting(group, date(2026, 12, 8), hosts[0]), theme=theme)
    return group, meeting, hosts[0]


def test_the_form_asks_the_three_questions_on_one_page_with_sami_letters_intact(tmp_path: Path) -> None:
    group, meeting, host = sami_meeting()
    path = write_feedback_form_pdf(group, meeting, host, tmp_path / "feedback.pdf", HELSINKI)
    (text,) = page_texts(path)
    flow = flowing(text)
    for expected in (
        SAMI_GROUP,
        "Feedback",
        "Tuesday 8 December 2026",
        "17:30–20:00",
        host.premises_address,
        THEME,
        "Anonymous: do not write your name.",
        usefulness_question(),
        recommend_question(),
        comment_question(),
        "not useful",
        "very useful",
        "Yes",
        "No",
        "1 2 3 4 5",
    ):
        assert expected in flow, expected
    assert text.count(BOX) == 5 + 2
    assert f"{SAMI_GROUP} · Feedback · Tue 8 Dec 2026" in text and "Page 1 of 1" in text
    assert flow.index(usefulness_question()) < flow.index(recommend_question()) < flow.index(comment_question())
    fonts = [font.get_object() for page in PdfReader(path).pages for font in page["/Resources"]["/Font"].values()]
    names = {str(font["/BaseFont"]) for font in fonts}
    assert names and all(re.fullmatch(r"/[A-Z]{6}\+DejaVuSans(-Bold)?", name) for name in names), names


def test_a_long_theme_still_fits_one_page(tmp_path: Path) -> None:
    group, meeting, host = sami_meeting(" ".join([THEME] * 8))
    pages = page_texts(write_feedback_form_pdf(group, meeting, host, tmp_path / "feedback.pdf", HELSINKI))
    assert len(pages) == 1 and comment_question() in flowing(pages[0])


def test_the_workspace_writes_the_form_under_a_readable_name(repository: Repository) -> None:
    _group, meeting, hosts = saved_meeting(repository)
    path = write_meeting_file(repository, meeting, "feedback")
    assert path == repository.workspace.exports_folder / "inari-peer-group-feedback-2026-12-08.pdf"
    flow = flowing("".join(page_texts(path)))
    assert "Inari peer group" in flow and hosts[0].premises_address in flow and THEME in flow


def test_a_meeting_with_no_place_or_theme_yet_still_prints(repository: Repository, tmp_path: Path) -> None:
    _group, meeting, _hosts = saved_meeting(repository)
    bare: Meeting = repository.save_meeting(dataclasses.replace(meeting, host_id="", location="", theme=""))
    (text,) = page_texts(write_meeting_file(repository, bare, "feedback", tmp_path))
    assert usefulness_question() in flowing(text) and text.count(BOX) == 7


@pytest.mark.processes
@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler's pdftoppm is not installed")
def test_poppler_renders_the_form(tmp_path: Path) -> None:
    group, meeting, host = sami_meeting()
    path = write_feedback_form_pdf(group, meeting, host, tmp_path / "feedback.pdf", HELSINKI)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(path), str(tmp_path / "page")], check=True, capture_output=True)
    assert (tmp_path / "page-1.png").stat().st_size > 0 and not (tmp_path / "page-2.png").exists()
