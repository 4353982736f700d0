"""Roster: a group's people, filtered as you type; add, edit, remove, mark as left."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.widgets import DataTable, Footer, Header, Input

from facilitator.dates import format_count, format_date
from facilitator.i18n import _, ngettext, pgettext
from facilitator.model import Group, Meeting, Person
from facilitator.pseudonyms import shown_pseudonyms
from facilitator.roster import consent_marks, display_name, hosting_text, visible_people
from facilitator.rotation import host_history
from screens.bundle_writing import write_group_bundle
from screens.key_names import keys_named
from screens.roster_people import PersonActions
from screens.widgets.in_order_input import InOrderInput
from screens.widgets.plain import Plain
from screens.widgets.record_table import RecordTable
from storage.errors import StorageError
from storage.repository import Repository


class RosterScreen(PersonActions):
    """One group's roster."""

    CSS_PATH = "roster.tcss"
    HELP = _(
        "The people of this group. Type / to filter by name, company, field or municipality. Hosted "
        "shows, for members who can host, how often they hosted and when last. Consents read A (audio "
        "recording), R (research use), C (sharing contact details); a dot means not given. x marks a "
        "member as left (kept in the group's history); d erases a person from every record and backup, "
        "here and with the next bundles elsewhere, after saying what goes; p writes what is held about a "
        "person (PDF and JSON); {timeline_key} shows a member's timeline (meetings, needs, interviews, "
        "outcomes); {import_key} imports people from an .xlsx or CSV file after a preview. b writes a "
        "sync bundle of the changes since the last one (for the coordinator, or from the coordinator's "
        "workspace back to the facilitators); B (shift+b) one with everything for the group's other "
        "facilitator. {key_key} shows the group's key and the bundles written (and installs a key file). c lists "
        "records two laptops changed apart (conflicts)."
    )
    BINDINGS = [
        Binding("n", "add_person", _("Add"), id="roster.add"),
        Binding("e", "edit_person", _("Edit"), id="roster.edit"),
        Binding("d", "remove_person", _("Remove"), id="roster.remove"),
        Binding("x", "mark_left", _("Left"), tooltip=_("Mark as left the group"), id="roster.left"),
        Binding("s", "season", _("Season"), tooltip=_("Plan the group's meetings and hosts"), id="roster.season"),
        Binding(
            "m",
            "run_meeting",
            _("Meeting"),
            tooltip=_("Run tonight's meeting of the group"),
            id="roster.meeting",
            show=False,
        ),
        Binding(
            "u",
            "absences",
            _("Away"),
            tooltip=_("Periods when the member cannot host"),
            id="roster.absences",
            show=False,
        ),  # out of view, so that the bundle key fits at 80 columns
        Binding(
            "b",
            "bundle",
            _("Bundle"),
            tooltip=_("Write the group's changes as a sync bundle into the exports folder"),
            id="roster.bundle",
        ),
        Binding(
            "B",
            "bundle_for_group",
            _("Bundle for co-facilitator"),
            tooltip=_("Write the group's changes, with everything, for the group's other facilitator"),
            id="roster.bundle_for_group",
            show=False,
        ),
        Binding("a", "actions", _("Actions"), tooltip=_("The group's action items"), id="roster.actions", show=False),
        Binding(
            "i",
            "import_roster",
            _("Import"),
            tooltip=_("Add or update people from an Excel or CSV file"),
            id="roster.import",
            show=False,
        ),
        Binding(
            "p",
            "person_report",
            _("Person's data"),
            tooltip=_("Write what the workspace holds about the highlighted person"),
            id="roster.person_report",
            show=False,
        ),
        Binding(
            "t",
            "timeline",
            _("Timeline"),
            tooltip=_("The highlighted person's meetings, needs, interviews and outcomes over the years"),
            id="roster.timeline",
            show=False,
        ),
        Binding(
            "c",
            "conflicts",
            _("Conflicts"),
            tooltip=_("Records changed apart on two laptops: see and settle them"),
            id="roster.conflicts",
            show=False,
        ),
        Binding(
            "k",
            "group_key",
            pgettext("the group's", "Key"),
            tooltip=_("The group's key, the bundles written, and installing a key file"),
            id="roster.key",
            show=False,
        ),
        Binding(
            "h",
            "history",
            _("History"),
            tooltip=_("The group's meetings, attendance and activity over the years"),
            id="roster.history",
            show=False,
        ),
        Binding(
            "v", "toggle_former", _("Former"), tooltip=_("Show or hide former members"), id="roster.former", show=False
        ),
        Binding(
            "slash", "filter", _("Filter"), tooltip=_("Filter the roster as you type"), id="roster.filter", show=False
        ),
        Binding("escape", "back", _("Back"), id="roster.back"),
    ]

    show_former: reactive[bool] = reactive(False)
    query_text: reactive[str] = reactive("")

    def __init__(self, repository: Repository, group: Group) -> None:
        super().__init__()
        self.repository = repository
        self.group = group
        self.title = group.name
        #: The folder of the last roster file chosen, where the file picker opens next.
        self.import_folder: Path | None = None
        #: The folder of the last key file chosen on the group's key screen, where it looks next.
        self.key_folder: Path | None = None

    def current_help(self) -> str:
        """HELP, naming the keys out of the footer as they are bound (see screens/key_names.py)."""
        return self.HELP.format(
            import_key=keys_named(self, "roster.import"),
            key_key=keys_named(self, "roster.key"),
            timeline_key=keys_named(self, "roster.timeline"),
        )

    def compose(self) -> ComposeResult:
        yield Header()
        yield InOrderInput(placeholder=_("Press / to filter by name, company, field, municipality…"), id="filter")
        yield RecordTable(id="people")
        yield Plain(id="roster-status")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        table = self.query_one("#people", RecordTable)
        # What a facilitator checks most comes first; the rest scrolls into view at 80 columns.
        table.add_column(_("Name"), key="name")
        table.add_column(_("Consents"), key="consents")
        table.add_column(_("Hosted"), key="host")
        table.add_column(_("Company"), key="company")
        table.add_column(_("Field"), key="field")
        table.add_column(_("Municipality"), key="municipality")
        table.add_column(_("Left"), key="left")
        self.refresh_people()
        table.focus()

    def watch_show_former(self) -> None:
        if self.is_mounted:
            self.refresh_people()

    def watch_query_text(self) -> None:
        if self.is_mounted:
            self.refresh_people()

    def refresh_people(self, select: str | None = None) -> None:
        """Redraw the table from the repository, keeping the cursor on ``select`` or where it was."""
        today = self._today()
        everyone = self.repository.people(self.group.id)
        hosting = host_history(everyone, self._meetings(), time_zone=self.group.time_zone)
        shown = visible_people(everyone, self.query_text, today, former=self.show_former)
        self.query_one("#people", RecordTable).refill(
            (
                (
                    person.id,
                    (
                        display_name(person),
                        consent_marks(person),
                        hosting_text(person, hosting.get(person.id)),
                        shown_pseudonyms(person.company),
                        person.business_field,
                        person.municipality,
                        format_date(person.left) if person.left else "",
                    ),
                )
                for person in shown
            ),
            select,
        )
        current_members = sum(person.is_current_member(today) for person in everyone)
        status = (
            ngettext("{count} shown", "{count} shown", len(shown)).format(count=format_count(len(shown)))
            + " · "
            + ngettext("{count} current member", "{count} current members", current_members).format(
                count=format_count(current_members)
            )
        )
        if not self.show_former:
            status += " · " + _("former members hidden (v)")
        self.query_one("#roster-status", Plain).update(status)

    def _selected_person(self) -> Person | None:
        person_id = self.query_one("#people", RecordTable).selected_key
        if person_id is None:
            self.notify(_("No one is selected."), severity="warning")
            return None
        return self.repository.person(person_id)

    # -- filter --------------------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#people", RecordTable).focus()

    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_back(self) -> None:
        """Escape leaves the filter first, then the roster."""
        filter_input = self.query_one("#filter", Input)
        if filter_input.has_focus:
            self.query_one("#people", RecordTable).focus()
        else:
            self.dismiss()

    # -- changes -------------------------------------------------------------------------------

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit_person()

    def _today(self) -> date:
        """Today on the group's calendar."""
        return self.repository.today(self.group.time_zone)

    def _meetings(self) -> list[Meeting]:
        """The group's meetings for the hosting column; a damaged record is told, and the roster stays."""
        try:
            return self.repository.meetings(self.group.id)
        except StorageError as error:
            self.notify(str(error), severity="error", timeout=30)
            return []

    def action_season(self) -> None:
        from screens.planner import PlannerScreen  # imported when first needed: a faster start

        try:
            self.repository.meetings(self.group.id)
        except StorageError as error:
            self.notify(str(error), severity="error", timeout=30)
            return
        self.app.push_screen(PlannerScreen(self.repository, self.group))

    def action_run_meeting(self) -> None:
        """The group's meeting under way, or tonight's: as ``m`` on the groups."""
        from screens.home import run_groups_meeting  # imported when first needed: a faster start

        run_groups_meeting(self, self.repository, self.group)

    def action_actions(self) -> None:
        from screens.actions import ActionItemsScreen  # imported when first needed: a faster start

        self.app.push_screen(ActionItemsScreen(self.repository, self.group))

    def action_history(self) -> None:
        from screens.history import HistoryScreen  # imported when first needed: a faster start

        self.app.push_screen(HistoryScreen(self.repository, self.group))

    def action_group_key(self) -> None:
        from screens.group_key import GroupKeyScreen  # imported when first needed: a faster start

        def closed(key_folder: Path | None) -> None:
            self.key_folder = key_folder

        self.app.push_screen(GroupKeyScreen(self.repository, self.group, self.key_folder), closed)

    def action_conflicts(self) -> None:
        from screens.conflicts import ConflictsScreen  # imported when first needed: a faster start

        self.app.push_screen(ConflictsScreen(self.repository, self.group))

    def action_bundle(self) -> None:
        """The group's changes since the last bundle, sealed with its key, written in the background."""
        write_group_bundle(self, self.repository, self.group, for_group=False)

    def action_bundle_for_group(self) -> None:
        """A bundle with everything, for the co-facilitator's laptop (nothing pseudonymised)."""
        write_group_bundle(self, self.repository, self.group, for_group=True)

    def action_toggle_former(self) -> None:
        self.show_former = not self.show_former
