"""``facilitator export summary|website``: a held meeting's papers from the command line, named by id,
id prefix or ``last --group``; one-line errors for a meeting not held and a command used wrongly."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from storage.repository import Repository
from storage.workspace import Workspace
from tests.test_cli import facilitator, one_line_error
from tests.test_summary_pdf import ACTION_TEXT, CONCLUSIONS, DECISION_TEXT, NEED_TEXT, held_meeting

pytestmark = pytest.mark.processes


def _workspace_with_a_held_meeting(folder: Path) -> tuple[str, str]:
    """A workspace holding Inari's held meeting of 8 Dec 2026; return its id and the next (planned) one's."""
    with Workspace.open(folder, purpose="test") as workspace:
        repository = Repository(workspace)
        held = held_meeting(repository)
        planned = [meeting for meeting in repository.meetings(held.group.id) if meeting.id != held.meeting.id]
        return held.meeting.id, planned[0].id


def _text(path: str | Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def test_export_summary_for_participants_by_id_prefix_and_the_record_of_the_last_meeting(
    tmp_path: Path, exports_folder: Path
) -> None:
    folder = tmp_path / "workspace"
    meeting_id, _planned = _workspace_with_a_held_meeting(folder)

    summary = facilitator("export", "summary", meeting_id[:8], "--workspace", folder)
    assert summary.returncode == 0, summary.stderr
    path = Path(summary.stdout.strip())
    assert path == exports_folder / "inari-peer-group-summary-2026-12-08.pdf"
    text = _text(path)
    assert all(line in text for line in (*CONCLUSIONS, DECISION_TEXT, ACTION_TEXT))
    assert NEED_TEXT not in text

    out = tmp_path / "print"
    out.mkdir()
    record = facilitator(
        "export", "summary", "last", "--group", "inari", "--variant", "record", "--workspace", folder, "--to", out
    )
    assert record.returncode == 0, record.stderr
    assert Path(record.stdout.strip()) == out / "inari-peer-group-record-2026-12-08.pdf"
    assert NEED_TEXT in _text(record.stdout.strip())


def test_export_website_writes_markdown_and_plain_text(tmp_path: Path) -> None:
    folder = tmp_path / "workspace"
    _meeting_id, _planned = _workspace_with_a_held_meeting(folder)
    result = facilitator("export", "website", "last", "--group", "Inari peer group", "--workspace", folder)
    assert result.returncode == 0, result.stderr
    paths = [Path(line) for line in result.stdout.splitlines()]
    assert [path.name for path in paths] == [
        "inari-peer-group-website-2026-12-08.md",
        "inari-peer-group-website-2026-12-08.txt",
    ]
    markdown = paths[0].read_text(encoding="utf-8")
    assert "### Main conclusions" in markdown and CONCLUSIONS[0] in markdown
    assert "Biret" not in markdown  # no contact consent: spoken of by company
    assert DECISION_TEXT in paths[1].read_text(encoding="utf-8")


def test_a_meeting_not_held_and_commands_used_wrongly_get_one_line(tmp_path: Path, exports_folder: Path) -> None:
    folder = tmp_path / "workspace"
    _held, planned = _workspace_with_a_held_meeting(folder)
    message = one_line_error(facilitator("export", "summary", planned, "--workspace", folder), 1)
    assert "has not been held yet" in message
    assert "has not been held yet" in one_line_error(
        facilitator("export", "website", planned, "--workspace", folder), 1
    )
    assert not exports_folder.exists() or not any(exports_folder.iterdir())
    assert "needs --group" in one_line_error(facilitator("export", "summary", "last", "--workspace", folder), 2)
    assert "No meeting has the id" in one_line_error(
        facilitator("export", "website", "0123456789", "--workspace", folder), 1
    )
    assert "invalid choice" in one_line_error(
        facilitator("export", "summary", "last", "--group", "inari", "--variant", "all", "--workspace", folder), 2
    )
    assert "MEETING" in one_line_error(facilitator("export", "website", "--workspace", folder), 2)


def test_a_group_without_a_held_meeting_is_told_so(tmp_path: Path) -> None:
    from tests.test_cli import plan_a_season

    folder = tmp_path / "planned"
    plan_a_season(folder)
    message = one_line_error(facilitator("export", "summary", "last", "--group", "inari", "--workspace", folder), 1)
    assert "no held meeting yet" in message


def test_help_lists_the_new_exports() -> None:
    help_text = facilitator("export", "--help").stdout
    assert "summary" in help_text and "website" in help_text
    summary_help = " ".join(facilitator("export", "summary", "--help").stdout.split())
    assert "--variant {participants,record}" in summary_help and "“last” with --group" in summary_help
