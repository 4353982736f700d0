"""Who came to a meeting: members checked in, apologies, and guests with their organisation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from facilitator.i18n import _
from facilitator.model.record import Record


class Presence(StrEnum):
    PRESENT = "present"
    APOLOGIES = "apologies"
    ABSENT = "absent"

    @property
    def label(self) -> str:
        return {
            Presence.PRESENT: _("present"),
            Presence.APOLOGIES: _("sent apologies"),
            Presence.ABSENT: _("absent"),
        }[self]


@dataclass(kw_only=True)
class Attendance(Record):
    """One person's attendance at one meeting, in the meeting's own file.

    A roster person has ``person_id``; a guest has none but a ``guest_name`` and organisation.
    A member with no attendance record has not been checked in: absent. ``audio_consent`` is a
    consent to recording given on the spot at this meeting, with its date.
    """

    meeting_id: str
    person_id: str = ""
    guest_name: str = ""
    guest_organisation: str = ""
    status: Presence = Presence.ABSENT
    arrived_at: datetime | None = None
    audio_consent: date | None = None

    @property
    def is_guest(self) -> bool:
        return not self.person_id
