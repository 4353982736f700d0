"""Opening the default microphone or sound output through miniaudio, for the recorder and the
player alike: a library that does not load, a device that does not answer and miniaudio's silent
stand-in (its "null" backend, chosen when no sound system is there) are each :class:`AudioUnavailable`
with the caller's message, never a traceback."""

from __future__ import annotations

from typing import Any, Literal

from facilitator.audio import AudioUnavailable
from facilitator.audio.files import PCM_RATE
from facilitator.audio.quiet import silence_alsa_messages

APP_NAME = "MicroENTRE Facilitator"


def load_sound_libraries(message: str) -> None:
    """Load miniaudio and PyAV now: a broken install or a missing system library is
    :class:`AudioUnavailable` with ``message`` (memo-taking goes on), not an ImportError."""
    try:
        import av  # noqa: F401
        import miniaudio  # noqa: F401
    except (ImportError, OSError) as error:
        raise AudioUnavailable(message) from error


def opened_device(kind: Literal["capture", "playback"], buffer_milliseconds: int, message: str) -> Any:
    """The default microphone (``"capture"``) or output (``"playback"``), signed 16-bit mono at
    :data:`PCM_RATE`, opened but not started; :class:`AudioUnavailable` with ``message`` when none
    answers."""
    load_sound_libraries(message)
    import miniaudio

    silence_alsa_messages()
    opening = miniaudio.CaptureDevice if kind == "capture" else miniaudio.PlaybackDevice
    try:
        device = opening(
            miniaudio.SampleFormat.SIGNED16,
            nchannels=1,
            sample_rate=PCM_RATE,
            buffersize_msec=buffer_milliseconds,
            app_name=APP_NAME,
        )
    except (miniaudio.MiniaudioError, OSError) as error:
        raise AudioUnavailable(message) from error
    if device.backend.lower() == "null":  # miniaudio's silent stand-in: no real device
        device.close()
        raise AudioUnavailable(message)
    return device
