"""The drafts on the after-meeting screen: walked through with the group's memo read once, removed
with the key that removes on the roster and the timeline, and the keys out of the footer named in help."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, OptionList

from facilitator.app import make_app
from facilitator.model import MeetingStatus, Outcome, Role
from screens.after_meeting import AfterMeetingScreen
from screens.confirm import ConfirmScreen
from screens.key_names import keys_named
from screens.outcome_form import OutcomeForm
from storage.workspace import Workspace
from tests.conftest import demo_clock

pytestmark = pytest.mark.app

SIZE = (80, 24)


def held_with_drafts(repository, count: int):
    """The group's last held meeting with ``count`` drafts of its own (none other), in walk order."""
    group = repository.groups()[0]
    held = max(
        (meeting for meeting in repository.meetings(group.id) if meeting.status is MeetingStatus.HELD),
        key=lambda meeting: meeting.starts_at,
    )
    for earlier in repository.draft_outcomes(held.id):
        repository.remove_outcome(earlier.id)
    members = [person for person in repository.people(group.id) if person.role is Role.MEMBER]
    entry = repository.memo(held.id)[0]
    for number in range(count):
        repository.save_outcome(
            Outcome(
                person_id=members[number].id,
                day=demo_clock().date(),
                description=f"draft {number}",
                entry_ids=[entry.id],
                meeting_ids=[held.id],
                draft=True,
            )
        )
    return group, held, repository.draft_outcomes(held.id)


async def test_the_walk_reads_the_groups_memo_once_for_every_form(demo_path: Path) -> None:
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        repository = app.repository
        group, held, drafts = held_with_drafts(repository, 2)
        app.push_screen(AfterMeetingScreen(repository, group, held))
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        first = app.screen
        assert isinstance(first, OutcomeForm) and first._outcome.id == drafts[0].id
        first.query_one("#input-description", Input).value = "Hired a first employee"
        await pilot.press("ctrl+s")
        await pilot.pause()
        second = app.screen
        assert isinstance(second, OutcomeForm) and second._outcome.id == drafts[1].id
        assert second._memo is first._memo  # read once, as the walk began
        assert held.id in second._memo.records and second._memo.damaged == []
        # a form opened alone reads the memo itself, with the same choices
        alone = OutcomeForm(repository, drafts[1])
        assert alone._memo is not second._memo
        assert [found.id for found in alone._meetings] == [found.id for found in second._meetings]
        assert [found.id for found in alone._entries] == [found.id for found in second._entries]


async def test_d_removes_the_selected_draft_once_confirmed_and_help_names_the_keys(demo_path: Path) -> None:
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        repository = app.repository
        group, held, (gone, kept) = held_with_drafts(repository, 2)
        app.push_screen(AfterMeetingScreen(repository, group, held))
        await pilot.pause()
        after = app.screen
        assert isinstance(after, AfterMeetingScreen)
        help_text = after.current_help()
        assert keys_named(after, "after_meeting.remove_draft") == "d"
        assert "n drafts an outcome again" in help_text and "d removes the draft" in help_text
        assert "ctrl+o opens it" in help_text
        listed = after.query_one("#after-drafts", OptionList)
        listed.focus()
        listed.highlighted = 0
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # no: nothing removed
        await pilot.pause()
        assert app.screen is after
        assert [draft.id for draft in repository.draft_outcomes(held.id)] == [gone.id, kept.id]
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is after
        assert [draft.id for draft in repository.draft_outcomes(held.id)] == [kept.id]
        assert [str(option.id) for option in listed.options] == [kept.id]


async def test_a_damaged_meeting_file_is_left_out_of_the_choices_and_named(demo_path: Path) -> None:
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        repository = app.repository
        group, held, drafts = held_with_drafts(repository, 1)
        earlier = min(
            (meeting for meeting in repository.meetings(group.id) if meeting.status is MeetingStatus.HELD),
            key=lambda meeting: meeting.starts_at,
        )
        repository.workspace.meeting_path(earlier.id).write_text("{not json")
        app.push_screen(AfterMeetingScreen(repository, group, held))
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, OutcomeForm) and form._outcome.id == drafts[0].id
        assert earlier.id not in form._memo.records and held.id in form._memo.records
        assert len(form._memo.damaged) == 1
        assert any(notice.title == "A meeting's file is damaged" for notice in app._notifications)
