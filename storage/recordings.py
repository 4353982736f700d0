"""Where a meeting's sound lives: ``meetings/<meeting id>/`` beside the meeting's own file, one file
per recording. Backups hold only the JSON files, so a sound file deleted here is gone everywhere."""

from __future__ import annotations

from pathlib import Path

from facilitator.model import Recording
from storage.atomic import FOLDER_MODE


def meeting_folder(workspace_folder: Path, meeting_id: str) -> Path:
    """The folder of the meeting's sound files (not made here)."""
    return workspace_folder / "meetings" / meeting_id


def new_recording_path(workspace_folder: Path, meeting_id: str, suffix: str = ".opus") -> Path:
    """A free name for the meeting's next sound file, ``recording-<n><suffix>``; the folder is made."""
    folder = meeting_folder(workspace_folder, meeting_id)
    folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    taken = {path.stem for path in folder.glob("recording-*")}
    number = 1
    while f"recording-{number}" in taken:
        number += 1
    return folder / f"recording-{number}{suffix}"


def audio_path(workspace_folder: Path, meeting_id: str, recording: Recording) -> Path | None:
    """The recording's sound file, or None when it names none or the file is not here."""
    if not recording.audio_file:
        return None
    path = meeting_folder(workspace_folder, meeting_id) / recording.audio_file
    return path if path.is_file() else None
