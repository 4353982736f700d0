"""Whether a file holds moving pictures beside its sound (a phone's video of the meeting): the
participants consented to their voices being kept, not their faces. A still picture such as an
mp3's cover art is no video."""

from __future__ import annotations

from pathlib import Path


def holds_video(path: Path) -> bool:
    """Whether ``path`` holds a video stream (a cover picture is none); False for a file FFmpeg
    cannot open at all, which reading its sound then refuses."""
    import av

    try:
        container = av.open(str(path), "r")
    except (av.FFmpegError, OSError, UnicodeDecodeError):
        return False
    with container:
        return any(not (stream.disposition & av.stream.Disposition.attached_pic) for stream in container.streams.video)
