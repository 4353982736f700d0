"""One line of filters over memo entries: group, period (from, to), kind and activity code.

Dates are typed as 2026-11-27 or 27.11.2026; a date that is not one yet leaves the filter as it
was and is shown in the error colour (Enter says why). Every change posts :class:`EntryFilters.Changed`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Select

from facilitator.activities import activities
from facilitator.i18n import _
from facilitator.model import Group, MemoKind
from facilitator.model.problems import parse_date
from facilitator.network import EntryFilter
from screens.widgets.network_loading import short_names

#: The widest group name in the group filter (longer ones are shortened).
GROUP_LABEL_WIDTH = 18


class EntryFilters(Horizontal):
    """The filter line; ``value`` is the :class:`EntryFilter` it stands for."""

    DEFAULT_CSS = """
    EntryFilters {
        height: 1;
        padding: 0 1;
    }
    EntryFilters > * {
        margin-right: 1;
    }
    EntryFilters > #filter-group {
        width: 24;
    }
    EntryFilters > Input {
        width: 13;
    }
    EntryFilters > #filter-kind {
        width: 13;
    }
    EntryFilters > #filter-code {
        width: 12;
    }
    EntryFilters > Input.-wrong {
        color: $text-error;
        text-style: bold;
    }
    """

    class Changed(Message):
        def __init__(self, filters: EntryFilters) -> None:
            super().__init__()
            self.filters = filters

        @property
        def control(self) -> EntryFilters:
            return self.filters

    def __init__(self, *, kinds: bool = True, codes: bool = True, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self._kinds = kinds
        self._codes = codes
        self.value = EntryFilter()

    def compose(self) -> ComposeResult:
        yield Select[str]([], prompt=_("All groups"), id="filter-group", compact=True)
        yield Input(placeholder=_("from date"), id="filter-start", compact=True)
        yield Input(placeholder=_("to date"), id="filter-end", compact=True)
        if self._kinds:
            yield Select[str](((kind.label, kind.value) for kind in MemoKind), prompt=_("All kinds"),
                              id="filter-kind", compact=True)
        if self._codes:
            yield Select[str](((activity.code, activity.code) for activity in activities()),
                              prompt=_("All codes"), id="filter-code", compact=True)

    def set_groups(self, groups: Sequence[Group], selected: str | None = None) -> None:
        """The groups to choose from, ``selected`` chosen (None: all groups)."""
        select = self.query_one("#filter-group", Select)
        with self.prevent(Select.Changed):
            select.set_options((name, group_id) for group_id, name in short_names(groups, GROUP_LABEL_WIDTH).items())
            select.value = selected if selected is not None else Select.NULL
        self.value = replace(self.value, group_id=selected)

    def set_code(self, code: str | None) -> None:
        """Choose ``code`` (None: all codes), as if picked by hand."""
        self.query_one("#filter-code", Select).value = code if code is not None else Select.NULL

    def set_period(self, start: str, end: str) -> None:
        """Type ``start`` and ``end`` into the date fields."""
        self.query_one("#filter-start", Input).value = start
        self.query_one("#filter-end", Input).value = end

    def problem(self) -> str | None:
        """Why a date typed is not one, or None."""
        for field in self.query(Input):
            try:
                parse_date(field.value)
            except ValueError as error:
                return str(error)
        return None

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        value = None if event.value is Select.NULL else str(event.value)
        field = {"filter-group": "group_id", "filter-kind": "kind", "filter-code": "code"}[event.select.id or ""]
        if field == "kind":
            self._set(kind=MemoKind(value) if value else None)
        else:
            self._set(**{field: value})

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        try:
            day = parse_date(event.value)
        except ValueError:
            event.input.add_class("-wrong")
            return
        event.input.remove_class("-wrong")
        self._set(**{"start" if event.input.id == "filter-start" else "end": day})

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if problem := self.problem():
            self.app.notify(problem, severity="warning")

    def _set(self, **changes: object) -> None:
        value = replace(self.value, **changes)
        if value != self.value:
            self.value = value
            self.post_message(self.Changed(self))
