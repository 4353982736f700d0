"""Who was present at a meeting without consenting to its recording: no sound of the meeting may
be kept or leave then. Attaching, the entries screen, the recordings file and the QDPX export all
ask here, so that they agree on the day the consents are read on."""

from __future__ import annotations

from collections.abc import Sequence

from facilitator.checkin import checkin_rows, without_audio_consent
from facilitator.meeting_entries import meeting_day
from facilitator.model import Attendance, Meeting, Person
from facilitator.model.group import DEFAULT_TIME_ZONE, is_time_zone
from storage.repository import Repository


def present_without_consent(
    repository: Repository,
    meeting: Meeting,
    *,
    people: Sequence[Person] | None = None,
    attendance: Sequence[Attendance] | None = None,
) -> list[str]:
    """The names of those present at ``meeting`` who have not consented to the recording, read on
    the day the meeting was held on the group's calendar. ``people`` and ``attendance`` when the caller has
    read them already (by default the group's roster and the meeting's check-in)."""
    group = repository.group(meeting.group_id)
    zone = group.time_zone if is_time_zone(group.time_zone) else DEFAULT_TIME_ZONE
    rows = checkin_rows(
        repository.people(group.id) if people is None else people,
        repository.attendance(meeting.id) if attendance is None else attendance,
        meeting_day(meeting, zone),
    )
    return [row.name for row in without_audio_consent(rows)]
