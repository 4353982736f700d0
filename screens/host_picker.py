"""Choosing a meeting's host by hand, among the members who can host."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList
from textual.widgets.option_list import Option

from facilitator.dates import format_count, format_date, format_day
from facilitator.i18n import _
from facilitator.local_time import local_day
from facilitator.model import Absence, Meeting, Person
from facilitator.rotation import eligible_hosts, host_history
from screens.widgets.plain import Plain


class HostPicker(ModalScreen[Person | None]):
    """Eligible hosts with how often and how lately they hosted, and whether they are away."""

    CSS_PATH = "host_picker.tcss"
    HELP = _("Choose who hosts this meeting. The choice is kept when the season is planned again.")
    BINDINGS = [Binding("escape", "dismiss(None)", _("Cancel"), id="host_picker.cancel")]

    def __init__(
        self, meeting: Meeting, people: list[Person], absences: list[Absence], meetings: list[Meeting], time_zone: str
    ) -> None:
        super().__init__()
        self._day = local_day(meeting.starts_at, time_zone)
        self._hosts = eligible_hosts(people, self._day)
        history = host_history(people, meetings, time_zone=time_zone)
        away = {absence.person_id for absence in absences if absence.covers(self._day)}
        self._options = [
            Option(Text(_describe(person, history.get(person.id), person.id in away)), id=person.id)
            for person in self._hosts
        ]

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-dialog"):
            yield Plain(_("Who hosts on {day}?").format(day=format_day(self._day)), id="picker-title")
            if self._options:
                yield OptionList(*self._options, id="hosts")
            else:
                yield Plain(_("No member can host: mark members who can host in the roster, with their premises."))
        yield Footer(compact=True, show_command_palette=False)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(next(person for person in self._hosts if person.id == event.option.id))


def _describe(person: Person, record, away: bool) -> str:
    company = f" ({person.company})" if person.company else ""
    if record is None or not record.times:
        hosted = _("never hosted")
    else:
        hosted = _("hosted {times}×, last {last}").format(
            times=format_count(record.times), last=format_date(record.last) if record.last else "?"
        )
    note = "  " + _("away on this date") if away else ""
    return f"{person.name}{company} · {hosted}{note}"
