"""Playing a recording from a moment on, through the default output: miniaudio's playback thread
asks a generator for each piece of sound, and the generator decodes the file (PyAV) as it goes, so
a three-hour file starts at once and takes no memory to speak of."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Generator
from pathlib import Path
from typing import Any

from facilitator.audio import AudioUnavailable
from facilitator.audio.devices import load_sound_libraries, opened_device
from facilitator.audio.files import PCM_RATE, PCM_WIDTH, decoded_pcm
from facilitator.i18n import _

#: Pieces of about 0.1 s: a stop is heard at once, and the device is never starved.
BUFFER_MILLISECONDS = 100


class Player:
    """One sound playing at a time, in the background; safe to use from the UI's thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._device: Any = None
        self._started_at = 0.0  # seconds into the file where the playing started
        self._played = 0  # samples handed to the device since then
        self._finished = True
        self._feeder: Generator[bytes, int, None] | None = None
        self._ended = threading.Event()  # set by the feeder when the file has played to its end

    @property
    def playing(self) -> bool:
        """Whether a sound is playing now; False once it has played to its end or was stopped."""
        return self._device is not None and not self._finished

    @property
    def position(self) -> float | None:
        """Seconds into the file of what is playing now; None when nothing plays."""
        with self._lock:
            if self._device is None or self._finished:
                return None
            return self._started_at + self._played / PCM_RATE

    def play(self, path: Path, from_seconds: float) -> None:
        """Play ``path`` from ``from_seconds`` on, stopping what played before; returns at once.
        Raises :class:`UnreadableAudio` for a file that is no sound and :class:`AudioUnavailable`
        when no sound output answers."""
        load_sound_libraries(no_output())
        import miniaudio

        self.stop()
        from_seconds = max(0.0, from_seconds)
        pieces = decoded_pcm(path, from_seconds)
        first = next(pieces, b"")  # an unreadable file is refused here, before any device opens
        try:
            device = opened_device("playback", BUFFER_MILLISECONDS, no_output())
        except AudioUnavailable:
            pieces.close()
            raise
        with self._lock:
            self._started_at = from_seconds
            self._played = 0
            self._finished = False
        ended = threading.Event()
        feeder = self._feed(first, pieces, ended)
        next(feeder)
        try:
            device.start(feeder)
        except miniaudio.MiniaudioError as error:
            device.close()
            feeder.close()
            raise AudioUnavailable(no_output()) from error
        with self._lock:
            self._device, self._feeder, self._ended = device, feeder, ended
        threading.Thread(target=self._close_at_end, args=(device, ended), name="playback end", daemon=True).start()

    def stop(self) -> None:
        """Stop what plays (nothing happens when nothing does)."""
        with self._lock:
            device, feeder, ended = self._device, self._feeder, self._ended
            self._device = self._feeder = None
            self._finished = True
        if device is not None:
            with contextlib.suppress(Exception):
                device.close()  # waits for the device's thread to leave the feeder
        if feeder is not None:
            feeder.close()  # closes the file
        ended.set()

    def _close_at_end(self, device: Any, ended: threading.Event) -> None:
        """Close the device once its file has played out (it cannot close itself from its own
        thread), unless another sound took its place meanwhile."""
        ended.wait()
        with self._lock:
            if self._device is not device:
                return
        time_left = BUFFER_MILLISECONDS * 3 / 1000  # what the device still holds is heard
        threading.Event().wait(time_left)
        with self._lock:
            if self._device is not device:
                return
        self.stop()

    def _feed(
        self, first: bytes, pieces: Generator[bytes, None, None], ended: threading.Event
    ) -> Generator[bytes, int, None]:
        """miniaudio's playback generator: each time, as many samples as the device asks for."""
        pending = first
        wanted = yield b""
        try:
            while True:
                size = wanted * PCM_WIDTH
                while len(pending) < size:
                    more = next(pieces, None)
                    if more is None:
                        break
                    pending += more
                if not pending:
                    break
                piece, pending = pending[:size], pending[size:]
                with self._lock:
                    self._played += len(piece) // PCM_WIDTH
                wanted = yield piece
        except Exception:
            pass
        finally:
            self._finished = True
            with contextlib.suppress(Exception):
                pieces.close()
            ended.set()


def no_output() -> str:
    """The message for a missing sound output or sound system."""
    return _("No sound output answered: check the speakers or headphones and the sound settings.")
