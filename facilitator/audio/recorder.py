"""Recording the meeting from the laptop's default microphone into an Ogg Opus file, written as it
goes: a crash or a flat battery loses the last second or two, and the file still plays.

miniaudio's capture thread hands each chunk (about 80 ms) to a generator that only measures its
level and queues it; a writer thread encodes the queue with PyAV and writes each Ogg page at once,
flushing it to the system and, every two seconds, to the disk. The memo's offsets count the samples
written (the file's own timeline), so they stay true through pauses and any delay of the device.
"""

from __future__ import annotations

import array
import contextlib
import os
import queue
import threading
import time
from collections.abc import Generator
from fractions import Fraction
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from facilitator.audio import AudioUnavailable
from facilitator.audio.devices import opened_device
from facilitator.audio.files import PCM_RATE
from facilitator.disk import fsync_folder, os_reason
from facilitator.i18n import _

if TYPE_CHECKING:
    import av.audio.stream
    import av.container

#: About a tenth of a second per chunk: the level meter's pace, and little lost to a crash.
CHUNK_MILLISECONDS = 80
#: Speech in Opus at 24 kbit/s: about 33 MB for a three-hour meeting, clear voices.
BIT_RATE = 24_000
#: The written pages reach the disk (fsync) at least this often.
SYNC_SECONDS = 2.0
#: A device that sends nothing for this long while recording has failed (a microphone pulled out).
SILENT_DEVICE_SECONDS = 10.0
#: Ogg pages of half a second, each flushed as soon as it is complete.
_OGG_OPTIONS = {"flush_packets": "1", "page_duration": "500000"}
_FULL_SCALE = 32768.0


class Recorder:
    """One recording: the default microphone into the Ogg Opus file at ``path``. Its properties are
    safe to read from the UI's thread while the device's and the writer's threads run."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._chunks: queue.Queue[bytes | None] = queue.Queue()
        self._samples = 0  # samples given to the file: its timeline, pauses excluded
        self._level = 0.0
        self._paused = False
        self._failure: str | None = None
        self._stopping = False
        self._last_chunk = 0.0  # monotonic time the device last sent sound
        self._device: Any = None
        self._writer: threading.Thread | None = None
        self._file: IO[bytes] | None = None

    # -- what the UI reads -------------------------------------------------------------------

    @property
    def offset_seconds(self) -> float:
        """Seconds of sound in the file so far, pauses excluded: the offset a memo line typed now gets."""
        with self._lock:
            return self._samples / PCM_RATE

    @property
    def level(self) -> float:
        """The loudness of the latest chunk, 0.0 (silence) to 1.0 (full scale), for a meter."""
        return self._level

    @property
    def failure(self) -> str | None:
        """Why the recording stopped by itself (the microphone or the file failed), translated; the
        file is then closed and plays up to that moment."""
        return self._failure

    @property
    def paused(self) -> bool:
        return self._paused

    # -- what the UI does --------------------------------------------------------------------

    def start(self) -> None:
        """Open the default microphone and the file, and start taking sound; raises
        :class:`AudioUnavailable` when no microphone answers or the file cannot be written."""
        device = opened_device("capture", CHUNK_MILLISECONDS, no_microphone())
        import miniaudio

        try:
            container, stream = self._open_file()
        except Exception as error:
            device.close()
            raise AudioUnavailable(
                _("The recording's file {file} cannot be written: {reason}.").format(
                    file=self.path, reason=_failure_reason(error)
                )
            ) from error
        self._device = device
        self._last_chunk = time.monotonic()
        self._writer = threading.Thread(target=self._write, args=(container, stream), name="recording", daemon=True)
        self._writer.start()
        taker = self._take()
        next(taker)
        device.stop_callback = self._device_stopped
        try:
            device.start(taker)
        except miniaudio.MiniaudioError as error:
            self._finish()
            self.path.unlink(missing_ok=True)
            raise AudioUnavailable(no_microphone()) from error

    def pause(self) -> None:
        """Stop taking sound until :meth:`resume`: what the microphone hears meanwhile is not kept."""
        self._paused = True
        self._level = 0.0

    def resume(self) -> None:
        self._paused = False

    def stop(self) -> float:
        """Stop taking sound and close the file; the seconds it holds."""
        self._finish()
        return self.offset_seconds

    # -- the device's thread -----------------------------------------------------------------

    def _take(self) -> Generator[None, bytes, None]:
        """miniaudio's capture generator: each chunk measured and queued, at once (the device's
        thread must not wait)."""
        while True:
            chunk = yield
            self._last_chunk = time.monotonic()
            if self._paused or self._stopping or self._failure is not None:
                continue
            samples = array.array("h")
            samples.frombytes(chunk[: len(chunk) - len(chunk) % 2])
            if samples:
                self._level = min(1.0, max(max(samples), -min(samples)) / _FULL_SCALE)
            with self._lock:
                self._samples += len(samples)
            self._chunks.put(bytes(chunk))

    def _device_stopped(self) -> None:
        if not self._stopping:
            self._fail(_("The microphone stopped: the recording is kept up to this moment."))

    # -- the writer's thread -----------------------------------------------------------------

    def _open_file(self) -> tuple[av.container.OutputContainer, av.audio.stream.AudioStream]:
        import av

        # A person's voice: readable by the user only, as the workspace's data files are.
        descriptor = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        self._file = os.fdopen(descriptor, "wb")  # closed by the writer's thread when it ends
        try:
            fsync_folder(self.path.parent)  # the file's name survives a power cut, not only its pages
            container = av.open(self._file, "w", format="ogg", buffer_size=4096, options=_OGG_OPTIONS)
            stream = container.add_stream("libopus", rate=PCM_RATE, layout="mono")
            stream.bit_rate = BIT_RATE
            stream.codec_context.options = {"application": "voip"}
            return container, stream
        except BaseException:
            self._file.close()
            self.path.unlink(missing_ok=True)
            raise

    def _write(self, container: av.container.OutputContainer, stream: av.audio.stream.AudioStream) -> None:
        """Encode and write the queued chunks until the sentinel ``None``; then close the file playable."""
        import av

        written = 0
        synced = time.monotonic()
        try:
            while True:
                try:
                    chunk = self._chunks.get(timeout=1.0)
                except queue.Empty:
                    if not self._stopping and time.monotonic() - self._last_chunk > SILENT_DEVICE_SECONDS:
                        self._fail(_("The microphone sends no sound: the recording is kept up to this moment."))
                    continue
                if chunk is None:
                    break
                frame = av.AudioFrame(format="s16", layout="mono", samples=len(chunk) // 2)
                frame.planes[0].update(chunk)
                frame.sample_rate = PCM_RATE
                frame.time_base = Fraction(1, PCM_RATE)
                frame.pts = written
                written += frame.samples
                container.mux(stream.encode(frame))
                self._file_written.flush()
                if time.monotonic() - synced >= SYNC_SECONDS:
                    os.fsync(self._file_written.fileno())
                    synced = time.monotonic()
            container.mux(stream.encode(None))
        except (av.FFmpegError, OSError, ValueError) as error:
            self._fail(
                _("The recording's file could not be written ({reason}): it is kept up to this moment.").format(
                    reason=_failure_reason(error)
                )
            )
        finally:
            with contextlib.suppress(av.FFmpegError, OSError, ValueError):
                container.close()
            self._close_file()
            if self._failure is not None:
                self._close_device()  # the microphone is let go at once, not at the UI's stop()

    @property
    def _file_written(self) -> IO[bytes]:
        assert self._file is not None
        return self._file

    def _close_file(self) -> None:
        if self._file is None:
            return
        with contextlib.suppress(OSError):
            self._file.flush()
            os.fsync(self._file.fileno())
        with contextlib.suppress(OSError):
            self._file.close()

    # -- ending ------------------------------------------------------------------------------

    def _fail(self, message: str) -> None:
        """Stop taking sound for good, with ``message`` for the user; the writer closes the file."""
        if self._failure is None and not self._stopping:
            self._failure = message
            self._level = 0.0
            self._chunks.put(None)

    def _close_device(self) -> None:
        """Close the microphone, once, from the UI's thread (stop) or the writer's (a failure);
        never from the device's own thread, where closing it would wait for itself."""
        with self._lock:
            device, self._device = self._device, None
        if device is not None:
            with contextlib.suppress(Exception):  # a device that failed may fail its closing too
                device.close()

    def _finish(self) -> None:
        """Close the device, let the writer write what is queued, and wait for the file to close."""
        self._stopping = True
        self._close_device()
        self._chunks.put(None)
        if self._writer is not None:
            self._writer.join()
        self._level = 0.0


def _failure_reason(error: BaseException) -> str:
    """Why the file could not be written, in the user's language (the system's and FFmpeg's own
    words are English)."""
    if isinstance(error, OSError) and error.errno:
        return os_reason(error)
    return _("the sound could not be encoded")


def no_microphone() -> str:
    """The message for a missing microphone or sound system."""
    return _(
        "No microphone answered: check that one is connected and allowed for this program. "
        "Memo-taking goes on without sound."
    )
