"""Where exports go: MicroENTRE in the user's Documents as each system names it, or the folder chosen
in the settings; made when missing, or a message naming it; and opened in the file manager.

The tests never write into the real Documents: ``tests/conftest.py`` gives each test a folder of its
own (``documents``, ``exports_folder``), through the environment so that commands run as processes
find it too.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import platformdirs
import platformdirs.macos
import platformdirs.windows
import pytest
from textual.widgets import Input

from facilitator.app import make_app
from facilitator.file_manager import FolderNotOpened, file_manager_command, open_in_file_manager
from screens.help import keys_of
from screens.home import HomeScreen
from screens.settings import SettingsScreen
from storage.errors import StorageError
from storage.exports_folder import (
    EXPORTS_FOLDER_SETTING,
    ExportsFolderUnavailable,
    default_exports_folder,
    make_exports_folder,
    usable_exports_folder,
)
from storage.workspace import Workspace
from storage.workspace_info import read_setting
from tests.conftest import demo_clock
from tests.test_cli import facilitator, one_line_error, plan_a_season
from tests.test_planner_screen import open_planner

SIZE = (80, 24)
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="Windows opens folders with os.startfile")


# -- the default folder, per system ----------------------------------------------------------------


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the freedesktop user-dirs.dirs is Linux's")
def test_on_linux_the_documents_folder_is_the_one_the_desktop_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Finnish desktop names it ``~/Asiakirjat`` in ``user-dirs.dirs``; without the file it is ``~/Documents``."""
    home, configuration = tmp_path / "home", tmp_path / "config"
    configuration.mkdir()
    monkeypatch.delenv("XDG_DOCUMENTS_DIR")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(configuration))
    assert default_exports_folder() == home / "Documents" / "MicroENTRE"
    user_dirs = configuration / "user-dirs.dirs"
    user_dirs.write_text('XDG_DESKTOP_DIR="$HOME/Työpöytä"\nXDG_DOCUMENTS_DIR="$HOME/Asiakirjat"\n', encoding="utf-8")
    user_dirs.chmod(0o600)
    assert default_exports_folder() == home / "Asiakirjat" / "MicroENTRE"


def test_on_macos_the_documents_folder_is_in_the_home_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(platformdirs, "PlatformDirs", platformdirs.macos.MacOS)
    monkeypatch.delenv("XDG_DOCUMENTS_DIR")
    monkeypatch.setenv("HOME", str(tmp_path / "aino"))
    assert default_exports_folder() == tmp_path / "aino" / "Documents" / "MicroENTRE"


def test_on_windows_the_documents_folder_is_the_one_windows_knows(monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows tells the folder (SHGetKnownFolderPath through ctypes, unavailable here): the lookup
    is simulated, answering as a laptop whose Documents OneDrive has moved."""
    onedrive = r"C:\Users\Aino\OneDrive\Tiedostot"
    asked: list[str] = []

    def known_folder(name: str) -> str:
        asked.append(name)
        return {"CSIDL_PERSONAL": onedrive}[name]

    monkeypatch.setattr(platformdirs, "PlatformDirs", platformdirs.windows.Windows)
    monkeypatch.setattr(platformdirs.windows, "_RESOLVE_WIN_FOLDER", known_folder)
    monkeypatch.delenv("WIN_PD_OVERRIDE_PERSONAL")
    folder = default_exports_folder()
    assert asked == ["CSIDL_PERSONAL"]
    assert (str(folder.parent), folder.name) == (onedrive, "MicroENTRE")


# -- the folder chosen, and made when written into -------------------------------------------------


def test_a_workspace_keeps_the_folder_chosen_and_goes_back_to_the_default(
    workspace_path: Path, tmp_path: Path, exports_folder: Path
) -> None:
    stick = tmp_path / "stick" / "MicroENTRE"
    with Workspace.open(workspace_path) as workspace:
        assert workspace.exports_folder == exports_folder
        workspace.choose_exports_folder(stick)
        assert workspace.exports_folder == stick
    assert read_setting(workspace_path, EXPORTS_FOLDER_SETTING) == str(stick)
    with Workspace.open(workspace_path) as workspace:
        assert workspace.exports_folder == stick
        workspace.choose_exports_folder(exports_folder)  # the default typed in full is the default
        assert workspace.exports_folder == exports_folder
    assert read_setting(workspace_path, EXPORTS_FOLDER_SETTING) is None


def test_the_exports_folder_is_made_with_its_parents_and_a_file_in_the_way_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "a" / "b" / "MicroENTRE"
    assert make_exports_folder(folder) == folder and folder.is_dir()
    assert make_exports_folder(folder) == folder, "an existing folder is used as it is"
    (tmp_path / "notes").write_text("a file")
    with pytest.raises(ExportsFolderUnavailable) as refused:
        make_exports_folder(tmp_path / "notes")
    assert str(refused.value).startswith(
        f"Nothing can be written into the exports folder {tmp_path / 'notes'}: it is a file"
    )


def test_a_typed_folder_is_checked_before_it_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert usable_exports_folder("  ~/Exports/Inari ") == tmp_path / "Exports" / "Inari"
    assert not (tmp_path / "Exports").exists(), "nothing is made before something is written"
    (tmp_path / "notes.txt").write_text("a file")
    for typed, reason in [
        ("", "Type the full path of a folder."),
        ("exports", f"Type the full path of the folder, such as {default_exports_folder()}."),
        (str(tmp_path / "notes.txt"), f"{tmp_path / 'notes.txt'} is a file, not a folder."),
        (str(tmp_path / "notes.txt" / "inside"), f"{tmp_path / 'notes.txt'} is a file, not a folder."),
    ]:
        with pytest.raises(StorageError) as refused:
            usable_exports_folder(typed)
        assert str(refused.value) == reason


@pytest.mark.processes
def test_an_earlier_workspace_keeps_its_exports_and_new_ones_go_to_the_documents(
    tmp_path: Path, exports_folder: Path
) -> None:
    folder = tmp_path / "planned"
    plan_a_season(folder)
    earlier = folder / "exports" / "inari-peer-group-calendar-2027.ics"
    earlier.parent.mkdir()
    earlier.write_text("written by an earlier version")
    made = facilitator("export", "calendar", "inari", "--workspace", folder)
    assert made.returncode == 0, made.stderr
    assert Path(made.stdout.strip()) == exports_folder / earlier.name
    assert earlier.read_text() == "written by an earlier version"


@pytest.mark.processes
def test_a_command_says_what_to_do_when_the_folder_chosen_is_not_there(tmp_path: Path) -> None:
    """A folder on a stick that is not plugged in: here a file stands where its drive would be."""
    folder = tmp_path / "planned"
    plan_a_season(folder)
    (tmp_path / "STICK").write_text("not a drive")
    chosen = tmp_path / "STICK" / "MicroENTRE"
    info = json.loads((folder / "workspace.json").read_text(encoding="utf-8"))
    info["settings"][EXPORTS_FOLDER_SETTING] = str(chosen)
    (folder / "workspace.json").write_text(json.dumps(info), encoding="utf-8")
    message = one_line_error(facilitator("export", "calendar", "inari", "--workspace", folder), 1)
    assert f"Nothing can be written into the exports folder {chosen}" in message
    assert "plug it in or connect to it; or choose another folder in the settings" in message


# -- the file manager ------------------------------------------------------------------------------


def test_each_system_opens_the_folder_with_its_own_file_manager(tmp_path: Path) -> None:
    assert file_manager_command(tmp_path, "win32") is None  # os.startfile: Explorer, no console window
    assert file_manager_command(tmp_path, "darwin") == ["open", str(tmp_path)]
    assert file_manager_command(tmp_path, "linux") == ["xdg-open", str(tmp_path)]
    assert file_manager_command(tmp_path, "freebsd14") == ["xdg-open", str(tmp_path)]


#: What opens a folder on this system (``xdg-open``, or ``open`` on macOS).
OPENER = (file_manager_command(Path()) or ["startfile"])[0]


def fake_opener(folder: Path, exit_code: int) -> Path:
    """The system's opener, in ``folder``: it notes the folder it was asked to open, and exits
    with ``exit_code``."""
    folder.mkdir(exist_ok=True)
    opener = folder / OPENER
    opener.write_text(f'#!/bin/sh\nprintf "%s" "$1" > "{folder}/asked"\nexit {exit_code}\n')
    opener.chmod(0o755)
    return folder / "asked"


@pytest.mark.processes
@posix_only
def test_the_folder_is_opened_or_the_user_is_told_where_it_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    programs = tmp_path / "bin"
    monkeypatch.setenv("PATH", str(programs))
    asked = fake_opener(programs, 0)
    open_in_file_manager(tmp_path)
    assert asked.read_text() == str(tmp_path)

    fake_opener(programs, 3)  # as xdg-open, where no file manager is installed
    with pytest.raises(FolderNotOpened) as failed:
        open_in_file_manager(tmp_path)
    assert str(failed.value) == (
        f"The folder could not be shown in a file manager: {OPENER} found no file manager to open it with. "
        f"Go there another way; it is:\n{tmp_path}"
    )
    (programs / OPENER).unlink()
    with pytest.raises(FolderNotOpened) as failed:
        open_in_file_manager(tmp_path)
    assert f"there is no file manager to open it with ({OPENER} is missing)" in str(failed.value)


# -- in the app --------------------------------------------------------------------------------


def messages(app) -> list[str]:
    return [notification.message for notification in app._notifications]


@pytest.mark.app
@pytest.mark.processes
@posix_only
async def test_ctrl_o_makes_and_opens_the_exports_folder_or_says_where_it_is(
    workspace_path: Path, tmp_path: Path, exports_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    programs = tmp_path / "bin"
    monkeypatch.setenv("PATH", str(programs))
    app = make_app(Workspace.open(workspace_path))
    async with app.run_test(size=SIZE) as pilot:
        described = ("^o", "Exports folder: Open the folder of the PDFs, calendars and bundles in the file manager")
        assert described in keys_of(app.screen), "F1 and the palette list it, though the bottom line has no room"
        await pilot.press("ctrl+o")  # no file manager, as on this machine
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert exports_folder.is_dir(), "made, so that there is something to open"
        (note,) = app._notifications
        assert note.severity == "warning" and note.message.endswith(f"it is:\n{exports_folder}")
        asked = fake_opener(programs, 0)
        await pilot.press("ctrl+o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert asked.read_text() == str(exports_folder)
        assert len(app._notifications) == 1, "an opened folder needs no notice"


@pytest.mark.app
@pytest.mark.processes
@posix_only
async def test_a_file_written_from_a_dialog_says_how_to_open_its_folder_and_the_key_works_there(
    demo_path: Path, tmp_path: Path, exports_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual.widgets import DataTable

    from screens.after_meeting import AfterMeetingScreen
    from tests.test_after_meeting import last_held

    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    asked = fake_opener(tmp_path / "bin", 0)
    held = last_held(demo_path)
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        planner = await open_planner(pilot)
        table = planner.query_one("#meetings", DataTable)
        table.move_cursor(row=table.get_row_index(held.id))
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, AfterMeetingScreen)
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        (written,) = [message for message in messages(app) if message.startswith("Written: ")]
        (summary,) = exports_folder.glob("*-summary-*.pdf")
        assert written == f"Written: {summary}\nctrl+o opens the folder in the file manager."
        await pilot.press("ctrl+o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert asked.read_text() == str(exports_folder)


@pytest.mark.app
async def test_an_export_into_a_folder_that_cannot_be_made_says_what_to_do(demo_path: Path, tmp_path: Path) -> None:
    (tmp_path / "STICK").write_text("not a drive")
    chosen = tmp_path / "STICK" / "MicroENTRE"
    with Workspace.open(demo_path) as workspace:
        workspace.save_setting(EXPORTS_FOLDER_SETTING, str(chosen))
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_planner(pilot)
        await pilot.press("i")
        await app.workers.wait_for_complete()
        await pilot.pause()
        (note,) = [note for note in app._notifications if note.severity == "error"]
    assert note.message.startswith(f"Nothing can be written into the exports folder {chosen}: ")
    assert "plug it in or connect to it; or choose another folder in the settings" in note.message


# -- the settings screen ---------------------------------------------------------------------------


@pytest.mark.app
async def test_the_settings_choose_another_exports_folder_and_go_back_to_the_default(
    demo_path: Path, tmp_path: Path, exports_folder: Path
) -> None:
    stick = tmp_path / "USB" / "MicroENTRE"
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        now = screen.query_one("#settings-exports-now")
        assert str(now.render()) == f"Now: {exports_folder} (the default)"
        assert all(screen.region.contains_region(widget.region) for widget in screen.query("#settings-dialog > *"))

        # A path that cannot be used is refused, saying why, and stays typed to be corrected.
        (tmp_path / "USB").write_text("a file")
        await pilot.press("tab", *str(stick), "enter")
        await pilot.pause()
        field = screen.query_one("#settings-exports", Input)
        assert field.value == str(stick)
        assert messages(app)[-1] == f"{tmp_path / 'USB'} is a file, not a folder."
        assert read_setting(demo_path, EXPORTS_FOLDER_SETTING) is None

        (tmp_path / "USB").unlink()
        await pilot.press("enter")
        await pilot.pause()
        assert field.value == ""
        assert str(now.render()) == f"Now: {stick}"
        assert messages(app)[-1] == f"The exports go into {stick} from now on."
        assert read_setting(demo_path, EXPORTS_FOLDER_SETTING) == str(stick)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and not app.restart_requested

        await open_planner(pilot)
        await pilot.press("i")
        await app.workers.wait_for_complete()
        await pilot.pause()
        (calendar,) = stick.glob("*.ics")  # the stick's folder is made at the first export
        assert any(message.startswith(f"Written: {calendar}") for message in messages(app))

        await pilot.press("escape", "escape")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert str(app.screen.query_one("#settings-exports-now").render()) == f"Now: {exports_folder} (the default)"
    assert read_setting(demo_path, EXPORTS_FOLDER_SETTING) is None
