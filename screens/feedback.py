"""A meeting's anonymous feedback: the responses typed in from the paper forms, and their averages."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header

from facilitator.dates import format_date
from facilitator.i18n import _
from facilitator.local_time import local_day
from facilitator.model import Group, Meeting
from facilitator.model.feedback import FeedbackResponse, summarise_feedback
from screens.exporting import write_in_background
from screens.widgets.plain import Plain
from screens.widgets.record_table import RecordTable
from storage.errors import StorageError
from storage.repository import Repository


def recommend_label(recommend: bool | None) -> str:
    if recommend is None:
        return "–"
    return _("yes") if recommend else _("no")


class FeedbackScreen(Screen[None]):
    """The responses to one meeting, in the order they were entered, with the count and averages on top."""

    CSS_PATH = "feedback.tcss"
    HELP = _(
        "Feedback is anonymous: hand out the printed form (p) at the end of the meeting, then type in "
        "each response here (n): usefulness 1–5, would recommend y/n, and the comment. In the form, "
        "Enter moves to the next field, ctrl+s saves, and ctrl+n saves and starts the next response. "
        "e corrects the response under the cursor, d removes it."
    )
    BINDINGS = [
        Binding("n", "add", _("New"), tooltip=_("Enter a response from a paper form"), id="feedback.add"),
        Binding("e", "edit", _("Edit"), tooltip=_("Correct the response under the cursor"), id="feedback.edit"),
        Binding("d", "remove", _("Remove"), tooltip=_("Remove the response under the cursor"), id="feedback.remove"),
        Binding(
            "p",
            "print_form",
            _("Print form"),
            tooltip=_("Write the one-page feedback form to hand out (PDF)"),
            id="feedback.print",
        ),
        Binding("escape", "back", _("Back"), id="feedback.back"),
    ]

    def __init__(self, repository: Repository, group: Group, meeting: Meeting) -> None:
        super().__init__()
        self.repository = repository
        self.group = group
        self.meeting = meeting
        day = local_day(meeting.starts_at, group.time_zone)
        self.title = _("Feedback: {group}, {day}").format(group=group.name, day=format_date(day))
        self._responses: list[FeedbackResponse] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Plain(id="feedback-summary")
        yield RecordTable(id="feedback")
        yield Plain(
            _(
                "No feedback yet. Print the form (p) to hand out at the end of the meeting, "
                "then enter each filled-in form here (n)."
            ),
            id="no-feedback",
        )
        yield Plain(id="feedback-comment")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        table = self.query_one("#feedback", RecordTable)
        table.add_column("#", key="number")
        table.add_column(_("Useful"), key="usefulness")
        table.add_column(_("Recommends"), key="recommend")
        table.add_text_column(_("Comment"), key="comment")
        self._load()
        self.refresh_responses()
        table.focus()

    def _load(self) -> None:
        """Read the responses from the meeting's file; a damaged file is told, and the list stays as it was."""
        try:
            self._responses = self.repository.feedback(self.meeting.id)
        except StorageError as error:
            self.notify(str(error), severity="error", timeout=30)

    # -- showing --------------------------------------------------------------------------------

    def refresh_responses(self, select: str | None = None) -> None:
        table = self.query_one("#feedback", RecordTable)
        row_before = table.cursor_row
        table.refill(
            (
                (
                    response.id,
                    (
                        str(number),
                        str(response.usefulness),  # not a count: a point of the scale
                        recommend_label(response.recommend),
                        " ".join(response.comment.split()),
                    ),
                )
                for number, response in enumerate(self._responses, start=1)
            ),
            select,
        )
        if self._responses and table.selected_key not in {response.id for response in self._responses}:
            table.move_cursor(row=min(row_before, len(self._responses) - 1))
        table.display = bool(self._responses)
        self.query_one("#no-feedback").display = not self._responses
        self.query_one("#feedback-summary", Plain).update(summarise_feedback(self._responses).describe())
        self._show_comment()

    def _show_comment(self) -> None:
        response = self._selected(quiet=True)
        self.query_one("#feedback-comment", Plain).update(response.comment if response else "")
        self.query_one("#feedback-comment").display = bool(response and response.comment)

    def on_data_table_row_highlighted(self) -> None:
        self._show_comment()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a response corrects it, as e does."""
        event.stop()
        self.action_edit()

    def _selected(self, *, quiet: bool = False) -> FeedbackResponse | None:
        key = self.query_one("#feedback", RecordTable).selected_key
        response = next((response for response in self._responses if response.id == key), None) if key else None
        if response is None and not quiet:
            self.notify(_("No response is selected."), severity="warning")
        return response

    def _number(self, response: FeedbackResponse) -> int:
        return next(
            (number for number, other in enumerate(self._responses, start=1) if other.id == response.id),
            len(self._responses) + 1,
        )

    # -- changes --------------------------------------------------------------------------------

    def _save(self, response: FeedbackResponse) -> FeedbackResponse:
        """Save through the repository (a StorageError goes back to the form, which keeps what was
        typed) and show the saved response in the list at once."""
        saved = self.repository.save_feedback(response)
        if any(other.id == saved.id for other in self._responses):
            self._responses = [saved if other.id == saved.id else other for other in self._responses]
        else:
            self._responses.append(saved)
        self.refresh_responses(select=saved.id)
        return saved

    def _fresh(self) -> FeedbackResponse:
        return FeedbackResponse(meeting_id=self.meeting.id, usefulness=0)

    def action_add(self) -> None:
        from screens.feedback_form import FeedbackForm

        def closed(response: FeedbackResponse | None) -> None:
            if response is not None:
                self.notify(_("Response {number} saved.").format(number=self._number(response)), timeout=2)

        form = FeedbackForm(self._fresh(), len(self._responses) + 1, self._save, fresh=self._fresh)
        self.app.push_screen(form, closed)

    def action_edit(self) -> None:
        from screens.feedback_form import FeedbackForm

        response = self._selected()
        if response is None:
            return

        def closed(saved: FeedbackResponse | None) -> None:
            if saved is not None:
                self.notify(_("Response {number} corrected.").format(number=self._number(saved)), timeout=2)

        self.app.push_screen(FeedbackForm(response, self._number(response), self._save), closed)

    def action_remove(self) -> None:
        from screens.confirm import ConfirmScreen

        response = self._selected()
        if response is None:
            return
        number = self._number(response)

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.repository.remove_feedback(response)
            except StorageError as error:
                self.notify(str(error), title=_("Not removed"), severity="error", timeout=10)
                return
            self._responses = [other for other in self._responses if other.id != response.id]
            self.refresh_responses()
            self.notify(_("Response {number} removed.").format(number=number))

        question = _("Remove response {number} (usefulness {usefulness}, recommends {recommend})?").format(
            number=number,
            usefulness=str(response.usefulness),  # not a count: a point of the scale
            recommend=recommend_label(response.recommend),
        )
        self.app.push_screen(ConfirmScreen(question, _("Remove")), answered)

    def action_print_form(self) -> None:
        from exports.meeting_files import write_meeting_file  # imported when first needed: a faster start

        write_in_background(self, lambda: write_meeting_file(self.repository, self.meeting, "feedback"))

    def action_back(self) -> None:
        self.dismiss()
