"""``facilitator import research``: each entry compared three ways, its codes in the project, here,
and at the export (written at the end of its header line in the source: "17:50 · Welcome · idea ·
[PS RI]"), so that an older project never undoes a re-code made here since."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from exports.qdpx.codings_back import plan_codings_back
from exports.qdpx.sources import EntrySpan, MeetingSource
from exports.research_codes import code_guid
from facilitator.model import Coding, coding_id
from tests.qdpx_import_support import (
    NS,
    coordinator,
    edit,
    effective,
    export,
    network,
    nothing_found,
    run,
    select,
    source_element,
    text_entries,
)
from tests.sync_support import opened, tree_bytes

__all__ = ["coordinator", "network"]  # fixtures


def _coded(sources: list[MeetingSource], coded: bool = True) -> tuple[MeetingSource, EntrySpan]:
    return next((source, span) for source in sources for span in text_entries(source) if bool(span.codes) == coded)


def _recode_here(folder: Path, source: MeetingSource, span: EntrySpan, codes: list[str]) -> None:
    """A re-code on the analysis screen, after the export."""
    with opened(folder) as repository:
        repository.save_coding(
            Coding(
                id=coding_id(span.entry_id),
                entry_id=span.entry_id,
                meeting_id=source.meeting.id,
                group_id=source.group.id,
                codes=codes,
            )
        )


def test_each_entry_s_codes_at_the_export_end_its_header_line(coordinator: Path, tmp_path: Path) -> None:
    sources = export(coordinator, tmp_path / "project.qdpx")
    for source in sources:
        for span in source.entries:
            header = source.text[: span.start - 1].rsplit("\n", 1)[-1]
            assert header.endswith(f" · [{' '.join(span.codes)}]") == bool(span.codes), header
            assert "[" not in header or span.codes, header


@pytest.mark.parametrize("coded", [True, False], ids=["coded at the export", "without codes at the export"])
def test_an_older_project_does_not_undo_a_re_code_made_here_since(
    coordinator: Path, tmp_path: Path, coded: bool
) -> None:
    path = tmp_path / "older.qdpx"
    source, span = _coded(export(coordinator, path), coded)
    _recode_here(coordinator, source, span, ["MK", "VI"])
    with opened(coordinator) as repository:
        plan = plan_codings_back(repository, path)
    assert nothing_found(plan), plan
    assert set(effective(coordinator)[span.entry_id]) == {"MK", "VI"}


def test_an_entry_re_coded_both_here_and_in_the_project_is_listed_and_kept(
    coordinator: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "both.qdpx"
    sources = export(coordinator, path)
    source, span = _coded(sources)
    same, same_span = next(
        (other, other_span)
        for other in sources
        for other_span in text_entries(other)
        if other_span.codes and other_span is not span
    )
    _recode_here(coordinator, source, span, ["MK"])
    _recode_here(coordinator, same, same_span, ["GC"])

    def code_both(root: ET.Element) -> None:
        select(source_element(root, source), span.start, span.end, code_guid("DD"))
        element = source_element(root, same)
        for selection in element.findall(NS + "PlainTextSelection"):
            if int(selection.get("startPosition", "")) == same_span.start:
                element.remove(selection)
        select(element, same_span.start, same_span.end, code_guid("GC"))  # as here: nothing to do

    edit(path, code_both)
    with opened(coordinator) as repository:
        plan = plan_codings_back(repository, path)
    assert plan.recodes == []
    order = ["PS", "RI", "SE", "RA", "CS", "BA", "GC", "DD", "DP", "VI", "MK"]
    assert [(conflict.coding.entry_id, conflict.old, conflict.new) for conflict in plan.conflicts] == [
        (span.entry_id, ("MK",), tuple(code for code in order if code in {*span.codes, "DD"}))
    ]
    before = tree_bytes(coordinator)
    capsys.readouterr()
    assert run(coordinator, path, "--yes") == 0
    said = capsys.readouterr().out
    assert "1 entry re-coded here since the export" in said.splitlines()[0], said
    assert "kept as they are (here → project)" in said and "Nothing to record" in said, said
    assert tree_bytes(coordinator) == before
    assert effective(coordinator)[span.entry_id] == ["MK"]


def test_brackets_that_hold_no_codes_cannot_tell_and_the_project_wins(coordinator: Path, tmp_path: Path) -> None:
    """A header line that ends in brackets holding something else than the eleven codes (edited in
    the tool) gives no codes at the export: the project's codes win where they differ from here."""
    path = tmp_path / "edited.qdpx"
    source, span = _coded(export(coordinator, path))
    _recode_here(coordinator, source, span, ["MK"])
    written = f"[{' '.join(span.codes)}]\n"
    header_end = source.text.rindex(written, 0, span.start + 1)
    unknown = "[" + "x" * (len(written) - 3) + "]\n"  # as long: every selection stays where it was

    def edit_header(name: str, text: str) -> str:
        if source.guid not in name:
            return text
        return text[:header_end] + unknown + text[header_end + len(written) :]

    edit(path, lambda root: None, texts=edit_header)
    with opened(coordinator) as repository:
        plan = plan_codings_back(repository, path)
    assert [(recode.coding.entry_id, recode.old, recode.new) for recode in plan.recodes] == [
        (span.entry_id, ("MK",), span.codes)
    ]
