"""A private sound server for the recording tests (their fixtures: tests/sound_server.py) and for
bench/recording.py: PulseAudio with one null output ("room") whose monitor is the default input,
so what is played into the room is what the microphone hears; and the tones, files and checks the
tests use with it.

Each pytest process (each xdist worker) starts its own, in a folder of its own, and points the
environment at it (``PULSE_SERVER``): miniaudio in this process and in the children it starts reach
that server and no other. Tests play a known tone into the room at a known moment
(:meth:`SoundServer.play_tone`) and look for it in the recorded file (:func:`tone_moments`).

Measured here: the room's monitor sends its first sound a second or two after a capture starts,
and the played tone reaches it a tenth of a second or two after it is played. Offsets are the
file's own timeline, so the tests compare the tone's place in the file with the recorder's
``offset_seconds`` read just before the tone is played.

Without ``pulseaudio`` installed, or when it does not start, :class:`SoundServerMissing` says why
(the tests skip with it).
"""

from __future__ import annotations

import array
import math
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Generator, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from facilitator.audio.recorder import Recorder

#: The null output the tones are played into; its monitor is the default microphone.
ROOM = "room"
RATE = 48_000
TONE_AMPLITUDE = 12_000
_START_SECONDS = 10.0


class SoundServerMissing(Exception):
    """No sound server could start here: the message says why (the skip's reason)."""


class SoundServer:
    """A PulseAudio server of its own in ``folder``: start it, point the environment at it, stop it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.socket = folder / "native"
        self.environment = {
            "PULSE_SERVER": f"unix:{self.socket}",
            "PULSE_RUNTIME_PATH": str(folder / "runtime"),
            "PULSE_STATE_PATH": str(folder / "state"),
            "PULSE_COOKIE": str(folder / "cookie"),
        }
        self._process: subprocess.Popen[bytes] | None = None
        self._saved: dict[str, str | None] = {}

    def start(self) -> None:
        """Start the server and wait until it answers; :class:`SoundServerMissing` when it cannot."""
        program = shutil.which("pulseaudio")
        if program is None or shutil.which("pactl") is None:
            raise SoundServerMissing(
                "pulseaudio (and its pactl) is not installed: the recording tests need a sound server"
            )
        for name in ("runtime", "state", "home"):
            (self.folder / name).mkdir(mode=0o700, parents=True, exist_ok=True)
        log = self.folder / "pulseaudio.log"
        environment = {
            **os.environ,
            **self.environment,
            "HOME": str(self.folder / "home"),  # its cookie and settings stay in the folder
            "XDG_RUNTIME_DIR": str(self.folder / "runtime"),
            "XDG_CONFIG_HOME": str(self.folder / "home"),
        }
        environment.pop("PULSE_SERVER")  # the server itself listens there; it does not connect to it
        with log.open("wb") as output:
            self._process = subprocess.Popen(
                [
                    program,
                    "-n",  # no default.pa: only what is loaded here
                    "--daemonize=no",
                    "--exit-idle-time=-1",
                    "--disallow-exit",
                    "--use-pid-file=no",
                    "--disable-shm",
                    f"--load=module-null-sink sink_name={ROOM} rate={RATE} channels=1",
                    f"--load=module-native-protocol-unix auth-anonymous=1 socket={self.socket}",
                    "--log-target=stderr",
                ],
                env=environment,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=output,
                start_new_session=True,  # a ctrl+c of the test run does not reach it before its stop
            )
        deadline = time.monotonic() + _START_SECONDS
        while not self._answers():
            if self._process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                reason = log.read_text(errors="replace").strip().splitlines()[-3:]
                raise SoundServerMissing("pulseaudio did not start: " + " / ".join(reason))
            time.sleep(0.05)
        self.pactl("set-default-source", f"{ROOM}.monitor")
        self.pactl("set-default-sink", ROOM)

    def _answers(self) -> bool:
        if not self.socket.exists():
            return False
        return self.pactl("info", check=False).returncode == 0

    def pactl(self, *arguments: str, check: bool = True) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            ["pactl", *arguments], env=self.child_environment(), capture_output=True, check=check, timeout=10
        )

    def child_environment(self) -> dict[str, str]:
        """The environment of a process that is to reach this server (pactl, pacat)."""
        return {**os.environ, **self.environment}

    def use(self) -> None:
        """Point this process's environment (and its children's) at the server."""
        for key, value in self.environment.items():
            self._saved[key] = os.environ.get(key)
            os.environ[key] = value

    def stop(self) -> None:
        """Give the environment back and stop the server."""
        for key, value in self._saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        self._saved.clear()
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)

    def kill(self) -> None:
        """End the server at once (SIGKILL), as a pulled-out microphone or a crashed sound system
        would leave the recorder."""
        if self._process is not None:
            self._process.kill()
            self._process.wait(timeout=5)

    def play_tone(self, frequency: float, seconds: float) -> None:
        """Play a sine tone of ``frequency`` Hz for ``seconds`` into the room (through miniaudio, as
        the app's player does); return when it has been played out."""
        import miniaudio

        tone = tone_samples(frequency, seconds)
        done = False

        def feed() -> Generator[bytes, int, None]:
            nonlocal done
            position = 0
            wanted = yield b""
            while position < len(tone):
                piece = tone[position : position + wanted * 2]
                position += len(piece)
                wanted = yield piece
            done = True
            while True:  # silence until closed, so the last piece is heard whole
                wanted = yield b""

        device = miniaudio.PlaybackDevice(
            miniaudio.SampleFormat.SIGNED16, nchannels=1, sample_rate=RATE, buffersize_msec=40
        )
        try:
            feeder = feed()
            next(feeder)
            device.start(feeder)
            deadline = time.monotonic() + seconds + 5
            while not done and time.monotonic() < deadline:
                time.sleep(0.01)
            time.sleep(0.2)  # the device's own buffer
        finally:
            device.close()


def tone_samples(frequency: float, seconds: float, amplitude: int = TONE_AMPLITUDE) -> bytes:
    """A sine tone as signed 16-bit mono 48 kHz samples."""
    count = round(seconds * RATE)
    step = 2 * math.pi * frequency / RATE
    return array.array("h", (round(amplitude * math.sin(step * index)) for index in range(count))).tobytes()


def tone_spans(pcm: bytes, frequency: float, block_seconds: float = 0.02) -> list[tuple[float, float]]:
    """Where a tone of ``frequency`` sounds in ``pcm`` (signed 16-bit mono 48 kHz): (start, end) in
    seconds of each run of blocks whose power at that frequency (Goertzel) passes a tenth of
    :func:`tone_samples`' amplitude."""
    samples = array.array("h")
    samples.frombytes(pcm)
    size = round(block_seconds * RATE)
    coefficient = 2 * math.cos(2 * math.pi * frequency / RATE)
    # A block of a tone of amplitude A gives a normalised power of (A/2)^2.
    threshold = (TONE_AMPLITUDE * 0.1 / 2) ** 2
    spans: list[tuple[float, float]] = []
    began: float | None = None
    for start in range(0, len(samples) - size + 1, size):
        previous = before = 0.0
        for sample in samples[start : start + size]:
            previous, before = sample + coefficient * previous - before, previous
        power = (previous * previous + before * before - coefficient * previous * before) / (size * size)
        if power > threshold and began is None:
            began = start / RATE
        elif power <= threshold and began is not None:
            spans.append((began, start / RATE))
            began = None
    if began is not None:
        spans.append((began, len(samples) / RATE))
    return spans


def tone_moments(pcm: bytes, frequency: float) -> list[float]:
    """Where each sounding of a tone of ``frequency`` starts in ``pcm``, in seconds."""
    return [start for start, _end in tone_spans(pcm, frequency)]


def pcm_of(path: Path) -> bytes:
    """The whole sound of ``path`` as signed 16-bit mono 48 kHz samples."""
    from facilitator.audio.files import decoded_pcm

    return b"".join(decoded_pcm(path, 0.0))


def wait_for_sound(recorder: Recorder, seconds: float, timeout: float = 15.0) -> None:
    """Wait until ``recorder`` (a Recorder) has written ``seconds`` of sound: the room's monitor
    starts sending a second or two after the capture opens."""
    deadline = time.monotonic() + timeout
    while recorder.offset_seconds < seconds:
        if time.monotonic() > deadline:
            raise AssertionError(f"the recorder took no {seconds} s of sound within {timeout} s")
        time.sleep(0.02)


#: The encoder of each kind of sound file the tests make, by suffix.
_ENCODERS = {
    ".wav": "pcm_s16le",
    ".opus": "libopus",
    ".ogg": "libopus",
    ".mp3": "libmp3lame",
    ".m4a": "aac",
    ".aac": "aac",  # raw ADTS, as some recorders leave it: no length written anywhere
    ".flac": "flac",
}


def write_sound(path: Path, pcm: bytes | Iterable[bytes], rate: int = RATE) -> Path:
    """Write ``pcm`` (signed 16-bit mono samples at ``rate``: bytes, or pieces of them for a long
    file, see :func:`hum`) to ``path`` as the kind of file its suffix names, as a phone or a
    recorder would."""
    import av

    pieces = [pcm] if isinstance(pcm, bytes) else pcm
    with av.open(str(path), "w") as container:
        stream = container.add_stream(_ENCODERS[path.suffix.lower()], rate=rate, layout="mono")
        assert isinstance(stream, av.AudioStream)
        written = 0
        for piece in pieces:
            frame = av.AudioFrame(format="s16", layout="mono", samples=len(piece) // 2)
            frame.planes[0].update(piece)
            frame.sample_rate = rate
            frame.pts = written
            written += frame.samples
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return path


def hum(seconds: float, rate: int = RATE) -> Iterator[bytes]:
    """A quiet tone of ``seconds`` at ``rate`` in pieces of a second: hours of it never sit in memory."""
    period = array.array("h", (round(3000 * math.sin(2 * math.pi * index / 20)) for index in range(20))).tobytes()
    second = period * (rate // 20) + period[: (rate % 20) * 2]
    total = round(seconds * rate) * 2
    for start in range(0, total, len(second)):
        yield second[: min(len(second), total - start)]


def silence(seconds: float) -> bytes:
    return bytes(2 * round(seconds * RATE))
