"""Sound files: how long one lasts, its sound as plain samples from a moment on (for the player),
and an MP3 copy for the researchers' tools, which do not all open Ogg Opus. PyAV (FFmpeg's
libraries) reads whatever a phone or a recorder made; it is imported only when a file is read."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from facilitator.audio import UnreadableAudio
from facilitator.i18n import _

if TYPE_CHECKING:
    import av.container

#: The sounds a recording can be: the app's own Ogg Opus, a phone's m4a or mp3, a recorder's wav.
AUDIO_SUFFIXES: tuple[str, ...] = (".opus", ".ogg", ".m4a", ".mp3", ".wav", ".aac", ".flac", ".webm")

#: The player's and the recorder's samples: signed 16-bit, one channel, 48 kHz (Opus's own rate).
PCM_RATE = 48_000
PCM_WIDTH = 2

#: An MP3 for the researchers: mono speech at 64 kbit/s, about 29 MB for a three-hour meeting.
MP3_BIT_RATE = 64_000
_MP3_RATES = (48_000, 44_100, 32_000, 24_000, 22_050, 16_000, 12_000, 11_025, 8_000)


def not_sound(path: Path) -> UnreadableAudio:
    """The refusal of ``path``: not a sound file, or a damaged one."""
    return UnreadableAudio(_("{file} is not a sound file the app can read, or it is damaged.").format(file=path.name))


@contextlib.contextmanager
def _reading(path: Path) -> Iterator[av.container.InputContainer]:
    """``path`` open for reading its sound; any failure of FFmpeg's becomes :class:`UnreadableAudio`."""
    import av

    try:
        container = av.open(str(path), "r")
    except (av.FFmpegError, OSError, UnicodeDecodeError) as error:
        raise not_sound(path) from error
    with container:
        if not container.streams.audio:
            raise UnreadableAudio(_("{file} holds no sound.").format(file=path.name))
        try:
            yield container
        except av.FFmpegError as error:
            if isinstance(error, OSError):  # the disk, not the sound: said as it is
                raise
            raise not_sound(path) from error


def audio_seconds(path: Path) -> float:
    """How many seconds of sound ``path`` holds: the length its container gives, or, for a file
    whose writing was cut short (a killed recording: no length written), its decoded samples
    counted."""
    import av

    with _reading(path) as container:
        if container.duration is not None and container.duration > 0:
            return float(container.duration / av.time_base)
        stream = container.streams.audio[0]
        if stream.duration is not None and stream.duration > 0 and stream.time_base is not None:
            return float(stream.duration * stream.time_base)
        samples = 0
        rate = stream.rate or PCM_RATE
        for frame in container.decode(stream):
            samples += frame.samples
            rate = frame.sample_rate or rate
        return samples / rate


def decoded_pcm(path: Path, from_seconds: float = 0.0) -> Generator[bytes, None, None]:
    """The sound of ``path`` from ``from_seconds`` on, as chunks of signed 16-bit mono 48 kHz
    samples: the container seeks to a frame before the moment, and what comes before it is dropped
    sample by sample."""
    import av

    with _reading(path) as container:
        stream = container.streams.audio[0]
        if from_seconds > 0:
            container.seek(int(from_seconds * av.time_base), any_frame=False, backward=True)
        resampler = av.AudioResampler(format="s16", layout="mono", rate=PCM_RATE)
        position: float | None = None  # seconds into the file of the next sample given out
        skip_to = max(0.0, from_seconds)
        for frame in container.decode(stream):
            if position is None:
                position = frame.time if frame.time is not None and frame.time > 0 else 0.0
                position = min(position, skip_to)
            for converted in resampler.resample(frame):
                chunk = bytes(converted.planes[0])[: converted.samples * PCM_WIDTH]
                position, chunk = _from_moment(position, chunk, skip_to)
                if chunk:
                    yield chunk
        for converted in resampler.resample(None):
            chunk = bytes(converted.planes[0])[: converted.samples * PCM_WIDTH]
            _, chunk = _from_moment(position or 0.0, chunk, skip_to)
            if chunk:
                yield chunk


def _from_moment(position: float, chunk: bytes, skip_to: float) -> tuple[float, bytes]:
    """The part of ``chunk`` (starting ``position`` seconds in) at or after ``skip_to``, and the
    position after the chunk."""
    after = position + len(chunk) / PCM_WIDTH / PCM_RATE
    if after <= skip_to:
        return after, b""
    if position < skip_to:
        drop = round((skip_to - position) * PCM_RATE) * PCM_WIDTH
        return after, chunk[drop:]
    return after, chunk


def write_mp3(source: Path, target: Path) -> None:
    """Write ``source`` (any sound the app reads) to ``target`` as a mono MP3 for the researchers'
    tools. Written beside the target first and renamed into place: no half-written MP3 is left."""
    import av

    part = target.with_name(target.name + ".part")
    try:
        with av.open(str(part), "w", format="mp3") as output, _reading(source) as container:
            stream = container.streams.audio[0]
            rate = stream.rate if stream.rate in _MP3_RATES else PCM_RATE
            encoded = output.add_stream("libmp3lame", rate=rate, layout="mono")
            encoded.bit_rate = MP3_BIT_RATE
            resampler = av.AudioResampler(format="s16p", layout="mono", rate=rate)
            for frame in container.decode(stream):
                frame.pts = None  # the resampler and encoder count the samples themselves
                for converted in resampler.resample(frame):
                    output.mux(encoded.encode(converted))
            for converted in resampler.resample(None):
                output.mux(encoded.encode(converted))
            output.mux(encoded.encode(None))
        os.replace(part, target)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
