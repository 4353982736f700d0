"""The network dashboard: every group in one table, with charts of attendance over the years and of
the activity codes for the group under the cursor or for the whole network; and, from here, the
network report and the research exports, written in the background.

The table's figures are those of the network report's default period (the last 12 months), from
the same computation (:func:`facilitator.network.group_period`); the line above it says so. The
table's words and cells are :mod:`facilitator.network_texts`."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widgets import DataTable, Footer, Header, ProgressBar

from facilitator.activities import activities
from facilitator.dates import format_count, format_percent
from facilitator.group_labels import short_names
from facilitator.i18n import _, ngettext, pgettext
from facilitator.local_time import local_day
from facilitator.network import GroupOverview, GroupRecords, attendance_per_year, network_overview
from facilitator.network_texts import (
    dashboard_cells,
    last_bundle_text,
    network_cells,
    period_note,
    quiet_text,
    years_text,
)
from screens.network_files import NetworkFilesScreen
from screens.widgets.bar_chart import Bar, BarChart
from screens.widgets.plain import Plain
from screens.widgets.record_table import RecordTable
from storage.repository import Repository

#: Column widths at 80 columns: the group's short name takes what the others leave (its whole name
#: is shown below the table).
GROUP_WIDTH = 8
BUNDLE_WIDTH = 13
CODE_LABEL_WIDTH = 16
#: The key of the network's row, under the groups'.
NETWORK_ROW = "network"


class NetworkDashboardScreen(NetworkFilesScreen):
    """One row per group; the charts follow the cursor, or show the network (w)."""

    CSS_PATH = "network.tcss"
    HELP = _(
        "Every group of the network, one row each, by its label — its municipality where its name holds it — in "
        "the same order as in the report (the whole name below the table), and the network's total in the last "
        "row. The figures are the network report's, over its period: the last 12 months up to today — members on "
        "the roster today (Mem), meetings held in the period (Held), average attendance at them (Att), the "
        "feedback's average usefulness out of 5 (Fb) and hosting spread (today's members who hosted in the "
        "period, out of those who can host). Open action items and the last bundle are as they stand today; the "
        "two year columns count the meetings held in each calendar year. ⚠ marks a group quiet for 60 days or "
        "never heard from. Below, attendance per year and the activity codes of the years with data, for the "
        "group under the cursor or the whole network (w). The report, the research files and the indicators go "
        "into the exports folder; ctrl+o opens it."
    )
    BINDINGS = [
        Binding(
            "a",
            "analysis",
            _("Analysis"),
            tooltip=_("The eleven activity codes and the entries behind them"),
            id="network.analysis",
        ),
        Binding(
            "n",
            "needs",
            _("Needs"),
            tooltip=_("The entrepreneurs' expressed needs across the network"),
            id="network.needs",
        ),
        Binding(
            "w",
            "toggle_scope",
            _("Network"),
            tooltip=_("Charts of the whole network or of the group"),
            id="network.scope",
        ),
        Binding("c", "toggle_charts", _("Charts"), tooltip=_("Show or hide the charts"), id="network.charts"),
        Binding(
            "r",
            "report",
            _("Report"),
            tooltip=_("The network report of the last 12 months, as a PDF"),
            id="network.report",
        ),
        Binding(
            "R",
            "report(True)",
            _("Report of every year"),
            tooltip=_("The network report of every year, as a PDF"),
            id="network.report_all_years",
            show=False,
        ),
        Binding(
            "e",
            "research('csv')",
            _("Research CSV"),
            tooltip=_("The coded memo entries for the research team, as CSV for analysis programs (R, Python)"),
            id="network.research_csv",
            show=False,
        ),
        Binding(
            "x",
            "research('xlsx')",
            _("Research for Excel"),
            tooltip=_(
                "The coded memo entries and the entrepreneurs' development as an Excel workbook, in your language"
            ),
            id="network.research_xlsx",
            show=False,
        ),
        Binding(
            "j",
            "research('jsonl')",
            _("Research JSON lines"),
            tooltip=_("The coded memo entries for the research team, as JSON lines for a script"),
            id="network.research_jsonl",
            show=False,
        ),
        Binding(
            "k",
            "research('qdc')",
            _("Codebook"),
            tooltip=_("The eleven activity codes as a REFI-QDA codebook for qualitative analysis software"),
            id="network.codebook",
            show=False,
        ),
        Binding(
            "p",
            "research('qdpx')",
            _("QDA project"),
            tooltip=_("Every held meeting as a coded source of a REFI-QDA project for qualitative analysis software"),
            id="network.research_qdpx",
            show=False,
        ),
        Binding(
            "i",
            "indicators",
            _("Indicators"),
            tooltip=_("The funder's indicators of the whole network for a period, as a PDF and a CSV"),
            id="network.indicators",
            show=False,
        ),
        Binding("escape", "back", _("Back"), id="network.back"),
    ]
    NEEDS_RECORDS = frozenset({"analysis", "needs", "toggle_scope", "report"})

    whole_network: reactive[bool] = reactive(False)

    def __init__(self, repository: Repository, network: list[GroupRecords] | None = None) -> None:
        super().__init__(repository, network)
        self.title = _("Network dashboard")
        self.overview: list[GroupOverview] | None = None
        #: Each group's short name by id (:func:`facilitator.group_labels.short_names`).
        self.names: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Plain(_("Reading every group's records…"), id="network-loading")
        with Vertical(id="dashboard"):
            yield Plain(id="dashboard-note")
            with Horizontal(id="export-progress"):
                yield Plain(id="export-status")
                yield ProgressBar(id="export-bar", show_percentage=False, show_eta=False)
            yield RecordTable(id="dashboard-groups")
            yield Plain(id="group-details")
            with Horizontal(id="dashboard-charts"):
                with Vertical(id="attendance-pane"):
                    yield Plain(id="attendance-title", classes="chart-title")
                    with VerticalScroll(id="attendance-scroll"):
                        yield BarChart(maximum=100, label_width=4, id="attendance-chart")
                with Vertical(id="codes-pane"):
                    yield Plain(id="codes-title", classes="chart-title")
                    yield BarChart(label_width=CODE_LABEL_WIDTH, id="codes-chart")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#dashboard").display = False
        self.query_one("#export-progress").display = False
        table = self.query_one("#dashboard-groups", RecordTable)
        today = self._today()
        table.add_text_column(_("Group"), key="group", minimum=GROUP_WIDTH)
        table.add_number_column(_("Mem"), key="members")
        table.add_number_column(pgettext("meetings held in the period", "Held"), key="held")
        table.add_number_column(_("Att"), key="attendance")
        table.add_number_column(_("Fb"), key="feedback")
        table.add_number_column(_("Hosts"), key="hosts")
        table.add_number_column(pgettext("open action items", "Open"), key="open")
        table.add_number_column(str(today.year), key="this_year")
        table.add_number_column(str(today.year - 1), key="last_year")
        table.add_column(_("Last bundle"), key="bundle", width=BUNDLE_WIDTH)
        self.start_loading()

    def focus_main(self) -> None:
        self.query_one("#dashboard-groups").focus()

    def _today(self) -> date:
        """Today on the calendar of the network's groups (the system's, if they are in several zones)."""
        return local_day(self.repository.now(), (group.time_zone for group in self.repository.groups()))

    # -- showing -------------------------------------------------------------------------------

    def show_network(self, network: list[GroupRecords]) -> None:
        self.query_one("#dashboard").display = True
        self._fill()
        self.focus_main()

    def _fill(self) -> None:
        if self.network is None:
            return
        today = self._today()
        self.names = short_names(records.group for records in self.network)
        # The network comes in its one order (storage.network_records.load_network).
        self.overview = network_overview(self.network, today, self.repository.now())
        table = self.query_one("#dashboard-groups", RecordTable)
        error = f"bold {self.app.theme_variables.get('error', 'red')}"
        keep = table.selected_key
        table.clear()
        for row in self.overview:
            bundle = Text(last_bundle_text(row))
            if row.standing.quiet:
                bundle.stylize(error)
            table.add_row(*(Text(cell) for cell in dashboard_cells(row, today, self.names)), bundle, key=row.group.id)
        groups = len(self.overview)
        quiet = sum(row.standing.quiet for row in self.overview)
        if self.overview:
            total = _("{count} quiet").format(count=format_count(quiet)) if quiet else ""
            cells = (*network_cells(self.overview, today), total)
            table.add_row(*(Text(cell, style="bold") for cell in cells), key=NETWORK_ROW)
        if keep and keep in table.rows:
            table.move_cursor(row=table.get_row_index(keep))
        self.sub_title = ngettext("{count} group", "{count} groups", groups).format(count=format_count(groups))
        if quiet:
            self.sub_title += " · ⚠ " + _("{count} quiet").format(count=format_count(quiet))
        note = period_note(today)
        if not self.overview:
            note = _("No groups yet: import the bundles the groups sent (i on the home screen).")
        self.query_one("#dashboard-note", Plain).update(note)
        self._show_selected()

    def selected(self) -> GroupOverview | None:
        if self.overview is None:
            return None
        key = self.query_one("#dashboard-groups", RecordTable).selected_key
        return next((row for row in self.overview if row.group.id == key), None)

    def _show_selected(self) -> None:
        row = self.selected()
        details = self.query_one("#group-details", Plain)
        details.set_class(bool(row and row.standing.quiet), "quiet")
        if row is None:
            details.update("")
        else:
            name = row.group.name + (_(" (archived)") if row.group.archived else "")
            details.update(_("{group}: {bundle}").format(group=name, bundle=quiet_text(row, self.repository.now())))
        self._draw_charts(row)

    def _draw_charts(self, row: GroupOverview | None) -> None:
        if self.overview is None:
            return
        if self.whole_network or row is None:
            rows = self.overview
            whose = _("the network")
        else:
            rows = [row]
            whose = self.names[row.group.id]
        codes = dict.fromkeys((activity.code for activity in activities()), 0)
        for each in rows:
            for code, count in each.codes.items():
                codes[code] = codes.get(code, 0) + count
        by_year = attendance_per_year(share for each in rows for share in each.shares)
        years = years_text(by_year) or str(self._today().year)
        self.query_one("#attendance-title", Plain).update(_("Attendance {years}").format(years=years))
        bars = [Bar(str(year), share * 100, format_percent(share)) for year, share in reversed(by_year.items())]
        self.query_one("#attendance-chart", BarChart).bars = tuple(bars) or (Bar("", 0, _("no attendance taken")),)
        years = years_text(year for each in rows for year in each.coded_years) or str(self._today().year)
        title = _("Activity codes {years}: {whose}").format(years=years, whose=whose)
        self.query_one("#codes-title", Plain).update(title)
        self.query_one("#codes-chart", BarChart).bars = tuple(
            Bar(
                _("{code} {name}").format(code=activity.code, name=activity.name),
                codes[activity.code],
                format_count(codes[activity.code]),
            )
            for activity in activities()
        )

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "dashboard-groups":
            self._show_selected()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_analysis()

    def watch_whole_network(self) -> None:
        if self.overview is not None:
            self._draw_charts(self.selected())

    # -- keys ----------------------------------------------------------------------------------

    def action_toggle_scope(self) -> None:
        self.whole_network = not self.whole_network

    def action_toggle_charts(self) -> None:
        charts = self.query_one("#dashboard-charts")
        charts.display = not charts.display

    def action_analysis(self) -> None:
        from screens.analysis import ActivityAnalysisScreen

        row = self.selected()
        screen = ActivityAnalysisScreen(self.repository, self.network, group_id=row.group.id if row else None)
        self.app.push_screen(screen, lambda _result: self._fill())

    def action_needs(self) -> None:
        from screens.needs import NeedsScreen

        self.app.push_screen(NeedsScreen(self.repository, self.network))
