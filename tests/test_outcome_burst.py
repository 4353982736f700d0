"""Outcome lines in a burst of memo lines: each Enter saves exactly its line, once, and each
outcome line drafts its outcome, however fast the keys come (see tests/test_memo_burst.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator.model import Role
from tests.test_memo_burst import live_meeting, post_typed, wait_until

pytestmark = pytest.mark.app

COUNT = 40


async def test_a_burst_with_outcome_lines_saves_every_line_and_drafts_every_outcome(demo_path: Path) -> None:
    async with live_meeting(demo_path) as (pilot, live, line):
        member = next(person for person in live._people if person.role is Role.MEMBER)
        lines = [
            f"r{number:03d} @{member.name} hired {number} !o" if number % 4 == 0 else f"r{number:03d} a note {number}"
            for number in range(COUNT)
        ]
        post_typed(pilot.app, "".join(text + "\n" for text in lines) + "r-unfinished")
        try:
            await wait_until(pilot, lambda: len(live._entries) == COUNT and line.value == "r-unfinished", 60)
        except AssertionError:
            problems = str(live.query_one("#memo-problems").render())
            raise AssertionError((line.value, len(live._entries), problems)) from None
        entries = live.repository.memo(live.meeting.id)
        assert [entry.text.split()[0] for entry in entries] == [text.split()[0] for text in lines]
        drafts = live.repository.draft_outcomes(live.meeting.id)
        outcome_entries = [entry.id for entry in entries if "hired" in entry.text]
        assert len(outcome_entries) == COUNT // 4
        assert sorted(entry_id for draft in drafts for entry_id in draft.entry_ids) == sorted(outcome_entries)
        assert {draft.person_id for draft in drafts} == {member.id}
