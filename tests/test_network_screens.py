"""The coordinator's network dashboard on real imported bundles: the table of every group and the
network's row, the charts, and the report and research files written from it. The real app, real
workspaces, real files."""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from exports.bundle.importer import Importer, ImportStatus
from exports.bundle.writer import make_bundle
from facilitator.activities import activities
from facilitator.app import make_app
from facilitator.local_time import local_day
from facilitator.model import Group, Person
from screens import network_loading
from screens.help import HelpScreen
from screens.home import CoordinatorHomeScreen
from screens.palette import screen_commands
from screens.widgets.plain import Plain
from screens.widgets.record_table import RecordTable
from storage.workspace import Workspace, WorkspaceRole
from tests.app_support import notice
from tests.conftest import demo_clock
from tests.network_screens_support import (
    SILENT,
    SIZE,
    app_on,
    coordinator as coordinator,
    open_dashboard,
    rows,
)
from tests.sync_support import opened, share_keys


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
        assert table.row_count == 5, "four groups and the network's row"
        by_name = {row.group.name: row for row in screen.overview}
        *group_cells, network = rows(table)
        cells = {row.group.name: cell for row, cell in zip(screen.overview, group_cells, strict=True)}
        assert network[0] == "Network" and network[-1] == "2 quiet"
        assert network[1] == str(sum(row.period.members for row in screen.overview))
        assert by_name[SILENT].standing.quiet and cells[SILENT][-1] == "⚠ never"
        old = [name for name in names if by_name[name].standing.quiet]
        assert old == [first], "the group whose bundle came 90 days ago is quiet; yesterday's are not"
        assert cells[first][-1].startswith("⚠ ") and "2026" in cells[first][-1]
        assert all(not cells[name][-1].startswith("⚠") for name in names if name != first)
        year = demo_clock().year
        for name in names:
            row = by_name[name]
            assert row.held_by_year[year] > 0 and row.period.members > 0
            held = [str(row.held_by_year[year]), str(row.held_by_year.get(year - 1, 0))]
            assert cells[name][1:3] == [str(row.period.members), str(row.period.held)] and cells[name][7:9] == held
            assert cells[name][5] == f"{row.period.hosts}/{row.period.can_host}"
        note = str(screen.query_one("#dashboard-note", Plain).render())
        assert note.startswith("Last 12 months ") and note.endswith(" · held also per calendar year · Open: today")
        figures = [column.key.value for column in table.ordered_columns][1:9]
        assert all(table.get_row_at(0)[index].justify == "right" for index in range(1, 9)), f"{figures} right-aligned"
        assert screen.sub_title == "4 groups · ⚠ 2 quiet"

        # The charts follow the cursor, or show the network.
        table.move_cursor(row=[row.group.name for row in screen.overview].index(SILENT))
        await pilot.pause()
        details = screen.query_one("#group-details", Plain)
        assert "never heard from" in str(details.render()) and details.has_class("quiet")
        assert str(screen.query_one("#codes-title", Plain).render()) == f"Activity codes {year}: {SILENT}"
        assert [bar.value for bar in screen.query_one("#codes-chart").bars] == [0] * 11
        await pilot.press("w")
        await pilot.pause()
        first = min(year for row in screen.overview for year in row.coded_years)
        assert first < year, "a demo of two years began the year before last"
        assert min(year for row in screen.overview for year in row.held_by_year) <= first
        years = f"{first}–{year}"
        assert str(screen.query_one("#codes-title", Plain).render()) == f"Activity codes {years}: the network"
        attended = [bar.label for bar in screen.query_one("#attendance-chart").bars]
        assert str(screen.query_one("#attendance-title", Plain).render()) == f"Attendance {attended[-1]}–{attended[0]}"
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
        cells, _network = rows(screen.query_one("#dashboard-groups", RecordTable))
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
