"""Nobody's voice is kept without consent, with real sound (tests/sound_server.py): a person without
consent checked in while the microphone records pauses the sound at once, before they are asked;
consent resumes it and the file goes on, none stops it and keeps only the sound taken before. A
meeting closed holding sound while someone present has not consented asks whether to delete it.
And a microphone that stops sending sound shows so in the bar at once, not as still recording."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from textual.widgets import DataTable

from facilitator.app import make_app
from facilitator.audio.files import audio_seconds
from facilitator.audio.synthetic import write_synthetic_recording
from facilitator.live import recording_paused, recording_resumed, recording_stopped
from facilitator.model import Attendance, Meeting, Pause, Presence, Recording, Role
from facilitator.recordings import recorder_running
from screens.close_meeting import CloseMeetingScreen
from screens.confirm import ConfirmScreen
from screens.consent_gate import ConsentGate
from screens.live import LiveScreen
from screens.widgets.clock_bar import ClockBar
from storage.recordings import meeting_folder
from storage.workspace import Workspace
from tests.app_support import notices
from tests.conftest import reopen
from tests.live_recording_support import start_recording, stored_meeting, until
from tests.sound_support import SoundServer
from tests.test_memo_burst import SIZE, live_meeting, open_live_screen, start_meeting


def test_a_clock_set_back_after_a_pause_never_stops_the_recording_before_the_pause_ended() -> None:
    began = datetime(2025, 11, 12, 16, 0, tzinfo=UTC)
    meeting = Meeting(group_id="g", starts_at=began, ends_at=began + timedelta(hours=2), started_at=began)
    meeting = dataclasses.replace(meeting, recordings=[Recording(started_at=began)])
    resumed = recording_resumed(recording_paused(meeting, began + timedelta(minutes=5)), began + timedelta(minutes=9))
    stopped = recording_stopped(resumed, began + timedelta(minutes=2)).recordings[-1]  # the clock went back
    assert stopped.stopped_at == began + timedelta(minutes=9)
    assert stopped.pauses == [Pause(paused_at=began + timedelta(minutes=5), resumed_at=began + timedelta(minutes=9))]


async def check_in(pilot, live: LiveScreen, row: int) -> None:
    """Mark the check-in's ``row`` present and come back to the live screen."""
    await pilot.press("ctrl+y")
    await pilot.pause()
    pilot.app.screen.query_one(DataTable).move_cursor(row=row)
    await pilot.press("p", "escape")
    await pilot.pause()


@pytest.mark.app
@pytest.mark.processes  # the sound server
async def test_someone_without_consent_checked_in_pauses_the_sound_at_once_until_they_consent(
    demo_path: Path, sound_server: SoundServer
) -> None:
    async with live_meeting(demo_path) as (pilot, live, _line):
        recorder = await start_recording(pilot, live)
        await until(pilot, lambda: recorder.offset_seconds >= 1.0)
        assert recorder_running(live.meeting.id), "its sound is not to be deleted meanwhile"

        rows = live._rows()
        first, second = [index for index, row in enumerate(rows) if not row.has_audio_consent][:2]
        await check_in(pilot, live, first)
        assert isinstance(pilot.app.screen, ConsentGate)
        assert recorder.paused, "no sound taken while they are asked"
        assert live.meeting.recording is not None and live.meeting.recording.paused
        assert f"Recording paused: {rows[first].name} has not consented." in notices(pilot.app)
        paused_at = recorder.offset_seconds
        await asyncio.sleep(0.6)
        assert recorder.offset_seconds == paused_at

        await pilot.press("c")
        await pilot.pause()
        assert pilot.app.screen is live and not recorder.paused
        await until(pilot, lambda: recorder.offset_seconds >= paused_at + 0.5)

        await check_in(pilot, live, second)
        assert isinstance(pilot.app.screen, ConsentGate) and recorder.paused
        await pilot.press("escape")  # no consent: the recording stops
        await pilot.pause()
        assert pilot.app.screen is live and live._recorder is None and live.meeting.recording is None
        meeting_id = live.meeting.id
        assert not recorder_running(meeting_id)

    [recording] = stored_meeting(demo_path, meeting_id).recordings
    assert recording.stopped_at is not None and len(recording.pauses) == 2
    path = meeting_folder(demo_path, meeting_id) / recording.audio_file
    assert recording.audio_seconds is not None and recording.audio_seconds >= paused_at + 0.5
    assert abs(audio_seconds(path) - recording.audio_seconds) < 0.2, "the sound before they came is kept"


def _closing_with_sound(folder: Path) -> tuple[str, str, Path]:
    """The first group's meeting under way, holding a minute of sound and an entry with its moment
    in it, and a member present who has not consented (checked in after it, say, or a consent
    withdrawn at the check-in): the meeting's id, the member's name and the sound file."""
    meeting, clock = start_meeting(folder)
    began = clock.moment
    repository = reopen(folder)
    try:
        path = meeting_folder(folder, meeting.id) / "recording-1.opus"
        path.parent.mkdir(parents=True)
        write_synthetic_recording(path, 60.0, seed=5)
        sound = Recording(
            started_at=began,
            stopped_at=began + timedelta(seconds=60),
            audio_file=path.name,
            audio_seconds=audio_seconds(path),
        )
        repository.save_meeting(dataclasses.replace(meeting, recordings=[sound]))
        member = next(
            person
            for person in repository.people(meeting.group_id)
            if person.role is Role.MEMBER and person.audio_consent is None
        )
        repository.save_attendance(
            Attendance(
                meeting_id=meeting.id,
                person_id=member.id,
                status=Presence.PRESENT,
                arrived_at=began + timedelta(seconds=30),
            )
        )
        return meeting.id, member.name, path
    finally:
        repository.workspace.close()


@pytest.mark.app
@pytest.mark.parametrize("delete", [True, False], ids=["deleted", "kept"])
async def test_closing_a_meeting_holding_sound_someone_did_not_consent_to_asks_to_delete_it(
    demo_path: Path, delete: bool
) -> None:
    meeting_id, name, path = _closing_with_sound(demo_path)
    started = stored_meeting(demo_path, meeting_id).started_at
    assert started is not None
    app = make_app(Workspace.open(demo_path), clock=lambda: started + timedelta(hours=1))
    async with app.run_test(size=SIZE) as pilot:
        live = await open_live_screen(pilot)
        await pilot.press("ctrl+f")
        await pilot.pause()
        question = pilot.app.screen
        assert isinstance(question, ConfirmScreen)
        asked = str(question.query_one("#confirm-question").render())
        assert asked.startswith(f"This meeting holds sound, and {name} was present without consent to the recording.")
        await pilot.press("y" if delete else "n")
        await pilot.pause()
        assert isinstance(pilot.app.screen, CloseMeetingScreen), "then on to closing, either way"
        assert path.exists() is not delete
        assert any(recording.has_audio for recording in live.meeting.recordings) is not delete
        if delete:
            assert "The meeting's sound is deleted (1 file)." in notices(pilot.app)

    [recording] = stored_meeting(demo_path, meeting_id).recordings
    assert recording.stopped_at is not None, "the marks stay"
    assert recording.has_audio is not delete


@pytest.mark.app
@pytest.mark.processes  # the sound server, killed
async def test_a_microphone_that_stops_sending_shows_in_the_bar_before_the_recording_stops(
    demo_path: Path, private_sound_server: SoundServer
) -> None:
    async with live_meeting(demo_path) as (pilot, live, _line):
        recorder = await start_recording(pilot, live)
        await until(pilot, lambda: recorder.offset_seconds >= 1.0)
        bar = live.query_one(ClockBar)
        live._tick()
        await pilot.pause()
        shown = str(bar.render())
        assert "● recording 0:00:0" in shown and "no sound coming in" not in shown
        assert "▁" in shown, "the meter's dim baseline, even in a silent room"

        private_sound_server.kill()
        deadline = time.monotonic() + 8
        while "● no sound coming in" not in str(bar.render()):
            assert time.monotonic() < deadline, (str(bar.render()), notices(pilot.app))
            live._tick()
            await asyncio.sleep(0.2)
        assert live._recorder is recorder, "told before the recorder gives up on the microphone"
