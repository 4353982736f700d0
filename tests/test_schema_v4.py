"""Schema 4: the records a bundle left out are noted in the workspace, so that the next bundle carries
them once they pass. The release before's own workspaces (tests/data/workspace-v3: a facilitator's
laptop that made a bundle, the coordinator that imported it) are upgraded, backed up first, and go on
syncing: a record edited to fail is left out and named, fixed, then carried by the next incremental
bundle, and the coordinator imports both."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from exports.bundle.importer import Importer
from exports.bundle.writer import make_bundle
from facilitator.record_rules import kind_label
from storage.sync_ledger import SyncLedger
from storage.workspace import SCHEMA_VERSION, WorkspaceRole
from tests.conftest import MovingClock
from tests.sync_support import opened, opened_bundle, synced_data

V3 = Path(__file__).parent / "data" / "workspace-v3"
V3_GROUP = "c386bbc4-cd61-4e30-98f1-6adf91b7584a"  # Inari peer group
V3_MEETING = "0994940e-8245-4cc8-9f7a-7dafb43adc4f"  # held, with feedback
V3_BUNDLE_MADE = "2026-12-04T09:00:00.081+00:00"  # the laptop's one bundle, imported by the coordinator


def _read(path: Path) -> dict[str, Any]:
    tables: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return tables


def _change_feedback(laptop: Path, **values: Any) -> str:
    """Change the meeting's first feedback in its file (as a save of the release before would, when
    ``saved_at`` is given: a new version); its id."""
    path = laptop / "meetings" / f"{V3_MEETING}.json"
    tables = _read(path)
    feedback = next(iter(tables["feedback"].values()))
    if saved_at := values.pop("saved_at", None):
        feedback["updated_at"] = saved_at
        feedback["revision"] += 1
        feedback["versions"] = {key: count + 1 for key, count in feedback["versions"].items()}
    feedback.update(values)
    path.write_text(json.dumps(tables), encoding="utf-8")
    return str(feedback["id"])


def schema_on_disk(folder: Path) -> int:
    """The schema version the workspace file in ``folder`` says it is written in."""
    version: int = _read(folder / "workspace.json")["schema_version"]
    return version


def upgrade_backup(folder: Path, found: int) -> Path:
    """The one backup taken before the upgrade from schema ``found``, holding the files as they were."""
    (backup,) = (folder / "backups").glob(f"*before-upgrade-v{found}")
    assert schema_on_disk(backup) == found
    return backup


def assert_upgraded(folder: Path, found: int) -> None:
    """The workspace in ``folder``, found at schema ``found``, is now written at this release's
    schema, and was backed up before every step from ``found`` on ran."""
    assert schema_on_disk(folder) == SCHEMA_VERSION
    upgrade_backup(folder, found)


def test_a_schema_3_workspace_is_upgraded_and_a_record_left_out_goes_once_fixed(tmp_path: Path) -> None:
    shutil.copytree(V3, tmp_path / "v3")
    laptop, coordinator_folder = tmp_path / "v3" / "facilitator", tmp_path / "v3" / "coordinator"
    assert schema_on_disk(laptop) == schema_on_disk(coordinator_folder) == 3
    assert _read(laptop / "network.json")["bundles_made"]["1"]["created_at"] == V3_BUNDLE_MADE
    feedback_id = _change_feedback(laptop, usefulness=99, saved_at="2026-12-04T10:00:00.000+00:00")
    network_before = (laptop / "network.json").read_bytes()
    clock = MovingClock(datetime(2026, 12, 5, 8, tzinfo=UTC), tick=timedelta(milliseconds=1))
    out = tmp_path / "out"
    out.mkdir()

    with opened(laptop, clock=clock) as facilitator:
        assert facilitator.workspace.info.schema_version == SCHEMA_VERSION
        first = make_bundle(facilitator, facilitator.groups(), to=out)
        assert SyncLedger(facilitator.workspace).left_out(V3_GROUP, "coordinator") == {("feedback", feedback_id)}
    assert_upgraded(laptop, 3)
    assert (upgrade_backup(laptop, 3) / "network.json").read_bytes() == network_before
    assert first.scope == "incremental" and first.counts["feedback"] == 0 and first.counts["meetings"] == 1
    (named,) = first.left_out
    assert named.startswith(f"{kind_label('feedback')} {feedback_id[:8]}: Usefulness"), named

    _change_feedback(laptop, usefulness=4)  # fixed by hand: the same version, not saved since the bundle
    with opened(laptop, clock=clock) as facilitator:
        second = make_bundle(facilitator, facilitator.groups(), to=out)
        carried = opened_bundle(second.path, facilitator).records["feedback"]
        assert SyncLedger(facilitator.workspace).left_out(V3_GROUP, "coordinator") == set()
    assert second.scope == "incremental" and second.left_out == []
    assert [(document["id"], document["usefulness"]) for document in carried] == [(feedback_id, 4)]

    with opened(coordinator_folder, WorkspaceRole.COORDINATOR, clock) as coordinator:
        assert coordinator.workspace.info.schema_version == SCHEMA_VERSION
        held_before = synced_data(coordinator_folder)[("feedback", feedback_id, "current")]
        reports = Importer(coordinator).import_files([first.path, second.path])
        assert all(report.ok for report in reports), [report.line() for report in reports]
    assert_upgraded(coordinator_folder, 3)
    assert held_before["usefulness"] == 5, "the release before's bundle brought it as it was"
    held = synced_data(coordinator_folder)
    assert held[("feedback", feedback_id, "current")]["usefulness"] == 4
    feedback_here = {key: value for key, value in synced_data(laptop).items() if key[0] == "feedback"}
    assert {key: value for key, value in held.items() if key[0] == "feedback"} == feedback_here
