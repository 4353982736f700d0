"""Schema 5: the network file keeps the entrepreneurs' growth interviews and outcomes (and the
reported periods locked). The release before's own workspaces (tests/data/workspace-v4: a
facilitator's laptop that made a bundle, the coordinator that imported it) are upgraded, backed up
first, and go on syncing: an interview and an outcome entered on the laptop arrive at the
coordinator with the next incremental bundle, the outcome of a member without research consent
without its description."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from exports.bundle.importer import Importer
from exports.bundle.writer import make_bundle
from facilitator.indicator_locks import Lock, LockedRow
from facilitator.indicator_notes import RowFacts
from facilitator.model import Barrier, Group, GrowthIntention, Interview, InterviewKind, Outcome, OutcomeKind, Person
from storage.erasure import WorkspaceErasure
from storage.indicator_locks import locks, save_lock
from storage.roster_import import save_imported_people
from storage.workspace import SCHEMA_VERSION
from storage.workspace_info import WorkspaceRole
from tests.conftest import MovingClock
from tests.sync_support import opened, opened_bundle, synced_data
from tests.test_schema_v4 import assert_upgraded, schema_on_disk, upgrade_backup

V4 = Path(__file__).parent / "data" / "workspace-v4"
V4_GROUP = "c386bbc4-cd61-4e30-98f1-6adf91b7584a"  # Inari peer group
V4_MEETING = "0994940e-8245-4cc8-9f7a-7dafb43adc4f"  # held, with memo entries
NIILLAS = "b8b6d8fe-442e-4d43-b204-e52db2221a58"  # research consent
MARET = "4be03db0-dc25-44bd-b940-67edfe175330"  # no research consent: a pseudonym at the coordinator


def a_lock(group_id: str) -> Lock:
    """The first half of 2026 reported and locked for ``group_id``, as the indicators report keeps it."""
    return Lock(
        scope=(group_id,),
        first=date(2026, 1, 1),
        last=date(2026, 6, 30),
        locked_at="2026-07-01T08:00:00.000+00:00",
        locked_on=date(2026, 7, 1),
        values={"RCO01": 3.0},
        rows={"RCO01": (LockedRow(("person:a", "person:b"), RowFacts(days=(date(2026, 3, 1),))),)},
        fingerprints={"person:a": "0123456789abcdef"},
    )


def test_the_release_befores_workspaces_are_kept_without_a_lock_file() -> None:
    """The workspaces of tests/data are copied before they are opened: a lock file in them would
    be a copy of a lock held by nothing."""
    assert sorted(V4.glob("*/.lock")) == []


def _read(path: Path) -> dict[str, Any]:
    tables: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return tables


def test_a_schema_4_workspace_is_upgraded_and_its_interviews_and_outcomes_travel(tmp_path: Path) -> None:
    shutil.copytree(V4, tmp_path / "v4")
    laptop, coordinator_folder = tmp_path / "v4" / "facilitator", tmp_path / "v4" / "coordinator"
    assert schema_on_disk(laptop) == schema_on_disk(coordinator_folder) == 4
    assert "interviews" not in _read(laptop / "network.json")
    network_before = (laptop / "network.json").read_bytes()
    clock = MovingClock(datetime(2026, 12, 5, 8, tzinfo=UTC), tick=timedelta(milliseconds=1))
    out = tmp_path / "out"
    out.mkdir()

    with opened(laptop, clock=clock) as facilitator:
        assert facilitator.workspace.info.schema_version == SCHEMA_VERSION
        entry = facilitator.memo(V4_MEETING)[0]
        interview = facilitator.save_interview(
            Interview(
                person_id=NIILLAS,
                day=date(2026, 12, 4),
                kind=InterviewKind.FOLLOW_UP,
                intention=GrowthIntention.STRONG,
                barriers={Barrier.RECRUITMENT.value: "No cooks in Inari in winter"},
                staff=1.5,
                network_gives="Contacts in Ivalo",
                network_value=5,
            )
        )
        outcome = facilitator.save_outcome(
            Outcome(
                person_id=MARET,
                day=date(2026, 11, 30),
                kind=OutcomeKind.FIRST_EMPLOYEE,
                description="Máret hired a first seamstress",
                staff_after=2.0,
                involved=[NIILLAS],
                entry_ids=[entry.id],
                meeting_ids=[V4_MEETING],
            )
        )
        made = make_bundle(facilitator, facilitator.groups(), to=out)
        carried = opened_bundle(made.path, facilitator).records
    assert_upgraded(laptop, 4)
    assert (upgrade_backup(laptop, 4) / "network.json").read_bytes() == network_before
    assert made.scope == "incremental" and made.left_out == []
    assert [document["id"] for document in carried["interviews"]] == [interview.id]
    assert [document["id"] for document in carried["outcomes"]] == [outcome.id]
    assert {document["id"] for document in carried["people"]} == {NIILLAS, MARET}  # each with its person
    assert carried["outcomes"][0]["description"] == ""

    with opened(coordinator_folder, WorkspaceRole.COORDINATOR, clock) as coordinator:
        assert coordinator.workspace.info.schema_version == SCHEMA_VERSION
        (report,) = Importer(coordinator).import_files([made.path])
        assert report.ok, report.line()
        coordinator.load_all()
        (arrived_interview,) = coordinator.interviews(V4_GROUP)
        (arrived_outcome,) = coordinator.outcomes(V4_GROUP)
    assert_upgraded(coordinator_folder, 4)
    assert arrived_interview.id == interview.id and arrived_interview.network_gives == "Contacts in Ivalo"
    assert arrived_outcome.id == outcome.id and arrived_outcome.description == ""
    assert (arrived_outcome.entry_ids, arrived_outcome.involved) == ([entry.id], [NIILLAS])
    key: Any = ("interviews", interview.id, "current")
    assert synced_data(coordinator_folder)[key] == synced_data(laptop)[key]


def test_each_rewrite_of_the_whole_network_file_keeps_the_tables_beside_the_records(tmp_path: Path) -> None:
    """An erasure and a roster import write the network file whole, as an import does (its own test:
    tests/test_development_sync.py): a local table such as the reported periods locked survives them."""
    with opened(tmp_path / "laptop") as laptop:
        group = laptop.save_group(Group(name="Inari peer group"))
        anna = laptop.save_person(Person(group_id=group.id, name="Anna Aikio"))
        ante = laptop.save_person(Person(group_id=group.id, name="Ánte Sara"))
        laptop.save_interview(Interview(person_id=anna.id, day=date(2026, 11, 1), network_gives="Contacts"))
        lock = a_lock(group.id)
        save_lock(laptop.workspace, lock)
        save_imported_people(laptop, [Person(group_id=group.id, name="Biret Guttorm")])
        assert locks(laptop.workspace) == [lock]
        WorkspaceErasure(laptop, ante.id).apply()
        assert locks(laptop.workspace) == [lock]
        laptop.load_all()
        assert [interview.network_gives for interview in laptop.interviews_of(anna.id)] == ["Contacts"]
