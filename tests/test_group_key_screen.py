"""The roster's key screen (k): the group's key generation in use with its fingerprint, the
generations retired, the bundles written, the advice without a key, and a sealed key file installed
with its passphrase. Real workspaces of a coordinator and a facilitator, real key files."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input

from exports.bundle.keys import IssuedKeys, issue_keys, read_key_request, write_key_request
from exports.bundle.sealing import fingerprint
from exports.bundle.writer import make_bundle
from facilitator.app import make_app
from facilitator.dates import format_day
from facilitator.model import Group, Person
from screens.file_picker import FileTree
from screens.group_key import GroupKeyScreen, KeyFileScreen, key_text
from screens.passphrase import PassphraseDialog
from screens.roster import RosterScreen
from screens.widgets.plain import Plain
from screens.widgets.record_table import RecordTable
from storage.sync_ledger import GroupKey, SyncLedger
from storage.workspace import Workspace, WorkspaceRole
from tests.sync_support import opened, share_keys

pytestmark = pytest.mark.app

SIZE = (80, 24)


def a_group(folder: Path) -> Group:
    with opened(folder) as facilitator:
        group = facilitator.save_group(Group(name="Inari yrittäjät"))
        facilitator.save_person(Person(group_id=group.id, name="Matti Korhonen"))
    return group


async def until(pilot, done, what: str) -> None:  # Textual's Pilot
    for _attempt in range(200):
        await pilot.pause(0.02)
        if done():
            return
    raise AssertionError(f"{what} did not happen; the screen is {pilot.app.screen!r}")


async def open_key_screen(pilot) -> GroupKeyScreen:
    await pilot.press("enter", "k")
    await until(pilot, lambda: isinstance(pilot.app.screen, GroupKeyScreen), "the key screen")
    return pilot.app.screen


def key_state(screen: GroupKeyScreen) -> str:
    return str(screen.query_one("#key-state", Plain).content)


async def test_the_key_in_use_its_fingerprint_the_generations_retired_and_the_bundles_written(
    tmp_path: Path, exports_folder: Path
) -> None:
    facilitator_path = tmp_path / "facilitator"
    group = a_group(facilitator_path)
    with opened(tmp_path / "coordinator", WorkspaceRole.COORDINATOR) as coordinator, opened(facilitator_path) as local:
        share_keys(coordinator, [local], tmp_path / "keys")
    app = make_app(Workspace.open(facilitator_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "b")  # a bundle written on the roster says which key sealed it
        await app.workers.wait_for_complete()
        (bundle,) = exports_folder.glob("*.mebundle")
        (notice,) = [notice.message for notice in app._notifications if bundle.name in notice.message]
        assert "Sealed with generation 1 of the group's key." in notice, notice

        await pilot.press("k")
        await until(pilot, lambda: isinstance(app.screen, GroupKeyScreen), "the key screen")
        screen = app.screen
        ledger = SyncLedger(app.repository.workspace)
        first = ledger.key(group.id)
        assert first is not None
        text = key_state(screen)
        assert "generation 1" in text and fingerprint(first.secret_bytes) in text, text
        assert screen.title == "Key and bundles — Inari yrittäjät"
        table = screen.query_one("#bundles", RecordTable)
        assert [str(cell) for cell in table.get_row_at(0)][1:] == ["coordinator", bundle.name]
        assert str(screen.query_one("#bundle-path", Plain).content) == str(bundle)  # where it went, whole

        # The coordinator replaced the key: generation 2 seals, generation 1 is retired.
        retired = datetime(2026, 11, 30, 22, 0, tzinfo=UTC)  # 1 December in Helsinki
        ledger.save_key(dataclasses.replace(first, retired_from=retired.isoformat()))
        second = dataclasses.replace(first, secret="cd" * 32, generation=2, issued_at="2026-12-01T08:00:00+00:00")
        ledger.save_key(second)
        await pilot.press("escape", "k")
        await until(pilot, lambda: isinstance(app.screen, GroupKeyScreen), "the key screen again")
        lines = key_state(app.screen).splitlines()
        assert "generation 2" in lines[0] and fingerprint(second.secret_bytes) in lines[0], lines
        assert lines[1].startswith("Retired from: bundles a generation sealed and made from then on"), lines
        assert lines[2].startswith("Generation 1") and fingerprint(first.secret_bytes) in lines[2], lines
        assert lines[2].endswith(f"retired from {format_day(date(2026, 12, 1))} 00:00"), lines
        await pilot.press("escape")
        assert isinstance(app.screen, RosterScreen)


async def test_without_a_key_the_screen_says_what_to_do(tmp_path: Path) -> None:
    a_group(tmp_path / "facilitator")
    app = make_app(Workspace.open(tmp_path / "facilitator"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_key_screen(pilot)
        text = key_state(screen)
        assert text.startswith("No key yet") and "facilitator key request" in text, text
        assert "No bundle" in str(screen.query_one("#bundles-title", Plain).content)


def a_sealed_key_file(tmp_path: Path) -> tuple[Group, IssuedKeys, GroupKey]:
    """A facilitator's workspace in ``tmp_path / "facilitator"`` without a key, and the key file
    the coordinator issued for its group in ``tmp_path / "keys"``, with the key it holds."""
    facilitator_path, keys = tmp_path / "facilitator", tmp_path / "keys"
    group = a_group(facilitator_path)
    keys.mkdir()
    with opened(tmp_path / "coordinator", WorkspaceRole.COORDINATOR) as coordinator, opened(facilitator_path) as local:
        request = write_key_request(local, [group], keys)
        issued = issue_keys(coordinator, read_key_request(request), keys)
        issued_key = SyncLedger(coordinator.workspace).key(group.id)
    assert issued_key is not None
    return group, issued, issued_key


async def open_passphrase_dialog(pilot, key_file: Path) -> tuple[GroupKeyScreen, PassphraseDialog]:
    """From the groups: the key screen, i, the key file chosen in the picker, its passphrase asked."""
    screen = await open_key_screen(pilot)
    screen.key_folder = key_file.parent
    return screen, await choose_key_file(pilot, key_file)


async def choose_key_file(pilot, key_file: Path) -> PassphraseDialog:
    """From the key screen: i, the key file chosen in the picker, its passphrase asked."""
    app = pilot.app
    await pilot.press("i")
    await until(pilot, lambda: isinstance(app.screen, KeyFileScreen), "the key file picker")
    tree = app.screen.query_one(FileTree)
    await tree.reload()
    await pilot.pause()
    assert [node.data.path.name for node in tree.root.children if node.data] == [key_file.name]
    tree.move_cursor(tree.root.children[0])
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.screen, PassphraseDialog), "the passphrase dialog")
    return app.screen


async def test_a_sealed_key_file_installs_with_its_passphrase_and_a_wrong_one_changes_nothing(tmp_path: Path) -> None:
    group, issued, issued_key = a_sealed_key_file(tmp_path)
    app = make_app(Workspace.open(tmp_path / "facilitator"))
    async with app.run_test(size=SIZE) as pilot:
        screen, dialog = await open_passphrase_dialog(pilot, issued.path)

        # A wrong passphrase: refused, said in the dialog, which stays open; no key installed.
        field = dialog.query_one("#passphrase", Input)
        words = issued.passphrase.split("-")
        wrong = " ".join(["zoo" if words[0] != "zoo" else "abandon", *words[1:]])  # six words, read wrong
        field.value = wrong
        await pilot.press("enter")
        problem = dialog.query_one("#passphrase-problem", Plain)
        await until(pilot, lambda: problem.display and not dialog.installing, "the refusal")
        assert app.screen is dialog and field.value == wrong
        assert str(problem.content).startswith("The passphrase does not open"), problem.content
        assert any(notice.severity == "error" and "does not open" in notice.message for notice in app._notifications)
        assert SyncLedger(app.repository.workspace).key(group.id) is None

        # The right one: installed, told, and the screen shows the key.
        field.value = issued.passphrase.replace("-", " ")  # as a person types the words read out
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is screen, "the install")
        installed = SyncLedger(app.repository.workspace).key(group.id)
        assert installed is not None and installed.secret == issued_key.secret
        assert fingerprint(installed.secret_bytes) in key_state(screen)
        assert any("generation 1" in notice.message for notice in app._notifications)


def test_a_coordinator_without_the_groups_key_is_told_to_issue_it() -> None:
    text = key_text([], Group(name="Inari yrittäjät"), coordinator=True, install_key="i")
    assert text.startswith("No key yet") and "facilitator key issue --group" in text, text


async def test_escape_while_the_passphrase_is_checked_leaves_the_install_to_end_and_the_key_screen_open(
    tmp_path: Path,
) -> None:
    """The install cannot be stopped halfway (scrypt, then the workspace): escape meanwhile is told so,
    and the dialog closes once the key is in, onto the key screen showing it. An escape typed with
    the enter, before the install began, cancels it: nothing is installed, then or later."""
    group, issued, issued_key = a_sealed_key_file(tmp_path)
    passphrase = issued.passphrase.replace("-", " ")
    app = make_app(Workspace.open(tmp_path / "facilitator"))
    async with app.run_test(size=SIZE) as pilot:
        screen, dialog = await open_passphrase_dialog(pilot, issued.path)
        dialog.query_one("#passphrase", Input).value = passphrase
        for key in ("enter", "escape"):  # in one burst: Pilot's press would wait for each to be handled
            app._driver.send_message(events.Key(key, None))
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause(0.3)
        assert app.screen is screen and SyncLedger(app.repository.workspace).key(group.id) is None

        dialog = await choose_key_file(pilot, issued.path)
        dialog.query_one("#passphrase", Input).value = passphrase
        app._driver.send_message(events.Key("enter", None))
        await until(pilot, lambda: dialog.installing, "the install's start")
        await pilot.press("escape")  # while the passphrase is checked
        await until(pilot, lambda: not dialog.installing, "the install's end")
        await pilot.pause(0.1)
        assert app.screen is screen  # not closed by the install ending after the escape
        installed = SyncLedger(app.repository.workspace).key(group.id)
        assert installed is not None and installed.secret == issued_key.secret
        assert fingerprint(installed.secret_bytes) in key_state(screen)
        assert any("cannot be stopped" in notice.message for notice in app._notifications)


async def test_at_80_by_24_many_retired_generations_leave_the_bundles_in_view(tmp_path: Path) -> None:
    """Twelve generations (eleven retired, each on one line): the key part scrolls within its height
    and the bundle table keeps rows in view."""
    facilitator_path = tmp_path / "facilitator"
    group = a_group(facilitator_path)
    with opened(tmp_path / "coordinator", WorkspaceRole.COORDINATOR) as coordinator, opened(facilitator_path) as local:
        share_keys(coordinator, [local], tmp_path / "keys")
        bundle = make_bundle(local, [group], to=tmp_path).path
        ledger = SyncLedger(local.workspace)
        first = ledger.key(group.id)
        assert first is not None
        retired = "2026-12-04T07:29:00+00:00"
        for generation in range(1, 13):
            ledger.save_key(
                dataclasses.replace(
                    first,
                    secret=f"{generation:02x}" * 32,
                    generation=generation,
                    retired_from=retired if generation < 12 else "",
                )
            )
    app = make_app(Workspace.open(facilitator_path))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_key_screen(pilot)
        lines = key_state(screen).splitlines()
        assert "generation 12" in lines[0] and lines[2].startswith("Generation 11"), lines
        assert all(len(line) <= SIZE[0] - 2 for line in lines), lines  # one row each, within the padding
        part = screen.query_one("#key-part")
        assert part.region.height <= SIZE[1] // 2 and part.max_scroll_y > 0, part.region  # the rest scrolls
        table = screen.query_one("#bundles", RecordTable)
        assert table.row_count == 1 and table.region.height >= 2, table.region  # its header and the bundle
        assert str(screen.query_one("#bundle-path", Plain).content) == str(bundle)
        assert screen.query_one("#bundle-path").region.height >= 1


async def test_a_key_file_refused_for_anything_but_its_passphrase_closes_the_dialog_saying_why(tmp_path: Path) -> None:
    """Only a refused passphrase leaves the dialog open for another try: a file damaged after it was
    chosen would be refused again whatever is typed."""
    group, issued, _issued_key = a_sealed_key_file(tmp_path)
    app = make_app(Workspace.open(tmp_path / "facilitator"))
    async with app.run_test(size=SIZE) as pilot:
        screen, dialog = await open_passphrase_dialog(pilot, issued.path)
        issued.path.write_bytes(issued.path.read_bytes()[:-40])  # cut short on its way
        dialog.query_one("#passphrase", Input).value = issued.passphrase.replace("-", " ")
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is screen, "the dialog's close")
        errors = [notice.message for notice in app._notifications if notice.severity == "error"]
        assert len(errors) == 1 and issued.path.name in errors[0], errors
        assert SyncLedger(app.repository.workspace).key(group.id) is None


async def test_the_help_and_the_advice_name_the_keys_as_they_are_bound(tmp_path: Path) -> None:
    """k is out of the roster's footer and i is named in the advice without a key: both texts say
    the key as bound, a remapped one (Textual's keymap, by the binding's id) too."""
    a_group(tmp_path / "facilitator")
    app = make_app(Workspace.open(tmp_path / "facilitator"))
    app.set_keymap({"roster.key": "f9", "roster.import": "f11", "group_key.install": "f10"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, RosterScreen), "the roster")
        about = app.screen.current_help()
        assert "F9 shows the group's key" in about and "F11 imports people" in about, about
        await pilot.press("f9")
        await until(pilot, lambda: isinstance(app.screen, GroupKeyScreen), "the key screen")
        assert "F10 installs a key file" in app.screen.current_help()
        assert key_state(app.screen).endswith("install the key file you get back with F10."), key_state(app.screen)
