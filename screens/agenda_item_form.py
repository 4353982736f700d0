"""Add or edit one agenda item."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Footer

from facilitator.i18n import _
from facilitator.model import AgendaItem, Problem
from facilitator.model.agenda import agenda_field_labels, check_item_form
from screens.form import RecordForm
from screens.widgets.form_field import FormField
from screens.widgets.plain import Plain


class AgendaItemForm(RecordForm[AgendaItem]):
    """Title, planned minutes, presenter and notes of an item."""

    HELP = _("Minutes are whole minutes; the clock times of the whole agenda follow from them.")

    def __init__(self, item: AgendaItem, save: Callable[[AgendaItem], AgendaItem]) -> None:
        super().__init__(save)
        self._item = item

    def compose(self) -> ComposeResult:
        labels = agenda_field_labels()
        item = self._item
        with Vertical(id="form-dialog"):
            yield Plain(_("Agenda item"), id="form-title")
            yield FormField("title", labels["title"], item.title)
            yield FormField(
                "minutes", labels["minutes"], str(item.minutes), placeholder=_("whole minutes")
            )  # not a count: read back
            yield FormField("presenter", labels["presenter"], item.presenter)
            yield FormField("notes", labels["notes"], item.notes)
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#field-title", FormField).focus_input()

    def check(self) -> tuple[AgendaItem, list[Problem]]:
        values = {field.field_name: field.value for field in self.query(FormField)}
        return check_item_form(values, self._item)
