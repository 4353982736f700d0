"""Action items through the real app on a real workspace: listed open first with the overdue ones
marked, closed and reopened with the change on disk, and carried onto the next agenda as follow-ups."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader
from rich.text import Text
from textual.widgets import DataTable

from exports.meeting_files import write_meeting_file
from facilitator.app import make_app
from facilitator.dates import format_date
from facilitator.model import ActionStatus, Meeting, MeetingStatus, MemoEntry, MemoKind, Role
from screens.actions import ActionItemsScreen
from screens.help import HelpScreen
from screens.widgets.record_table import RecordTable
from storage.workspace import Workspace
from tests.conftest import DEMO_DAY, demo_clock, reopen

SIZE = (80, 24)

OVERDUE = "sends the price list to everyone"
LATER = "books the shared stand at Jokkmokk"
UNDATED = "asks the bank about the loan terms"
DONE = "shares the packaging supplier's contact"


@dataclass(frozen=True)
class Actions:
    """The ids of the items written into the first group's last two held meetings."""

    group_id: str
    earlier: Meeting
    last: Meeting
    ids: dict[str, str]
    owners: dict[str, str]


def clear_actions(folder: Path) -> None:
    """Remove the action items the demo's evenings raised in the first group, for a list of our own."""
    repository = reopen(folder)
    try:
        for entry in repository.action_items(repository.groups()[0].id):
            repository.remove_memo_entry(entry)
    finally:
        repository.workspace.close()


def write_actions(folder: Path) -> Actions:
    """Three open items (one overdue on the demo day, one due later, one with no date) and one done,
    each in its meeting's own file, written through the repository as the live meeting would; the
    demo's own items are removed first."""
    clear_actions(folder)
    repository = reopen(folder)
    try:
        group = repository.groups()[0]
        held = sorted(
            (meeting for meeting in repository.meetings(group.id) if meeting.status is MeetingStatus.HELD),
            key=lambda meeting: meeting.starts_at,
        )
        earlier, last = held[-2], held[-1]
        members = [person for person in repository.people(group.id) if person.role is Role.MEMBER]
        anna, pekka = members[0], members[1]

        def action(meeting: Meeting, text: str, owner: str, due: date | None, **closed: object) -> MemoEntry:
            entry = MemoEntry(
                meeting_id=meeting.id,
                group_id=group.id,
                text=text,
                written_at=meeting.starts_at + timedelta(hours=1),
                kind=MemoKind.ACTION,
                people=[owner],
                owner_id=owner,
                due=due,
                **closed,
            )
            return repository.save_memo_entry(entry)

        entries = {
            OVERDUE: action(earlier, OVERDUE, anna.id, date(2026, 10, 15)),
            LATER: action(last, LATER, pekka.id, date(2027, 1, 20)),
            UNDATED: action(last, UNDATED, anna.id, None),
            DONE: action(
                earlier,
                DONE,
                pekka.id,
                date(2026, 11, 1),
                action_status=ActionStatus.DONE,
                closed_at=last.starts_at + timedelta(hours=2),
                closed_in=last.id,
            ),
        }
        assert date(2026, 10, 15) < DEMO_DAY and earlier.starts_at < last.starts_at
        return Actions(
            group_id=group.id,
            earlier=earlier,
            last=last,
            ids={text: entry.id for text, entry in entries.items()},
            owners={text: (anna if entry.owner_id == anna.id else pekka).name for text, entry in entries.items()},
        )
    finally:
        repository.workspace.close()


def stored(folder: Path, actions: Actions) -> dict[str, MemoEntry]:
    """The group's action items as they are on disk now, by text."""
    repository = reopen(folder)
    try:
        return {entry.text: entry for entry in repository.action_items(actions.group_id)}
    finally:
        repository.workspace.close()


def rows(screen: ActionItemsScreen) -> list[list[str]]:
    table = screen.query_one("#actions", RecordTable)
    return [[str(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]


def texts(screen: ActionItemsScreen) -> list[str]:
    return [row[3] for row in rows(screen)]


def select(screen: ActionItemsScreen, text: str) -> None:
    table = screen.query_one("#actions", RecordTable)
    table.move_cursor(row=texts(screen).index(text))


def status_line(screen: ActionItemsScreen) -> str:
    return str(screen.query_one("#actions-status").render())


async def open_actions(pilot) -> ActionItemsScreen:
    """Home → the first group's roster → its action items."""
    for key in ("enter", "a"):
        await pilot.press(key)
        await pilot.pause()
    assert isinstance(pilot.app.screen, ActionItemsScreen)
    return pilot.app.screen


def local_day(meeting: Meeting) -> str:
    return format_date(meeting.starts_at.astimezone(ZoneInfo("Europe/Helsinki")).date())


@pytest.mark.app
async def test_open_items_come_first_soonest_due_and_the_overdue_one_is_marked(demo_path: Path) -> None:
    actions = write_actions(demo_path)
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_actions(pilot)
        assert texts(screen) == [OVERDUE, LATER, UNDATED], "open only, by due date, no date last"
        overdue, later, undated = rows(screen)
        assert overdue[0] == "open" and overdue[2] == actions.owners[OVERDUE]
        assert overdue[1] == "15 Oct 2026 · overdue" and overdue[4] == local_day(actions.earlier)
        assert later[1] == "20 Jan 2027" and later[4] == local_day(actions.last)
        assert undated[1] == "–"
        due_cell = screen.query_one("#actions", RecordTable).get_row_at(0)[1]
        assert isinstance(due_cell, Text) and app.theme_variables["error"].lower() in str(due_cell.style).lower()
        later_cell = screen.query_one("#actions", RecordTable).get_row_at(1)[1]
        assert not str(later_cell.style)
        assert status_line(screen) == "3 open · 1 overdue · 1 closed hidden (h)"

        select(screen, LATER)
        await pilot.pause()
        details = str(screen.query_one("#action-details").render())
        assert f"{actions.owners[LATER]}: {LATER}" in details and local_day(actions.last) in details

        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        help_keys = app.screen.query_one("#help-keys", DataTable)
        described = [str(help_keys.get_row_at(index)[1]) for index in range(help_keys.row_count)]
        assert any(line.startswith("Done") for line in described) and any("Reopen" in line for line in described)


@pytest.mark.app
async def test_done_is_saved_hidden_then_shown_with_h_and_reopened_with_o(demo_path: Path) -> None:
    actions = write_actions(demo_path)
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_actions(pilot)
        select(screen, OVERDUE)
        await pilot.press("d")
        await pilot.pause()
        assert texts(screen) == [LATER, UNDATED]
        assert status_line(screen) == "2 open · 0 overdue · 2 closed hidden (h)"
    on_disk = stored(demo_path, actions)[OVERDUE]
    assert on_disk.action_status is ActionStatus.DONE
    assert on_disk.closed_at == demo_clock() and on_disk.closed_in == "", "closed from the roster: between meetings"
    assert stored(demo_path, actions)[LATER].action_status is ActionStatus.OPEN

    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_actions(pilot)
        await pilot.press("h")
        await pilot.pause()
        assert texts(screen)[:2] == [LATER, UNDATED] and set(texts(screen)[2:]) == {OVERDUE, DONE}
        assert status_line(screen) == "2 open · 0 overdue · 2 closed"
        done_row = next(row for row in rows(screen) if row[3] == DONE)
        assert done_row[0] == "done" and done_row[5] == f"{local_day(actions.last)} meeting"

        select(screen, OVERDUE)
        await pilot.press("o")
        await pilot.pause()
        assert texts(screen)[0] == OVERDUE and rows(screen)[0][0] == "open"
        assert rows(screen)[0][1].endswith("overdue")
        await pilot.press("h")
        await pilot.pause()
        assert texts(screen) == [OVERDUE, LATER, UNDATED]
    again = stored(demo_path, actions)
    assert again[OVERDUE].action_status is ActionStatus.OPEN and again[OVERDUE].closed_at is None
    assert again[DONE].action_status is ActionStatus.DONE


@pytest.mark.app
async def test_dropped_in_a_live_meeting_records_that_meeting(demo_path: Path) -> None:
    actions = write_actions(demo_path)
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        repository = app.repository
        group = repository.group(actions.group_id)
        following = min(
            (meeting for meeting in repository.meetings(group.id) if meeting.starts_at > actions.last.starts_at),
            key=lambda meeting: meeting.starts_at,
        )
        await app.push_screen(ActionItemsScreen(repository, group, following))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ActionItemsScreen)
        select(screen, UNDATED)
        await pilot.press("x")
        await pilot.pause()
        assert UNDATED not in texts(screen)
        await pilot.press("h")
        await pilot.pause()
        dropped = next(row for row in rows(screen) if row[3] == UNDATED)
        assert dropped[0] == "dropped" and dropped[5] == f"{local_day(following)} meeting"
    on_disk = stored(demo_path, actions)[UNDATED]
    assert on_disk.action_status is ActionStatus.DROPPED and on_disk.closed_in == following.id


@pytest.mark.app
async def test_a_failed_save_is_told_and_changes_nothing(demo_path: Path) -> None:
    actions = write_actions(demo_path)
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_actions(pilot)
        # Removed meanwhile (as from the meeting's memo): saving the stale copy is refused.
        entry = next(entry for entry in app.repository.memo(actions.earlier.id) if entry.id == actions.ids[OVERDUE])
        app.repository.remove_memo_entry(entry)
        select(screen, OVERDUE)
        await pilot.press("d")
        await pilot.pause()
        messages = [notification.message for notification in app._notifications]
        assert any("removed in the meantime" in message for message in messages)
        assert texts(screen) == [OVERDUE, LATER, UNDATED] and rows(screen)[0][0] == "open"
    assert OVERDUE not in stored(demo_path, actions), "the tombstone stays: nothing was brought back"


@pytest.mark.app
async def test_a_group_without_action_items_says_how_to_make_one(demo_path: Path) -> None:
    clear_actions(demo_path)
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_actions(pilot)
        assert not screen.query_one("#actions", RecordTable).display
        empty = screen.query_one("#no-actions")
        assert empty.display and "!a @Anna sends the price list due:15.12." in str(empty.render())


def test_the_next_agenda_lists_the_open_items_as_follow_ups_and_not_the_done_one(demo_path: Path) -> None:
    actions = write_actions(demo_path)
    repository = reopen(demo_path)
    try:
        meetings = repository.meetings(actions.group_id)
        later = [meeting for meeting in meetings if meeting.starts_at > actions.last.starts_at]
        coming = min(later, key=lambda meeting: meeting.starts_at)
        path = write_meeting_file(repository, coming, "agenda")
    finally:
        repository.workspace.close()
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())
    assert "Follow-ups from earlier meetings" in text and "No open follow-ups." not in text
    follow_ups = text[text.index("Follow-ups from earlier meetings") :]
    for item in (OVERDUE, LATER, UNDATED):
        assert f"{actions.owners[item]}: {item}" in follow_ups, item
    assert "(due 15 October 2026)" in follow_ups
    assert DONE not in text


@pytest.mark.app
async def test_the_preparation_screen_counts_the_open_follow_ups(demo_path: Path) -> None:
    write_actions(demo_path)
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        for key in ("enter", "s", "enter"):  # the first group → its season → the next meeting
            await pilot.press(key)
            await pilot.pause()
        line = str(pilot.app.screen.query_one("#follow-ups").render())
    assert line.startswith("Follow-ups from earlier meetings: 3 open; the oldest: ")
    assert OVERDUE in line
