"""The history's way into a held meeting's memo entries and its recording: e, or enter on the
meeting's row, while the meetings tab shows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen
from textual.widgets import TabbedContent

from screens.widgets.record_table import RecordTable

if TYPE_CHECKING:
    from facilitator.history import GroupHistory, PastMeeting
    from facilitator.model import Group, Meeting
    from storage.repository import Repository


class MeetingEntriesOpening(Screen[None]):
    """What the history screen opens a meeting's entries with; it reads ``history`` and ``_held``."""

    repository: Repository
    group: Group
    history: GroupHistory | None
    _held: list[Meeting]

    def _selected_meeting(self) -> PastMeeting | None:
        raise NotImplementedError

    def on_data_table_row_selected(self, event: RecordTable.RowSelected) -> None:
        """Enter on a meeting lists its entries, as e does."""
        if event.data_table.id == "history-meetings":
            self.action_entries()

    def _selected_held(self) -> Meeting | None:
        """The held meeting under the meetings table's cursor, while that tab shows."""
        if self.history is None or self.query_one("#history-tabs", TabbedContent).active != "meetings":
            return None
        selected = self._selected_meeting()
        if selected is None:
            return None
        return next((meeting for meeting in self._held if meeting.id == selected.meeting_id), None)

    def action_entries(self) -> None:
        from screens.meeting_entries import MeetingEntriesScreen  # imported when first needed

        meeting = self._selected_held()
        if meeting is not None:
            self.app.push_screen(MeetingEntriesScreen(self.repository, self.group, meeting))
