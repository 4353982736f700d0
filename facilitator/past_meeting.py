"""One held meeting as the group's history lists it (see :mod:`facilitator.history`), with the
sound it holds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from facilitator.model import Recording


@dataclass(frozen=True)
class PastMeeting:
    """One held meeting as the history lists it.

    ``present`` counts the members checked in present (None when attendance was never taken);
    ``feedback_average`` is the average usefulness (1–5) of its feedback, None without any;
    ``recordings`` are those of its recordings that hold sound (none: no sound was kept).
    """

    meeting_id: str
    day: date
    host_id: str
    host: str
    company: str
    theme: str
    present: int | None
    apologies: int
    guests: int
    feedback_responses: int
    feedback_average: float | None
    entries: int
    recordings: tuple[Recording, ...] = ()

    @property
    def sound_seconds(self) -> float | None:
        """The length of the meeting's sound, all its files together; None when it holds none."""
        if not self.recordings:
            return None
        return sum(recording.audio_seconds or 0.0 for recording in self.recordings)
