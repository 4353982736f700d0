"""Bundles through the screens: the coordinator marks bundle files in the import screen, imports them
and reads the report; a group screen's b writes a bundle. The real app, real workspaces, real files."""

from __future__ import annotations

import dataclasses
import zipfile
from pathlib import Path

import orjson
import pytest
from textual.widgets import DataTable, Input

from facilitator.app import make_app
from screens.help import HelpScreen
from screens.home import CoordinatorHomeScreen, HomeScreen
from screens.import_bundles import ImportBundlesScreen
from screens.roster import RosterScreen
from screens.widgets.bundle_tree import BundleTree
from screens.widgets.plain import Plain
from screens.widgets.record_table import RecordTable
from storage.workspace import Workspace, WorkspaceRole
from tests.conftest import demo_clock, make_demo
from tests.sync_support import demo_bundles, opened

pytestmark = pytest.mark.app

SIZE = (80, 24)


@pytest.fixture
def network(tmp_path: Path) -> dict[str, Path]:
    """A facilitator's two-group demo with keys from the coordinator, its groups' bundles for the
    coordinator in an inbox folder, and a copy of one cut short, as a broken download is."""
    facilitator, coordinator, inbox = tmp_path / "facilitator", tmp_path / "coordinator", tmp_path / "inbox"
    bundles = demo_bundles(tmp_path, groups=2, years=1)
    damaged = inbox / "cut-short.mebundle"
    damaged.write_bytes(bundles[0].read_bytes()[:4000])
    (inbox / "notes.txt").write_text("not a bundle")
    return {
        "facilitator": facilitator,
        "coordinator": coordinator,
        "inbox": inbox,
        "first": bundles[0],
        "second": bundles[1],
        "damaged": damaged,
    }


def group_names(screen: HomeScreen) -> list[str]:
    table = screen.query_one("#groups", RecordTable)
    return [str(table.get_row_at(index)[0]) for index in range(table.row_count)]


async def loaded(pilot, tree: BundleTree, names: set[str]) -> None:
    """Wait until the tree lists ``names`` (it reads folders in the background)."""
    for _attempt in range(100):
        await pilot.pause(0.02)
        if names <= {node.data.path.name for node in tree.root.children if node.data is not None}:
            return
    raise AssertionError(f"the tree never listed {names}")


async def mark(pilot, tree: BundleTree, path: Path) -> None:
    """Put the cursor on ``path`` and press space, as a person does."""
    (node,) = [node for node in tree.root.children if node.data is not None and node.data.path == path]
    tree.move_cursor(node)
    await pilot.press("space")


async def open_import(app, pilot, folder: Path) -> ImportBundlesScreen:  # the app under test, its pilot
    """The import screen, opened with i on the home screen, showing ``folder``."""
    app.screen.import_folder = folder
    await pilot.press("i")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ImportBundlesScreen), f"i opened {type(screen).__name__}"
    return screen


async def run_import(pilot, screen: ImportBundlesScreen) -> None:
    """Press i and wait for the report (not for every worker: the tree's folder reader never ends)."""
    await pilot.press("i")
    for _attempt in range(500):
        if screen.reports is not None:
            break
        await pilot.pause(0.02)
    await pilot.pause()


async def test_the_coordinator_imports_two_bundles_and_sees_a_damaged_one_refused(network: dict[str, Path]) -> None:
    app = make_app(Workspace.open(network["coordinator"], role=WorkspaceRole.COORDINATOR), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        home = app.screen
        assert isinstance(home, CoordinatorHomeScreen)
        assert group_names(home) == []
        await pilot.press("i")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ImportBundlesScreen)

        await pilot.press("f")
        assert screen.query_one("#folder", Input).has_focus
        screen.query_one("#folder", Input).value = str(network["inbox"])
        await pilot.press("enter")
        tree = screen.query_one("#files", BundleTree)
        assert tree.has_focus, "after choosing the folder, the files are next"
        bundles = {network[name].name for name in ("first", "second", "damaged")}
        await loaded(pilot, tree, bundles)
        listed = {node.data.path.name for node in tree.root.children if node.data is not None}
        assert listed == bundles, "only bundles (and folders) are shown: not notes.txt"

        for name in ("first", "damaged", "second"):
            await mark(pilot, tree, network[name])
        await pilot.pause()
        assert tree.marked == [network["first"], network["damaged"], network["second"]]
        assert str(screen.query_one("#marked-title", Plain).render()) == "3 bundles marked"
        await mark(pilot, tree, network["damaged"])
        await mark(pilot, tree, network["damaged"])  # unmarked and marked again
        assert len(tree.marked) == 3

        await run_import(pilot, screen)

        assert app.screen is screen, "the report stays until the user leaves"
        statuses = {report.path.name: report.status.value for report in screen.reports}
        assert statuses == {
            network["first"].name: "imported",
            network["second"].name: "imported",
            network["damaged"].name: "refused",
        }
        assert str(screen.query_one("#report-summary", Plain).render()) == "3 files: 2 imported, 1 refused."
        lines = {str(line.render()): line for line in screen.query(".report-file")}
        (refused,) = [line for text, line in lines.items() if text.startswith("✗ cut-short.mebundle: refused:")]
        assert "only part of one" in str(refused.render()), "the reason is shown"
        assert refused.has_class("refused"), "in the error colour"
        assert sum(text.startswith("✓ ") and ": imported: " in text for text in lines) == 2

        counts = screen.query_one("#report-counts", DataTable)
        rows = [[str(cell) for cell in counts.get_row_at(index)] for index in range(counts.row_count)]
        with opened(network["facilitator"]) as local:
            names = [group.name for group in local.groups()]
            people = {group.name: len(local.people(group.id)) for group in local.groups()}
        for name in names:
            at = [row[0] for row in rows].index(name)
            assert int(rows[at][1]) > 0 and rows[at][2:] == ["0", "0", "0"], "everything is new, no conflicts"
            kinds = {row[0].strip(): row for row in rows[at + 1 : at + 9]}
            assert kinds["group"][1:] == ["1", "0", "0", "0"]
            assert kinds["people"][1] == str(people[name])

        reports = screen.reports
        await pilot.press("i")  # the report is done: no second import from it
        await pilot.pause()
        assert app.screen is screen and screen.reports is reports
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is home
        assert group_names(home) == sorted(names), "back home, the imported groups are listed"
        assert home.import_folder == network["inbox"], "the next import opens in the same folder"


async def test_a_second_import_of_the_same_bundle_changes_nothing(network: dict[str, Path]) -> None:
    app = make_app(Workspace.open(network["coordinator"], role=WorkspaceRole.COORDINATOR), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        for _round in range(2):
            screen = await open_import(app, pilot, network["inbox"])
            tree = screen.query_one("#files", BundleTree)
            await loaded(pilot, tree, {network["first"].name})
            await mark(pilot, tree, network["first"])
            await run_import(pilot, screen)
            summary = str(screen.query_one("#report-summary", Plain).render())
            await pilot.press("escape")
            await pilot.pause()
        assert summary == "1 file: 1 already imported."


async def test_the_import_screen_tells_what_is_missing_and_its_keys_are_in_help(network: dict[str, Path]) -> None:
    app = make_app(Workspace.open(network["facilitator"]), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        assert type(app.screen) is HomeScreen
        screen = await open_import(app, pilot, network["inbox"])  # i: out of view on a facilitator's home, and working
        await pilot.press("i")
        await pilot.pause()
        assert any("No bundle is marked" in note.message for note in app._notifications)
        await pilot.press("f")
        screen.query_one("#folder", Input).value = str(network["inbox"] / "nowhere")
        await pilot.press("enter")
        await pilot.pause()
        assert any("There is no folder" in note.message for note in app._notifications)
        await pilot.press("escape")  # leaves the folder field first
        assert app.screen is screen
        await pilot.press("a")  # every bundle of the folder
        await pilot.pause()
        assert len(screen.query_one("#files", BundleTree).marked) == 3
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        keys = app.screen.query_one("#help-keys", DataTable)
        described = {str(keys.get_row_at(index)[0]) for index in range(keys.row_count)}
        assert {"space", "i", "a", "f", "u", "esc"} <= described
        await pilot.press("escape")
        await run_import(pilot, screen)
        reports = {report.path.name: report for report in screen.reports}
        assert all(report.status.value == "refused" for report in reports.values())
        assert "made in this workspace" in reports[network["first"].name].message, "each refusal says why"
        assert "not a bundle" in reports[network["damaged"].name].message


async def test_b_on_the_group_screen_writes_a_bundle_into_exports(
    network: dict[str, Path], exports_folder: Path
) -> None:
    app = make_app(Workspace.open(network["facilitator"]))  # the real clock: later than the inbox's bundles
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RosterScreen)
        # The inbox's bundles hold everything so far: nothing to send until something changes.
        await pilot.press("b")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert list(exports_folder.glob("*.mebundle")) == []
        assert any("changed since the last bundle" in note.message for note in app._notifications)
        person = app.repository.people(app.screen.group.id)[0]
        app.repository.save_person(dataclasses.replace(person, phone="+358 40 123 4567"))
        await pilot.press("b")
        await app.workers.wait_for_complete()
        await pilot.pause()
        written = list(exports_folder.glob("*.mebundle"))
        assert len(written) == 1 and "for-coordinator" in written[0].name
        assert any(str(written[0]) in note.message for note in app._notifications)


async def test_shift_b_writes_a_bundle_with_everything_for_the_co_facilitator(
    network: dict[str, Path], exports_folder: Path
) -> None:
    app = make_app(Workspace.open(network["facilitator"]), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("B")
        await app.workers.wait_for_complete()
        await pilot.pause()
        (written,) = exports_folder.glob("*.mebundle")
    with zipfile.ZipFile(written) as archive:
        assert orjson.loads(archive.read("manifest.json"))["audience"] == "group"


async def test_b_without_a_group_key_says_how_to_get_one(tmp_path: Path, exports_folder: Path) -> None:
    make_demo(tmp_path / "alone", groups=1, years=1, meetings=False)
    app = make_app(Workspace.open(tmp_path / "alone"), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("b")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert list(exports_folder.glob("*.mebundle")) == []
        (note,) = [note for note in app._notifications if "has no key yet" in note.message]
        assert note.severity == "error" and "facilitator key request" in note.message


async def test_the_import_screen_names_the_marking_keys_as_they_are_bound_now(tmp_path: Path) -> None:
    """The hint and the notice read the keys from the bindings: remapped by the keymap, they name the new ones."""
    make_demo(tmp_path / "demo", groups=1, years=1)
    app = make_app(Workspace.open(tmp_path / "demo"), demo_clock)
    app.set_keymap({"import.mark": "m", "import.mark_all": "ctrl+a,f9", "import.run": "x"})
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_import(app, pilot, tmp_path)
        hint = str(screen.query_one("#marked-hint", Plain).content)
        assert hint == "Mark bundles with m (or all in a folder with ctrl+a or F9); x imports them."
        await pilot.press("x")
        await pilot.pause()
        assert any(
            note.message == "No bundle is marked: mark the files to import with m." for note in app._notifications
        )
