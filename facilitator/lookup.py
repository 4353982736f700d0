"""Finding what a person names on the command line: a group by name or id, a meeting by id or "next"."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from facilitator.i18n import _
from facilitator.local_time import local_day
from facilitator.model import Group, Meeting, MeetingStatus
from facilitator.text import fold


class NoSuchGroup(LookupError):
    """No group, or more than one, answers to the text; the message says which."""


class NoSuchMeeting(LookupError):
    """No meeting answers to the text; the message says what to give instead."""


def find_group(groups: Sequence[Group], text: str) -> Group:
    """The one group whose id or name is ``text``, or whose name contains it (accents ignored)."""
    wanted = fold(text.strip())
    if not wanted:
        raise NoSuchGroup(_("Name a group."))
    exact = [group for group in groups if group.id == text.strip() or fold(group.name) == wanted]
    if len(exact) == 1:
        return exact[0]
    partial = [group for group in groups if wanted in fold(group.name)]
    if len(partial) == 1:
        return partial[0]
    if not partial:
        names = ", ".join(group.name for group in groups) or _("none")
        raise NoSuchGroup(_("No group is called “{text}”. The groups are: {names}.").format(text=text, names=names))
    names = ", ".join(group.name for group in partial)
    raise NoSuchGroup(_("“{text}” could mean {names}: write more of the name.").format(text=text, names=names))


def next_meeting(meetings: Sequence[Meeting], now: datetime) -> Meeting:
    """The group's first planned or confirmed meeting that has not started by ``now``."""
    upcoming = [
        meeting
        for meeting in meetings
        if meeting.starts_at >= now and meeting.status in (MeetingStatus.PLANNED, MeetingStatus.CONFIRMED)
    ]
    if not upcoming:
        raise NoSuchMeeting(_("The group has no upcoming meeting: plan the season first."))
    return min(upcoming, key=lambda meeting: meeting.starts_at)


def find_meeting(meetings: Sequence[Meeting], text: str) -> Meeting:
    """The meeting whose id is ``text`` or starts with it (at least eight characters)."""
    wanted = text.strip().lower()
    found = [meeting for meeting in meetings if meeting.id == wanted]
    if not found and len(wanted) >= 8:
        found = [meeting for meeting in meetings if meeting.id.startswith(wanted)]
    if len(found) != 1:
        raise NoSuchMeeting(
            _("No meeting has the id “{text}”. Give a meeting id, or “next” or “last” with --group.").format(text=text)
        )
    return found[0]


def meeting_to_run(meetings: Sequence[Meeting], now: datetime, time_zone: str) -> Meeting:
    """The meeting a facilitator means by "the meeting" tonight: the one under way, else one
    planned for today (even if its start time has passed), else the next one."""
    under_way = [meeting for meeting in meetings if meeting.in_progress]
    if under_way:
        # A meeting under way has started_at; starts_at only tells mypy the key is never None.
        return max(under_way, key=lambda meeting: meeting.started_at or meeting.starts_at)
    today = local_day(now, time_zone)
    tonight = [
        meeting
        for meeting in meetings
        if local_day(meeting.starts_at, time_zone) == today
        and meeting.status in (MeetingStatus.PLANNED, MeetingStatus.CONFIRMED)
    ]
    if tonight:
        return min(tonight, key=lambda meeting: meeting.starts_at)
    return next_meeting(meetings, now)


def last_held(meetings: Sequence[Meeting]) -> Meeting:
    """The group's most recent held meeting: the one whose summary is asked for after the evening."""
    held = [meeting for meeting in meetings if meeting.status is MeetingStatus.HELD and not meeting.deleted]
    if not held:
        raise NoSuchMeeting(_("The group has no held meeting yet."))
    return max(held, key=lambda meeting: meeting.starts_at)
