"""A member's periods of absence, which the host rotation skips without losing the member's place."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer

from facilitator.dates import date_placeholder, format_date
from facilitator.i18n import _
from facilitator.model import Absence, Person, Problem
from facilitator.model.absence import absence_field_labels, check_absence_form
from screens.form import RecordForm
from screens.widgets.form_field import FormField
from screens.widgets.plain import Plain
from screens.widgets.record_table import RecordTable
from storage.errors import StorageError
from storage.repository import Repository


class AbsencesScreen(ModalScreen[None]):
    """Lists, adds and removes one person's periods of absence."""

    CSS_PATH = "absences.tcss"
    HELP = _(
        "Periods when this member cannot host: parental leave, the busy season, a long trip. "
        "The host rotation skips the member on those dates without losing the member's place."
    )
    BINDINGS = [
        Binding("n", "add", _("Add"), tooltip=_("Add a period of absence"), id="absences.add"),
        Binding("d", "remove", _("Remove"), tooltip=_("Remove the selected period"), id="absences.remove"),
        Binding("escape", "dismiss", _("Close"), id="absences.close"),
    ]

    def __init__(self, repository: Repository, person: Person) -> None:
        super().__init__()
        self.repository = repository
        self.person = person

    def compose(self) -> ComposeResult:
        with Vertical(id="absences-dialog"):
            yield Plain(_("{name} is away").format(name=self.person.name), id="absences-title")
            yield RecordTable(id="absences")
            yield Plain(_("No periods of absence. Press n to add one."), id="no-absences")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        table = self.query_one("#absences", RecordTable)
        labels = absence_field_labels()
        for key in ("starts", "ends", "reason"):
            table.add_column(labels[key], key=key)
        self.refresh_absences()
        table.focus()

    def refresh_absences(self, select: str | None = None) -> None:
        periods = [
            absence for absence in self.repository.absences(self.person.group_id) if absence.person_id == self.person.id
        ]
        table = self.query_one("#absences", RecordTable)
        table.refill(
            (
                (absence.id, (format_date(absence.starts), format_date(absence.ends), absence.reason))
                for absence in periods
            ),
            select,
        )
        self.query_one("#no-absences").display = not periods

    def action_add(self) -> None:
        def saved(absence: Absence | None) -> None:
            if absence is not None:
                self.refresh_absences(select=absence.id)

        today = self.repository.today(self.repository.group(self.person.group_id).time_zone)
        blank = Absence(person_id=self.person.id, starts=today, ends=today)
        self.app.push_screen(AbsenceForm(blank, save=self.repository.save_absence), saved)

    def action_remove(self) -> None:
        absence_id = self.query_one("#absences", RecordTable).selected_key
        if absence_id is None:
            self.notify(_("There is no period to remove."), severity="warning")
            return
        try:
            self.repository.remove_absence(absence_id)
        except StorageError as error:
            self.notify(str(error), severity="error", timeout=10)
            return
        self.refresh_absences()


class AbsenceForm(RecordForm[Absence]):
    """From and until which day a member is away, and why."""

    def __init__(self, absence: Absence, save: Callable[[Absence], Absence]) -> None:
        super().__init__(save)
        self._absence = absence

    def compose(self) -> ComposeResult:
        labels = absence_field_labels()
        absence = self._absence
        with Vertical(id="form-dialog"):
            yield Plain(_("Period of absence"), id="form-title")
            yield FormField("starts", labels["starts"], absence.starts.isoformat(), placeholder=date_placeholder())
            yield FormField("ends", labels["ends"], absence.ends.isoformat(), placeholder="2027-02-28 / 28.2.2027")
            yield FormField("reason", labels["reason"], absence.reason, placeholder=_("parental leave, busy season…"))
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#field-starts", FormField).focus_input()

    def check(self) -> tuple[Absence, list[Problem]]:
        values = {field.field_name: field.value for field in self.query(FormField)}
        return check_absence_form(values, self._absence)
