"""Choosing the memo entry to draft an outcome from, after the meeting: for a draft that was lost
(the line typed without the marker, or its draft removed)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList
from textual.widgets.option_list import Option

from facilitator.i18n import _
from facilitator.model import MemoEntry
from facilitator.outcome_links import one_line
from screens.after_meeting_drafts import LINE_SHOWN
from screens.widgets.plain import Plain


class OutcomeEntryPicker(ModalScreen[str | None]):
    """This meeting's entries that mention a member and have no outcome; dismisses with the id chosen."""

    CSS_PATH = "outcome_entry_picker.tcss"
    HELP = _(
        "The entries of this meeting that mention a member and are linked to no outcome. Enter drafts an "
        "outcome in the business of the first member the entry mentions, then opens it to be completed."
    )
    BINDINGS = [Binding("escape", "dismiss(None)", _("Cancel"), id="outcome_entry_picker.cancel")]

    def __init__(self, entries: list[MemoEntry]) -> None:
        super().__init__()
        self._entries = entries

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-dialog"):
            yield Plain(_("Draft an outcome from which entry?"), id="picker-title")
            yield OptionList(
                *(Option(one_line(entry.text, LINE_SHOWN), id=entry.id) for entry in self._entries),
                id="picker-entries",
            )
        yield Footer(compact=True, show_command_palette=False)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
