"""``facilitator export research --format qdpx``: the cases and variables a researcher filters the
sources by, the group and the period, a re-export byte for byte, the command, and ``p`` on the
network dashboard."""

from __future__ import annotations

import re
from pathlib import Path

import grimp
import pytest
import xmlschema

from exports.qdpx.sources import source_guid
from facilitator.model import Group
from screens.palette import screen_commands
from storage.repository import Repository
from storage.workspace import Workspace, WorkspaceRole
from tests import qdpx_support, test_network_screens
from tests.app_support import notice
from tests.conftest import demo_clock
from tests.network_screens_support import SIZE, app_on, open_dashboard
from tests.qdpx_support import (
    QDA,
    SCHEMA,
    Demo,
    Project,
    export_qdpx,
    read_qdpx,
    selections,
    without_moments,
)
from tests.sync_support import opened
from tests.test_cli import facilitator, one_line_error

demo = qdpx_support.demo
network_project = qdpx_support.network_project

#: The coordinator's workspace with three groups imported from their bundles (a fixture).
coordinator = test_network_screens.coordinator


# -- cases and variables -----------------------------------------------------------------------


@pytest.mark.processes
def test_each_source_has_its_variables_and_each_group_its_case(
    demo: Demo, network_project: tuple[Path, Project]
) -> None:
    _to, project = network_project
    variables = {v.get("guid"): (v.get("name"), v.get("typeOfVariable")) for v in project.root.iter(f"{QDA}Variable")}
    assert sorted(variables.values()) == sorted(
        [
            ("Group", "Text"),
            ("Region", "Text"),
            ("Municipality", "Text"),
            ("Meeting place's municipality", "Text"),
            ("Meeting date", "Date"),
            ("Year", "Integer"),
            ("Host's business field", "Text"),
        ]
    )
    names = {source.get("guid"): source.get("name", "") for source in project.root.iter(f"{QDA}TextSource")}
    # A recording (the demo records some meetings) has the variables of its meeting, in a case of its own.
    heard = {source.get("guid"): source.get("name", "") for source in project.root.iter(f"{QDA}AudioSource")}
    assert heard, "the demo's recorded meetings are in the project"
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
    assert set(by_source) == set(names) | set(heard) and set().union(*groups.values()) == set(by_source)
    for guid, name in heard.items():
        meeting_source = next(other for other in names if name.startswith(names[other] + " "))
        assert by_source.pop(guid) == by_source[meeting_source]
    with Workspace.open(demo.folder, purpose="test") as workspace:
        repository = Repository(workspace)
        by_name = {group.name: group for group in repository.groups()}
        people = {person.id: person for group in by_name.values() for person in repository.people(group.id)}
        hosts = {source_guid(m.id): people.get(m.host_id) for g in by_name.values() for m in repository.meetings(g.id)}
    places = 0
    for guid, values in by_source.items():
        assert guid in groups[values["Group"]]
        assert names[guid] == f"{values['Group']} {values['Meeting date']}"
        assert values["Year"] == values["Meeting date"][:4]
        group = by_name[values["Group"]]
        # The group's region and municipality; where it met only as the host's consent allows.
        assert (values["Municipality"], values["Region"]) == (group.municipality, group.region)
        host = hosts[guid]
        place = host.municipality if host is not None and host.research_consent is not None else ""
        assert values.get("Meeting place's municipality", "") == place
        heading = project.texts[guid].split("\n\n")[0]
        assert (f"Meeting place's municipality: {place}" in heading) == bool(place)
        assert "\nMunicipality:" not in heading
        places += bool(place)
        assert project.texts[guid].startswith(values["Group"] + "\n")
    assert len(groups) == 3 and demo.group in groups
    assert 0 < places < len(by_source), "some hosts give their municipality, some do not"


# -- period, group, determinism ----------------------------------------------------------------


@pytest.mark.processes
def test_the_group_and_the_period_choose_the_sources(demo: Demo, tmp_path: Path) -> None:
    project, lines = export_qdpx(
        demo.folder, tmp_path, "--group", "inari", "--from", "1.1.2025", "--until", "2025-06-30"
    )
    assert project.path == tmp_path / "inari-peer-group-research-2025-01-01-2025-06-30.qdpx"
    names = [source.get("name", "") for source in project.root.iter(f"{QDA}TextSource")]
    assert names and all(name.startswith(demo.group + " 2025-0") for name in names)
    assert all("2025-01-01" <= name.removeprefix(demo.group + " ")[:10] <= "2025-06-30" for name in names)
    assert re.fullmatch(rf"{len(names)} held meetings as sources, \d+ coded memo entries\.", lines[1])
    # A meeting exactly on --from and one exactly on --until are in, both days counted in the group's time zone.
    days = sorted(name.removeprefix(demo.group + " ")[:10] for name in names)
    (tmp_path / "edges").mkdir()
    edges, _lines = export_qdpx(
        demo.folder, tmp_path / "edges", "--group", "inari", "--from", days[1], "--until", days[-2]
    )
    edged = sorted(
        source.get("name", "").removeprefix(demo.group + " ")[:10] for source in edges.root.iter(f"{QDA}TextSource")
    )
    assert edged == days[1:-1] and len(edged) >= 2
    empty, lines = export_qdpx(demo.folder, tmp_path, "--from", "2040-01-01")
    xmlschema.XMLSchema(SCHEMA).validate(empty.qde)
    assert not empty.texts
    assert lines[1] == "0 held meetings as sources, 0 coded memo entries. No meeting was held in this period."


@pytest.mark.processes
def test_the_same_workspace_gives_the_same_project(demo: Demo, tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, _lines = export_qdpx(demo.folder, tmp_path / "a")
    again, _lines = export_qdpx(demo.folder, tmp_path / "b")
    assert again.texts == first.texts and without_moments(again.qde) == without_moments(first.qde)
    later, _lines = export_qdpx(demo.folder, tmp_path, now="2026-12-05T09:30:00+00:00")
    assert later.texts == first.texts
    assert without_moments(later.qde) == without_moments(first.qde)
    assert re.search(rb'creationDateTime="2026-12-05T09:30:0\dZ"', later.qde)


@pytest.mark.processes
def test_the_command_refuses_what_it_cannot_do(demo: Demo, tmp_path: Path) -> None:
    assert "Nowhere" in one_line_error(
        facilitator("export", "research", "--workspace", demo.folder, "--format", "qdpx", "--group", "Nowhere"), 1
    )
    help_text = " ".join(facilitator("export", "research", "--help").stdout.split())
    assert "qdpx" in help_text and "its region and municipality, the meeting place's municipality" in help_text


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
    project = read_qdpx(exports_folder / "all-groups-research.qdpx")
    xmlschema.XMLSchema(SCHEMA).validate(project.qde)
    assert project.texts and selections(project)
    by_command, _lines = export_qdpx(coordinator, tmp_path, now=demo_clock().isoformat())
    assert by_command.texts == project.texts and without_moments(by_command.qde) == without_moments(project.qde)


@pytest.mark.app
async def test_p_on_a_network_without_held_meetings_says_why_the_project_is_empty(
    tmp_path: Path, exports_folder: Path
) -> None:
    with opened(tmp_path / "coordinator", WorkspaceRole.COORDINATOR, clock=demo_clock) as hub:
        hub.save_group(Group(name="Sodankylä peer group", municipality="Sodankylä", region="Lapland"))
    app = app_on(tmp_path / "coordinator")
    async with app.run_test(size=SIZE) as pilot:
        await open_dashboard(pilot)
        await pilot.press("p")
        written = await notice(pilot, f"Written: {exports_folder / 'all-groups-research.qdpx'}")
    assert written.splitlines()[1] == "0 held meetings as sources, 0 coded memo entries. No meeting has been held yet."
    assert not read_qdpx(exports_folder / "all-groups-research.qdpx").texts


# -- the modules -------------------------------------------------------------------------------


def test_the_project_and_the_research_export_do_not_import_each_other() -> None:
    """The codebook both write lives on its own (exports.research_codes): the research export
    imports the project at the top, and the project (nor its sources) never the research export."""
    graph = grimp.build_graph("exports", "storage", "facilitator")
    for module in ("exports.qdpx.project", "exports.qdpx.sources", "exports.research_codes"):
        assert graph.find_shortest_chain(importer=module, imported="exports.research") is None, module
    assert "exports.qdpx.project" in graph.find_modules_directly_imported_by("exports.research")
