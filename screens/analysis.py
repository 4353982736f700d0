"""The activity analysis: how often each of the eleven codes came up, per group and per year, and
the coded memo entries behind the counts, newest first, which a researcher can re-code."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Footer, Header, TabbedContent, TabPane

from facilitator.activity_analysis import ActivityRow, CodedEntry, EntryFilter, activity_table, coded_entries
from facilitator.dates import format_count, format_date
from facilitator.group_labels import short_names
from facilitator.i18n import _, ngettext
from facilitator.model import Coding, coding_id
from facilitator.network import GroupRecords
from facilitator.pseudonyms import shown_pseudonyms
from facilitator.search import SearchableEntry, searchable_entries
from screens.network_loading import NetworkScreen
from screens.widgets.bar_chart import Bar, BarChart
from screens.widgets.entry_filters import EntryFilters
from screens.widgets.plain import Plain
from screens.widgets.recode import RecodeDialog
from screens.widgets.record_table import RecordTable, cut
from storage.errors import DamagedFile, StorageError
from storage.repository import Repository

ENTRY_CODES_WIDTH = 10
#: The chosen group's column in 1 Codes.
GROUP_WIDTH = 14
#: After an entry's codes: the mark of a researcher's re-code.
RECODED = "✎"


def codes_text(coded: CodedEntry | SearchableEntry) -> str:
    """``PS RI``, with ✎ when a researcher re-coded the entry."""
    text = " ".join(coded.codes) or "–"
    return f"{text} {RECODED}" if coded.recoded else text


class ActivityAnalysisScreen(NetworkScreen):
    """1 Codes: the eleven codes counted; 2 Entries: the coded entries, filtered, to read and re-code."""

    CSS_PATH = "analysis.tcss"
    HELP = _(
        "Wenger's eleven activities across the network. The filters on top (g goes there; Tab moves "
        "on) choose a group, a period — dates written 2026-11-27 or 27.11.2026 — a kind of entry "
        "and a code. 1 Codes: each code's count in the whole network and in the group chosen, with "
        "the code under the cursor per year below; Enter lists the entries behind it. 2 Entries: "
        "the coded memo entries that pass the filters, the newest first, the whole text of the one "
        "under the cursor below; r re-codes it (✎ marks a re-code), and the re-code travels to the group's "
        "facilitators in your next bundle. / searches every memo entry of the network by its words, "
        "coded or not. Esc leaves a filter, then the screen."
    )
    BINDINGS = [
        Binding(
            "1",
            "show_tab('codes')",
            _("Codes"),
            tooltip=_("Each code counted per group and per year"),
            id="analysis.codes",
            show=False,
        ),
        Binding(
            "2",
            "show_tab('entries')",
            _("Entries"),
            tooltip=_("The coded entries behind the counts"),
            id="analysis.entries",
            show=False,
        ),
        Binding(
            "r",
            "recode",
            _("Re-code"),
            tooltip=_("Change the codes of the entry under the cursor"),
            id="analysis.recode",
        ),
        Binding(
            "g", "filters", _("Filter"), tooltip=_("Choose the group, period, kind and code"), id="analysis.filters"
        ),
        Binding(
            "slash",
            "search",
            _("Search"),
            tooltip=_("Find the network's memo entries by their words"),
            id="analysis.search",
        ),
        Binding("escape", "back", _("Back"), id="analysis.back"),
    ]
    NEEDS_RECORDS = frozenset({"recode", "filters", "show_tab", "search"})

    def __init__(
        self, repository: Repository, network: list[GroupRecords] | None = None, *, group_id: str | None = None
    ) -> None:
        super().__init__(repository, network)
        self.title = _("Activity analysis")
        self._start_group = group_id
        #: The entries that pass the filters, as shown in 2 Entries: the newest first.
        self.entries: list[CodedEntry] = []
        #: Each group's short name by id (:func:`facilitator.group_labels.short_names`).
        self.names: dict[str, str] = {}
        #: The eleven codes counted in the period and kind chosen (every group).
        self.rows: list[ActivityRow] = []
        #: Every group's coded entries in the period and kind chosen (the code filter aside).
        self._counted: list[CodedEntry] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Plain(_("Reading every group's records…"), id="network-loading")
        with Vertical(id="analysis"):
            yield EntryFilters(id="analysis-filters")
            with TabbedContent(id="analysis-tabs"):
                with TabPane(_("1 Codes"), id="codes"):
                    yield RecordTable(id="codes-table")
                    yield Plain(id="years-title", classes="chart-title")
                    with VerticalScroll(id="years-scroll"):
                        yield BarChart(label_width=4, id="years-chart")
                with TabPane(_("2 Entries"), id="entries"):
                    yield Plain(id="entries-note")
                    yield RecordTable(id="entries-table")
                    yield Plain(id="entry-details")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#analysis").display = False
        entries = self.query_one("#entries-table", RecordTable)
        entries.add_column(_("Date"), key="date")
        entries.add_text_column(_("Group"), key="group")
        entries.add_column(_("Kind"), key="kind")
        entries.add_column(_("Codes"), key="codes", width=ENTRY_CODES_WIDTH)
        entries.add_text_column(_("Entry"), key="text")
        self.start_loading()

    def focus_main(self) -> None:
        tab = self.query_one("#analysis-tabs", TabbedContent).active or "codes"
        self.query_one("#codes-table" if tab == "codes" else "#entries-table").focus()

    # -- showing -------------------------------------------------------------------------------

    def show_network(self, network: list[GroupRecords]) -> None:
        self.query_one("#analysis").display = True
        groups = [records.group for records in network]
        self.names = short_names(groups)
        start = self._start_group if any(group.id == self._start_group for group in groups) else None
        self.query_one(EntryFilters).set_groups(groups, start)
        self.refresh_analysis()
        self.focus_main()

    @property
    def filters(self) -> EntryFilter:
        return self.query_one(EntryFilters).value

    def refresh_analysis(self) -> None:
        """Count again and list the entries again, after a filter changed or a re-code."""
        if self.network is None:
            return
        only = self.filters
        every_group = EntryFilter(start=only.start, end=only.end, kind=only.kind)
        counted = coded_entries(self.network, every_group)
        self._counted = counted
        self.rows = activity_table(counted, examples=0)
        self.entries = [coded for coded in reversed(counted) if only.keeps(coded)]
        self._fill_codes()
        self._fill_entries()

    def _fill_codes(self) -> None:
        table = self.query_one("#codes-table", RecordTable)
        chosen = self.filters.group_id
        keep = table.selected_key
        table.clear(columns=True)
        table.add_column(_("Code"), key="code")
        table.add_text_column(_("Activity"), key="name")
        table.add_number_column(_("Network"), key="network")
        short = self.names.get(chosen or "")
        table.add_number_column(cut(short, GROUP_WIDTH) if short else _("Group"), key="group")
        for row in self.rows:
            count = "–" if chosen is None else format_count(row.by_group.get(chosen, 0))
            table.add_row(Text(row.code), Text(row.name), Text(format_count(row.total)), Text(count), key=row.code)
        if keep and keep in table.rows:
            table.move_cursor(row=table.get_row_index(keep))
        self._fill_years()

    def _fill_years(self) -> None:
        code = self.query_one("#codes-table", RecordTable).selected_key
        if code is None:
            return
        chosen = self.filters.group_id
        by_year: dict[int, int] = {}
        for coded in self.entries if chosen else self._counted:
            if code in coded.codes:
                by_year[coded.day.year] = by_year.get(coded.day.year, 0) + 1
        whose = self.names.get(chosen or "") or _("the network")
        self.query_one("#years-title", Plain).update(_("{code} per year: {whose}").format(code=code, whose=whose))
        bars = [Bar(str(year), count, format_count(count)) for year, count in sorted(by_year.items(), reverse=True)]
        self.query_one("#years-chart", BarChart).bars = tuple(bars) or (Bar("", 0, _("no entry")),)

    def _fill_entries(self) -> None:
        table = self.query_one("#entries-table", RecordTable)
        table.refill(
            (
                coded.entry.id,
                (
                    format_date(coded.day),
                    self.names.get(coded.group.id, coded.group.name),
                    coded.entry.kind.label,
                    codes_text(coded),
                    shown_pseudonyms(coded.entry.text),
                ),
            )
            for coded in self.entries
        )
        recoded = sum(coded.recoded for coded in self.entries)
        note = ngettext("{count} coded entry", "{count} coded entries", len(self.entries)).format(
            count=format_count(len(self.entries))
        )
        note += " · " + ngettext(
            "{count} re-coded ({mark}) · r re-codes", "{count} re-coded ({mark}) · r re-codes", recoded
        ).format(count=format_count(recoded), mark=RECODED)
        self.query_one("#entries-note", Plain).update(note)
        self._show_entry()

    def selected_entry(self) -> CodedEntry | None:
        key = self.query_one("#entries-table", RecordTable).selected_key
        return next((coded for coded in self.entries if coded.entry.id == key), None)

    def _show_entry(self) -> None:
        coded = self.selected_entry()
        details = self.query_one("#entry-details", Plain)
        if coded is None:
            details.update(_("No coded entry passes the filters."))
            return
        line = _("{day} · {group} · {kind} · {codes}").format(
            day=format_date(coded.day), group=coded.group.name, kind=coded.entry.kind.label, codes=" ".join(coded.codes)
        )
        if coded.recoded:
            line += " " + _("(re-coded; written as {codes})").format(codes=" ".join(coded.entry.codes) or "–")
        details.update(line + "\n" + shown_pseudonyms(coded.entry.text))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "entries-table":
            self._show_entry()
        elif event.data_table.id == "codes-table":
            self._fill_years()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.data_table.id == "codes-table" and event.row_key.value:
            self.query_one(EntryFilters).set_code(event.row_key.value)
            self.action_show_tab("entries")
        elif event.data_table.id == "entries-table":
            self.action_recode()

    def on_entry_filters_changed(self, event: EntryFilters.Changed) -> None:
        self.refresh_analysis()

    # -- keys ----------------------------------------------------------------------------------

    def action_show_tab(self, tab: str) -> None:
        self.query_one("#analysis-tabs", TabbedContent).active = tab
        self.focus_main()

    def action_filters(self) -> None:
        self.query_one("#filter-group").focus()

    def action_search(self) -> None:
        from screens.search import SearchScreen

        network = list(self.network or ())  # read already, and kept up to date with each re-code
        damaged = list(self.damaged)  # left out of the network as read, so out of the search too

        def read(left_out: list[DamagedFile]) -> list[SearchableEntry]:
            left_out += damaged
            return [
                entry
                for records in network
                for entry in searchable_entries(records.group, records.meetings, records.records)
            ]

        self.app.push_screen(SearchScreen(read, _("the network")))

    def action_recode(self) -> None:
        if self.query_one("#analysis-tabs", TabbedContent).active != "entries":
            self.action_show_tab("entries")
            self.notify(_("Choose the entry to re-code here, then press r."))
            return
        coded = self.selected_entry()
        if coded is None:
            self.notify(_("No entry to re-code: no coded entry passes the filters."), severity="warning")
            return
        text = shown_pseudonyms(coded.entry.text)
        self.app.push_screen(RecodeDialog(text, list(coded.codes), partial(self._recode, coded)))

    def _recode(self, coded: CodedEntry, codes: list[str]) -> bool:
        """Save the re-code while its dialog is open: True once saved; False (said why) keeps the dialog."""
        coding = Coding(
            id=coding_id(coded.entry.id),
            entry_id=coded.entry.id,
            meeting_id=coded.meeting.id,
            group_id=coded.group.id,
            codes=codes,
        )
        try:
            self.repository.save_coding(coding)
            self.reload_meeting(coded.group.id, coded.meeting.id)
        except StorageError as error:
            self.notify(str(error), title=_("Not saved"), severity="error", timeout=30)
            return False
        self.refresh_analysis()
        if codes:
            message = _("Re-coded as {codes}: it travels to the group's facilitators in your next bundle.")
        else:
            message = _(
                "The entry carries no code now, so it leaves the analysis; the change travels in your next bundle."
            )
        self.notify(message.format(codes=" ".join(codes)))
        return True
