"""A group's history at a glance: past meetings, attendance over the last year, the activity codes
as a chart, and the action items still open."""

from __future__ import annotations

import dataclasses

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.widgets import Footer, Header, TabbedContent, TabPane
from textual.worker import Worker, WorkerState, get_current_worker

from facilitator.dates import format_count
from facilitator.history import GroupHistory, MeetingRecords, PastMeeting, group_history, open_actions
from facilitator.i18n import _, ngettext
from facilitator.model import Group, Meeting, MeetingStatus
from facilitator.pseudonyms import shown_pseudonyms
from facilitator.search import SearchableEntry, searchable_entries
from screens.history_entries import MeetingEntriesOpening
from screens.history_text import (
    SOUND_MARK,
    actions_note,
    attendance_bars,
    attendance_note,
    code_bars,
    codes_note,
    due_text,
    meeting_cells,
    meeting_details,
)
from screens.set_aside import tell_set_aside
from screens.widgets.bar_chart import BarChart
from screens.widgets.plain import Plain
from screens.widgets.record_table import RecordTable
from storage.errors import DamagedFile, StorageError
from storage.repository import Repository

#: The host's column in the meetings table; the theme takes the rest, and shows whole below the table.
HOST_WIDTH = 18
#: The widest label of a chart row: longer names, and "MK mapping knowledge and identifying gaps", are cut.
NAME_WIDTH = 24
CODE_WIDTH = 28


@dataclasses.dataclass
class _Progress:
    """How far the worker has read (written by the worker, read by a timer)."""

    done: int = 0
    total: int = 0


class HistoryScreen(MeetingEntriesOpening):
    """One group's history, read from every held meeting's own file in a worker thread."""

    CSS_PATH = "history.tcss"
    HELP = _(
        "The group's history at a glance. 1 Meetings: every held meeting, the newest first, with the "
        "host, the theme, the members checked in present and the feedback's average usefulness "
        "(out of 5) with the number of responses; enter (or e) on one lists its memo entries, with "
        "their moments in its recording to play. 2 Attendance: each current member's attendance "
        "over the last 12 months — present out of the held meetings while a member; apologies count "
        "as not present, and meetings where no one was checked in are left out. 3 Activity codes: how "
        "many memo entries carried each of the eleven codes; t switches between the last 12 months "
        "and all years. 4 Action items: the ones still open; a opens the group's action items to "
        "mark them done. / searches every memo entry of the group by its words. i writes the funder's "
        "indicators of a period as a PDF and a CSV."
    )
    BINDINGS = [
        Binding(
            "1",
            "show_tab('meetings')",
            _("Meetings"),
            tooltip=_("Every held meeting, the newest first"),
            id="history.meetings",
            show=False,
        ),
        Binding(
            "2",
            "show_tab('attendance')",
            _("Attendance"),
            tooltip=_("Each member's attendance over the last 12 months"),
            id="history.attendance",
            show=False,
        ),
        Binding(
            "3",
            "show_tab('codes')",
            _("Activity codes"),
            tooltip=_("How often each activity code came up"),
            id="history.codes",
            show=False,
        ),
        Binding(
            "4",
            "show_tab('actions')",
            _("Open actions"),
            tooltip=_("The action items still open"),
            id="history.open_actions",
            show=False,
        ),
        Binding(
            "e",
            "entries",
            _("Entries"),
            tooltip=_("The selected meeting's memo entries and recording"),
            id="history.entries",
        ),
        Binding(
            "t",
            "toggle_period",
            _("Period"),
            tooltip=_("Codes of the last 12 months or of all years"),
            id="history.period",
        ),
        Binding(
            "a", "actions", _("Actions"), tooltip=_("The group's action items, to mark them done"), id="history.actions"
        ),
        Binding(
            "slash",
            "search",
            _("Search"),
            tooltip=_("Find the group's memo entries by their words"),
            id="history.search",
        ),
        Binding(
            "i",
            "indicators",
            _("Indicators"),
            tooltip=_("The funder's indicators of a period, as a PDF and a CSV"),
            id="history.indicators",
        ),
        Binding("escape", "back", _("Back"), id="history.back"),
    ]

    all_years: reactive[bool] = reactive(False)

    def __init__(self, repository: Repository, group: Group) -> None:
        super().__init__()
        self.repository = repository
        self.group = group
        self.title = _("History: {group}").format(group=group.name)
        self._names: dict[str, str] = {}
        self.history: GroupHistory | None = None
        self._progress = _Progress()
        #: The held meetings and their records, as the worker read them: what ``/`` searches.
        self._held: list[Meeting] = []
        self._records: dict[str, MeetingRecords] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Plain(_("Reading the group's history…"), id="history-loading")
        with TabbedContent(id="history-tabs"):
            with TabPane(self._tab_title("1", _("Meetings")), id="meetings"):
                yield RecordTable(id="history-meetings")
                yield Plain(id="meeting-details")
            with TabPane(self._tab_title("2", _("Attendance")), id="attendance"):
                yield Plain(id="attendance-note", classes="history-note")
                with VerticalScroll(id="attendance-scroll"):
                    yield BarChart(maximum=100, label_width=NAME_WIDTH, id="attendance-chart")
            with TabPane(self._tab_title("3", _("Activity codes")), id="codes"):
                yield Plain(id="codes-note", classes="history-note")
                with VerticalScroll(id="codes-scroll"):
                    yield BarChart(label_width=CODE_WIDTH, id="codes-chart")
            with TabPane(self._tab_title("4", _("Action items")), id="actions"):
                yield Plain(id="actions-note", classes="history-note")
                yield RecordTable(id="history-actions")
        yield Footer(compact=True, show_command_palette=False)

    @staticmethod
    def _tab_title(key: str, name: str) -> str:
        return _("{key} {name}").format(key=key, name=name)

    def on_mount(self) -> None:
        self.query_one("#history-tabs").display = False
        meetings = self.query_one("#history-meetings", RecordTable)
        meetings.add_column(_("Date"), key="date")
        meetings.add_column(_("Host"), key="host", width=HOST_WIDTH)
        meetings.add_text_column(_("Theme"), key="theme")
        meetings.add_column(_("Present"), key="present")
        meetings.add_column(_("Feedback"), key="feedback")
        meetings.add_column(SOUND_MARK, key="sound")  # the length of the sound a meeting holds
        actions = self.query_one("#history-actions", RecordTable)
        actions.add_column(_("Due"), key="due")
        actions.add_column(_("Owner"), key="owner")
        actions.add_text_column(_("Action"), key="text")
        self._progress_timer = self.set_interval(0.2, self._show_progress)
        self._read()

    # -- reading, in a thread ------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="history", exit_on_error=False)
    def _read(self) -> GroupHistory:
        """Every held meeting's attendance, memo and feedback, and the group's action items."""
        worker = get_current_worker()
        repository = self.repository
        meetings = repository.meetings(self.group.id)
        people = repository.people(self.group.id)
        held = [meeting for meeting in meetings if meeting.status is MeetingStatus.HELD]
        self._progress.total = len(held)
        records: dict[str, MeetingRecords] = {}
        for meeting in held:
            if worker.is_cancelled:
                break
            records[meeting.id] = repository.meeting_records(meeting.id)
            self._progress.done += 1
        actions = repository.action_items(self.group.id)
        tell_set_aside(self.app, repository, {self.group.id})
        self._names = {person.id: person.name for person in people}
        self._held, self._records = held, records
        return group_history(
            meetings,
            people,
            records,
            repository.today(self.group.time_zone),
            time_zone=self.group.time_zone,
            actions=actions,
        )

    def _show_progress(self) -> None:
        progress = self._progress
        if progress.total and self.history is None:
            self.query_one("#history-loading", Plain).update(
                ngettext(
                    "Reading the group's history… {done} of {total} meeting",
                    "Reading the group's history… {done} of {total} meetings",
                    progress.total,
                ).format(done=format_count(progress.done), total=format_count(progress.total))
            )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "history":
            return
        if event.state is WorkerState.SUCCESS:
            self._progress_timer.stop()
            history: GroupHistory | None = event.worker.result  # what _read returned
            assert history is not None
            self.show_history(history)
        elif event.state is WorkerState.ERROR:
            self._progress_timer.stop()
            error = event.worker.error
            message = (
                str(error)
                if isinstance(error, StorageError)
                else _("The history could not be read: {error}").format(error=error)
            )
            self.query_one("#history-loading", Plain).update(message)
            self.notify(message, severity="error", timeout=30)

    # -- showing -------------------------------------------------------------------------------

    def show_history(self, history: GroupHistory) -> None:
        self.history = history
        self.query_one("#history-loading").display = False
        self.query_one("#history-tabs").display = True
        self._fill_meetings(history)
        self._fill_attendance(history)
        self._fill_codes()
        self._fill_actions()
        self._focus_tab(self.query_one("#history-tabs", TabbedContent).active or "meetings")

    def _fill_meetings(self, history: GroupHistory) -> None:
        table = self.query_one("#history-meetings", RecordTable)
        table.refill((meeting.meeting_id, meeting_cells(meeting)) for meeting in history.meetings)
        self._show_meeting_details()

    def _selected_meeting(self) -> PastMeeting | None:
        if self.history is None:
            return None
        key = self.query_one("#history-meetings", RecordTable).selected_key
        return next((meeting for meeting in self.history.meetings if meeting.meeting_id == key), None)

    def _show_meeting_details(self) -> None:
        """The meeting under the cursor in full."""
        if self.history is not None:
            self.query_one("#meeting-details", Plain).update(
                meeting_details(self._selected_meeting(), self.group.time_zone)
            )

    def on_data_table_row_highlighted(self, event: RecordTable.RowHighlighted) -> None:
        if event.data_table.id == "history-meetings":
            self._show_meeting_details()

    def _fill_attendance(self, history: GroupHistory) -> None:
        self.query_one("#attendance-note", Plain).update(attendance_note(history))
        self.query_one("#attendance-chart", BarChart).bars = attendance_bars(history)

    def _fill_codes(self) -> None:
        history = self.history
        if history is None:
            return
        self.query_one("#codes-note", Plain).update(codes_note(history, self.all_years))
        self.query_one("#codes-chart", BarChart).bars = code_bars(history, self.all_years)

    def watch_all_years(self) -> None:
        self._fill_codes()

    def _fill_actions(self) -> None:
        history = self.history
        if history is None:
            return
        table = self.query_one("#history-actions", RecordTable)
        # Rows are added here rather than refilled: the overdue dates are drawn in the error colour
        # at once (a cell updated afterwards costs a layout each, and twenty years have hundreds).
        overdue_style = f"bold {self.app.theme_variables.get('error', 'red')}"
        table.clear()
        for entry in history.open_actions:
            due = Text(due_text(entry.due, history.today) if entry.due else "–")
            if entry.is_overdue(history.today):
                due.stylize(overdue_style)
            owner = shown_pseudonyms(self._names.get(entry.owner_id, "–"))
            table.add_row(due, Text(owner), Text(shown_pseudonyms(entry.text)), key=entry.id)
        self.query_one("#actions-note", Plain).update(actions_note(history))

    # -- keys ----------------------------------------------------------------------------------

    def _focus_tab(self, tab: str) -> None:
        target = {
            "meetings": "#history-meetings",
            "attendance": "#attendance-scroll",
            "codes": "#codes-scroll",
            "actions": "#history-actions",
        }[tab]
        self.query_one(target).focus()

    def action_show_tab(self, tab: str) -> None:
        self.query_one("#history-tabs", TabbedContent).active = tab
        if self.history is not None:
            self._focus_tab(tab)

    def action_toggle_period(self) -> None:
        self.all_years = not self.all_years
        self.action_show_tab("codes")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The list of action items reads the meetings' files too: not while the worker does; and /
        # searches what the worker read.
        if action in {"actions", "toggle_period", "search"} and self.history is None:
            return None
        if action == "entries":  # on the meetings tab only, once read
            if self.history is None or self.query_one("#history-tabs", TabbedContent).active != "meetings":
                return None
            return self._selected_held() is not None
        return True

    def action_actions(self) -> None:
        from screens.actions import ActionItemsScreen

        self.app.push_screen(ActionItemsScreen(self.repository, self.group), self._actions_closed)

    def _actions_closed(self, _result: None = None) -> None:
        """Items may have been marked done there: count again (the files are read already)."""
        if self.history is None:
            return
        try:
            actions = self.repository.action_items(self.group.id)
        except StorageError as error:
            self.notify(str(error), severity="error", timeout=30)
            return
        self.history = dataclasses.replace(self.history, open_actions=open_actions(actions))
        self._fill_actions()

    def action_search(self) -> None:
        from screens.search import SearchScreen

        # Read already: only once the history has loaded, which a damaged file stops, may / search.
        group, held, records = self.group, self._held, self._records

        def read(_damaged: list[DamagedFile]) -> list[SearchableEntry]:
            return list(searchable_entries(group, held, records))

        self.app.push_screen(SearchScreen(read, group.name))

    def action_indicators(self) -> None:
        from screens.indicators import ask_and_write_indicators

        ask_and_write_indicators(self, self.repository, [self.group.id], self.group.name)

    def action_back(self) -> None:
        self.dismiss()
