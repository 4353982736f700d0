"""The line a memo entry is typed in: completes @names as they are typed."""

from __future__ import annotations

from collections.abc import Sequence

from textual.suggester import Suggester
from textual.widgets import Input

from facilitator.markers import Mentionable, complete_mention


class MentionSuggester(Suggester):
    """Offers the rest of a roster name after "@" and its first letters (→ accepts it)."""

    def __init__(self, people: Sequence[Mentionable]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self._people = list(people)

    async def get_suggestion(self, value: str) -> str | None:
        """The completed name and a space, so that typing goes straight on after accepting it."""
        completed = complete_mention(value, self._people)
        return completed + " " if completed else None


class MemoInput(Input):
    """An input that knows the roster's names and can take a marker where the cursor is."""

    def __init__(self, people: Sequence[Mentionable], value: str = "", *, placeholder: str = "", id: str) -> None:  # noqa: A002
        super().__init__(value, placeholder=placeholder, suggester=MentionSuggester(people), id=id)

    def insert_marker(self, marker: str) -> None:
        """Put ``marker`` in at the cursor with a space on either side as needed."""
        before = self.value[: self.cursor_position]
        after = self.value[self.cursor_position :]
        text = ("" if not before or before.endswith(" ") else " ") + marker + ("" if after.startswith(" ") else " ")
        self.insert_text_at_cursor(text)
        self.focus()
