"""Playing a recording from a moment on, for real: the player plays into the private sound server's
room (tests/sound_server.py), and a recorder listening to the room must hear the file's tone at the
moment it was played from; stop() must silence it, and the end of the file too.

The sound server is a process of its own: the tests that use it are marked ``processes``."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from facilitator.audio import AudioUnavailable, UnreadableAudio
from facilitator.audio.player import Player
from facilitator.audio.recorder import Recorder
from tests.sound_support import SoundServer, pcm_of, silence, tone_samples, tone_spans, wait_for_sound, write_sound
from tests.test_audio_recorder import CLOSE, no_sound_system

#: A meeting of eight seconds: silence, a two-second tone of 600 Hz from 3.0 s, silence.
TONE_AT, TONE_SECONDS = 3.0, 2.0


@pytest.fixture
def meeting(tmp_path: Path) -> Path:
    path = tmp_path / "recording-1.opus"
    write_sound(path, silence(TONE_AT) + tone_samples(600, TONE_SECONDS) + silence(3.0))
    return path


def wait_until(condition: Callable[[], bool], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "waited in vain"
        time.sleep(0.02)


@pytest.mark.processes
def test_a_file_plays_from_its_moment_and_ends_by_itself(
    sound_server: SoundServer, meeting: Path, tmp_path: Path
) -> None:
    recorder = Recorder(tmp_path / "heard.opus")
    recorder.start()
    wait_for_sound(recorder, 0.5)
    player = Player()
    started = recorder.offset_seconds
    player.play(meeting, 2.0)
    assert player.playing
    position = player.position
    assert position is not None and position >= 2.0
    wait_until(lambda: (player.position or 0) > 2.5)
    wait_until(lambda: not player.playing)
    assert player.position is None
    wait_for_sound(recorder, started + 7.0)
    recorder.stop()

    ((start, end),) = tone_spans(pcm_of(recorder.path), 600)
    assert start == pytest.approx(started + TONE_AT - 2.0, abs=CLOSE)
    assert end - start == pytest.approx(TONE_SECONDS, abs=0.2)


@pytest.mark.processes
def test_stop_silences_at_once_and_a_new_moment_replaces_the_old(
    sound_server: SoundServer, meeting: Path, tmp_path: Path
) -> None:
    recorder = Recorder(tmp_path / "heard.opus")
    recorder.start()
    wait_for_sound(recorder, 0.5)
    player = Player()
    player.play(meeting, 0.0)  # the tone would start three seconds on: replaced before it
    wait_until(lambda: (player.position or 0) > 0.5)
    replaced = recorder.offset_seconds
    player.play(meeting, TONE_AT)
    wait_for_sound(recorder, replaced + 0.5)
    player.stop()
    stopped = recorder.offset_seconds
    assert not player.playing
    assert player.position is None
    wait_for_sound(recorder, stopped + 3.0)
    recorder.stop()

    ((start, end),) = tone_spans(pcm_of(recorder.path), 600)
    assert start == pytest.approx(replaced, abs=CLOSE)
    assert end == pytest.approx(stopped, abs=CLOSE)  # not the two seconds of the tone


def test_a_text_file_is_refused_before_any_sound(tmp_path: Path) -> None:
    impostor = tmp_path / "recording-2.m4a"
    impostor.write_text("not a sound", encoding="utf-8")
    player = Player()
    with pytest.raises(UnreadableAudio, match=r"recording-2\.m4a"):
        player.play(impostor, 0.0)
    assert not player.playing


def test_no_sound_output_is_a_clear_message(meeting: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    no_sound_system(tmp_path, monkeypatch)
    player = Player()
    with pytest.raises(AudioUnavailable, match="No sound output answered"):
        player.play(meeting, 0.0)
    assert not player.playing
    player.stop()  # nothing to stop: nothing happens
