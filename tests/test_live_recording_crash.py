"""A recording a crash left running is closed when the live meeting opens again: where its sound
file ends, the pauses skipped, or with no sound at the last moment anything was noted."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path

import pytest

from facilitator.app import make_app
from facilitator.audio.files import audio_seconds
from facilitator.audio.synthetic import write_synthetic_recording
from facilitator.model import Attendance, Meeting, Pause, Presence, Recording
from screens.widgets.clock_bar import ClockBar
from storage.recordings import meeting_folder
from storage.workspace import Workspace
from tests.app_support import notices
from tests.conftest import reopen
from tests.live_recording_support import stored_meeting
from tests.test_memo_burst import SIZE, open_live_screen, start_meeting


def _left_running(folder: Path, recording: Recording) -> Meeting:
    """The first group's next meeting under way with ``recording`` still running, as a crash leaves it."""
    meeting, _clock = start_meeting(folder)
    repository = reopen(folder)
    try:
        return repository.save_meeting(dataclasses.replace(meeting, recordings=[recording]))
    finally:
        repository.workspace.close()


@pytest.mark.app
async def test_a_recording_a_crash_left_running_is_closed_where_its_file_ends(demo_path: Path) -> None:
    meeting, clock = start_meeting(demo_path)
    started_at = clock.moment
    path = meeting_folder(demo_path, meeting.id) / "recording-1.opus"
    path.parent.mkdir(parents=True)
    write_synthetic_recording(path, 20.0, seed=3)
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) * 3 // 4])  # the power went: the end never written
    seconds = audio_seconds(path)
    assert 10 < seconds < 20
    _left_running(
        demo_path,
        Recording(
            started_at=started_at,
            audio_file=path.name,
            pauses=[Pause(paused_at=started_at + timedelta(seconds=5), resumed_at=started_at + timedelta(seconds=65))],
        ),
    )

    app = make_app(Workspace.open(demo_path), clock=lambda: started_at + timedelta(hours=1))
    async with app.run_test(size=SIZE) as pilot:
        live = await open_live_screen(pilot)
        [recording] = live.meeting.recordings
        assert recording.audio_seconds == pytest.approx(seconds)
        assert recording.stopped_at == started_at + timedelta(seconds=60 + seconds)  # the minute paused skipped
        [note] = [note for note in pilot.app._notifications if note.title == "Recording stopped"]
        assert note.message.startswith("The recording stopped when the app closed: its sound ends at ")
        assert note.message.endswith("ctrl+r or F6 records again.")
        assert live.query_one(ClockBar).recording_seconds is None

    assert stored_meeting(demo_path, meeting.id).recording is None


@pytest.mark.app
async def test_a_recording_of_marks_only_left_running_ends_at_the_last_moment_noted(demo_path: Path) -> None:
    meeting, clock = start_meeting(demo_path)
    started_at = clock.moment
    _left_running(demo_path, Recording(started_at=started_at))
    repository = reopen(demo_path)
    try:  # a line typed ten minutes in: the last thing known of the meeting
        repository.save_attendance(
            Attendance(
                meeting_id=meeting.id,
                guest_name="Sara Gäst",
                status=Presence.PRESENT,
                arrived_at=started_at + timedelta(minutes=10),
                audio_consent=started_at.date(),
            )
        )
    finally:
        repository.workspace.close()
    app = make_app(Workspace.open(demo_path), clock=lambda: started_at + timedelta(hours=1))
    async with app.run_test(size=SIZE) as pilot:
        live = await open_live_screen(pilot)
        [recording] = live.meeting.recordings
        assert recording.stopped_at == started_at + timedelta(minutes=10) and recording.audio_seconds is None
        assert any(note.startswith("The recording stopped when the app closed, at ") for note in notices(pilot.app))
