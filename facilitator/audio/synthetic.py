"""A made-up sound for the demo network's recorded meetings: voices taking turns, as tones with the
rise and fall of speech, pauses between them and a quiet room's hiss, so that playing a memo line's
moment can be tried without anyone's real voice.

Made in pure Python from a few short syllables drawn once and laid end to end (a minute of sound
is a copy of bytes, not a minute of arithmetic), and encoded as the app's own recordings are: Ogg
Opus, mono, 48 kHz, at a low bitrate.
"""

from __future__ import annotations

import array
import math
import os
import random
from pathlib import Path

SAMPLE_RATE = 48_000
#: Speech-like sound needs little: the app's own recordings are made at about this rate.
BIT_RATE = 12_000
_NOISE_LEVEL = 40  # of 32767: a quiet room
_SYLLABLES_PER_VOICE = 4
#: The voices' pitch ranges in Hz (a low, a middle and a high voice).
_VOICES = ((95.0, 130.0), (140.0, 190.0), (190.0, 250.0))
_TABLE_SIZE = 2048
_NOISE_SAMPLES = SAMPLE_RATE // 4
#: The encoder's quickest settings (its lightest effort, the music-and-tones mode without the speech
#: model): a few minutes of sound in a tenth of a second, small all the same.
_FAST = {"compression_level": "0", "application": "lowdelay", "frame_duration": "60"}


def write_synthetic_recording(path: Path, seconds: float, seed: int) -> None:
    """Write ``seconds`` of made-up speech to ``path`` as Ogg Opus; the same ``seed`` gives the same
    sound. The file appears whole or not at all."""
    import av  # the sound library is loaded only when a sound is made

    rng = random.Random(seed)
    pcm = _speech(rng, round(seconds * SAMPLE_RATE))
    partial = path.with_name(f".{path.name}.part")
    try:
        with av.open(str(partial), "w", format="ogg") as container:
            stream = container.add_stream("libopus", rate=SAMPLE_RATE, layout="mono", options=_FAST)
            stream.bit_rate = BIT_RATE
            chunk = SAMPLE_RATE * 2  # one second of 16-bit samples
            for start in range(0, len(pcm), chunk):
                piece = pcm[start : start + chunk]
                frame = av.AudioFrame(format="s16", layout="mono", samples=len(piece) // 2)
                frame.planes[0].update(piece)
                frame.sample_rate = SAMPLE_RATE
                frame.pts = start // 2
                container.mux(stream.encode(frame))
            container.mux(stream.encode(None))
        os.chmod(partial, 0o600)  # as the recorder's own files
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def _speech(rng: random.Random, samples: int) -> bytes:
    """``samples`` 16-bit mono samples: utterances of the voices in turn, with pauses of hiss."""
    noise = _noise(rng, _NOISE_SAMPLES)
    voices = [[_syllable(rng, rng.uniform(low, high)) for _ in range(_SYLLABLES_PER_VOICE)] for low, high in _VOICES]
    pieces: list[bytes] = []

    def hiss(seconds: float) -> None:
        left = round(seconds * SAMPLE_RATE)
        while left > 0:
            count = min(left, _NOISE_SAMPLES // 2)
            start = rng.randrange(_NOISE_SAMPLES - count + 1)
            pieces.append(noise[2 * start : 2 * (start + count)])
            left -= count

    hiss(0.5)  # the recording starts before anyone speaks
    voice = rng.choice(voices)
    while sum(map(len, pieces)) < 2 * samples:
        for _ in range(rng.randint(3, 9)):  # an utterance: syllables with short gaps
            pieces.append(rng.choice(voice))
            hiss(rng.uniform(0.03, 0.12))
        hiss(rng.uniform(0.3, 1.5))  # a pause, now and then before the next speaker
        if rng.random() < 0.4:
            voice = rng.choice(voices)
    return b"".join(pieces)[: 2 * samples]


def _noise(rng: random.Random, count: int) -> bytes:
    return array.array("h", (rng.randint(-_NOISE_LEVEL, _NOISE_LEVEL) for _ in range(count))).tobytes()


def _syllable(rng: random.Random, pitch: float) -> bytes:
    """A voiced syllable of 0.12–0.3 s: a few harmonics of ``pitch`` gliding up or down, swelling
    and fading."""
    harmonics = [(1, 1.0), (2, rng.uniform(0.3, 0.6)), (3, rng.uniform(0.15, 0.4)), (4, rng.uniform(0.05, 0.2))]
    wave = [
        sum(weight * math.sin(2 * math.pi * number * step / _TABLE_SIZE) for number, weight in harmonics)
        for step in range(_TABLE_SIZE)
    ]
    loudness = rng.uniform(4000, 9000) / max(abs(value) for value in wave)
    count = round(rng.uniform(0.12, 0.3) * SAMPLE_RATE)
    swell = [loudness * math.sin(math.pi * step / _TABLE_SIZE) ** 0.5 for step in range(_TABLE_SIZE)]
    step = pitch * _TABLE_SIZE / SAMPLE_RATE
    glide = step * rng.uniform(-0.25, 0.25) / count
    phase, mask = 0.0, _TABLE_SIZE - 1
    samples = array.array("h", bytes(2 * count))
    for index in range(count):
        phase += step + glide * index
        samples[index] = int(wave[int(phase) & mask] * swell[index * _TABLE_SIZE // count])
    return samples.tobytes()
