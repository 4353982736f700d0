"""The workspace folder: creation, location, schema versions, damaged files and backups."""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from facilitator.model import Group, Person
from storage.backups import BACKUPS_KEPT
from storage.errors import DamagedFile, NewerSchema, StorageError
from storage.repository import Repository
from storage.workspace import SCHEMA_VERSION, Workspace, WorkspaceRole
from storage.workspace_info import APP_NAME, ENVIRONMENT_VARIABLE, default_workspace_path


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file (with its bytes) and folder under ``folder``."""
    return {
        str(path.relative_to(folder)): path.read_bytes() if path.is_file() else None
        for path in sorted(folder.rglob("*"))
    }


def write_info(folder: Path, **changes: object) -> None:
    path = folder / "workspace.json"
    info = json.loads(path.read_text(encoding="utf-8"))
    info.update(changes)
    path.write_text(json.dumps(info), encoding="utf-8")


def make_network(folder: Path) -> None:
    """A workspace with a group and a person saved, opened twice so that it has a daily backup."""
    with Workspace.open(folder) as workspace:
        repository = Repository(workspace)
        group = repository.save_group(Group(name="Inari"))
        repository.save_person(Person(group_id=group.id, name="Máret Sara", can_host=True, premises_address="Siida 1"))
    with Workspace.open(folder) as workspace:
        Repository(workspace)
    assert [path.name for path in (folder / "backups").iterdir()], "no daily backup was taken"


# -- creation and location ---------------------------------------------------------------------


@pytest.mark.parametrize("role", list(WorkspaceRole))
def test_first_open_creates_the_workspace(workspace_path: Path, role: WorkspaceRole) -> None:
    with Workspace.open(workspace_path, role=role) as workspace:
        workspace_id = workspace.id
    info = json.loads((workspace_path / "workspace.json").read_text(encoding="utf-8"))
    assert uuid.UUID(info["id"]).version == 4
    assert info["id"] == workspace_id
    assert info["role"] == role.value
    assert info["schema_version"] == SCHEMA_VERSION
    for name in ("meetings", "backups"):
        assert (workspace_path / name).is_dir(), name
    assert not (workspace_path / "exports").exists(), "exports go where people look for their files"

    # Reopening keeps the identity and the role, whatever role is asked for.
    other = WorkspaceRole.COORDINATOR if role is WorkspaceRole.FACILITATOR else WorkspaceRole.FACILITATOR
    with Workspace.open(workspace_path, role=other) as workspace:
        assert workspace.id == workspace_id
        assert workspace.info.role is role


def test_two_workspaces_get_different_ids(tmp_path: Path) -> None:
    with Workspace.open(tmp_path / "one") as one, Workspace.open(tmp_path / "two") as two:
        assert one.id != two.id


def test_the_environment_variable_chooses_the_default_workspace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, str(tmp_path / "elsewhere"))
    assert default_workspace_path() == tmp_path / "elsewhere"

    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("USERPROFILE", str(tmp_path / "home"))
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, "~/groups")
    assert default_workspace_path() == tmp_path / "home" / "groups"

    monkeypatch.delenv(ENVIRONMENT_VARIABLE)
    default = default_workspace_path()
    assert default.name == "workspace"
    assert APP_NAME in default.parts
    assert tmp_path / "elsewhere" != default


# -- schema versions ---------------------------------------------------------------------------


def test_a_newer_workspace_is_refused_untouched(workspace_path: Path) -> None:
    make_network(workspace_path)
    write_info(workspace_path, schema_version=SCHEMA_VERSION + 1)
    before = snapshot(workspace_path)
    with pytest.raises(NewerSchema) as refused:
        Workspace.open(workspace_path)
    message = str(refused.value)
    assert "Update the app" in message
    assert str(SCHEMA_VERSION + 1) in message
    assert str(workspace_path) in message
    assert snapshot(workspace_path) == before


def test_an_older_workspace_is_backed_up_then_migrated(workspace_path: Path) -> None:
    make_network(workspace_path)
    write_info(workspace_path, schema_version=0)
    old_info = (workspace_path / "workspace.json").read_bytes()
    old_network = (workspace_path / "network.json").read_bytes()
    steps: list[Path] = []

    def step(folder: Path) -> None:
        steps.append(folder)
        (folder / "migrated.txt").write_text("v0 to v1")

    with Workspace.open(workspace_path, migrations={0: step}, schema_version=1) as workspace:
        assert workspace.info.schema_version == 1
        upgrade_backups = list((workspace_path / "backups").glob("*before-upgrade-v0*"))
    assert steps == [workspace_path]
    assert (workspace_path / "migrated.txt").read_text() == "v0 to v1"
    (backup,) = upgrade_backups
    assert (backup / "workspace.json").read_bytes() == old_info
    assert (backup / "network.json").read_bytes() == old_network
    assert json.loads((workspace_path / "workspace.json").read_text())["schema_version"] == 1

    # Up to date now: opening again runs no step.
    with Workspace.open(workspace_path, migrations={0: step}, schema_version=1):
        pass
    assert len(steps) == 1


def test_a_missing_migration_step_is_a_clear_error(workspace_path: Path) -> None:
    make_network(workspace_path)
    write_info(workspace_path, schema_version=0)
    with pytest.raises(StorageError) as refused:
        Workspace.open(workspace_path, migrations={}, schema_version=1)
    assert not isinstance(refused.value, (NewerSchema, DamagedFile))
    assert str(workspace_path) in str(refused.value)
    assert "version 0" in str(refused.value)
    assert json.loads((workspace_path / "workspace.json").read_text())["schema_version"] == 0
    # The refusal released the workspace.
    with Workspace.open(workspace_path, migrations={0: lambda folder: None}, schema_version=1):
        pass


def test_no_step_runs_when_a_later_step_is_missing(workspace_path: Path) -> None:
    """Half a migration would leave data of version 1 in a folder that says 0: check first."""
    make_network(workspace_path)
    write_info(workspace_path, schema_version=0)
    before = snapshot(workspace_path)
    steps: list[int] = []
    with pytest.raises(StorageError):
        Workspace.open(workspace_path, migrations={0: lambda folder: steps.append(0)}, schema_version=2)
    assert steps == []
    assert snapshot(workspace_path) == before


# -- damaged files -----------------------------------------------------------------------------

DAMAGES: dict[str, Callable[[bytes], bytes]] = {
    "invalid JSON": lambda good: b'{"groups": {"1": {"name": "Inari",}}}',
    "truncated": lambda good: good[: len(good) // 2],
    "empty": lambda good: b"",
    "not records": lambda good: b'["groups", "people"]',
    "a table not of records": lambda good: _changed_tables(
        good, lambda tables: {"people": list(tables["people"].values())}
    ),
    "a record not numbered": lambda good: _changed_tables(
        good, lambda tables: {"groups": {"one": tables["groups"]["1"]}}
    ),
    "a record not an object": lambda good: _changed_tables(
        good, lambda tables: {"people": {**tables["people"], "2": ["Utsjoki"]}}
    ),
}


def _changed_tables(good: bytes, change: Callable[[dict], dict]) -> bytes:
    """The network file ``good`` with the tables ``change`` gives in place of the same tables."""
    tables = json.loads(good)
    return json.dumps({**tables, **change(tables)}).encode()


@pytest.mark.parametrize("damage", DAMAGES.values(), ids=DAMAGES.keys())
def test_a_damaged_network_file_is_refused_naming_the_newest_backup(
    workspace_path: Path, damage: Callable[[bytes], bytes]
) -> None:
    make_network(workspace_path)
    network = workspace_path / "network.json"
    network.write_bytes(damage(network.read_bytes()))
    before = snapshot(workspace_path)
    newest = sorted((workspace_path / "backups").iterdir())[-1]

    with pytest.raises(DamagedFile) as refused:
        Workspace.open(workspace_path)
    message = str(refused.value)
    assert str(network) in message
    assert str(newest) in message
    assert refused.value.backup == newest
    assert snapshot(workspace_path) == before

    # The refusal released the lock: once the file is restored from the backup, it opens.
    network.write_bytes((newest / "network.json").read_bytes())
    with Workspace.open(workspace_path) as workspace:
        assert [group.name for group in Repository(workspace).groups()] == ["Inari"]


@pytest.mark.parametrize(
    "damage",
    [
        lambda good: good[: len(good) // 2],
        lambda good: b"[]",
        lambda good: json.dumps({"id": "x", "role": "janitor", "schema_version": 1}).encode(),
        lambda good: json.dumps({"role": "facilitator", "schema_version": 1}).encode(),
        lambda good: json.dumps({"id": "x", "role": "facilitator", "schema_version": "one"}).encode(),
    ],
    ids=["truncated", "not an object", "unknown role", "no id", "version not a number"],
)
def test_a_damaged_workspace_file_is_refused_naming_the_newest_backup(
    workspace_path: Path, damage: Callable[[bytes], bytes]
) -> None:
    make_network(workspace_path)
    info = workspace_path / "workspace.json"
    info.write_bytes(damage(info.read_bytes()))
    before = snapshot(workspace_path)
    newest = sorted((workspace_path / "backups").iterdir())[-1]

    with pytest.raises(DamagedFile) as refused:
        Workspace.open(workspace_path)
    assert str(info) in str(refused.value)
    assert str(newest) in str(refused.value)
    assert snapshot(workspace_path) == before


def damage_a_record(folder: Path) -> None:
    network = folder / "network.json"
    data = json.loads(network.read_text(encoding="utf-8"))
    (person,) = data["people"].values()
    person["can_host"] = "yes"
    network.write_text(json.dumps(data), encoding="utf-8")


def test_a_record_of_the_wrong_type_is_reported_when_the_repository_opens(workspace_path: Path) -> None:
    make_network(workspace_path)
    damage_a_record(workspace_path)
    newest = sorted((workspace_path / "backups").iterdir())[-1]
    with Workspace.open(workspace_path) as workspace, pytest.raises(DamagedFile) as refused:
        Repository(workspace)
    message = str(refused.value)
    assert str(workspace_path / "network.json") in message
    assert "can_host" in message
    assert str(newest) in message


def test_opening_a_damaged_network_does_not_back_up_the_damage(workspace_path: Path) -> None:
    """The daily backup must not copy a damaged file over the good copies the message points to."""
    make_network(workspace_path)
    damage_a_record(workspace_path)
    good = sorted((workspace_path / "backups").iterdir())[-1]
    a_week_ago = time.time() - 7 * 24 * 3600
    os.utime(good, (a_week_ago, a_week_ago))  # the last backup is old: a daily one is due

    for _attempt in range(BACKUPS_KEPT + 1):
        with Workspace.open(workspace_path) as workspace, pytest.raises(DamagedFile) as refused:
            Repository(workspace)
        assert refused.value.backup == good
        assert "yes" not in (good / "network.json").read_text(encoding="utf-8")
        backups = sorted((workspace_path / "backups").iterdir())
        assert good in backups
        os.utime(backups[-1], (a_week_ago, a_week_ago))


# -- backups -----------------------------------------------------------------------------------


def test_backups_rotate(workspace_path: Path) -> None:
    with Workspace.open(workspace_path) as workspace:
        Repository(workspace).save_group(Group(name="Utsjoki"))
        made = [workspace.backup("test") for _ in range(BACKUPS_KEPT + 3)]
        kept = workspace.backups()
    assert kept == made[-BACKUPS_KEPT:]
    assert sorted((workspace_path / "backups").iterdir()) == kept
    for backup in kept:
        assert json.loads((backup / "network.json").read_text(encoding="utf-8"))["groups"]
        assert (backup / "workspace.json").is_file()
        assert (backup / "meetings").is_dir()


def test_temporary_files_left_by_a_killed_writer_are_cleared_at_open(workspace_path: Path) -> None:
    with Workspace.open(workspace_path):
        pass
    leftovers = [workspace_path / ".network.json.abc123.tmp", workspace_path / "meetings" / ".m.json.x.tmp"]
    for leftover in leftovers:
        leftover.write_text("{half", encoding="utf-8")
    with Workspace.open(workspace_path):
        assert not any(leftover.exists() for leftover in leftovers)


def test_sound_half_copied_or_imported_into_a_meeting_folder_is_cleared_at_open(workspace_path: Path) -> None:
    """A killed attach or recordings import leaves plain sound in hidden files no record names."""
    with Workspace.open(workspace_path):
        pass
    folder = workspace_path / "meetings" / "m1"
    folder.mkdir(parents=True)
    leftovers = [folder / ".recording-2.opus.k3j9.tmp", folder / ".recording-3.m4a.x7q2.tmp"]
    kept = folder / "recording-1.opus"
    for path in (*leftovers, kept):
        path.write_bytes(b"OggS sound")
    with Workspace.open(workspace_path):
        assert not any(leftover.exists() for leftover in leftovers)
        assert kept.read_bytes() == b"OggS sound"


# -- opened for reading, beside the app ---------------------------------------------------------


def test_a_reader_reads_a_workspace_the_app_holds_and_writes_nothing(workspace_path: Path) -> None:
    """Reports and exports read while the app runs: no lock, no backup, nothing finished or cleared."""
    make_network(workspace_path)
    a_week_ago = time.time() - 7 * 24 * 3600
    for backup in (workspace_path / "backups").iterdir():
        os.utime(backup, (a_week_ago, a_week_ago))  # a daily backup is due: a writer would take one
    with Workspace.open(workspace_path, purpose="app") as app:
        Repository(app).save_group(Group(name="Utsjoki"))
        # What only a writer clears: a killed writer's temporary file and an unlisted staged change.
        (workspace_path / ".network.json.abc123.tmp").write_text("{half", encoding="utf-8")
        (workspace_path / ".staged").mkdir()
        (workspace_path / ".staged" / "network.json").write_text("{}", encoding="utf-8")
        before = snapshot(workspace_path)

        with Workspace.open_for_reading(workspace_path) as reader:
            repository = Repository(reader)
            assert reader.read_only and reader.taken_over_from is None
            assert [group.name for group in repository.groups()] == ["Inari", "Utsjoki"]
            (person,) = repository.people(repository.groups()[0].id)
            assert person.name == "Máret Sara"
            with pytest.raises(StorageError, match="opened for reading only"):
                repository.save_group(Group(name="Kaamanen"))
            with pytest.raises(StorageError, match="opened for reading only"):
                reader.save_setting("language", "fi")
            assert [group.name for group in repository.groups()] == ["Inari", "Utsjoki"]
        assert snapshot(workspace_path) == before

        # The app writes on, and opens nothing twice: the reader took nothing from it.
        Repository(app).save_group(Group(name="Kaamanen"))
    with Workspace.open_for_reading(workspace_path) as reader:
        assert [group.name for group in Repository(reader).groups()] == ["Inari", "Kaamanen", "Utsjoki"]


def test_a_reader_refuses_what_only_a_writer_may_put_right(workspace_path: Path, tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="There is no workspace"):
        Workspace.open_for_reading(tmp_path / "nothing")
    assert not (tmp_path / "nothing").exists()

    make_network(workspace_path)
    write_info(workspace_path, schema_version=SCHEMA_VERSION - 1)
    before = snapshot(workspace_path)
    with pytest.raises(StorageError, match="has to be upgraded to this version before it can be read"):
        Workspace.open_for_reading(workspace_path)
    write_info(workspace_path, schema_version=SCHEMA_VERSION + 1)
    with pytest.raises(NewerSchema, match="Update the app"):
        Workspace.open_for_reading(workspace_path)
    write_info(workspace_path, schema_version=SCHEMA_VERSION)
    network = workspace_path / "network.json"
    network.write_bytes(network.read_bytes()[:40])
    newest = sorted((workspace_path / "backups").iterdir())[-1]
    with pytest.raises(DamagedFile) as refused:
        Workspace.open_for_reading(workspace_path)
    assert refused.value.backup == newest
    assert snapshot(workspace_path).keys() == before.keys()
