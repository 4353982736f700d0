"""Keys typed quickly into forms and dialogs: every key goes where the focus was when it was typed.

The keys are posted to the real app as the terminal driver posts them, all at once, with no pause
(Pilot's ``press`` waits for the app to go idle after every key, which hides the race): the letters
typed just before ctrl+s are saved with it, and the letters typed after Enter or tab go to the next
field, not to the one the Enter left.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.widgets import Select

from facilitator.app import make_app
from screens.feedback_form import FeedbackForm
from screens.group_form import GroupForm
from screens.home import HomeScreen
from screens.member_form import MemberForm
from screens.roster import RosterScreen
from screens.widgets.form_field import FormField
from storage.workspace import Workspace
from tests.conftest import demo_clock, reopen
from tests.test_feedback import Ticking, open_feedback, stored, without_feedback
from tests.test_memo_burst import post_typed, wait_until
from tests.test_prepare_screen import open_prepare, plan_first_group

pytestmark = pytest.mark.app

SIZE = (80, 24)


def post_keys(app, *keys: str) -> None:
    """Named keys (``ctrl+s``, ``tab``), posted as the terminal driver posts them: no waiting."""
    for key in keys:
        app.post_message(events.Key(key, None))


async def test_a_group_renamed_in_one_burst_is_saved_as_typed(demo_path: Path) -> None:
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        await pilot.press("r")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, GroupForm)
        group_id = form._group.id
        # The name is selected as the form opens: typing replaces it, as it does the next fields'.
        post_typed(app, "Ohcejohka XYZ\nSápmi")  # the name, Enter, the region
        post_keys(app, "tab")
        post_typed(app, "Ohcejohka")  # the municipality
        post_keys(app, "ctrl+s")
        await wait_until(pilot, lambda: app.screen is home, seconds=10)
    repository = reopen(demo_path)
    try:
        group = repository.group(group_id)
        assert (group.name, group.region, group.municipality) == ("Ohcejohka XYZ", "Sápmi", "Ohcejohka")
    finally:
        repository.workspace.close()


async def test_a_person_typed_in_one_burst_keeps_each_field_apart(demo_path: Path) -> None:
    """Enter moves on before the next letters come: "Anna" Enter "Acme" never becomes "AnnaAcme"."""
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        roster = app.screen
        assert isinstance(roster, RosterScreen)
        group_id = roster.group.id
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, MemberForm)
        post_typed(app, "Anna Aalto\nAcme")  # the role's list takes no letters: "Acme" is not the name's
        await wait_until(pilot, lambda: isinstance(form.focused, Select), seconds=10)
        await pilot.pause()
        assert form.query_one("#field-name", FormField).value == "Anna Aalto"
        await pilot.press("tab")  # from the list, whose keys go round the app as usual, to the company
        post_typed(app, "Acme Oy\nLeipomo\nInari\n")
        post_keys(app, "ctrl+s")
        await wait_until(pilot, lambda: app.screen is roster, seconds=10)
    repository = reopen(demo_path)
    try:
        (anna,) = [person for person in repository.people(group_id) if person.name.startswith("Anna")]
        assert (anna.name, anna.company, anna.business_field, anna.municipality) == (
            "Anna Aalto",
            "Acme Oy",
            "Leipomo",
            "Inari",
        )
    finally:
        repository.workspace.close()


async def test_ctrl_s_from_the_role_list_saves_the_person(demo_path: Path) -> None:
    """ctrl+s is no longer a priority key: a focused list (or text area) still lets it through."""
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        roster = app.screen
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, MemberForm)
        form.query_one("#field-name", FormField).value = "Bertta Berg"
        form.query_one("#input-role", Select).focus()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is roster


async def test_the_preparation_form_typed_in_one_burst_is_saved_as_typed(demo_path: Path) -> None:
    plan_first_group(demo_path)
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        prepare = await open_prepare(pilot)
        meeting_id = prepare.meeting.id
        theme = prepare.query_one("#field-theme", FormField)
        theme.value = ""
        theme.focus_input()
        await pilot.pause()
        post_typed(app, "Pricing in winter\nSauna hall")  # the theme, Enter, the place
        post_keys(app, "ctrl+s")
        await wait_until(pilot, lambda: prepare.meeting.location == "Sauna hall", seconds=10)
    repository = reopen(demo_path)
    try:
        meeting = repository.meeting(meeting_id)
        assert (meeting.theme, meeting.location) == ("Pricing in winter", "Sauna hall")
    finally:
        repository.workspace.close()


async def test_feedback_responses_typed_in_one_burst_are_each_saved_as_typed(demo_path: Path) -> None:
    """ctrl+n saves the response and empties the form where it comes among the keys: the next
    response, typed straight after it, is not mixed into the one before."""
    group_id, meeting_id = without_feedback(demo_path)
    app = make_app(Workspace.open(demo_path), Ticking())
    async with app.run_test(size=SIZE) as pilot:
        await open_feedback(pilot, group_id, meeting_id)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FeedbackForm)
        post_typed(app, "5\ny\nGood evening")
        post_keys(app, "ctrl+n")
        post_typed(app, "2\nn\nToo long")
        post_keys(app, "ctrl+s")
        await wait_until(pilot, lambda: app.screen is not form, seconds=10)
    assert [
        (response.usefulness, response.recommend, response.comment) for response in stored(demo_path, meeting_id)
    ] == [(5, True, "Good evening"), (2, False, "Too long")]
