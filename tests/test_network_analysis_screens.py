"""The coordinator's activity analysis (with a re-code through the screen) and needs overview on
real imported bundles, and the whole demo network on every network screen. The real app, real
workspaces, real files."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Select

from exports.bundle.importer import Importer, ImportStatus
from exports.bundle.writer import make_bundle
from facilitator.activities import activities
from facilitator.activity_analysis import CodedEntry
from facilitator.model import MemoKind
from facilitator.text import sort_key
from screens.analysis import RECODED, ActivityAnalysisScreen
from screens.needs import NeedsScreen
from screens.widgets.plain import Plain
from screens.widgets.recode import RecodeDialog
from screens.widgets.record_table import RecordTable
from storage.workspace import WorkspaceRole
from tests.conftest import make_demo
from tests.network_screens_support import (
    SIZE,
    app_on,
    coordinator as coordinator,
    loaded,
    open_dashboard,
    open_needs,
    rows,
)
from tests.sync_support import opened, share_keys


def newest_first(entries: list[CodedEntry], table: RecordTable) -> None:
    """The entries are listed the newest first, in the table as in the screen's list."""
    moments = [(coded.day, coded.entry.written_at) for coded in entries]
    assert len(set(moments)) > 1 and moments == sorted(moments, reverse=True)
    assert [table.coordinate_to_cell_key((row, 0)).row_key.value for row in range(table.row_count)] == [
        coded.entry.id for coded in entries
    ]


async def entries_shown(pilot, screen: ActivityAnalysisScreen) -> list[str]:
    await pilot.pause()
    return [coded.entry.id for coded in screen.entries]


@pytest.mark.app
async def test_the_analysis_counts_the_codes_filters_the_entries_and_recodes_one(coordinator: Path) -> None:
    app = app_on(coordinator)
    async with app.run_test(size=SIZE) as pilot:
        dashboard = await open_dashboard(pilot)
        dashboard.query_one("#dashboard-groups", RecordTable).move_cursor(row=1)
        chosen = dashboard.selected().group
        await pilot.press("a")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ActivityAnalysisScreen)
        await loaded(pilot, screen)
        codes = screen.query_one("#codes-table", RecordTable)
        shown = rows(codes)
        assert [row[0] for row in shown] == [activity.code for activity in activities()], "all eleven codes"
        assert screen.filters.group_id == chosen.id, "the group under the dashboard's cursor"
        totals = {row[0]: int(row[2]) for row in shown}
        assert sum(totals.values()) > 0
        assert all(int(row[3]) <= int(row[2]) for row in shown)

        every = await entries_shown(pilot, screen)
        assert every and {coded.group.id for coded in screen.entries} == {chosen.id}
        filters = screen.query_one("#analysis-filters")
        filters.query_one("#filter-group", Select).value = Select.NULL
        network = await entries_shown(pilot, screen)
        assert len(network) > len(every) and len({coded.group.id for coded in screen.entries}) == 3
        newest_first(screen.entries, screen.query_one("#entries-table", RecordTable))

        # Enter on a code lists the entries behind its count.
        codes.focus()
        codes.move_cursor(row=0)
        await pilot.press("enter")
        ps = await entries_shown(pilot, screen)
        assert screen.query_one("#analysis-tabs").active == "entries"
        assert len(ps) == totals["PS"] and all("PS" in coded.codes for coded in screen.entries)
        newest_first(screen.entries, screen.query_one("#entries-table", RecordTable))
        filters.query_one("#filter-kind", Select).value = MemoKind.NOTE.value
        notes = await entries_shown(pilot, screen)
        assert 0 < len(notes) < len(ps) and {coded.entry.kind for coded in screen.entries} == {MemoKind.NOTE}
        filters.query_one("#filter-kind", Select).value = Select.NULL
        await pilot.pause()

        # A period typed either way narrows the entries; a wrong date leaves the filter as it was.
        await pilot.press("g", "tab")
        start = filters.query_one("#filter-start", Input)
        assert start.has_focus
        await pilot.press(*"1.1.2026")
        this_year = await entries_shown(pilot, screen)
        assert 0 < len(this_year) < len(ps) and all(coded.day.year == 2026 for coded in screen.entries)
        await pilot.press("tab", *"2026-06-30")
        half = await entries_shown(pilot, screen)
        assert 0 < len(half) < len(this_year) and all(coded.day.month <= 6 for coded in screen.entries)
        await pilot.press(*"x")
        assert await entries_shown(pilot, screen) == half
        assert filters.query_one("#filter-end", Input).has_class("-wrong")
        filters.set_period("", "")
        assert await entries_shown(pilot, screen) == ps
        await pilot.press("escape")
        assert app.screen is screen, "esc leaves the filter first"

        # Re-code the first entry: from PS to RI and VI.
        await pilot.press("r")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, RecodeDialog)
        target = screen.selected_entry()
        field = dialog.query_one("#recode-codes", Input)
        assert field.value == " ".join(target.codes)
        field.value = "RI XY"
        await pilot.press("enter")
        assert "“XY” is not one of the eleven codes" in str(dialog.query_one("#recode-problem", Plain).render())
        field.value = "vi #ri"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen

        with_repository = app.repository.codings(target.meeting.id)
        assert [(coding.entry_id, coding.codes) for coding in with_repository] == [(target.entry.id, ["RI", "VI"])]
        assert target.entry.id not in [coded.entry.id for coded in screen.entries], "no longer PS"
        counts = {row[0]: int(row[2]) for row in rows(codes)}
        assert counts["PS"] == totals["PS"] - 1 and counts["VI"] >= totals["VI"] + 1 - ("VI" in target.codes)
        filters.set_code(None)
        await pilot.pause()
        table = screen.query_one("#entries-table", RecordTable)
        (recoded,) = [coded for coded in screen.entries if coded.entry.id == target.entry.id]
        assert recoded.recoded and recoded.codes == ("RI", "VI")
        assert str(table.get_row(target.entry.id)[3]) == f"RI VI {RECODED}"

        # Back on the dashboard, the network's codes count the re-code too.
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is dashboard
        assert sum(row.codes["PS"] for row in dashboard.overview) == totals["PS"] - 1


@pytest.mark.app
async def test_the_needs_overview_lists_the_needs_of_every_group(coordinator: Path) -> None:
    app = app_on(coordinator)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_needs(pilot)
        assert screen.needs and {coded.entry.kind for coded in screen.needs} == {MemoKind.NEED}
        with opened(coordinator.parent / "facilitator") as local:
            names = {group.name for group in local.groups()}
        assert {coded.group.name for coded in screen.needs} == names
        counts = rows(screen.query_one("#needs-counts", RecordTable))
        assert counts[-1] == ["All groups", str(len(screen.needs))]
        assert sum(int(row[1]) for row in counts[:-1]) == len(screen.needs)
        first = screen.selected_need()
        assert first.entry.text in str(screen.query_one("#need-details", Plain).render())
        newest_first(screen.needs, screen.query_one("#needs-table", RecordTable))
        assert first is screen.needs[0], "the cursor starts on the newest need"

        table = screen.query_one("#needs-counts", RecordTable)
        table.focus()
        table.move_cursor(row=0)
        await pilot.press("enter")
        await pilot.pause()
        group_id = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        assert screen.needs and {coded.group.id for coded in screen.needs} == {group_id}
        assert len(screen.needs) == int(counts[0][1])
        screen.query_one("#needs-filters").set_period("2026-01-01", "31.12.2026")
        await pilot.pause()
        assert screen.needs and all(coded.day.year == 2026 for coded in screen.needs)
        assert len(screen.needs) < int(counts[0][1])


@pytest.mark.app
async def test_the_whole_demo_network_imported_from_bundles_shows_every_group_and_every_code(tmp_path: Path) -> None:
    """The demo's 13 groups, each from its own bundle: the dashboard lists all, the analysis counts
    every one of the eleven codes, the needs come from every group."""
    facilitator, central, inbox = tmp_path / "facilitator", tmp_path / "coordinator", tmp_path / "inbox"
    make_demo(facilitator, groups=13, years=1)
    inbox.mkdir()
    with opened(central, WorkspaceRole.COORDINATOR) as hub, opened(facilitator) as local:
        share_keys(hub, [local], tmp_path / "keys")
        names = {group.name for group in local.groups()}
        reports = Importer(hub).import_files([make_bundle(local, [group], to=inbox).path for group in local.groups()])
        assert [report.status for report in reports] == [ImportStatus.IMPORTED] * 13
    app = app_on(central)
    async with app.run_test(size=SIZE) as pilot:
        dashboard = await open_dashboard(pilot)
        assert dashboard.query_one("#dashboard-groups", RecordTable).row_count == 13 + 1, "and the network's row"
        assert {row.group.name for row in dashboard.overview} == names
        await pilot.press("a")
        await pilot.pause()
        analysis = app.screen
        assert isinstance(analysis, ActivityAnalysisScreen)
        await loaded(pilot, analysis)
        assert [row.code for row in analysis.rows] == [activity.code for activity in activities()]
        assert all(row.total > 0 for row in analysis.rows)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        needs_screen = app.screen
        assert isinstance(needs_screen, NeedsScreen)
        await loaded(pilot, needs_screen)
        assert {coded.group.name for coded in needs_screen.needs} == names

        # One short name for each group on every screen: its municipality, whatever the column's width.
        towns = {row.group.name: row.group.municipality for row in dashboard.overview}
        assert all(name != town and town in name for name, town in towns.items())
        shown = [row[0] for row in rows(dashboard.query_one("#dashboard-groups", RecordTable))][:-1]
        assert shown == [row.group.municipality for row in dashboard.overview] == sorted(towns.values(), key=sort_key)
        counted = {row[0] for row in rows(needs_screen.query_one("#needs-counts", RecordTable))[:-1]}
        listed = {row[1] for row in rows(needs_screen.query_one("#needs-table", RecordTable))}
        options = needs_screen.query_one("#filter-group", Select)._options  # (label, value) pairs
        offered = {str(label) for label, value in options if value is not Select.NULL}
        assert counted == offered == set(towns.values()) and listed <= counted
