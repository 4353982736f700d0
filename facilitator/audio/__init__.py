"""The meeting's sound: recording from the laptop's microphone, playing a moment back, reading the
files a phone or a recorder made. The only part of the app that touches the sound libraries
(miniaudio for the devices, PyAV for the files), each imported only when sound is wanted."""

from __future__ import annotations


class AudioUnavailable(Exception):
    """No microphone or speaker answered, or one failed: the message says which, for the user."""


class UnreadableAudio(Exception):
    """A file that is not a sound the app can read: the message names the file and why."""
