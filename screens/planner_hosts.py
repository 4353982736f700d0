"""Who hosts the season's meetings, changed on the planner (see :class:`screens.planner.PlannerScreen`):
two meetings' hosts swapped (w on each in turn), a host chosen by hand, or a host who declines
replaced by the next in the rotation."""

from __future__ import annotations

from collections.abc import Callable

from textual.reactive import reactive
from textual.screen import Screen

from exports.season import SeasonMeeting
from facilitator.dates import format_day
from facilitator.i18n import _
from facilitator.model import Group, Meeting, MeetingStatus, Person
from facilitator.rotation import meeting_day
from facilitator.season import decline, set_host, swap_hosts
from storage.repository import Repository


class HostChanges(Screen[None]):
    """The planner's changes of host, made on the meeting under its cursor."""

    repository: Repository
    group: Group
    _season: list[SeasonMeeting]
    _people: Callable[[], dict[str, Person]]
    _selected_meeting: Callable[[], Meeting | None]
    _save: Callable[..., None]

    #: The meeting chosen first for a swap, until the second is chosen.
    swap_from: reactive[str | None] = reactive(None)

    def action_swap(self) -> None:
        meeting = self._selected_meeting()
        if meeting is None:
            return
        if self.swap_from is None or self.swap_from == meeting.id:
            self.swap_from = None if self.swap_from else meeting.id
            return
        first = self.repository.meeting(self.swap_from)
        self.swap_from = None
        if first.status is MeetingStatus.HELD or meeting.status is MeetingStatus.HELD:
            self.notify(_("A meeting that has been held keeps its host."), severity="warning")
            return
        if problem := self._swap_problem(first, meeting):
            self.notify(problem, severity="warning", timeout=8)
            return
        a, b = swap_hosts(first, meeting, list(self._people().values()))
        self._save(a, b, message=_("Hosts swapped."))

    def _swap_problem(self, a: Meeting, b: Meeting) -> str | None:
        """Why the hosts of ``a`` and ``b`` cannot trade dates, if they cannot."""
        if MeetingStatus.CONFIRMED in (a.status, b.status):
            return _("A confirmed meeting keeps its host: choose another meeting, or change the host with o.")
        people = self._people()
        absences = self.repository.absences(self.group.id)
        for meeting, other in ((a, b), (b, a)):
            day = meeting_day(other, self.group.time_zone)
            if meeting.host_id and any(
                absence.person_id == meeting.host_id and absence.covers(day) for absence in absences
            ):
                return _("{name} is away on {day}: the hosts were not swapped.").format(
                    name=people[meeting.host_id].name, day=format_day(day)
                )
        return None

    def action_override(self) -> None:
        from screens.host_picker import HostPicker  # imported when first needed: a faster start

        meeting = self._selected_meeting()
        if meeting is None:
            return

        def chosen(person: Person | None) -> None:
            if person is None:
                return
            self._save(set_host(meeting, person), message=_("{name} hosts this meeting.").format(name=person.name))
            if self._hosts_next_to(meeting.id, person.id):
                self.notify(
                    _("{name} also hosts a meeting next to this one: press s to plan the season again.").format(
                        name=person.name
                    ),
                    severity="warning",
                )

        people = list(self._people().values())
        absences = self.repository.absences(self.group.id)
        meetings = self.repository.meetings(self.group.id)
        self.app.push_screen(HostPicker(meeting, people, absences, meetings, self.group.time_zone), chosen)

    def _hosts_next_to(self, meeting_id: str, person_id: str) -> bool:
        """Whether ``person_id`` hosts the meeting just before or after ``meeting_id``."""
        held = [entry for entry in self._season if entry.meeting.status is not MeetingStatus.CANCELLED]
        index = next(i for i, entry in enumerate(held) if entry.meeting.id == meeting_id)
        neighbours = held[max(index - 1, 0) : index] + held[index + 1 : index + 2]
        return any(entry.meeting.host_id == person_id for entry in neighbours)

    def action_decline(self) -> None:
        meeting = self._selected_meeting()
        if meeting is None:
            return
        if not meeting.host_id or meeting.status is not MeetingStatus.PLANNED:
            self.notify(_("Only the host of a planned meeting can decline."), severity="warning")
            return
        people = list(self._people().values())
        proposed = decline(
            meeting,
            self.repository.meetings(self.group.id),
            people,
            self.repository.absences(self.group.id),
            time_zone=self.group.time_zone,
        )
        self._save(proposed, message=proposed.host_reason or _("Host declined."))
