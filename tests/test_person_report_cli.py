"""``facilitator person report`` as a user or a script meets it: a real process on a demo workspace."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.test_cli import facilitator, one_line_error

pytestmark = pytest.mark.processes


def test_person_report_writes_a_pdf_and_json_and_refuses_what_names_no_one_or_several(
    demo_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    made = facilitator("--workspace", demo_path, "person", "report", "sárá", "--group", "inari", "--to", out)
    assert made.returncode == 0, made.stderr
    pdf, json_path = (Path(line) for line in made.stdout.splitlines())
    assert pdf == out / "inari-peer-group-person-data-maret-sara.pdf" and pdf.read_bytes().startswith(b"%PDF")
    assert json.loads(json_path.read_text(encoding="utf-8"))["person"]["fields"][0]["value"] == "Máret Sárá"

    assert "No one answers to “Nobody Here”" in one_line_error(
        facilitator("--workspace", demo_path, "person", "report", "Nobody Here"), 1
    )
    several = facilitator("--workspace", demo_path, "person", "report", "forsman", "--to", tmp_path / "never")
    assert several.returncode == 1 and several.stdout == ""
    first, *listed, hint = several.stderr.strip().splitlines()
    assert first.startswith("facilitator: “forsman” could be any of 3 people:") and len(listed) == 3
    assert all(line.count(" · ") == 2 for line in listed) and "--group" in hint
    assert not (tmp_path / "never").exists(), "a refused command leaves no folder behind"
