"""Who came to a meeting: members checked in, apologies, and guests with their organisation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from facilitator.dates import format_count
from facilitator.i18n import _
from facilitator.model.problems import Problem, per_language
from facilitator.model.record import Record

#: Characters of a guest's name or organisation, as the check-in form takes them.
GUEST_FIELD_MAX = 120


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


@per_language
def attendance_field_labels() -> dict[str, str]:
    return {
        "guest_name": _("Name"),
        "guest_organisation": _("Organisation"),
        "status": _("Status"),
        "audio_consent": _("Audio recording consent"),
    }


def validate_attendance(attendance: Attendance, today: date | None = None, *, typed: bool = True) -> list[Problem]:
    """Every problem with ``attendance``: a status that is not one, a roster person's row that
    carries a guest's name (a name there would reach the coordinator unhidden), a consent dated
    after ``today`` and, for a guest as typed (``typed``), a name given and both fields under
    :data:`GUEST_FIELD_MAX` characters. A stored guest row may have no name (the row of an erased
    member) or a longer one (a name in it replaced by "a former member"): its size is bounded by
    :mod:`facilitator.record_rules` instead."""
    labels = attendance_field_labels()
    problems: list[Problem] = []

    def problem(field: str, message: str) -> None:
        problems.append(Problem(field, labels[field], message))

    if typed and attendance.is_guest:
        if not attendance.guest_name.strip():
            problem("guest_name", _("Enter the guest's name."))
        for field in ("guest_name", "guest_organisation"):
            if len(getattr(attendance, field)) > GUEST_FIELD_MAX:
                problem(field, _("Keep it under {count} characters.").format(count=format_count(GUEST_FIELD_MAX)))
    if not attendance.is_guest and (attendance.guest_name or attendance.guest_organisation):
        problem("guest_name", _("A roster person's attendance carries no guest name or organisation."))
    if not isinstance(attendance.status, Presence):
        problem("status", _("This is not an attendance status."))
    if today is not None and attendance.audio_consent is not None and attendance.audio_consent > today:
        problem("audio_consent", _("A consent cannot be dated in the future."))
    return problems
