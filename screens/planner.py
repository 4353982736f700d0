"""Season planner: a group's meetings with their hosts; plan, swap, override, confirm, cancel
(the changes of host are in :mod:`screens.planner_hosts`)."""

from __future__ import annotations

import dataclasses

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header

from exports.season import SeasonMeeting, season_meetings
from facilitator.dates import format_count, format_day, format_time_range
from facilitator.i18n import _, ngettext, pgettext
from facilitator.model import Group, Invalid, Meeting, MeetingStatus, Person
from facilitator.schedule import describe_pattern
from facilitator.season import SeasonPlan, host_explanation
from screens.confirm import ConfirmScreen
from screens.exporting import write_in_background
from screens.planner_hosts import HostChanges
from screens.widgets.plain import Plain
from screens.widgets.record_table import RecordTable
from storage.errors import StorageError
from storage.repository import Repository


class PlannerScreen(HostChanges):
    """One group's season: every meeting with date, time, host, status and why that host."""

    CSS_PATH = "planner.tcss"
    HELP = _(
        "The group's meetings. Plan the season (s) from the meeting pattern (p): hosts are proposed "
        "by a fair rotation that skips members who are away. Re-planning keeps meetings that are "
        "confirmed, held or changed by hand. Swap two hosts with w on each meeting in turn. "
        "Enter opens a meeting to prepare its theme and agenda; t edits the agenda template."
    )
    BINDINGS = [
        Binding(
            "enter",
            "prepare",
            _("Prepare"),
            tooltip=_("Theme, place and agenda of the meeting"),
            id="planner.prepare",
            show=False,
        ),
        Binding(
            "m", "run_meeting", _("Run"), tooltip=_("Run the meeting live: check-in, clock, memo"), id="planner.run"
        ),
        Binding("p", "pattern", _("Pattern"), tooltip=_("When the group meets"), id="planner.pattern"),
        Binding("s", "plan", _("Plan"), tooltip=_("Plan the season from the pattern"), id="planner.plan"),
        Binding("w", "swap", _("Swap"), tooltip=_("Swap the hosts of two meetings"), id="planner.swap"),
        Binding("o", "override", _("Host"), tooltip=_("Choose the host by hand"), id="planner.host"),
        Binding("c", "confirm", _("Confirm"), tooltip=_("Mark the meeting confirmed"), id="planner.confirm"),
        Binding(
            "x",
            "cancel_meeting",
            pgettext("call off a meeting", "Cancel"),
            tooltip=_("Cancel the meeting"),
            id="planner.cancel",
        ),
        Binding(
            "d",
            "decline",
            _("Declines"),
            tooltip=_("The host declines: propose the next"),
            id="planner.decline",
            show=False,
        ),
        Binding(
            "v",
            "after_meeting",
            _("After"),
            tooltip=_("Summaries, website text and feedback of a held meeting"),
            id="planner.after",
            show=False,
        ),
        Binding("y", "history", _("Hosting"), tooltip=_("Who has hosted how often"), id="planner.history", show=False),
        Binding(
            "t",
            "template",
            _("Template"),
            tooltip=_("The agenda every new meeting starts from"),
            id="planner.template",
            show=False,
        ),
        Binding(
            "i",
            "calendar",
            _("Calendar"),
            tooltip=_("Write the season as an .ics calendar"),
            id="planner.calendar",
            show=False,
        ),
        Binding(
            "r", "print", _("Print"), tooltip=_("Write the season schedule as a PDF"), id="planner.print", show=False
        ),
        Binding("escape", "back", _("Back"), id="planner.back"),
    ]

    def __init__(self, repository: Repository, group: Group) -> None:
        super().__init__()
        self.repository = repository
        self.group = group
        self.title = _("{group}: season").format(group=group.name)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Plain(id="pattern-summary")
        yield RecordTable(id="meetings")
        yield Plain(id="meeting-details")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        table = self.query_one("#meetings", RecordTable)
        for key, label in (("day", _("Date")), ("time", _("Time")), ("host", _("Host")), ("status", _("Status"))):
            table.add_column(label, key=key)
        self.refresh_season()
        table.focus()

    # -- data down -----------------------------------------------------------------------------

    def refresh_season(self, select: str | None = None) -> None:
        """Redraw from the repository; keep the cursor on ``select`` or where it was."""
        self.group = self.repository.group(self.group.id)
        self.query_one("#pattern-summary", Plain).update(
            describe_pattern(self.group.pattern) + "  " + _("(p to change)")
        )
        self._season = season_meetings(self.group, self.repository.meetings(self.group.id), self._people())
        table = self.query_one("#meetings", RecordTable)
        # The cursor starts on the next meeting, then stays where the facilitator put it.
        first_fill = table.row_count == 0
        table.refill(
            ((entry.meeting.id, self._cells(entry)) for entry in self._season),
            select or (self._upcoming() if first_fill else None),
        )
        self._show_details()

    def _people(self) -> dict[str, Person]:
        return {person.id: person for person in self.repository.people(self.group.id)}

    def _cells(self, entry: SeasonMeeting) -> tuple[str, ...]:
        mark = "⇄ " if entry.meeting.id == self.swap_from else ""
        host = entry.host.name if entry.host else _("(no host)")
        if entry.meeting.edited_by_hand:
            host += " ✎"
        return (
            mark + format_day(entry.starts.date()),
            format_time_range(entry.starts, entry.ends),
            host,
            _("under way") if entry.meeting.in_progress else entry.meeting.status.label,
        )

    def _upcoming(self) -> str | None:
        """The first meeting from today on: where the cursor starts."""
        today = self.repository.today(self.group.time_zone)
        return next((entry.meeting.id for entry in self._season if entry.starts.date() >= today), None)

    def _show_details(self) -> None:
        entry = self._selected_entry()
        details = self.query_one("#meeting-details", Plain)
        if entry is None:
            details.update(_("No meetings yet: press s to plan the season."))
            return
        lines = [entry.location or _("No place yet.")]
        if entry.meeting.theme:
            lines[0] += " · " + entry.meeting.theme
        if explanation := host_explanation(entry.meeting):
            lines.append(explanation)
        if self.swap_from:
            lines.append(_("Swap: go to the other meeting and press w (escape: stop)."))
        details.update("\n".join(lines))

    def on_data_table_row_highlighted(self) -> None:
        self._show_details()

    def watch_swap_from(self) -> None:
        if self.is_mounted:
            self.refresh_season()

    def _selected_entry(self) -> SeasonMeeting | None:
        meeting_id = self.query_one("#meetings", RecordTable).selected_key
        return next((entry for entry in self._season if entry.meeting.id == meeting_id), None)

    def _selected_meeting(self) -> Meeting | None:
        entry = self._selected_entry()
        if entry is None:
            self.notify(_("There is no meeting yet: press s to plan the season."), severity="warning")
            return None
        return entry.meeting

    def _save(self, *meetings: Meeting, message: str) -> None:
        try:
            saved = self.repository.save_meetings(list(meetings))
        except (StorageError, Invalid) as error:
            self.notify(str(error), severity="error", timeout=10)
            return
        self.refresh_season(select=saved[-1].id if saved else None)
        self.notify(message)

    # -- actions -------------------------------------------------------------------------------

    def on_data_table_row_selected(self, event: RecordTable.RowSelected) -> None:
        event.stop()
        self.action_prepare()

    def action_prepare(self) -> None:
        from screens.prepare import PrepareScreen  # imported when first needed: a faster start

        meeting = self._selected_meeting()
        if meeting is None:
            return
        try:
            self.repository.agenda(meeting.id)  # the meeting's own file: refused here if damaged
        except StorageError as error:
            self.notify(str(error), severity="error", timeout=30)
            return
        self.app.push_screen(PrepareScreen(self.repository, self.group, meeting), lambda _result: self.refresh_season())

    def action_run_meeting(self) -> None:
        from screens.open_meeting import open_meeting  # imported when first needed: a faster start

        if meeting := self._selected_meeting():
            open_meeting(self, self.repository, self.group, meeting, lambda _result: self.refresh_season())

    def action_template(self) -> None:
        from screens.template import TemplateScreen  # imported when first needed: a faster start

        self.app.push_screen(TemplateScreen(self.repository, self.group), lambda _result: self.refresh_season())

    def action_pattern(self) -> None:
        from screens.pattern_form import PatternForm  # imported when first needed: a faster start

        def saved(group: Group | None) -> None:
            if group is not None:
                self.refresh_season()
                self.notify(_("Pattern saved. Press s to plan the season with it."))

        form = PatternForm(
            self.group, save=self.repository.save_group, today=self.repository.today(self.group.time_zone)
        )
        self.app.push_screen(form, saved)

    def action_plan(self) -> None:
        from screens.pattern_form import SeasonForm  # imported when first needed: a faster start

        def planned(plan: SeasonPlan | None) -> None:
            if plan is not None:
                self.refresh_season()
                self.notify(
                    _("Season planned: {changed}, {dropped}.").format(
                        changed=ngettext(
                            "{count} meeting added or updated", "{count} meetings added or updated", len(plan.meetings)
                        ).format(count=format_count(len(plan.meetings))),
                        dropped=ngettext("{count} dropped", "{count} dropped", len(plan.removed)).format(
                            count=format_count(len(plan.removed))
                        ),
                    )
                )

        self.app.push_screen(SeasonForm(self.repository, self.group), planned)

    def action_back(self) -> None:
        if self.swap_from:
            self.swap_from = None
        else:
            self.dismiss()

    def action_confirm(self) -> None:
        meeting = self._selected_meeting()
        if meeting is None:
            return
        if meeting.status is not MeetingStatus.PLANNED:
            self.notify(
                _("Only a planned meeting can be confirmed; this one is {status}.").format(status=meeting.status.label),
                severity="warning",
            )
            return
        if not meeting.host_id:
            self.notify(_("Choose a host first (o)."), severity="warning")
            return
        self._save(_with_status(meeting, MeetingStatus.CONFIRMED), message=_("Meeting confirmed."))

    def action_cancel_meeting(self) -> None:
        meeting = self._selected_meeting()
        if meeting is None or meeting.status in (MeetingStatus.HELD, MeetingStatus.CANCELLED):
            if meeting is not None:
                self.notify(_("This meeting is {status}.").format(status=meeting.status.label), severity="warning")
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._save(_with_status(meeting, MeetingStatus.CANCELLED), message=_("Meeting cancelled."))

        entry = self._selected_entry()
        question = _("Cancel the meeting of {day}? It stays in the list as cancelled.").format(
            day=format_day(entry.starts.date()) if entry else ""
        )
        self.app.push_screen(ConfirmScreen(question, yes=_("Cancel the meeting")), answered)

    def action_after_meeting(self) -> None:
        from screens.after_meeting import AfterMeetingScreen  # imported when first needed: a faster start

        meeting = self._selected_meeting()
        if meeting is None:
            return
        if meeting.status is not MeetingStatus.HELD:
            self.notify(
                _("Summaries and feedback are for a held meeting; this one is {status}.").format(
                    status=meeting.status.label
                ),
                severity="warning",
            )
            return
        self.app.push_screen(AfterMeetingScreen(self.repository, self.group, meeting))

    def action_history(self) -> None:
        from screens.host_history import HostHistoryScreen  # imported when first needed: a faster start

        self.app.push_screen(HostHistoryScreen(self.repository, self.group))

    def action_calendar(self) -> None:
        self._export("calendar")

    def action_print(self) -> None:
        self._export("schedule")

    def _export(self, kind: str) -> None:
        from exports.season_files import write_season_file  # imported when first needed: a faster start

        write_in_background(self, lambda: write_season_file(self.repository, self.group, kind))


def _with_status(meeting: Meeting, status: MeetingStatus) -> Meeting:
    return dataclasses.replace(meeting, status=status)
