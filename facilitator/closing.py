"""Closing a live meeting: the actual end read from the closing form, what closing leaves
behind, the question before closing a meeting nobody came to, and the check that a live screen's
change still applies to the stored meeting. Plain functions, as in live.py."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from facilitator.checkin import CheckinRow, without_audio_consent
from facilitator.dates import format_time
from facilitator.i18n import _
from facilitator.live import current_item, recording_stopped
from facilitator.local_time import local_moment
from facilitator.model import AgendaItem, Attendance, Meeting, MeetingStatus, MemoEntry, Presence, Problem
from facilitator.model.sizes import text_problem
from facilitator.pattern_rules import parse_time, time_example

#: The longest a meeting that ran past midnight may have lasted: a time typed before the start is
#: read as the next morning only up to this long after the start (a meeting closed days later,
#: with an evening time a little before the start, did not last almost a day).
LONGEST_NIGHT_MEETING = timedelta(hours=12)


def last_recorded(
    meeting: Meeting, items: Sequence[AgendaItem], attendance: Sequence[Attendance], entries: Sequence[MemoEntry]
) -> datetime | None:
    """The last moment anything of the meeting was noted: the meeting cannot have ended before it."""
    moments = [entry.written_at for entry in entries]
    moments += [moment for item in items for moment in (item.started_at, item.ended_at) if moment]
    moments += [
        moment for recording in meeting.recordings for moment in (recording.started_at, recording.stopped_at) if moment
    ]
    moments += [entry.arrived_at for entry in attendance if entry.arrived_at]
    return max(moments, default=None)


def closed(
    meeting: Meeting, items: Sequence[AgendaItem], conclusions: str, closed_at: datetime
) -> tuple[Meeting, list[AgendaItem]]:
    """The meeting held: conclusions, actual end, recording stopped, the running item ended."""
    meeting = recording_stopped(meeting, closed_at)
    meeting = dataclasses.replace(
        meeting, conclusions=conclusions.strip(), closed_at=closed_at, status=MeetingStatus.HELD
    )
    item = current_item(items)
    return meeting, [dataclasses.replace(item, ended_at=closed_at)] if item else []


def sound_without_consent(meeting: Meeting, rows: Sequence[CheckinRow]) -> list[CheckinRow]:
    """Those present without consent to the recording, when the meeting holds sound (nobody when it
    holds none): its sound may not be kept, so closing asks whether to delete it (a consent
    withdrawn at the check-in after the recording, or a recording the gate could not stop)."""
    if not any(recording.has_audio for recording in meeting.recordings):
        return []
    return without_audio_consent(rows)


class MeetingMovedOn(Exception):
    """The meeting a live screen shows was closed, cancelled or its start undone elsewhere since."""


def still_under_way(stored: Meeting, shown: Meeting) -> Meeting:
    """The stored meeting, to make a live screen's change to (recording, closing, leaving) on it.

    Refused with :class:`MeetingMovedOn` when it is no longer the meeting under way that the
    screen shows (closed, cancelled, its start undone or made again): a screen left behind must
    never write its older state over a newer one, e.g. save a held meeting back as not started.
    Changes made on it are made to what is stored, not to the screen's copy, so that nothing
    saved elsewhere meanwhile (a theme, a host) is undone either.
    """
    if not stored.in_progress or stored.started_at != shown.started_at:
        raise MeetingMovedOn(
            _(
                "This meeting was closed or changed elsewhere (on another screen, or by an imported bundle); "
                "this screen was behind and saved nothing."
            )
        )
    return stored


def nobody_came(attendance: Sequence[Attendance], entries: Sequence[MemoEntry]) -> bool:
    """Whether closing would mark held a meeting where nobody was checked in present and nothing
    was written in the memo: most likely a mistake (the wrong meeting, or too early), so the
    facilitator is asked first."""
    return not entries and not any(entry.status is Presence.PRESENT for entry in attendance)


def closing_field_labels() -> dict[str, str]:
    return {"conclusions": _("Conclusions"), "ended": _("Ended at")}


def check_closing(
    values: dict[str, str], meeting: Meeting, time_zone: str, now: datetime, last_recorded: datetime | None = None
) -> tuple[datetime | None, list[Problem]]:
    """The actual end read from the closing form, or its problems.

    The time typed is read on the group's clocks as the first moment at or after the start with
    that time: on the meeting's day, or the next morning for a meeting that ran past midnight
    (within :data:`LONGEST_NIGHT_MEETING` of the start; a time earlier than that is before the
    start). It cannot be after ``now`` nor before ``last_recorded``, the last moment anything was
    noted; a time that fits neither day says whether it is before the start or still to come.

    The ``conclusions``, when given, are held to the size of a record's conclusions."""
    labels = closing_field_labels()
    ended, problems = _read_end(values, meeting, time_zone, now, last_recorded)
    if too_long := text_problem("conclusions", values.get("conclusions", "").strip()):
        return None, [Problem("conclusions", labels["conclusions"], too_long), *problems]
    return ended, problems


def _read_end(
    values: dict[str, str], meeting: Meeting, time_zone: str, now: datetime, last_recorded: datetime | None
) -> tuple[datetime | None, list[Problem]]:
    labels = closing_field_labels()
    zone = ZoneInfo(time_zone)
    begun = local_moment(meeting.started_at or meeting.starts_at, time_zone).replace(second=0, microsecond=0)
    clock_time = parse_time(values.get("ended", ""))
    if clock_time is None:
        return None, [Problem("ended", labels["ended"], time_example(time(20, 15)))]
    local_now = local_moment(now, time_zone)
    on_the_day = datetime.combine(begun.date(), clock_time, zone)
    ended = on_the_day if on_the_day >= begun else datetime.combine(begun.date() + timedelta(days=1), clock_time, zone)
    too_long = ended is not on_the_day and _utc(ended) - _utc(begun) > LONGEST_NIGHT_MEETING
    if too_long or ended > local_now + timedelta(minutes=1):
        # Read as the next morning but not come yet: before midnight it can only be a time before
        # the start; after midnight, whichever of the two misses by less.
        before_start = too_long or (
            ended is not on_the_day
            and (local_now.date() == begun.date() or _utc(begun) - _utc(on_the_day) < _utc(ended) - _utc(local_now))
        )
        if before_start:
            message = _("The meeting started at {start}: it cannot have ended at {typed}.")
        else:
            message = _("It is only {now}: {typed} has not come yet.")
        text = message.format(start=format_time(begun), typed=format_time(clock_time), now=format_time(local_now))
        return None, [Problem("ended", labels["ended"], text)]
    if last_recorded and ended < last_recorded.astimezone(zone).replace(second=0, microsecond=0):
        return None, [
            Problem(
                "ended",
                labels["ended"],
                _("Something was recorded at {time}; the meeting cannot end before.").format(
                    time=format_time(last_recorded.astimezone(zone))
                ),
            )
        ]
    return _utc(ended), []


def _utc(moment: datetime) -> datetime:
    """``moment`` in UTC: aware datetimes of one zone compare by their wall clocks, UTC by the instant."""
    return moment.astimezone(UTC)
