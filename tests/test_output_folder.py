"""``--to DIR`` as people use it: a folder that does not exist yet is made (and said), one that
cannot take the files is refused with the reason before anything is written, and a command that
fails leaves no folder of its making behind. Real processes, real folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import make_demo
from tests.test_cli import facilitator, one_line_error

pytestmark = pytest.mark.processes


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("output") / "workspace"
    make_demo(folder, groups=1, years=1)
    return folder


def test_a_missing_folder_and_its_parents_are_made_and_said(workspace: Path, tmp_path: Path) -> None:
    folder = tmp_path / "requests" / "december"
    result = facilitator("key", "request", "--workspace", workspace, "--to", folder)
    assert result.returncode == 0, result.stderr
    written = Path(result.stdout.strip())
    assert written.parent == folder and written.is_file()
    assert f"made the folder {folder}" in result.stderr

    again = facilitator("key", "request", "--workspace", workspace, "--to", folder)
    assert again.returncode == 0, again.stderr
    assert "made the folder" not in again.stderr


def test_a_command_that_fails_leaves_no_folder_it_made(tmp_path: Path) -> None:
    message = one_line_error(
        facilitator("report", "network", "--workspace", tmp_path / "typo", "--to", tmp_path / "reports" / "2026"), 1
    )
    assert "There is no workspace" in message
    assert sorted(tmp_path.iterdir()) == []


def test_a_folder_that_was_there_stays_when_the_command_fails(tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    one_line_error(facilitator("report", "network", "--workspace", tmp_path / "typo", "--to", tmp_path / "reports"), 1)
    assert (tmp_path / "reports").is_dir()


def test_a_file_is_refused_and_kept(workspace: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("the adviser's notes")
    for to in (notes, notes / "keys"):
        message = one_line_error(facilitator("key", "request", "--workspace", workspace, "--to", to), 1)
        assert f"{notes} is a file, not a folder" in message
    assert notes.read_text() == "the adviser's notes"


def test_a_place_that_cannot_be_made_is_refused_with_the_reason(workspace: Path) -> None:
    place = Path("/proc/microentre-exports/keys")  # nothing can be made in /proc, whoever runs the test
    message = one_line_error(facilitator("key", "request", "--workspace", workspace, "--to", place), 1)
    assert f"Cannot make the folder {place}:" in message
