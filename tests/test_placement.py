"""A workspace where it is at risk although it opens: a synced folder, the Microsoft Store Python's
redirected application data. Windows and macOS are simulated with their paths."""

from __future__ import annotations

from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath

import pytest

from facilitator.app import make_app
from storage.placement import placement_warnings, store_python_family, store_python_place, sync_service
from storage.workspace import Workspace
from tests.conftest import demo_clock
from tests.test_cli import facilitator

W, P = PureWindowsPath, PurePosixPath
NOTHING: dict[str, str] = {}
WINDOWS_USER = {
    "LOCALAPPDATA": r"C:\Users\aino\AppData\Local",
    "APPDATA": r"C:\Users\aino\AppData\Roaming",
}
STORE_FAMILY = "PythonSoftwareFoundation.Python.3.12_qbz5n2kfra8p0"
#: The Store's alias that starts it, and where it is installed (<Name>_<Version>_<Arch>__<PublisherId>).
STORE_EXECUTABLE = rf"C:\Users\aino\AppData\Local\Microsoft\WindowsApps\{STORE_FAMILY}\python.exe"
STORE_PREFIX = r"C:\Program Files\WindowsApps\PythonSoftwareFoundation.Python.3.12_3.12.2800.0_x64__qbz5n2kfra8p0"
PYTHON_ORG = r"C:\Users\aino\AppData\Local\Programs\Python\Python312"


@pytest.mark.parametrize(
    ("folder", "service"),
    [
        (W(r"C:\Users\aino\OneDrive\Documents\workspace"), "OneDrive"),
        (W(r"C:\Users\aino\OneDrive - Lapin Yrityspalvelut\MicroENTRE\workspace"), "OneDrive"),
        (W(r"C:\Users\aino\Dropbox (Yrityspalvelut)\workspace"), "Dropbox"),
        (W(r"C:\Users\aino\Dropbox\workspace"), "Dropbox"),
        (W(r"G:\My Drive\workspace"), "Google Drive"),
        (W(r"C:\Users\aino\Google Drive\workspace"), "Google Drive"),
        (W(r"C:\Users\aino\iCloudDrive\workspace"), "iCloud Drive"),
        (W(r"C:\Users\aino\Box\workspace"), "Box"),
        (P("/Users/aino/Library/Mobile Documents/com~apple~CloudDocs/workspace"), "iCloud Drive"),
        (P("/Users/aino/Library/CloudStorage/OneDrive-Personal/workspace"), "OneDrive"),
        (P("/Users/aino/Library/CloudStorage/GoogleDrive-aino@example.com/My Drive/workspace"), "Google Drive"),
        (P("/Users/aino/Library/CloudStorage/Box-Box/workspace"), "Box"),
        (P("/Users/aino/Library/CloudStorage/pCloud-aino/workspace"), "pCloud"),
        (P("/Users/aino/Dropbox/workspace"), "Dropbox"),
    ],
)
def test_a_folder_a_sync_client_keeps_is_named_by_the_client(folder: PurePath, service: str) -> None:
    assert sync_service(folder, NOTHING) == service


def test_onedrive_is_found_where_windows_says_it_is_whatever_its_name() -> None:
    environ = {"ONEDRIVECOMMERCIAL": r"D:\Sync\Yrityspalvelut"}  # Windows spells names in any case
    assert sync_service(W(r"d:\sync\yrityspalvelut\workspace"), environ) == "OneDrive"
    assert sync_service(W(r"D:\Sync\Other\workspace"), environ) is None


@pytest.mark.parametrize(
    "folder",
    [
        W(r"C:\Users\aino\AppData\Local\microentre-facilitator\workspace"),
        W(r"C:\Users\aino\Documents\OneDriveNotes\workspace"),
        P("/Users/aino/Library/Application Support/microentre-facilitator/workspace"),
        P("/home/aino/.local/share/microentre-facilitator/workspace"),
        P("/home/aino/Documents/dropboxes/workspace"),
    ],
)
def test_the_usual_places_are_no_synced_folders(folder: PurePath) -> None:
    assert sync_service(folder, NOTHING) is None
    assert placement_warnings(folder, WINDOWS_USER, PYTHON_ORG + r"\python.exe", PYTHON_ORG) == []


@pytest.mark.parametrize(
    ("executable", "base_prefix", "family"),
    [
        (STORE_EXECUTABLE, STORE_PREFIX, STORE_FAMILY),  # started through the Store's alias
        (r"C:\Users\aino\mef\.venv\Scripts\python.exe", STORE_PREFIX, STORE_FAMILY),  # a venv made by it
        (r"C:\Users\aino\AppData\Local\Microsoft\WindowsApps\python.exe", STORE_PREFIX, STORE_FAMILY),
        (PYTHON_ORG + r"\python.exe", PYTHON_ORG, None),
        (r"C:\Users\aino\mef\.venv\Scripts\python.exe", PYTHON_ORG, None),
        ("/usr/bin/python3", "/usr", None),
    ],
)
def test_the_microsoft_store_python_is_told_by_its_install_folder(
    executable: str, base_prefix: str, family: str | None
) -> None:
    assert store_python_family(executable, base_prefix) == family


def test_the_store_python_keeps_the_application_data_in_its_package() -> None:
    local = W(r"C:\Users\aino\AppData\Local\microentre-facilitator\workspace")
    package = W(r"C:\Users\aino\AppData\Local\Packages", STORE_FAMILY, "LocalCache")
    assert store_python_place(local, STORE_FAMILY, WINDOWS_USER) == package / r"Local\microentre-facilitator\workspace"
    roaming = W(r"C:\Users\aino\AppData\Roaming\MicroENTRE\workspace")
    assert store_python_place(roaming, STORE_FAMILY, WINDOWS_USER) == package / r"Roaming\MicroENTRE\workspace"
    real = package / r"Local\microentre-facilitator\workspace"
    assert store_python_place(real, STORE_FAMILY, WINDOWS_USER) == real
    assert store_python_place(W(r"C:\Users\aino\Documents\workspace"), STORE_FAMILY, WINDOWS_USER) is None


def test_at_start_the_store_python_user_is_told_where_the_data_really_is_and_what_to_do() -> None:
    folder = W(r"C:\Users\aino\AppData\Local\microentre-facilitator\workspace")
    (warning,) = placement_warnings(folder, WINDOWS_USER, STORE_EXECUTABLE, STORE_PREFIX)
    real = rf"C:\Users\aino\AppData\Local\Packages\{STORE_FAMILY}\LocalCache\Local\microentre-facilitator\workspace"
    assert "Microsoft Store" in warning and real in warning and str(folder) in warning
    assert "python.org" in warning and "--workspace" in warning and "Documents" in warning
    documents = W(r"C:\Users\aino\Documents\MicroENTRE")
    assert placement_warnings(documents, WINDOWS_USER, STORE_EXECUTABLE, STORE_PREFIX) == []


def test_a_synced_folder_is_warned_about_with_what_to_do() -> None:
    folder = W(r"C:\Users\aino\OneDrive - Yrityspalvelut\workspace")
    (warning,) = placement_warnings(folder, NOTHING, PYTHON_ORG + r"\python.exe", PYTHON_ORG)
    assert str(folder) in warning and "OneDrive" in warning
    assert "--workspace" in warning and "pause syncing" in warning and "bundles" in warning


@pytest.mark.processes
def test_commands_that_change_a_synced_workspace_warn_once_on_stderr_and_keep_stdout(tmp_path: Path) -> None:
    folder = tmp_path / "Dropbox" / "workspace"
    created = facilitator("demo", "--workspace", folder, "--no-open", "--groups", "1")
    assert created.returncode == 0, created.stderr
    assert created.stdout.startswith("Created a demo network") and "syncs" not in created.stdout
    assert created.stderr.count("Dropbox syncs") == 1 and str(folder) in created.stderr
    read = facilitator("report", "network", "--workspace", folder, "--to", tmp_path)
    assert read.returncode == 0, read.stderr
    assert "syncs" not in read.stderr  # a report only reads: it changes nothing the sync could fight
    erased = facilitator("person", "erase", "Sara", "--yes", "--workspace", folder)
    assert erased.returncode == 0, erased.stderr
    assert erased.stderr.count("Dropbox syncs") == 1  # an erasure rewrites the workspace and its backups


@pytest.mark.app
async def test_the_app_warns_at_start_about_a_synced_folder(tmp_path: Path) -> None:
    folder = tmp_path / "OneDrive" / "workspace"
    app = make_app(Workspace.open(folder), clock=demo_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        (warning,) = [note for note in app._notifications if "OneDrive syncs" in note.message]
        assert warning.severity == "warning" and warning.timeout >= 30
