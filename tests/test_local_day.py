"""One notion of today (issue 15): at 23:30 UTC on 2 December 2026 it is already half past one on
3 December in Helsinki, where the demo's groups meet. Every date a user reads then is 3 December:
the names of the files the commands write, their messages, the network report's "Made on" and the
footers' "Printed on", the planner's next meeting, the meeting run tonight, the dashboard. Only
what belongs to no group (the workspace lock) is on the system's calendar.

Each test runs twice: on a laptop whose system zone is the groups' own, and on one set to UTC,
where the groups' day must still win. The commands run as real processes, their clock set by
FACILITATOR_NOW (for tests and benchmarks only); the screens run in the real app with the same
moment as its clock.
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from exports.bundle.importer import Importer, ImportStatus
from exports.bundle.writer import make_bundle
from facilitator.app import make_app
from facilitator.model import MeetingStatus
from screens.live import LiveScreen
from screens.network import NETWORK_ROW, NetworkDashboardScreen
from screens.planner import PlannerScreen
from screens.widgets.plain import Plain
from screens.widgets.record_table import RecordTable
from storage.workspace import Workspace, WorkspaceRole
from tests.app_support import pdf_text
from tests.conftest import demo_clock, make_demo, reopen
from tests.processes import REPO_ROOT, Child, child_env, run_python
from tests.sync_support import opened, share_keys

#: 23:30 UTC on Wednesday 2 December 2026: 01:30 on Thursday 3 December in Helsinki.
NOW = datetime(2026, 12, 2, 23, 30, tzinfo=UTC)
HELSINKI = "Europe/Helsinki"
SIZE = (80, 24)
#: A day of 2 December written the ways the app writes dates ("2 Dec 2026", "Wed 2 Dec 2026",
#: "2 December 2026", "2026-12-02"), but not 12 or 22 December.
SECOND_OF_DECEMBER = re.compile(r"(?<!\d)2 Dec(ember)? 2026|2026-12-02")


@pytest.fixture(params=[HELSINKI, "UTC"])
def system_zone(request: pytest.FixtureRequest) -> Iterator[str]:
    """The computer's time zone: the groups' own, or UTC; put back afterwards."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TZ", request.param)
        time.tzset()
        yield request.param
    time.tzset()


def facilitator(zone: str, *args: object) -> str:
    """Run ``facilitator ARGS`` at :data:`NOW` in the system zone ``zone``; its output, once it succeeded."""
    result = subprocess.run(
        [sys.executable, "-m", "facilitator", *map(str, args)],
        cwd=REPO_ROOT,
        env=child_env({"FACILITATOR_NOW": NOW.isoformat(), "TZ": zone}),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def only_file(folder: Path) -> Path:
    (path,) = folder.iterdir()
    return path


@pytest.mark.processes
def test_the_clock_set_for_a_process_starts_there_and_runs_on() -> None:
    (reading,) = run_python(
        """
        import time
        from facilitator.model import utc_now
        first = utc_now()
        time.sleep(0.3)
        report(first=first.isoformat(), later=utc_now().isoformat())
        """,
        env={"FACILITATOR_NOW": "2026-12-03T01:30:00+02:00"},
    )
    first, later = datetime.fromisoformat(reading["first"]), datetime.fromisoformat(reading["later"])
    assert NOW <= first < NOW + timedelta(seconds=1)
    assert timedelta(seconds=0.3) <= later - first < timedelta(seconds=5), "a live meeting still ticks"


@pytest.mark.processes
@pytest.mark.parametrize("setting", ["yesterday", "2026-12-02T23:30"])
def test_a_clock_set_to_no_moment_stops_with_a_message(setting: str, tmp_path: Path) -> None:
    """Not a moment, or one without its offset (whose zone would be a guess)."""
    result = subprocess.run(
        [sys.executable, "-m", "facilitator", "demo", "--workspace", str(tmp_path / "demo"), "--no-open"],
        cwd=REPO_ROOT,
        env=child_env({"FACILITATOR_NOW": setting}),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"FACILITATOR_NOW is “{setting}”" in result.stderr and "2026-12-02T23:30:00+00:00" in result.stderr
    assert not (tmp_path / "demo").exists(), "it stops before any work"


@pytest.mark.processes
def test_the_commands_name_date_and_print_by_the_groups_day(tmp_path: Path, system_zone: str) -> None:
    local, central, out = tmp_path / "facilitator", tmp_path / "coordinator", tmp_path / "out"
    make_demo(local)  # three groups, all in Helsinki

    facilitator(system_zone, "key", "request", "--workspace", local, "--to", out / "requests")
    request = only_file(out / "requests")
    facilitator(system_zone, "init", "--coordinator", "--workspace", central)
    issued = facilitator(system_zone, "key", "issue", request, "--workspace", central, "--to", out / "keys")
    key_file = only_file(out / "keys")
    (tmp_path / "passphrase.txt").write_text(issued.splitlines()[1].removeprefix("Passphrase: "), encoding="utf-8")
    facilitator(
        system_zone, "key", "install", key_file, "--passphrase-file", tmp_path / "passphrase.txt", "--workspace", local
    )
    facilitator(system_zone, "export", "bundle", "--workspace", local, "--to", out / "bundles")
    bundle = only_file(out / "bundles")
    facilitator(system_zone, "import", bundle, "--workspace", central)
    again = facilitator(system_zone, "import", bundle, "--workspace", central)
    report = Path(facilitator(system_zone, "report", "network", "--workspace", central, "--to", out / "report").strip())
    research = Path(facilitator(system_zone, "export", "research", "--workspace", local, "--to", out).splitlines()[0])
    agenda = Path(
        facilitator(
            system_zone, "export", "agenda", "next", "--group", "inari", "--workspace", local, "--to", out
        ).strip()
    )

    assert request.name == "network-key-request-2026-12-03.mekeyrequest"
    assert key_file.name == "network-keys-2026-12-03.mekey"
    assert bundle.name.startswith("network-bundle-for-coordinator-2026-12-03-0130"), bundle.name
    assert report.name == "network-report-2025-12-04-2026-12-03.pdf", "the last 12 months up to the groups' today"
    assert "already imported on Thu 3 Dec 2026" in again
    for path in (request, key_file, bundle, report, research, agenda):
        assert not SECOND_OF_DECEMBER.search(path.name), path.name

    text = pdf_text(report)
    assert "Made on Thursday 3 December 2026" in text
    assert "Printed on 3 Dec 2026" in text
    assert "3 December 2026" in text.split("Last bundle", 1)[1], "the day the bundle came, in the groups' table"
    assert not SECOND_OF_DECEMBER.search(text), SECOND_OF_DECEMBER.search(text)
    agenda_text = pdf_text(agenda)
    assert "Printed on 3 Dec 2026" in agenda_text
    assert not SECOND_OF_DECEMBER.search(agenda_text)


@pytest.mark.processes
def test_the_lock_belongs_to_no_group_and_tells_the_system_s_time(tmp_path: Path, system_zone: str) -> None:
    """Who holds a workspace, and since when, is told in the system's zone: a lock is nobody's group."""
    folder = tmp_path / "busy"
    make_demo(folder, groups=1, years=0, meetings=False)
    holding = (
        "from pathlib import Path; from storage.workspace import Workspace\n"
        "workspace = Workspace.open(Path(sys.argv[1]))\nreport(held=True)\nimport time; time.sleep(60)"
    )
    with Child("import sys\n" + holding, folder, env={"FACILITATOR_NOW": NOW.isoformat(), "TZ": system_zone}) as holder:
        assert holder.next_report() == {"held": True}
        refused = subprocess.run(
            [sys.executable, "-m", "facilitator", "export", "bundle", "--workspace", str(folder)],
            cwd=REPO_ROOT,
            env=child_env({"TZ": system_zone}),
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=60,
            stdin=subprocess.DEVNULL,
        )
    since = "since Thu 3 Dec 2026 01:30" if system_zone == HELSINKI else "since Wed 2 Dec 2026 23:30"
    assert refused.returncode == 1 and since in refused.stderr, refused.stderr


@pytest.fixture
def two_evenings(tmp_path: Path) -> tuple[Path, str]:
    """The demo network with the first group's next two meetings moved to 18:00 in Helsinki on
    2 and 3 December 2026 (16:00 UTC): the one of 2 December has passed at :data:`NOW`, the one
    of 3 December is tonight. Returns the workspace and the group's name."""
    folder = tmp_path / "demo"
    make_demo(folder)
    repository = reopen(folder)
    try:
        group = repository.groups()[0]
        upcoming = [
            meeting
            for meeting in repository.meetings(group.id)
            if meeting.status is MeetingStatus.PLANNED and meeting.starts_at > demo_clock()
        ]
        moved = []
        for meeting, day in zip(upcoming, (2, 3), strict=False):  # the first two
            starts = datetime(2026, 12, day, 16, tzinfo=UTC)
            moved.append(
                dataclasses.replace(meeting, starts_at=starts, ends_at=starts + timedelta(hours=2, minutes=30))
            )
        repository.save_meetings(moved)
        return folder, group.name
    finally:
        repository.workspace.close()


@pytest.mark.app
async def test_the_planner_and_tonight_s_meeting_are_on_the_group_s_day(
    two_evenings: tuple[Path, str], system_zone: str
) -> None:
    folder, group_name = two_evenings
    app = make_app(Workspace.open(folder), clock=lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter", "s")  # the first group's roster, then its season planner
        await pilot.pause()
        planner = app.screen
        assert isinstance(planner, PlannerScreen)
        table = planner.query_one("#meetings", RecordTable)
        day = str(table.get_row_at(table.cursor_row)[0])
        assert day == "Thu 3 Dec 2026", "the cursor starts on the next meeting from today on"
        await pilot.press("escape", "escape")
        await pilot.pause()

        await pilot.press("m")  # tonight's meeting: today's, run at once without asking
        await pilot.pause()
        live = app.screen
        assert isinstance(live, LiveScreen), [note.message for note in app._notifications]
        assert live.title == f"{group_name}: Thu 3 Dec 2026"
        assert app.repository.meeting(live.meeting.id).starts_at == datetime(2026, 12, 3, 16, tzinfo=UTC)


@pytest.mark.app
async def test_the_dashboard_and_its_report_are_on_the_groups_day(
    tmp_path: Path, system_zone: str, exports_folder: Path
) -> None:
    local, central = tmp_path / "facilitator", tmp_path / "coordinator"
    make_demo(local)
    with opened(central, WorkspaceRole.COORDINATOR) as hub, opened(local) as facilitator_side:
        share_keys(hub, [facilitator_side], tmp_path / "keys")
        bundle = make_bundle(facilitator_side, facilitator_side.groups(), to=tmp_path).path
    with opened(central, WorkspaceRole.COORDINATOR, clock=lambda: NOW - timedelta(minutes=5)) as hub:
        assert Importer(hub).import_file(bundle).status is ImportStatus.IMPORTED

    app = make_app(Workspace.open(central, role=WorkspaceRole.COORDINATOR), clock=lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("d")
        dashboard = app.screen
        assert isinstance(dashboard, NetworkDashboardScreen)
        for _attempt in range(500):
            if dashboard.network is not None or dashboard.load_error is not None:
                break
            await pilot.pause(0.02)
        await pilot.pause()
        table = dashboard.query_one("#dashboard-groups", RecordTable)
        groups = [key.value for key in table.rows if key.value != NETWORK_ROW]
        assert {str(table.get_row(key)[-1]) for key in groups} == {"3 Dec 2026"}
        assert "the last bundle came today" in str(dashboard.query_one("#group-details", Plain).render())

        await pilot.press("r")  # the network report, as the command writes it
        report = exports_folder / "network-report-2025-12-04-2026-12-03.pdf"
        for _attempt in range(1500):
            if report.exists() or any(note.severity == "error" for note in app._notifications):
                break
            await pilot.pause(0.02)
        assert report.exists(), [note.message for note in app._notifications]
    text = pdf_text(report)
    assert "Made on Thursday 3 December 2026" in text and "Printed on 3 Dec 2026" in text
    assert not SECOND_OF_DECEMBER.search(text)
