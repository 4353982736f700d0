"""A consent to audio recording withdrawn, or a person erased: the sound of the meetings they attended
is deleted from the whole workspace (backups never held it), their memo lines forget their moments
in it, and the person's data report tells the sound while it is held."""

from __future__ import annotations

import csv
import dataclasses
import json
import shutil
from pathlib import Path

import pytest

from exports.person_report.files import write_person_report
from facilitator.model import Presence
from facilitator.recordings import recorder_started, recorder_stopped
from facilitator.withdrawn_consent import withdrawal_question
from storage.erasure import WorkspaceErasure, confirmation
from storage.errors import StorageError
from storage.recordings import meeting_folder
from storage.roster_import import save_imported_people
from storage.withdrawn_consent import RecordingRunning, recordings_lines, recordings_to_delete, save_withdrawing
from tests.app_support import pdf_text
from tests.conftest import reopen
from tests.recorded_demo import RecordedDemo, recorded_demo, sound_state
from tests.test_cli import facilitator


@pytest.fixture
def demo(tmp_path: Path) -> RecordedDemo:
    return recorded_demo(tmp_path / "demo")


def test_the_sound_is_held_before_anything_is_withdrawn(demo: RecordedDemo) -> None:
    assert sorted(path.parent.name for path in demo.files_holding_the_sound()) == sorted(demo.meeting_ids)
    names, offsets = sound_state(demo)
    assert names == ["recording-1.opus", "recording-1.opus"] and offsets == [1, 1]


def test_withdrawing_the_consent_lists_the_meetings_and_deletes_their_sound(demo: RecordedDemo) -> None:
    repository = reopen(demo.folder)
    try:
        repository.load_all()
        person = repository.person(demo.person_id)
        meetings = recordings_to_delete(repository, [person.id])
        assert set(demo.meeting_ids) <= {meeting.id for meeting in meetings}
        question = withdrawal_question(person.name, recordings_lines(repository, meetings))
        assert question.count("recording-1.opus") >= 2 and repository.group(demo.group_id).name in question
        saved, files, count = save_withdrawing(repository, dataclasses.replace(person, audio_consent=None))
        assert saved.audio_consent is None and files >= 2 and count == len(meetings)
    finally:
        repository.workspace.close()
    assert demo.files_holding_the_sound() == []
    assert not any(path.exists() for path in demo.files)
    names, offsets = sound_state(demo)
    assert names == ["", ""] and offsets == []


def test_erasure_lists_the_recorded_meetings_and_deletes_their_sound(demo: RecordedDemo) -> None:
    repository = reopen(demo.folder)
    try:
        repository.load_all()
        erasure = WorkspaceErasure(repository, demo.person_id)
        question = confirmation(erasure.person, erasure.counts)
        assert "to delete (backups hold no sound)" in question
        assert question.count("recording-1.opus") >= 2
        assert demo.files_holding_the_sound(), "nothing goes before the yes"
        counts = erasure.apply()
        done = "\n".join(counts.lines(done=True))
        assert f"{counts.sound_files} sound files deleted" in done and counts.sound_files >= 2
    finally:
        repository.workspace.close()
    assert demo.files_holding_the_sound() == []
    assert sound_state(demo) == (["", ""], [])


def test_a_roster_import_that_withdraws_the_consent_deletes_after_saving(demo: RecordedDemo) -> None:
    repository = reopen(demo.folder)
    try:
        repository.load_all()
        person = repository.person(demo.person_id)
        other = next(someone for someone in repository.people(demo.group_id) if someone.id != person.id)
        save_imported_people(repository, [dataclasses.replace(other, municipality="Utsjoki")])
        assert len(demo.files_holding_the_sound()) == 2, "a row that keeps the consents deletes nothing"
        save_imported_people(repository, [dataclasses.replace(person, audio_consent=None)])
        assert repository.person(person.id).audio_consent is None
    finally:
        repository.workspace.close()
    assert demo.files_holding_the_sound() == []
    assert sound_state(demo) == (["", ""], [])


def withdrawing_file(path: Path, demo: RecordedDemo) -> Path:
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, delimiter=";")
        writer.writerow(["Name", "Audio recording consent"])
        writer.writerow([demo.name, "no"])
    return path


@pytest.mark.processes
def test_roster_import_command_lists_the_meetings_and_asks_or_takes_yes(tmp_path: Path, demo: RecordedDemo) -> None:
    path = withdrawing_file(tmp_path / "roster.csv", demo)
    repository = reopen(demo.folder)
    try:
        name = repository.group(demo.group_id).name
    finally:
        repository.workspace.close()
    refused = facilitator("roster", "import", path, "--group", name, "--workspace", demo.folder)
    assert refused.returncode == 1 and "--yes" in refused.stderr
    assert len(demo.files_holding_the_sound()) == 2
    result = facilitator("roster", "import", path, "--group", name, "--yes", "--workspace", demo.folder)
    assert result.returncode == 0, result.stderr
    assert "no longer consents to audio recording" in result.stdout
    assert result.stdout.count("recording-1.opus") >= 2
    assert "sound files deleted" in result.stdout
    assert demo.files_holding_the_sound() == []
    assert sound_state(demo) == (["", ""], [])


@pytest.mark.processes
def test_erase_command_says_the_sound_goes_and_deletes_it(demo: RecordedDemo) -> None:
    result = facilitator("person", "erase", demo.person_id, "--yes", "--workspace", demo.folder)
    assert result.returncode == 0, result.stderr
    assert "backups hold no sound" in result.stdout and "sound files deleted" in result.stdout
    assert demo.files_holding_the_sound() == []


def test_the_data_report_lists_the_recorded_meetings_and_where_the_sound_is(demo: RecordedDemo, tmp_path: Path) -> None:
    repository = reopen(demo.folder)
    try:
        repository.load_all()
        person = repository.person(demo.person_id)
        for name in ("report", "again"):
            (tmp_path / name).mkdir()
        pdf, json_path = write_person_report(repository, person, tmp_path / "report")
        demo.files[1].unlink()  # as on a coordinator's laptop before the recordings file came
        _pdf2, json_again = write_person_report(repository, person, tmp_path / "again")
    finally:
        repository.workspace.close()
    text = pdf_text(pdf)
    assert "Recordings of meetings attended" in text
    assert "recorded: 1 file, 00:01, kept in the workspace" in text
    found = json.loads(json_path.read_bytes())["recordings_of_meetings_attended"]["meetings"]
    ours = [meeting for meeting in found if meeting["meeting_id"] in demo.meeting_ids]
    assert [meeting["files"] for meeting in ours] == [["recording-1.opus"]] * 2
    assert all(meeting["files_kept_here"] == 1 for meeting in ours)
    again = json.loads(json_again.read_bytes())["recordings_of_meetings_attended"]["meetings"]
    kept = {meeting["meeting_id"]: meeting["label"] for meeting in again}
    assert kept[demo.meeting_ids[1]] == "recorded: 1 file, 00:01, not in this workspace"


# -- the sound goes first; whatever is in a meeting's sound folder goes; a recording left running --


def test_sound_that_cannot_be_deleted_keeps_the_consent_and_a_second_try_deletes_it(demo: RecordedDemo) -> None:
    """A file held open (on Windows: by the player, a virus scanner) stands for here by a folder."""
    stuck = demo.files[0].parent / "a-folder"  # before recording-1.opus: tried first
    stuck.mkdir()
    repository = reopen(demo.folder)
    try:
        repository.load_all()
        person = repository.person(demo.person_id)
        withdrawn = dataclasses.replace(person, audio_consent=None)
        for attempt in (
            lambda: save_withdrawing(repository, withdrawn),
            lambda: save_imported_people(repository, [withdrawn]),
        ):
            with pytest.raises(StorageError, match="The consent is not withdrawn"):
                attempt()
            assert repository.person(person.id).audio_consent == person.audio_consent
        stuck.rmdir()
        saved, files, _count = save_withdrawing(repository, withdrawn)
        assert saved.audio_consent is None and files >= 1
    finally:
        repository.workspace.close()
    assert demo.files_holding_the_sound() == []
    assert sound_state(demo) == (["", ""], [])


def test_sound_no_recording_names_goes_with_the_consent(demo: RecordedDemo) -> None:
    """A copy a killed attach left half-made, and a file the recorder began just before a crash."""
    repository = reopen(demo.folder)
    try:
        repository.load_all()
        meeting = next(
            meeting
            for meeting in repository.meetings(demo.group_id)
            if meeting.id not in demo.meeting_ids
            and not any(recording.has_audio for recording in meeting.recordings)
            and any(
                entry.person_id == demo.person_id and entry.status is Presence.PRESENT
                for entry in repository.attendance(meeting.id)
            )
        )
        folder = meeting_folder(demo.folder, meeting.id)
        folder.mkdir()
        leftovers = [folder / ".recording-1.m4a.x7q2.tmp", folder / "recording-2.opus"]
        for path in leftovers:
            shutil.copyfile(demo.files[0], path)
        meetings = recordings_to_delete(repository, [demo.person_id])
        assert meeting.id in {found.id for found in meetings}
        assert "sound that no recording names" in "\n".join(recordings_lines(repository, meetings))
        save_withdrawing(repository, dataclasses.replace(repository.person(demo.person_id), audio_consent=None))
    finally:
        repository.workspace.close()
    assert not folder.exists()
    assert demo.files_holding_the_sound() == []


def test_a_recording_running_only_in_the_records_is_closed_and_its_sound_deleted(demo: RecordedDemo) -> None:
    """A crash left it running, or it came so from another laptop: nothing here records it."""
    repository = reopen(demo.folder)
    try:
        repository.load_all()
        meeting = repository.meeting(demo.meeting_ids[0])
        (recording,) = meeting.recordings
        repository.save_meeting(
            dataclasses.replace(meeting, recordings=[dataclasses.replace(recording, stopped_at=None)])
        )
        person = repository.person(demo.person_id)
        saved, files, _count = save_withdrawing(repository, dataclasses.replace(person, audio_consent=None))
        assert saved.audio_consent is None and files >= 2
        (closed,) = repository.meeting(meeting.id).recordings
    finally:
        repository.workspace.close()
    assert closed.stopped_at is not None and closed.audio_file == ""
    assert 1 <= (closed.stopped_at - closed.started_at).total_seconds() <= 2  # where its 1.5 s of sound ended
    assert demo.files_holding_the_sound() == []


def test_the_recording_this_app_takes_now_refuses_the_withdrawal(demo: RecordedDemo) -> None:
    repository = reopen(demo.folder)
    recorder_started(demo.meeting_ids[0])
    try:
        repository.load_all()
        meeting = repository.meeting(demo.meeting_ids[0])
        (recording,) = meeting.recordings
        repository.save_meeting(
            dataclasses.replace(meeting, recordings=[dataclasses.replace(recording, stopped_at=None)])
        )
        person = repository.person(demo.person_id)
        with pytest.raises(RecordingRunning, match="is being recorded"):
            save_withdrawing(repository, dataclasses.replace(person, audio_consent=None))
        with pytest.raises(RecordingRunning):
            WorkspaceErasure(repository, demo.person_id)
        assert repository.person(person.id).audio_consent == person.audio_consent
    finally:
        recorder_stopped(demo.meeting_ids[0])
        repository.workspace.close()
    assert len(demo.files_holding_the_sound()) == 2
