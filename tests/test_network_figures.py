"""The dashboard's figures are the network report's: for a demo network imported from its bundles,
each group's row as the screen shows it holds the numbers the report PDF prints for the same period
(the last 12 months), the network's row those of the report's total row, and its meetings per
calendar year those of a report of that year. A member who hosted and then left inside the period
is the case where the two once differed (hosts 9/9 on the screen, 7/9 in the report)."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from exports.bundle.importer import Importer, ImportStatus
from exports.bundle.writer import make_bundle
from exports.report.figures import collect_report
from exports.report.files import write_network_report
from facilitator.app import make_app
from facilitator.dates import format_count, format_date
from facilitator.group_labels import short_names
from facilitator.history import default_period
from facilitator.local_time import local_day
from facilitator.model import MeetingStatus, Role
from facilitator.network import GroupRecords
from screens.home import CoordinatorHomeScreen
from screens.network import NetworkDashboardScreen
from screens.widgets.plain import Plain
from screens.widgets.record_table import RecordTable
from storage.network_records import load_network
from storage.repository import Repository
from storage.workspace import Workspace, WorkspaceRole
from tests.app_support import pdf_text
from tests.conftest import demo_clock
from tests.sync_support import coordinator_from_demo, opened

SIZE = (80, 24)


@pytest.fixture
def network(tmp_path: Path) -> Path:
    """A coordinator's workspace with a 4-group, 3-year demo imported from each group's bundle, and
    then a second bundle of the first group in which a member who hosted in the period has left in
    its middle: counted among neither the members nor the hosts of the period's last day."""
    central = coordinator_from_demo(tmp_path, groups=4, years=3)
    start, end = default_period(demo_clock().date())
    middle = start + (end - start) / 2
    with opened(tmp_path / "facilitator") as local:
        group = local.groups()[0]
        members = {person.id: person for person in local.people(group.id) if person.role is Role.MEMBER}
        hosted = [
            meeting.host_id
            for meeting in local.meetings(group.id)
            if meeting.status is MeetingStatus.HELD
            and meeting.host_id in members
            and start <= local_day(meeting.starts_at, group.time_zone) < middle
        ]
        assert hosted, "a member hosted in the first half of the period"
        local.save_person(dataclasses.replace(members[hosted[0]], left=middle))
        bundle = make_bundle(local, [group], to=tmp_path / "inbox").path
    with opened(central, WorkspaceRole.COORDINATOR, clock=demo_clock) as hub:
        assert Importer(hub).import_file(bundle).status is ImportStatus.IMPORTED
    return central


def read_network(folder: Path) -> list[GroupRecords]:
    with Workspace.open(folder, purpose="test") as workspace:
        return load_network(Repository(workspace))


def printed(name: str, cells: list[str]) -> str:
    """A dashboard row's figures as the report's table prints them: the group's whole name, members,
    held, attendance, feedback, "hosts of can host" and open items (the held per calendar year aside)."""
    members, held, attendance, feedback, hosts, open_items = cells[1:7]
    hosted, can_host = hosts.split("/")
    return f"{name} {members} {held} {attendance} {feedback} {hosted} of {can_host} {open_items}"


@pytest.mark.app
async def test_the_dashboard_shows_the_network_reports_figures_of_the_last_12_months(
    network: Path, tmp_path: Path
) -> None:
    app = make_app(Workspace.open(network, role=WorkspaceRole.COORDINATOR), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, CoordinatorHomeScreen)
        await pilot.press("d")
        screen = app.screen
        assert isinstance(screen, NetworkDashboardScreen)
        for _attempt in range(500):
            if screen.overview is not None:
                break
            await pilot.pause(0.02)
        await pilot.pause()
        table = screen.query_one("#dashboard-groups", RecordTable)
        shown = [[str(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]
        headers = [str(column.label) for column in table.ordered_columns]
        note = str(screen.query_one("#dashboard-note", Plain).render())

    groups = read_network(network)
    now = demo_clock()
    today = local_day(now, (records.group.time_zone for records in groups))
    start, end = default_period(today)
    assert f"{format_date(start)}–{format_date(end)}" in note, "the line above the table says the period"
    with Workspace.open(network, purpose="test") as workspace:
        pdf = write_network_report(Repository(workspace), to=tmp_path, today=today, now=now)
    text = pdf_text(pdf)
    report = collect_report(groups, start, end, today, now)
    names = short_names(records.group for records in groups)
    assert headers[7:9] == [str(today.year), str(today.year - 1)]
    *rows, total = shown
    assert [cells[0] for cells in rows] == list(names.values()), "in the order of the names shown"
    assert [line.period.group.id for line in report.groups] == list(names), "the report lists them alike"
    this_year, last_year = (
        collect_report(groups, date(year, 1, 1), date(year, 12, 31), today, now)
        for year in (today.year, today.year - 1)
    )
    for line, cells, held_this_year, held_last_year in zip(
        report.groups, rows, this_year.groups, last_year.groups, strict=True
    ):
        assert printed(line.name, cells) in text, f"{line.name}: the PDF prints the dashboard's figures"
        assert cells[7:9] == [format_count(held_this_year.period.held), format_count(held_last_year.period.held)]
    assert printed("Network", total) in text, "the network's row is the report's total row"
    assert total[7] == format_count(sum(line.period.held for line in this_year.groups))

    periods = [line.period for line in report.groups]
    assert all(period.held > 0 and period.attendance is not None for period in periods), "figures to compare"
    assert all(period.feedback_average is not None and period.can_host > 0 for period in periods)


def read_first_group(folder: Path) -> str:
    """The id of the group whose member left in the period (the facilitator's first)."""
    with opened(folder.parent / "facilitator") as local:
        return local.groups()[0].id


def test_a_member_who_hosted_then_left_in_the_period_counts_neither_as_member_nor_as_host(network: Path) -> None:
    groups = read_network(network)
    today = demo_clock().date()
    start, end = default_period(today)
    (records,) = [records for records in groups if records.group.id == read_first_group(network)]
    (gone,) = [person for person in records.people if person.left is not None and start < person.left <= end]
    members = [person for person in records.people if person.role is Role.MEMBER and person.is_current(today)]
    zone = records.group.time_zone
    hosted = {
        meeting.host_id
        for meeting in records.meetings
        if meeting.status is MeetingStatus.HELD and start <= local_day(meeting.starts_at, zone) <= end
    }
    assert gone.id in hosted and gone not in members
    (line,) = [
        line
        for line in collect_report(groups, start, end, today, demo_clock()).groups
        if line.period.group is records.group
    ]
    assert line.period.members == len(members)
    assert line.period.hosts == len(hosted & {person.id for person in members}) < len(hosted - {None})
