"""``facilitator export research --format qdpx``: the REFI-QDA project, unzipped and read back as a
QDA tool reads it (QualCoder's way: ``internal://`` sources, 0-based end-exclusive code-point
offsets), validated against the standard's own schema (``tests/data/Project-mrt2019.xsd``), with
research consent, the period and the group respected."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
import xmlschema

from exports.bundle.privacy import pseudonym
from exports.qdpx.sources import meeting_sources, source_guid
from exports.research import codebook_bytes, research_rows
from facilitator.model import Coding, MeetingStatus, MemoEntry, MemoKind, Role, coding_id
from screens.palette import screen_commands
from storage.repository import Repository
from storage.workspace import Workspace
from tests import test_network_screens
from tests.conftest import demo_clock, make_demo
from tests.test_cli import facilitator, one_line_error
from tests.test_network_screens import SIZE, app_on, notice, open_dashboard

SCHEMA = Path(__file__).parent / "data" / "Project-mrt2019.xsd"
QDA = "{urn:QDA-XML:project:1.0}"
#: The coordinator's workspace with three groups imported from their bundles (a fixture).
coordinator = test_network_screens.coordinator
QDC = "{urn:QDA-XML:codebook:1.0}"
NOW = "2026-12-04T08:00:00+00:00"
#: Characters outside the Basic Multilingual Plane (two UTF-16 units each) and combining accents
#: (two code points for one letter as seen; ŋ́ and q̃ have no composed form, and stay two after the
#: NFC the consent view writes): a tool counting anything but code points misplaces every
#: selection after them.
ASTRAL = "𝔘𝔱𝔰𝔧𝔬𝔨𝔦 😀 ja Sa\u0301mi \u014b\u0301 q\u0303 Čuoŋ"


@dataclasses.dataclass
class Demo:
    folder: Path
    group: str
    tricky_id: str  # coded, first in its meeting, with \r\n, astral characters and a hidden name
    tricky_text: str  # as the source must hold it
    hidden_name: str
    hidden_pseudonym: str
    empty_id: str  # coded, without text
    uncoded_id: str
    removed_id: str
    recoded_id: str  # re-coded by the researcher to MK and DP
    not_held_meeting: str  # a meeting with entries whose status went back to confirmed


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    folder = tmp_path_factory.mktemp("qdpx") / "demo"
    make_demo(folder)
    with Workspace.open(folder, purpose="test") as workspace:
        repository = Repository(workspace)
        repository.load_all()
        group = next(group for group in repository.groups() if "Inari" in group.name)
        people = repository.people(group.id)
        shown = next(person for person in people if person.research_consent is not None)
        hidden = next(person for person in people if person.research_consent is None and person.role is Role.MEMBER)
        meetings = [
            m for m in repository.meetings(group.id) if m.status is MeetingStatus.HELD and repository.memo(m.id)
        ]
        meeting, other = meetings[-1], meetings[-2]
        item = repository.agenda(meeting.id)[0]
        text = f"{shown.name} asked {hidden.name}:\r\n{ASTRAL}?\rlast line"

        def entry(text: str, codes: list[str], minutes: int = 1) -> MemoEntry:
            return repository.save_memo_entry(
                MemoEntry(
                    meeting_id=meeting.id,
                    group_id=group.id,
                    text=text,
                    written_at=meeting.starts_at - timedelta(minutes=minutes),
                    kind=MemoKind.DECISION,
                    codes=codes,
                    agenda_item_id=item.id,
                )
            )

        tricky = entry(text, ["ps", "SE", "XX"], minutes=10)
        empty = entry("", ["VI"], minutes=9)
        uncoded = entry("Nothing coded here", [], minutes=8)
        removed = entry("Removed again", ["GC"], minutes=7)
        repository.remove_memo_entry(removed)
        recoded = next(
            each for each in repository.memo(meeting.id) if each.codes and each.text and each.id != tricky.id
        )
        repository.save_coding(
            Coding(
                id=coding_id(recoded.id),
                entry_id=recoded.id,
                meeting_id=meeting.id,
                group_id=group.id,
                codes=["MK", "dp"],
            )
        )
        repository.save_meeting(dataclasses.replace(other, status=MeetingStatus.CONFIRMED))
    return Demo(
        folder=folder,
        group=group.name,
        tricky_id=tricky.id,
        tricky_text=unicodedata.normalize("NFC", text)
        .replace(hidden.name, pseudonym(hidden.id, "Member"))
        .replace("\r\n", "\n")
        .replace("\r", "\n"),
        hidden_name=hidden.name,
        hidden_pseudonym=pseudonym(hidden.id, "Member"),
        empty_id=empty.id,
        uncoded_id=uncoded.id,
        removed_id=removed.id,
        recoded_id=recoded.id,
        not_held_meeting=other.id,
    )


@dataclasses.dataclass
class Project:
    path: Path
    root: ET.Element
    texts: dict[str, str]  # source guid -> its text
    qde: bytes


def _export(folder: Path, to: Path, *args: str | Path, now: str = NOW) -> tuple[Project, list[str]]:
    result = facilitator(
        "export", "research", "--workspace", folder, "--format", "qdpx", "--to", to, *args, env={"FACILITATOR_NOW": now}
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    return _read(Path(lines[0])), lines


def _read(path: Path) -> Project:
    """The project as a QDA tool reads it: ``project.qde`` at the root, each source's text where its
    ``plainTextPath`` points."""
    with zipfile.ZipFile(path) as archive:
        assert all(info.compress_type == zipfile.ZIP_DEFLATED for info in archive.infolist())
        qde = archive.read("project.qde")
        root = ET.fromstring(qde)
        texts = {}
        for source in root.iter(f"{QDA}TextSource"):
            where = source.get("plainTextPath", "")
            assert where == f"internal://{source.get('guid')}.txt" and source.find(f"{QDA}PlainTextContent") is None
            data = archive.read("sources/" + where.removeprefix("internal://"))
            assert not data.startswith(b"\xef\xbb\xbf")
            texts[source.get("guid", "")] = data.decode("utf-8")
        assert sorted(archive.namelist()) == sorted(["project.qde", *(f"sources/{guid}.txt" for guid in texts)])
    return Project(path, root, texts, qde)


def _selections(project: Project) -> dict[str, list[tuple[int, int, str]]]:
    """Each source's selections as (start, end, code GUID), each holding exactly one coding of one code."""
    found: dict[str, list[tuple[int, int, str]]] = {}
    for source in project.root.iter(f"{QDA}TextSource"):
        for selection in source.findall(f"{QDA}PlainTextSelection"):
            codings = selection.findall(f"{QDA}Coding")
            assert len(codings) == 1 and len(codings[0].findall(f"{QDA}CodeRef")) == 1
            start, end = int(selection.get("startPosition", "")), int(selection.get("endPosition", ""))
            code = codings[0].find(f"{QDA}CodeRef").get("targetGUID", "")  # type: ignore[union-attr]
            found.setdefault(source.get("guid", ""), []).append((start, end, code))
    return found


def _code_guids() -> dict[str, str]:
    """The codebook's (.qdc's) GUID of each code, by code ("PS")."""
    codes = ET.fromstring(codebook_bytes()).iter(f"{QDC}Code")
    return {code.get("name", "").split()[0]: code.get("guid", "") for code in codes}


# -- schema ------------------------------------------------------------------------------------


@pytest.mark.processes
def test_the_project_is_valid_refi_qda_and_its_codebook_is_the_qdcs(demo: Demo, tmp_path: Path) -> None:
    project, _lines = _export(demo.folder, tmp_path)
    assert project.path == tmp_path / "all-groups-research.qdpx"
    schema = xmlschema.XMLSchema(SCHEMA)
    schema.validate(project.qde)
    assert project.root.tag == f"{QDA}Project" and project.root.get("origin", "").startswith("MicroENTRE Facilitator")
    assert [child.tag.removeprefix(QDA) for child in project.root] == [
        "Users",
        "CodeBook",
        "Variables",
        "Cases",
        "Sources",
    ]
    qdc = [
        code.attrib | {"d": code.findtext(f"{QDC}Description")}
        for code in ET.fromstring(codebook_bytes()).iter(f"{QDC}Code")
    ]
    ours = [
        code.attrib | {"d": code.findtext(f"{QDA}Description")}
        for code in project.root.findall(f"{QDA}CodeBook/{QDA}Codes/{QDA}Code")
    ]
    assert ours == qdc and len(ours) == 11
    # The validation is real: a selection without its end fails.
    broken = project.qde.decode("utf-8")
    assert schema.is_valid(broken)
    assert not schema.is_valid(re.sub(r' endPosition="\d+"', "", broken, count=1))


# -- read back ---------------------------------------------------------------------------------


@pytest.mark.processes
def test_every_selection_is_exactly_its_entrys_text_with_exactly_its_codes(demo: Demo, tmp_path: Path) -> None:
    """Unzipped and read as a QDA tool reads it: in every source, the coded entries' spans in order
    hold the entries' texts as the CSV gives them (consent applied, line endings made \\n), and
    the codes of each span are exactly the entry's (the researcher's re-code where there is one)."""
    project, _lines = _export(demo.folder, tmp_path)
    guids = _code_guids()
    with Workspace.open(demo.folder, purpose="test") as workspace:
        rows = research_rows(Repository(workspace), Repository(workspace).groups())
    expected: dict[str, list[tuple[str, set[str], str]]] = {}
    for row in rows:
        text = row.text.replace("\r\n", "\n").replace("\r", "\n")
        if text:
            expected.setdefault(source_guid(row.meeting_id), []).append(
                (text, {guids[c] for c in row.codes}, row.entry_id)
            )
    selections = _selections(project)
    assert set(selections) == set(expected)
    checked = 0
    for guid, found in selections.items():
        text = project.texts[guid]
        assert text.endswith("\n") and "\r" not in text
        spans: dict[tuple[int, int], set[str]] = {}
        for start, end, code in found:
            spans.setdefault((start, end), set()).add(code)
        assert len(found) == sum(len(codes) for codes in spans.values()), "one selection per entry and code"
        in_order = sorted(spans.items())
        assert len(in_order) == len(expected[guid])
        for ((start, end), codes), (entry_text, entry_codes, _entry_id) in zip(in_order, expected[guid], strict=True):
            assert text[start:end] == entry_text
            assert codes == entry_codes
            assert text[end] == "\n" and text[start - 1] == "\n"  # the entry on its own line(s)
            checked += 1
    assert checked == len(rows) - 1 > 100  # every coded entry but the one without text
    tricky = next(sources for sources in expected.values() if any(each[2] == demo.tricky_id for each in sources))
    assert tricky[0][0] == demo.tricky_text and tricky[0][1] == {guids["PS"], guids["SE"]}
    recoded = next(each for sources in expected.values() for each in sources if each[2] == demo.recoded_id)
    assert recoded[1] == {guids["MK"], guids["DP"]}


def test_the_sources_hold_every_entry_coded_or_not_and_code_points_count(demo: Demo) -> None:
    with Workspace.open(demo.folder, purpose="test") as workspace:
        repository = Repository(workspace)
        sources = meeting_sources(repository, repository.groups())
    source = next(source for source in sources if any(span.entry_id == demo.tricky_id for span in source.entries))
    spans = {span.entry_id: span for span in source.entries}
    tricky = spans[demo.tricky_id]
    assert source.text[tricky.start : tricky.end] == demo.tricky_text and tricky.codes == ("PS", "SE")
    assert "😀" in demo.tricky_text and "\u014b\u0301" in demo.tricky_text
    assert tricky is source.entries[0], "first: every later span depends on it"
    # Code points, not UTF-16 units: the same spans counted the other way would not land.
    later = source.entries[-1]
    assert len(source.text[: later.start].encode("utf-16-le")) // 2 != later.start
    assert spans[demo.empty_id].start == spans[demo.empty_id].end and spans[demo.empty_id].codes == ("VI",)
    uncoded = spans[demo.uncoded_id]
    assert source.text[uncoded.start : uncoded.end] == "Nothing coded here" and uncoded.codes == ()
    assert demo.removed_id not in spans and "Removed again" not in source.text
    header = source.text[: tricky.start].splitlines()
    assert header[0] == demo.group and header[-2] == "" and header[-1].endswith(" · decision")
    assert re.match(r"\d\d:\d\d · ", header[-1])
    assert all(other.meeting.id != demo.not_held_meeting for other in sources), "held meetings only"
    assert all(other.meeting.status is MeetingStatus.HELD for other in sources)


@pytest.mark.processes
def test_an_entry_without_text_or_codes_has_no_selection(demo: Demo, tmp_path: Path) -> None:
    project, _lines = _export(demo.folder, tmp_path, "--group", "inari")
    guids = _code_guids()
    with Workspace.open(demo.folder, purpose="test") as workspace:
        repository = Repository(workspace)
        source = next(
            source
            for source in meeting_sources(repository, repository.groups())
            if any(span.entry_id == demo.tricky_id for span in source.entries)
        )
    spans = {span.entry_id: span for span in source.entries}
    found = _selections(project)[source.guid]
    assert project.texts[source.guid] == source.text
    assert not any(start == end for start, end, _code in found)
    uncoded = spans[demo.uncoded_id]
    assert not any((start, end) == (uncoded.start, uncoded.end) for start, end, _code in found)
    assert guids["VI"] not in {code for start, _end, code in found if start == spans[demo.empty_id].start}


# -- consent -----------------------------------------------------------------------------------


@pytest.mark.processes
def test_no_one_without_research_consent_is_named_in_any_source(demo: Demo, tmp_path: Path) -> None:
    project, _lines = _export(demo.folder, tmp_path)
    with Workspace.open(demo.folder, purpose="test") as workspace:
        repository = Repository(workspace)
        people = [person for group in repository.groups() for person in repository.people(group.id)]
        hosts = {
            meeting.id: meeting.host_id for group in repository.groups() for meeting in repository.meetings(group.id)
        }
    hidden = [person for person in people if person.research_consent is None]
    everything = project.qde.decode("utf-8") + "".join(project.texts.values())
    for person in hidden:
        assert person.name not in everything, person.name
        assert not person.company or person.company not in everything, person.company
    for person in people:
        assert not person.email or person.email not in everything
        assert not person.phone or person.phone not in everything
    assert demo.hidden_name not in everything and demo.hidden_pseudonym in everything
    assert any(person.name in everything for person in people if person.research_consent is not None)
    # The host's business field only with the host's consent.
    consenting = {person.id for person in people if person.research_consent is not None}
    field = next(v for v in project.root.iter(f"{QDA}Variable") if v.get("name") == "Host's business field")
    with_field = set()
    for case in project.root.iter(f"{QDA}Case"):
        refs = [ref.get("targetGUID") for ref in case.findall(f"{QDA}SourceRef")]
        for value in case.findall(f"{QDA}VariableValue"):
            if value.find(f"{QDA}VariableRef").get("targetGUID") == field.get("guid"):  # type: ignore[union-attr]
                with_field.update(refs)
    assert with_field
    for meeting_id, host in hosts.items():
        if source_guid(meeting_id) in with_field:
            assert host in consenting


# -- cases and variables -----------------------------------------------------------------------


@pytest.mark.processes
def test_each_source_has_its_variables_and_each_group_its_case(demo: Demo, tmp_path: Path) -> None:
    project, _lines = _export(demo.folder, tmp_path)
    variables = {v.get("guid"): (v.get("name"), v.get("typeOfVariable")) for v in project.root.iter(f"{QDA}Variable")}
    assert sorted(variables.values()) == sorted(
        [
            ("Group", "Text"),
            ("Region", "Text"),
            ("Municipality", "Text"),
            ("Meeting date", "Date"),
            ("Year", "Integer"),
            ("Host's business field", "Text"),
        ]
    )
    names = {source.get("guid"): source.get("name", "") for source in project.root.iter(f"{QDA}TextSource")}
    by_source: dict[str, dict[str, str]] = {}
    groups: dict[str, set[str]] = {}
    for case in project.root.iter(f"{QDA}Case"):
        refs = {ref.get("targetGUID", "") for ref in case.findall(f"{QDA}SourceRef")}
        if case.get("name") is not None:
            assert not case.findall(f"{QDA}VariableValue")
            groups[case.get("name", "")] = refs
            continue
        assert len(refs) == 1
        values = {}
        for value in case.findall(f"{QDA}VariableValue"):
            name, _kind = variables[value.find(f"{QDA}VariableRef").get("targetGUID")]  # type: ignore[union-attr]
            values[name] = value[1].text or ""
        by_source[refs.pop()] = values
    assert set(by_source) == set(names) and set().union(*groups.values()) == set(names)
    for guid, values in by_source.items():
        assert guid in groups[values["Group"]]
        assert names[guid] == f"{values['Group']} {values['Meeting date']}"
        assert values["Year"] == values["Meeting date"][:4]
        assert values["Municipality"] and values["Region"]
        assert project.texts[guid].startswith(values["Group"] + "\n")
    assert len(groups) == 3 and demo.group in groups


# -- period, group, determinism ----------------------------------------------------------------


@pytest.mark.processes
def test_the_group_and_the_period_choose_the_sources(demo: Demo, tmp_path: Path) -> None:
    project, lines = _export(demo.folder, tmp_path, "--group", "inari", "--from", "1.1.2025", "--until", "2025-06-30")
    assert project.path == tmp_path / "inari-peer-group-research-2025-01-01-2025-06-30.qdpx"
    names = [source.get("name", "") for source in project.root.iter(f"{QDA}TextSource")]
    assert names and all(name.startswith(demo.group + " 2025-0") for name in names)
    assert all("2025-01-01" <= name.removeprefix(demo.group + " ")[:10] <= "2025-06-30" for name in names)
    assert re.fullmatch(rf"{len(names)} held meetings as sources, \d+ coded memo entries\.", lines[1])
    empty, lines = _export(demo.folder, tmp_path, "--from", "2040-01-01")
    xmlschema.XMLSchema(SCHEMA).validate(empty.qde)
    assert not empty.texts and lines[1] == "0 held meetings as sources, 0 coded memo entries."


@pytest.mark.processes
def test_the_same_workspace_gives_the_same_project(demo: Demo, tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, _lines = _export(demo.folder, tmp_path / "a")
    again, _lines = _export(demo.folder, tmp_path / "b")
    assert first.path.read_bytes() == again.path.read_bytes()
    later, _lines = _export(demo.folder, tmp_path, now="2026-12-05T09:30:00+00:00")
    assert later.texts == first.texts
    moment = re.compile(rb'creationDateTime="[^"]+"')
    assert moment.sub(b"", later.qde) == moment.sub(b"", first.qde)
    assert b'creationDateTime="2026-12-05T09:30:00Z"' in later.qde


@pytest.mark.processes
def test_the_command_refuses_what_it_cannot_do(demo: Demo, tmp_path: Path) -> None:
    assert "Nowhere" in one_line_error(
        facilitator("export", "research", "--workspace", demo.folder, "--format", "qdpx", "--group", "Nowhere"), 1
    )
    assert "qdpx" in facilitator("export", "research", "--help").stdout


# -- the dashboard -----------------------------------------------------------------------------


@pytest.mark.app
@pytest.mark.processes
async def test_p_on_the_dashboard_writes_the_project_the_command_writes(
    coordinator: Path, tmp_path: Path, exports_folder: Path
) -> None:
    """On the coordinator's workspace (the groups' bundles imported), ``p`` writes the project in
    the dashboard's worker, as ``export research --format qdpx`` writes it."""
    app = app_on(coordinator)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_dashboard(pilot)
        offered = {command.title: command.key for command in screen_commands(screen)}
        assert offered.get("QDA project") == "p"
        await pilot.press("p")
        written = await notice(pilot, f"Written: {exports_folder / 'all-groups-research.qdpx'}")
    assert re.fullmatch(r"\d+ held meetings as sources, \d+ coded memo entries\.", written.splitlines()[1])
    project = _read(exports_folder / "all-groups-research.qdpx")
    xmlschema.XMLSchema(SCHEMA).validate(project.qde)
    assert project.texts and _selections(project)
    by_command, _lines = _export(coordinator, tmp_path, now=demo_clock().isoformat())
    assert by_command.texts == project.texts and by_command.qde == project.qde
