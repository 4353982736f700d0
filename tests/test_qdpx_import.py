"""``facilitator import research FILE.qdpx``: a project exported by the app, coded in a QDA tool
and imported back on the coordinator's workspace: the plan names what changes, ``--yes`` records
the re-codes that travel to the groups, a second import changes nothing."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from exports.bundle.writer import make_bundle
from exports.qdpx.codings_back import plan_codings_back
from exports.research_codes import code_guid
from facilitator.cli.research_import import SHOWN, plan_lines
from facilitator.i18n import language, use_language
from facilitator.model import MeetingStatus
from tests.qdpx_import_support import (
    NS,
    add_code,
    coordinator,
    edit,
    effective,
    export,
    made_sources,
    network,
    new_guid,
    nothing_found,
    run,
    select,
    source_element,
    text_entries,
)
from tests.sync_support import opened, opened_bundle, tree_bytes

__all__ = ["coordinator", "network"]  # fixtures

# -- a project coded in a tool comes back ---------------------------------------------------------


def test_a_project_coded_in_a_tool_comes_back_as_re_codes_once(
    coordinator: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "coded.qdpx"
    sources = export(coordinator, path)
    spans = [(source, span) for source in sources for span in text_entries(source)]
    uncoded = next((source, span) for source, span in spans if not span.codes)
    coded = next((source, span) for source, span in spans if span.codes and span is not uncoded[1])
    visited = next(
        (source, span) for source, span in spans if "VI" not in span.codes and span not in (uncoded[1], coded[1])
    )
    trusted = next((source, span) for source, span in spans if span not in (uncoded[1], coded[1], visited[1]))
    pair = next(
        (source, first, second)
        for source in sources
        for first, second in zip(text_entries(source), text_entries(source)[1:], strict=False)
        if not {first.entry_id, second.entry_id} & {uncoded[1].entry_id, coded[1].entry_id, visited[1].entry_id}
    )

    def code_it(root: ET.Element) -> None:
        source, span = uncoded
        select(source_element(root, source), span.start, span.end, code_guid("PS"))
        source, span = coded
        element = source_element(root, source)
        for selection in element.findall(NS + "PlainTextSelection"):
            if int(selection.get("startPosition", "")) == span.start:
                element.remove(selection)
        source, first, second = pair
        select(source_element(root, source), first.start, second.end, code_guid("SE"))
        source, span = trusted
        select(source_element(root, source), span.start, span.end, add_code(root, "Trust"))
        source, span = visited
        # Only the Finnish name, with another case and spaces around it: "vierailut" is VI.
        select(source_element(root, source), span.start, span.end, add_code(root, "  Vierailut "))
        foreign = root.find(NS + "Sources")
        assert foreign is not None
        interview = ET.SubElement(foreign, NS + "TextSource", {"guid": new_guid(), "name": "Interview 3"})
        ET.SubElement(interview, NS + "PlainTextContent").text = "We trust each other."
        select(interview, 0, 8, code_guid("PS"))

    edit(path, code_it)
    before = tree_bytes(coordinator)
    with opened(coordinator) as repository:
        plan = plan_codings_back(repository, path)
    order = ["PS", "RI", "SE", "RA", "CS", "BA", "GC", "DD", "DP", "VI", "MK"]
    expected = {
        uncoded[1].entry_id: ((), ("PS",)),
        coded[1].entry_id: (coded[1].codes, ()),
        visited[1].entry_id: (visited[1].codes, tuple(c for c in order if c in {*visited[1].codes, "VI"})),
    }
    assert {recode.coding.entry_id: (recode.old, recode.new) for recode in plan.recodes} == expected
    assert [(stray.source, stray.entries) for stray in plan.strays] == [(pair[0].name, 2)]
    assert plan.unknown_codes == {"Trust": 1}
    assert plan.foreign_sources == ["Interview 3"]
    assert plan.changed_entries == [] and plan.unreadable_sources == []
    assert plan.sources == len(sources)

    capsys.readouterr()
    assert run(coordinator, path) == 0
    said = capsys.readouterr().out
    assert said.splitlines()[0] == (
        f"coded.qdpx: {len(sources)} sources of this workspace; 3 entries to re-code; 1 selection not applied; "
        "1 code not known here; 1 source not made here."
    )
    for line in ("  Trust: 1", "  Interview 3", "over 2 entries", "run again with --yes to record the 3 re-codes"):
        assert line in said, said
    assert tree_bytes(coordinator) == before, "nothing is written without --yes"

    assert run(coordinator, path, "--yes") == 0
    said = capsys.readouterr().out
    assert "Recorded 3 re-codes" in said and "A backup of the workspace as it was is in " in said, said
    codes = effective(coordinator)
    for entry_id, (_old, new) in expected.items():
        assert codes[entry_id] == list(new)

    recorded = tree_bytes(coordinator)
    assert run(coordinator, path, "--yes") == 0
    assert "Nothing to record" in capsys.readouterr().out
    assert tree_bytes(coordinator) == recorded, "the same file imported again changes nothing"

    with opened(coordinator) as repository:
        repository.load_all()
        bundle = make_bundle(repository, repository.groups(), to=tmp_path)
        travelling = {
            document["entry_id"]: document["codes"]
            for document in opened_bundle(bundle.path, repository).records["codings"]
        }
    for entry_id, (_old, new) in expected.items():
        assert travelling[entry_id] == list(new)


def test_the_project_exported_as_it_is_changes_nothing(
    coordinator: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "as-exported.qdpx"
    export(coordinator, path)
    before = tree_bytes(coordinator)
    with opened(coordinator) as repository:
        plan = plan_codings_back(repository, path)
    assert plan.sources and not (plan.recodes or plan.strays or plan.unknown_codes or plan.foreign_sources)
    capsys.readouterr()
    assert run(coordinator, path, "--yes") == 0
    assert capsys.readouterr().out.splitlines() == [
        f"as-exported.qdpx: {plan.sources} sources of this workspace; 0 entries to re-code.",
        "Nothing to record: the workspace has these codings already.",
    ]
    assert tree_bytes(coordinator) == before


def test_a_source_whose_text_is_outside_the_file_is_listed_and_long_lists_are_cut_short(
    coordinator: Path, tmp_path: Path
) -> None:
    path = tmp_path / "outside.qdpx"
    sources = export(coordinator, path)

    def move_out(root: ET.Element) -> None:
        source_element(root, sources[0]).set("plainTextPath", "absolute:///home/researcher/memo.txt")
        holder = root.find(NS + "Sources")
        assert holder is not None
        for number in range(SHOWN + 3):
            interview = ET.SubElement(holder, NS + "TextSource", {"guid": new_guid(), "name": f"Interview {number}"})
            ET.SubElement(interview, NS + "PlainTextContent").text = "Notes."

    edit(path, move_out)
    with opened(coordinator) as repository:
        plan = plan_codings_back(repository, path)
    assert plan.unreadable_sources == [
        (sources[0].name, "its text is kept outside the project file (absolute:///home/researcher/memo.txt)")
    ]
    assert plan.sources == len(sources) - 1 and not plan.recodes
    lines = plan_lines(plan, path)
    assert lines[0] == (
        f"outside.qdpx: {len(sources) - 1} sources of this workspace; 0 entries to re-code; "
        f"{SHOWN + 3} sources not made here; 1 source that could not be read."
    )
    assert "  and 3 more" in lines and f"  Interview {SHOWN - 1}" in lines and f"  Interview {SHOWN}" not in lines


def test_a_project_exported_in_another_language_is_found_entry_by_entry(coordinator: Path, tmp_path: Path) -> None:
    """The headings and header lines are in the language of the export; the entries' texts are the
    same in any language, and each is found in the project's text."""
    path = tmp_path / "finnish.qdpx"
    before = language()
    use_language("sv" if before == "fi" else "fi")
    try:
        sources = export(coordinator, path)
    finally:
        use_language(before)
    assert sources[0].text != made_sources(coordinator)[0].text
    with opened(coordinator) as repository:
        plan = plan_codings_back(repository, path)
    assert plan.sources == len(sources) and nothing_found(plan)


def test_a_project_as_qualcoder_writes_it_is_recognised_by_names(coordinator: Path, tmp_path: Path) -> None:
    """QualCoder gives sources and codes GUIDs of its own, writes the texts with a byte-order mark
    and keeps everything in a top folder when zipped by hand: the names still match."""
    path = tmp_path / "qualcoder.qdpx"
    sources = export(coordinator, path)
    guids: dict[str, str] = {}

    def new_guids(root: ET.Element) -> None:
        for code in root.iter(NS + "Code"):
            guids[code.get("guid", "")] = new_guid()
            code.set("guid", guids[code.get("guid", "")])
            code.set("name", code.get("name", "").upper())
        for reference in root.iter(NS + "CodeRef"):
            reference.set("targetGUID", guids[reference.get("targetGUID", "")])
        for source in root.iter(NS + "TextSource"):
            old = source.get("guid", "")
            source.set("guid", new_guid())
            source.set("plainTextPath", f"internal://{old}.txt")

    edit(path, new_guids, rename=lambda name: f"Research/{name}")
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, b"\xef\xbb\xbf" + data if name.endswith(".txt") else data)
    with opened(coordinator) as repository:
        plan = plan_codings_back(repository, path)
    assert plan.sources == len(sources) and nothing_found(plan)


def test_an_entry_changed_since_the_export_keeps_its_codes_and_is_listed(coordinator: Path, tmp_path: Path) -> None:
    path = tmp_path / "changed.qdpx"
    sources = export(coordinator, path)
    source = next(source for source in sources if len(text_entries(source)) >= 2)
    first, second = text_entries(source)[:2]
    with opened(coordinator) as repository:
        entry = next(entry for entry in repository.memo(source.meeting.id) if entry.id == first.entry_id)
        repository.save_memo_entry(dataclasses.replace(entry, text=entry.text + " (edited)"))
    edit(path, lambda root: select(source_element(root, source), second.start, second.end, code_guid("MK")))
    with opened(coordinator) as repository:
        plan = plan_codings_back(repository, path)
    assert [name for name, _excerpt in plan.changed_entries] == [source.name]
    assert [recode.coding.entry_id for recode in plan.recodes] == [second.entry_id]
    assert "MK" in plan.recodes[0].new


def test_a_code_renamed_in_the_tool_is_not_in_the_project_and_its_codings_stay(
    coordinator: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """QualCoder gives every code a GUID of its own: PS renamed "Problem solving" by the researcher
    is none of ours by GUID or name, and no entry loses PS for it."""
    path = tmp_path / "renamed.qdpx"
    sources = export(coordinator, path)
    source, span = next((source, span) for source in sources for span in text_entries(source) if "PS" in span.codes)
    renamed: dict[str, str] = {}

    def rename(root: ET.Element) -> None:
        for code in root.iter(NS + "Code"):
            renamed[code.get("guid", "")] = new_guid()
            code.set("guid", renamed[code.get("guid", "")])
            if code.get("name", "").startswith("PS "):
                code.set("name", "Problem solving")
        for reference in root.iter(NS + "CodeRef"):
            reference.set("targetGUID", renamed[reference.get("targetGUID", "")])
        select(source_element(root, source), span.start, span.end, renamed[code_guid("MK")])

    edit(path, rename)
    with opened(coordinator) as repository:
        plan = plan_codings_back(repository, path)
    assert plan.missing_codes == ("PS",)
    order = ["PS", "RI", "SE", "RA", "CS", "BA", "GC", "DD", "DP", "VI", "MK"]
    new = tuple(code for code in order if code in {*span.codes, "MK"})
    assert [(recode.coding.entry_id, recode.new) for recode in plan.recodes] == [(span.entry_id, new)]
    capsys.readouterr()
    assert run(coordinator, path) == 0
    said = capsys.readouterr().out
    assert "1 code not in the project" in said.splitlines()[0] and "\n  PS\n" in said, said


def test_a_quotation_without_a_code_and_an_empty_selection_are_no_codings(coordinator: Path, tmp_path: Path) -> None:
    path = tmp_path / "quoted.qdpx"
    sources = export(coordinator, path)
    first, second = text_entries(sources[0])[:2]

    def quote(root: ET.Element) -> None:
        element = source_element(root, sources[0])
        attributes = {"guid": new_guid(), "startPosition": str(first.start), "endPosition": str(second.end)}
        ET.SubElement(element, NS + "PlainTextSelection", attributes)
        select(element, second.start, second.start, code_guid("MK"))

    edit(path, quote)
    with opened(coordinator) as repository:
        assert nothing_found(plan_codings_back(repository, path))


def test_a_source_of_a_meeting_no_longer_held_is_listed_as_such(coordinator: Path, tmp_path: Path) -> None:
    path = tmp_path / "not-held.qdpx"
    sources = export(coordinator, path)
    with opened(coordinator) as repository:
        meeting = repository.meeting(sources[0].meeting.id)
        repository.save_meeting(dataclasses.replace(meeting, status=MeetingStatus.CONFIRMED))
        plan = plan_codings_back(repository, path)
    assert plan.not_held_sources == [sources[0].name] and plan.foreign_sources == []
    assert "1 source of a meeting no longer held" in plan_lines(plan, path)[0]


def test_what_came_from_the_file_is_printed_without_terminal_controls(
    coordinator: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "escapes.qdpx"
    sources = export(coordinator, path)
    written = "\x1b]0;pwned\x07\x1b[2J\x1b[31mRED\x1b[0m \u202eevil"
    file_text = f"{sources[0].text}\n{written}\n"

    def hostile(root: ET.Element) -> None:
        element = source_element(root, sources[0])
        select(element, len(sources[0].text) + 1, len(file_text) - 1, add_code(root, "Trust\u009b2J"))
        holder = root.find(NS + "Sources")
        assert holder is not None
        ET.SubElement(holder, NS + "TextSource", {"guid": new_guid(), "name": "Interview \u009b31m\u202e"})

    edit(path, hostile, texts=lambda name, text: file_text if sources[0].guid in name else text)
    capsys.readouterr()
    assert run(coordinator, path) == 0
    said = capsys.readouterr().out
    assert not set(said) & {"\x1b", "\x07", "\x9b", "\u202e"}, repr(said)
    for shown in ("“]0;pwned[2J[31mRED[0m evil”", "  Trust2J: 1", "  Interview 31m"):
        assert shown in said, said
