"""Home: the workspace's groups, each with its member count, and under them how many of the
highlighted group's growth interviews are due."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header

from facilitator.dates import format_count
from facilitator.i18n import _
from facilitator.model import Group, Invalid, Problem
from facilitator.model.group import check_group_form
from screens.key_names import keys_named
from screens.widgets.plain import Plain
from screens.widgets.record_table import RecordTable
from storage.errors import StorageError
from storage.repository import Repository
from storage.workspace_info import WorkspaceRole

if TYPE_CHECKING:
    from facilitator.interviews_due import DueInterview


class HomeScreen(Screen[None]):
    """Lists the groups; opens a group's roster; creates, renames and archives groups."""

    CSS_PATH = "home.tcss"
    HELP = _(
        "The groups kept in this workspace. Open a group to see its roster. "
        "Archived groups are hidden until you show them; archiving keeps every record."
    )
    #: Said after the help of either home screen.
    INTERVIEWS_HELP = _(
        "Under the list, how many of the group's growth interviews are due or overdue; {key} lists them."
    )
    #: The line under the list: the highlighted group's interviews due and overdue ("1 due, 2 overdue").
    INTERVIEWS_LINE = _("Interviews: {counts} ({key} lists them)")
    BINDINGS = [
        Binding("enter", "open_group", _("Open"), id="home.open", priority=True),
        Binding("m", "run_meeting", _("Meeting"), tooltip=_("Run tonight's meeting of the group"), id="home.meeting"),
        Binding("n", "new_group", _("New"), tooltip=_("Create a group"), id="home.new"),
        Binding("r", "rename_group", _("Rename"), id="home.rename"),
        Binding("a", "archive_group", _("Archive"), tooltip=_("Archive the group, or restore it"), id="home.archive"),
        # Out of view, with q, so that the keys fit 80 columns in Finnish and Swedish too (F1 lists them).
        Binding(
            "h",
            "toggle_archived",
            _("Archived"),
            tooltip=_("Show or hide archived groups"),
            id="home.show_archived",
            show=False,
        ),
        Binding(
            "i",
            "import_bundles",
            _("Import"),
            tooltip=_("Import the sync bundles of groups"),
            id="home.import",
            show=False,
        ),
        Binding(
            "v",
            "interviews_due",
            _("Interviews"),
            tooltip=_("The growth interviews due in the group"),
            id="home.interviews",
            show=False,
        ),
        Binding(
            "s",
            "app.settings",
            _("Settings"),
            tooltip=_("The language, the exports folder and when interviews fall due"),
            id="home.settings",
        ),
        Binding("q", "app.quit", _("Quit"), id="home.quit", show=False),
    ]

    NO_GROUPS = _("No groups yet. Press n to create the first one, or run “facilitator demo” for a demo network.")

    show_archived: reactive[bool] = reactive(False)

    def __init__(self, repository: Repository) -> None:
        super().__init__()
        self.repository = repository
        self.title = _("Groups")
        #: The folder the last import looked in, where the next one opens.
        self.import_folder: Path | None = None
        #: Each group's interviews due and overdue ("1 due, 2 overdue") by group id, counted after
        #: the first frame and again on coming back to this screen; None until first counted.
        self.interviews_due: dict[str, str] | None = None
        #: Why they could not be counted (a damaged file), said on the line instead.
        self.interviews_problem = ""

    def current_help(self) -> str:
        folder = self.repository.workspace.folder
        where = _("This workspace is kept in {folder}.").format(folder=folder)
        interviews = self.INTERVIEWS_HELP.format(key=keys_named(self, "home.interviews"))
        return " ".join((self.HELP, interviews, where))

    def compose(self) -> ComposeResult:
        yield Header()
        yield RecordTable(id="groups")
        yield Plain(self.NO_GROUPS, id="no-groups")
        yield Plain("", id="interviews-due")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        table = self.query_one("#groups", RecordTable)
        # Text, not a string: reading a string as markup imports rich's emoji table, before the first frame.
        table.add_column(Text(_("Group")), key="name")
        table.add_column(Text(_("Municipality")), key="municipality")
        table.add_column(Text(_("Region")), key="region")
        table.add_column(Text(_("Members")), key="members")
        self.refresh_groups()
        # Counting reads every interview and roster: after the first frame, as the app reads the meetings.
        self.call_after_refresh(self.count_interviews_due)

    def watch_show_archived(self) -> None:
        if self.is_mounted:
            self.refresh_groups()

    def refresh_groups(self, select: str | None = None) -> None:
        """Redraw the list from the repository, keeping the cursor on ``select`` or where it was."""
        table = self.query_one("#groups", RecordTable)
        counts = self.repository.member_counts()
        groups = self.repository.groups(include_archived=self.show_archived)
        table.refill(
            (
                (
                    group.id,
                    (
                        group.name + (_(" (archived)") if group.archived else ""),
                        group.municipality,
                        group.region,
                        format_count(counts.get(group.id, 0)),
                    ),
                )
                for group in groups
            ),
            select,
        )
        table.display = bool(groups)
        self.query_one("#no-groups").display = not groups
        self._show_interviews_due()

    def on_screen_resume(self) -> None:
        """Back from a screen or dialog (an interview saved, the months changed, bundles imported):
        count again. The first showing counts after the first frame instead (see on_mount)."""
        if self.is_mounted and self.interviews_due is not None:
            self.count_interviews_due()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_interviews_due()

    def count_interviews_due(self) -> None:
        """Count every group's due interviews (archived ones too, for when they are shown), then
        show the highlighted group's."""
        from facilitator.interviews_due import due_counts_text  # imported after the first frame: a faster start
        from storage.interviews_due import due_in_groups

        counted: dict[str, list[DueInterview]] = {}
        try:
            groups = self.repository.groups(include_archived=True)
            for group, due in due_in_groups(self.repository, groups):
                counted.setdefault(group.id, []).append(due)
        except StorageError as error:
            self.interviews_problem = str(error)
        else:
            self.interviews_problem = ""
        self.interviews_due = {group_id: due_counts_text(found) for group_id, found in counted.items()}
        self._show_interviews_due()

    def _show_interviews_due(self) -> None:
        """How many of the highlighted group's interviews are due and overdue, as counted; nothing when none."""
        line = self.query_one("#interviews-due", Plain)
        group_id = self.query_one("#groups", RecordTable).selected_key
        text = self.interviews_problem
        if not text and group_id is not None and self.interviews_due is not None:
            counts = self.interviews_due.get(group_id, "")
            if counts:
                text = self.INTERVIEWS_LINE.format(
                    counts=counts,
                    group=self.repository.group(group_id).name,
                    key=keys_named(self, "home.interviews"),
                )
        line.update(text)
        line.display = bool(text)

    def _selected_group(self) -> Group | None:
        group_id = self.query_one("#groups", RecordTable).selected_key
        if group_id is None:
            self.notify(_("There is no group yet: press n to create one."), severity="warning")
            return None
        return self.repository.group(group_id)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_group()

    def action_open_group(self) -> None:
        if group := self._selected_group():
            from screens.roster import RosterScreen  # imported when first needed: a faster start

            # Coming back from the group, its member count may have changed.
            self.app.push_screen(RosterScreen(self.repository, group), lambda _result: self.refresh_groups())

    def action_run_meeting(self) -> None:
        if group := self._selected_group():
            run_groups_meeting(self, self.repository, group)

    def action_new_group(self) -> None:
        self._edit(Group(name=""))

    def action_rename_group(self) -> None:
        if group := self._selected_group():
            self._edit(group)

    def _edit(self, group: Group) -> None:
        from screens.group_form import GroupForm  # imported when first needed: a faster start

        def saved(result: Group | None) -> None:
            if result is not None:
                self.refresh_groups(select=result.id)
                self.notify(_("Saved {group}.").format(group=result.name))

        def check(typed: Group) -> list[Problem]:
            return check_group_form(typed, self.repository.check_group(typed))

        form = GroupForm(group, save=self.repository.save_group, check=check)
        self.app.push_screen(form, saved)

    def action_archive_group(self) -> None:
        group = self._selected_group()
        if group is None:
            return
        try:
            changed = self.repository.set_archived(group.id, not group.archived)
        except (StorageError, Invalid) as error:
            self.notify(str(error), severity="error", timeout=10)
            return
        if changed.archived:
            message = _("Archived {group}. Press h to show archived groups.")
        else:
            message = _("Restored {group}.")
        self.notify(message.format(group=changed.name))
        self.refresh_groups()

    def action_interviews_due(self) -> None:
        """The group's due interviews (every group's, on the coordinator's workspace)."""
        if self.repository.workspace.info.role is WorkspaceRole.COORDINATOR:
            groups = self.repository.groups(include_archived=False)
            if not groups:
                self.notify(_("The workspace has no groups yet."), severity="warning")
                return
        else:
            group = self._selected_group()
            if group is None:
                return
            groups = [group]
        from screens.interviews_due import InterviewsDueScreen  # imported when first needed

        self.app.push_screen(InterviewsDueScreen(self.repository, groups))

    def action_toggle_archived(self) -> None:
        self.show_archived = not self.show_archived

    def action_import_bundles(self) -> None:
        """Choose bundle files and import them; coming back, the list shows what arrived."""
        from screens.import_bundles import ImportBundlesScreen, start_folder  # imported when first needed

        def closed(folder: Path | None) -> None:
            if folder is not None:
                self.import_folder = folder
            self.refresh_groups()

        self.app.push_screen(ImportBundlesScreen(self.repository, start_folder(self.import_folder)), closed)


class CoordinatorHomeScreen(HomeScreen):
    """Home on the coordinator's workspace: the network's groups, with importing bundles in view."""

    HELP = _(
        "The groups of the network, as their bundles brought them. Press i to import the bundles the "
        "groups sent; open a group to see its roster, where b writes a bundle back to the group's "
        "facilitators. d opens the network dashboard, with the activity analysis and the needs. "
        "Archived groups are hidden until you show them; archiving keeps every record."
    )
    BINDINGS = [
        # A coordinator imports more often than running a meeting: the meeting key stays, out of view.
        Binding(
            "m",
            "run_meeting",
            _("Meeting"),
            tooltip=_("Run tonight's meeting of the group"),
            id="home.meeting",
            show=False,
        ),
        Binding("i", "import_bundles", _("Import"), tooltip=_("Import the sync bundles of groups"), id="home.import"),
        # h (archived groups) stays out of view, as on the facilitator's home: room at 80 columns for the dashboard.
        Binding(
            "d",
            "dashboard",
            _("Dashboard"),
            tooltip=_("Every group at a glance, the activity analysis and the needs"),
            id="home.dashboard",
        ),
    ]
    NO_GROUPS = _("No groups yet. Press i to import the bundles the groups sent.")
    INTERVIEWS_LINE = _("Interviews in {group}: {counts} ({key} lists every group's)")

    def action_dashboard(self) -> None:
        """Every group at a glance; coming back, the list shows any change made there."""
        from screens.network import NetworkDashboardScreen  # imported when first needed

        self.app.push_screen(NetworkDashboardScreen(self.repository), lambda _result: self.refresh_groups())


def run_groups_meeting(screen: Screen, repository: Repository, group: Group) -> None:
    """The group's meeting under way, or today's, or the next one, in the live meeting screen
    (``m`` on the groups and on a group's roster)."""
    from facilitator.lookup import NoSuchMeeting, meeting_to_run  # imported when first needed: a faster start
    from screens.open_meeting import open_meeting

    try:
        meeting = meeting_to_run(repository.meetings(group.id), repository.now(), group.time_zone)
    except NoSuchMeeting as error:
        screen.notify(str(error), severity="warning")
        return
    except StorageError as error:
        screen.notify(str(error), severity="error", timeout=30)
        return
    open_meeting(screen, repository, group, meeting)


def home_screen(repository: Repository) -> HomeScreen:
    """The coordinator's home on a coordinator workspace, a facilitator's on any other."""
    if repository.workspace.info.role is WorkspaceRole.COORDINATOR:
        return CoordinatorHomeScreen(repository)
    return HomeScreen(repository)
