"""The line a memo entry is typed in: completes @names as they are typed, takes every key in the
order it was typed, and turns a pasted block into one entry per line."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from textual import events
from textual.geometry import Size
from textual.suggester import Suggester

from facilitator.dates import format_count
from facilitator.i18n import ngettext
from facilitator.mentions import Mentionable, complete_mention
from facilitator.text import fold
from screens.widgets.in_order_input import InOrderInput

#: How far back from the end of the line an "@" may start a name still being typed.
_LONGEST_NAME = 60

#: Where a pasted text breaks into lines, whichever system it was copied on.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class MentionSuggester(Suggester):
    """Offers the rest of a roster name after "@" and its first letters (→ accepts it)."""

    def __init__(self, people: Sequence[Mentionable]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self._people = list(people)
        self._names = {fold(person.name) for person in people}

    async def get_suggestion(self, value: str) -> str | None:
        """The completed name, and a space after a whole name so that typing goes straight on
        (not after the part that two names share: the rest of the name is still to come)."""
        completed = complete_mention(value, self._people)
        if completed is None:
            return None
        typed_name = fold(completed[completed.rfind("@") + 1 :])
        return completed + " " if typed_name in self._names else completed


class MemoInput(InOrderInput):
    """An input that knows the roster's names, can take a marker where the cursor is, and hands
    each line to ``enter`` the moment its Enter arrives.

    Keys come in order (:class:`InOrderInput`) and ``enter`` saves the line where its Enter comes
    among them, so each Enter takes exactly what was typed before it, however fast the keys come,
    and what follows stays in the line. (Posting the line up as a message, as Textual's input
    does, let the keys typed after Enter into the line before the screen saved it.)

    ``enter(line)`` returns True once the line is kept (it is then cleared) and False when it was
    refused (it stays, for the user to correct). With ``lines_are_entries`` a pasted block is
    entered line by line, as if typed; from a refused line on, the rest of the block waits, shown
    under the input, and follows once that line is saved or emptied. Without it (one entry being
    edited) the lines of a paste are joined with spaces.

    Textual's input widens its virtual size with every character typed, and each change lays the
    whole screen out again, the memo log with hundreds of entries included. Here the virtual
    width grows in steps of a whole line, so typing repaints only the input.
    """

    _WIDTH_STEP = 256

    def __init__(
        self,
        people: Sequence[Mentionable],
        enter: Callable[[str], bool],
        value: str = "",
        *,
        lines_are_entries: bool = True,
        placeholder: str = "",
        id: str,
    ) -> None:
        self._mentions = MentionSuggester(people)  # before the value given is first watched
        self._enter = enter
        self._lines_are_entries = lines_are_entries
        #: What waits of a paste, in order: lines to enter, then the paste's last part, which is
        #: only typed (it had no Enter).
        self._waiting: list[str] = []
        # Coming back to the line must never select it: the next key would replace what was typed.
        super().__init__(value, placeholder=placeholder, id=id, select_on_focus=False)

    @property
    def holds_text(self) -> bool:
        """Whether leaving now would lose something typed or pasted."""
        return bool(self.unsaved_lines)

    @property
    def unsaved_lines(self) -> list[str]:
        """What leaving now would lose: the line and what waits of a paste, blank lines left out."""
        return [line for line in (self.value, *self._waiting) if line.strip()]

    def validate_virtual_size(self, size: Size) -> Size:
        step = self._WIDTH_STEP
        return Size((size.width // step + 1) * step, size.height)

    def watch_value(self, value: str) -> None:
        """Look names up only while one is being typed (the input starts a worker for each key it
        asks its suggester about); and with the wider virtual size, scroll back as text is deleted,
        so the line fills the box."""
        at = value.rfind("@")
        self.suggester = self._mentions if at >= 0 and len(value) - at <= _LONGEST_NAME else None
        self._keep_text_in_view()

    def on_mount(self) -> None:
        self.call_after_refresh(self._keep_text_in_view)  # a line given to edit shows from its start

    def _keep_text_in_view(self) -> None:
        furthest = max(0, self.content_width - self.scrollable_content_region.width)
        if self.scroll_x > furthest:
            self.scroll_to(x=furthest, animate=False, immediate=True)

    def insert_marker(self, marker: str) -> None:
        """Put ``marker`` in at the cursor with a space on either side as needed."""
        before = self.value[: self.cursor_position]
        after = self.value[self.cursor_position :]
        text = ("" if not before or before.endswith(" ") else " ") + marker + ("" if after.startswith(" ") else " ")
        self.insert_text_at_cursor(text)
        self.focus()

    async def action_submit(self) -> None:  # async as Input's, which it replaces
        """Enter: the line to ``enter`` now, then what waits of a paste, until a line is refused."""
        self._enter_lines()

    # -- pasting ---------------------------------------------------------------------------------

    def _on_paste(self, event: events.Paste) -> None:
        event.stop()
        event.prevent_default()
        self._paste(event.text)

    def action_paste(self) -> None:
        self._paste(self.app.clipboard)

    def _paste(self, text: str) -> None:
        """Each line of ``text`` as if typed and entered; its last part, with what followed the
        cursor, is only typed — unless lines of an earlier paste wait: then it ends the line that
        was there, which had its Enter, and the earlier paste's last part stays last."""
        lines = _LINE_BREAK.split(text.replace("\t", " "))
        start, end = sorted(self.selection)
        if len(lines) == 1 or not self._lines_are_entries:
            self.replace(" ".join(line.strip() for line in lines) if len(lines) > 1 else lines[0], start, end)
            return
        before, after = self.value[:start], self.value[end:]
        first, *middle, last = lines
        self._waiting[:0] = [*middle, last + after]
        self._set_line(before + first)
        self._enter_lines()

    def _enter_lines(self) -> None:
        """The line to ``enter``; once kept, the next waiting line, and so on. A refused line stays,
        and so does what waits after it. Blank lines are passed over."""
        while True:
            if self.value.strip() and not self._enter(self.value):
                break
            self._set_line(self._waiting.pop(0) if self._waiting else "")
            if not self._waiting:  # nothing more, or the paste's last part: typed, not entered
                break
        self._show_waiting()

    def _set_line(self, text: str) -> None:
        self.value = text
        self.cursor_position = len(text)

    def _show_waiting(self) -> None:
        """How many pasted lines are still to come, under the line (their own text is not shown)."""
        count = len(self._waiting) - 1 + bool(self._waiting[-1].strip()) if self._waiting else 0
        self.border_subtitle = (
            ngettext(
                "{count} more pasted line follows this one", "{count} more pasted lines follow this one", count
            ).format(count=format_count(count))
            if count
            else ""
        )
