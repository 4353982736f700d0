"""The command line's output never fails on a character.

Windows writes output redirected to a file or a pipe (``facilitator import … > log.txt``) in
cp1252, which has neither Č nor ŋ; ``PYTHONIOENCODING=cp1252`` gives a real process that very
output here. A Northern Sami group name printed once the work is done must not turn it into an
"unexpected error".
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator.model import Group, Person
from storage.workspace import WorkspaceRole
from tests.processes import REPO_ROOT
from tests.sync_support import opened

pytestmark = pytest.mark.processes

SAMI_GROUP = "Čuoŋ Duodji Ánár"


def redirected(*args: str | Path) -> subprocess.CompletedProcess[bytes]:
    """``facilitator`` with its output going to a file on Windows: encoded in cp1252."""
    return subprocess.run(
        [sys.executable, "-m", "facilitator", *map(str, args)],
        cwd=REPO_ROOT,
        env={**os.environ, "PYTHONIOENCODING": "cp1252"},
        capture_output=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def succeeded(result: subprocess.CompletedProcess[bytes]) -> str:
    """The output of a command that worked, read as the cp1252 it was written in."""
    assert result.returncode == 0, result.stderr.decode("cp1252", "replace")
    assert not result.stderr, result.stderr.decode("cp1252", "replace")
    return result.stdout.decode("cp1252")


def test_keys_and_an_import_print_a_sami_group_name_in_cp1252(tmp_path: Path) -> None:
    laptop, coordinator = tmp_path / "laptop", tmp_path / "coordinator"
    with opened(laptop) as repository:
        group = repository.save_group(Group(name=SAMI_GROUP))
        repository.save_person(Person(group_id=group.id, name="Máret Ŋuolja", company="Máret's Duodji"))
    with opened(coordinator, WorkspaceRole.COORDINATOR):
        pass
    request = succeeded(redirected("key", "request", "--workspace", laptop, "--to", tmp_path)).strip()
    issued = succeeded(redirected("key", "issue", request, "--workspace", coordinator, "--to", tmp_path))
    key_file, passphrase = issued.splitlines()[:2]
    assert "Cuon Duodji Ánár: key generation 1" in issued, issued
    (tmp_path / "passphrase.txt").write_text(passphrase.removeprefix("Passphrase: "), encoding="utf-8")
    installed = succeeded(
        redirected("key", "install", key_file, "--passphrase-file", tmp_path / "passphrase.txt", "--workspace", laptop)
    )
    assert "Installed the key of Cuon Duodji Ánár: generation 1" in installed, installed
    bundle = succeeded(redirected("export", "bundle", "--workspace", laptop, "--to", tmp_path)).splitlines()[0]
    imported = succeeded(redirected("import", bundle, "--workspace", coordinator, "--details"))
    assert ": imported: " in imported and "Cuon Duodji Ánár" in imported, imported
    with opened(coordinator, WorkspaceRole.COORDINATOR) as repository:
        assert [group.name for group in repository.groups()] == [SAMI_GROUP]


def test_an_error_naming_a_sami_group_is_one_line_in_cp1252(tmp_path: Path) -> None:
    with opened(tmp_path / "ws") as repository:
        repository.save_group(Group(name=SAMI_GROUP))
    result = redirected("export", "agenda", "next", "--group", "Đuoddar", "--workspace", tmp_path / "ws")
    assert result.returncode == 1
    message = result.stderr.decode("cp1252")
    assert len(message.strip().splitlines()) == 1 and "unexpected" not in message, message
    assert "Duoddar" in message and "Cuon Duodji Ánár" in message, message
