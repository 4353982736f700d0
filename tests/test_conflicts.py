"""Conflicts seen and settled: two laptops change the same record apart, both versions are kept,
a person settles it on one laptop, and the settlement travels to the other."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

import pytest

from exports.bundle.conflicts import group_conflicts, resolve_conflict
from exports.bundle.format import Audience
from exports.bundle.importer import Importer
from exports.bundle.merge import Outcome
from exports.bundle.writer import NothingToSend, make_bundle
from facilitator.app import make_app
from facilitator.model import Group, Meeting, MemoEntry, Person
from screens.conflicts import ConflictsScreen
from screens.widgets.plain import Plain
from screens.widgets.record_table import RecordTable
from storage.workspace import Workspace, WorkspaceRole
from tests.sync_support import TickingClock, company_changed_apart, opened, share_keys, synced_data


def _exchange(first, second, folder: Path) -> None:
    """Each laptop sends the other what changed there since its last bundle (if anything did)."""
    for source, target in ((first, second), (second, first)):
        try:
            made = make_bundle(source, source.groups(), audience=Audience.GROUP, to=folder)
        except NothingToSend:
            continue
        report = Importer(target).import_file(made.path)
        assert report.ok, report.message


def test_a_conflict_is_kept_shown_and_settled_everywhere(tmp_path: Path) -> None:
    with (
        opened(tmp_path / "coordinator", WorkspaceRole.COORDINATOR) as coordinator,
        opened(tmp_path / "adviser") as adviser,
        opened(tmp_path / "researcher") as researcher,
    ):
        group = adviser.save_group(Group(name="Enontekiö peer group"))
        person = adviser.save_person(Person(group_id=group.id, name="Elle Valkeapää", company="Elle's Duodji"))
        start = datetime(2026, 11, 3, 15, tzinfo=UTC)
        meeting = adviser.save_meeting(Meeting(group_id=group.id, starts_at=start, ends_at=start.replace(hour=18)))
        entry = adviser.save_memo_entry(
            MemoEntry(meeting_id=meeting.id, group_id=group.id, text="Van", written_at=start)
        )
        share_keys(coordinator, [adviser, researcher], tmp_path / "keys")
        _exchange(adviser, researcher, tmp_path)
        assert group_conflicts(adviser, group.id) == []

        adviser.save_person(dataclasses.replace(adviser.person(person.id), company="Valkeapää Duodji"))
        researcher.save_person(dataclasses.replace(researcher.person(person.id), phone="+358 40 765 4321"))
        adviser.save_memo_entry(dataclasses.replace(entry, text="Shared van to Rovaniemi"))
        researcher.remove_memo_entry(researcher.memo(meeting.id)[0])
        report = Importer(researcher).import_file(
            make_bundle(adviser, [group], audience=Audience.GROUP, to=tmp_path).path
        )
        assert report.counts[(group.name, "people")][Outcome.CONFLICT] == 1
        _exchange(adviser, researcher, tmp_path)
        assert synced_data(adviser.workspace.folder) == synced_data(researcher.workspace.folder)

        conflicts = {conflict.kind: conflict for conflict in group_conflicts(researcher, group.id)}
        assert set(conflicts) == {"people", "memo"}
        people_conflict = conflicts["people"]
        (other,) = people_conflict.others
        fields = {name for name, _mine, _theirs in people_conflict.differences(other)}
        assert fields == {"company", "phone"}
        # The researcher keeps the version not shown, then adds the company by hand: settled.
        resolve_conflict(researcher, people_conflict, other)
        settled = researcher.person(person.id)
        assert {settled.company, settled.phone} & {"Valkeapää Duodji", "+358 40 765 4321"}
        memo_conflict = next(conflict for conflict in group_conflicts(researcher, group.id) if conflict.kind == "memo")
        resolve_conflict(
            researcher,
            memo_conflict,
            next(side for side in (memo_conflict.current, *memo_conflict.others) if not side.deleted),
        )
        assert group_conflicts(researcher, group.id) == []
        assert [line.text for line in researcher.memo(meeting.id)] == ["Shared van to Rovaniemi"]

        _exchange(researcher, adviser, tmp_path)
        assert group_conflicts(adviser, group.id) == []
        assert adviser.person(person.id) == researcher.person(person.id)
        assert synced_data(adviser.workspace.folder) == synced_data(researcher.workspace.folder)


@pytest.mark.app
async def test_the_conflicts_screen_shows_what_differs_and_keeps_the_other_version(tmp_path: Path) -> None:
    group, person = company_changed_apart(tmp_path)
    with opened(tmp_path / "adviser") as adviser:
        shown = adviser.person(person.id).company
    app = make_app(Workspace.open(tmp_path / "adviser"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(ConflictsScreen(app.repository, app.repository.group(group.id)))
        await pilot.pause()
        assert app.screen.query_one("#conflicts", RecordTable).row_count == 1
        details = str(app.screen.query_one("#conflict-details", Plain).render())
        assert "Company" in details and "Guolli Ltd" in details and "Valkeapää Duodji" in details
        await pilot.press("o")
        await pilot.pause()
        assert app.screen.query_one("#conflicts", RecordTable).display is False
        kept = app.repository.person(person.id).company
        assert kept != shown and kept in {"Guolli Ltd", "Valkeapää Duodji"}


def test_a_save_over_a_conflict_keeps_the_other_side_everywhere(tmp_path: Path) -> None:
    """The adviser's change loses to the researcher's later one; the adviser then edits the version
    shown without settling: the adviser's first change must stay a side, here and elsewhere.

    One ticking clock for both laptops: saves a millisecond apart or less would tie, and a tie is
    decided by the workspace ids, which differ from run to run."""
    clock = TickingClock()
    with (
        opened(tmp_path / "coordinator", WorkspaceRole.COORDINATOR) as coordinator,
        opened(tmp_path / "adviser", clock=clock) as adviser,
        opened(tmp_path / "researcher", clock=clock) as researcher,
    ):
        group = adviser.save_group(Group(name="Enontekiö peer group"))
        person = adviser.save_person(Person(group_id=group.id, name="Elle Valkeapää", company="Elle's Duodji"))
        share_keys(coordinator, [adviser, researcher], tmp_path / "keys")
        _exchange(adviser, researcher, tmp_path)
        adviser.save_person(dataclasses.replace(adviser.person(person.id), company="First change"))
        researcher.save_person(dataclasses.replace(researcher.person(person.id), phone="+358 40 765 4321"))
        Importer(adviser).import_file(make_bundle(researcher, [group], audience=Audience.GROUP, to=tmp_path).path)
        (_conflict,) = group_conflicts(adviser, group.id)
        shown = adviser.person(person.id)
        assert shown.phone == "+358 40 765 4321"  # the later save is shown
        adviser.save_person(dataclasses.replace(shown, business_field="duodji"))
        adviser.save_person(dataclasses.replace(adviser.person(person.id), municipality="Enontekiö"))
        (still,) = group_conflicts(adviser, group.id)
        assert [other.company for other in still.others] == ["First change"]
        _exchange(adviser, researcher, tmp_path)
        (elsewhere,) = group_conflicts(researcher, group.id)
        assert "First change" in {elsewhere.current.company, *(other.company for other in elsewhere.others)}
        assert synced_data(adviser.workspace.folder) == synced_data(researcher.workspace.folder)
