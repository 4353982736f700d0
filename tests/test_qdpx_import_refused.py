"""``facilitator import research``: what it refuses (a damaged, hostile or foreign file, a
facilitator's workspace), its help, and the re-codes recorded all together or not at all."""

from __future__ import annotations

import dataclasses
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from exports.research_codes import code_guid
from facilitator.cli import main
from facilitator.model import Coding, coding_id
from storage.coding_import import save_imported_codings
from storage.errors import NotFound
from storage.workspace import Workspace
from tests.qdpx_import_support import (
    NS,
    Network,
    coordinator,
    edit,
    effective,
    export,
    made_sources,
    network,
    new_guid,
    run,
    select,
    source_element,
    text_entries,
)
from tests.sync_support import opened, tree_bytes
from tests.test_qdpx_reading import REFUSED

__all__ = ["coordinator", "network"]  # fixtures

# -- refused -------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_damaged_or_foreign_file_is_refused_whole_with_a_reason(
    case: str, coordinator: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, reason = REFUSED[case]
    path = tmp_path / "damaged.qdpx"
    path.write_bytes(data)
    before = tree_bytes(coordinator)
    capsys.readouterr()
    assert run(coordinator, path, "--yes") == 1
    error = capsys.readouterr().err.strip().splitlines()
    assert len(error) == 1 and reason in error[0], error
    assert tree_bytes(coordinator) == before


def test_a_project_none_of_whose_sources_was_made_here_is_refused(
    coordinator: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "foreign.qdpx"
    export(coordinator, path)

    def foreign(root: ET.Element) -> None:
        for number, element in enumerate(root.iter(NS + "TextSource")):
            element.set("guid", new_guid())
            element.set("name", f"Interview {number}")

    edit(path, foreign)
    capsys.readouterr()
    assert run(coordinator, path) == 1
    assert "none of the project's sources was exported from this network's workspace" in (
        capsys.readouterr().err.casefold()
    )


def test_the_facilitators_workspace_refuses(
    network: Network, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    laptop = Path(shutil.copytree(network.laptop, tmp_path / "laptop"))
    path = tmp_path / "project.qdpx"
    export(laptop, path)
    before = tree_bytes(laptop)
    capsys.readouterr()
    assert run(laptop, path, "--yes") == 1
    assert "coordinator's workspace" in capsys.readouterr().err
    assert tree_bytes(laptop) == before


def test_a_project_given_to_the_bundle_import_points_at_import_research(
    coordinator: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "project.qdpx"
    export(coordinator, path)
    capsys.readouterr()
    assert main(["--workspace", str(coordinator), "import", str(path)]) == 1
    assert "facilitator import research" in capsys.readouterr().err


def test_both_imports_explain_themselves(capsys: pytest.CaptureFixture[str]) -> None:
    for words, expected in (
        (["--help"], "“import research FILE.qdpx”: codings from a QDA tool"),
        (["import", "--help"], "facilitator import research FILE.qdpx"),
        (["import", "research", "--help"], "usage: facilitator import research"),
    ):
        with pytest.raises(SystemExit) as exited:
            main(words)
        assert exited.value.code == 0
        assert expected in " ".join(capsys.readouterr().out.split())
    with pytest.raises(SystemExit) as exited:
        main(["import", "research", "a.qdpx", "b.qdpx"])
    assert exited.value.code == 2
    assert capsys.readouterr().err == (
        "facilitator import research: give one project file at a time, not 2 "
        "(see “facilitator import research --help”)\n"
    )


def test_the_plan_is_shown_beside_the_app_and_recorded_only_once_it_is_closed(
    coordinator: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "project.qdpx"
    sources = export(coordinator, path)
    span = text_entries(sources[0])[0]
    edit(path, lambda root: select(source_element(root, sources[0]), span.start, span.end, code_guid("GC")))
    with Workspace.open(coordinator, purpose="app"):
        before = tree_bytes(coordinator)
        capsys.readouterr()
        assert run(coordinator, path) == 0
        assert "run again with --yes to record the 1 re-code" in capsys.readouterr().out
        assert run(coordinator, path, "--yes") == 1
        assert "in use by the app" in capsys.readouterr().err
        assert tree_bytes(coordinator) == before
    assert run(coordinator, path, "--yes") == 0
    assert "Recorded 1 re-code" in capsys.readouterr().out


def test_the_re_codes_are_recorded_all_together_or_not_at_all(coordinator: Path) -> None:
    sources = [source for source in made_sources(coordinator) if text_entries(source)]
    codings = [
        Coding(
            id=coding_id(span.entry_id),
            entry_id=span.entry_id,
            meeting_id=source.meeting.id,
            group_id=source.group.id,
            codes=["MK"],
        )
        for source in sources[:3]
        for span in text_entries(source)[:1]
    ]
    gone = dataclasses.replace(codings[-1], id=coding_id("gone"), entry_id="gone")
    before = tree_bytes(coordinator)
    with opened(coordinator) as repository, pytest.raises(NotFound):
        save_imported_codings(repository, [*codings, gone])
    assert tree_bytes(coordinator) == before
    with opened(coordinator) as repository:
        assert save_imported_codings(repository, codings) is not None
    codes = effective(coordinator)
    assert all(codes[coding.entry_id] == ["MK"] for coding in codings)
