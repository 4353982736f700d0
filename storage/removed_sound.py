"""A meeting removed keeps no sound: its sound folder goes with it."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from facilitator.model import Meeting


def remove_sound_of_removed(folder: Path, meetings: Iterable[Meeting]) -> None:
    """The sound folders of the meetings among ``meetings`` that are removed (tombstones), deleted."""
    if gone := [meeting.id for meeting in meetings if meeting.deleted]:
        from storage.recordings import remove_sound_folder  # rarely needed: a faster start without

        for meeting_id in gone:
            remove_sound_folder(folder, meeting_id)
