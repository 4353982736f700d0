"""What the live meeting's recording tests share: someone consenting checked in, the recording
started by its key, waiting for the recorder, and the meeting as stored."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import TYPE_CHECKING

from facilitator.model import Attendance, Meeting, Presence
from screens.live import LiveScreen
from tests.app_support import notices
from tests.conftest import reopen

if TYPE_CHECKING:
    from facilitator.audio.recorder import Recorder


async def until(pilot, done, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        assert time.monotonic() < deadline, notices(pilot.app)
        await asyncio.sleep(0.02)
    await pilot.pause()


def check_in_someone_consenting(live: LiveScreen) -> None:
    """A guest present who consented to the recording: it records only once those present are checked in."""
    now = live.repository.now()
    live.repository.save_attendance(
        Attendance(
            meeting_id=live.meeting.id,
            guest_name="Sara Gäst",
            status=Presence.PRESENT,
            arrived_at=now,
            audio_consent=now.date(),
        )
    )
    live._refresh_counts()


async def start_recording(pilot, live: LiveScreen) -> Recorder:
    """Someone consenting checked in and ctrl+r pressed: the recorder the live screen started."""
    check_in_someone_consenting(live)
    await pilot.press("ctrl+r")
    await pilot.pause()
    recorder = live._recorder
    assert recorder is not None, notices(pilot.app)
    return recorder


def stored_meeting(folder: Path, meeting_id: str) -> Meeting:
    repository = reopen(folder)
    try:
        return repository.meeting(meeting_id)
    finally:
        repository.workspace.close()
