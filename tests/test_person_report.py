"""A person's data report, written from a real demo workspace and read back: the PDF with pypdf,
the JSON parsed; each part checked against the workspace's records read on their own."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from exports.bundle.format import Audience
from exports.bundle.writer import make_bundle
from exports.person_report.files import collect_person_data, write_person_report
from facilitator.i18n import language, use_language
from facilitator.model import MeetingStatus, MemoEntry, MemoKind, MemoRevision, Person
from facilitator.person_data import CarriedForm, Naming
from storage.repository import Repository
from storage.sync_ledger import MADE_TABLE, GroupKey, SyncLedger
from tests.app_support import pdf_text
from tests.conftest import DEMO_DAY, reopen

#: The demo member whose report is read: she hosts, owns action items, has needs and absences.
MEMBER = "Máret Sárá"


def flat(text: str) -> str:
    return " ".join(text.split())


def member(repository: Repository, name: str) -> Person:
    (person,) = [person for people in repository.people_by_group().values() for person in people if person.name == name]
    return person


def give_key(repository: Repository, group_id: str) -> None:
    group = repository.group(group_id)
    key = GroupKey(group.id, group.name, "ab" * 32, "2026-11-01T12:00:00+00:00", "coordinator")
    SyncLedger(repository.workspace).save_key(key)


def every_entry(repository: Repository, group_id: str) -> list[MemoEntry]:
    return [entry for meeting in repository.meetings(group_id) for entry in repository.memo(meeting.id)]


def test_a_members_report_holds_her_meetings_entries_needs_absences_and_bundles(demo_path: Path, tmp_path: Path):
    repository = reopen(demo_path)
    try:
        person = member(repository, MEMBER)
        group_id = person.group_id
        meetings = repository.meetings(group_id)
        held = [meeting for meeting in meetings if meeting.status is MeetingStatus.HELD]
        # A line that names her only in its text, inflected as in Finnish ("Máretin"), with no @.
        named_only = repository.save_memo_entry(
            MemoEntry(
                meeting_id=held[-1].id,
                group_id=group_id,
                text="Maretin idea of a shared stand came up again",
                written_at=held[-1].starts_at,
            )
        )
        give_key(repository, group_id)
        group = repository.group(group_id)
        for_coordinator = make_bundle(repository, [group], audience=Audience.COORDINATOR, to=tmp_path)
        for_group = make_bundle(repository, [group], audience=Audience.GROUP, to=tmp_path)
        pdf, json_path = write_person_report(repository, person, tmp_path, today=DEMO_DAY)

        entries = every_entry(repository, group_id)
        attended = {
            meeting.id
            for meeting in meetings
            if any(row.person_id == person.id for row in repository.attendance(meeting.id))
        }
        hosted = {meeting.id for meeting in meetings if meeting.host_id == person.id}
        owned = {entry.id for entry in entries if entry.kind is MemoKind.ACTION and entry.owner_id == person.id}
        needs = {entry.id for entry in entries if entry.kind is MemoKind.NEED and person.id in entry.people}
        mentioned = {entry.id for entry in entries if person.id in entry.people}
        absences = sorted(
            (absence.starts.isoformat(), absence.reason)
            for absence in repository.absences(group_id)
            if absence.person_id == person.id
        )
    finally:
        repository.workspace.close()
    assert attended and hosted and owned and needs and absences

    report: dict[str, Any] = json.loads(json_path.read_text(encoding="utf-8"))
    assert pdf.name == "inari-peer-group-person-data-maret-sara.pdf" and json_path.suffix == ".json"
    fields = {field["field"]: field["value"] for field in report["person"]["fields"]}
    assert fields["name"] == MEMBER and fields["email"] == person.email
    assert fields["research_consent"] == (person.research_consent and person.research_consent.isoformat())
    assert {row["meeting_id"] for row in report["meetings_attended"]} == attended
    assert {row["meeting_id"] for row in report["meetings_hosted"]} == hosted
    assert {row["entry_id"] for row in report["action_items_owned"]} == owned
    assert needs <= {row["entry_id"] for row in report["needs"]}
    listed = report["action_items_owned"] + report["needs"] + report["memo_entries_naming"]
    assert mentioned <= {row["entry_id"] for row in listed}
    (found,) = [row for row in report["memo_entries_naming"] if row["entry_id"] == named_only.id]
    assert [how["code"] for how in found["how"]] == [Naming.NAMED.value]
    assert sorted((row["from"], row["reason"]) for row in report["absences"]) == absences
    assert "anonymous" in report["feedback"]
    expected_form = CarriedForm.NAMED if person.contact_consent else CarriedForm.NAMED_WITHOUT_CONTACT
    assert [(row["for"]["code"], row["form"]["code"], row["file"]) for row in report["bundles"]] == [
        ("coordinator", expected_form.value, str(for_coordinator.path)),
        ("group", CarriedForm.COMPLETE.value, str(for_group.path)),
    ]

    text = pdf_text(pdf)
    assert f"What is held about {MEMBER}" in text
    assert person.email in text and "Research use consent" in text
    for row in report["meetings_hosted"]:
        assert flat(row["theme"]) in text
    for row in listed:
        assert flat(row["text"]) in text
    for _day, reason in absences:
        assert reason in text
    assert "Feedback is anonymous" in text
    assert "under the name" in text and "in full" in text
    assert for_coordinator.path.name in text.replace(" ", "")  # a long file name wraps in its cell


def test_a_northern_sami_name_renders_in_the_pdf(demo_path: Path, tmp_path: Path):
    repository = reopen(demo_path)
    try:
        inari = member(repository, MEMBER).group_id
        person = repository.save_person(
            Person(group_id=inari, name="Čiŋŋá Ŋuolga Đuđá", company="Đuđá Duodji", joined=date(2025, 1, 8))
        )
        pdf, json_path = write_person_report(repository, person, tmp_path, today=DEMO_DAY)
    finally:
        repository.workspace.close()
    text = pdf_text(pdf)
    assert "What is held about Čiŋŋá Ŋuolga Đuđá" in text and "Đuđá Duodji" in text
    assert pdf.name == "inari-peer-group-person-data-cinna-nuolga-duda.pdf"
    assert json.loads(json_path.read_text(encoding="utf-8"))["person"]["fields"][0]["value"] == "Čiŋŋá Ŋuolga Đuđá"


def test_a_part_of_the_name_others_share_is_perhaps_them_and_an_earlier_wording_counts(demo_path: Path, tmp_path: Path):
    repository = reopen(demo_path)
    try:
        jonas = member(repository, "Jonas Forsman")  # Emma and Patrik Forsman are in his group too
        meeting = next(m for m in repository.meetings(jonas.group_id) if m.status is MeetingStatus.HELD)

        def entry(text: str, kind: MemoKind = MemoKind.NOTE) -> MemoEntry:
            return repository.save_memo_entry(
                MemoEntry(
                    meeting_id=meeting.id, group_id=jonas.group_id, text=text, written_at=meeting.starts_at, kind=kind
                )
            )

        surname = entry("Forsman brings the coffee next time")
        first_name = entry("Jonasin pakettiauto lainaan")
        reworded = entry("Someone will call the bank")
        earlier = MemoRevision(
            text="Jonas will call the bank",
            kind=MemoKind.NOTE,
            codes=[],
            people=[],
            owner_id="",
            due=None,
            replaced_at=datetime(2026, 11, 1, tzinfo=UTC),
        )
        reworded = repository.save_memo_entry(dataclasses.replace(reworded, revisions=[earlier]))
        unrelated = entry("Emma Forsman shows the new logo")
        need = entry("Forsman needs a trailer for the summer", MemoKind.NEED)
        data = collect_person_data(repository, jonas)
        pdf, _json = write_person_report(repository, jonas, tmp_path, today=DEMO_DAY)
    finally:
        repository.workspace.close()
    namings = {about.entry.id: about.namings for about in data.mentions}
    assert namings[surname.id] == (Naming.PERHAPS,)
    assert namings[first_name.id] == (Naming.NAMED,)
    assert namings[reworded.id] == (Naming.EARLIER,)
    assert unrelated.id not in namings
    assert (need.id, (Naming.PERHAPS,)) in [(about.entry.id, about.namings) for about in data.needs]
    needs_section = pdf_text(pdf).split("Needs recorded")[1].split("Memo entries naming the person")[0]
    assert "Forsman needs a trailer" in needs_section and "perhaps named" in needs_section


def test_bundles_written_before_whom_they_carried_was_recorded_are_listed_as_not_recorded(demo_path: Path):
    """A workspace of schema 1 noted bundles without the people they carried: such a bundle, written
    once the person was on the roster, may have carried them, and is listed so; a bundle noted
    with the people it carried, none of them this person, is not listed."""
    repository = reopen(demo_path)
    try:
        person = member(repository, MEMBER)
        assert person.created_at is not None
        made = repository.workspace.network.table(MADE_TABLE)
        later = (person.created_at + timedelta(days=1)).isoformat(timespec="milliseconds")
        earlier = (person.created_at - timedelta(days=1)).isoformat(timespec="milliseconds")
        old = {"bundle_id": "b-old", "groups": [person.group_id], "audience": "coordinator", "file": "/old.mebundle"}
        made.insert({**old, "created_at": later})
        made.insert({**old, "bundle_id": "b-before", "created_at": earlier})
        made.insert({**old, "bundle_id": "b-others", "created_at": later, "people": {"someone-else": "named"}})
        data = collect_person_data(repository, person)
    finally:
        repository.workspace.close()
    assert [(bundle.file, bundle.form) for bundle in data.bundles] == [("/old.mebundle", None)]


def test_the_report_is_in_the_users_language_with_the_locales_dates(demo_path: Path, tmp_path: Path):
    before = language()
    use_language("fi")
    try:
        repository = reopen(demo_path)
        try:
            person = member(repository, MEMBER)
            pdf, json_path = write_person_report(repository, person, tmp_path, today=DEMO_DAY)
        finally:
            repository.workspace.close()
    finally:
        use_language(before)
    text = pdf_text(pdf)
    assert f"Mitä henkilöstä {MEMBER} on tallennettu" in text
    assert "Osallistuminen tapaamisiin" in text and "Poissaolot" in text and "Palaute on nimetöntä" in text
    assert "Tulostettu 27.11.2026" in text and "Tieto Arvo" in text  # a record's field, not a business field
    assert not re.search(r"\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec) 20\d\d\b", text)
    report = json.loads(json_path.read_text(encoding="utf-8"))
    assert report["language"] == "fi" and report["title"] == f"Mitä henkilöstä {MEMBER} on tallennettu"
    labels = {field["field"]: field["label"] for field in report["person"]["fields"]}
    assert labels["email"] == "Sähköposti" and report["feedback"].startswith("Palaute on nimetöntä")


def test_a_workspace_of_the_release_before_lists_its_bundles_as_not_recorded(tmp_path: Path):
    """On the release before (schema 1), the ledger noted a bundle's groups, audience, time and file,
    and not whom it carried: after the upgrade, the report lists such a bundle as not recorded."""
    folder = tmp_path / "workspace"
    shutil.copytree(Path(__file__).parent / "data" / "workspace-v1", folder)
    network = json.loads((folder / "network.json").read_text(encoding="utf-8"))
    group_id = next(iter(network["groups"].values()))["id"]
    written = {
        "bundle_id": "0b1c2d3e-0000-4000-8000-000000000001",
        "groups": [group_id],
        "audience": "coordinator",
        "created_at": "2026-12-02T08:00:00.000+00:00",
        "file": "/media/usb/inari-peer-group-bundle-for-coordinator-2026-12-02-100000.mebundle",
    }
    network[MADE_TABLE] = {"1": written}  # as the release before wrote it
    (folder / "network.json").write_text(json.dumps(network), encoding="utf-8")
    repository = reopen(folder)  # upgraded to this version on opening
    try:
        person = member(repository, "Ánde Čuoŋ")
        pdf, json_path = write_person_report(repository, person, tmp_path, today=DEMO_DAY)
    finally:
        repository.workspace.close()
    (bundle,) = json.loads(json_path.read_text(encoding="utf-8"))["bundles"]
    assert bundle["form"]["code"] is None and bundle["file"] == written["file"]
    assert "not recorded: written before the app noted whom a bundle carried" in pdf_text(pdf)
