"""Textual's command palette, asking and answering in the user's language, and its commands.

Textual writes its "No matches found" in English inside a private method; this copies that method
(Textual 8) with the words translated. The placeholder is a plain argument. The commands are the
current screen's own, each shown with its key.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.screen import Screen
from textual.widgets.option_list import Option

from facilitator.i18n import _, pgettext


class Palette(CommandPalette):
    """The palette of the app's commands, or of the colour themes."""

    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:  # an empty search lists what can be found: no "no matches" then
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(_("No matches found"), style="not bold")), disabled=True, id=self._NO_MATCHES
                    )
                )
            self._list_visible = bool(search_value)

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)


@dataclass(frozen=True)
class ScreenCommand:
    """One command of the palette: what it does, the key that does the same (empty for none),
    a few more words, and how it runs."""

    title: str
    key: str
    help: str
    run: Callable[[], object]


def screen_commands(screen: Screen) -> list[ScreenCommand]:
    """Every action of ours that acts on ``screen`` (see :func:`screens.help.acting_on`), then the
    colour theme.

    Textual's commands and its keys inside widgets (moving the cursor) are left out: they speak
    English only, and F1 describes the keys.
    """
    from screens.help import acting_on

    app = screen.app
    by_action: dict[str, ScreenCommand] = {}
    for active in acting_on(screen):
        binding = active.binding
        if not binding.id or not binding.description or not active.enabled:
            continue
        # One command per action, with every key that does it ("q" on the groups and the app's ctrl+q).
        action = binding.action.removeprefix("app.")
        if action == "command_palette":  # the palette is open already
            continue
        key = app.get_key_display(binding)
        if action in by_action:
            known = by_action[action]
            by_action[action] = dataclasses.replace(
                known, key=f"{known.key}, {key}", help=known.help or binding.tooltip
            )
            continue
        by_action[action] = ScreenCommand(
            binding.description, key, binding.tooltip, partial(app.run_action, binding.action, active.node)
        )
    theme = ScreenCommand(pgettext("colours", "Theme"), "", _("Change the colours of the app"), app.action_change_theme)
    return [*by_action.values(), theme]


class ScreenCommands(Provider):
    """The palette's commands: those of the screen it was opened on, each with its key beside it,
    so that the palette also teaches the keys."""

    async def discover(self) -> Hits:
        for command in screen_commands(self.screen):
            yield DiscoveryHit(
                self._prompt(command, Content(command.title)),
                command.run,
                text=command.title,
                help=self._help(command),  # type: ignore[arg-type]  # see _help
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in screen_commands(self.screen):
            if (score := matcher.match(command.title)) > 0:
                yield Hit(
                    score,
                    self._prompt(command, matcher.highlight(command.title)),
                    command.run,
                    text=command.title,
                    help=self._help(command),  # type: ignore[arg-type]  # see _help
                )

    @staticmethod
    def _prompt(command: ScreenCommand, title: Content) -> Content:
        if not command.key:
            return title
        return Content.assemble(title, "  ", (command.key, "bold $text-accent"))

    @staticmethod
    def _help(command: ScreenCommand) -> Content | None:
        """The words under the command, never read as markup (a "[" key or name stays as it is).

        Textual's Hit and DiscoveryHit declare ``help`` a str, but the palette passes it to
        ``Content.from_markup``, which takes a Content as it is.
        """
        return Content(command.help) if command.help else None
