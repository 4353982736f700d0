"""Outcomes when something went wrong: a damaged outcome record on the live and after-meeting
screens (and reopening after a crash), an outcome line naming no member, a draft lost or whose
entrepreneur was removed, and drafts following the entries they came from."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList

from facilitator.app import make_app
from facilitator.model import MeetingStatus, Outcome, Role
from screens.after_meeting import AfterMeetingScreen
from screens.confirm import ConfirmScreen
from screens.live import LiveScreen
from screens.memo_line import MemoLineScreen
from screens.outcome_entry_picker import OutcomeEntryPicker
from screens.outcome_form import OutcomeForm
from screens.widgets.memo_log import MemoLog
from storage.workspace import Workspace
from tests.app_support import notices
from tests.conftest import MovingClock, demo_clock
from tests.test_live_screen import SIZE, first_group_meeting, open_live, type_line

pytestmark = pytest.mark.app


def damage_an_outcome(folder: Path) -> None:
    """One outcome record of the network file with a day no one can read."""
    network = folder / "network.json"
    document = json.loads(network.read_text())
    table = document["outcomes"]
    damaged = {**next(iter(table.values())), "id": "damaged-outcome", "day": "not a date"}
    table[str(max(int(key) for key in table) + 1)] = damaged
    network.write_text(json.dumps(document))


async def test_a_damaged_outcome_record_leaves_the_memo_working_and_is_told_once(demo_path: Path) -> None:
    _name, meeting = first_group_meeting(demo_path)
    damage_an_outcome(demo_path)
    app = make_app(Workspace.open(demo_path), clock=MovingClock(meeting.starts_at))
    async with app.run_test(size=SIZE) as pilot:
        live = await open_live(pilot)
        await type_line(pilot, "a plain line")
        await type_line(pilot, "another plain line")
        assert [entry.text for entry in live.repository.memo(meeting.id)] == ["a plain line", "another plain line"]
        assert live.query_one(MemoLog).row_count == 2
        told = [note for note in app._notifications if note.title == "Outcomes not shown: the memo goes on"]
        assert len(told) == 1 and "damaged" in told[0].message

    # Reopened as after a crash: the app goes back to the meeting under way, and it works.
    app = make_app(Workspace.open(demo_path), clock=MovingClock(meeting.starts_at + timedelta(minutes=5)))
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(3):
            await pilot.pause()
        live = pilot.app.screen
        assert isinstance(live, LiveScreen)
        await type_line(pilot, "a line after reopening")
        assert live.query_one(MemoLog).row_count == 3
        assert len([note for note in app._notifications if note.title.startswith("Outcomes not shown")]) == 1


async def test_a_damaged_outcome_record_leaves_the_after_meeting_screen_working(demo_path: Path) -> None:
    damage_an_outcome(demo_path)
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        repository = app.repository
        group = repository.groups()[0]
        held = max(
            (meeting for meeting in repository.meetings(group.id) if meeting.status is MeetingStatus.HELD),
            key=lambda meeting: meeting.starts_at,
        )
        app.push_screen(AfterMeetingScreen(repository, group, held))
        await pilot.pause()
        after = app.screen
        assert isinstance(after, AfterMeetingScreen)
        assert not after.query_one("#after-drafts").display
        assert any("damaged" in note for note in notices(app))
        await pilot.press("o")
        await pilot.pause()
        assert app.screen is after


async def test_an_outcome_line_naming_only_a_facilitator_stays_in_the_input(demo_path: Path) -> None:
    _name, meeting = first_group_meeting(demo_path)
    app = make_app(Workspace.open(demo_path), clock=MovingClock(meeting.starts_at))
    async with app.run_test(size=SIZE) as pilot:
        live = await open_live(pilot)
        people = live.repository.people(meeting.group_id)
        facilitator = next(person for person in people if person.role is not Role.MEMBER)
        member = next(person for person in people if person.role is Role.MEMBER)
        await type_line(pilot, f"@{facilitator.name} hired a cook !o", saved=False)
        assert "mention them with @name" in str(live.query_one("#memo-problems").render())
        assert live.repository.memo(meeting.id) == []
        # The facilitator mentioned first is not the entrepreneur: the first member is.
        await type_line(pilot, f"@{facilitator.name} says @{member.name} hired a cook !o")
        [draft] = live.repository.draft_outcomes(meeting.id)
        assert draft.person_id == member.id


async def test_a_draft_that_fails_live_shows_under_the_log(demo_path: Path) -> None:
    _name, meeting = first_group_meeting(demo_path)
    app = make_app(Workspace.open(demo_path), clock=MovingClock(meeting.starts_at))
    async with app.run_test(size=SIZE) as pilot:
        live = await open_live(pilot)
        member = next(person for person in live.repository.people(meeting.group_id) if person.role is Role.MEMBER)
        network = demo_path / "network.json"
        kept = network.read_bytes()
        network.unlink()
        network.mkdir()
        try:
            await type_line(pilot, f"@{member.name} opened a shop !o")
        finally:
            network.rmdir()
            network.write_bytes(kept)
        problems = str(live.query_one("#memo-problems").render())
        assert problems.startswith(f"The entry is saved, but no outcome could be drafted for {member.name}")
        # the next line saved clears it
        await type_line(pilot, "a plain line")
        assert not live.query_one("#memo-problems").display


async def test_tagging_with_the_marker_alone_uses_the_member_the_entry_mentions(demo_path: Path) -> None:
    _name, meeting = first_group_meeting(demo_path)
    app = make_app(Workspace.open(demo_path), clock=MovingClock(meeting.starts_at))
    async with app.run_test(size=SIZE) as pilot:
        live = await open_live(pilot)
        member = next(person for person in live.repository.people(meeting.group_id) if person.role is Role.MEMBER)
        await type_line(pilot, f"@{member.name} opened a second shop")
        await pilot.press("ctrl+t")
        await pilot.pause()
        tagging = pilot.app.screen
        assert isinstance(tagging, MemoLineScreen)
        tagging.query_one(Input).value = "!o"
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.screen is live, notices(app)
        [draft] = live.repository.draft_outcomes(meeting.id)
        assert draft.person_id == member.id


async def edit_first_entry(pilot, live: LiveScreen, line: str) -> None:
    log = live.query_one(MemoLog)
    log.focus()
    log.move_cursor(row=0)
    await pilot.press("enter")
    await pilot.pause()
    editor = pilot.app.screen
    assert isinstance(editor, MemoLineScreen)
    editor.query_one(Input).value = line
    await pilot.press("enter")
    await pilot.pause()
    assert pilot.app.screen is live, notices(pilot.app)


async def test_a_draft_follows_its_entry_and_goes_with_it_when_asked(demo_path: Path) -> None:
    _name, meeting = first_group_meeting(demo_path)
    app = make_app(Workspace.open(demo_path), clock=MovingClock(meeting.starts_at))
    async with app.run_test(size=SIZE) as pilot:
        live = await open_live(pilot)
        repository = live.repository
        first, second = [person for person in repository.people(meeting.group_id) if person.role is Role.MEMBER][:2]
        await type_line(pilot, f"@{first.name} hired a cook !o")
        await edit_first_entry(pilot, live, f"@{second.name} hired two cooks")
        [draft] = repository.draft_outcomes(meeting.id)
        assert (draft.person_id, draft.description) == (second.id, f"{second.name} hired two cooks")
        assert f"outcome of {second.name}" in live._describe_tags(repository.memo(meeting.id)[0])

        # Removing the entry asks whether the draft goes too.
        log = live.query_one(MemoLog)
        log.focus()
        log.move_cursor(row=0)
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmScreen)
        pilot.app.screen.dismiss(True)
        await pilot.pause()
        asked = pilot.app.screen
        assert isinstance(asked, ConfirmScreen) and repository.memo(meeting.id) == []
        asked.dismiss(True)
        await pilot.pause()
        assert repository.draft_outcomes(meeting.id) == []


async def test_a_completed_outcome_is_left_alone_when_its_entry_names_another(demo_path: Path) -> None:
    _name, meeting = first_group_meeting(demo_path)
    app = make_app(Workspace.open(demo_path), clock=MovingClock(meeting.starts_at))
    async with app.run_test(size=SIZE) as pilot:
        live = await open_live(pilot)
        repository = live.repository
        first, second = [person for person in repository.people(meeting.group_id) if person.role is Role.MEMBER][:2]
        await type_line(pilot, f"@{first.name} hired a cook !o")
        [draft] = repository.draft_outcomes(meeting.id)
        repository.save_outcome(Outcome(**{**draft.__dict__, "draft": False}))
        await edit_first_entry(pilot, live, f"@{second.name} hired two cooks")
        [outcome] = [found for found in repository.outcomes_of(first.id) if found.id == draft.id]
        assert outcome.description == f"{first.name} hired a cook"
        assert any("completed already" in note for note in notices(app))


def last_held(repository):
    group = repository.groups()[0]
    held = max(
        (meeting for meeting in repository.meetings(group.id) if meeting.status is MeetingStatus.HELD),
        key=lambda meeting: meeting.starts_at,
    )
    return group, held


def add_drafts(repository, group, held, count: int) -> list[Outcome]:
    members = [person for person in repository.people(group.id) if person.role is Role.MEMBER]
    entry = repository.memo(held.id)[0]
    return [
        repository.save_outcome(
            Outcome(
                person_id=members[number % len(members)].id,
                day=demo_clock().date(),
                description=f"draft {number} " + "with many words " * 8,
                entry_ids=[entry.id],
                meeting_ids=[held.id],
                draft=True,
            )
        )
        for number in range(count)
    ]


async def test_many_drafts_one_line_each_at_80_columns(demo_path: Path) -> None:
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        repository = app.repository
        group, held = last_held(repository)
        add_drafts(repository, group, held, 20)
        app.push_screen(AfterMeetingScreen(repository, group, held))
        await pilot.pause()
        listed = app.screen.query_one("#after-drafts", OptionList)
        assert listed.option_count == len(repository.draft_outcomes(held.id)) >= 20
        prompts = [str(listed.get_option_at_index(index).prompt) for index in range(listed.option_count)]
        assert all(len(prompt) <= 56 and "\n" not in prompt for prompt in prompts)
        assert any(prompt.endswith("…") for prompt in prompts)


async def test_the_walk_passes_over_a_removed_person_names_them_and_esc_ends_it(demo_path: Path) -> None:
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        repository = app.repository
        group, held = last_held(repository)
        for earlier in repository.draft_outcomes(held.id):
            repository.remove_outcome(earlier.id)
        add_drafts(repository, group, held, 3)
        gone, kept, later = repository.draft_outcomes(held.id)  # in the order the walk takes them
        name = repository.person(gone.person_id).name
        app.push_screen(AfterMeetingScreen(repository, group, held))
        await pilot.pause()
        after = app.screen
        repository.remove_person(gone.person_id)  # removed meanwhile, on another screen say
        await pilot.press("o")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, OutcomeForm) and form._outcome.id == kept.id
        await pilot.press("escape")  # nothing changed: the form closes at once, the walk ends
        await pilot.pause()
        assert app.screen is after, type(app.screen)
        passed = [note for note in notices(app) if "no longer on the roster" in note]
        assert passed and name in passed[-1] and gone.person_id not in passed[-1]

        # d removes the selected draft, once confirmed
        listed = after.query_one("#after-drafts", OptionList)
        listed.focus()
        listed.highlighted = next(index for index, draft in enumerate(after._drafts) if draft.id == gone.id)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        app.screen.dismiss(True)
        await pilot.pause()
        assert [draft.id for draft in repository.draft_outcomes(held.id)] == [kept.id, later.id]


async def test_a_lost_draft_is_made_again_from_its_entry(demo_path: Path) -> None:
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        repository = app.repository
        group, held = last_held(repository)
        members = {person.id for person in repository.people(group.id) if person.role is Role.MEMBER}
        linked = {entry_id for outcome in repository.outcomes(group.id) for entry_id in outcome.entry_ids}
        candidates = [
            entry
            for entry in repository.memo(held.id)
            if entry.id not in linked and any(person in members for person in entry.people)
        ]
        assert candidates
        app.push_screen(AfterMeetingScreen(repository, group, held))
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, OutcomeEntryPicker)
        listed = picker.query_one(OptionList)
        assert [listed.get_option_at_index(index).id for index in range(listed.option_count)] == [
            entry.id for entry in candidates
        ]
        listed.highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, OutcomeForm)
        assert form._outcome.entry_ids == [candidates[0].id] and form._outcome.draft
        assert any(draft.entry_ids == [candidates[0].id] for draft in repository.draft_outcomes(held.id))
