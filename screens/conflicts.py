"""Conflicts: records that two laptops changed apart, both versions kept until someone chooses.

The version shown everywhere is the later save; the other waits here. Keeping either one saves a
version that has seen both, which settles the conflict on every laptop it travels to.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header

from exports.bundle.conflicts import Conflict, group_conflicts, resolve_conflict
from facilitator.dates import format_count, format_date, format_time
from facilitator.i18n import _, pgettext
from facilitator.local_time import local_moment
from facilitator.model import Group, Record
from facilitator.record_rules import kind_label
from screens.conflict_values import ValueNames, record_label, shown_field
from screens.widgets.plain import Plain
from screens.widgets.record_table import RecordTable
from storage.errors import StorageError
from storage.repository import Repository


class ConflictsScreen(Screen[None]):
    """The group's conflicts, with what differs between the versions and a key to keep either."""

    CSS_PATH = "conflicts.tcss"
    HELP = _(
        "When two laptops (or a laptop and the coordinator) changed the same record before their "
        "bundles met, both versions are kept: the later one is shown everywhere, the other waits "
        "here. Below the table, each field the versions disagree on. k keeps the version shown, "
        "o keeps the other one (n shows the next other, when there are several). Either settles "
        "the conflict; the choice travels in the next bundle."
    )
    BINDINGS = [
        Binding("k", "keep_current", _("Keep shown"), tooltip=_("Keep the version shown now"), id="conflicts.keep"),
        Binding("o", "keep_other", _("Keep other"), tooltip=_("Keep the other version"), id="conflicts.other"),
        Binding("n", "next_other", _("Next other"), tooltip=_("Show the next other version"), id="conflicts.next"),
        Binding("escape", "back", _("Back"), id="conflicts.back"),
    ]

    def __init__(self, repository: Repository, group: Group) -> None:
        super().__init__()
        self.repository = repository
        self.group = group
        self.title = _("Conflicts: {group}").format(group=group.name)
        self._conflicts: list[Conflict] = []
        self._other_index = 0
        self._names = ValueNames(repository, group.id, group.time_zone)

    def compose(self) -> ComposeResult:
        yield Header()
        yield RecordTable(id="conflicts")
        yield Plain(_("No conflicts on this laptop."), id="no-conflicts")
        yield Plain(id="conflict-details")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        table = self.query_one("#conflicts", RecordTable)
        table.add_column(_("Kind"), key="kind")
        table.add_text_column(pgettext("the record in conflict", "Record"), key="what")
        table.add_column(_("Versions"), key="versions")
        self._load()
        table.focus()

    def _label(self, record: Record) -> str:
        return record_label(record, self.group.time_zone, self._names.person)

    def _load(self) -> None:
        try:
            self._conflicts = group_conflicts(self.repository, self.group.id)
        except StorageError as error:
            self.notify(str(error), severity="error", timeout=30)
            self._conflicts = []
        table = self.query_one("#conflicts", RecordTable)
        table.refill(
            (
                conflict.record_id,
                (
                    kind_label(conflict.kind),
                    self._label(conflict.current),
                    format_count(1 + len(conflict.others)),
                ),
            )
            for conflict in self._conflicts
        )
        table.display = bool(self._conflicts)
        self.query_one("#no-conflicts").display = not self._conflicts
        self._other_index = 0
        self._show_details()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The keys that settle a conflict show only while there is one."""
        if action in ("keep_current", "keep_other", "next_other"):
            return bool(self._conflicts)
        return True

    def _selected(self) -> Conflict | None:
        key = self.query_one("#conflicts", RecordTable).selected_key
        return next((conflict for conflict in self._conflicts if conflict.record_id == key), None)

    def _show_details(self) -> None:
        conflict = self._selected()
        details = self.query_one("#conflict-details", Plain)
        if conflict is None:
            details.update("")
            return
        other = conflict.others[self._other_index % len(conflict.others)]
        lines = [
            _("Shown: saved {shown} · other ({number} of {count}): saved {other}").format(
                shown=self._saved(conflict.current),
                other=self._saved(other),
                number=self._other_index % len(conflict.others) + 1,
                count=format_count(len(conflict.others)),
            )
        ]
        kind = type(conflict.current)
        for field, mine, theirs in conflict.differences(other):
            lines.append(
                _("{field}: shown “{mine}” · other “{theirs}”").format(
                    field=shown_field(conflict.current, field),
                    mine=self._names.text(kind, field, mine),
                    theirs=self._names.text(kind, field, theirs),
                )
            )
        details.update("\n".join(lines))

    def _saved(self, record: Record) -> str:
        """When and where a version was saved: "27 Nov 2026 18.05, this laptop"."""
        if record.updated_at is None:
            when = "–"
        else:
            local = local_moment(record.updated_at, self.group.time_zone)
            when = f"{format_date(local.date())} {format_time(local)}"
        if record.changed_by == self.repository.workspace.id:
            where = _("this laptop")
        else:
            where = _("laptop {id}").format(id=record.changed_by[:8])
        return _("{when}, {where}").format(when=when, where=where)

    def on_data_table_row_highlighted(self) -> None:
        self._other_index = 0
        self._show_details()

    def action_next_other(self) -> None:
        self._other_index += 1
        self._show_details()

    def action_keep_current(self) -> None:
        conflict = self._selected()
        if conflict is not None:
            self._settle(conflict, conflict.current)

    def action_keep_other(self) -> None:
        conflict = self._selected()
        if conflict is not None:
            self._settle(conflict, conflict.others[self._other_index % len(conflict.others)])

    def _settle(self, conflict: Conflict, keep: Record) -> None:
        try:
            resolve_conflict(self.repository, conflict, keep)
        except StorageError as error:
            self.notify(str(error), severity="error", timeout=10)
            return
        self._names.settled(keep)
        self.notify(_("Settled: {record}").format(record=self._label(keep)))
        self._load()

    def action_back(self) -> None:
        self.dismiss()
