"""The growth interviews due in a group (on the coordinator's workspace: in every group), the most
overdue first; Enter starts the interview, p prints its form for an appointment without the laptop."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header

from facilitator.i18n import _
from facilitator.interviews_due import DueInterview, due_cells, never_due_text
from facilitator.model import Group, Interview
from screens.widgets.plain import Plain
from screens.widgets.record_table import RecordTable
from storage.errors import StorageError
from storage.interviews_due import due_in_groups, never_due_in_groups
from storage.repository import Repository


class InterviewsDueScreen(Screen[None]):
    """One row per member whose interview is due; refreshed after an interview is saved."""

    CSS_PATH = "interviews_due.tcss"
    HELP = _(
        "The members whose growth interview is due or overdue, the most overdue first. Interviews fall "
        "due the months after the member's joined date given in the settings (3 and 12 unless changed), "
        "then yearly; an interview from a month before the due day covers it. Enter starts the interview "
        "of the member under the cursor; p writes the printable interview form, with the previous "
        "answers, for an appointment without the laptop; escape goes back."
    )
    BINDINGS = [
        Binding(
            "enter",
            "interview",
            _("Interview"),
            tooltip=_("Enter the member's interview"),
            id="interviews_due.interview",
            priority=True,
        ),
        Binding(
            "p",
            "print_form",
            _("Print form"),
            tooltip=_("Write the interview form as a PDF"),
            id="interviews_due.print",
        ),
        Binding("escape", "back", _("Back"), id="interviews_due.back"),
    ]

    def __init__(self, repository: Repository, groups: list[Group]) -> None:
        super().__init__()
        self.repository = repository
        self.groups = groups
        #: Whether the groups are named on each row (more than one group is listed).
        self.show_group = len(groups) > 1
        self.due: dict[str, tuple[Group, DueInterview]] = {}
        if len(groups) == 1:
            self.title = _("Interviews due: {group}").format(group=groups[0].name)
        else:
            self.title = _("Interviews due")

    def compose(self) -> ComposeResult:
        yield Header()
        yield RecordTable(id="due-table")
        yield Plain(_("No interviews are due."), id="no-due")
        yield Plain("", id="never-due")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        table = self.query_one("#due-table", RecordTable)
        if self.show_group:
            table.add_text_column(_("Group"), key="group", minimum=8)
        table.add_text_column(_("Member"), key="member", minimum=10)
        table.add_text_column(_("Company"), key="firm", minimum=8)
        table.add_column(Text(_("Due")), key="due")
        table.add_column(Text(_("After")), key="after")
        table.add_column(Text(_("Status")), key="status")
        self.refresh_due()
        table.focus()

    def refresh_due(self) -> None:
        """Read the due interviews again and list them."""
        try:
            found = due_in_groups(self.repository, self.groups)
            undated = never_due_in_groups(self.repository, self.groups)
        except StorageError as error:
            self.notify(str(error), severity="error", timeout=15)
            found, undated = [], 0
        self.due = {due.person.id: (group, due) for group, due in found}
        table = self.query_one("#due-table", RecordTable)
        table.refill((due.person.id, self._cells(group, due)) for group, due in found)
        table.display = bool(found)
        self.query_one("#no-due").display = not found
        never = self.query_one("#never-due", Plain)
        never.update(never_due_text(undated))
        never.display = bool(undated)

    def _cells(self, group: Group, due: DueInterview) -> list[str]:
        cells = due_cells(due, self.repository.today(group.time_zone))
        return [group.name, *cells] if self.show_group else cells

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_interview()

    def _selected(self) -> tuple[Group, DueInterview] | None:
        key = self.query_one("#due-table", RecordTable).selected_key
        if key is None or key not in self.due:
            self.notify(_("No interviews are due."), severity="warning")
            return None
        return self.due[key]

    def action_interview(self) -> None:
        """The interview form for the member, a new interview dated today; saved, the list is read again."""
        selected = self._selected()
        if selected is None:
            return
        from screens.interview_form import InterviewForm  # imported when first needed

        group, due = selected
        interview = Interview(person_id=due.person.id, day=self.repository.today(group.time_zone), kind=due.kind)

        def closed(saved: Interview | None) -> None:
            if saved is not None:
                self.refresh_due()

        self.app.push_screen(InterviewForm(self.repository, interview), closed)

    def action_print_form(self) -> None:
        selected = self._selected()
        if selected is None:
            return
        from exports.interview_form_files import write_interview_form  # imported when first needed
        from screens.exporting import write_in_background

        person_id = selected[1].person.id
        write_in_background(self, lambda: write_interview_form(self.repository, person_id))

    def action_back(self) -> None:
        self.dismiss(None)
