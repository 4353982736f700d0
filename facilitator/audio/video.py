"""Whether a file holds moving pictures beside its sound (a phone's video of the meeting): the
participants consented to their voices being kept, not their faces. A still picture such as an
mp3's cover art is no video."""

from __future__ import annotations

from typing import TYPE_CHECKING

from facilitator.audio import UnreadableAudio

if TYPE_CHECKING:
    import av.container


class HoldsVideo(UnreadableAudio):
    """A file refused for the video it holds beside its sound; the caller says why to the user."""


def holds_video(container: av.container.InputContainer) -> bool:
    """Whether the open ``container`` holds a video stream (a cover picture is none)."""
    import av

    return any(not (stream.disposition & av.stream.Disposition.attached_pic) for stream in container.streams.video)
