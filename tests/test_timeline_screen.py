"""The timeline on the screen, as a coordinator uses it: the real app at 80x24 on a demo workspace,
opened from the roster with its key, an outcome shown with the meeting behind it and an interview
with how the intention and the staff moved; entering, removing and printing from it."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from textual.widgets import Select

from facilitator.app import make_app
from facilitator.interview_answers import next_interview
from facilitator.model import InterviewKind
from screens.confirm import ConfirmScreen
from screens.roster import RosterScreen
from screens.timeline import TimelineScreen
from screens.widgets.plain import Plain
from screens.widgets.record_table import RecordTable
from storage.repository import Repository
from storage.workspace import Workspace
from tests.app_support import pdf_text
from tests.conftest import demo_clock
from tests.languages.english import screen_text
from tests.test_timeline import HIRED, Story, tell_story

pytestmark = pytest.mark.app


def row_texts(table: RecordTable, key: str) -> list[str]:
    return [str(cell) for cell in table.get_row(key)]


async def test_t_on_the_roster_shows_the_timeline_with_the_outcome_its_meeting_and_the_interview_change(
    demo_path: Path, exports_folder: Path
) -> None:
    with Workspace.open(demo_path) as workspace:
        story: Story = tell_story(Repository(workspace, demo_clock))
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        roster = app.screen
        assert isinstance(roster, RosterScreen)
        people = roster.query_one("#people", RecordTable)
        people.move_cursor(row=people.get_row_index(story.person.id))
        await pilot.press("t")
        await pilot.pause()
        timeline = app.screen
        assert isinstance(timeline, TimelineScreen) and timeline.person.id == story.person.id
        header = str(timeline.query_one("#timeline-person", Plain).content)
        assert story.person.name in header and "Interviews 2" in header and "Outcomes 1 (and 1 draft)" in header

        # Newest first: the last row is the joining, the outcome shown with the meeting behind it.
        table = timeline.query_one("#timeline-events", RecordTable)
        keys = [str(row.key.value) for row in table.ordered_rows]
        assert keys[-1] == f"joined:{story.person.id}"
        table.move_cursor(row=keys.index(f"outcome:{story.outcome.id}"))
        await pilot.pause()
        details = str(timeline.query_one("#timeline-details", Plain).content)
        assert HIRED in details and story.chosen_meeting.theme in details
        assert f"members involved: {story.other.name}" in details
        interviews = [key for key in keys if key.startswith("interview:")]
        assert row_texts(table, interviews[0])[1:] == [
            "interview, follow-up",
            "stay as now → grow moderately, staff 1 FTE → 2.5 FTE",
        ]

        # d on the draft, once confirmed, removes it.
        table.move_cursor(row=keys.index(f"outcome:{story.draft.id}"))
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is timeline
        assert f"outcome:{story.draft.id}" not in table.rows
        assert [outcome.id for outcome in app.repository.outcomes_of(story.person.id)] == [story.outcome.id]

        # d on a meeting (the joining, the last row) removes nothing and says what is removed here.
        rows = table.row_count
        table.move_cursor(row=rows - 1)
        await pilot.press("d")
        await pilot.pause()
        assert app.screen is timeline and table.row_count == rows
        assert any(n.message == "Only an interview or an outcome is removed here." for n in app._notifications)

        # i: a follow-up interview (two are on record), saved from its form, then on the timeline.
        await pilot.press("i")
        await pilot.pause()
        form = app.screen
        assert form.__class__.__name__ == "InterviewForm"
        assert form.query_one("#input-kind", Select).value == InterviewKind.FOLLOW_UP.value
        form.query_one("#input-intention", Select).value = "grow_strongly"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is timeline
        (newest,) = [i for i in app.repository.interviews_of(story.person.id) if i.intention.value == "grow_strongly"]
        assert table.selected_key == f"interview:{newest.id}"
        assert row_texts(table, f"interview:{newest.id}")[2].startswith("grow moderately → grow strongly")

        # enter on the outcome opens it in its form; on a meeting it says what can be edited.
        table.move_cursor(row=table.get_row_index(f"outcome:{story.outcome.id}"))
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "OutcomeForm"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is timeline
        table.move_cursor(row=table.row_count - 1)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is timeline
        assert any(n.message == "Only an interview or an outcome is edited here." for n in app._notifications)

        # p writes the PDF in the background and says where.
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.pause()
        (pdf,) = exports_folder.glob("*-timeline-*.pdf")
        assert any(n.message.startswith(f"Written: {pdf}") for n in app._notifications)
        assert HIRED in pdf_text(pdf)

        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is roster


async def test_a_long_description_leaves_the_meetings_behind_and_members_involved_in_sight(demo_path: Path) -> None:
    """A 2,000-character description, the longest the form takes: the pane (7 rows at 80x24)
    shows the meetings behind the outcome and the members involved first, the description shortened."""
    with Workspace.open(demo_path) as workspace:
        repository = Repository(workspace, demo_clock)
        story: Story = tell_story(repository)
        long = repository.save_outcome(
            dataclasses.replace(story.outcome, description=("A long story of the hire. " * 80)[:2000])
        )
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(TimelineScreen(app.repository, app.repository.person(story.person.id)))
        await pilot.pause()
        timeline = app.screen
        table = timeline.query_one("#timeline-events", RecordTable)
        table.move_cursor(row=table.get_row_index(f"outcome:{long.id}"))
        await pilot.pause()
        shown = screen_text(app)
        assert "meetings behind it:" in shown and f"members involved: {story.other.name}" in shown
        assert "A long story of the hire" in shown and "…" in shown

        # F1 lists enter among the keys, with what it does.
        await pilot.press("f1")
        await pilot.pause()
        assert "Edit the interview or outcome under the cursor" in screen_text(app)


async def test_i_for_a_member_who_left_opens_the_interview_on_leaving_as_the_printed_form_says(
    demo_path: Path,
) -> None:
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        repository = app.repository
        group = repository.groups()[0]
        today = repository.today(group.time_zone)
        member = next(person for person in repository.people(group.id) if repository.interviews_of(person.id))
        gone = repository.save_person(dataclasses.replace(member, left=today))
        assert next_interview(gone, repository.interviews_of(gone.id), today)[1] is InterviewKind.LEAVING
        await app.push_screen(TimelineScreen(repository, gone))
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        form = app.screen
        assert form.__class__.__name__ == "InterviewForm"
        assert form.query_one("#input-kind", Select).value == InterviewKind.LEAVING.value
