"""A file that another program holds for a moment does not fail a save, an export or an import;
one held for good is named, with what to do.

On Windows a virus scanner, the search indexer and OneDrive open each file the app writes for a
moment, and a PDF reader keeps open the file it shows; the rename that puts the new file in place
then fails with ``PermissionError`` and one of Windows' error numbers 5 (access denied), 32
(sharing violation) or 33 (lock violation). The system call is made to fail here as it does there.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from exports.bundle.importer import Importer, ImportStatus
from exports.errors import ExportFailed
from exports.meeting_files import write_meeting_file
from facilitator.model import Group, Meeting
from storage.errors import WriteFailed
from tests.conftest import reopen
from tests.sync_support import opened
from tests.test_refused_changes import _adviser_bundle

WINDOWS_ERRORS = {5: "Access is denied", 32: "The process cannot access the file", 33: "The file is locked"}
START = datetime(2026, 12, 8, 15, tzinfo=UTC)


def held_renames(
    monkeypatch: pytest.MonkeyPatch, winerror: int, times: int | None, held: Callable[[Path], bool]
) -> list[Path]:
    """Make ``os.replace`` refuse as Windows does while another program has the target open:
    ``times`` times for each target ``held`` picks (for good when ``None``). Returns the refused
    targets, one per refusal."""
    rename = os.replace
    refused: list[Path] = []

    def replace(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
        path = Path(target)
        if held(path) and (times is None or refused.count(path) < times):
            refused.append(path)
            error = PermissionError(errno.EACCES, WINDOWS_ERRORS[winerror], str(path))
            error.winerror = winerror  # set by Windows itself on every error it raises
            raise error
        rename(source, target)

    monkeypatch.setattr(os, "replace", replace)
    return refused


@pytest.mark.parametrize("winerror", sorted(WINDOWS_ERRORS))
def test_a_save_waits_while_another_program_holds_the_file_a_moment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, winerror: int
) -> None:
    with opened(tmp_path / "ws") as repository:
        refused = held_renames(monkeypatch, winerror, 3, lambda path: path.name == "network.json")
        repository.save_group(Group(name="Čuoŋ Duodji"))
        monkeypatch.undo()
        assert len(refused) == 3, "the rename was not tried again"
    again = reopen(tmp_path / "ws")
    try:
        assert [group.name for group in again.groups()] == ["Čuoŋ Duodji"]
    finally:
        again.workspace.close()


def test_a_save_refused_for_good_names_the_file_and_keeps_the_previous_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with opened(tmp_path / "ws") as repository:
        repository.save_group(Group(name="Inari peer group"))
        network = repository.workspace.network_path
        before = network.read_bytes()
        held_renames(monkeypatch, 32, None, lambda path: path == network)
        with pytest.raises(WriteFailed) as refusal:
            repository.save_group(Group(name="Saved while held"))
        monkeypatch.undo()
        message = str(refusal.value)
        assert str(network) in message and "open in another program" in message, message
        assert network.read_bytes() == before
        assert not list(network.parent.glob(".*.tmp")), "a temporary file was left behind"


def test_a_pdf_open_in_a_reader_is_named_and_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An agenda printed again while the earlier one is open in a PDF reader."""
    papers = tmp_path / "papers"
    papers.mkdir()
    with opened(tmp_path / "ws") as repository:
        group = repository.save_group(Group(name="Inari peer group", time_zone="Europe/Helsinki"))
        meeting = repository.save_meeting(Meeting(group_id=group.id, starts_at=START, ends_at=START.replace(hour=17)))
        agenda = write_meeting_file(repository, meeting, "agenda", to=papers)
        printed = agenda.read_bytes()
        held_renames(monkeypatch, 5, None, lambda path: path == agenda)
        with pytest.raises(ExportFailed) as refusal:
            write_meeting_file(repository, meeting, "agenda", to=papers)
        monkeypatch.undo()
    message = str(refusal.value)
    assert str(agenda) in message and "open in another program" in message, message
    assert agenda.read_bytes() == printed
    assert sorted(path.name for path in papers.iterdir()) == [agenda.name]


def test_an_import_waits_while_another_program_holds_a_file_a_moment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The staged change of an import puts its files in place through the same patient rename."""
    bundle = _adviser_bundle(tmp_path)
    coordinator = reopen(tmp_path / "coordinator")
    try:
        refused = held_renames(monkeypatch, 32, 2, lambda path: path.parent.name == "meetings")
        report = Importer(coordinator).import_file(bundle)
        monkeypatch.undo()
        assert report.status is ImportStatus.IMPORTED, report.message
        assert refused, "no meeting file was held"
        assert [group.name for group in coordinator.groups()] == ["Enontekiö peer group"]
    finally:
        coordinator.workspace.close()
