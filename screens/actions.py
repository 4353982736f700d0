"""Action items: what members promised in meetings, open until marked done or dropped."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Header

from facilitator.dates import format_count, format_date
from facilitator.i18n import _, ngettext
from facilitator.live import with_action_status
from facilitator.local_time import local_day
from facilitator.model import ActionStatus, Group, Meeting, MemoEntry
from facilitator.pseudonyms import shown_pseudonyms
from screens.widgets.plain import Plain
from screens.widgets.record_table import RecordTable
from storage.errors import StorageError
from storage.repository import Repository


def open_and_overdue(open_count: int, overdue: int) -> str:
    """ "3 open · 1 overdue", each in the form its count asks for."""
    return (
        ngettext("{count} open", "{count} open", open_count).format(count=format_count(open_count))
        + " · "
        + ngettext("{count} overdue", "{count} overdue", overdue).format(count=format_count(overdue))
    )


def ordered(actions: Sequence[MemoEntry]) -> list[MemoEntry]:
    """Open items first, soonest due first (those without a due date last), then the closed ones,
    the most recently closed first."""
    open_items = [entry for entry in actions if entry.is_open_action]
    closed = [entry for entry in actions if not entry.is_open_action]
    open_items.sort(key=lambda entry: (entry.due is None, entry.due or date.min, entry.written_at))
    closed.sort(key=lambda entry: entry.closed_at or entry.written_at, reverse=True)
    return open_items + closed


class ActionItemsScreen(Screen[None]):
    """A group's action items; from a live meeting, closing one records that meeting."""

    CSS_PATH = "actions.tcss"
    HELP = _(
        "The group's action items: in a meeting, a line starting with !a is one, with its owner "
        "(@name) and due date (due:15.12.). Open items come first, the soonest due first; overdue "
        "ones are marked. Mark an item done (d) or dropped (x), or reopen it (o); h shows or hides "
        "the closed ones. Items still open are printed on the next meeting's agenda as follow-ups."
    )
    BINDINGS = [
        Binding("d", "mark_done", _("Done"), tooltip=_("Mark the action item done"), id="actions.done"),
        Binding("x", "mark_dropped", _("Dropped"), tooltip=_("Mark the action item dropped"), id="actions.dropped"),
        Binding("o", "reopen", _("Reopen"), tooltip=_("Open the action item again"), id="actions.reopen"),
        Binding(
            "h", "toggle_closed", _("Closed"), tooltip=_("Show or hide closed action items"), id="actions.show_closed"
        ),
        Binding("escape", "back", _("Back"), id="actions.back"),
    ]

    show_closed: reactive[bool] = reactive(False)

    def __init__(self, repository: Repository, group: Group, meeting: Meeting | None = None) -> None:
        super().__init__()
        self.repository = repository
        self.group = group
        self.meeting = meeting
        self.title = _("Action items: {group}").format(group=group.name)
        self._zone = group.time_zone
        self._actions: list[MemoEntry] = []
        self._names: dict[str, str] = {}
        self._meeting_days: dict[str, date] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield RecordTable(id="actions")
        yield Plain(
            _(
                "No action items yet: in a meeting, a line starting with !a is an action item, "
                "e.g. “!a @Anna sends the price list due:15.12.”"
            ),
            id="no-actions",
        )
        yield Plain(id="action-details")
        yield Plain(id="actions-status")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        table = self.query_one("#actions", RecordTable)
        table.add_column(_("Status"), key="status")
        table.add_column(_("Due"), key="due")
        table.add_column(_("Owner"), key="owner")
        # At 80 columns the action keeps a readable width; raised and closed are then off to the right.
        table.add_text_column(_("Action"), key="text", minimum=28)
        table.add_column(_("Raised"), key="raised")
        table.add_column(_("Closed"), key="closed")
        self._load()
        self.refresh_actions()
        table.focus()

    def watch_show_closed(self) -> None:
        if self.is_mounted:
            self.refresh_actions()

    def _load(self) -> None:
        """Read the items, the names of their owners and the days of the meetings; a damaged file is told."""
        try:
            self._actions = self.repository.action_items(self.group.id)
            self._names = {person.id: shown_pseudonyms(person.name) for person in self.repository.people(self.group.id)}
            self._meeting_days = {
                meeting.id: local_day(meeting.starts_at, self._zone)
                for meeting in self.repository.meetings(self.group.id)
            }
        except StorageError as error:
            self.notify(str(error), severity="error", timeout=30)

    # -- showing --------------------------------------------------------------------------------

    def _due_text(self, entry: MemoEntry, today: date) -> str:
        if entry.due is None:
            return "–"
        if entry.is_overdue(today):
            return _("{day} · overdue").format(day=format_date(entry.due))
        return format_date(entry.due)

    def _raised_text(self, entry: MemoEntry) -> str:
        day = self._meeting_days.get(entry.meeting_id) or local_day(entry.written_at, self._zone)
        return format_date(day)

    def _closed_text(self, entry: MemoEntry) -> str:
        if entry.is_open_action:
            return ""
        if entry.closed_in and entry.closed_in in self._meeting_days:
            return _("{day} meeting").format(day=format_date(self._meeting_days[entry.closed_in]))
        if entry.closed_at:
            return format_date(local_day(entry.closed_at, self._zone))
        return "–"

    def refresh_actions(self, select: str | None = None) -> None:
        """Redraw the table, keeping the cursor on ``select``, where it was, or the row in its place."""
        table = self.query_one("#actions", RecordTable)
        today = self.repository.today(self._zone)
        everything = ordered(self._actions)
        shown = [entry for entry in everything if self.show_closed or entry.is_open_action]
        row_before = table.cursor_row
        keep = select or table.selected_key
        table.refill(
            (
                (
                    entry.id,
                    (
                        entry.action_status.label,
                        self._due_text(entry, today),
                        self._names.get(entry.owner_id, "–"),
                        shown_pseudonyms(entry.text),
                        self._raised_text(entry),
                        self._closed_text(entry),
                    ),
                )
                for entry in shown
            ),
            select,
        )
        error_colour = self.app.theme_variables.get("error", "red")
        for entry in shown:
            if entry.is_overdue(today):
                table.update_cell(entry.id, "due", Text(self._due_text(entry, today), style=f"bold {error_colour}"))
        if shown and keep not in {entry.id for entry in shown}:
            # The item under the cursor was just hidden: the cursor stays in its place.
            table.move_cursor(row=min(row_before, len(shown) - 1))
        table.display = bool(self._actions)
        self.query_one("#no-actions").display = not self._actions
        self._show_status(everything, today)
        self._show_details()

    def _show_status(self, everything: Sequence[MemoEntry], today: date) -> None:
        open_count = sum(entry.is_open_action for entry in everything)
        closed_count = len(everything) - open_count
        overdue = sum(entry.is_overdue(today) for entry in everything)
        status = open_and_overdue(open_count, overdue)
        if self.show_closed:
            status += " · " + ngettext("{count} closed", "{count} closed", closed_count).format(
                count=format_count(closed_count)
            )
        else:
            status += " · " + ngettext("{count} closed hidden (h)", "{count} closed hidden (h)", closed_count).format(
                count=format_count(closed_count)
            )
        self.query_one("#actions-status", Plain).update(status)

    def _show_details(self) -> None:
        """The whole text of the item under the cursor, with who raised it and where it was closed."""
        entry = self._selected(quiet=True)
        details = self.query_one("#action-details", Plain)
        if entry is None:
            details.update("")
            return
        owner = self._names.get(entry.owner_id, "")
        text = shown_pseudonyms(entry.text)
        named = not owner or owner in text
        line = text if named else _("{owner}: {text}").format(owner=owner, text=text)
        line += "\n" + _("Raised in the meeting of {day}.").format(day=self._raised_text(entry))
        if not entry.is_open_action:
            done = entry.action_status is ActionStatus.DONE
            if entry.closed_in and entry.closed_in in self._meeting_days:
                where = _("Done in the meeting of {day}.") if done else _("Dropped in the meeting of {day}.")
                day = format_date(self._meeting_days[entry.closed_in])
            else:
                where = _("Done on {day}, between meetings.") if done else _("Dropped on {day}, between meetings.")
                day = format_date(local_day(entry.closed_at, self._zone)) if entry.closed_at else "–"
            line += " " + where.format(day=day)
        details.update(line)

    def on_data_table_row_highlighted(self) -> None:
        self._show_details()

    def _selected(self, *, quiet: bool = False) -> MemoEntry | None:
        key = self.query_one("#actions", RecordTable).selected_key
        entry = next((entry for entry in self._actions if entry.id == key), None) if key else None
        if entry is None and not quiet:
            self.notify(_("No action item is selected."), severity="warning")
        return entry

    # -- changes --------------------------------------------------------------------------------

    def action_mark_done(self) -> None:
        self._set_status(ActionStatus.DONE)

    def action_mark_dropped(self) -> None:
        self._set_status(ActionStatus.DROPPED)

    def action_reopen(self) -> None:
        self._set_status(ActionStatus.OPEN)

    def _set_status(self, status: ActionStatus) -> None:
        entry = self._selected()
        if entry is None:
            return
        if entry.action_status is status:
            self.notify(_("This action item is already {status}.").format(status=status.label), severity="warning")
            return
        changed = with_action_status(entry, status, self.meeting.id if self.meeting else "", self.repository.now())
        try:
            saved = self.repository.save_memo_entry(changed)
        except StorageError as error:
            self.notify(str(error), severity="error", timeout=10)
            return
        self._actions = [saved if other.id == saved.id else other for other in self._actions]
        self.refresh_actions(select=saved.id if self.show_closed or saved.is_open_action else None)
        if status is ActionStatus.OPEN:
            message = _("Reopened: {text}")
        elif status is ActionStatus.DONE:
            message = _("Done: {text}")
        else:
            message = _("Dropped: {text}")
        self.notify(message.format(text=saved.text))

    def action_toggle_closed(self) -> None:
        self.show_closed = not self.show_closed

    def action_back(self) -> None:
        self.dismiss()
