"""``facilitator import research FILE.qdpx``: a project exported by the app, coded in a QDA tool
(edited here as a tool writes it: unzipped, ``project.qde`` changed, zipped again) and imported
back on the coordinator's workspace: the plan names what changes, ``--yes`` records the re-codes
that travel to the groups, a second import changes nothing, and a damaged or foreign file is
refused whole."""

from __future__ import annotations

import dataclasses
import io
import shutil
import uuid
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from exports.bundle.importer import Importer
from exports.bundle.writer import make_bundle
from exports.qdpx.codings_back import plan_codings_back
from exports.qdpx.project import qdpx_bytes
from exports.qdpx.reading import NAMESPACE
from exports.qdpx.sources import EntrySpan, MeetingSource, meeting_sources
from exports.research_codes import code_guid
from facilitator.cli import main
from facilitator.cli.research_import import SHOWN, plan_lines
from facilitator.i18n import language, use_language
from facilitator.model import Coding, coding_id, effective_codes
from storage.coding_import import save_imported_codings
from storage.errors import NotFound
from storage.workspace import WorkspaceRole
from tests.conftest import demo_clock, make_demo
from tests.sync_support import opened, opened_bundle, share_keys, tree_bytes
from tests.test_qdpx_reading import REFUSED

NS = "{" + NAMESPACE + "}"
ET.register_namespace("", NAMESPACE)


@dataclasses.dataclass
class Network:
    coordinator: Path  # the coordinator's workspace, with a group's bundle imported
    laptop: Path  # the facilitator's workspace the bundle came from


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> Network:
    folder = tmp_path_factory.mktemp("qdpx-import")
    make_demo(folder / "laptop", groups=1, years=1)
    with (
        opened(folder / "coordinator", WorkspaceRole.COORDINATOR) as coordinator,
        opened(folder / "laptop") as laptop,
    ):
        laptop.load_all()
        share_keys(coordinator, [laptop], folder / "keys")
        assert Importer(coordinator).import_file(make_bundle(laptop, laptop.groups(), to=folder).path).ok
    return Network(folder / "coordinator", folder / "laptop")


@pytest.fixture
def coordinator(network: Network, tmp_path: Path) -> Path:
    """A copy of the coordinator's workspace of its own for the test."""
    return Path(shutil.copytree(network.coordinator, tmp_path / "coordinator"))


def _sources(folder: Path) -> list[MeetingSource]:
    with opened(folder) as repository:
        repository.load_all()
        return meeting_sources(repository, repository.groups())


def _export(folder: Path, path: Path) -> list[MeetingSource]:
    sources = _sources(folder)
    path.write_bytes(qdpx_bytes(sources, demo_clock(), "Research"))
    return sources


def _edit(path: Path, change: Callable[[ET.Element], None], rename: Callable[[str], str] = str) -> None:
    """Change ``project.qde`` in the project at ``path`` the way a QDA tool rewrites it."""
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    root = ET.fromstring(members["project.qde"])
    change(root)
    members["project.qde"] = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(rename(name), data)
    path.write_bytes(buffer.getvalue())


def _source_element(root: ET.Element, source: MeetingSource) -> ET.Element:
    return next(element for element in root.iter(NS + "TextSource") if element.get("guid") == source.guid)


def _select(element: ET.Element, start: int, end: int, code: str) -> None:
    selection = ET.SubElement(
        element, NS + "PlainTextSelection", {"guid": _guid(), "startPosition": str(start), "endPosition": str(end)}
    )
    ET.SubElement(ET.SubElement(selection, NS + "Coding", {"guid": _guid()}), NS + "CodeRef", {"targetGUID": code})


def _add_code(root: ET.Element, name: str) -> str:
    guid = _guid()
    codes = root.find(f"{NS}CodeBook/{NS}Codes")
    assert codes is not None
    ET.SubElement(codes, NS + "Code", {"guid": guid, "name": name, "isCodable": "true"})
    return guid


def _guid() -> str:
    return str(uuid.uuid4()).upper()


def _text_entries(source: MeetingSource) -> list[EntrySpan]:
    return [span for span in source.entries if span.start < span.end]


def _run(folder: Path, *args: str | Path) -> int:
    return main(["--workspace", str(folder), "import", "research", *map(str, args)])


def _effective(folder: Path) -> dict[str, list[str]]:
    """Every entry's codes as the analysis reads them, by entry id."""
    with opened(folder) as repository:
        repository.load_all()
        found = {}
        for group in repository.groups():
            for meeting in repository.meetings(group.id):
                if not repository.has_meeting_file(meeting.id):
                    continue
                codings = {coding.entry_id: coding for coding in repository.codings(meeting.id)}
                for entry in repository.memo(meeting.id):
                    found[entry.id] = effective_codes(entry.codes, codings.get(entry.id))
        return found


# -- a project coded in a tool comes back ---------------------------------------------------------


def test_a_project_coded_in_a_tool_comes_back_as_re_codes_once(
    coordinator: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "coded.qdpx"
    sources = _export(coordinator, path)
    spans = [(source, span) for source in sources for span in _text_entries(source)]
    uncoded = next((source, span) for source, span in spans if not span.codes)
    coded = next((source, span) for source, span in spans if span.codes and span is not uncoded[1])
    visited = next(
        (source, span) for source, span in spans if "VI" not in span.codes and span not in (uncoded[1], coded[1])
    )
    trusted = next((source, span) for source, span in spans if span not in (uncoded[1], coded[1], visited[1]))
    pair = next(
        (source, first, second)
        for source in sources
        for first, second in zip(_text_entries(source), _text_entries(source)[1:], strict=False)
        if not {first.entry_id, second.entry_id} & {uncoded[1].entry_id, coded[1].entry_id, visited[1].entry_id}
    )

    def code_it(root: ET.Element) -> None:
        source, span = uncoded
        _select(_source_element(root, source), span.start, span.end, code_guid("PS"))
        source, span = coded
        element = _source_element(root, source)
        for selection in element.findall(NS + "PlainTextSelection"):
            if int(selection.get("startPosition", "")) == span.start:
                element.remove(selection)
        source, first, second = pair
        _select(_source_element(root, source), first.start, second.end, code_guid("SE"))
        source, span = trusted
        _select(_source_element(root, source), span.start, span.end, _add_code(root, "Trust"))
        source, span = visited
        # Only the Finnish name, with another case and spaces around it: "vierailut" is VI.
        _select(_source_element(root, source), span.start, span.end, _add_code(root, "  Vierailut "))
        foreign = root.find(NS + "Sources")
        assert foreign is not None
        interview = ET.SubElement(foreign, NS + "TextSource", {"guid": _guid(), "name": "Interview 3"})
        ET.SubElement(interview, NS + "PlainTextContent").text = "We trust each other."
        _select(interview, 0, 8, code_guid("PS"))

    _edit(path, code_it)
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
    assert _run(coordinator, path) == 0
    said = capsys.readouterr().out
    assert said.splitlines()[0] == (
        f"coded.qdpx: {len(sources)} sources of this workspace; 3 entries to re-code; 1 selection not applied; "
        "1 code not known here; 1 source not made here."
    )
    for line in ("  Trust: 1", "  Interview 3", "over 2 entries", "run again with --yes to record the 3 re-codes"):
        assert line in said, said
    assert tree_bytes(coordinator) == before, "nothing is written without --yes"

    assert _run(coordinator, path, "--yes") == 0
    assert "Recorded 3 re-codes" in capsys.readouterr().out
    codes = _effective(coordinator)
    for entry_id, (_old, new) in expected.items():
        assert codes[entry_id] == list(new)

    recorded = tree_bytes(coordinator)
    assert _run(coordinator, path, "--yes") == 0
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
    _export(coordinator, path)
    before = tree_bytes(coordinator)
    with opened(coordinator) as repository:
        plan = plan_codings_back(repository, path)
    assert plan.nothing_to_report and plan.sources
    capsys.readouterr()
    assert _run(coordinator, path, "--yes") == 0
    assert capsys.readouterr().out.splitlines() == [
        f"as-exported.qdpx: {plan.sources} sources of this workspace; 0 entries to re-code.",
        "Nothing to record: the workspace has these codings already.",
    ]
    assert tree_bytes(coordinator) == before


def test_a_source_whose_text_is_outside_the_file_is_listed_and_long_lists_are_cut_short(
    coordinator: Path, tmp_path: Path
) -> None:
    path = tmp_path / "outside.qdpx"
    sources = _export(coordinator, path)

    def move_out(root: ET.Element) -> None:
        _source_element(root, sources[0]).set("plainTextPath", "absolute:///home/researcher/memo.txt")
        holder = root.find(NS + "Sources")
        assert holder is not None
        for number in range(SHOWN + 3):
            interview = ET.SubElement(holder, NS + "TextSource", {"guid": _guid(), "name": f"Interview {number}"})
            ET.SubElement(interview, NS + "PlainTextContent").text = "Notes."

    _edit(path, move_out)
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
        sources = _export(coordinator, path)
    finally:
        use_language(before)
    assert sources[0].text != _sources(coordinator)[0].text
    with opened(coordinator) as repository:
        plan = plan_codings_back(repository, path)
    assert plan.sources == len(sources) and plan.nothing_to_report


def test_a_project_as_qualcoder_writes_it_is_recognised_by_names(coordinator: Path, tmp_path: Path) -> None:
    """QualCoder gives sources and codes GUIDs of its own, writes the texts with a byte-order mark
    and keeps everything in a top folder when zipped by hand: the names still match."""
    path = tmp_path / "qualcoder.qdpx"
    sources = _export(coordinator, path)
    guids: dict[str, str] = {}

    def new_guids(root: ET.Element) -> None:
        for code in root.iter(NS + "Code"):
            guids[code.get("guid", "")] = _guid()
            code.set("guid", guids[code.get("guid", "")])
            code.set("name", code.get("name", "").upper())
        for reference in root.iter(NS + "CodeRef"):
            reference.set("targetGUID", guids[reference.get("targetGUID", "")])
        for source in root.iter(NS + "TextSource"):
            old = source.get("guid", "")
            source.set("guid", _guid())
            source.set("plainTextPath", f"internal://{old}.txt")

    _edit(path, new_guids, rename=lambda name: f"Research/{name}")
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, b"\xef\xbb\xbf" + data if name.endswith(".txt") else data)
    with opened(coordinator) as repository:
        plan = plan_codings_back(repository, path)
    assert plan.sources == len(sources) and plan.nothing_to_report


def test_an_entry_changed_since_the_export_keeps_its_codes_and_is_listed(coordinator: Path, tmp_path: Path) -> None:
    path = tmp_path / "changed.qdpx"
    sources = _export(coordinator, path)
    source = next(source for source in sources if len(_text_entries(source)) >= 2)
    first, second = _text_entries(source)[:2]
    with opened(coordinator) as repository:
        entry = next(entry for entry in repository.memo(source.meeting.id) if entry.id == first.entry_id)
        repository.save_memo_entry(dataclasses.replace(entry, text=entry.text + " (edited)"))
    _edit(path, lambda root: _select(_source_element(root, source), second.start, second.end, code_guid("MK")))
    with opened(coordinator) as repository:
        plan = plan_codings_back(repository, path)
    assert [name for name, _excerpt in plan.changed_entries] == [source.name]
    assert [recode.coding.entry_id for recode in plan.recodes] == [second.entry_id]
    assert "MK" in plan.recodes[0].new


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
    assert _run(coordinator, path, "--yes") == 1
    error = capsys.readouterr().err.strip().splitlines()
    assert len(error) == 1 and reason in error[0], error
    assert tree_bytes(coordinator) == before


def test_the_facilitators_workspace_refuses(
    network: Network, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    laptop = Path(shutil.copytree(network.laptop, tmp_path / "laptop"))
    path = tmp_path / "project.qdpx"
    _export(laptop, path)
    before = tree_bytes(laptop)
    capsys.readouterr()
    assert _run(laptop, path, "--yes") == 1
    assert "coordinator's workspace" in capsys.readouterr().err
    assert tree_bytes(laptop) == before


def test_a_project_given_to_the_bundle_import_points_at_import_research(
    coordinator: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "project.qdpx"
    _export(coordinator, path)
    capsys.readouterr()
    assert main(["--workspace", str(coordinator), "import", str(path)]) == 1
    assert "facilitator import research" in capsys.readouterr().err


def test_both_imports_explain_themselves(capsys: pytest.CaptureFixture[str]) -> None:
    for words, expected in (
        (["import", "--help"], "facilitator import research FILE.qdpx"),
        (["import", "research", "--help"], "usage: facilitator import research"),
    ):
        with pytest.raises(SystemExit) as exited:
            main(words)
        assert exited.value.code == 0
        assert expected in " ".join(capsys.readouterr().out.split())


def test_the_re_codes_are_recorded_all_together_or_not_at_all(coordinator: Path) -> None:
    sources = [source for source in _sources(coordinator) if _text_entries(source)]
    codings = [
        Coding(
            id=coding_id(span.entry_id),
            entry_id=span.entry_id,
            meeting_id=source.meeting.id,
            group_id=source.group.id,
            codes=["MK"],
        )
        for source in sources[:3]
        for span in _text_entries(source)[:1]
    ]
    gone = dataclasses.replace(codings[-1], id=coding_id("gone"), entry_id="gone")
    before = tree_bytes(coordinator)
    with opened(coordinator) as repository, pytest.raises(NotFound):
        save_imported_codings(repository, [*codings, gone])
    assert tree_bytes(coordinator) == before
    with opened(coordinator) as repository:
        assert save_imported_codings(repository, codings) is not None
    codes = _effective(coordinator)
    assert all(codes[coding.entry_id] == ["MK"] for coding in codings)
