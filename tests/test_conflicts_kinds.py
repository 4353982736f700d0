"""The Conflicts screen names every kind of record a conflict can be of: a researcher's re-code
(a coding) changed apart on two laptops is shown and settled like any other record."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

import pytest

from exports.bundle.conflicts import group_conflicts
from exports.bundle.format import Audience
from exports.bundle.importer import Importer
from exports.bundle.writer import make_bundle
from facilitator.app import make_app
from facilitator.model import Coding, Group, Meeting, MemoEntry, coding_id
from facilitator.record_rules import kind_label
from screens.conflicts import ConflictsScreen
from screens.widgets.plain import Plain
from screens.widgets.record_table import RecordTable
from storage.workspace import Workspace, WorkspaceRole
from tests.sync_support import opened, share_keys


def coding_changed_apart(folder: Path) -> tuple[Group, str]:
    """In ``folder``: an entry's coding saved with other codes on the adviser's laptop and on a
    researcher's before their bundles met; the researcher's then imported on the adviser's.
    Returns the group and the coding's id."""
    with (
        opened(folder / "coordinator", WorkspaceRole.COORDINATOR) as coordinator,
        opened(folder / "adviser") as adviser,
        opened(folder / "researcher") as researcher,
    ):
        group = adviser.save_group(Group(name="Enontekiö peer group"))
        start = datetime(2026, 11, 3, 15, tzinfo=UTC)
        meeting = adviser.save_meeting(Meeting(group_id=group.id, starts_at=start, ends_at=start.replace(hour=18)))
        entry = adviser.save_memo_entry(
            MemoEntry(meeting_id=meeting.id, group_id=group.id, text="Shared van to Rovaniemi", written_at=start)
        )
        coding = Coding(id=coding_id(entry.id), entry_id=entry.id, meeting_id=meeting.id, group_id=group.id)
        adviser.save_coding(dataclasses.replace(coding, codes=["RI"]))
        share_keys(coordinator, [adviser, researcher], folder / "keys")
        Importer(researcher).import_file(make_bundle(adviser, [group], audience=Audience.GROUP, to=folder).path)
        (held,) = researcher.codings(meeting.id)
        researcher.save_coding(dataclasses.replace(held, codes=["PS"]))
        later = make_bundle(researcher, [group], audience=Audience.GROUP, to=folder).path
        (held,) = adviser.codings(meeting.id)
        adviser.save_coding(dataclasses.replace(held, codes=["RI", "SE"]))
        assert Importer(adviser).import_file(later).ok
        assert [conflict.kind for conflict in group_conflicts(adviser, group.id)] == ["codings"]
    return group, coding.id


@pytest.mark.app
async def test_the_conflicts_screen_shows_and_settles_a_coding_changed_apart(tmp_path: Path) -> None:
    group, _coding = coding_changed_apart(tmp_path)
    app = make_app(Workspace.open(tmp_path / "adviser"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(ConflictsScreen(app.repository, app.repository.group(group.id)))
        await pilot.pause()
        table = app.screen.query_one("#conflicts", RecordTable)
        assert table.row_count == 1
        assert str(table.get_row_at(0)[0]) == kind_label("codings")
        details = str(app.screen.query_one("#conflict-details", Plain).render())
        assert "PS" in details and "SE" in details
        await pilot.press("k")
        await pilot.pause()
        assert app.screen.query_one("#conflicts", RecordTable).display is False
    with opened(tmp_path / "adviser") as adviser:
        assert group_conflicts(adviser, group.id) == []
