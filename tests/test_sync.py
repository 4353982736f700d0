"""Sync bundles between real workspaces: setting up keys either way, what consent lets reach the
coordinator, incremental bundles, repeated imports, bundles refused where they do not belong, and
the ``init``, ``key``, ``export bundle`` and ``import`` commands as a script meets them."""

from __future__ import annotations

import dataclasses
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import orjson
import pytest

from exports.bundle.format import FORMAT_VERSION, Audience, Scope
from exports.bundle.importer import Importer, ImportStatus
from exports.bundle.keys import install_keys, issue_keys
from exports.bundle.merge import Outcome
from exports.bundle.writer import NoGroupKey, NothingToSend, make_bundle
from facilitator.model import Absence, Attendance, Group, Meeting, MemoEntry, Person, Presence, Role
from facilitator.text import fold
from storage.repository import Repository
from storage.sync_ledger import SyncLedger
from storage.transaction import STAGING_FOLDER, StagedChange, finish_staged_change
from storage.workspace import Workspace, WorkspaceRole
from tests.conftest import make_demo
from tests.sync_support import TickingClock, opened, opened_bundle, share_keys, synced_data, tree_bytes
from tests.test_cli import facilitator, one_line_error

COORDINATOR = WorkspaceRole.COORDINATOR
CONSENTED = date(2025, 1, 10)


def _lines(bundle: Path, repository: Repository, kind: str) -> list[dict]:
    return opened_bundle(bundle, repository).records.get(kind, [])


def _small_group(repository, name: str = "Utsjoki peer group") -> tuple[Group, list[Person], Meeting]:
    """A group with three people (consents as named), a meeting with a guest, memo lines naming them."""
    group = repository.save_group(Group(name=name))
    anna = repository.save_person(
        Person(
            group_id=group.id,
            name="Anna Aikio",
            company="Aikio Duodji",
            email="anna@aikio.fi",
            phone="+358 40 111 2222",
            research_consent=CONSENTED,
            contact_consent=CONSENTED,
        )
    )
    biret = repository.save_person(
        Person(
            group_id=group.id,
            name="Biret Guttorm",
            company="Ŧuolbma Guolli",
            email="biret@guolli.fi",
            phone="+358 40 333 4444",
            municipality="Utsjoki",
            business_field="fishing",
            research_consent=CONSENTED,
        )
    )
    mikko = repository.save_person(
        Person(
            group_id=group.id,
            name="Mikko Näkkäläjärvi",
            company="Näkkälä Reindeer",
            email="mikko@example.fi",
            municipality="Inari",
            business_field="reindeer herding",
            contact_consent=CONSENTED,
        )
    )
    start = datetime(2026, 11, 3, 15, 30, tzinfo=UTC)
    meeting = repository.save_meeting(
        Meeting(
            group_id=group.id,
            starts_at=start,
            ends_at=start.replace(hour=18),
            host_id=mikko.id,
            location="Näkkälä yard 4",
            conclusions="Mikko and Biret share a van; Näkkälä Reindeer books it.",
        )
    )
    repository.save_attendance(
        Attendance(
            meeting_id=meeting.id,
            guest_name="Liisa Lappi",
            guest_organisation="Bank of Lapland",
            status=Presence.PRESENT,
        )
    )
    repository.save_memo_entry(
        MemoEntry(
            meeting_id=meeting.id,
            group_id=group.id,
            text="Mikko asks Anna and Liisa Lappi about the loan; Ánde asks Mikkoa too",
            written_at=start,
            people=[mikko.id, anna.id],
        )
    )
    repository.save_absence(
        Absence(person_id=mikko.id, starts=date(2026, 12, 1), ends=date(2026, 12, 20), reason="knee operation")
    )
    return group, [anna, biret, mikko], meeting


def test_a_group_started_by_a_facilitator_reaches_the_coordinator_with_one_file_each_way(tmp_path: Path) -> None:
    with opened(tmp_path / "coordinator", COORDINATOR) as coordinator, opened(tmp_path / "laptop") as laptop:
        group, _people, _meeting = _small_group(laptop)
        with pytest.raises(NoGroupKey, match="key request"):
            make_bundle(laptop, [group], to=tmp_path)
        share_keys(coordinator, [laptop], tmp_path / "keys")
        assert sorted(path.suffix for path in (tmp_path / "keys").iterdir()) == [".mekey", ".mekeyrequest"]
        made = make_bundle(laptop, [group], to=tmp_path)
        assert made.scope is Scope.FULL and made.audience is Audience.COORDINATOR
        (report,) = Importer(coordinator).import_files([made.path])
        assert report.status is ImportStatus.IMPORTED, report.message
        assert report.counts[(group.name, "people")] == {Outcome.NEW: 3}
        assert report.counts[(group.name, "memo")] == {Outcome.NEW: 1}
        assert [received.name for received in coordinator.groups()] == [group.name]
        assert len(coordinator.people(group.id)) == 3


def test_a_group_started_by_the_coordinator_comes_with_its_key_file(tmp_path: Path) -> None:
    with opened(tmp_path / "coordinator", COORDINATOR) as coordinator, opened(tmp_path / "laptop") as laptop:
        group = coordinator.save_group(Group(name="Sodankylä peer group", region="Lapland"))
        issued = issue_keys(coordinator, [{"id": group.id, "name": group.name}], tmp_path)
        installed = install_keys(laptop, issued.path, issued.passphrase)
        assert installed.installed == [group.name] and installed.groups_created == [group.name]
        assert laptop.group(group.id) == group  # the same record, the same version: no conflict later
        laptop.save_person(Person(group_id=group.id, name="Ánde Sara", research_consent=CONSENTED))
        (report,) = Importer(coordinator).import_files([make_bundle(laptop, [group], to=tmp_path).path])
        assert report.counts[(group.name, "groups")] == {Outcome.UNCHANGED: 1}
        assert report.counts[(group.name, "people")] == {Outcome.NEW: 1}


def test_what_reaches_the_coordinator_respects_each_consent(tmp_path: Path) -> None:
    with opened(tmp_path / "coordinator", COORDINATOR) as coordinator, opened(tmp_path / "laptop") as laptop:
        group, (anna, biret, mikko), meeting = _small_group(laptop)
        share_keys(coordinator, [laptop], tmp_path / "keys")
        Importer(coordinator).import_files([make_bundle(laptop, [group], to=tmp_path).path])
        received = {person.id: person for person in coordinator.people(group.id)}
        # Research and contact consent: everything.
        assert received[anna.id] == anna
        # Research consent only: named, with company, but no contact details.
        assert (received[biret.id].name, received[biret.id].company) == ("Biret Guttorm", "Ŧuolbma Guolli")
        assert (received[biret.id].email, received[biret.id].phone) == ("", "")
        # No research consent: a stable pseudonym, nothing that identifies.
        hidden = received[mikko.id]
        assert hidden.name.startswith("Member-") and hidden.name != mikko.name
        assert (hidden.municipality, hidden.business_field, hidden.email) == ("", "", "")
        assert hidden.company.startswith("Firm ") and fold(mikko.company).split()[0] not in fold(hidden.company)
        (entry,) = coordinator.memo(meeting.id)
        assert "Mikko" not in entry.text and "Liisa" not in entry.text
        assert "Anna" in entry.text and hidden.name in entry.text
        conclusions = coordinator.meeting(meeting.id).conclusions
        assert "Mikko" not in conclusions and "Näkkälä Reindeer" not in conclusions and "Biret" in conclusions
        assert coordinator.meeting(meeting.id).location == ""  # the host's premises would name him
        (guest,) = coordinator.attendance(meeting.id)
        assert guest.guest_name.startswith("Guest-") and guest.guest_organisation == "Bank of Lapland"
        assert [absence.reason for absence in coordinator.absences(group.id)] == [""]
        # The pseudonym is stable: the next bundle gives the same one.
        laptop.save_person(
            dataclasses.replace(laptop.person(mikko.id), can_host=True, premises_address="Näkkälä yard 4")
        )
        Importer(coordinator).import_files([make_bundle(laptop, [group], to=tmp_path).path])
        assert coordinator.person(mikko.id).name == hidden.name
        assert coordinator.person(mikko.id).premises_address == ""


def test_a_co_facilitator_receives_everything_and_both_laptops_end_identical(tmp_path: Path) -> None:
    with (
        opened(tmp_path / "coordinator", COORDINATOR) as coordinator,
        opened(tmp_path / "adviser") as adviser,
        opened(tmp_path / "researcher") as researcher,
    ):
        group, people, meeting = _small_group(adviser)
        share_keys(coordinator, [adviser, researcher], tmp_path / "keys")
        first = make_bundle(adviser, [group], audience=Audience.GROUP, to=tmp_path)
        assert Importer(researcher).import_file(first.path).ok
        researcher.save_memo_entry(
            MemoEntry(
                meeting_id=meeting.id, group_id=group.id, text="Biret keeps the minutes", written_at=meeting.starts_at
            )
        )
        back = make_bundle(researcher, [group], audience=Audience.GROUP, to=tmp_path)
        assert back.scope is Scope.FULL  # the researcher's first bundle
        assert Importer(adviser).import_file(back.path).ok
        assert synced_data(adviser.workspace.folder) == synced_data(researcher.workspace.folder)
        assert researcher.person(people[2].id).email == "mikko@example.fi"


def test_an_incremental_bundle_holds_the_changes_with_their_parents(tmp_path: Path) -> None:
    with (
        opened(tmp_path / "coordinator", COORDINATOR) as coordinator,
        opened(tmp_path / "laptop", clock=TickingClock()) as laptop,
    ):
        group, _people, meeting = _small_group(laptop)
        share_keys(coordinator, [laptop], tmp_path / "keys")
        assert Importer(coordinator).import_file(make_bundle(laptop, [group], to=tmp_path).path).ok
        laptop.save_memo_entry(
            MemoEntry(meeting_id=meeting.id, group_id=group.id, text="A new line", written_at=meeting.starts_at)
        )
        made = make_bundle(laptop, [group], to=tmp_path)
        assert made.scope is Scope.INCREMENTAL
        assert {kind: count for kind, count in made.counts.items() if count} == {"groups": 1, "meetings": 1, "memo": 1}
        report = Importer(coordinator).import_file(made.path)
        assert report.counts[(group.name, "memo")] == {Outcome.NEW: 1}
        assert report.counts[(group.name, "meetings")] == {Outcome.UNCHANGED: 1}
        assert len(coordinator.memo(meeting.id)) == 2
        # Nothing changed since: no file is written.
        before = sorted(tmp_path.glob("*.mebundle"))
        with pytest.raises(NothingToSend, match="Nothing of Utsjoki peer group changed"):
            make_bundle(laptop, [group], to=tmp_path)
        assert sorted(tmp_path.glob("*.mebundle")) == before


def test_a_bundle_imported_again_changes_nothing_and_says_when(tmp_path: Path) -> None:
    with opened(tmp_path / "coordinator", COORDINATOR) as coordinator, opened(tmp_path / "laptop") as laptop:
        group, _people, _meeting = _small_group(laptop)
        share_keys(coordinator, [laptop], tmp_path / "keys")
        bundle = make_bundle(laptop, [group], to=tmp_path).path
        assert Importer(coordinator).import_file(bundle).status is ImportStatus.IMPORTED
        before = tree_bytes(coordinator.workspace.folder)
        again = Importer(coordinator).import_file(bundle)
        assert again.status is ImportStatus.ALREADY and "already imported on" in again.line()
        assert tree_bytes(coordinator.workspace.folder) == before
        # Another bundle with the very same records changes no record.
        data = synced_data(coordinator.workspace.folder)
        other = Importer(coordinator).import_file(make_bundle(laptop, [group], full=True, to=tmp_path).path)
        assert other.status is ImportStatus.IMPORTED
        assert other.total(Outcome.NEW) == other.total(Outcome.UPDATED) == other.total(Outcome.CONFLICT) == 0
        assert synced_data(coordinator.workspace.folder) == data


def test_bundles_are_refused_where_they_do_not_belong(tmp_path: Path) -> None:
    with (
        opened(tmp_path / "coordinator", COORDINATOR) as coordinator,
        opened(tmp_path / "laptop") as laptop,
        opened(tmp_path / "other laptop") as other,
    ):
        group, _people, _meeting = _small_group(laptop)
        share_keys(coordinator, [laptop, other], tmp_path / "keys")
        for_coordinator = make_bundle(laptop, [group], to=tmp_path).path
        for_group = make_bundle(laptop, [group], audience=Audience.GROUP, to=tmp_path).path
        before = (
            tree_bytes(coordinator.workspace.folder),
            tree_bytes(other.workspace.folder),
            tree_bytes(laptop.workspace.folder),
        )
        refused = [
            Importer(coordinator).import_file(for_group),
            Importer(other).import_file(for_coordinator),
            Importer(laptop).import_file(for_group),
        ]
        assert [report.status for report in refused] == [ImportStatus.REFUSED] * 3
        assert "co-facilitator" in refused[0].message and "pseudonymised" in refused[1].message
        assert "made in this workspace" in refused[2].message
        after = (
            tree_bytes(coordinator.workspace.folder),
            tree_bytes(other.workspace.folder),
            tree_bytes(laptop.workspace.folder),
        )
        assert after == before


def test_a_bundle_of_a_group_without_a_key_here_is_refused_with_what_to_do(tmp_path: Path) -> None:
    with opened(tmp_path / "coordinator", COORDINATOR) as coordinator, opened(tmp_path / "laptop") as laptop:
        group, _people, _meeting = _small_group(laptop)
        share_keys(coordinator, [laptop], tmp_path / "keys")
        bundle = make_bundle(laptop, [group], to=tmp_path).path
    with opened(tmp_path / "second coordinator", COORDINATOR) as stranger:
        report = Importer(stranger).import_file(bundle)
        assert report.status is ImportStatus.REFUSED and "no key for a group of this bundle" in report.message
        assert group.id[:8] in report.message
        assert stranger.groups() == []


def test_the_import_ledger_and_keys_stay_out_of_bundles(tmp_path: Path) -> None:
    with opened(tmp_path / "coordinator", COORDINATOR) as coordinator, opened(tmp_path / "laptop") as laptop:
        group, _people, _meeting = _small_group(laptop)
        share_keys(coordinator, [laptop], tmp_path / "keys")
        bundle = make_bundle(laptop, [group], to=tmp_path).path
        with zipfile.ZipFile(bundle) as archive:
            everything = b"".join(archive.read(name) for name in archive.namelist())
        assert SyncLedger(laptop.workspace).key(group.id).secret.encode() not in everything
        assert b"received_at" not in everything
        manifest = orjson.loads(zipfile.ZipFile(bundle).read("manifest.json"))
        assert manifest["format"] == "microentre-bundle" and manifest["version"] == FORMAT_VERSION
        assert [entry["id"] for entry in manifest["groups"]] == [group.id]
        people = _lines(bundle, laptop, "people")
        assert people and all("versions" in line for line in people)


def test_an_interrupted_change_is_completed_or_thrown_away_at_open(tmp_path: Path) -> None:
    folder = tmp_path / "workspace"
    Workspace.open(folder).close()
    network = (folder / "network.json").read_bytes() if (folder / "network.json").exists() else None
    # Staged but never listed: thrown away.
    change = StagedChange(folder)
    change.stage("network.json", b'{"groups": {}}')
    Workspace.open(folder).close()
    assert not (folder / STAGING_FOLDER).exists()
    assert ((folder / "network.json").read_bytes() if (folder / "network.json").exists() else None) == network
    # Listed, then "killed" before the moves: the next open finishes them.
    change = StagedChange(folder)
    change.stage("network.json", b'{"groups": {}}')
    change.stage("meetings/0f0e0d0c-0b0a-4909-8807-060504030201.json", b"{}")
    (folder / STAGING_FOLDER / "change.json").write_bytes(
        orjson.dumps(["network.json", "meetings/0f0e0d0c-0b0a-4909-8807-060504030201.json"])
    )
    finish_staged_change(folder)
    assert (folder / "network.json").read_bytes() == b'{"groups": {}}'
    assert (folder / "meetings" / "0f0e0d0c-0b0a-4909-8807-060504030201.json").read_bytes() == b"{}"
    assert not (folder / STAGING_FOLDER).exists()


@pytest.mark.processes
def test_the_commands_set_up_keys_move_bundles_and_report_one_line_per_file(tmp_path: Path) -> None:
    laptop, coordinator = tmp_path / "laptop", tmp_path / "coordinator"
    make_demo(laptop, groups=2, years=1)
    created = facilitator("init", "--coordinator", "--workspace", coordinator)
    assert created.returncode == 0 and "coordinator" in created.stdout
    assert "no key yet" in one_line_error(facilitator("export", "bundle", "--workspace", laptop, "--to", tmp_path), 1)
    request = facilitator("key", "request", "--workspace", laptop, "--to", tmp_path)
    assert request.returncode == 0, request.stderr
    issued = facilitator("key", "issue", request.stdout.strip(), "--workspace", coordinator, "--to", tmp_path)
    assert issued.returncode == 0, issued.stderr
    key_file, passphrase = issued.stdout.splitlines()[:2]
    (tmp_path / "passphrase.txt").write_text(passphrase.removeprefix("Passphrase: "), encoding="utf-8")
    installed = facilitator(
        "key", "install", key_file, "--passphrase-file", tmp_path / "passphrase.txt", "--workspace", laptop
    )
    assert installed.returncode == 0 and installed.stdout.count("Installed the key of") == 2, installed.stderr
    exported = facilitator("export", "bundle", "--workspace", laptop, "--to", tmp_path)
    assert exported.returncode == 0, exported.stderr
    bundle = Path(exported.stdout.splitlines()[0])
    damaged = tmp_path / "damaged.mebundle"
    damaged.write_bytes(bundle.read_bytes()[:-100])
    result = facilitator("import", bundle, damaged, "--workspace", coordinator)
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 2 and ": imported: " in lines[0] and "damaged.mebundle: refused: " in lines[1]
    again = facilitator("import", bundle, "--workspace", coordinator, "--details")
    assert again.returncode == 0 and "already imported on" in again.stdout
    other = facilitator("export", "bundle", "--full", "--workspace", laptop, "--to", tmp_path)
    details = facilitator("import", other.stdout.splitlines()[0], "--workspace", coordinator, "--details")
    assert details.returncode == 0, details.stderr
    assert "· people: " in details.stdout and " unchanged" in details.stdout


def test_the_coordinator_never_sends_its_pseudonymised_copies_back(tmp_path: Path) -> None:
    with opened(tmp_path / "coordinator", COORDINATOR) as coordinator, opened(tmp_path / "laptop") as laptop:
        group, (_anna, _biret, mikko), _meeting = _small_group(laptop)
        share_keys(coordinator, [laptop], tmp_path / "keys")
        Importer(coordinator).import_file(make_bundle(laptop, [group], to=tmp_path).path)
        hidden = coordinator.person(mikko.id)
        coordinator.save_person(dataclasses.replace(hidden, can_host=False, joined=date(2020, 1, 1)))
        with pytest.raises(NothingToSend, match="only the records it made"):
            make_bundle(coordinator, [group], to=tmp_path)
        # What the coordinator makes itself does travel, and the group's own stays as it was.
        coordinator.save_person(
            Person(group_id=group.id, name="Inga Rasmus", role=Role.RESEARCHER, research_consent=CONSENTED)
        )
        made = make_bundle(coordinator, [group], to=tmp_path)
        assert {kind: count for kind, count in made.counts.items() if count} == {"people": 1}
        assert Importer(laptop).import_file(made.path).ok
        assert laptop.person(mikko.id) == mikko
        assert "Inga Rasmus" in {person.name for person in laptop.people(group.id)}


@pytest.mark.processes
def test_sync_commands_do_not_make_a_workspace_where_none_was(tmp_path: Path) -> None:
    for command in (
        ("import", tmp_path / "x.mebundle"),
        ("key", "install", tmp_path / "x.mekey"),
        ("export", "bundle"),
    ):
        message = one_line_error(facilitator(*command, "--workspace", tmp_path / "typo"), 1)
        assert "There is no workspace in" in message
    assert not (tmp_path / "typo").exists()


def test_the_ledger_notes_the_whole_path_of_a_bundle_written_into_a_folder_named_from_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The key screen and the person's data report show where each bundle went, read later from
    anywhere: ``--to out`` is noted as the folder it meant then."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    with opened(tmp_path / "coordinator", COORDINATOR) as coordinator, opened(tmp_path / "laptop") as laptop:
        group, _people, _meeting = _small_group(laptop)
        share_keys(coordinator, [laptop], tmp_path / "keys")
        made = make_bundle(laptop, [group], to=Path("out"))
        assert SyncLedger(laptop.workspace).made(group.id)[-1]["file"] == str(tmp_path / "out" / made.path.name)
