"""Erasing a person: on the facilitator's laptop, then on the co-facilitator's and the coordinator's
through the next bundles; no file of any of them (backups included) holds the person afterwards,
and no older bundle brings them back."""

from __future__ import annotations

import dataclasses
import json
import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from exports.bundle.format import Audience
from exports.bundle.importer import Importer, ImportStatus
from exports.bundle.writer import make_bundle
from facilitator.erasure import Erasure, erased_tombstone
from facilitator.model import (
    Absence,
    AgendaItem,
    Attendance,
    FeedbackResponse,
    Group,
    Meeting,
    MemoEntry,
    MemoRevision,
    Person,
    Presence,
)
from facilitator.model.memo import MemoKind
from storage.erasure import WorkspaceErasure
from storage.repository import Repository
from storage.workspace import SCHEMA_VERSION, WorkspaceRole
from tests.sync_support import TickingClock, opened, share_keys

NAME = "Áilu Näkkäläjärvi"
EMAIL = "ailu.nakka@example.fi"
PHONE = "+358 40 765 4321"
ADDRESS = "Čuoŋa 7, 99980 Utsjoki"
STARTS = datetime(2026, 11, 10, 16, 0, tzinfo=UTC)


def forms(text: str) -> set[bytes]:
    """``text`` as a file may hold it: UTF-8, and JSON-escaped (``\\u00c1ilu``)."""
    return {text.encode(), json.dumps(text).encode()[1:-1], json.dumps(text, ensure_ascii=False).encode()[1:-1]}


NEEDLES = {needle: forms(needle) for needle in (NAME, EMAIL, PHONE, ADDRESS, "765 4321", "7654321")}


def holding(folder: Path) -> dict[str, list[str]]:
    """Which files of ``folder`` hold which of the person's details, read byte by byte."""
    found: dict[str, list[str]] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            for needle, encoded in NEEDLES.items():
                if any(form in data for form in encoded):
                    found.setdefault(needle, []).append(str(path.relative_to(folder)))
    return found


def build(repository: Repository) -> tuple[Group, Person, Meeting]:
    """A group where Áilu hosted a meeting, spoke, owned an action, was away and is mentioned everywhere."""
    group = repository.save_group(Group(name="Utsjoki makers"))
    consent = date(2026, 1, 5)
    person = repository.save_person(
        Person(
            group_id=group.id,
            name=NAME,
            email=EMAIL,
            phone=PHONE,
            company="Duodji Ltd",
            can_host=True,
            premises_address=ADDRESS,
            research_consent=consent,
            contact_consent=consent,
        )
    )
    other = repository.save_person(Person(group_id=group.id, name="Bertta Lampinen", research_consent=consent))
    meeting = repository.save_meeting(
        Meeting(
            group_id=group.id,
            starts_at=STARTS,
            ends_at=STARTS + timedelta(hours=2),
            host_id=person.id,
            location=ADDRESS,
            host_reason=f"{NAME} has not hosted yet.",
            host_note=f"Áilu tells why; call {PHONE}",
            theme="Winter sales",
            conclusions=f"Áilun idea stands; mail {EMAIL}.",
        )
    )
    repository.save_agenda(
        meeting.id, [AgendaItem(meeting_id=meeting.id, position=1, title="Opening", minutes=10, presenter=NAME)]
    )
    for who in (person, other):
        repository.save_attendance(Attendance(meeting_id=meeting.id, person_id=who.id, status=Presence.PRESENT))
    repository.save_attendance(
        Attendance(meeting_id=meeting.id, guest_name="Guest Person", status=Presence.PRESENT, guest_organisation="X")
    )
    moment = STARTS + timedelta(minutes=20)
    repository.save_memo_entry(
        MemoEntry(
            meeting_id=meeting.id,
            group_id=group.id,
            text="@Áilu sends the price list to @bert",
            written_at=moment,
            kind=MemoKind.ACTION,
            owner_id=person.id,
            people=[person.id, other.id],
            revisions=[
                MemoRevision(
                    text=f"{NAME} sends it",
                    kind=MemoKind.NOTE,
                    codes=[],
                    people=[person.id],
                    owner_id="",
                    due=None,
                    replaced_at=moment,
                )
            ],
        )
    )
    repository.save_feedback(FeedbackResponse(meeting_id=meeting.id, usefulness=5, comment=f"Thanks {NAME}!"))
    repository.save_absence(
        Absence(person_id=person.id, starts=date(2026, 12, 1), ends=date(2026, 12, 20), reason="Áilu's leave")
    )
    return group, person, meeting


def present(repository: Repository, meeting_id: str) -> int:
    return sum(entry.status is Presence.PRESENT for entry in repository.attendance(meeting_id))


@pytest.fixture
def laptops(tmp_path: Path):
    clock = TickingClock()
    with (
        opened(tmp_path / "coordinator", WorkspaceRole.COORDINATOR, clock) as coordinator,
        opened(tmp_path / "facilitator", clock=clock) as facilitator,
        opened(tmp_path / "co-facilitator", clock=clock) as co_facilitator,
    ):
        group, person, meeting = build(facilitator)
        share_keys(coordinator, [facilitator, co_facilitator], tmp_path / "keys")
        yield tmp_path, coordinator, facilitator, co_facilitator, group, person, meeting


def send(source: Repository, group: Group, audience: Audience, folder: Path, *, full: bool = False) -> Path:
    return make_bundle(source, [source.group(group.id)], audience=audience, to=folder, full=full).path


def test_an_erasure_reaches_every_laptop_and_no_old_bundle_brings_the_person_back(laptops) -> None:
    root, coordinator, facilitator, co_facilitator, group, person, meeting = laptops
    bundles = root / "bundles"
    bundles.mkdir()
    old_for_group = send(facilitator, group, Audience.GROUP, bundles, full=True)
    old_for_coordinator = send(facilitator, group, Audience.COORDINATOR, bundles, full=True)
    for repository, path in ((co_facilitator, old_for_group), (coordinator, old_for_coordinator)):
        assert Importer(repository).import_file(path).status is ImportStatus.IMPORTED
    # Made before the erasure, never imported before it: they come late.
    late_for_group = send(facilitator, group, Audience.GROUP, bundles, full=True)
    late_for_coordinator = send(facilitator, group, Audience.COORDINATOR, bundles, full=True)
    # The co-facilitator edits a memo entry naming Áilu before the erasure reaches them.
    entry = co_facilitator.memo(meeting.id)[0]
    co_facilitator.save_memo_entry(dataclasses.replace(entry, text=f"{NAME} ({EMAIL}) sends the list"))
    edited_apart = send(co_facilitator, group, Audience.GROUP, bundles)
    for repository in (facilitator, co_facilitator, coordinator):
        repository.workspace.backup("test")
    folders = {name: root / name for name in ("facilitator", "co-facilitator", "coordinator")}
    assert all(holding(folder).get(NAME) for folder in folders.values())  # the test sees them before
    figures = {
        name: present(repository, meeting.id)
        for name, repository in zip(folders, (facilitator, co_facilitator, coordinator), strict=True)
    }

    counts = WorkspaceErasure(facilitator, person.id).apply()
    assert (counts.memo_entries, counts.action_items, counts.attendance_rows, counts.meetings_hosted) == (1, 1, 1, 1)
    assert counts.absences == 1 and len(counts.backups) == 1
    assert holding(folders["facilitator"]) == {}
    for repository, audience in ((co_facilitator, Audience.GROUP), (coordinator, Audience.COORDINATOR)):
        report = Importer(repository).import_file(send(facilitator, group, audience, bundles))
        assert report.status is ImportStatus.IMPORTED, report.line()
    for repository, path in (
        (facilitator, edited_apart),
        (co_facilitator, late_for_group),
        (coordinator, late_for_coordinator),
    ):
        assert Importer(repository).import_file(path).ok
    # A laptop that never knew Áilu gets the erasure first, the old bundle after.
    with opened(root / "new-laptop") as newcomer:
        share_keys(coordinator, [facilitator, newcomer], root / "keys2")
        Importer(newcomer).import_file(send(facilitator, group, Audience.GROUP, bundles, full=True))
        assert Importer(newcomer).import_file(old_for_group).status is ImportStatus.IMPORTED
        Importer(newcomer).import_file(edited_apart)
        folders["new-laptop"] = root / "new-laptop"
        for name, folder in folders.items():
            assert holding(folder) == {}, name
        assert present(newcomer, meeting.id) == 3
    for name, repository in zip(folders, (facilitator, co_facilitator, coordinator), strict=False):
        assert present(repository, meeting.id) == figures[name] == 3
        assert person.id not in {other.id for other in repository.people(group.id)}
        hosted = repository.meeting(meeting.id)
        assert hosted.host_id == ""
        assert hosted.host_reason == ("" if repository is coordinator else "Hosted by a former member.")
        texts = [item.text for item in repository.memo(meeting.id)]
        assert any(text.startswith("A former member") for text in texts), texts


def test_a_workspace_of_the_release_before_is_upgraded_and_erased_backups_included(tmp_path: Path) -> None:
    folder = tmp_path / "workspace"
    shutil.copytree(Path(__file__).parent / "data" / "workspace-v1", folder)
    details = ("Ánde Čuoŋ", "ande.cuon@example.fi", "+358 40 111 2233", "Siidantie 3, 99870 Inari")
    with opened(folder) as repository:
        assert repository.workspace.info.schema_version == SCHEMA_VERSION
        group = repository.groups()[0]
        person = next(person for person in repository.people(group.id) if person.name == details[0])
        assert len(repository.workspace.backups()) == 2  # the release's own and the one before upgrading
        counts = WorkspaceErasure(repository, person.id).apply()
        assert len(counts.backups) == 2
        (meeting,) = repository.meetings(group.id)
        assert meeting.location == "a former member's premises"
        assert [entry.text for entry in repository.memo(meeting.id)] == [
            "A former member shows the new catalogue to Maija"
        ]
        assert present(repository, meeting.id) == 2
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert not any(form in data for detail in details for form in forms(detail)), path


def test_what_a_name_becomes_in_text() -> None:
    person = Person(group_id="g", name=NAME, email=EMAIL, phone=PHONE, premises_address=ADDRESS)
    tombstone = erased_tombstone(person)
    assert (tombstone.name, tombstone.email, tombstone.phone, tombstone.premises_address) == ("", "", "", "")
    assert tombstone.deleted and tombstone.erased
    assert not any(NAME.split()[0].lower() in mark for mark in tombstone.erased_marks)
    other = Person(group_id="g", name="Ailo Gaup")
    typed = f"@Áil met Ailo. Áilun idea; mail {EMAIL}, call 040 765 4321 at Čuoŋa 7"
    expected = (
        "A former member met Ailo. A former member idea; mail a former member's contact details, "
        "call a former member's contact details at a former member's premises"
    )
    assert Erasure([tombstone], [person], [other]).text(typed) == expected
    assert Erasure([tombstone]).text(typed) == expected  # by the marks alone, as a laptop receiving it


def test_the_names_of_others_stay_as_typed() -> None:
    person = Person(group_id="g", name="Emma Björklund")
    others = [Person(group_id="g", name="Emma Forsman"), Person(group_id="g", name="Jonas Forsman")]
    tombstone = erased_tombstone(person)
    typed = "Emma Forsman asks Emma about Björklund's boat; Emma Björklund agrees"
    expected = "Emma Forsman asks a former member about a former member's boat; a former member agrees"
    assert Erasure([tombstone], [person], others).text(typed) == expected
    assert Erasure([tombstone], roster=others).text(typed) == expected


def test_the_command_says_what_goes_erases_with_yes_and_refuses_to_guess(tmp_path: Path, capsys) -> None:
    from facilitator.cli import main

    folder = tmp_path / "workspace"
    with opened(folder) as repository:
        build(repository)
        repository.workspace.backup("test")
    assert main(["--workspace", str(folder), "person", "erase", "nobody", "--yes"]) != 0
    assert main(["--workspace", str(folder), "person", "erase", "áilu"]) != 0  # no terminal to say yes on
    assert "add --yes" in capsys.readouterr().err
    assert holding(folder)[NAME]
    assert main(["--workspace", str(folder), "person", "erase", "ailu n", "--yes"]) == 0
    said = capsys.readouterr().out
    for line in (f"Erase {NAME}?", "1 memo entry that names them", "1 meeting they hosted", "1 backup rewritten"):
        assert line in said, said
    assert holding(folder) == {}


def test_the_coordinator_s_pseudonymised_copy_is_erased_too(tmp_path: Path) -> None:
    """Áilu gave no consent to research use: the coordinator knows Áilu only as Member-…, in the
    roster and in every text; the erasure takes that pseudonym away as well."""
    clock = TickingClock()
    bundles = tmp_path / "bundles"
    bundles.mkdir()
    with (
        opened(tmp_path / "coordinator", WorkspaceRole.COORDINATOR, clock) as coordinator,
        opened(tmp_path / "facilitator", clock=clock) as facilitator,
    ):
        group, person, meeting = build(facilitator)
        facilitator.save_person(dataclasses.replace(facilitator.person(person.id), research_consent=None))
        share_keys(coordinator, [facilitator], tmp_path / "keys")
        Importer(coordinator).import_file(send(facilitator, group, Audience.COORDINATOR, bundles, full=True))
        pseudonym = coordinator.person(person.id).name
        assert pseudonym.startswith("Member-") and pseudonym in coordinator.memo(meeting.id)[0].text
        WorkspaceErasure(facilitator, person.id).apply()
        Importer(coordinator).import_file(send(facilitator, group, Audience.COORDINATOR, bundles))
        for path in (tmp_path / "coordinator").rglob("*.json"):
            assert pseudonym.encode() not in path.read_bytes(), path
        assert coordinator.memo(meeting.id)[0].text.startswith("A former member")


def test_a_damaged_backup_that_may_hold_the_person_is_removed(tmp_path: Path) -> None:
    folder = tmp_path / "workspace"
    with opened(folder) as repository:
        _group, person, _meeting = build(repository)
        damaged = repository.workspace.backup("test")
        kept = repository.workspace.backup("test")
        data = (damaged / "network.json").read_bytes()
        (damaged / "network.json").unlink()  # its own file: the kept backup links the same copy
        (damaged / "network.json").write_bytes(data[:-40])
        counts = WorkspaceErasure(repository, person.id).apply()
    assert (counts.backups, counts.removed_backups) == ([kept], [damaged])
    assert "1 damaged backup removed: " in "\n".join(counts.lines(done=True))
    assert not damaged.exists() and holding(folder) == {}
