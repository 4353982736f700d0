"""The coordinator's copy of a meeting's sound follows the laptop's: a consent to recording
withdrawn there, or a person erased there, deletes the sound of the meetings they attended on the
laptop, and the laptop's next bundle makes the coordinator's import delete its copy too (no file of
its workspace, backups included, keeps the sound), while a recording still named keeps its file."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest

from exports.bundle.format import Audience
from exports.bundle.importer import Importer, ImportReport
from exports.bundle.sound import delete_unnamed_sound
from exports.bundle.workspace_records import network_tables
from exports.bundle.writer import make_bundle
from facilitator.model import Group, Meeting, Person, Presence, Recording
from storage.erasure import WorkspaceErasure
from storage.recordings import meeting_folder, new_recording_path
from storage.repository import Repository
from storage.withdrawn_consent import save_withdrawing
from storage.workspace import WorkspaceRole
from tests.conftest import make_demo
from tests.sync_support import opened, share_keys


@dataclass
class Pair:
    folder: Path
    laptop: Repository
    coordinator: Repository
    group: Group
    #: The demo's recorded meetings, and a stretch of each one's sound found in no other file.
    recorded: list[Meeting]
    pieces: dict[str, bytes]

    def attended(self, person: Person) -> set[str]:
        """The recorded meetings at which ``person`` was present."""
        return {
            meeting.id
            for meeting in self.recorded
            if any(
                row.person_id == person.id and row.status is Presence.PRESENT
                for row in self.laptop.attendance(meeting.id)
            )
        }

    def someone_at_some(self, *, consented: bool) -> tuple[Person, set[str]]:
        """A member present at some of the recorded meetings but not all (with their own consent to
        recording when ``consented``), and those meetings."""
        for person in self.laptop.people(self.group.id):
            attended = self.attended(person)
            if attended and len(attended) < len(self.recorded) and (person.audio_consent is not None) == consented:
                return person, attended
        raise AssertionError("the demo has no such member")

    def coordinator_files_holding(self, meeting_id: str) -> list[Path]:
        """Every file of the coordinator's whole workspace folder (backups included) holding the meeting's sound."""
        piece = self.pieces[meeting_id]
        folder = self.coordinator.workspace.folder
        return [path for path in folder.rglob("*") if path.is_file() and piece in path.read_bytes()]

    def send_changes(self) -> ImportReport:
        """The laptop's incremental bundle, imported on the coordinator."""
        bundle = make_bundle(self.laptop, [self.group], audience=Audience.COORDINATOR, to=self.folder).path
        (report,) = Importer(self.coordinator).import_files([bundle])
        assert report.ok, report.line()
        return report


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[Pair]:
    """The demo laptop, whose three latest held meetings hold sound, and the coordinator holding its
    group's bundle and the sound beside each meeting (as the recordings file's import places it)."""
    make_demo(tmp_path / "laptop", groups=1, years=1)
    with (
        opened(tmp_path / "laptop") as laptop,
        opened(tmp_path / "coordinator", WorkspaceRole.COORDINATOR) as coordinator,
    ):
        share_keys(coordinator, [laptop], tmp_path / "keys")
        (group,) = laptop.groups()
        recorded = [
            meeting
            for meeting in laptop.meetings(group.id)
            if any(recording.has_audio for recording in meeting.recordings)
        ]
        assert len(recorded) == 3
        bundle = make_bundle(laptop, [group], full=True, audience=Audience.COORDINATOR, to=tmp_path).path
        (report,) = Importer(coordinator).import_files([bundle])
        assert report.ok, report.line()
        pieces = {}
        for meeting in recorded:
            (recording,) = meeting.recordings
            source = meeting_folder(laptop.workspace.folder, meeting.id) / recording.audio_file
            target = meeting_folder(coordinator.workspace.folder, meeting.id) / recording.audio_file
            target.parent.mkdir(parents=True)
            shutil.copyfile(source, target)
            data = source.read_bytes()
            pieces[meeting.id] = data[len(data) // 2 : len(data) // 2 + 64]
        made = Pair(tmp_path, laptop, coordinator, group, recorded, pieces)
        for meeting in recorded:
            assert len(made.coordinator_files_holding(meeting.id)) == 1
        coordinator.workspace.backup("test")  # a backup holding the meetings' records, as the coordinator's have
        yield made


def test_a_consent_withdrawn_on_the_laptop_deletes_the_coordinators_copy(pair: Pair) -> None:
    person, attended = pair.someone_at_some(consented=True)
    _saved, deleted, _meetings = save_withdrawing(pair.laptop, dataclasses.replace(person, audio_consent=None))
    assert deleted == len(attended)

    report = pair.send_changes()

    for meeting in pair.recorded:
        held = pair.coordinator_files_holding(meeting.id)
        names = [recording.audio_file for recording in pair.coordinator.meeting(meeting.id).recordings]
        if meeting.id in attended:
            assert held == [] and names == [""], meeting.id
            assert not meeting_folder(pair.coordinator.workspace.folder, meeting.id).exists()
        else:  # a meeting whose recording still names its file keeps it
            assert held == [meeting_folder(pair.coordinator.workspace.folder, meeting.id) / "recording-1.opus"]
            assert names == ["recording-1.opus"]
    expected = f"{len(attended)} sound file{'s' if len(attended) > 1 else ''} deleted"
    assert expected in report.line(), report.line()


def test_a_person_erased_on_the_laptop_leaves_no_sound_of_their_meetings_at_the_coordinator(pair: Pair) -> None:
    person, attended = pair.someone_at_some(consented=False)
    WorkspaceErasure(pair.laptop, person.id).apply()

    report = pair.send_changes()

    people = network_tables(pair.coordinator.workspace)["people"].values()
    assert any(document["id"] == person.id and document.get("erased_salt") for document in people)  # it arrived
    for meeting in pair.recorded:
        held = pair.coordinator_files_holding(meeting.id)
        assert (held == []) is (meeting.id in attended), (meeting.id, held)
    assert "sound file" in report.line()


def test_a_recording_still_named_keeps_its_file_and_a_stray_copy_goes(pair: Pair) -> None:
    meeting = pair.recorded[0]
    pair.laptop.save_meeting(dataclasses.replace(pair.laptop.meeting(meeting.id), conclusions="Yhteinen kassa."))
    folder = meeting_folder(pair.coordinator.workspace.folder, meeting.id)
    stray = folder / "recording-2.opus"
    shutil.copyfile(folder / "recording-1.opus", stray)
    untouched = meeting_folder(pair.coordinator.workspace.folder, pair.recorded[1].id)
    untouched_stray = untouched / "recording-2.opus"
    shutil.copyfile(untouched / "recording-1.opus", untouched_stray)

    report = pair.send_changes()

    assert pair.coordinator.meeting(meeting.id).conclusions == "Yhteinen kassa."
    assert sorted(path.name for path in folder.iterdir()) == ["recording-1.opus"]
    assert "1 sound file deleted" in report.line(), report.line()
    # A meeting the import did not change is left as it is.
    assert untouched_stray.is_file()


def test_a_bundle_changing_no_recorded_meeting_deletes_nothing(pair: Pair) -> None:
    person, _attended = pair.someone_at_some(consented=True)
    pair.laptop.save_person(dataclasses.replace(person, company="Guolli Ltd"))

    report = pair.send_changes()

    assert "sound" not in report.line()
    for meeting in pair.recorded:
        assert len(pair.coordinator_files_holding(meeting.id)) == 1


def test_the_file_of_a_recording_running_here_is_never_deleted(pair: Pair) -> None:
    """A version saved here naming the recorder's file, replaced by one that names none, keeps the
    file: the recorder is writing it."""
    laptop = pair.laptop
    meeting = laptop.meeting(pair.recorded[0].id)
    path = new_recording_path(laptop.workspace.folder, meeting.id)
    path.write_bytes(b"sound being written")
    running = Recording(started_at=meeting.starts_at + timedelta(hours=1), audio_file=path.name)
    laptop.save_meeting(dataclasses.replace(meeting, recordings=[*meeting.recordings, running]))
    before = dict(network_tables(laptop.workspace))
    after = {
        **before,
        "meetings": {
            number: {**document, "recordings": [], "received_at": "now"} if document["id"] == meeting.id else document
            for number, document in before["meetings"].items()
        },
    }

    deleted = delete_unnamed_sound(laptop.workspace.folder, before, after, [])

    assert path.is_file()
    assert deleted == 1  # the meeting's finished recording, which nothing names now, went
    assert not (path.parent / "recording-1.opus").exists()
