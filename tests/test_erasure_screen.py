"""The roster's d: a confirmation that says what the erasure changes, then the erasure itself."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from facilitator.app import make_app
from facilitator.dates import format_date
from facilitator.model import Attendance, Group, Meeting, MemoEntry, Person, Presence
from screens.confirm import ConfirmScreen
from screens.roster import RosterScreen
from screens.widgets.plain import Plain
from storage.workspace import Workspace
from tests.conftest import reopen

pytestmark = pytest.mark.app

NAME, EMAIL, PHONE = "Áilu Čuoŋ", "ailu@duodji.fi", "+358 40 222 3344"


def make_group(folder: Path) -> None:
    """Áilu hosted a meeting, came, and is named in its memo; a backup holds it all."""
    repository = reopen(folder)
    try:
        group = repository.save_group(Group(name="Inari yrittäjät"))
        person = repository.save_person(
            Person(group_id=group.id, name=NAME, email=EMAIL, phone=PHONE, can_host=True, premises_address="Siida 1")
        )
        repository.save_person(Person(group_id=group.id, name="Matti Korhonen"))
        starts = datetime(2026, 10, 6, 15, tzinfo=UTC)
        meeting = repository.save_meeting(
            Meeting(group_id=group.id, starts_at=starts, ends_at=starts + timedelta(hours=2), host_id=person.id)
        )
        repository.save_attendance(Attendance(meeting_id=meeting.id, person_id=person.id, status=Presence.PRESENT))
        text = f"@Áilu tells Matti about the new kiln ({EMAIL})"
        repository.save_memo_entry(
            MemoEntry(meeting_id=meeting.id, group_id=group.id, text=text, written_at=starts, people=[person.id])
        )
        repository.workspace.backup("test")
    finally:
        repository.workspace.close()


async def test_d_says_what_goes_and_erases_after_a_yes(workspace_path: Path) -> None:
    make_group(workspace_path)
    app = make_app(Workspace.open(workspace_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        roster = app.screen
        assert isinstance(roster, RosterScreen)
        await pilot.press("d")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        question = str(app.screen.query_one("#confirm-question", Plain).render())
        for said in (f"Erase {NAME}?", "1 memo entry", "1 attendance row", "1 meeting they hosted", "1 backup"):
            assert said in question, question
        taken = datetime.now(UTC).astimezone()
        assert f"1 backup to rewrite without them: {format_date(taken.date())} " in question  # which backup
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, RosterScreen)
        table_names = [str(row) for row in roster.query_one("#people").get_row_at(0)[:1]]
        assert table_names == ["Matti Korhonen"]
    for path in workspace_path.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for detail in (NAME, EMAIL, PHONE, "\\u00c1ilu"):
                assert detail.encode() not in data, (detail, path)
