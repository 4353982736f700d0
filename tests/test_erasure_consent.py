"""A consent withdrawn reaches what the coordinator received before: its copy then shows the person
only under the pseudonym, or without contact details, in every record it holds."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from exports.bundle.format import Audience
from exports.bundle.importer import Importer, ImportStatus
from exports.bundle.writer import make_bundle
from storage.workspace import WorkspaceRole
from tests.sync_support import TickingClock, opened, share_keys
from tests.test_erasure import ADDRESS, EMAIL, NAME, PHONE, build, forms


def holds(folder: Path, detail: str) -> bool:
    """Whether a file of the workspace, its backups included, holds ``detail``."""
    return any(form in path.read_bytes() for path in folder.rglob("*.json") for form in forms(detail))


@pytest.mark.parametrize("withdrawn", ["research_consent", "contact_consent"])
def test_the_coordinator_s_copy_follows_a_withdrawn_consent(tmp_path: Path, withdrawn: str) -> None:
    clock = TickingClock()
    bundles = tmp_path / "bundles"
    bundles.mkdir()
    with (
        opened(tmp_path / "coordinator", WorkspaceRole.COORDINATOR, clock) as coordinator,
        opened(tmp_path / "facilitator", clock=clock) as facilitator,
    ):
        group, person, meeting = build(facilitator)
        share_keys(coordinator, [facilitator], tmp_path / "keys")

        def send() -> None:
            made = make_bundle(facilitator, [facilitator.group(group.id)], audience=Audience.COORDINATOR, to=bundles)
            assert Importer(coordinator).import_file(made.path).status is ImportStatus.IMPORTED

        send()
        folder = tmp_path / "coordinator"
        assert all(holds(folder, detail) for detail in (NAME, EMAIL, ADDRESS))
        facilitator.save_person(dataclasses.replace(facilitator.person(person.id), **{withdrawn: None}))
        send()
        for detail in (EMAIL, PHONE, ADDRESS):
            assert not holds(folder, detail), detail
        assert holds(folder, NAME) is (withdrawn == "contact_consent")
        assert coordinator.meeting(meeting.id).location == ""
        (entry,) = coordinator.memo(meeting.id)
        if withdrawn == "research_consent":
            assert coordinator.person(person.id).name in entry.text
