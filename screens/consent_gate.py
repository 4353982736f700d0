"""Before a recording starts: who is present without audio consent, and their consent on the spot."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer

from facilitator.checkin import CheckinRow, consent_given
from facilitator.i18n import _
from facilitator.model import Meeting
from screens.widgets.plain import Plain
from screens.widgets.record_table import RecordTable
from storage.errors import StorageError
from storage.repository import Repository


class ConsentGate(ModalScreen[bool]):
    """Dismisses with True once everyone listed has consented, False when the recording waits."""

    CSS_PATH = "consent_gate.tcss"
    HELP = _(
        "Nobody is recorded without consent. Ask each person listed; c records a consent given now, "
        "with today's date, for this meeting. When the list is empty the recording starts (or goes on, "
        "when it was paused for them). Someone who does not consent: mark him or her absent in the "
        "check-in, or do not record (a recording paused for them stops; what it took before is kept)."
    )
    BINDINGS = [
        Binding("c", "consent", _("Consents"), tooltip=_("This person consents now"), id="consent_gate.consent"),
        Binding("escape", "dismiss(False)", _("Do not record"), id="consent_gate.cancel"),
    ]

    def __init__(self, repository: Repository, meeting: Meeting, missing: list[CheckinRow], *, title: str = "") -> None:
        """``title`` says where the recording stands (by default: not started yet)."""
        super().__init__()
        self.repository = repository
        self.meeting = meeting
        self._missing = list(missing)
        self._title = title or _("Not recording yet: these people present have not consented")

    def compose(self) -> ComposeResult:
        with Vertical(id="consent-dialog"):
            yield Plain(self._title, id="consent-title")
            yield RecordTable(id="consent-missing")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        table = self.query_one(RecordTable)
        table.add_column(_("Name"), key="name")
        table.add_column(_("Company"), key="company")
        self._fill()
        table.focus()

    def _fill(self) -> None:
        self.query_one(RecordTable).refill((row.key, (row.name, row.organisation)) for row in self._missing)

    def action_consent(self) -> None:
        key = self.query_one(RecordTable).selected_key
        row = next((row for row in self._missing if row.key == key), None)
        if row is None:
            return
        try:
            today = self.repository.today(self.repository.group(self.meeting.group_id).time_zone)
            self.repository.save_attendance(consent_given(row, self.meeting.id, today))
        except StorageError as error:
            self.notify(str(error), title=_("Not saved"), severity="error", timeout=30)
            return
        self._missing.remove(row)
        if not self._missing:
            self.dismiss(True)
            return
        self._fill()
