"""A recording made on another device attached to a held meeting, and a meeting's sound deleted:
real workspaces, real sound files (wav, mp3, m4a of known length, written with PyAV here)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from facilitator.checkin import checkin_rows, consent_given, without_audio_consent
from facilitator.local_time import local_day
from facilitator.model import Meeting, MeetingStatus, MemoEntry, Presence, Recording
from storage.backups import make_backup
from storage.reading import read_workspace
from storage.recordings import (
    RecordingRefused,
    attach_recording,
    audio_path,
    delete_recordings,
    meeting_folder,
    sound_files,
)
from storage.repository import Repository
from storage.withdrawn_consent import recordings_to_delete
from storage.workspace import Workspace
from tests.conftest import demo_clock, make_demo
from tests.sound_support import hum, write_sound as write_sound_file


def write_sound(path: Path, seconds: float, rate: int = 8_000) -> Path:
    """A quiet tone of ``seconds`` at ``path``, coded as its suffix says (a recorder's wav, a phone's mp3 or m4a)."""
    return write_sound_file(path, hum(seconds, rate), rate)


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Repository]:
    folder = tmp_path / "demo"
    make_demo(folder, groups=1, years=1)
    with Workspace.open(folder, purpose="test") as workspace:
        yield Repository(workspace, clock=demo_clock)


def missing_consent(repository: Repository, meeting: Meeting) -> list[str]:
    group = repository.group(meeting.group_id)
    day = local_day(meeting.starts_at, group.time_zone)
    rows = checkin_rows(repository.people(group.id), repository.attendance(meeting.id), day)
    return [row.name for row in without_audio_consent(rows)]


def held_meetings(repository: Repository) -> list[Meeting]:
    group = repository.groups()[0]
    return [
        meeting
        for meeting in repository.meetings(group.id)
        if meeting.status is MeetingStatus.HELD
        and len(repository.memo(meeting.id)) >= 5
        and not any(recording.has_audio for recording in meeting.recordings)
    ]


def consented_meeting(repository: Repository) -> Meeting:
    """A held meeting with memo entries and no sound, at which everyone present has consented (at
    the door, where the roster had no consent), and a mark of a recording whose sound was not kept."""
    meeting = held_meetings(repository)[-1]
    group = repository.group(meeting.group_id)
    day = local_day(meeting.starts_at, group.time_zone)
    for row in checkin_rows(repository.people(group.id), repository.attendance(meeting.id), day):
        if row.present and not row.has_audio_consent:
            repository.save_attendance(consent_given(row, meeting.id, day))
    assert missing_consent(repository, meeting) == []
    opened = meeting.started_at or meeting.starts_at
    mark = Recording(started_at=opened, stopped_at=opened + timedelta(minutes=20))
    return repository.save_meeting(dataclasses.replace(meeting, recordings=[mark]))


@pytest.mark.parametrize(("suffix", "seconds"), [(".m4a", 240), (".MP3", 300), (".wav", 3 * 3600)])
def test_a_phone_s_file_is_copied_in_and_every_memo_line_gets_its_moment(
    demo: Repository, tmp_path: Path, suffix: str, seconds: int
) -> None:
    meeting = consented_meeting(demo)
    source = write_sound(tmp_path / f"Voice 001{suffix}", seconds)
    entries = demo.memo(meeting.id)
    started_at = entries[len(entries) // 2].written_at - timedelta(seconds=10)

    demo_sound = sound_files(demo.workspace.folder)  # the demo's own recorded meetings
    saved = attach_recording(demo, meeting.id, source, started_at)

    (recording,) = saved.recordings  # the mark whose sound was not kept gave way
    assert recording.attached and recording.started_at == started_at
    assert recording.audio_file == f"recording-1{suffix.lower()}"
    assert recording.audio_seconds == pytest.approx(seconds, abs=0.2)
    assert recording.stopped_at == started_at + timedelta(seconds=recording.audio_seconds or 0)
    copied = audio_path(demo.workspace.folder, meeting.id, recording)
    assert copied == meeting_folder(demo.workspace.folder, meeting.id) / recording.audio_file
    assert copied.read_bytes() == source.read_bytes()  # copied whole; the original stays
    assert source.exists()
    assert copied.stat().st_mode & 0o777 == 0o600  # a voice, readable by the user only
    assert sorted(set(sound_files(demo.workspace.folder)) - set(demo_sound)) == [copied]
    assert [path.name for path in copied.parent.iterdir()] == [copied.name]  # no half-made copy left

    def stored(repository: Repository) -> tuple[list[Recording], list[MemoEntry]]:
        return repository.meeting(meeting.id).recordings, repository.memo(meeting.id)

    recordings, entries = read_workspace(demo.workspace.folder, stored)
    assert recordings == [recording]
    for entry in entries:
        into = (entry.written_at - started_at).total_seconds()
        expected = int(into) if 0 <= into <= (recording.audio_seconds or 0) else None
        assert entry.recording_offset == expected, entry.text
    assert entries[0].recording_offset is None  # typed before the file started
    assert entries[len(entries) // 2].recording_offset == 10


def test_a_second_file_of_the_same_meeting_takes_the_lines_it_spans(demo: Repository, tmp_path: Path) -> None:
    meeting = consented_meeting(demo)
    entries = demo.memo(meeting.id)
    middle = entries[len(entries) // 2].written_at
    first_start = entries[0].written_at - timedelta(seconds=10)
    first_seconds = (middle - first_start).total_seconds() - 1
    attach_recording(demo, meeting.id, write_sound(tmp_path / "part 1.wav", first_seconds), first_start)
    saved = attach_recording(demo, meeting.id, write_sound(tmp_path / "part 2.wav", 4 * 3600), middle)

    assert [recording.audio_file for recording in saved.recordings] == ["recording-1.wav", "recording-2.wav"]
    for entry in demo.memo(meeting.id):
        if entry.written_at < middle:
            assert entry.recording_offset == int((entry.written_at - first_start).total_seconds())
        else:
            assert entry.recording_offset == int((entry.written_at - middle).total_seconds())


def test_refused_while_someone_present_has_not_consented(demo: Repository, tmp_path: Path) -> None:
    meeting = next(meeting for meeting in held_meetings(demo) if missing_consent(demo, meeting))
    names = missing_consent(demo, meeting)
    with pytest.raises(RecordingRefused) as refused:
        attach_recording(demo, meeting.id, write_sound(tmp_path / "a.wav", 60), meeting.starts_at)
    assert all(name in str(refused.value) for name in names)
    assert "consented" in str(refused.value)
    assert demo.meeting(meeting.id).recordings == meeting.recordings
    assert not meeting_folder(demo.workspace.folder, meeting.id).exists()


def test_refused_for_a_meeting_not_held_a_file_that_is_no_sound_or_sound_recorded_in_the_app(
    demo: Repository, tmp_path: Path
) -> None:
    sound = write_sound(tmp_path / "a.wav", 60)
    planned = next(
        meeting for meeting in demo.meetings(demo.groups()[0].id) if meeting.status is not MeetingStatus.HELD
    )
    with pytest.raises(RecordingRefused, match="held meeting"):
        attach_recording(demo, planned.id, sound, planned.starts_at)

    meeting = consented_meeting(demo)
    text = tmp_path / "notes.mp3"
    text.write_text("not a sound at all\n" * 100, encoding="utf-8")
    with pytest.raises(RecordingRefused, match=r"notes\.mp3"):
        attach_recording(demo, meeting.id, text, meeting.starts_at)
    with pytest.raises(RecordingRefused, match="no sound file"):
        attach_recording(demo, meeting.id, tmp_path / "gone.m4a", meeting.starts_at)
    assert not meeting_folder(demo.workspace.folder, meeting.id).exists()

    in_app = Recording(
        started_at=meeting.starts_at, stopped_at=meeting.ends_at, audio_file="recording-1.opus", audio_seconds=60.0
    )
    demo.save_meeting(dataclasses.replace(meeting, recordings=[in_app]))
    with pytest.raises(RecordingRefused, match="recorded in the app"):
        attach_recording(demo, meeting.id, sound, meeting.starts_at)
    assert demo.meeting(meeting.id).recordings == [in_app]


def test_withdrawn_consent_deletes_the_sound_of_the_meetings_attended(demo: Repository, tmp_path: Path) -> None:
    meeting = consented_meeting(demo)
    attach_recording(demo, meeting.id, write_sound(tmp_path / "a.wav", 3 * 3600), meeting.starts_at)
    attach_recording(demo, meeting.id, write_sound(tmp_path / "b.m4a", 60), meeting.ends_at)
    present = next(entry.person_id for entry in demo.attendance(meeting.id) if entry.status is Presence.PRESENT)
    away = [
        person.id
        for person in demo.people(meeting.group_id)
        if person.id
        not in {entry.person_id for entry in demo.attendance(meeting.id) if entry.status is Presence.PRESENT}
    ]
    assert meeting.id in [found.id for found in recordings_to_delete(demo, [present])]
    for person_id in away:
        assert meeting.id not in [found.id for found in recordings_to_delete(demo, [person_id])]
    assert away
    demo_sound = [path for path in sound_files(demo.workspace.folder) if path.parent.name != meeting.id]

    assert delete_recordings(demo, [meeting.id]) == 2

    assert sound_files(demo.workspace.folder) == demo_sound  # the other meetings' sound stays
    assert not meeting_folder(demo.workspace.folder, meeting.id).exists()
    kept = demo.meeting(meeting.id).recordings
    assert [(recording.audio_file, recording.audio_seconds) for recording in kept] == [("", None), ("", None)]
    assert kept[0].started_at == meeting.starts_at and kept[0].attached  # the marks stay
    assert all(entry.recording_offset is None for entry in demo.memo(meeting.id))
    assert meeting.id not in [found.id for found in recordings_to_delete(demo, [present])]
    assert delete_recordings(demo, [meeting.id]) == 0


def test_the_sound_folder_beside_the_meeting_files_leaves_backups_and_reopening_alone(
    demo: Repository, tmp_path: Path
) -> None:
    meeting = consented_meeting(demo)
    attach_recording(demo, meeting.id, write_sound(tmp_path / "a.m4a", 60), meeting.starts_at)
    folder = demo.workspace.folder
    every_meeting = {one.id for one in demo.meetings(meeting.group_id)}
    assert meeting.id in demo.meetings_with_files() <= every_meeting

    backup = make_backup(folder, "test")
    assert not list(backup.rglob("recording-*"))  # backups hold the records, never sound
    assert read_workspace(folder, lambda repository: repository.meeting(meeting.id).recordings[0].has_audio)


def test_a_meeting_removed_takes_its_sound_with_it(demo: Repository, tmp_path: Path) -> None:
    meeting = consented_meeting(demo)
    attach_recording(demo, meeting.id, write_sound(tmp_path / "a.wav", 30), meeting.starts_at)
    others = [path for path in sound_files(demo.workspace.folder) if path.parent.name != meeting.id]
    demo.save_meetings([], removed=[demo.meeting(meeting.id)])
    assert not meeting_folder(demo.workspace.folder, meeting.id).exists()
    assert sound_files(demo.workspace.folder) == others
