"""The ``facilitator`` command as a user or a script meets it: real processes, real folders."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator import __version__
from storage.workspace import Workspace
from tests.processes import REPO_ROOT

pytestmark = pytest.mark.processes


def facilitator(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "facilitator", *map(str, args)],
        cwd=REPO_ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def one_line_error(result: subprocess.CompletedProcess[str], code: int) -> str:
    """The single stderr line of a failed command (no traceback, nothing else)."""
    assert result.returncode == code, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert lines[0].startswith("facilitator")
    return lines[0]


def test_version_and_help() -> None:
    assert facilitator("--version").stdout.strip() == f"MicroENTRE Facilitator {__version__}"
    help_text = facilitator("--help").stdout
    assert "--workspace" in help_text and "demo" in help_text


def test_usage_errors_exit_2_with_one_line() -> None:
    assert "--bogus" in one_line_error(facilitator("--bogus"), 2)
    assert "whole number" in one_line_error(facilitator("demo", "--groups", "many"), 2)
    assert "at least 1" in one_line_error(facilitator("demo", "--years", "0"), 2)


def test_the_app_s_start_parses_its_options_without_the_subcommands() -> None:
    """The app's own options alone need no subcommand's parser; anything more gets the whole parser,
    which reads the app's options the same way and still lists, runs and refuses every subcommand."""
    from facilitator.cli import build_parser, names_a_command

    app_starts = [[], ["--workspace", "w"], ["--lang", "fi", "--workspace=w"], ["--lang=sv"], ["--workspace", "demo"]]
    for argv in app_starts:
        assert not names_a_command(argv), argv
        assert build_parser(commands=False).parse_args(argv) == build_parser().parse_args(argv), argv
    for argv in (["demo"], ["--workspace", "w", "report", "network"], ["--help"], ["--version"], ["--bogus"], ["--"]):
        assert names_a_command(argv), argv
    assert "invalid choice" in one_line_error(facilitator("--lang", "xx"), 2)
    assert "expected one argument" in one_line_error(facilitator("--workspace"), 2)
    assert "invalid choice" in one_line_error(facilitator("reprot"), 2)


def test_demo_creates_a_network_once(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    created = facilitator("demo", "--workspace", folder, "--no-open", "--groups", "4")
    assert created.returncode == 0, created.stderr
    assert "4 groups" in created.stdout and str(folder) in created.stdout
    network = json.loads((folder / "network.json").read_text(encoding="utf-8"))
    assert len(network["groups"]) == 4

    again = one_line_error(facilitator("demo", "--workspace", folder, "--no-open"), 1)
    assert "already holds 4 groups" in again
    assert len(json.loads((folder / "network.json").read_text(encoding="utf-8"))["groups"]) == 4


def test_workspace_variable_chooses_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "from-variable"
    result = facilitator("demo", "--no-open", "--groups", "1", env={"FACILITATOR_WORKSPACE": str(folder)})
    assert result.returncode == 0, result.stderr
    assert (folder / "workspace.json").exists()


def test_a_workspace_in_use_is_refused_naming_the_holder(tmp_path: Path) -> None:
    folder = tmp_path / "busy"
    with Workspace.open(folder):
        message = one_line_error(facilitator("demo", "--workspace", folder, "--no-open"), 1)
        assert "in use" in message and str(os.getpid()) in message
        message = one_line_error(facilitator("--workspace", folder), 1)
        assert "in use" in message


def test_while_the_app_is_open_the_commands_that_only_read_run_and_the_others_are_refused(tmp_path: Path) -> None:
    """Reports and exports read the workspace beside the app and leave it as it was, lock and all;
    whatever writes into it still waits for the app to close."""
    from tests.conftest import make_demo
    from tests.test_workspace import snapshot

    folder, out = tmp_path / "demo", tmp_path / "out"
    make_demo(folder, groups=2, years=1)
    out.mkdir()
    readers = [
        ("report", "network"),
        ("export", "research"),
        ("export", "research", "--format", "jsonl"),
        ("export", "research", "--format", "qdc"),
        ("export", "calendar", "inari"),
        ("export", "schedule", "inari"),
        ("export", "agenda", "last", "--group", "inari"),
        ("export", "signin", "last", "--group", "inari"),
        ("export", "feedback", "last", "--group", "inari"),
        ("export", "summary", "last", "--group", "inari", "--variant", "record"),
        ("export", "website", "last", "--group", "inari"),
        ("key", "request"),
    ]
    writers = [
        ("export", "bundle"),
        ("import", out / "none.mebundle"),
        ("key", "issue", "--group", "inari"),
        ("key", "install", out / "none.mekey"),
        ("demo", "--no-open"),
        (),
    ]
    with Workspace.open(folder, purpose="app"):
        before = snapshot(folder)
        for command in readers:
            result = facilitator(*command, "--workspace", folder, "--to", out)
            assert result.returncode == 0, (command, result.stderr)
            assert all(Path(line).parent == out for line in result.stdout.splitlines() if line.startswith("/"))
        for command in writers:
            message = one_line_error(facilitator(*command, "--workspace", folder), 1)
            assert "in use by the app" in message and str(os.getpid()) in message, command
        assert snapshot(folder) == before, "a command changed the workspace the app holds"
    written = sorted(path.suffix for path in out.iterdir())
    assert written == [*[".csv"] * 3, ".ics", *[".jsonl"] * 3, ".md", ".mekeyrequest", *[".pdf"] * 6, ".qdc", ".txt"]


def test_a_damaged_file_stops_the_app_before_it_starts(tmp_path: Path) -> None:
    folder = tmp_path / "damaged"
    assert facilitator("demo", "--workspace", folder, "--no-open", "--groups", "1").returncode == 0
    network = folder / "network.json"
    network.write_bytes(network.read_bytes()[:500])
    message = one_line_error(facilitator("--workspace", folder), 1)
    assert "network.json" in message and "damaged" in message and "backups" in message


def test_a_newer_workspace_asks_for_an_update(tmp_path: Path) -> None:
    folder = tmp_path / "newer"
    with Workspace.open(folder):
        pass
    info_path = folder / "workspace.json"
    info = json.loads(info_path.read_text(encoding="utf-8"))
    info["schema_version"] += 1
    info_path.write_text(json.dumps(info), encoding="utf-8")
    assert "Update the app" in one_line_error(facilitator("--workspace", folder), 1)


def plan_a_season(folder: Path) -> str:
    """Plan Inari's 2027 spring in a fresh demo workspace; return the group's name."""
    from datetime import date

    from facilitator.season import plan_season
    from tests.conftest import make_demo, reopen

    make_demo(folder, meetings=False)
    repository = reopen(folder)
    try:
        group = next(group for group in repository.groups() if group.name.startswith("Inari"))
        plan = plan_season(
            group,
            repository.people(group.id),
            repository.absences(group.id),
            repository.meetings(group.id),
            date(2027, 1, 1),
            date(2027, 5, 31),
            date(2026, 12, 1),
        )
        repository.save_meetings(plan.meetings, plan.removed)
        return group.name
    finally:
        repository.workspace.close()


def test_export_calendar_and_schedule_write_into_the_exports_folder(tmp_path: Path, exports_folder: Path) -> None:
    from icalendar import Calendar
    from pypdf import PdfReader

    folder = tmp_path / "planned"
    plan_a_season(folder)
    calendar = facilitator("export", "calendar", "inari", "--workspace", folder)
    assert calendar.returncode == 0, calendar.stderr
    ics = Path(calendar.stdout.strip())
    assert ics.parent == exports_folder and ics.name == "inari-peer-group-calendar-2027.ics"
    events = Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    assert len(events) == 5

    schedule = facilitator("export", "schedule", "Inari peer group", "--workspace", folder, "--to", tmp_path)
    assert schedule.returncode == 0, schedule.stderr
    pdf = Path(schedule.stdout.strip())
    assert pdf.parent == tmp_path
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Inari peer group" in text and text.count("17:30–20:00") == 5


def test_export_names_the_problem_in_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "planned"
    plan_a_season(folder)
    assert "No group is called" in one_line_error(facilitator("export", "calendar", "Oulu", "--workspace", folder), 1)
    not_a_folder = tmp_path / "planned" / "workspace.json"
    message = one_line_error(facilitator("export", "schedule", "inari", "--workspace", folder, "--to", not_a_folder), 1)
    assert f"{not_a_folder} is a file, not a folder" in message
    assert "GROUP" in one_line_error(facilitator("export", "calendar", "--workspace", folder), 2)


def test_export_agenda_and_signin_for_the_next_meeting_or_an_id(tmp_path: Path) -> None:
    from pypdf import PdfReader

    from tests.conftest import make_demo, reopen

    folder = tmp_path / "demo"
    make_demo(folder)
    repository = reopen(folder)
    try:
        group = next(group for group in repository.groups() if group.name.startswith("Inari"))
        later = [meeting for meeting in repository.meetings(group.id) if meeting.status.value == "planned"][-1]
        repository.save_agenda(later.id, [], repository.agenda(later.id))  # as if never prepared
    finally:
        repository.workspace.close()

    agenda = facilitator("export", "agenda", "next", "--group", "inari", "--workspace", folder)
    assert agenda.returncode == 0, agenda.stderr
    assert Path(agenda.stdout.strip()).name.startswith("inari-peer-group-agenda-")
    signin = facilitator("export", "signin", later.id[:8], "--workspace", folder)
    assert signin.returncode == 0, signin.stderr
    unprepared = facilitator("export", "agenda", later.id, "--workspace", folder, "--to", tmp_path)
    text = " ".join(PdfReader(unprepared.stdout.strip()).pages[0].extract_text().split())
    assert "Welcome and round of news" in text, "an unprepared meeting prints the agenda it would start with"

    assert "needs --group" in one_line_error(facilitator("export", "agenda", "next", "--workspace", folder), 2)
    assert "No meeting has the id" in one_line_error(
        facilitator("export", "signin", "0123456789", "--workspace", folder), 1
    )


def test_a_meeting_of_another_group_is_named_as_such(tmp_path: Path) -> None:
    from tests.conftest import make_demo, reopen

    folder = tmp_path / "demo"
    make_demo(folder)
    repository = reopen(folder)
    try:
        kuhmo = next(group for group in repository.groups() if "Kuhmo" in group.name)
        meeting = repository.meetings(kuhmo.id)[-1]
    finally:
        repository.workspace.close()
    message = one_line_error(facilitator("export", "agenda", meeting.id, "--group", "inari", "--workspace", folder), 1)
    assert "belongs to Yrittäjäryhmä Kuhmo" in message


def test_export_bundle_says_which_generation_of_each_group_s_key_sealed_it(tmp_path: Path) -> None:
    from exports.bundle.keys import install_keys, rotate_key
    from facilitator.model import Group
    from storage.workspace import WorkspaceRole
    from tests.sync_support import opened, share_keys

    laptop = tmp_path / "laptop"
    with opened(tmp_path / "coordinator", WorkspaceRole.COORDINATOR) as coordinator, opened(laptop) as local:
        inari = local.save_group(Group(name="Inari yrittäjät"))
        local.save_group(Group(name="Utsjoki makers"))
        share_keys(coordinator, [local], tmp_path / "keys")
        rotated = rotate_key(coordinator, inari, None, tmp_path / "keys")
        install_keys(local, rotated.path, rotated.passphrase)
    result = facilitator("export", "bundle", "--workspace", laptop, "--to", tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "Inari yrittäjät: sealed with key generation 2." in lines, lines
    assert "Utsjoki makers: sealed with key generation 1." in lines, lines
