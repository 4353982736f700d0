"""The needs overview: what the entrepreneurs said they need, across the network, by group and
period, the newest first, so that the advisory services can plan their support."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Header

from facilitator.activity_analysis import CodedEntry, EntryFilter, needs
from facilitator.dates import format_count, format_date
from facilitator.group_labels import short_names
from facilitator.i18n import _, ngettext
from facilitator.network import GroupRecords
from facilitator.pseudonyms import shown_pseudonyms
from screens.network_loading import NetworkScreen
from screens.widgets.entry_filters import EntryFilters
from screens.widgets.plain import Plain
from screens.widgets.record_table import RecordTable, cut
from storage.repository import Repository

COUNT_GROUP_WIDTH = 16
#: The key of the counts table's last row.
TOTAL = "__total__"


class NeedsScreen(NetworkScreen):
    """The needs per group on the left (Enter chooses a group), the needs themselves on the right."""

    CSS_PATH = "needs.tcss"
    HELP = _(
        "The entrepreneurs' expressed needs (memo entries of kind need, !ne in a meeting) across the "
        "network, the newest first, so that the advisory services can plan their support. The "
        "filters on top (g goes there; Tab moves on) choose a group, a period — dates written "
        "2026-11-27 or 27.11.2026 — and a code. On the left, the needs per group in the period; "
        "Enter there shows only that group's (or every group's, on the total). Below, the whole "
        "text of the need under the cursor. Esc leaves a filter, then the screen."
    )
    BINDINGS = [
        Binding(
            "g", "filters", _("Filter"), tooltip=_("Choose the group, the period and the code"), id="needs.filters"
        ),
        Binding("l", "focus_needs", _("List"), tooltip=_("Move to the list of needs"), id="needs.list"),
        Binding("escape", "back", _("Back"), id="needs.back"),
    ]
    NEEDS_RECORDS = frozenset({"filters", "focus_needs"})

    def __init__(self, repository: Repository, network: list[GroupRecords] | None = None) -> None:
        super().__init__(repository, network)
        self.title = _("Needs")
        #: The needs that pass the filters, as listed: the newest first.
        self.needs: list[CodedEntry] = []
        #: Each group's short name by id (:func:`facilitator.group_labels.short_names`).
        self.names: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Plain(_("Reading every group's records…"), id="network-loading")
        with Vertical(id="needs-view"):
            yield EntryFilters(kinds=False, id="needs-filters")
            with Horizontal(id="needs-body"):
                yield RecordTable(id="needs-counts")
                yield RecordTable(id="needs-table")
            yield Plain(id="need-details")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#needs-view").display = False
        counts = self.query_one("#needs-counts", RecordTable)
        counts.add_column(_("Group"), key="group", width=COUNT_GROUP_WIDTH)
        counts.add_column(_("Needs"), key="count")
        table = self.query_one("#needs-table", RecordTable)
        table.add_column(_("Date"), key="date")
        table.add_text_column(_("Group"), key="group")
        table.add_text_column(_("Need"), key="text")
        self.start_loading()

    def focus_main(self) -> None:
        self.query_one("#needs-table").focus()

    # -- showing -------------------------------------------------------------------------------

    def show_network(self, network: list[GroupRecords]) -> None:
        self.query_one("#needs-view").display = True
        self.names = short_names(records.group for records in network)
        self.query_one(EntryFilters).set_groups([records.group for records in network])
        self.refresh_needs()
        self.focus_main()

    def refresh_needs(self) -> None:
        if self.network is None:
            return
        only = self.query_one(EntryFilters).value
        every_group = needs(self.network, EntryFilter(start=only.start, end=only.end, code=only.code))
        chosen = [coded for coded in every_group if only.group_id is None or coded.group.id == only.group_id]
        self.needs = chosen[::-1]
        self._fill_counts(every_group, only.group_id)
        table = self.query_one("#needs-table", RecordTable)
        table.refill(
            (coded.entry.id, (format_date(coded.day), self.names[coded.group.id], shown_pseudonyms(coded.entry.text)))
            for coded in self.needs
        )
        self._show_need()

    def _fill_counts(self, every_group: list[CodedEntry], chosen: str | None) -> None:
        counts = dict.fromkeys(self.names, 0)
        for coded in every_group:
            counts[coded.group.id] = counts.get(coded.group.id, 0) + 1
        table = self.query_one("#needs-counts", RecordTable)
        keep = table.selected_key
        table.clear()
        for group_id, count in counts.items():
            style = "bold" if group_id == chosen else ""
            name = cut(self.names[group_id], COUNT_GROUP_WIDTH)
            table.add_row(Text(name, style=style), Text(format_count(count), style=style), key=group_id)
        every = Text(format_count(len(every_group)), style="bold")
        table.add_row(Text(cut(_("All groups"), COUNT_GROUP_WIDTH), style="bold"), every, key=TOTAL)
        if keep and keep in table.rows:
            table.move_cursor(row=table.get_row_index(keep))

    def selected_need(self) -> CodedEntry | None:
        key = self.query_one("#needs-table", RecordTable).selected_key
        return next((coded for coded in self.needs if coded.entry.id == key), None)

    def _show_need(self) -> None:
        details = self.query_one("#need-details", Plain)
        coded = self.selected_need()
        total = ngettext("{count} need", "{count} needs", len(self.needs)).format(count=format_count(len(self.needs)))
        if coded is None:
            details.update(_("{total} · no need passes the filters.").format(total=total))
            return
        line = _("{total} · {day} · {group}").format(total=total, day=format_date(coded.day), group=coded.group.name)
        if coded.codes:
            line += " · " + " ".join(coded.codes)
        details.update(line + "\n" + shown_pseudonyms(coded.entry.text))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "needs-table":
            self._show_need()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.data_table.id == "needs-counts":
            key = event.row_key.value
            groups = [records.group for records in self.network or ()]
            self.query_one(EntryFilters).set_groups(groups, None if key == TOTAL else key)
            self.refresh_needs()
            self.focus_main()

    def on_entry_filters_changed(self, event: EntryFilters.Changed) -> None:
        self.refresh_needs()

    # -- keys ----------------------------------------------------------------------------------

    def action_filters(self) -> None:
        self.query_one("#filter-group").focus()

    def action_focus_needs(self) -> None:
        self.focus_main()
