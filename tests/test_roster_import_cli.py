"""``facilitator roster import`` and ``roster export`` as a user or a script meets them: real
processes, real files, one clear line for every refusal, and nothing saved by one."""

from __future__ import annotations

import os
from pathlib import Path

import openpyxl
import pytest

from storage.workspace import Workspace
from tests.conftest import make_demo, reopen
from tests.test_cli import facilitator, one_line_error
from tests.test_workspace import snapshot

pytestmark = pytest.mark.processes


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    folder = tmp_path / "demo"
    make_demo(folder, groups=2, years=1, meetings=False)
    return folder


def finnish_roster(path: Path, demo: Path) -> Path:
    """Three new people, one of them with a problem, and a member of Inari's group already on the roster."""
    repository = reopen(demo)
    try:
        inari = next(group for group in repository.groups() if "Inari" in group.name)
        known = repository.people(inari.id)[0]
    finally:
        repository.workspace.close()
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Nimi", "Yritys", "Sähköposti", "Puhelin", "Tutkimuslupa", "Muistiinpanot"])
    sheet.append(["Liisa Niemi", "Niemen Kala", "liisa@kala.fi", 401234567, "kyllä", "soita"])
    sheet.append(["Eero Saarinen", "Saarisen Sähkö", "eero@sahko", "", "", ""])
    sheet.append(["Sanna Lehto", "Lehdon Mökit", "", "", "ei", ""])
    sheet.append([known.name, known.company, known.email.upper(), "", "", ""])
    workbook.save(path)
    return path


def test_import_refuses_without_a_terminal_then_imports_with_yes(tmp_path: Path, demo: Path) -> None:
    path = finnish_roster(tmp_path / "jäsenet.xlsx", demo)
    before = snapshot(demo)
    message = one_line_error(facilitator("roster", "import", path, "--group", "inari", "--workspace", demo), 1)
    assert "--yes" in message
    assert snapshot(demo) == before
    result = facilitator("roster", "import", path, "--group", "inari", "--yes", "--workspace", demo)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Nimi → Name" in out and "Left out: Muistiinpanot" in out
    assert "Row 3: Eero Saarinen — skip (E-mail:" in out
    assert "Added 2 people." in out and "1 person was already up to date." in out
    assert "Skipped 1 row." in out and "backups" in out
    repository = reopen(demo)
    try:
        inari = next(group for group in repository.groups() if "Inari" in group.name)
        liisa = next(person for person in repository.people(inari.id) if person.name == "Liisa Niemi")
        assert liisa.phone == "0401234567" and liisa.research_consent is not None
    finally:
        repository.workspace.close()
    again = facilitator("roster", "import", path, "--group", "inari", "--yes", "--workspace", demo)
    assert again.returncode == 0 and "Nothing to import" in again.stdout


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_then_import_changes_nothing(tmp_path: Path, demo: Path, file_format: str) -> None:
    out = tmp_path / "out"
    result = facilitator("roster", "export", "inari", "--format", file_format, "--to", out, "--workspace", demo)
    assert result.returncode == 0, result.stderr
    exported = Path(result.stdout.strip())
    assert exported.parent == out and exported.suffix == f".{file_format}"
    before = snapshot(demo)
    again = facilitator("roster", "import", exported, "--group", "inari", "--yes", "--workspace", demo)
    assert again.returncode == 0, again.stderr
    assert "Nothing to import" in again.stdout
    assert snapshot(demo) == before


def test_bad_files_get_one_line_and_save_nothing(tmp_path: Path, demo: Path) -> None:
    before = snapshot(demo)
    (tmp_path / "empty.csv").write_bytes(b"")
    (tmp_path / "garbage.xlsx").write_bytes(os.urandom(3000))
    (tmp_path / "amounts.csv").write_text("Date;Amount\n2026-01-01;12\n", encoding="utf-8")
    for name, expected in (
        ("empty.csv", "is empty"),
        ("garbage.xlsx", "damaged or not an Excel workbook"),
        ("amounts.csv", "No column of the file could be a name"),
        ("missing.csv", "cannot be read"),
    ):
        command = ("roster", "import", tmp_path / name, "--group", "inari", "--yes", "--workspace", demo)
        assert expected in one_line_error(facilitator(*command), 1), name
    assert "No group is called" in one_line_error(
        facilitator("roster", "export", "nowhere", "--workspace", demo, "--to", tmp_path), 1
    )
    assert snapshot(demo) == before


def test_while_the_app_holds_the_workspace_export_runs_and_import_is_refused(tmp_path: Path, demo: Path) -> None:
    path = finnish_roster(tmp_path / "roster.xlsx", demo)
    with Workspace.open(demo, purpose="app"):
        before = snapshot(demo)
        exported = facilitator("roster", "export", "inari", "--workspace", demo, "--to", tmp_path)
        assert exported.returncode == 0, exported.stderr
        message = one_line_error(
            facilitator("roster", "import", path, "--group", "inari", "--yes", "--workspace", demo), 1
        )
        assert "in use by the app" in message
        assert snapshot(demo) == before


def test_on_a_terminal_the_import_asks_and_a_no_saves_nothing(tmp_path: Path, demo: Path) -> None:
    """stdin a terminal (a pseudo-terminal here): the preview, then the question; "n" saves nothing, "y" imports."""
    import pty
    import subprocess
    import sys

    from tests.processes import REPO_ROOT

    path = finnish_roster(tmp_path / "roster.xlsx", demo)
    before = snapshot(demo)
    for answer, code in (("n", 1), ("y", 0)):
        leader, follower = pty.openpty()
        try:
            os.write(leader, f"{answer}\n".encode())
            result = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "facilitator",
                    "roster",
                    "import",
                    path,
                    "--group",
                    "inari",
                    "--workspace",
                    demo,
                ],
                cwd=REPO_ROOT,
                stdin=follower,
                capture_output=True,
                text=True,
                encoding="utf-8",
                timeout=60,
            )
        finally:
            os.close(follower)
            os.close(leader)
        assert result.returncode == code, result.stderr
        assert "Import? [y/N]" in result.stdout and "2 to add" in result.stdout
        if answer == "n":
            assert "Nothing imported." in result.stdout
            assert snapshot(demo) == before
    assert "Added 2 people." in result.stdout
