"""Textual's command palette, asking and answering in the user's language.

Textual writes its "No matches found" in English inside a private method; this copies that method
(Textual 8) with the words translated. The placeholder is a plain argument.
"""

from __future__ import annotations

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.widgets.option_list import Option

from facilitator.i18n import _


class Palette(CommandPalette):
    """The palette of the app's commands, or of the colour themes."""

    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:  # an empty search lists what can be found: no "no matches" then
                self.query_one(CommandList).add_option(
                    Option(Align.center(Text(_("No matches found"), style="not bold")), disabled=True,
                           id=self._NO_MATCHES)
                )
            self._list_visible = bool(search_value)

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
