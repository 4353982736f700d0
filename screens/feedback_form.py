"""Enter or correct one anonymous feedback response, as written on the paper form."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer

from facilitator.i18n import _
from facilitator.model import Invalid, Problem
from facilitator.model.feedback import FeedbackResponse, check_feedback_form, feedback_field_labels
from screens.form import RecordForm
from screens.widgets.form_field import FormField
from screens.widgets.plain import Plain
from storage.errors import StorageError

FIELDS = ("usefulness", "recommend", "comment")


def recommend_text(recommend: bool | None) -> str:
    """What the recommend field shows for an answer: y, n, or nothing."""
    if recommend is None:
        return ""
    return _("y") if recommend else _("n")


class FeedbackForm(RecordForm[FeedbackResponse]):
    """Usefulness 1–5, would recommend y/n (or blank) and a comment.

    When a ``fresh`` response maker is given (entering new responses), ctrl+n saves the response
    and empties the form for the next paper form, so that a pile of them goes in without leaving
    the form; the list behind it is kept up to date by ``save``.
    """

    HELP = _(
        "One paper form at a time: usefulness 1 (not useful) to 5 (very useful), y or n for "
        "“would recommend” (empty when not answered), and the comment as written. Enter moves to the "
        "next field; ctrl+s saves; ctrl+n saves and empties the form for the next response."
    )
    BINDINGS = [
        Binding(
            "ctrl+n",
            "save_next",
            _("Save, next"),
            tooltip=_("Save this response and enter the next one"),
            id="feedback_form.save_next",
        ),  # not a priority key: see RecordForm's ctrl+s
    ]

    def __init__(
        self,
        response: FeedbackResponse,
        number: int,
        save: Callable[[FeedbackResponse], FeedbackResponse],
        fresh: Callable[[], FeedbackResponse] | None = None,
    ) -> None:
        super().__init__(save)
        self._response = response
        self._number = number
        self._fresh = fresh

    def compose(self) -> ComposeResult:
        labels = feedback_field_labels()
        response = self._response
        with Vertical(id="form-dialog"):
            yield Plain(self._title(), id="form-title")
            yield FormField(
                "usefulness",
                labels["usefulness"],
                str(response.usefulness) if response.usefulness else "",  # not a count: read back
                placeholder=_("1 not useful … 5 very useful"),
            )
            yield FormField(
                "recommend", labels["recommend"], recommend_text(response.recommend), placeholder=_("y, n, or empty")
            )
            yield FormField("comment", labels["comment"], response.comment, placeholder=_("as written on the form"))
        yield Footer(compact=True, show_command_palette=False)

    def _title(self) -> str:
        return _("Feedback response {number}").format(number=self._number)

    def on_mount(self) -> None:
        self.query_one("#field-usefulness", FormField).focus_input()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Correcting a saved response has no next one: ctrl+s saves and closes.
        return not (action == "save_next" and self._fresh is None)

    def check(self) -> tuple[FeedbackResponse, list[Problem]]:
        values = {field.field_name: field.value for field in self.query(FormField)}
        return check_feedback_form(values, self._response)

    def action_save_next(self) -> None:
        """Save, then start the next response in the same form; a problem keeps what was typed."""
        if self._fresh is None:
            return
        record, problems = self.check()
        if not problems:
            try:
                self._save(record)
            except Invalid as invalid:
                problems = invalid.problems
            except StorageError as error:
                self.notify(str(error), title=_("Not saved"), severity="error", timeout=10)
                return
            else:
                self.notify(_("Response {number} saved.").format(number=self._number), timeout=2)
                self._response = self._fresh()
                self._number += 1
                self.query_one("#form-title", Plain).update(self._title())
                for field in self.query(FormField):
                    field.value = ""
                    field.error = ""
                self.query_one("#field-usefulness", FormField).focus_input()
                return
        self.show_problems(problems)
