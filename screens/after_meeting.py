"""After the meeting: the summaries, the website text and the feedback of one held meeting, one key
each; and the outcomes its memo lines drafted, listed to be completed one after another (see
:mod:`screens.after_meeting_drafts`)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer, OptionList
from textual.widgets.option_list import Option

from facilitator.dates import format_day
from facilitator.i18n import _
from facilitator.local_time import local_day
from facilitator.model import Group, Meeting
from screens.after_meeting_drafts import MeetingDrafts
from screens.exporting import write_in_background
from screens.key_names import keys_named
from screens.widgets.plain import Plain
from storage.repository import Repository


class AfterMeetingScreen(MeetingDrafts):
    """What a facilitator does once a meeting is held: send, post, collect."""

    CSS_PATH = "after_meeting.tcss"
    HELP = _(
        "The participants' summary has nothing private in it (no needs, no recording times, no codes); "
        "the facilitator's record holds every memo entry and is the archive of the meeting. The website "
        "text names only people who consented to sharing their details. Files go into the exports folder "
        "(MicroENTRE in your Documents, or the folder chosen in the settings); {exports} opens it. "
        "{from_entry} drafts an outcome again from an entry of this meeting that has none; "
        "{remove_draft} removes the draft selected in the list."
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
        Binding(
            "o",
            "outcomes",
            _("Outcomes"),
            tooltip=_("Complete the outcomes drafted in the memo, one after another"),
            id="after_meeting.outcomes",
        ),
        Binding(
            "n",
            "draft_from_entry",
            _("From entry"),
            tooltip=_("Draft an outcome from an entry of this meeting that has none"),
            id="after_meeting.draft_from_entry",
            show=False,  # in F1 and ctrl+p: the bottom line keeps room for the papers' keys
        ),
        Binding(
            "d",
            "remove_draft",
            _("Remove draft"),
            tooltip=_("Remove the selected draft outcome"),
            id="after_meeting.remove_draft",
            show=False,
        ),
        Binding("f", "feedback", _("Feedback"), tooltip=_("Enter the feedback responses"), id="after_meeting.feedback"),
        Binding(
            "e",
            "entries",
            _("Entries"),
            tooltip=_("The meeting's memo entries, with their moments in the recording to play"),
            id="after_meeting.entries",
            show=False,  # in the list above, in F1 and ctrl+p: the bottom line keeps room for the papers' keys
        ),
        Binding(
            "g",
            "feedback_form",
            _("Form"),
            tooltip=_("The feedback form to hand out (PDF)"),
            id="after_meeting.form",
            show=False,  # handed out before the end, so in F1 and ctrl+p: the bottom line keeps room for o
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
        self._people = repository.people(group.id)
        self._names = {person.id: person.name for person in self._people}
        self._drafts = self._read_drafts()

    def current_help(self) -> str:
        """HELP, naming the keys out of the footer as they are bound (see screens/key_names.py)."""
        return self.HELP.format(
            from_entry=keys_named(self, "after_meeting.draft_from_entry"),
            remove_draft=keys_named(self, "after_meeting.remove_draft"),
            exports=keys_named(self, "after_meeting.open_exports"),
        )

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
                Option(_("e  The meeting's entries and recording"), id="entries"),
                id="after-choices",
            )
            yield Plain("", id="after-drafts-title")
            yield OptionList(id="after-drafts")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self._show_drafts()
        self._tell_unreadable()

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "after-drafts":
            self._complete(event.option.id or "")
            return
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

    def action_entries(self) -> None:
        """The entries over this dialog: Esc there comes back here."""
        from screens.meeting_entries import MeetingEntriesScreen  # imported when first needed

        self.app.push_screen(MeetingEntriesScreen(self.repository, self.group, self.meeting))

    def action_feedback(self) -> None:
        from screens.feedback import FeedbackScreen

        self.dismiss(None)
        self.app.push_screen(FeedbackScreen(self.repository, self.group, self.meeting))
