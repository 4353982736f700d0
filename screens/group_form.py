"""Create or rename a group."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Footer

from facilitator.i18n import _
from facilitator.model import Group, Problem
from facilitator.model.group import group_field_labels, group_from_form
from screens.form import RecordForm
from screens.widgets.form_field import FormField
from screens.widgets.plain import Plain


class GroupForm(RecordForm[Group]):
    """The group's name, where it is, who advises it, and its time zone."""

    def __init__(self, group: Group, save: Callable[[Group], Group], check: Callable[[Group], list[Problem]]) -> None:
        super().__init__(save)
        self._group = group
        self._check = check
        self._is_new = group.revision == 0

    def compose(self) -> ComposeResult:
        labels = group_field_labels()
        with Vertical(id="form-dialog"):
            yield Plain(_("New group") if self._is_new else _("Edit group"), id="form-title")
            for name, label in labels.items():
                yield FormField(name, label, getattr(self._group, name))
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#field-name", FormField).focus_input()

    def check(self) -> tuple[Group, list[Problem]]:
        values = {field.field_name: field.value for field in self.query(FormField)}
        group = group_from_form(values, self._group)
        return group, self._check(group)
