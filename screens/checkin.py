"""Check-in: who is present, who sent apologies, guests, and consents to recording given on the spot."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header

from facilitator.checkin import CheckinRow, checkin_rows, consent_given, consent_withdrawn, counts, marked
from facilitator.dates import format_time
from facilitator.i18n import _
from facilitator.local_time import local_day, local_moment
from facilitator.model import Attendance, Group, Meeting, Person, Presence
from facilitator.withdrawn_consent import deleted_notice, withdrawal_question
from screens.widgets.plain import Plain
from screens.widgets.record_table import RecordTable
from storage.errors import StorageError
from storage.repository import Repository


class CheckinScreen(Screen[None]):
    """The meeting's roster with a status each; the counts stay in view."""

    CSS_PATH = "checkin.tcss"
    HELP = _(
        "Mark each member present (the arrival time is noted), sent apologies, or absent. Guests are added "
        "with their organisation. c records a consent to audio recording given on the spot, with today's date, "
        "for this meeting; c again withdraws it."
    )
    BINDINGS = [
        Binding("p", "mark('present')", _("Present"), id="checkin.present"),
        Binding("a", "mark('apologies')", _("Apologies"), id="checkin.apologies"),
        Binding("x", "mark('absent')", _("Absent"), id="checkin.absent"),
        Binding("g", "guest", _("Guest"), tooltip=_("Add a guest"), id="checkin.guest"),
        Binding(
            "c",
            "consent",
            _("Consent"),
            tooltip=_("Audio consent given on the spot (again: withdrawn)"),
            id="checkin.consent",
        ),
        Binding("escape", "back", _("Back"), id="checkin.back"),
    ]

    def __init__(self, repository: Repository, group: Group, meeting: Meeting, people: list[Person]) -> None:
        super().__init__()
        self.repository = repository
        self.group = group
        self.meeting = meeting
        self._people = people
        self._zone = group.time_zone
        self._rows: list[CheckinRow] = []
        self.title = _("Check-in")

    def compose(self) -> ComposeResult:
        yield Header()
        yield Plain(id="checkin-counts")
        yield RecordTable(id="checkin")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        table = self.query_one("#checkin", RecordTable)
        # Names and companies give way (ending in "…"), so that the status and the consent fit 80 columns.
        table.add_text_column(_("Name"), key="name")
        table.add_text_column(_("Company"), key="company")
        table.add_column(_("Status"), key="status")
        table.add_column(_("Arrived"), key="arrived")
        table.add_column(_("Audio"), key="consent")
        self.refresh_rows()
        table.focus()

    def refresh_rows(self, select: str | None = None) -> None:
        day = local_day(self.meeting.starts_at, self._zone)
        self._rows = checkin_rows(self._people, self.repository.attendance(self.meeting.id), day)
        tally = counts(self._rows)
        self.query_one("#checkin-counts", Plain).update(tally.describe())
        self.query_one("#checkin", RecordTable).refill(
            ((row.key, self._cells(row, tally.nobody_checked_in)) for row in self._rows), select
        )

    def _cells(self, row: CheckinRow, nobody_checked_in: bool) -> tuple[str, ...]:
        """Before anyone is checked in, nobody is absent yet: the status says "not yet"."""
        arrived = row.attendance.arrived_at if row.attendance else None
        name = row.name if row.person else _("{name} (guest)").format(name=row.name)
        return (
            name,
            row.organisation,
            _("not yet") if nobody_checked_in and row.attendance is None else row.status.label,
            format_time(local_moment(arrived, self._zone)) if arrived and row.present else "",
            _("yes") if row.has_audio_consent else _("no"),
        )

    def _selected(self) -> CheckinRow | None:
        key = self.query_one("#checkin", RecordTable).selected_key
        return next((row for row in self._rows if row.key == key), None)

    def _save(self, entry: Attendance) -> None:
        try:
            self.repository.save_attendance(entry)
        except StorageError as error:
            self.notify(str(error), title=_("Not saved"), severity="error", timeout=30)
            return
        self.refresh_rows()

    def action_mark(self, status: str) -> None:
        if row := self._selected():
            self._save(marked(row, self.meeting.id, Presence(status), self.repository.now()))

    def action_consent(self) -> None:
        """Record a consent given now; pressed again, withdraw it (the roster's own consent stays)."""
        row = self._selected()
        if row is None:
            return
        if not row.has_audio_consent:
            self._save(consent_given(row, self.meeting.id, self.repository.today(self._zone)))
            self.notify(_("{name} consents to the recording (today, for this meeting).").format(name=row.name))
        elif (withdrawn := consent_withdrawn(row)) is not None:
            self._withdraw(row, withdrawn)
        else:
            self.notify(_("{name} consented on the roster; change it there.").format(name=row.name))

    def _withdraw(self, row: CheckinRow, withdrawn: Attendance) -> None:
        """Withdraw the consent given here; when the meeting holds sound already, only after a yes to
        deleting it (see :mod:`facilitator.withdrawn_consent`)."""
        from storage.withdrawn_consent import meeting_with_sound, recordings_lines

        try:
            meetings = meeting_with_sound(self.repository, self.meeting.id)
        except StorageError as error:
            self.notify(str(error), title=_("Not saved"), severity="error", timeout=15)
            return
        if not meetings:
            self._save(withdrawn)
            self.notify(_("{name}'s consent given here is withdrawn.").format(name=row.name), severity="warning")
            return
        from screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self._withdraw_deleting(row, withdrawn)

        question = withdrawal_question(row.name, recordings_lines(self.repository, meetings))
        self.app.push_screen(ConfirmScreen(question, yes=_("Delete the recordings")), answered)

    def _withdraw_deleting(self, row: CheckinRow, withdrawn: Attendance) -> None:
        from storage.withdrawn_consent import delete_sound_before_withdrawal, meeting_with_sound

        try:
            with self.repository.workspace.writing:  # the sound first: should it stay, so does the consent
                meetings = meeting_with_sound(self.repository, self.meeting.id)
                files = delete_sound_before_withdrawal(self.repository, meetings)
                self.repository.save_attendance(withdrawn)
        except StorageError as error:
            self.notify(str(error), title=_("Not saved"), severity="error", timeout=30)
            return
        self.refresh_rows()
        self.notify(_("{name}'s consent given here is withdrawn.").format(name=row.name), severity="warning")
        self.notify(deleted_notice(files, len(meetings)), timeout=10)

    def action_guest(self) -> None:
        from screens.guest_form import GuestForm

        def added(guest: Attendance | None) -> None:
            if guest is not None:
                self.refresh_rows(select=guest.id)
                self.notify(_("{name} checked in as a guest.").format(name=guest.guest_name))

        self.app.push_screen(GuestForm(self.meeting.id, self.repository.now, self.repository.save_attendance), added)

    def action_back(self) -> None:
        self.dismiss()
