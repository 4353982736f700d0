"""An export made again because an import came between its reads (storage.reading): its files are
written from a whole view, and a file it wrote in the first attempt is its own, not an earlier
file it replaced."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from exports import files
from facilitator.cli import Failure, build_parser
from facilitator.cli.export import run_export
from storage.repository import Repository
from storage.transaction import StagedChange
from storage.workspace import Workspace
from tests.test_summary_pdf import held_meeting


def _import_elsewhere(folder: Path) -> None:
    """A change of several files made by another writer (its own thread, as the app's import): the
    network file written again as it is."""

    def write() -> None:
        change = StagedChange(folder)
        change.stage("network.json", (folder / "network.json").read_bytes())
        change.commit()

    writer = threading.Thread(target=write)
    writer.start()
    writer.join()


def test_a_website_text_written_again_after_an_import_came_in_between_replaced_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "workspace"
    with Workspace.open(folder, purpose="test") as workspace:
        meeting = held_meeting(Repository(workspace)).meeting
    # The first attempt writes the .md; an import comes before it writes the .txt: it reads again.
    write, written = files.write_atomic, []

    def import_after_the_first_file(path: Path, data: bytes) -> None:
        write(path, data)
        written.append(path.name)
        if len(written) == 1:
            _import_elsewhere(folder)

    monkeypatch.setattr(files, "write_atomic", import_after_the_first_file)
    arguments = build_parser().parse_args(["export", "website", meeting.id, "--workspace", str(folder)])
    assert run_export(folder, arguments, Failure) == 0
    printed = capsys.readouterr()
    md, txt = "inari-peer-group-website-2026-12-08.md", "inari-peer-group-website-2026-12-08.txt"
    assert written == [md, md, txt], "the read was not made again"
    assert [Path(line).name for line in printed.out.splitlines()] == [md, txt]
    assert printed.err == "", "the command spoke of its own file as an earlier one it replaced"

    # Written again by a command of its own, the earlier files are announced.
    assert run_export(folder, arguments, Failure) == 0
    assert capsys.readouterr().err.splitlines() == [
        f"The earlier file {md} was replaced.",
        f"The earlier file {txt} was replaced.",
    ]
