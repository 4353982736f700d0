"""The preparation's agenda: its items in the table with their clock times, the total against the
meeting's length, and the items added, edited, removed, moved, and saved as the group's template
(see :class:`screens.prepare.PrepareScreen`, which lays the table out and binds the keys)."""

from __future__ import annotations

import dataclasses

from facilitator.agenda import (
    clocked,
    moved,
    overrun_minutes,
    renumbered,
    starting_agenda,
    template_from_agenda,
)
from facilitator.dates import format_count, format_time_range
from facilitator.i18n import _
from facilitator.local_time import local_moment
from facilitator.model import AgendaItem, Invalid, Person, Role
from screens.meeting_screen import MeetingScreen
from screens.widgets.plain import Plain
from screens.widgets.record_table import RecordTable
from storage.errors import StorageError


class AgendaEditing(MeetingScreen):
    """The meeting's agenda, kept in the table ``#agenda`` and the total line ``#agenda-total``."""

    _items: list[AgendaItem]

    def _people(self) -> list[Person]:
        return self.repository.people(self.group.id)

    def _host(self) -> Person | None:
        return next((person for person in self._people() if person.id == self.meeting.host_id), None)

    def _start_from_template(self) -> None:
        self._save_agenda(starting_agenda(self.group.agenda_template, self.meeting, self._people()))

    def refresh_agenda(self, select: str | None = None) -> None:
        items = self.repository.agenda(self.meeting.id)
        self._items = items
        self.query_one("#agenda", RecordTable).refill(
            (
                (
                    timed.item.id,
                    (
                        format_time_range(local_moment(timed.starts, self._zone), local_moment(timed.ends, self._zone)),
                        timed.item.title,
                        format_count(timed.item.minutes),
                        timed.item.presenter,
                    ),
                )
                for timed in clocked(items, self.meeting.starts_at)
            ),
            select,
        )
        self._show_total()

    def _show_total(self) -> None:
        over = overrun_minutes(self._items, self.meeting)
        total = sum(item.minutes for item in self._items)
        length = total - over
        if over > 0:
            text = _("Total {total} min of {length}: {over} min over the end. Shorten or remove an item.").format(
                total=format_count(total), length=format_count(length), over=format_count(over)
            )
        else:
            text = _("Total {total} min of {length}: {spare} min to spare.").format(
                total=format_count(total), length=format_count(length), spare=format_count(-over)
            )
        total_line = self.query_one("#agenda-total", Plain)
        total_line.update(text)
        total_line.set_class(over > 0, "-over")

    def _selected_index(self) -> int | None:
        key = self.query_one("#agenda", RecordTable).selected_key
        return next((index for index, item in enumerate(self._items) if item.id == key), None)

    def _save_agenda(
        self, items: list[AgendaItem], removed: list[AgendaItem] | None = None, select: str | None = None
    ) -> bool:
        try:
            self.repository.save_agenda(self.meeting.id, renumbered(items), removed or [])
        except (StorageError, Invalid) as error:
            self.notify(str(error), severity="error", timeout=10)
            return False
        if self.is_mounted:
            self.refresh_agenda(select)
        return True

    def action_add_item(self) -> None:
        from screens.agenda_item_form import AgendaItemForm  # imported when first needed

        blank = AgendaItem(meeting_id=self.meeting.id, position=len(self._items), title="", minutes=15)
        self.app.push_screen(AgendaItemForm(blank, save=self._save_item), self._item_saved)

    def action_edit_item(self) -> None:
        from screens.agenda_item_form import AgendaItemForm  # imported when first needed

        index = self._selected_index()
        if index is None:
            self.notify(_("The agenda is empty: press n to add an item."), severity="warning")
            return
        self.app.push_screen(AgendaItemForm(self._items[index], save=self._save_item), self._item_saved)

    def _save_item(self, item: AgendaItem) -> AgendaItem:
        items = [item if existing.id == item.id else existing for existing in self._items]
        if item.id not in {existing.id for existing in self._items}:
            items.append(item)
        self.repository.save_agenda(self.meeting.id, renumbered(items))
        return item

    def _item_saved(self, item: AgendaItem | None) -> None:
        if item is not None:
            self.refresh_agenda(select=item.id)

    def on_data_table_row_selected(self) -> None:
        self.action_edit_item()

    def action_delete_item(self) -> None:
        index = self._selected_index()
        if index is None:
            return
        removed = self._items[index]
        if self._save_agenda(self._items[:index] + self._items[index + 1 :], [removed]):
            self.notify(_("Removed “{title}” from the agenda.").format(title=removed.title))

    def action_move_item(self, step: int) -> None:
        index = self._selected_index()
        if index is not None:
            self._save_agenda(moved(self._items, index, step), select=self._items[index].id)

    def action_save_template(self) -> None:
        facilitators = [person for person in self._people() if person.role is Role.FACILITATOR]
        template = template_from_agenda(self._items, self._host(), facilitators)
        try:
            self.group = self.repository.save_group(dataclasses.replace(self.group, agenda_template=template))
        except (StorageError, Invalid) as error:
            self.notify(str(error), severity="error", timeout=10)
            return
        self.notify(_("Saved as the agenda template of {group}.").format(group=self.group.name))
