"""Who has hosted how often: the record people check when they ask whether the rotation is fair."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer

from facilitator.dates import format_count, format_date
from facilitator.i18n import _
from facilitator.model import Group, Person
from facilitator.rotation import HostingRecord, host_history
from screens.widgets.plain import Plain
from screens.widgets.record_table import RecordTable
from storage.repository import Repository


class HostHistoryScreen(ModalScreen[None]):
    """Every current member who can host, with times hosted and the last time."""

    CSS_PATH = "host_picker.tcss"
    HELP = _("Held meetings count as hostings. Members who cannot host are not listed.")
    BINDINGS = [Binding("escape", "dismiss(None)", _("Close"), id="host_history.close")]

    def __init__(self, repository: Repository, group: Group) -> None:
        super().__init__()
        self.repository = repository
        self.group = group

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-dialog"):
            yield Plain(_("Hosting in {group}").format(group=self.group.name), id="picker-title")
            yield RecordTable(id="hosts")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        people = self.repository.people(self.group.id)
        history = host_history(people, self.repository.meetings(self.group.id), time_zone=self.group.time_zone)
        table = self.query_one("#hosts", RecordTable)
        for key, label in (("name", _("Member")), ("times", _("Hosted")), ("last", _("Last hosted"))):
            table.add_column(label, key=key)
        today = self.repository.today(self.group.time_zone)
        hosts = [person for person in people if person.can_host and person.is_current_member(today)]
        table.refill((person.id, _cells(person, history.get(person.id))) for person in hosts)
        table.focus()


def _cells(person: Person, hosting: HostingRecord | None) -> tuple[str, str, str]:
    """A member's name, the times hosted and the last time ("–": never)."""
    if hosting is None:
        return person.name, "0", "–"
    return person.name, format_count(hosting.times), format_date(hosting.last) if hosting.last else "–"
