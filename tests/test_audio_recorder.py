"""Recording for real: a private sound server (tests/sound_server.py) whose microphone hears what is
played into its room; a tone played at a known moment must be in the file at the recorder's offset
of that moment, through pauses, and in the file a killed process leaves behind.

The sound server is a process of its own: these tests are marked ``processes``."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from facilitator.audio import AudioUnavailable
from facilitator.audio.files import audio_seconds
from facilitator.audio.player import Player
from facilitator.audio.recorder import Recorder
from facilitator.i18n import _
from tests.processes import REPO_ROOT, Child, child_env
from tests.sound_support import SoundServer, pcm_of, tone_moments, wait_for_sound

#: How far from the recorder's offset the tone may land: the room's monitor hears it a tenth of a
#: second or two after it is played.
CLOSE = 0.4


@pytest.mark.processes
def test_a_tone_is_in_the_file_at_the_offset_it_was_played(sound_server: SoundServer, tmp_path: Path) -> None:
    recorder = Recorder(tmp_path / "recording-1.opus")
    recorder.start()
    wait_for_sound(recorder, 0.5)
    first = recorder.offset_seconds
    sound_server.play_tone(1000, 0.4)
    wait_for_sound(recorder, first + 1.5)
    second = recorder.offset_seconds
    sound_server.play_tone(1000, 0.4)
    wait_for_sound(recorder, second + 1.0)
    seconds = recorder.stop()

    assert recorder.failure is None
    assert recorder.path.stat().st_mode & 0o777 == 0o600  # a voice, readable by the user only
    assert audio_seconds(recorder.path) == pytest.approx(seconds, abs=0.1)
    moments = tone_moments(pcm_of(recorder.path), 1000)
    assert moments == [pytest.approx(first, abs=CLOSE), pytest.approx(second, abs=CLOSE)]


@pytest.mark.processes
def test_a_pause_keeps_out_what_is_heard_and_the_later_offsets_true(sound_server: SoundServer, tmp_path: Path) -> None:
    recorder = Recorder(tmp_path / "recording-1.opus")
    recorder.start()
    wait_for_sound(recorder, 0.5)
    before = recorder.offset_seconds
    sound_server.play_tone(800, 0.4)

    recorder.pause()
    assert recorder.paused
    time.sleep(0.2)  # a chunk the device had already let past the pause is counted meanwhile
    paused_at = recorder.offset_seconds
    sound_server.play_tone(1200, 0.6)  # said during the pause: not kept
    time.sleep(0.5)
    assert recorder.offset_seconds == paused_at
    recorder.resume()
    assert not recorder.paused

    wait_for_sound(recorder, paused_at + 0.5)
    after = recorder.offset_seconds
    sound_server.play_tone(800, 0.4)
    wait_for_sound(recorder, after + 1.0)
    recorder.stop()

    pcm = pcm_of(recorder.path)
    assert tone_moments(pcm, 800) == [pytest.approx(before, abs=CLOSE), pytest.approx(after, abs=CLOSE)]
    assert tone_moments(pcm, 1200) == []


@pytest.mark.processes
def test_the_level_follows_the_sound(sound_server: SoundServer, tmp_path: Path) -> None:
    recorder = Recorder(tmp_path / "recording-1.opus")
    recorder.start()
    wait_for_sound(recorder, 0.5)
    quiet = recorder.level
    heard: list[float] = []
    tone = threading.Thread(target=sound_server.play_tone, args=(1000, 1.0))
    tone.start()
    while tone.is_alive():
        heard.append(recorder.level)
        time.sleep(0.02)
    tone.join()
    recorder.stop()
    assert quiet < 0.01
    assert 0.2 < max(heard) <= 1.0  # the tone's amplitude is 12000 of 32768
    assert recorder.level == 0.0


@pytest.mark.processes
def test_a_killed_recording_leaves_a_file_that_plays_to_nearly_its_end(
    sound_server: SoundServer, tmp_path: Path
) -> None:
    path = tmp_path / "recording-1.opus"
    code = """
        import sys, time
        from pathlib import Path
        from facilitator.audio.recorder import Recorder
        recorder = Recorder(Path(sys.argv[1]))
        recorder.start()
        while True:
            report(offset=recorder.offset_seconds)
            time.sleep(0.05)
    """
    with Child(code, path) as child:
        offset = 0.0
        while offset < 1.0:
            offset = child.next_report()["offset"]
        tone_at = offset
        sound_server.play_tone(1000, 0.4)
        while offset < tone_at + 4.0:
            offset = child.next_report()["offset"]
        child.kill()

    seconds = audio_seconds(path)
    assert offset - 2.0 <= seconds <= offset + 0.5
    pcm = pcm_of(path)
    assert len(pcm) / 2 / 48_000 == pytest.approx(seconds, abs=0.1)
    assert tone_moments(pcm, 1000) == [pytest.approx(tone_at, abs=CLOSE)]


@pytest.mark.processes
def test_a_microphone_that_dies_stops_the_recording_with_a_message_and_a_playable_file(
    private_sound_server: SoundServer, tmp_path: Path
) -> None:
    recorder = Recorder(tmp_path / "recording-1.opus")
    recorder.start()
    wait_for_sound(recorder, 1.0)
    private_sound_server.kill()
    deadline = time.monotonic() + 30
    while recorder.failure is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert recorder.failure is not None
    assert "microphone" in recorder.failure
    seconds = recorder.stop()
    assert seconds >= 1.0
    assert audio_seconds(recorder.path) == pytest.approx(seconds, abs=0.1)


def test_no_microphone_is_a_clear_message_and_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    no_sound_system(tmp_path, monkeypatch)
    recorder = Recorder(tmp_path / "recording-1.opus")
    with pytest.raises(AudioUnavailable, match="No microphone answered") as refused:
        recorder.start()
    assert "Memo-taking goes on" in str(refused.value)
    assert not recorder.path.exists()


@pytest.mark.processes
def test_a_file_that_cannot_be_made_is_a_clear_message(sound_server: SoundServer, tmp_path: Path) -> None:
    recorder = Recorder(tmp_path / "no such folder" / "recording-1.opus")
    with pytest.raises(AudioUnavailable, match="cannot be written: there is no such file or folder") as refused:
        recorder.start()
    assert "Errno" not in str(refused.value)  # the system's English words are not the user's


@pytest.mark.processes
def test_a_file_that_fails_mid_way_is_said_in_the_user_s_language_and_lets_the_microphone_go(
    sound_server: SoundServer, tmp_path: Path
) -> None:
    """The file may grow no further (here a file-size limit; a full disk alike): the recorder stops
    with the reason in Finnish, not the system's English, and the microphone is let go at once, not
    at the live screen's next look."""
    code = """
        import resource, signal, sys, time
        from pathlib import Path
        from facilitator.audio.recorder import Recorder
        from facilitator.i18n import use_language
        use_language("fi")
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails, and is said
        resource.setrlimit(resource.RLIMIT_FSIZE, (6000, 6000))  # two seconds of sound or so
        recorder = Recorder(Path(sys.argv[1]))
        recorder.start()
        while recorder.failure is None:
            time.sleep(0.05)
        report(failure=recorder.failure)
        time.sleep(60)
    """
    with Child(code, tmp_path / "recording-1.opus") as child:
        failure = child.next_report(timeout=30)["failure"]
        deadline = time.monotonic() + 5
        while microphones_in_use(sound_server) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert microphones_in_use(sound_server) == 0
        child.kill()
    assert "too large" not in failure and "Errno" not in failure
    assert failure == _fi("The recording's file could not be written ({reason}): it is kept up to this moment.").format(
        reason=_fi("the file is too large for this disk")
    )


def _fi(message: str) -> str:
    from facilitator.i18n import language, use_language

    before = language()
    use_language("fi")
    try:
        return _(message)
    finally:
        use_language(before)


def microphones_in_use(server: SoundServer) -> int:
    """How many programs are taking sound from the server's microphone now."""
    return len(server.pactl("list", "short", "source-outputs").stdout.splitlines())


def test_a_sound_library_that_does_not_load_is_a_clear_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A broken install (a library that fails to load) leaves memo-taking going, said as for no microphone."""
    for library in ("miniaudio", "av"):
        with monkeypatch.context() as patched:
            patched.setitem(sys.modules, library, None)  # its import fails as a broken wheel's would
            with pytest.raises(AudioUnavailable, match="No microphone answered"):
                Recorder(tmp_path / "recording-1.opus").start()
            with pytest.raises(AudioUnavailable, match="No sound output answered"):
                Player().play(tmp_path / "recording-1.opus", 0.0)
    assert not (tmp_path / "recording-1.opus").exists()


def no_sound_system(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Leave this process no sound system to reach (see :func:`no_sound_environment`)."""
    for key, value in no_sound_environment(folder).items():
        monkeypatch.setenv(key, value)


def no_sound_environment(folder: Path) -> dict[str, str]:
    """The environment of a process with no sound system to reach: PulseAudio at a socket nobody
    listens on, ALSA with an empty configuration (no devices, not even a laptop's own card), no JACK."""
    empty = folder / "asound.conf"
    empty.write_text("", encoding="utf-8")
    return {
        "PULSE_SERVER": f"unix:{folder / 'nobody-listens'}",
        "PULSE_RUNTIME_PATH": str(folder),
        "ALSA_CONFIG_PATH": str(empty),
        "JACK_NO_START_SERVER": "1",
    }


@pytest.mark.processes
def test_no_microphone_prints_nothing_onto_the_screen(tmp_path: Path) -> None:
    """The app's screen is the terminal: the ALSA library's complaints while no device answers must
    not land on it (they did, some thirty lines, before its error handler was quietened)."""
    code = (
        "from pathlib import Path\n"
        "from facilitator.audio import AudioUnavailable\n"
        "from facilitator.audio.recorder import Recorder\n"
        "try:\n"
        f"    Recorder(Path({str(tmp_path / 'recording-1.opus')!r})).start()\n"
        "except AudioUnavailable as refused:\n"
        "    print('refused:', refused)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        env=child_env(no_sound_environment(tmp_path)),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "refused: No microphone answered" in done.stdout
    assert done.stderr == ""
