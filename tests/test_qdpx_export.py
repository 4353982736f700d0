"""``facilitator export research --format qdpx``: the REFI-QDA project, unzipped and read back as a
QDA tool reads it (see :mod:`tests.qdpx_support`), validated against the standard's own schema
(``tests/data/Project-mrt2019.xsd``), every coding on exactly its entry's text, research consent
respected."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import xmlschema

from exports.qdpx.sources import meeting_sources, source_guid
from exports.research import research_rows
from exports.research_codes import codebook_bytes
from facilitator.model import MeetingStatus
from facilitator.text import unix_lines
from storage.repository import Repository
from storage.workspace import Workspace
from tests import qdpx_support
from tests.qdpx_support import (
    QDA,
    QDC,
    SCHEMA,
    Demo,
    Project,
    code_guids,
    export_qdpx,
    selections,
)
from tests.research_support import assert_no_one_without_consent_named

demo = qdpx_support.demo
network_project = qdpx_support.network_project

# -- schema ------------------------------------------------------------------------------------


@pytest.mark.processes
def test_the_project_is_valid_refi_qda_and_its_codebook_is_the_qdcs(network_project: tuple[Path, Project]) -> None:
    to, project = network_project
    assert project.path == to / "all-groups-research.qdpx"
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
def test_every_selection_is_exactly_its_entrys_text_with_exactly_its_codes(
    demo: Demo, network_project: tuple[Path, Project]
) -> None:
    """Unzipped and read as a QDA tool reads it: in every source, the coded entries' spans in order
    hold the entries' texts as the CSV gives them (consent applied, line endings made \\n), and
    the codes of each span are exactly the entry's (the researcher's re-code where there is one)."""
    _to, project = network_project
    guids = code_guids()
    with Workspace.open(demo.folder, purpose="test") as workspace:
        repository = Repository(workspace)
        rows = research_rows(repository, repository.groups())
    expected: dict[str, list[tuple[str, set[str], str]]] = {}
    for row in rows:
        text = unix_lines(row.text)
        if text:
            expected.setdefault(source_guid(row.meeting_id), []).append(
                (text, {guids[c] for c in row.codes}, row.entry_id)
            )
    found_by_source = selections(project)
    assert set(found_by_source) == set(expected)
    checked = 0
    for guid, found in found_by_source.items():
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
    assert header[0] == demo.group and header[-2] == "" and header[-1].endswith(" · decision · [PS SE]")
    assert re.match(r"\d\d:\d\d · ", header[-1])
    assert all(other.meeting.id != demo.not_held_meeting for other in sources), "held meetings only"
    assert all(other.meeting.status is MeetingStatus.HELD for other in sources)


@pytest.mark.processes
def test_an_entry_without_text_or_codes_has_no_selection(demo: Demo, tmp_path: Path) -> None:
    project, _lines = export_qdpx(demo.folder, tmp_path, "--group", "inari")
    guids = code_guids()
    with Workspace.open(demo.folder, purpose="test") as workspace:
        repository = Repository(workspace)
        source = next(
            source
            for source in meeting_sources(repository, repository.groups())
            if any(span.entry_id == demo.tricky_id for span in source.entries)
        )
    spans = {span.entry_id: span for span in source.entries}
    found = selections(project)[source.guid]
    assert project.texts[source.guid] == source.text
    assert not any(start == end for start, end, _code in found)
    uncoded = spans[demo.uncoded_id]
    assert not any((start, end) == (uncoded.start, uncoded.end) for start, end, _code in found)
    assert guids["VI"] not in {code for start, _end, code in found if start == spans[demo.empty_id].start}


# -- consent -----------------------------------------------------------------------------------


@pytest.mark.processes
def test_no_one_without_research_consent_is_named_in_any_source(
    demo: Demo, network_project: tuple[Path, Project]
) -> None:
    _to, project = network_project
    with Workspace.open(demo.folder, purpose="test") as workspace:
        repository = Repository(workspace)
        people = [person for group in repository.groups() for person in repository.people(group.id)]
        hosts = {
            meeting.id: meeting.host_id for group in repository.groups() for meeting in repository.meetings(group.id)
        }
    everything = project.qde.decode("utf-8") + "".join(project.texts.values())
    assert_no_one_without_consent_named(everything, people)
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
