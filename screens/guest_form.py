"""Check in a guest: name and organisation."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Footer

from facilitator.checkin import guest_field_labels, new_guest
from facilitator.i18n import _
from facilitator.model import Attendance, Problem
from screens.form import RecordForm
from screens.widgets.form_field import FormField
from screens.widgets.plain import Plain


class GuestForm(RecordForm[Attendance]):
    """A guest is checked in as present from the moment the form is saved."""

    HELP = _("Guests are listed in the meeting's attendance with their organisation; they are not on the roster.")

    def __init__(self, meeting_id: str, now: Callable, save: Callable[[Attendance], Attendance]) -> None:
        super().__init__(save)
        self._meeting_id = meeting_id
        self._now = now

    def compose(self) -> ComposeResult:
        labels = guest_field_labels()
        with Vertical(id="form-dialog"):
            yield Plain(_("Guest"), id="form-title")
            yield FormField("guest_name", labels["guest_name"])
            yield FormField(
                "guest_organisation", labels["guest_organisation"], placeholder=_("company or organisation")
            )
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#field-guest_name", FormField).focus_input()

    def check(self) -> tuple[Attendance, list[Problem]]:
        values = {field.field_name: field.value for field in self.query(FormField)}
        return new_guest(self._meeting_id, values["guest_name"], values["guest_organisation"], self._now())
