"""The demo network's latest held meetings hold a few minutes of made-up sound, so that playing a
memo line's moment can be tried at once: ``facilitator demo`` writes each file beside its meeting,
it plays for as long as its recording says, every offset of the meeting's lines falls inside it,
and everyone present had consented."""

from __future__ import annotations

import array
from datetime import date
from pathlib import Path

import pytest

from facilitator.audio.files import audio_seconds, decoded_pcm
from facilitator.audio.synthetic import write_synthetic_recording
from facilitator.demo import generate_network
from facilitator.demo.sounds import SOUND_MEETINGS, SOUND_SECONDS
from facilitator.model import MeetingStatus, Presence
from storage.recordings import audio_path, sound_files
from storage.repository import Repository
from storage.workspace import Workspace
from tests.test_cli import facilitator

DAY = date(2026, 11, 27)


def test_the_latest_held_meetings_hold_a_short_recording_with_the_lines_typed_in_it() -> None:
    network = generate_network(groups=3, years=2, seed=1, today=DAY)
    assert network.sounds == generate_network(groups=3, years=2, seed=1, today=DAY).sounds
    assert len(network.sounds) == SOUND_MEETINGS
    held = sorted(
        (meeting for meeting in network.meetings if meeting.status is MeetingStatus.HELD),
        key=lambda meeting: meeting.starts_at,
    )
    meetings = {meeting.id: meeting for meeting in held}
    assert {sound.meeting_id for sound in network.sounds} == {meeting.id for meeting in held[-SOUND_MEETINGS:]}
    people = {person.id: person for person in network.people}
    for sound in network.sounds:
        (recording,) = meetings[sound.meeting_id].recordings
        assert recording.stopped_at is not None
        assert (recording.audio_file, recording.audio_seconds) == (sound.audio_file, SOUND_SECONDS)
        assert (recording.stopped_at - recording.started_at).total_seconds() == SOUND_SECONDS
        entries = [entry for entry in network.memo_entries if entry.meeting_id == sound.meeting_id]
        inside = [entry for entry in entries if recording.started_at <= entry.written_at <= recording.stopped_at]
        assert inside, "a line to play"
        for entry in entries:
            expected = (entry.written_at - recording.started_at).total_seconds() if entry in inside else None
            assert entry.recording_offset == (None if expected is None else int(expected))
        day = meetings[sound.meeting_id].starts_at.date()
        for row in network.attendance:
            if row.meeting_id == sound.meeting_id and row.status is Presence.PRESENT:
                consent = people[row.person_id].audio_consent if row.person_id else None
                assert row.audio_consent or (consent is not None and consent <= day), row


@pytest.mark.processes
def test_the_demo_writes_each_meetings_sound_beside_it(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    done = facilitator("--workspace", folder, "demo", "--groups", "1", "--years", "1", "--no-open")
    assert done.returncode == 0, done.stderr
    with Workspace.open_for_reading(folder) as workspace:
        repository = Repository(workspace)
        recorded = [
            (meeting, recording)
            for group in repository.groups()
            for meeting in repository.meetings(group.id)
            for recording in meeting.recordings
            if recording.has_audio
        ]
        assert len(recorded) == SOUND_MEETINGS
        files = []
        for meeting, recording in recorded:
            path = audio_path(folder, meeting.id, recording)
            assert path == folder / "meetings" / meeting.id / "recording-1.opus"
            assert recording.audio_seconds == SOUND_SECONDS
            assert abs(audio_seconds(path) - SOUND_SECONDS) < 0.1
            offsets = [entry.recording_offset for entry in repository.memo(meeting.id)]
            assert [offset for offset in offsets if offset is not None], "a line to play"
            assert all(0 <= offset < SOUND_SECONDS for offset in offsets if offset is not None)
            files.append(path)
        assert sorted(sound_files(folder)) == sorted(files)
    assert sum(path.stat().st_size for path in files) < 1_000_000, "the demo stays small"


def test_the_made_up_sound_speaks_and_pauses(tmp_path: Path) -> None:
    path = tmp_path / "recording-1.opus"
    write_synthetic_recording(path, 12.5, seed=3)
    assert abs(audio_seconds(path) - 12.5) < 0.05
    samples = array.array("h", b"".join(decoded_pcm(path)))
    tenths = [max(map(abs, samples[start : start + 4800])) for start in range(0, len(samples) - 4800, 4800)]
    assert max(tenths) > 3000, "voices"
    assert min(tenths) < 300, "pauses between them"
    same = tmp_path / "again.opus"
    write_synthetic_recording(same, 12.5, seed=3)
    assert b"".join(decoded_pcm(same)) == b"".join(decoded_pcm(path))
