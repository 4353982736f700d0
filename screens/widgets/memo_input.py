"""The line a memo entry is typed in: completes @names as they are typed."""

from __future__ import annotations

from collections.abc import Sequence

from textual.geometry import Size
from textual.suggester import Suggester
from textual.widgets import Input

from facilitator.markers import Mentionable, complete_mention
from facilitator.text import fold

#: How far back from the end of the line an "@" may start a name still being typed.
_LONGEST_NAME = 60


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


class MemoInput(Input):
    """An input that knows the roster's names and can take a marker where the cursor is.

    Textual's input widens its virtual size with every character typed, and each change lays the
    whole screen out again, the memo log with hundreds of entries included. Here the virtual
    width grows in steps of a whole line, so typing repaints only the input.
    """

    _WIDTH_STEP = 256

    def __init__(self, people: Sequence[Mentionable], value: str = "", *, placeholder: str = "", id: str) -> None:  # noqa: A002
        self._mentions = MentionSuggester(people)  # before the value given is first watched
        # Coming back to the line must never select it: the next key would replace what was typed.
        super().__init__(value, placeholder=placeholder, id=id, select_on_focus=False)

    def validate_virtual_size(self, size: Size) -> Size:
        step = self._WIDTH_STEP
        return Size((size.width // step + 1) * step, size.height)

    def watch_value(self, value: str) -> None:
        """Look names up only while one is being typed (the input starts a worker for each key it
        asks its suggester about); and with the wider virtual size, scroll back as text is deleted,
        so the line fills the box."""
        at = value.rfind("@")
        self.suggester = self._mentions if 0 <= at and len(value) - at <= _LONGEST_NAME else None
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
