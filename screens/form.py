"""What every record form shares: show each problem beside its field, save only when none is left."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath
from typing import ClassVar, Generic, TypeVar

from textual.binding import Binding

from facilitator.dates import format_count
from facilitator.i18n import _, ngettext
from facilitator.model import Invalid, Problem
from screens.text_dialog import TextDialog
from screens.widgets.form_field import FormField, place_problems
from storage.errors import StorageError

RecordT = TypeVar("RecordT")


class RecordForm(TextDialog[RecordT], Generic[RecordT]):
    """A modal form that dismisses with the saved record, or ``None`` when cancelled.

    Subclasses compose the fields and implement :meth:`check`. Saving goes through the
    ``save`` callable (the repository), which may refuse with :class:`Invalid` or fail with a
    :class:`StorageError`: the form then stays open with everything typed still in it. Escape
    asks before it throws away what was typed (:class:`TextDialog`).
    """

    #: A form with a sheet of its own lists it after this one (see PatternForm).
    CSS_PATH: ClassVar[str | list[str | PurePath]] = "form.tcss"
    #: What F1 says about a form that has nothing more particular to say.
    HELP = _(
        "Fill in the fields: Enter or tab moves to the next one, shift+tab back. Ctrl+s saves; nothing is "
        "saved while a field is wrong, and each problem is shown beside its field. Escape closes the form "
        "without saving, asking first when something typed would be lost."
    )
    BINDINGS = [
        # Not a priority binding: ctrl+s then acts where it comes among the keys typed into the
        # focused field, so that the record saved holds every key typed before it.
        Binding("ctrl+s", "save", _("Save"), id="form.save"),
        Binding("escape", "cancel", _("Cancel"), id="form.cancel"),
    ]

    def __init__(self, save: Callable[[RecordT], RecordT]) -> None:
        super().__init__()
        self._save = save

    def check(self) -> tuple[RecordT, list[Problem]]:
        """The record the form describes, and what is wrong with it."""
        raise NotImplementedError

    def action_save(self) -> None:
        record, problems = self.check()
        if not problems:
            try:
                self.dismiss(self._save(record))
                return
            except Invalid as invalid:
                problems = invalid.problems
            except StorageError as error:
                self.notify(str(error), title=_("Not saved"), severity="error", timeout=10)
                return
        self.show_problems(problems)

    def show_problems(self, problems: list[Problem]) -> None:
        """Put each message beside its field, clear the others, and go to the first one.

        The first field comes into view with its message below it, however far down a long form
        it is (at 80x24 the person form scrolls).
        """
        first, others = place_problems(self.query(FormField), problems)
        for field_name, message in others.items():
            self.show_other_problem(field_name, message)
        if first is not None:
            first.focus_input()
            self.call_after_refresh(first.scroll_visible, animate=False)
        if problems:
            self.notify(
                ngettext("{count} field needs fixing.", "{count} fields need fixing.", len(problems)).format(
                    count=format_count(len(problems))
                ),
                title=_("Not saved"),
                severity="warning",
            )

    def show_other_problem(self, field_name: str, message: str) -> None:
        """A problem for a field that is not a text field (a subclass may show it better)."""
        self.notify(message, severity="warning")
