"""The coordinator's network screens on real imported bundles: the dashboard, the activity analysis
(with a re-code through the screen) and the needs overview. The real app, real workspaces, real files."""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from textual.widgets import Input, Select

from exports.bundle.importer import Importer, ImportStatus
from exports.bundle.writer import make_bundle
from facilitator.activities import activities
from facilitator.app import make_app
from facilitator.local_time import local_day
from facilitator.model import Group, MemoKind, Person
from screens import network_loading
from screens.analysis import RECODED, ActivityAnalysisScreen
from screens.help import HelpScreen
from screens.home import CoordinatorHomeScreen
from screens.needs import NeedsScreen
from screens.network import NetworkDashboardScreen
from screens.palette import screen_commands
from screens.widgets.plain import Plain
from screens.widgets.recode import RecodeDialog
from screens.widgets.record_table import RecordTable
from storage.workspace import Workspace, WorkspaceRole
from tests.app_support import notice
from tests.conftest import demo_clock, make_demo
from tests.sync_support import opened, share_keys

SIZE = (80, 24)
SILENT = "Silent peer group"


@pytest.fixture
def coordinator(tmp_path: Path) -> Path:
    """A coordinator who imported a 3-group demo: the first group's bundle 90 days ago, the others'
    yesterday; and a group made here whose bundle never came."""
    facilitator, central, inbox = tmp_path / "facilitator", tmp_path / "coordinator", tmp_path / "inbox"
    make_demo(facilitator, groups=3, years=2)
    inbox.mkdir()
    with opened(central, WorkspaceRole.COORDINATOR) as hub, opened(facilitator) as local:
        share_keys(hub, [local], tmp_path / "keys")
        bundles = [make_bundle(local, [group], to=inbox).path for group in local.groups()]
    for number, bundle in enumerate(bundles):
        moment = demo_clock() - timedelta(days=90 if number == 0 else 1)
        with opened(central, WorkspaceRole.COORDINATOR, clock=lambda moment=moment: moment) as hub:
            assert Importer(hub).import_file(bundle).status is ImportStatus.IMPORTED
    with opened(central, WorkspaceRole.COORDINATOR, clock=demo_clock) as hub:
        hub.save_group(Group(name=SILENT))
    return central


def rows(table: RecordTable) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]


async def loaded(pilot, screen) -> None:
    """Wait until the screen has read every group's records (not for every worker)."""
    for _attempt in range(500):
        if screen.network is not None or screen.load_error is not None:
            break
        await pilot.pause(0.02)
    await pilot.pause()
    assert screen.load_error is None, screen.load_error


async def open_dashboard(pilot) -> NetworkDashboardScreen:
    assert isinstance(pilot.app.screen, CoordinatorHomeScreen)
    await pilot.press("d")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, NetworkDashboardScreen)
    await loaded(pilot, screen)
    return screen


async def open_needs(pilot) -> NeedsScreen:
    """The needs overview, from the coordinator's home through the dashboard, with every need read."""
    await open_dashboard(pilot)
    await pilot.press("n")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, NeedsScreen)
    await loaded(pilot, screen)
    return screen


def app_on(folder: Path):
    return make_app(Workspace.open(folder, role=WorkspaceRole.COORDINATOR), demo_clock)


@pytest.mark.app
async def test_the_dashboard_shows_every_group_and_warns_of_quiet_ones(coordinator: Path) -> None:
    app = app_on(coordinator)
    async with app.run_test(size=SIZE) as pilot:
        assert "d Dashboard" in " ".join(
            f"{app.get_key_display(active.binding)} {active.binding.description}"
            for active in app.screen.active_bindings.values()
            if active.binding.show
        )
        screen = await open_dashboard(pilot)
        table = screen.query_one("#dashboard-groups", RecordTable)
        with opened(coordinator.parent / "facilitator") as local:
            names = sorted(group.name for group in local.groups())
            first = local.groups()[0].name
        assert {row.group.name for row in screen.overview} == {*names, SILENT}
        assert table.row_count == 4
        by_name = {row.group.name: row for row in screen.overview}
        cells = {row.group.name: cell for row, cell in zip(screen.overview, rows(table), strict=True)}
        assert by_name[SILENT].quiet and cells[SILENT][-1] == "⚠ never"
        old = [name for name in names if by_name[name].quiet]
        assert old == [first], "the group whose bundle came 90 days ago is quiet; yesterday's are not"
        assert cells[first][-1].startswith("⚠ ") and "2026" in cells[first][-1]
        assert all(not cells[name][-1].startswith("⚠") for name in names if name != first)
        for name in names:
            row = by_name[name]
            assert row.held_this_year > 0 and row.members > 0
            assert cells[name][1:4] == [str(row.members), str(row.held_this_year), str(row.held_last_year)]
            assert cells[name][6] == f"{row.hosts}/{row.can_host}"
        note = str(screen.query_one("#dashboard-note", Plain).render())
        assert note.startswith("4 groups · 2 quiet")

        # The charts follow the cursor, or show the network.
        table.move_cursor(row=[row.group.name for row in screen.overview].index(SILENT))
        await pilot.pause()
        details = screen.query_one("#group-details", Plain)
        assert "never heard from" in str(details.render()) and details.has_class("quiet")
        assert str(screen.query_one("#codes-title", Plain).render()) == f"Activity codes: {SILENT}"
        assert [bar.value for bar in screen.query_one("#codes-chart").bars] == [0] * 11
        await pilot.press("w")
        await pilot.pause()
        assert str(screen.query_one("#codes-title", Plain).render()) == "Activity codes: the network"
        network_codes = [bar.value for bar in screen.query_one("#codes-chart").bars]
        assert network_codes == [sum(row.codes[a.code] for row in screen.overview) for a in activities()]
        assert sum(network_codes) > 0
        assert [bar.label for bar in screen.query_one("#attendance-chart").bars] == ["2026", "2025", "2024"][
            : len(screen.query_one("#attendance-chart").bars)
        ]

        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        keys = rows(app.screen.query_one("#help-keys"))
        described = {key for key, _what in keys}
        assert {"a", "n", "w", "c", "esc"} <= described
        await pilot.press("escape")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CoordinatorHomeScreen)


@pytest.mark.app
async def test_the_cycle_collector_waits_while_the_records_are_read_and_drawn_then_works_again(
    coordinator: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Held back from the start of the read until the figures are on screen, and taken up again
    then, or when the screen is left before its records are read."""
    # Its wait after the figures are drawn made long: on a machine busy with the other tests, the
    # half second passed before the test looked, and the collector was (rightly) at work again.
    monkeypatch.setattr(network_loading, "COLLECTOR_WAITS", 3.0)
    app = app_on(coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert gc.isenabled()
        await pilot.press("d")
        assert not gc.isenabled()  # from the key: the read starts in the screen's first moment
        await pilot.press("escape")  # left at once: the collector works again once the read is over
        assert await collector_enabled_within(pilot, seconds=10)
        screen = await open_dashboard(pilot)
        assert screen.overview is not None and not gc.isenabled()  # the figures are drawn first
        assert await collector_enabled_within(pilot, seconds=10)
        await pilot.press("escape")


async def collector_enabled_within(pilot, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not gc.isenabled() and time.monotonic() < deadline:
        await pilot.pause(0.05)
    return gc.isenabled()


@pytest.fixture
def system_in_utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The computer's clock set to UTC, whatever the machine running the tests says."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.app
async def test_the_day_of_a_group_s_last_bundle_is_the_group_s_own_day(tmp_path: Path, system_in_utc: None) -> None:
    """A bundle imported at half past eleven at night UTC came on the next day in Helsinki, the
    group's time zone: the dashboard shows that day, as the README says of every time of a group."""
    central = tmp_path / "coordinator"
    with opened(central, WorkspaceRole.COORDINATOR) as hub, opened(tmp_path / "facilitator") as local:
        group = local.save_group(Group(name="Inari peer group", time_zone="Europe/Helsinki"))
        local.save_person(Person(group_id=group.id, name="Elle Valkeapää"))
        share_keys(hub, [local], tmp_path / "keys")
        bundle = make_bundle(local, [group], to=tmp_path).path
    late_evening = datetime(2026, 11, 26, 23, 30, tzinfo=UTC)  # 01:30 on 27 November in Helsinki
    with opened(central, WorkspaceRole.COORDINATOR, clock=lambda: late_evening) as hub:
        assert Importer(hub).import_file(bundle).status is ImportStatus.IMPORTED
    app = app_on(central)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_dashboard(pilot)
        (cells,) = rows(screen.query_one("#dashboard-groups", RecordTable))
        assert cells[-1] == "27 Nov 2026"


@pytest.mark.app
@pytest.mark.processes
async def test_the_dashboard_writes_the_report_and_the_research_files_the_commands_write_beside_it(
    coordinator: Path, tmp_path: Path, exports_folder: Path
) -> None:
    """The app holds the coordinator's workspace; ``facilitator report network`` and ``export research``
    run at the same time as real processes, and the dashboard's keys write the same files."""
    from pypdf import PdfReader

    from tests.test_cli import facilitator

    def pages(path: Path) -> list[str]:
        return [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]

    out = tmp_path / "out"
    out.mkdir()
    exports = exports_folder
    app = make_app(Workspace.open(coordinator, purpose="app"))  # today's clock, as the commands have
    async with app.run_test(size=SIZE) as pilot:
        commands = asyncio.gather(
            asyncio.to_thread(facilitator, "report", "network", "--workspace", coordinator, "--to", out),
            asyncio.to_thread(facilitator, "export", "research", "--workspace", coordinator, "--to", out),
            asyncio.to_thread(facilitator, "export", "bundle", "--workspace", coordinator),
        )
        screen = await open_dashboard(pilot)
        # The palette offers the report and the research files, each with its key.
        offered = {command.title: command.key for command in screen_commands(screen)}
        files = ("Report", "Report of every year", "Research CSV", "Research JSON lines", "Codebook")
        assert {title: offered.get(title) for title in files} == {
            "Report": "r",
            "Report of every year": "R",
            "Research CSV": "e",
            "Research JSON lines": "j",
            "Codebook": "k",
        }

        await pilot.press("r")
        report = Path((await notice(pilot, "Written: ")).splitlines()[0].removeprefix("Written: "))
        assert report.parent == exports and report.name.startswith("network-report-")
        app.clear_notifications()
        await pilot.press("r")  # the same report again: its earlier file is named, as everywhere
        assert (await notice(pilot, "Written: ")).splitlines()[1] == f"The earlier file {report.name} was replaced."
        # While the app saves (it holds the workspace's writing lock), the export waits in its
        # worker, and the screen shows what is being written; then the notice names the file.
        with app.repository.workspace.writing:
            await pilot.press("e")
            await pilot.pause(0.2)
            assert screen.query_one("#export-progress").display
            assert str(screen.query_one("#export-status", Plain).render()) == "Writing the research export…"
        research = await notice(pilot, f"Written: {exports / 'all-groups-research.csv'}")
        lines = research.splitlines()
        assert lines[1:3] == [
            str(exports / "all-groups-research-interviews.csv"),
            str(exports / "all-groups-research-outcomes.csv"),
        ], "the interviews' and the outcomes' files beside the entries'"
        assert lines[3].endswith("coded memo entries.") and lines[4].startswith("Beside them, ")
        assert not screen.query_one("#export-progress").display
        await pilot.press("R")
        every_year = await notice(pilot, f"Written: {exports / 'network-report-2024'}")
        every_year = Path(every_year.splitlines()[0].removeprefix("Written: "))
        # Named after today in the groups' time zone, which is already tomorrow in Helsinki late
        # in a UTC evening.
        groups_today = local_day(datetime.now(UTC), (group.time_zone for group in app.repository.groups()))
        assert every_year.name.endswith(f"-{groups_today.isoformat()}.pdf")

        report_made, research_made, bundle_refused = await commands
    assert report_made.returncode == 0, report_made.stderr
    assert Path(report_made.stdout.strip()) == out / report.name
    text = pages(report)
    assert text == pages(out / report.name), "the dashboard's report is the command's"
    assert "4 groups" in text[0] and SILENT in text[0]
    assert research_made.returncode == 0, research_made.stderr
    assert (exports / "all-groups-research.csv").read_bytes() == (out / "all-groups-research.csv").read_bytes()
    assert bundle_refused.returncode == 1 and "in use by the app" in bundle_refused.stderr


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

        # Enter on a code lists the entries behind its count.
        codes.focus()
        codes.move_cursor(row=0)
        await pilot.press("enter")
        ps = await entries_shown(pilot, screen)
        assert screen.query_one("#analysis-tabs").active == "entries"
        assert len(ps) == totals["PS"] and all("PS" in coded.codes for coded in screen.entries)
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
        assert dashboard.query_one("#dashboard-groups", RecordTable).row_count == 13
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
