"""What the indicators report tells of the records it could not read: a meeting whose time cannot be
placed on a calendar is set aside and named, as every report names it."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.test_unplaceable import LEFT_OUT, _run, meeting_beyond_9999


def test_the_command_names_a_meeting_set_aside(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder, meeting_id, group = meeting_beyond_9999(tmp_path)
    out = tmp_path / "out"
    arguments = ["--workspace", folder, "report", "indicators", "--group", group, "--to", out]
    code, printed, told = _run(capsys, *arguments, "--from", "2025-01-01", "--until", "2025-12-31")
    assert code == 0, told
    assert LEFT_OUT in told and meeting_id[:8] in told
    pdf = Path(printed.splitlines()[0])
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages)
    assert LEFT_OUT in text
