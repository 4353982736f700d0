"""What the screens of one meeting share (its preparation, and the meeting live): the repository,
the group and the meeting they are about, and the meeting's day in the group's time zone."""

from __future__ import annotations

from datetime import date

from textual.screen import Screen

from facilitator.dates import format_day
from facilitator.i18n import _
from facilitator.local_time import local_day
from facilitator.model import Group, Meeting
from storage.repository import Repository


class MeetingScreen(Screen[None]):
    """A screen about one meeting of a group, titled with the group and the meeting's day."""

    def __init__(self, repository: Repository, group: Group, meeting: Meeting) -> None:
        super().__init__()
        self.repository = repository
        self.group = group
        self.meeting = meeting
        #: The group's time zone: the meeting's day and clock times are those of its calendar.
        self._zone = group.time_zone
        self.title = _("{group}: {day}").format(group=group.name, day=format_day(self._local_day()))

    def _local_day(self) -> date:
        return local_day(self.meeting.starts_at, self._zone)
