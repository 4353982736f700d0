"""Closing the meeting: its conclusions in a few lines and the time it actually ended."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer, Label, TextArea

from facilitator.closing import check_closing, closing_field_labels
from facilitator.dates import format_time, time_placeholder
from facilitator.i18n import _
from facilitator.local_time import local_moment
from facilitator.model import Meeting
from screens.text_dialog import TextDialog
from screens.widgets.form_field import FormField, place_problems
from screens.widgets.plain import Plain


class CloseMeetingScreen(TextDialog[tuple[str, datetime]]):
    """Closes the meeting through ``close(conclusions, actual end)``, which returns True once the
    meeting is saved closed (False when it was not: it has said why). The dialog stays open, with
    what was typed, until then; it dismisses with (conclusions, actual end), or None when the
    meeting goes on."""

    CSS_PATH = "close_meeting.tcss"
    HELP = _("The conclusions go into the meeting's summary. The meeting is then marked held.")
    BINDINGS = [
        # Not a priority binding: ctrl+s then waits behind the keys typed before it in the focused
        # field, so that the end time read is the one typed, however fast the keys came.
        Binding("ctrl+s", "save", _("Close meeting"), id="close_meeting.save"),
        Binding("escape", "cancel", _("Go on"), tooltip=_("The meeting goes on"), id="close_meeting.cancel"),
    ]

    def __init__(
        self,
        meeting: Meeting,
        time_zone: str,
        now: Callable[[], datetime],
        last_recorded: datetime | None,
        close: Callable[[str, datetime], bool],
    ) -> None:
        super().__init__()
        self.meeting = meeting
        self._last_recorded = last_recorded
        self._time_zone = time_zone
        self._now = now
        self._close = close

    def compose(self) -> ComposeResult:
        labels = closing_field_labels()
        ended = local_moment(self._now(), self._time_zone)
        with Vertical(id="close-dialog"):
            yield Plain(_("Close the meeting"), id="close-title")
            yield Label(labels["conclusions"])
            yield TextArea(self.meeting.conclusions, id="conclusions")
            yield FormField("ended", labels["ended"], format_time(ended), placeholder=time_placeholder())
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#conclusions", TextArea).focus()

    def action_save(self) -> None:
        conclusions = self.query_one("#conclusions", TextArea).text
        values = {"ended": self.query_one(FormField).value, "conclusions": conclusions}
        ended, problems = check_closing(values, self.meeting, self._time_zone, self._now(), self._last_recorded)
        _first, elsewhere = place_problems(self.query(FormField), problems)
        if "conclusions" in elsewhere:  # the text area has no line of its own for a problem
            self.notify(elsewhere["conclusions"], title=closing_field_labels()["conclusions"], severity="error")
            self.query_one("#conclusions", TextArea).focus()
            return
        if ended is None:
            self.query_one(FormField).focus_input()
            return
        if self._close(conclusions, ended):
            self.dismiss((conclusions, ended))
