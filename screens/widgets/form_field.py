"""A labelled form input with its validation message right beside it."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Label

from facilitator.model import Problem
from screens.widgets.in_order_input import InOrderInput
from screens.widgets.plain import Plain


class FormField(Widget):
    """Label, input and the message saying what is wrong with the input (empty when fine).

    The owning screen pushes problems in through :attr:`error`; the field shows them and
    marks itself invalid, so every message stands beside the field it is about (the input's look,
    underlined and red when wrong, is every field's: screens/fields.tcss). Enter moves on to
    the next field, as on a paper form, and every key acts in the order it was typed
    (:class:`InOrderInput`).
    """

    DEFAULT_CSS = """
    FormField {
        height: auto;
    }
    FormField > Horizontal {
        height: auto;
    }
    FormField Label {
        width: 20;
        padding: 0 1 0 0;
        text-align: right;
    }
    FormField Vertical {
        height: auto;
        width: 1fr;
    }
    FormField .field-error {
        color: $error;
        display: none;
        padding: 0 1;
    }
    FormField.-invalid .field-error {
        display: block;
    }
    """

    error: reactive[str] = reactive("", layout=True)

    def __init__(self, name: str, label: str, value: str = "", *, placeholder: str = "", max_length: int = 0) -> None:
        super().__init__(id=f"field-{name}")
        self.field_name = name
        self._label = label
        self._input = InOrderInput(
            value, enter_moves_on=True, placeholder=placeholder, max_length=max_length, compact=True, id=f"input-{name}"
        )

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Label(self._label)
            with Vertical():
                yield self._input
                yield Plain("", classes="field-error")

    @property
    def value(self) -> str:
        return self._input.value

    @value.setter
    def value(self, text: str) -> None:
        self._input.value = text

    def focus_input(self) -> None:
        """Give the input the focus now. (``focus()`` would give it once the keys already on their
        way were handled, and those typed after a refused ctrl+s or a ctrl+n would miss it.)"""
        self.screen.set_focus(self._input)

    def watch_error(self, message: str) -> None:
        self.set_class(bool(message), "-invalid")
        if self.is_mounted:
            self.query_one(".field-error", Plain).update(message)

    def on_mount(self) -> None:
        self.watch_error(self.error)


def place_problems(fields: Iterable[FormField], problems: Iterable[Problem]) -> tuple[FormField | None, dict[str, str]]:
    """Put each problem beside its field and clear the others.

    Returns the first field with a problem (to go to) and the messages for fields not among
    ``fields`` (a host line, a checkbox), for the caller to show its own way.
    """
    by_field = {problem.field: problem.message for problem in problems}
    first: FormField | None = None
    for field in fields:
        field.error = by_field.pop(field.field_name, "")
        if field.error and first is None:
            first = field
    return first, by_field
