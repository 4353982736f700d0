"""Importing a group's roster from an Excel or CSV file: choose the file, then read the preview —
which column became which field (changeable), every row with what it would do and why — and
import, or leave with nothing saved."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Header, OptionList
from textual.widgets.option_list import Option

from exports.roster_files import ROSTER_SUFFIXES, RosterSheet, plan_for
from facilitator.i18n import _, pgettext
from facilitator.model import Group, Invalid, Meeting, Person
from facilitator.roster_columns import IMPORTED_FIELDS, field_labels
from facilitator.roster_import import ImportPlan, NoNameColumn, keep_choices
from facilitator.withdrawn_consent import deleted_notice, sound_file_names, withdrawal_question
from screens.file_picker import FilePickerScreen
from screens.widgets.plain import Plain
from screens.widgets.record_table import RecordTable
from storage.errors import StorageError
from storage.repository import Repository

#: The field choice that leaves a column out.
LEFT_OUT = "-"


class RosterFileScreen(FilePickerScreen):
    """The file picker showing roster files; dismissed with the file chosen, or None."""

    HELP = _(
        "Choose the Excel workbook (.xlsx) or CSV file that holds the group's people, one person a row "
        "and the headers in the first row. Nothing is saved before you have seen the preview."
    )

    def __init__(self, folder: Path) -> None:
        super().__init__(
            folder,
            ROSTER_SUFFIXES,
            title=_("Import a roster"),
            hint=_("Choose the .xlsx or .csv file with enter."),
        )


class FieldPicker(ModalScreen[str | None]):
    """The field a column fills, or none (the column is left out)."""

    CSS_PATH = "roster_import.tcss"
    HELP = _("Choose the field this column fills; a column left out is not read.")
    BINDINGS = [Binding("escape", "dismiss(None)", _("Cancel"), id="field_picker.cancel")]

    def __init__(self, header: str, current: str | None) -> None:
        super().__init__()
        self._header = header
        self._current = current

    def compose(self) -> ComposeResult:
        labels = field_labels()
        options = [Option(_("(left out)"), id=LEFT_OUT)] + [Option(labels[name], id=name) for name in IMPORTED_FIELDS]
        with Vertical(id="picker-dialog"):
            yield Plain(_("The column “{header}” is").format(header=self._header), id="picker-title")
            yield OptionList(*options, id="fields")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        fields = self.query_one("#fields", OptionList)
        fields.highlighted = fields.get_option_index(self._current or LEFT_OUT)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


class RosterImportScreen(Screen[list[str] | None]):
    """The preview of a roster file's import into one group; dismissed with the report once imported."""

    CSS_PATH = "roster_import.tcss"
    HELP = _(
        "The preview of the import; nothing is saved until you press i. On the left, which column of the "
        "file fills which field: enter (or f) on a column changes it, and columns left out are not read. "
        "On the right, every row and what it would do: add, update (the fields that differ), unchanged, "
        "or skip, with the reason below the table. A row with problems is skipped; fix the file and "
        "import it again. u (or space) on a row that matched someone on the roster chooses between "
        "updating that person and skipping the row. The import is saved at once, after a backup."
    )
    BINDINGS = [
        Binding(
            "i", "run_import", _("Import"), tooltip=_("Save the rows to add and to update"), id="roster_import.run"
        ),
        Binding(
            "f",
            "change_field",
            pgettext("roster import", "Field"),
            tooltip=_("Change the field of this column"),
            id="roster_import.field",
        ),
        Binding(
            "u",
            "toggle_update",
            _("Update or skip"),
            tooltip=_("Update the person this row matched, or skip the row"),
            id="roster_import.toggle",
        ),
        Binding("escape", "dismiss(None)", _("Cancel"), id="roster_import.back"),
    ]

    def __init__(self, repository: Repository, group: Group, sheet: RosterSheet, plan: ImportPlan) -> None:
        super().__init__()
        self.repository = repository
        self.group = group
        self.sheet = sheet
        self.title = _("Import into {group}").format(group=group.name)
        self.saving = False
        self.plan = plan

    def compose(self) -> ComposeResult:
        yield Header()
        yield Plain(id="import-summary")
        with Horizontal(id="import-panes"):
            yield RecordTable(id="import-columns")
            yield RecordTable(id="import-rows")
        yield Plain(id="row-detail")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        columns = self.query_one("#import-columns", RecordTable)
        columns.add_text_column(pgettext("roster import", "Column"), key="header")
        columns.add_text_column(pgettext("roster import", "Field"), key="field")
        rows = self.query_one("#import-rows", RecordTable)
        rows.add_column(pgettext("roster import", "Row"), key="row")
        rows.add_text_column(_("Name"), key="name", minimum=10)
        rows.add_column(pgettext("roster import", "Action"), key="action")
        rows.add_text_column(pgettext("roster import", "Why"), key="why")
        self._show_plan()
        rows.focus()

    def _show_plan(self) -> None:
        labels = field_labels()
        self.query_one("#import-columns", RecordTable).refill(
            (str(index), (header or "?", labels[field] if field else _("(left out)")))
            for index, (header, field) in enumerate(zip(self.plan.header, self.plan.fields, strict=True))
        )
        self.query_one("#import-rows", RecordTable).refill(
            (
                str(row.number),
                (str(row.number), row.person.name, row.action.label, row.reason()),
            )  # not a count: row numbers
            for row in self.plan.rows
        )
        summary = _("{file}: {summary}").format(file=self.sheet.path.name, summary=self.plan.summary())
        self.query_one("#import-summary", Plain).update(summary)
        self._show_detail()

    def _show_detail(self) -> None:
        """The highlighted row's whole reason, which the table cuts short at 80 columns."""
        row = self._selected_row()
        text = ""
        if row is not None:
            text = _("Row {row}: {name} — {action}").format(
                row=row.number, name=row.person.name or _("(no name)"), action=row.action.label
            )
            if reason := row.reason():
                text += f"\n{reason}"
        detail = self.query_one("#row-detail", Plain)
        detail.update(Text(text, style="bold red") if row is not None and row.problems else text)

    def _selected_row(self):
        key = self.query_one("#import-rows", RecordTable).selected_key
        return next((row for row in self.plan.rows if str(row.number) == key), None)  # not a count: a key

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "import-rows":
            self._show_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.data_table.id == "import-columns":
            self.action_change_field()
        else:
            self.action_toggle_update()

    def key_space(self) -> None:
        if self.focused is self.query_one("#import-rows"):
            self.action_toggle_update()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("run_import", "change_field", "toggle_update"):
            return not self.saving
        return True

    # -- the user's choices --------------------------------------------------------------------

    def action_toggle_update(self) -> None:
        row = self._selected_row()
        if row is None or not row.can_choose:
            self.notify(_("Only a row that matched someone on the roster can be updated or skipped."), timeout=4)
            return
        row.skipped_by_user = not row.skipped_by_user
        self._show_plan()

    def action_change_field(self) -> None:
        columns = self.query_one("#import-columns", RecordTable)
        key = columns.selected_key
        if key is None:
            return
        index = int(key)

        def chosen(field: str | None) -> None:
            if field is None:
                return
            fields = list(self.plan.fields)
            new = None if field == LEFT_OUT else field
            fields = [None if other == new else other for other in fields]  # a field is filled by one column
            fields[index] = new
            try:
                self.plan = keep_choices(self.plan, plan_for(self.repository, self.group, self.sheet, fields))
            except NoNameColumn as error:
                self.notify(str(error), severity="warning", timeout=8)
                return
            self._show_plan()

        self.app.push_screen(FieldPicker(self.plan.header[index], self.plan.fields[index]), chosen)

    # -- saving --------------------------------------------------------------------------------

    def action_run_import(self) -> None:
        people = self.plan.to_save()
        if not people:
            self.notify(_("Nothing to import: every row is unchanged or skipped."), severity="warning")
            return
        from storage.withdrawn_consent import recordings_lines, recordings_to_delete, withdrawn_people

        withdrawn = withdrawn_people(self.repository, people)
        try:
            recorded = recordings_to_delete(self.repository, [person.id for person in withdrawn])
        except StorageError as error:
            self.notify(str(error), title=_("Not saved"), severity="error", timeout=15)
            return
        if not recorded:
            self._import(people)
            return
        from screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self._import(people, recorded)

        names = ", ".join(person.name for person in withdrawn)
        question = withdrawal_question(names, recordings_lines(self.repository, recorded))
        self.app.push_screen(ConfirmScreen(question, yes=_("Import and delete")), answered)

    def _import(self, people: list[Person], recorded: Sequence[Meeting] = ()) -> None:
        """Save the import in the background; the sound of ``recorded`` goes with it (asked before)."""
        self.saving = True
        self.refresh_bindings()
        self.query_one("#import-summary", Plain).update(_("Importing…"))
        plan = self.plan

        def finished(error: str | None, report: list[str] | None = None) -> None:
            self.app.call_from_thread(self._finished, error, report)

        def work() -> None:
            from storage.roster_import import save_imported_people

            try:
                save_imported_people(self.repository, people)
            except Invalid as invalid:
                finished(" · ".join(str(problem) for problem in invalid.problems))
            except StorageError as error:
                finished(str(error))
            else:
                files = sum(len(sound_file_names(meeting)) for meeting in recorded)
                finished(None, plan.report() + ([deleted_notice(files, len(recorded))] if recorded else []))

        self.app.jobs.start(self, _("importing a roster"), work)  # type: ignore[attr-defined]

    def _finished(self, error: str | None, report: list[str] | None = None) -> None:
        self.saving = False
        self.refresh_bindings()
        if error is not None:
            self.notify(error, severity="error", timeout=15)
            self._show_plan()
            return
        self.dismiss(report)
