"""After the meeting: the summaries, the website text and the feedback of one held meeting, one key each."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList
from textual.widgets.option_list import Option

from facilitator.dates import format_day
from facilitator.i18n import _
from facilitator.local_time import local_day
from facilitator.model import Group, Meeting
from screens.exporting import write_in_background
from screens.widgets.plain import Plain
from storage.repository import Repository


class AfterMeetingScreen(ModalScreen[None]):
    """What a facilitator does once a meeting is held: send, post, collect."""

    CSS_PATH = "after_meeting.tcss"
    HELP = _(
        "The participants' summary has nothing private in it (no needs, no recording times, no codes); "
        "the facilitator's record holds every memo entry and is the archive of the meeting. The website "
        "text names only people who consented to sharing their details. Files go into the exports folder "
        "(MicroENTRE in your Documents, or the folder chosen in the settings); ctrl+o opens it."
    )
    BINDINGS = [
        Binding(
            "s",
            "summary('participants')",
            _("Summary"),
            tooltip=_("The participants' summary (PDF)"),
            id="after_meeting.summary",
        ),
        Binding(
            "r",
            "summary('record')",
            _("Record"),
            tooltip=_("The facilitator's record (PDF)"),
            id="after_meeting.record",
        ),
        Binding(
            "w",
            "website",
            _("Website"),
            tooltip=_("The website text (Markdown and plain text)"),
            id="after_meeting.website",
        ),
        Binding("f", "feedback", _("Feedback"), tooltip=_("Enter the feedback responses"), id="after_meeting.feedback"),
        Binding(
            "g", "feedback_form", _("Form"), tooltip=_("The feedback form to hand out (PDF)"), id="after_meeting.form"
        ),
        # The app's own key, which a dialog keeps from acting: the files written here are in that folder.
        Binding(
            "ctrl+o",
            "app.open_exports",
            _("Exports folder"),
            tooltip=_("Open the folder of the PDFs, calendars and bundles in the file manager"),
            id="after_meeting.open_exports",
            show=False,
        ),
        Binding("escape", "dismiss(None)", _("Close"), id="after_meeting.close"),
    ]

    def __init__(self, repository: Repository, group: Group, meeting: Meeting) -> None:
        super().__init__()
        self.repository = repository
        self.group = group
        self.meeting = meeting

    def compose(self) -> ComposeResult:
        with Vertical(id="after-dialog"):
            day = format_day(local_day(self.meeting.starts_at, self.group.time_zone))
            yield Plain(_("After the meeting of {day}").format(day=day), id="after-title")
            yield OptionList(
                Option(_("s  Participants' summary (PDF) to send to everyone"), id="summary('participants')"),
                Option(_("r  Facilitator's record (PDF): every memo entry, the archive"), id="summary('record')"),
                Option(_("w  Website text of the main conclusions"), id="website"),
                Option(_("f  Feedback responses"), id="feedback"),
                Option(_("g  Feedback form to hand out (PDF)"), id="feedback_form"),
                id="after-choices",
            )
        yield Footer(compact=True, show_command_palette=False)

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        await self.run_action(event.option.id or "")

    def action_summary(self, variant: str) -> None:
        from exports.summary_files import write_summary_file

        write_in_background(self.app.screen, lambda: write_summary_file(self.repository, self.meeting, variant))

    def action_website(self) -> None:
        from exports.summary_files import write_website_file

        write_in_background(self.app.screen, lambda: write_website_file(self.repository, self.meeting))

    def action_feedback_form(self) -> None:
        from exports.meeting_files import write_meeting_file

        write_in_background(self.app.screen, lambda: write_meeting_file(self.repository, self.meeting, "feedback"))

    def action_feedback(self) -> None:
        from screens.feedback import FeedbackScreen

        self.dismiss(None)
        self.app.push_screen(FeedbackScreen(self.repository, self.group, self.meeting))
