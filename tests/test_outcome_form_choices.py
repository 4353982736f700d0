"""The outcome form's staff field and its meetings: a stored staff count shown as it is typed and
read back, and the meetings a chosen entry brings with it listed and unticked with it."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, SelectionList

from facilitator.app import make_app
from facilitator.model import MeetingStatus, Outcome, Role
from facilitator.model.development import read_staff
from screens.outcome_form import OutcomeForm
from storage.workspace import Workspace
from tests.conftest import demo_clock

pytestmark = pytest.mark.app


def an_entrepreneur_with_entries(repository):
    """A member with entries in at least two meetings, and an outcome of theirs not yet saved."""
    group = repository.groups()[0]
    held = [meeting for meeting in repository.meetings(group.id) if meeting.status is MeetingStatus.HELD]
    for person in repository.people(group.id):
        if person.role is not Role.MEMBER:
            continue
        meetings = {
            meeting.id
            for meeting in held
            for entry in repository.memo(meeting.id)
            if person.id in entry.people and not entry.deleted
        }
        if len(meetings) >= 2:
            return person
    raise AssertionError("the demo has a member mentioned in two meetings")


async def test_a_stored_staff_of_two_and_a_quarter_is_shown_as_it_reads_back_and_saves(demo_path: Path) -> None:
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        repository = app.repository
        person = an_entrepreneur_with_entries(repository)
        outcome = repository.save_outcome(
            Outcome(person_id=person.id, day=demo_clock().date(), description="Hired", staff_after=2.25)
        )
        saved: list[Outcome | None] = []
        app.push_screen(OutcomeForm(repository, outcome), saved.append)
        await pilot.pause()
        form = app.screen
        shown = form.query_one("#input-staff_after", Input).value
        assert shown == "2.2" and read_staff(shown) == 2.2
        assert form.query_one("#input-staff_after", Input).placeholder == "for example 2.5"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert saved and saved[0] is not None and saved[0].staff_after == 2.2


async def test_unticking_the_last_entry_of_a_meeting_unticks_the_meeting_it_ticked(demo_path: Path) -> None:
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        repository = app.repository
        person = an_entrepreneur_with_entries(repository)
        app.push_screen(OutcomeForm(repository, Outcome(person_id=person.id, day=demo_clock().date())))
        await pilot.pause()
        form = app.screen
        entries = form.query_one("#input-entry_ids", SelectionList)
        meetings = form.query_one("#input-meeting_ids", SelectionList)
        # Every meeting an entry could bring is listed, where they were present or not.
        listed = {meetings.get_option_at_index(index).value for index in range(meetings.option_count)}
        assert {linkable.meeting.id for linkable in form._entries} <= listed
        first = form._entries[0]
        entries.focus()
        entries.highlighted = 0
        await pilot.press("space")
        await pilot.pause()
        assert first.meeting.id in meetings.selected
        await pilot.press("space")
        await pilot.pause()
        assert first.meeting.id not in meetings.selected

        # A meeting ticked by hand stays when its entry is unticked.
        meetings.select(first.meeting.id)
        meetings.focus()
        meetings.highlighted = next(
            index
            for index in range(meetings.option_count)
            if meetings.get_option_at_index(index).value == first.meeting.id
        )
        await pilot.press("space")  # unticked by hand
        await pilot.press("space")  # and ticked by hand again
        await pilot.pause()
        entries.focus()
        await pilot.press("space")
        await pilot.press("space")
        await pilot.pause()
        assert first.meeting.id in meetings.selected
