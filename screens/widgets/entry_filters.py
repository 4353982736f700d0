"""One line of filters over memo entries: group, period (from, to), kind and activity code.

Dates are typed as 2026-11-27 or 27.11.2026; a date that is not one yet leaves the filter as it
was and is shown in the error colour, and the line below says why (as a form does) once the field
is left or Enter pressed, until it is right; a period that ends before it starts says so at once.
Every change posts :class:`EntryFilters.Changed`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Select

from facilitator.activities import activities
from facilitator.activity_analysis import EntryFilter
from facilitator.group_labels import short_names
from facilitator.i18n import _
from facilitator.model import Group, MemoKind
from facilitator.model.problems import Problem, read_period
from screens.widgets.plain import Plain
from screens.widgets.record_table import cut

#: The widest group name in the group filter (a longer short name is cut with "…").
GROUP_LABEL_WIDTH = 15


#: The date fields by the name of the period's part they hold.
DATE_FIELDS = {"start": "filter-start", "end": "filter-end"}


class EntryFilters(Vertical):
    """The filter line, and below it why a date typed is not one; ``value`` is the
    :class:`EntryFilter` it stands for."""

    DEFAULT_CSS = """
    EntryFilters {
        height: auto;
    }
    EntryFilters > #filter-line {
        height: 2;  /* the fields with their underlines (screens/fields.tcss) */
        padding: 0 1;
    }
    /* The widths below, with their gaps and the padding, make the whole line 80 columns. */
    #filter-line > * {
        margin-right: 1;
    }
    #filter-line > #filter-group {
        width: 19;
    }
    #filter-line > Input {
        width: 11;
    }
    /* "Kaikki tyypit", "Kaikki koodit" and their arrows. */
    #filter-line > #filter-kind {
        width: 16;
    }
    #filter-line > #filter-code {
        width: 16;
    }
    #filter-line > Input.-wrong {
        color: $text-error;
        text-style: bold;
    }
    EntryFilters > #filter-problem {
        height: auto;
        padding: 0 1;
        color: $text-error;
        display: none;
    }
    """

    class Changed(Message):
        def __init__(self, filters: EntryFilters) -> None:
            super().__init__()
            self.filters = filters

        @property
        def control(self) -> EntryFilters:
            return self.filters

    def __init__(self, *, kinds: bool = True, codes: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        self._kinds = kinds
        self._codes = codes
        self.value = EntryFilter()
        #: Whether the reasons are on display: from leaving a wrong field (or Enter) until all is right.
        self._telling = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="filter-line"):
            yield Select[str]([], prompt=_("All groups"), id="filter-group", compact=True)
            yield Input(placeholder=_("from date"), id="filter-start", compact=True)
            yield Input(placeholder=_("to date"), id="filter-end", compact=True)
            if self._kinds:
                yield Select[str](
                    ((kind.label, kind.value) for kind in MemoKind),
                    prompt=_("All kinds"),
                    id="filter-kind",
                    compact=True,
                )
            if self._codes:
                yield Select[str](
                    ((activity.code, activity.code) for activity in activities()),
                    prompt=_("All codes"),
                    id="filter-code",
                    compact=True,
                )
        yield Plain("", id="filter-problem")

    def set_groups(self, groups: Sequence[Group], selected: str | None = None) -> None:
        """The groups to choose from, ``selected`` chosen (None: all groups)."""
        select = self.query_one("#filter-group", Select)
        with self.prevent(Select.Changed):
            select.set_options(
                (cut(name, GROUP_LABEL_WIDTH), group_id) for group_id, name in short_names(groups).items()
            )
            select.value = selected if selected is not None else Select.NULL
        self.value = replace(self.value, group_id=selected)

    def set_code(self, code: str | None) -> None:
        """Choose ``code`` (None: all codes), as if picked by hand."""
        self.query_one("#filter-code", Select).value = code if code is not None else Select.NULL

    def set_period(self, start: str, end: str) -> None:
        """Type ``start`` and ``end`` into the date fields."""
        self.query_one("#filter-start", Input).value = start
        self.query_one("#filter-end", Input).value = end

    def _read_period(self) -> tuple[dict[str, date | None], list[Problem]]:
        typed = {part: self.query_one(f"#{field}", Input).value for part, field in DATE_FIELDS.items()}
        return read_period(typed, {"start": _("from date"), "end": _("to date")})

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        value = None if event.value is Select.NULL else str(event.value)
        if event.select.id == "filter-kind":
            self._set(replace(self.value, kind=MemoKind(value) if value else None))
        elif event.select.id == "filter-group":
            self._set(replace(self.value, group_id=value))
        else:
            self._set(replace(self.value, code=value))

    def on_input_changed(self, event: Input.Changed) -> None:
        """Every date that is one counts at once; a wrong one keeps the filter as it was."""
        event.stop()
        days, problems = self._read_period()
        wrong = {problem.field for problem in problems}
        for part, field in DATE_FIELDS.items():
            self.query_one(f"#{field}", Input).set_class(part in wrong or "period" in wrong, "-wrong")
        # A date that is not one yet is left out of ``days``: that end of the period stays as it was.
        self._set(replace(self.value, start=days.get("start", self.value.start), end=days.get("end", self.value.end)))
        self._telling = self._telling or "period" in wrong  # two whole dates: nothing is half typed
        self._tell(problems)

    def on_input_blurred(self, event: Input.Blurred) -> None:
        self._telling = True
        self._tell(self._read_period()[1])

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._telling = True
        self._tell(self._read_period()[1])

    def _tell(self, problems: list[Problem]) -> None:
        """Show why, while telling; once all is right, stop until a wrong field is left again."""
        self._telling = self._telling and bool(problems)
        line = self.query_one("#filter-problem", Plain)
        line.update(" ".join(problem.message for problem in problems) if self._telling else "")
        line.display = self._telling

    def _set(self, value: EntryFilter) -> None:
        if value != self.value:
            self.value = value
            self.post_message(self.Changed(self))
