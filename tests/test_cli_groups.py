"""The commands about every group or one (--group): a key request and a bundle refuse a workspace
with no groups, and a group name that is none, each in one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator.model import Group
from tests.sync_support import opened
from tests.test_cli import facilitator, one_line_error

pytestmark = pytest.mark.processes


def test_a_key_request_and_a_bundle_need_a_group_and_name_only_one_there_is(tmp_path: Path) -> None:
    folder = tmp_path / "workspace"
    assert facilitator("init", "--workspace", folder).returncode == 0
    for command in (("key", "request"), ("export", "bundle")):
        assert one_line_error(facilitator(*command, "--workspace", folder), 1).endswith(
            "The workspace has no groups yet."
        ), command
    with opened(folder) as repository:
        repository.save_group(Group(name="Inari peer group"))
    for command in (("key", "request"), ("export", "bundle")):
        error = one_line_error(facilitator(*command, "--group", "Oulu", "--workspace", folder), 1)
        assert "No group is called “Oulu”. The groups are: Inari peer group." in error, command
    request = facilitator("key", "request", "--group", "inari", "--workspace", folder)
    assert request.returncode == 0 and Path(request.stdout.strip()).exists(), request.stderr
