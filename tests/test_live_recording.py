"""The live meeting records for real: the sound of a private sound server's room (see
tests/sound_server.py) goes into the meeting's folder while the recording runs, each memo line gets the
recorder's own offset, and a tone played into the room is found in the file at that offset; pause
and resume keep the later offsets true; nobody is recorded without consent; with no sound server the
recording keeps its marks, said so (a recording a crash left running: tests/test_live_recording_crash.py).

The rules of offsets, pauses and a recording left running are checked without any sound first."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from facilitator.app import make_app
from facilitator.audio.files import audio_seconds
from facilitator.live import (
    moment_of_offset,
    recording_left_running,
    recording_offset,
    recording_paused,
    recording_resumed,
    recording_started,
    recording_stopped,
)
from facilitator.model import Attendance, Meeting, Pause, Presence, Recording
from screens.consent_gate import ConsentGate
from screens.live import LiveScreen
from screens.widgets.clock_bar import ClockBar, level_meter
from storage.recordings import meeting_folder
from storage.workspace import Workspace
from tests.app_support import notices
from tests.conftest import reopen
from tests.live_recording_support import check_in_someone_consenting, start_recording, stored_meeting, until
from tests.sound_support import SoundServer, pcm_of, tone_moments
from tests.test_memo_burst import SIZE, live_meeting, open_live_screen, start_meeting

START = datetime(2025, 11, 12, 16, 0, tzinfo=UTC)
TONE = 1000.0


def _running(**fields: object) -> Meeting:
    meeting = Meeting(group_id="g", starts_at=START, ends_at=START + timedelta(hours=2), started_at=START)
    return dataclasses.replace(meeting, recordings=[Recording(started_at=START, **fields)])  # type: ignore[arg-type]


def at(seconds: float) -> datetime:
    return START + timedelta(seconds=seconds)


# -- the rules -----------------------------------------------------------------------------------


def test_the_offset_is_the_sound_written_when_a_recorder_counts_it_else_the_clock_less_the_pauses() -> None:
    meeting = recording_started(_running(), [], START)  # already running: unchanged
    assert recording_offset(meeting, at(100), sound_seconds=93.7) == 93
    assert recording_offset(meeting, at(100)) == 100

    paused = recording_paused(meeting, at(60))
    assert paused.recording is not None and paused.recording.paused
    assert recording_offset(paused, at(90)) == 60  # a line typed while paused: where the sound paused
    resumed = recording_resumed(paused, at(120))
    assert resumed.recording is not None and not resumed.recording.paused
    assert resumed.recording.pauses == [Pause(paused_at=at(60), resumed_at=at(120))]
    assert recording_offset(resumed, at(150)) == 90  # the minute paused is not in the sound

    stopped = recording_stopped(recording_paused(resumed, at(200)), at(230), audio_seconds=140.0)
    assert stopped.recording is None
    last = stopped.recordings[-1]
    assert last.stopped_at == at(230) and last.audio_seconds == 140.0
    assert last.pauses[-1] == Pause(paused_at=at(200), resumed_at=at(230))  # no pause left open


def test_a_pause_or_resume_without_a_recording_running_changes_nothing() -> None:
    meeting = recording_stopped(_running(), at(10))
    assert recording_paused(meeting, at(20)) == meeting
    assert recording_resumed(meeting, at(20)) == meeting
    running = _running()
    assert recording_resumed(running, at(20)) == running
    paused = recording_paused(running, at(20))
    assert recording_paused(paused, at(30)) == paused


def test_a_recording_left_running_stops_where_its_sound_ends_pauses_skipped() -> None:
    meeting = _running(audio_file="recording-1.opus", pauses=[Pause(paused_at=at(60), resumed_at=at(120))])
    running = meeting.recording
    assert running is not None
    assert moment_of_offset(running, 30) == at(30)
    assert moment_of_offset(running, 90) == at(150)  # 60 s before the pause, 30 after it
    closed = recording_left_running(meeting, 90.0, last_known=at(500)).recordings[-1]
    assert closed.stopped_at == at(150) and closed.audio_seconds == 90.0

    # Paused when the app went: the sound ends where it paused.
    open_pause = _running(audio_file="recording-1.opus", pauses=[Pause(paused_at=at(60))])
    closed = recording_left_running(open_pause, 60.0, last_known=at(500)).recordings[-1]
    assert closed.stopped_at == at(60) and not closed.paused

    # No sound: the last moment anything was noted.
    marks = recording_left_running(_running(), None, last_known=at(500)).recordings[-1]
    assert marks.stopped_at == at(500) and marks.audio_seconds is None


def test_the_meter_lights_more_cells_as_the_sound_grows_louder() -> None:
    assert level_meter(0.0) == " " * 8
    assert level_meter(1.0) == "▁▂▃▄▅▆▇█"
    assert level_meter(0.001) == " " * 8  # −60 dB: nothing
    lit = [len(level_meter(level).strip()) for level in (0.003, 0.03, 0.3)]
    assert lit == sorted(lit) and 0 < lit[0] < lit[-1] < 8


# -- in the app ----------------------------------------------------------------------------------


async def type_line(pilot, live: LiveScreen, text: str) -> tuple[float, float]:
    """Type ``text`` and Enter; the recorder's offset just before and just after (0, 0 without one)."""
    line = live.query_one("#memo-line")
    line.value = text  # type: ignore[attr-defined]
    before = live._sound_seconds() or 0.0
    await pilot.press("enter")
    await pilot.pause()
    after = live._sound_seconds() or 0.0
    assert live._entries[-1].text == text, notices(pilot.app)
    return before, after


def tone_in(path: Path) -> float:
    """Where the one tone played starts in the file at ``path``. A loaded machine may drop a piece
    of the tone as it is played, which splits it: the pieces must all fall within its length."""
    moments = tone_moments(pcm_of(path), TONE)
    assert moments and moments[-1] - moments[0] < 1.0, moments
    return moments[0]


def sound_files(folder: Path, meeting: Meeting) -> list[str]:
    found = meeting_folder(folder, meeting.id)
    return sorted(path.name for path in found.iterdir()) if found.exists() else []


@pytest.mark.app
async def test_a_recording_takes_the_rooms_sound_and_each_memo_line_its_moment(
    demo_path: Path, sound_server: SoundServer
) -> None:
    async with live_meeting(demo_path) as (pilot, live, _line):
        recorder = await start_recording(pilot, live)
        assert "Recording started: entries now keep their offset into it. ctrl+z or F9 pauses it." in notices(pilot.app)
        await until(pilot, lambda: recorder.offset_seconds >= 1.5)

        bar = live.query_one(ClockBar)
        live._tick()
        await pilot.pause()
        assert bar.sound_level is not None and "● recording 0:00:0" in str(bar.render())

        before, after = await type_line(pilot, live, "the tone comes now")
        entry = live._entries[-1]
        assert entry.recording_offset is not None and int(before) <= entry.recording_offset <= int(after)
        played_at = recorder.offset_seconds
        playing = asyncio.create_task(asyncio.to_thread(sound_server.play_tone, TONE, 0.6))
        await until(pilot, lambda: bar.sound_level is not None and bar.sound_level > 0.1)  # the meter shows it
        assert level_meter(bar.sound_level).strip() in str(bar.render())
        await playing

        await pilot.press("ctrl+r")
        await pilot.pause()
        assert live._recorder is None and live.meeting.recording is None
        meeting_id = live.meeting.id

    meeting = stored_meeting(demo_path, meeting_id)
    [recording] = meeting.recordings
    assert recording.audio_file == "recording-1.opus" and recording.stopped_at is not None
    path = meeting_folder(demo_path, meeting_id) / recording.audio_file
    assert recording.audio_seconds is not None and abs(audio_seconds(path) - recording.audio_seconds) < 0.2
    tone = tone_in(path)
    # The tone is where the recorder counted when it was played, give or take the room's delay,
    # and within two seconds of the line typed just before it: playing the line plays the tone.
    assert played_at - 0.1 <= tone <= played_at + 1.0, (played_at, tone)
    assert entry.recording_offset <= tone <= entry.recording_offset + 2


@pytest.mark.app
async def test_a_pause_leaves_its_time_out_of_the_sound_and_the_offsets(
    demo_path: Path, sound_server: SoundServer
) -> None:
    async with live_meeting(demo_path) as (pilot, live, _line):
        recorder = await start_recording(pilot, live)
        started = time.monotonic()
        await until(pilot, lambda: recorder.offset_seconds >= 1.0)

        await pilot.press("ctrl+z")
        await pilot.pause()
        assert recorder.paused and live.meeting.recording is not None and live.meeting.recording.paused
        assert any(note.startswith("Recording paused: ctrl+z or F9 resumes it.") for note in notices(pilot.app))
        live._tick()
        await pilot.pause()
        assert "‖ paused" in str(live.query_one(ClockBar).render())
        paused_at = recorder.offset_seconds
        await asyncio.to_thread(sound_server.play_tone, TONE, 0.5)  # not heard: paused
        await asyncio.sleep(1.0)
        await type_line(pilot, live, "said while paused")
        assert live._entries[-1].recording_offset == int(paused_at)
        assert recorder.offset_seconds == paused_at

        await pilot.press("f9")
        await pilot.pause()
        assert not recorder.paused and live.meeting.recording is not None and not live.meeting.recording.paused
        await until(pilot, lambda: recorder.offset_seconds >= paused_at + 0.5)
        before, after = await type_line(pilot, live, "the tone after the pause")
        offset = live._entries[-1].recording_offset
        assert offset is not None and int(before) <= offset <= int(after)
        assert offset < time.monotonic() - started - 1.4  # the second and a half paused is not counted
        played_at = recorder.offset_seconds
        await asyncio.to_thread(sound_server.play_tone, TONE, 0.5)
        await asyncio.sleep(0.5)
        await pilot.press("ctrl+r")
        await pilot.pause()
        meeting_id = live.meeting.id

    [recording] = stored_meeting(demo_path, meeting_id).recordings
    [pause] = recording.pauses
    assert pause.resumed_at is not None and pause.resumed_at >= pause.paused_at
    tone = tone_in(meeting_folder(demo_path, meeting_id) / recording.audio_file)
    assert played_at - 0.1 <= tone <= played_at + 1.0, (played_at, tone)  # the paused tone is not in it


@pytest.mark.app
async def test_leaving_or_quitting_closes_the_sound_file(demo_path: Path, sound_server: SoundServer) -> None:
    async with live_meeting(demo_path) as (pilot, live, _line):
        recorder = await start_recording(pilot, live)
        await until(pilot, lambda: recorder.offset_seconds >= 1.0)
        await pilot.press("escape")
        await pilot.pause()
        assert live._recorder is None and not isinstance(pilot.app.screen, LiveScreen)
        assert "Recording stopped." in notices(pilot.app)
        meeting = live.meeting
    [left] = stored_meeting(demo_path, meeting.id).recordings
    assert left.stopped_at is not None and left.audio_seconds is not None and left.audio_seconds >= 1.0

    # Quitting with ctrl+q while recording: the file is closed and the recording saved as stopped.
    app = make_app(Workspace.open(demo_path), clock=lambda: meeting.starts_at + timedelta(hours=1))
    async with app.run_test(size=SIZE) as pilot:
        live = await open_live_screen(pilot)
        await pilot.press("ctrl+r")
        await pilot.pause()
        recorder = live._recorder
        assert recorder is not None, notices(pilot.app)
        await until(pilot, lambda: recorder.offset_seconds >= 1.0)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert live._recorder is None
    recordings = stored_meeting(demo_path, meeting.id).recordings
    assert [recording.audio_file for recording in recordings] == ["recording-1.opus", "recording-2.opus"]
    quit_with = recordings[-1]
    assert quit_with.stopped_at is not None and quit_with.audio_seconds is not None
    path = meeting_folder(demo_path, meeting.id) / quit_with.audio_file
    assert abs(audio_seconds(path) - quit_with.audio_seconds) < 0.2


@pytest.mark.app
async def test_nobody_is_recorded_before_everyone_present_consents(demo_path: Path) -> None:
    meeting, _clock = start_meeting(demo_path)
    repository = reopen(demo_path)
    try:
        repository.save_attendance(
            Attendance(
                meeting_id=meeting.id, guest_name="Sara Gäst", status=Presence.PRESENT, arrived_at=meeting.starts_at
            )
        )
    finally:
        repository.workspace.close()
    async with live_meeting(demo_path) as (pilot, live, _line):
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConsentGate)
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is live
        assert live.meeting.recording is None and live._recorder is None
        await pilot.press("ctrl+z")  # no recording: nothing to pause
        await pilot.pause()
        assert live.meeting.recordings == []
    assert sound_files(demo_path, meeting) == []


@pytest.mark.app
async def test_without_a_sound_system_the_recording_keeps_its_marks_and_memo_taking_goes_on(
    demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No PulseAudio answers (the server named does not exist), and ALSA knows no device.
    monkeypatch.setenv("PULSE_SERVER", f"unix:{tmp_path / 'no-server'}")
    empty = tmp_path / "alsa.conf"
    empty.write_text("")
    monkeypatch.setenv("ALSA_CONFIG_PATH", str(empty))
    async with live_meeting(demo_path) as (pilot, live, _line):
        check_in_someone_consenting(live)
        await pilot.press("ctrl+r")
        await pilot.pause()
        [note] = [note for note in pilot.app._notifications if note.title == "No sound recorded"]
        assert note.severity == "warning"
        assert note.message.startswith("No microphone answered")
        assert "can be attached to the meeting afterwards" in note.message
        running = live.meeting.recording
        assert running is not None and running.audio_file == "" and live._recorder is None

        live._tick()
        await pilot.pause()
        assert "● no sound 0:00:" in str(live.query_one(ClockBar).render())
        await type_line(pilot, live, "still written down")
        assert live._entries[-1].recording_offset is not None

        await pilot.press("ctrl+z")  # the marks pause too
        await pilot.pause()
        assert live.meeting.recording is not None and live.meeting.recording.paused
        await pilot.press("ctrl+r")
        await pilot.pause()
        [recording] = live.meeting.recordings
        assert recording.stopped_at is not None and not recording.has_audio and recording.audio_seconds is None
        assert not recording.paused
        meeting = live.meeting
    assert sound_files(demo_path, meeting) == []
