"""What a bundle for the coordinator holds obeys the consents of the records it was made from, in
every field: the texts the app composed (a host's explanation, agenda presenters, the place)
included, not only the fields typed. Read generically, so that a field added later is read too."""

from __future__ import annotations

import dataclasses
import shutil
import zipfile
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import orjson
import pytest

from exports.bundle.importer import Importer, ImportStatus
from exports.bundle.privacy import CoordinatorView
from exports.bundle.reader import Bundle
from exports.bundle.writer import make_bundle
from facilitator.agenda import agenda_from_template, starting_agenda
from facilitator.model import (
    Absence,
    Attendance,
    Group,
    Meeting,
    MeetingStatus,
    MemoEntry,
    Person,
    Presence,
    Presenter,
    TemplateItem,
)
from facilitator.season import host_explanation, plan_season, set_host
from facilitator.summary import summarise_meeting
from facilitator.website import website_text
from storage.repository import Repository
from storage.workspace_info import WorkspaceRole
from tests.conftest import make_demo
from tests.sync_support import opened, opened_bundle, share_keys


def texts(value: object, where: str = "") -> Iterator[tuple[str, str]]:
    """Every text in a JSON value, with the path of keys that leads to it."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield from texts(inner, f"{where}.{key}")
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from texts(inner, f"{where}[{index}]")


def bundle_texts(bundle: Bundle) -> list[tuple[str, str]]:
    """Every text of the opened bundle (its manifest, with what it seals, and its records), with where it is."""
    found = list(texts(dict(bundle.manifest), "manifest"))
    for kind, documents in bundle.records.items():
        for number, document in enumerate(documents):
            found += texts(document, f"{kind}:{number}")
    return found


def secrets(repository: Repository) -> dict[str, str]:
    """What the coordinator may not read, each with what it is: every absence's reason, the name,
    company and contact details of everyone without research consent, the contact details of
    everyone without consent to sharing them, every guest's name."""
    hidden: dict[str, str] = {}
    for group in repository.groups():
        for absence in repository.absences(group.id):
            hidden[absence.reason] = "absence reason"
        for person in repository.people(group.id):
            if person.research_consent is None:
                hidden.update({person.name: "name", person.company: "company"})
            if person.research_consent is None or person.contact_consent is None:
                hidden.update({person.email: "e-mail", person.phone: "phone", person.premises_address: "address"})
        for meeting in repository.meetings(group.id):
            for attendance in repository.attendance(meeting.id):
                hidden[attendance.guest_name] = "guest's name"
    # A name that someone who consented bears as well is his or hers to show.
    for group in repository.groups():
        for person in repository.people(group.id):
            if person.research_consent is not None and hidden.get(person.name) in ("name", "guest's name"):
                del hidden[person.name]
    # A reason the facilitator typed elsewhere too ("Selling in the berry season") is a phrase, not a secret.
    typed = [text.casefold() for _where, text in workspace_texts(repository.workspace.folder)]
    for reason in [text for text, kind in hidden.items() if kind == "absence reason"]:
        if any(reason.casefold() in text for text in typed):
            del hidden[reason]
    return {text.strip(): kind for text, kind in hidden.items() if len(text.strip()) >= 4}


def workspace_texts(folder: Path) -> list[tuple[str, str]]:
    """Every text of the workspace's records but the absences' reasons and the host's explanations
    (which the app composes from them)."""
    found: list[tuple[str, str]] = []
    for path in [folder / "network.json", *sorted((folder / "meetings").glob("*.json"))]:
        for table, records in orjson.loads(path.read_bytes()).items():
            for number, record in records.items():
                found += [
                    (where, text)
                    for where, text in texts(record, f"{table}:{number}")
                    if not (table == "absences" and where.endswith(".reason")) and not where.endswith(".host_reason")
                ]
    return found


@pytest.fixture(scope="module")
def coordinator_bundle(tmp_path_factory: pytest.TempPathFactory) -> tuple[Bundle, dict[str, str]]:
    """A full bundle for the coordinator of the demo network, opened, and what it may not hold."""
    folder = tmp_path_factory.mktemp("derived")
    make_demo(folder / "laptop")
    with (
        opened(folder / "coordinator", WorkspaceRole.COORDINATOR) as coordinator,
        opened(folder / "laptop") as laptop,
    ):
        share_keys(coordinator, [laptop], folder / "keys")
        bundle = make_bundle(laptop, laptop.groups(), full=True, to=folder).path
        return opened_bundle(bundle, coordinator), secrets(laptop)


def test_no_field_of_a_coordinator_bundle_holds_what_its_sources_keep_back(
    coordinator_bundle: tuple[Bundle, dict[str, str]],
) -> None:
    bundle, hidden = coordinator_bundle
    kinds = set(hidden.values())
    assert {"absence reason", "name", "company", "e-mail", "phone", "address", "guest's name"} <= kinds
    folded = {secret.casefold(): kind for secret, kind in hidden.items()}
    leaks = sorted(
        {
            f"{where}: {kind} “{secret}”"
            for where, text in bundle_texts(bundle)
            for secret, kind in folded.items()
            if secret in text.casefold()
        }
    )
    assert not leaks, f"{len(leaks)} leaks, such as:\n" + "\n".join(leaks[:20])


# -- each composed field, on its own ---------------------------------------------------------------

CONSENTED = date(2025, 1, 10)
START = datetime(2027, 1, 12, 15, 30, tzinfo=UTC)
END = START.replace(hour=18)


def people(group_id: str = "g") -> tuple[Person, Person, Person]:
    """Anna shares everything; Biret consented to research only; Mikko to sharing contacts only."""
    anna = Person(
        group_id=group_id,
        name="Anna Aikio",
        company="Aikio Duodji",
        can_host=True,
        premises_address="Aikiontie 1, Utsjoki",
        research_consent=CONSENTED,
        contact_consent=CONSENTED,
    )
    biret = Person(
        group_id=group_id,
        name="Biret Guttorm",
        email="biret@guolli.fi",
        phone="+358 40 333 4444",
        can_host=True,
        premises_address="Guollirinne 7, Utsjoki",
        research_consent=CONSENTED,
    )
    mikko = Person(
        group_id=group_id,
        name="Mikko Näkkäläjärvi",
        company="Näkkälä Reindeer",
        email="mikko@example.fi",
        phone="040 555 6666",
        can_host=True,
        premises_address="Näkkälä yard 4",
        contact_consent=CONSENTED,
    )
    return anna, biret, mikko


def test_the_host_explanation_stays_with_the_group_and_the_coordinator_reads_how_the_host_was_chosen(
    tmp_path: Path,
) -> None:
    with (
        opened(tmp_path / "coordinator", WorkspaceRole.COORDINATOR) as coordinator,
        opened(tmp_path / "laptop") as laptop,
    ):
        group = laptop.save_group(Group(name="Utsjoki peer group"))
        anna, biret, mikko = (laptop.save_person(person) for person in people(group.id))
        laptop.save_absence(
            Absence(person_id=mikko.id, starts=date(2027, 1, 1), ends=date(2027, 6, 30), reason="knee operation")
        )
        plan = plan_season(
            group,
            [anna, biret, mikko],
            laptop.absences(group.id),
            [],
            date(2027, 1, 1),
            date(2027, 3, 31),
            date(2026, 12, 1),
        )
        saved = laptop.save_meetings(plan.meetings)
        assert any("knee operation" in meeting.host_reason and "Mikko" in meeting.host_reason for meeting in saved)
        chosen = laptop.save_meeting(set_host(saved[-1], anna))
        share_keys(coordinator, [laptop], tmp_path / "keys")
        Importer(coordinator).import_files([make_bundle(laptop, [group], to=tmp_path).path])
        received = {meeting.id: meeting for meeting in coordinator.meetings(group.id)}
        assert [meeting.host_reason for meeting in received.values()] == [""] * len(saved)
        assert host_explanation(received[saved[0].id]) == "Proposed by the fair rotation."
        assert host_explanation(received[chosen.id]) == "Chosen by hand."
        # The facilitators keep the whole explanation.
        assert host_explanation(laptop.meeting(saved[0].id)) == saved[0].host_reason


def test_a_place_holding_the_address_of_someone_who_may_not_share_it_stays_behind() -> None:
    anna, biret, mikko = people()
    view = CoordinatorView([anna, biret, mikko], [])
    at_anna = Meeting(group_id="g", starts_at=START, ends_at=START, host_id=anna.id, location=anna.premises_address)
    assert view(at_anna).location == "Aikiontie 1, Utsjoki"
    # Swapped to Anna, but still at Biret's premises (Anna's had none then).
    swapped = dataclasses.replace(at_anna, location="guollirinne 7,  Utsjoki")
    assert view(swapped).location == ""
    assert view(dataclasses.replace(at_anna, host_id=biret.id, location=biret.premises_address)).location == ""


def test_contact_details_typed_anywhere_become_the_name_the_coordinator_knows() -> None:
    anna, biret, mikko = people()
    view = CoordinatorView([anna, biret, mikko], [])
    hidden = view(mikko).name
    entry = MemoEntry(
        meeting_id="m",
        group_id="g",
        text="Call Biret on 040 333 4444 or BIRET@guolli.fi; Mikko: +358 40 555 6666, Näkkälä yard 4",
        written_at=START,
    )
    assert view(entry).text == f"Call Biret on Biret Guttorm or Biret Guttorm; {hidden}: {hidden}, {hidden}"
    assert view.text("Anna's premises: Aikiontie 1, Utsjoki") == "Anna's premises: Aikiontie 1, Utsjoki"


def test_the_groups_agenda_template_and_the_presenters_named_from_it_hide_who_is_hidden() -> None:
    anna, biret, mikko = people()
    view = CoordinatorView([anna, biret, mikko], [])
    hidden = view(mikko).name
    template = [TemplateItem(title="Visit to Mikko's reindeer yard", minutes=30, notes="Näkkälä Reindeer hosts")]
    group = view(Group(name="Utsjoki peer group", agenda_template=template))
    assert [(item.title, item.notes) for item in group.agenda_template] == [
        (f"Visit to {hidden}'s reindeer yard", f"{hidden} hosts")
    ]
    meeting = Meeting(group_id="g", starts_at=START, ends_at=START, host_id=mikko.id)
    (item, *_rest) = starting_agenda(template, meeting, [anna, biret, mikko])
    assert item.presenter == "" and view(item).title == f"Visit to {hidden}'s reindeer yard"
    (opening,) = agenda_from_template(
        [TemplateItem(title="Opening", minutes=5, presenter=Presenter.HOST)], meeting, mikko, None
    )
    assert opening.presenter == mikko.name and view(opening).presenter == hidden


def test_the_website_text_hides_the_contact_details_of_whoever_did_not_consent_to_sharing_them() -> None:
    anna, biret, mikko = people()
    mikko = dataclasses.replace(mikko, contact_consent=None)
    meeting = Meeting(
        group_id="g",
        starts_at=START,
        ends_at=START,
        status=MeetingStatus.HELD,
        host_id=anna.id,
        conclusions="Orders by phone to +358 40 333 4444 or to Aikiontie 1, Utsjoki\nThe van parks at Näkkälä yard 4",
    )
    everyone = [anna, biret, mikko]
    attendance = [
        Attendance(meeting_id=meeting.id, person_id=person.id, status=Presence.PRESENT) for person in everyone
    ]
    summary = summarise_meeting(Group(name="Utsjoki peer group"), meeting, everyone, attendance, [], [])
    text = website_text(summary, markdown=False)
    assert "- Orders by phone to a member or to Aikiontie 1, Utsjoki" in text
    assert "- The van parks at Näkkälä Reindeer" in text


def test_upgrading_a_coordinators_workspace_drops_the_host_explanations_it_received_backups_included(
    tmp_path: Path,
) -> None:
    """Before version 2 the coordinator received each meeting's explanation, absences' reasons
    and all; the copies it holds lose it, and its own meetings keep theirs."""
    folder = tmp_path / "coordinator"
    with opened(folder, WorkspaceRole.COORDINATOR) as coordinator, opened(tmp_path / "laptop") as laptop:
        group = laptop.save_group(Group(name="Utsjoki peer group"))
        anna = laptop.save_person(people(group.id)[0])
        received = laptop.save_meeting(Meeting(group_id=group.id, starts_at=START, ends_at=END, host_id=anna.id))
        share_keys(coordinator, [laptop], tmp_path / "keys")
        Importer(coordinator).import_files([make_bundle(laptop, [group], to=tmp_path).path])
        own_group = coordinator.save_group(Group(name="Pilot group"))
        own = coordinator.save_meeting(
            Meeting(group_id=own_group.id, starts_at=START, ends_at=END, host_reason="never hosted")
        )
    # As a bundle of the release before left it: the explanation came along.
    network = orjson.loads((folder / "network.json").read_bytes())
    (document,) = [meeting for meeting in network["meetings"].values() if meeting["id"] == received.id]
    document["host_reason"] = "Biret Guttorm is away on this date (knee operation), so next in turn: never hosted"
    (folder / "network.json").write_bytes(orjson.dumps(network))
    info = orjson.loads((folder / "workspace.json").read_bytes())
    (folder / "workspace.json").write_bytes(orjson.dumps({**info, "schema_version": 1}))
    with opened(folder, WorkspaceRole.COORDINATOR) as coordinator:
        assert coordinator.meeting(received.id).host_reason == ""
        assert coordinator.meeting(own.id).host_reason == "never hosted"
        assert any("before-upgrade" in backup.name for backup in coordinator.workspace.backups())
    for path in folder.rglob("*"):
        if path.is_file():
            assert b"knee operation" not in path.read_bytes(), path


def test_a_coordinator_keeps_no_host_explanation_from_a_bundle_of_an_earlier_app(tmp_path: Path) -> None:
    """A laptop not yet upgraded still sends the rotation's explanation (bundle format 1, made by
    the release before with a meeting whose explanation names an absent member and her reason)."""
    data = Path(__file__).parent / "data" / "v1-bundle-for-coordinator"
    folder = tmp_path / "coordinator"
    shutil.copytree(data / "coordinator", folder)
    (bundle,) = data.glob("*.mebundle")
    assert b"parental leave" in zipfile.ZipFile(bundle).read("records/meetings.jsonl")
    with opened(folder, WorkspaceRole.COORDINATOR) as coordinator:
        assert Importer(coordinator).import_file(bundle).status is ImportStatus.IMPORTED
        (meeting,) = coordinator.meetings(coordinator.groups()[0].id)
        assert meeting.host_reason == ""
    assert not [path for path in folder.rglob("*.json") if b"parental leave" in path.read_bytes()]
