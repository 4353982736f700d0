"""An outcome drafted from a memo line in the real live screen, refused without its entrepreneur,
not drafted twice when its entry is edited, completed after the meeting in the outcome form, and
shown on the entrepreneur's timeline with the meetings behind it."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from textual.widgets import Input, Select, SelectionList, TextArea

from facilitator.app import make_app
from facilitator.model import MeetingStatus, MemoKind, OutcomeKind, Role
from screens.after_meeting import AfterMeetingScreen
from screens.close_meeting import CloseMeetingScreen
from screens.memo_line import MemoLineScreen
from screens.outcome_form import OutcomeForm
from screens.timeline import TimelineScreen
from screens.widgets.memo_log import MemoLog
from screens.widgets.plain import Plain
from screens.widgets.record_table import RecordTable
from storage.workspace import Workspace
from tests.conftest import MovingClock, reopen
from tests.test_live_screen import SIZE, first_group_meeting, open_live, type_line

pytestmark = pytest.mark.app


async def test_an_outcome_drafted_live_is_completed_after_the_meeting(demo_path: Path) -> None:
    _name, meeting = first_group_meeting(demo_path)
    clock = MovingClock(meeting.starts_at - timedelta(minutes=10))
    app = make_app(Workspace.open(demo_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        live = await open_live(pilot)
        repository = live.repository
        members = [person for person in repository.people(meeting.group_id) if person.role is Role.MEMBER]
        hosts = {held.host_id for held in repository.meetings(meeting.group_id) if held.status is MeetingStatus.HELD}
        entrepreneur = next(person for person in members if person.id in hosts)  # has entries of earlier meetings
        helper = next(person for person in members if person.id != entrepreneur.id)

        # Refused without the entrepreneur: the line stays, nothing is saved or drafted.
        await type_line(pilot, "hired a first employee !outcome", saved=False)
        assert "An outcome names its entrepreneur: mention them with @name." in str(
            live.query_one("#memo-problems").render()
        )
        assert repository.memo(meeting.id) == [] and repository.draft_outcomes(meeting.id) == []
        live.query_one("#memo-line", Input).value = ""

        await type_line(pilot, f"@{entrepreneur.name} hired a first employee, @{helper.name} advised !outcome #GC")
        [entry] = repository.memo(meeting.id)
        assert (entry.kind, entry.codes, entry.people) == (MemoKind.NOTE, ["GC"], [entrepreneur.id, helper.id])
        assert entry.text == f"{entrepreneur.name} hired a first employee, {helper.name} advised"
        [draft] = repository.draft_outcomes(meeting.id)
        assert (draft.person_id, draft.kind, draft.description, draft.draft) == (
            entrepreneur.id, OutcomeKind.OTHER, entry.text, True,
        )  # fmt: skip
        assert (draft.entry_ids, draft.meeting_ids, draft.involved) == ([entry.id], [meeting.id], [helper.id])
        assert draft.day == meeting.starts_at.astimezone(ZoneInfo(live.group.time_zone)).date()
        assert any(f"An outcome was drafted for {entrepreneur.name}" in note.message for note in app._notifications)
        assert "outcome of" in live._describe_tags(entry)

        # Editing the entry with the marker again drafts no second outcome.
        log = live.query_one(MemoLog)
        log.focus()
        log.move_cursor(row=0)
        await pilot.press("enter")
        await pilot.pause()
        editor = pilot.app.screen
        assert isinstance(editor, MemoLineScreen)
        editor.query_one(Input).value += " !outcome"
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.screen is live
        assert len(repository.draft_outcomes(meeting.id)) == 1
        await type_line(pilot, "!d Next meeting at the harbour")

        # Close the meeting: the after-meeting screen lists the draft.
        clock.advance(minutes=100)
        await pilot.press("f8")
        await pilot.pause()
        closing = pilot.app.screen
        assert isinstance(closing, CloseMeetingScreen)
        closing.query_one(TextArea).text = "A first employee hired."
        await pilot.press("ctrl+s")
        await pilot.pause()
        after = pilot.app.screen
        assert isinstance(after, AfterMeetingScreen)
        assert "1 outcome drafted" in str(after.query_one("#after-drafts-title").render())

        # Complete it in the outcome form.
        await pilot.press("o")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, OutcomeForm)
        entries = form.query_one("#input-entry_ids", SelectionList)
        assert entry.id in entries.selected
        form.query_one("#input-kind", Select).value = OutcomeKind.FIRST_EMPLOYEE.value
        form.query_one("#input-description", Input).value = "Hired a first employee for the summer season"
        form.query_one("#input-staff_after", Input).value = "abc"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is form  # refused: everything typed stays
        assert form.query_one("#input-description", Input).value == "Hired a first employee for the summer season"
        assert str(form.query_one("#field-staff_after .field-error").render())
        form.query_one("#input-staff_after", Input).value = "2,5"

        # Words narrow the entries down; an earlier entry of the entrepreneur is chosen too.
        search = form.query_one("#outcome-search", Input)
        search.value = "zzzz nothing"
        await pilot.pause()
        assert entries.option_count == 0
        search.value = ""
        await pilot.pause()
        earlier = next(linkable for linkable in form._entries if linkable.id != entry.id)
        words = " ".join(earlier.entry.text.split()[:2])
        search.value = words.upper()
        await pilot.pause()
        assert 0 < entries.option_count <= len(form._entries)
        entries.focus()
        entries.highlighted = next(
            index for index in range(entries.option_count) if entries.get_option_at_index(index).value == earlier.id
        )
        await pilot.press("space")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, AfterMeetingScreen)
        assert not pilot.app.screen.query_one("#after-drafts").display

        # The completed outcome is on the entrepreneur's timeline, with the meetings behind it.
        pilot.app.push_screen(TimelineScreen(repository, entrepreneur))
        await pilot.pause()
        timeline = pilot.app.screen
        assert isinstance(timeline, TimelineScreen)
        [completed] = [found for found in repository.outcomes_of(entrepreneur.id) if entry.id in found.entry_ids]
        events = timeline.query_one("#timeline-events", RecordTable)
        events.move_cursor(row=events.get_row_index(f"outcome:{completed.id}"))
        await pilot.pause()
        details = str(timeline.query_one("#timeline-details", Plain).content)
        assert "Hired a first employee for the summer season" in details
        assert meeting.theme in details and earlier.meeting.theme in details

    repository = reopen(demo_path)
    try:
        assert repository.draft_outcomes(meeting.id) == []
        [outcome] = [found for found in repository.outcomes_of(entrepreneur.id) if entry.id in found.entry_ids]
        assert (outcome.kind, outcome.staff_after, outcome.draft) == (OutcomeKind.FIRST_EMPLOYEE, 2.5, False)
        assert outcome.description == "Hired a first employee for the summer season"
        assert outcome.entry_ids == [entry.id, earlier.id]
        assert outcome.meeting_ids[0] == meeting.id and earlier.meeting.id in outcome.meeting_ids
        assert outcome.involved == [helper.id]
    finally:
        repository.workspace.close()


async def test_an_outcome_that_cannot_be_drafted_leaves_its_entry_saved_and_says_why(demo_path: Path) -> None:
    _name, meeting = first_group_meeting(demo_path)
    app = make_app(Workspace.open(demo_path), clock=MovingClock(meeting.starts_at))
    async with app.run_test(size=SIZE) as pilot:
        live = await open_live(pilot)
        repository = live.repository
        entrepreneur = next(person for person in repository.people(meeting.group_id) if person.role is Role.MEMBER)
        network = demo_path / "network.json"
        kept = network.read_bytes()
        network.unlink()
        network.mkdir()  # the network file cannot be written: the meeting's own file can
        try:
            await type_line(pilot, f"@{entrepreneur.name} started exporting to Norway !outcome")
        finally:
            network.rmdir()
            network.write_bytes(kept)
        [entry] = repository.memo(meeting.id)
        assert entry.text == f"{entrepreneur.name} started exporting to Norway"
        assert live.query_one(MemoLog).row_count == 1
        notes = [note.message for note in app._notifications]
        assert any(
            note.startswith(f"The entry is saved, but no outcome could be drafted for {entrepreneur.name}: ")
            for note in notes
        ), notes
        assert repository.draft_outcomes(meeting.id) == []

        # Tagged with the marker once the disk is back, the entry drafts its outcome after all.
        await pilot.press("ctrl+t")
        await pilot.pause()
        tagging = pilot.app.screen
        assert isinstance(tagging, MemoLineScreen)
        tagging.query_one(Input).value = f"!r @{entrepreneur.name}"
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.screen is live
        [draft] = repository.draft_outcomes(meeting.id)
        assert (draft.person_id, draft.entry_ids, draft.description) == (entrepreneur.id, [entry.id], entry.text)
