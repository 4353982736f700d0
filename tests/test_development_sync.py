"""The entrepreneurs' growth interviews and outcomes in bundles, between real workspaces: they travel
with their person to the coordinator, without the free texts of a person who has not consented to
research use; importing again changes nothing; an outcome that names another group's records is
refused, naming it; and versions of an outcome changed apart are a conflict settled like any other."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, date, datetime
from pathlib import Path
from uuid import uuid4

from exports.bundle.archive import short_id
from exports.bundle.conflicts import group_conflicts, resolve_conflict
from exports.bundle.format import Audience
from exports.bundle.importer import Importer, ImportStatus
from exports.bundle.merge import Outcome as Merged
from exports.bundle.privacy import firm_secrets, firm_token
from exports.bundle.record_checks import link_label
from exports.bundle.writer import make_bundle
from facilitator.model import (
    Barrier,
    Group,
    GrowthIntention,
    Interview,
    InterviewKind,
    Meeting,
    MemoEntry,
    Outcome,
    OutcomeKind,
    Person,
    new_id,
)
from facilitator.record_rules import kind_label
from storage.backups import list_backups
from storage.indicator_locks import locks, save_lock
from storage.repository import Repository
from storage.sync_ledger import SyncLedger
from storage.workspace_info import WorkspaceRole
from tests.bundle_damage import opened_contents, sealed_again
from tests.import_checks_support import MEMBERS
from tests.sync_support import opened, opened_bundle, share_keys, synced_data, tree_bytes
from tests.test_schema_v5 import a_lock

COORDINATOR = WorkspaceRole.COORDINATOR
CONSENTED = date(2025, 1, 10)
START = datetime(2026, 10, 6, 14, 30, tzinfo=UTC)


def _group(repository: Repository, name: str) -> tuple[Group, Person, Person, Meeting, MemoEntry]:
    """A group with Anna (research consent) and Mikko (none), a meeting and a memo entry naming both."""
    group = repository.save_group(Group(name=name))
    anna = repository.save_person(
        Person(group_id=group.id, name="Anna Aikio", company="Aikio Duodji", research_consent=CONSENTED)
    )
    mikko = repository.save_person(Person(group_id=group.id, name="Mikko Näkkäläjärvi", company="Näkkälä Reindeer"))
    meeting = repository.save_meeting(Meeting(group_id=group.id, starts_at=START, ends_at=START.replace(hour=17)))
    entry = repository.save_memo_entry(
        MemoEntry(
            meeting_id=meeting.id,
            group_id=group.id,
            text="Mikko tells Anna how he hired his first herder",
            written_at=START,
            people=[mikko.id, anna.id],
        )
    )
    return group, anna, mikko, meeting, entry


def _interview(person: Person, **values: object) -> Interview:
    return Interview(
        person_id=person.id,
        day=date(2026, 11, 10),
        kind=InterviewKind.FOLLOW_UP,
        interviewer="Sanna Researcher",
        intention=GrowthIntention.MODERATE,
        planned_staff=2.0,
        barriers={Barrier.FINANCE.value: "The bank asked Mikko Näkkäläjärvi for a guarantor", Barrier.TIME.value: ""},
        staff=1.0,
        network_gives="Mikko showed me how to hire; Näkkälä Reindeer lent a van",
        network_value=4,
        **values,  # type: ignore[arg-type]
    )


def _outcome(person: Person, other: Person, meeting: Meeting, entry: MemoEntry, **values: object) -> Outcome:
    given: dict[str, object] = {
        "kind": OutcomeKind.FIRST_EMPLOYEE,
        "description": "Hired a first employee after Mikko Näkkäläjärvi's advice",
        "staff_after": 2.0,
        "involved": [other.id],
        "entry_ids": [entry.id],
        "meeting_ids": [meeting.id],
    }
    return Outcome(person_id=person.id, day=date(2026, 11, 20), **{**given, **values})  # type: ignore[arg-type]


def test_interviews_and_outcomes_reach_the_coordinator_as_consent_allows(tmp_path: Path) -> None:
    with opened(tmp_path / "coordinator", COORDINATOR) as coordinator, opened(tmp_path / "laptop") as laptop:
        group, anna, mikko, meeting, entry = _group(laptop, "Utsjoki peer group")
        shown = laptop.save_interview(_interview(anna))
        hidden = laptop.save_interview(_interview(mikko))
        anna_outcome = laptop.save_outcome(_outcome(anna, mikko, meeting, entry))
        mikko_outcome = laptop.save_outcome(_outcome(mikko, anna, meeting, entry, kind=OutcomeKind.EXPORT))
        share_keys(coordinator, [laptop], tmp_path / "keys")
        made = make_bundle(laptop, [group], to=tmp_path)
        assert made.counts["interviews"] == 2 and made.counts["outcomes"] == 2 and made.left_out == []
        (report,) = Importer(coordinator).import_files([made.path])
        assert report.status is ImportStatus.IMPORTED, report.message
        assert report.counts[(group.name, "interviews")] == {Merged.NEW: 2}
        assert report.counts[(group.name, "outcomes")] == {Merged.NEW: 2}
        coordinator.load_all()
        pseudonym = coordinator.person(mikko.id).name
        assert pseudonym.startswith("Member-")

        # Consented: the texts travel, the other member's name in them hidden as in a memo entry.
        (anna_there,) = coordinator.interviews_of(anna.id)
        assert anna_there.id == shown.id and anna_there.intention is GrowthIntention.MODERATE
        assert anna_there.network_gives == f"{pseudonym} showed me how to hire; {pseudonym} lent a van"
        assert anna_there.barriers == {"finance": f"The bank asked {pseudonym} for a guarantor", "time": ""}
        (outcome_there,) = coordinator.outcomes_of(anna.id)
        assert outcome_there.description == f"Hired a first employee after {pseudonym}'s advice"
        assert (outcome_there.involved, outcome_there.entry_ids, outcome_there.meeting_ids) == (
            [mikko.id],
            [entry.id],
            [meeting.id],
        )
        # Not consented: the scales, counts, dates and links, no free text about him.
        (mikko_there,) = coordinator.interviews_of(mikko.id)
        assert mikko_there.id == hidden.id
        assert (mikko_there.network_gives, mikko_there.barriers) == ("", {"finance": "", "time": ""})
        assert (mikko_there.intention, mikko_there.staff, mikko_there.network_value) == (
            GrowthIntention.MODERATE,
            1.0,
            4,
        )
        (his_outcome,) = coordinator.outcomes_of(mikko.id)
        assert his_outcome.id == mikko_outcome.id and his_outcome.description == ""
        assert his_outcome.kind is OutcomeKind.EXPORT and his_outcome.staff_after == 2.0
        assert "Näkkälä" not in (tmp_path / "coordinator" / "network.json").read_text(encoding="utf-8")
        # The laptop keeps every word.
        assert laptop.outcomes_of(anna.id) == [anna_outcome]
        assert laptop.interviews_of(mikko.id)[0].network_gives.startswith("Mikko showed me")

        # The same records again change nothing.
        before = synced_data(coordinator.workspace.folder)
        again = Importer(coordinator).import_file(made.path)
        assert again.status is ImportStatus.ALREADY
        other = Importer(coordinator).import_file(make_bundle(laptop, [group], full=True, to=tmp_path).path)
        assert other.status is ImportStatus.IMPORTED
        assert other.total(Merged.NEW) == other.total(Merged.UPDATED) == other.total(Merged.CONFLICT) == 0
        assert synced_data(coordinator.workspace.folder) == before


def test_an_interview_changed_later_travels_with_its_person_in_an_incremental_bundle(tmp_path: Path) -> None:
    with opened(tmp_path / "coordinator", COORDINATOR) as coordinator, opened(tmp_path / "laptop") as laptop:
        group, anna, _mikko, _meeting, _entry = _group(laptop, "Utsjoki peer group")
        share_keys(coordinator, [laptop], tmp_path / "keys")
        Importer(coordinator).import_file(make_bundle(laptop, [group], to=tmp_path).path)
        interview = laptop.save_interview(_interview(anna))
        made = make_bundle(laptop, [group], to=tmp_path)
        carried = opened_bundle(made.path, laptop).records
        assert [document["id"] for document in carried["interviews"]] == [interview.id]
        assert [document["id"] for document in carried["people"]] == [anna.id]
        assert Importer(coordinator).import_file(made.path).status is ImportStatus.IMPORTED
        coordinator.load_all()
        assert [found.id for found in coordinator.interviews(group.id)] == [interview.id]


def _refused_line(message: str, outcome: Outcome, field: str) -> bool:
    return f"{kind_label('outcomes')} {short_id(outcome.id)}, {link_label(field)}: " in message


def test_an_outcome_that_names_another_groups_records_is_refused_with_what_and_why(tmp_path: Path) -> None:
    with opened(tmp_path / "coordinator", COORDINATOR) as coordinator, opened(tmp_path / "laptop") as laptop:
        utsjoki, anna, _mikko, _meeting, _entry = _group(laptop, "Utsjoki peer group")
        inari, _ante, elle, inari_meeting, inari_entry = _group(laptop, "Inari peer group")
        share_keys(coordinator, [laptop], tmp_path / "keys")
        # The other group's records, already at the coordinator.
        assert Importer(coordinator).import_file(make_bundle(laptop, [inari], to=tmp_path).path).ok
        wrong_entry = laptop.save_outcome(
            Outcome(person_id=anna.id, day=date(2026, 11, 2), description="Exports", entry_ids=[inari_entry.id])
        )
        before = tree_bytes(coordinator.workspace.folder)
        # Found in this workspace's meeting files: refused there.
        refused = Importer(coordinator).import_file(make_bundle(laptop, [utsjoki], to=tmp_path).path)
        assert refused.status is ImportStatus.REFUSED
        assert _refused_line(refused.message, wrong_entry, "entry_ids"), refused.message
        assert "Nothing was imported" in refused.message
        # Found in the bundle itself (both groups in one bundle): refused as well.
        both = Importer(coordinator).import_file(make_bundle(laptop, [utsjoki, inari], full=True, to=tmp_path).path)
        assert both.status is ImportStatus.REFUSED and _refused_line(both.message, wrong_entry, "entry_ids")
        assert tree_bytes(coordinator.workspace.folder) == before

        laptop.save_outcome(dataclasses.replace(wrong_entry, entry_ids=[]))  # corrected
        joint = Outcome(person_id=anna.id, day=date(2026, 11, 3), description="Joint campaign")
        for field, wrong_one in (
            ("involved", dataclasses.replace(joint, involved=[elle.id])),
            ("meeting_ids", dataclasses.replace(joint, id=new_id(), meeting_ids=[inari_meeting.id])),
        ):
            wrong = laptop.save_outcome(wrong_one)
            report = Importer(coordinator).import_file(make_bundle(laptop, [utsjoki], full=True, to=tmp_path).path)
            assert report.status is ImportStatus.REFUSED and _refused_line(report.message, wrong, field), report.message
            laptop.save_outcome(dataclasses.replace(wrong, involved=[], meeting_ids=[]))
        # Once corrected, the group's bundle goes in.
        fixed = Importer(coordinator).import_file(make_bundle(laptop, [utsjoki], full=True, to=tmp_path).path)
        assert fixed.status is ImportStatus.IMPORTED, fixed.message


def test_an_outcome_of_a_person_not_sent_is_refused_as_one_without_its_person(tmp_path: Path) -> None:
    with opened(tmp_path / "coordinator", COORDINATOR) as coordinator, opened(tmp_path / "laptop") as laptop:
        group, anna, _mikko, _meeting, _entry = _group(laptop, "Utsjoki peer group")
        laptop.save_outcome(Outcome(person_id=anna.id, day=date(2026, 11, 2), description="Exports"))
        share_keys(coordinator, [laptop], tmp_path / "keys")
        made = make_bundle(laptop, [group], to=tmp_path)
        # An incremental bundle that lacks the person, as one made before its person was sent would.
        key = SyncLedger(laptop.workspace).key(group.id)
        assert key is not None
        contents = opened_contents(made.path.read_bytes(), key)
        without_people = tmp_path / "without-people.mebundle"
        records = {**contents.records, MEMBERS["people"]: b""}
        without_people.write_bytes(sealed_again(contents, {group.id: key}, records=records, bundle_id=str(uuid4())))
        before = tree_bytes(coordinator.workspace.folder)
        report = Importer(coordinator).import_file(without_people)
        assert report.status is ImportStatus.REFUSED
        assert "person neither in it nor in this workspace" in report.message
        assert f"({kind_label('outcomes')} " in report.message
        assert tree_bytes(coordinator.workspace.folder) == before


def test_an_outcome_changed_apart_is_a_conflict_settled_like_any_other(tmp_path: Path) -> None:
    with opened(tmp_path / "coordinator", COORDINATOR) as coordinator, opened(tmp_path / "adviser") as adviser:
        with opened(tmp_path / "researcher") as researcher:
            group, anna, mikko, meeting, entry = _group(adviser, "Utsjoki peer group")
            outcome = adviser.save_outcome(_outcome(anna, mikko, meeting, entry))
            share_keys(coordinator, [adviser, researcher], tmp_path / "keys")
            Importer(researcher).import_file(make_bundle(adviser, [group], audience=Audience.GROUP, to=tmp_path).path)
            researcher.load_all()
            researcher.save_outcome(dataclasses.replace(researcher.outcomes_of(anna.id)[0], staff_after=3.0))
            later = make_bundle(researcher, [group], audience=Audience.GROUP, to=tmp_path).path
            adviser.save_outcome(dataclasses.replace(outcome, description="Hired a herder for the winter"))
            report = Importer(adviser).import_file(later)
            assert report.counts[(group.name, "outcomes")] == {Merged.CONFLICT: 1}
            (conflict,) = group_conflicts(adviser, group.id)
            assert conflict.kind == "outcomes" and conflict.record_id == outcome.id
            (other,) = conflict.others
            assert isinstance(other, Outcome)
            differences = {name for name, _mine, _theirs in conflict.differences(other)}
            assert differences == {"description", "staff_after"}
            resolve_conflict(adviser, conflict, dataclasses.replace(other, description="Hired a herder for the winter"))
            assert group_conflicts(adviser, group.id) == []
            settled = adviser.outcomes_of(anna.id)[0]
            assert (settled.description, settled.staff_after) == ("Hired a herder for the winter", 3.0)
            # The settled version travels and settles it on the other laptop too.
            Importer(researcher).import_file(make_bundle(adviser, [group], audience=Audience.GROUP, to=tmp_path).path)
            researcher.reload()
            assert group_conflicts(researcher, group.id) == []
            assert researcher.outcomes_of(anna.id)[0].staff_after == 3.0
        assert Importer(coordinator).import_file(make_bundle(adviser, [group], to=tmp_path).path).ok
        coordinator.load_all()
        assert coordinator.outcomes_of(anna.id)[0].description == "Hired a herder for the winter"


def test_an_import_keeps_the_tables_of_the_network_file_it_does_not_know(tmp_path: Path) -> None:
    """A network file rewritten whole by an import keeps the local tables beside the records (the
    reported periods locked, say): only the records' tables are merged."""
    with opened(tmp_path / "coordinator", COORDINATOR) as coordinator, opened(tmp_path / "laptop") as laptop:
        group, anna, _mikko, _meeting, _entry = _group(laptop, "Utsjoki peer group")
        laptop.save_interview(_interview(anna))
        share_keys(coordinator, [laptop], tmp_path / "keys")
        made = make_bundle(laptop, [group], to=tmp_path)
    network = tmp_path / "coordinator" / "network.json"
    with opened(tmp_path / "coordinator", COORDINATOR) as coordinator:
        lock = a_lock(group.id)
        save_lock(coordinator.workspace, lock)
        assert Importer(coordinator).import_file(made.path).ok
        assert locks(coordinator.workspace) == [lock]
    after = json.loads(network.read_text(encoding="utf-8"))
    assert len(after["interviews"]) == 1


def test_a_research_consent_withdrawn_empties_the_coordinators_copies_of_the_free_texts(tmp_path: Path) -> None:
    with opened(tmp_path / "coordinator", COORDINATOR) as coordinator, opened(tmp_path / "laptop") as laptop:
        group, anna, mikko, meeting, entry = _group(laptop, "Utsjoki peer group")
        laptop.save_interview(_interview(anna))
        laptop.save_outcome(_outcome(anna, mikko, meeting, entry))
        share_keys(coordinator, [laptop], tmp_path / "keys")
        assert Importer(coordinator).import_file(make_bundle(laptop, [group], to=tmp_path).path).ok
        coordinator.load_all()
        assert coordinator.interviews_of(anna.id)[0].network_gives != ""
        laptop.save_person(dataclasses.replace(laptop.person(anna.id), research_consent=None))
        made = make_bundle(laptop, [group], to=tmp_path)
        assert made.counts["interviews"] == made.counts["outcomes"] == 0  # not changed: not sent again
        assert Importer(coordinator).import_file(made.path).ok
        coordinator.reload()
        coordinator.load_all()
        (interview,) = coordinator.interviews_of(anna.id)
        assert (interview.network_gives, set(interview.barriers.values())) == ("", {""})
        assert coordinator.outcomes_of(anna.id)[0].description == ""
        assert "Aikio" not in (tmp_path / "coordinator" / "network.json").read_text(encoding="utf-8")


def test_a_consent_withdrawn_leaves_the_company_the_firm_token_the_laptop_sends(tmp_path: Path) -> None:
    """The coordinator's copies of a person who withdraws a consent keep the company as the firm's
    token, the one the laptop sends and the firm's other people carry (none would count the firm
    twice), in the backups too; one that came as a token already stays that token."""
    with opened(tmp_path / "coordinator", COORDINATOR) as coordinator, opened(tmp_path / "laptop") as laptop:
        group, anna, mikko, _, _ = _group(laptop, "Utsjoki peer group")
        aili = laptop.save_person(Person(group_id=group.id, name="Aili Aikio", company="aikio  DUODJI"))
        mikko = laptop.save_person(dataclasses.replace(mikko, contact_consent=CONSENTED, phone="040 123 4567"))
        share_keys(coordinator, [laptop], tmp_path / "keys")
        assert Importer(coordinator).import_file(make_bundle(laptop, [group], to=tmp_path).path).ok
        secret = firm_secrets(SyncLedger(laptop.workspace).key_ring())[group.id]
        aikio, nakkala = firm_token("Aikio Duodji", secret), firm_token("Näkkälä Reindeer", secret)
        coordinator.reload()
        assert (coordinator.person(aili.id).company, coordinator.person(mikko.id).company) == (aikio, nakkala)
        assert coordinator.person(anna.id).company == "Aikio Duodji"  # research consent: as typed

        laptop.save_person(dataclasses.replace(laptop.person(anna.id), research_consent=None))
        laptop.save_person(dataclasses.replace(laptop.person(mikko.id), contact_consent=None))
        assert Importer(coordinator).import_file(make_bundle(laptop, [group], to=tmp_path).path).ok
        coordinator.reload()
        assert coordinator.person(anna.id).company == aikio == coordinator.person(aili.id).company
        assert coordinator.person(mikko.id).company == nakkala
        copies = [
            document
            for backup in list_backups(tmp_path / "coordinator")
            for document in json.loads((backup / "network.json").read_text(encoding="utf-8")).get("people", {}).values()
        ]
        assert {document["company"] for document in copies if document["id"] == anna.id} == {aikio}
        assert {document["company"] for document in copies if document["id"] == mikko.id} == {nakkala}
