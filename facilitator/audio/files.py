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
from facilitator.audio.video import HoldsVideo, holds_video
from facilitator.i18n import _

if TYPE_CHECKING:
    import av.audio.stream
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
def _reading(path: Path, *, refuse_video: bool = False) -> Iterator[av.container.InputContainer]:
    """``path`` open for reading its sound; any failure of FFmpeg's becomes :class:`UnreadableAudio`,
    and with ``refuse_video`` a file holding a video is :class:`HoldsVideo` (told before its sound)."""
    import av

    try:
        container = av.open(str(path), "r")
    except (av.FFmpegError, OSError, UnicodeDecodeError) as error:
        raise not_sound(path) from error
    with container:
        if refuse_video and holds_video(container):
            raise HoldsVideo(path.name)
        if not container.streams.audio:
            raise UnreadableAudio(_("{file} holds no sound.").format(file=path.name))
        try:
            yield container
        except av.FFmpegError as error:
            if isinstance(error, OSError):  # the disk, not the sound: said as it is
                raise
            raise not_sound(path) from error


def audio_seconds(path: Path, *, refuse_video: bool = False) -> float:
    """How many seconds of sound ``path`` holds. The length its container gives, unless that is an
    estimate from the bit rate (raw AAC, an MP3 without a length header: minutes off on a long
    meeting), or the sound's own stream does not say it (a killed recording): then its packets'
    lengths added up. With ``refuse_video``, :class:`HoldsVideo` for a video, from the same opening."""
    import av

    with _reading(path, refuse_video=refuse_video) as container:
        stream = container.streams.audio[0]
        given = container.duration / av.time_base if container.duration is not None else 0.0
        stream_says = stream.duration is not None and stream.duration > 0 and stream.time_base is not None
        if given > 0 and stream_says and container.format.name not in _ESTIMATED_LENGTH:
            return float(given)
        counted = _packet_seconds(container, stream)
        if container.format.name == "mp3" and given > 0 and abs(given - counted) < _MP3_PADDING_SECONDS:
            return float(given)  # a LAME/Xing header's exact length: the packets add the encoder's padding
        return counted


#: Containers whose length FFmpeg may estimate from the bit rate instead of reading it.
_ESTIMATED_LENGTH = frozenset({"aac", "mp3"})
#: The encoder's delay and padding an MP3's packets hold beyond its sound: a few frames (at 8 kHz, 72 ms each).
_MP3_PADDING_SECONDS = 0.25


def _packet_seconds(container: av.container.InputContainer, stream: av.audio.stream.AudioStream) -> float:
    """The seconds of ``stream``'s packets added up: read, not decoded (fast even for three hours);
    a packet that does not say its length is decoded and its samples counted."""
    seconds = 0.0
    for packet in container.demux(stream):
        if packet.size == 0:  # the end
            continue
        if packet.duration and packet.time_base is not None:
            seconds += float(packet.duration * packet.time_base)
            continue
        for frame in packet.decode():
            seconds += frame.samples / (frame.sample_rate or stream.rate or PCM_RATE)
    return seconds


class _SeekMissed(Exception):
    """A seek landed where its moment cannot be told, or after it: the sound is read from the start."""


def decoded_pcm(path: Path, from_seconds: float = 0.0) -> Generator[bytes, None, None]:
    """The sound of ``path`` from ``from_seconds`` on, as chunks of signed 16-bit mono 48 kHz
    samples: the container seeks to a frame before the moment, and what comes before it is dropped
    sample by sample. A file whose frames do not say their time after a seek, or that lands after
    the moment, is read from its start instead (slower, never the wrong moment)."""
    skip_to = max(0.0, from_seconds)
    try:
        yield from _decoded(path, skip_to, seek=skip_to > 0)
    except _SeekMissed:
        yield from _decoded(path, skip_to, seek=False)


def _decoded(path: Path, skip_to: float, *, seek: bool) -> Generator[bytes, None, None]:
    """:func:`decoded_pcm`, seeking first or reading from the start; :class:`_SeekMissed` (before
    any sound is given out) when a seek cannot be trusted."""
    import av

    with _reading(path) as container:
        stream = container.streams.audio[0]
        if seek:
            container.seek(int(skip_to * av.time_base), any_frame=False, backward=True)
        resampler = av.AudioResampler(format="s16", layout="mono", rate=PCM_RATE)
        position: float | None = None  # seconds into the file of the next sample given out
        for frame in container.decode(stream):
            if position is None:
                position = _first_position(frame.time, skip_to, seek=seek)
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


def _first_position(time: float | None, skip_to: float, *, seek: bool) -> float:
    """Where the first decoded frame starts, in seconds: the start of the file without a seek;
    after one, the frame's own time, which must say it and lie before the moment."""
    if not seek:
        return 0.0
    if time is None or time > skip_to:
        raise _SeekMissed
    return max(time, 0.0)


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
    tools. Written to a hidden file beside the target first and renamed into place: no
    half-written MP3 is left under the target's name."""
    import av

    part = target.with_name(f".{target.name}.part")
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
