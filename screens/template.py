"""A group's agenda template: the evening every new meeting of the group starts from."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, Select

from facilitator.agenda import default_template, group_template
from facilitator.dates import format_count
from facilitator.i18n import _, ngettext
from facilitator.model import Group, Invalid, Presenter, Problem, TemplateItem
from facilitator.model.agenda import agenda_field_labels, check_item_form
from screens.form import RecordForm
from screens.key_names import MOVE_KEYS
from screens.widgets.form_field import FormField
from screens.widgets.plain import Plain
from screens.widgets.record_table import RecordTable
from storage.errors import StorageError
from storage.repository import Repository


class TemplateScreen(Screen[None]):
    """Items of the template with minutes and who presents them; every change is saved at once."""

    CSS_PATH = "template.tcss"
    HELP = _(
        "The agenda every new meeting of this group starts from. Presenters are roles: the host and "
        "the facilitator are named when a meeting's agenda is made. r goes back to the network's "
        "default evening. Meetings already prepared keep their own agendas."
    )
    BINDINGS = [
        Binding("n", "add", _("Add"), tooltip=_("Add an item"), id="template.add"),
        Binding("e", "edit", _("Edit"), tooltip=_("Edit the item"), id="template.edit"),
        Binding("d", "delete", _("Delete"), tooltip=_("Delete the item"), id="template.delete"),
        # u and l first ("u l Move" in the footer): [ and ] take AltGr on a Finnish keyboard.
        Binding(
            "u,left_square_bracket",
            "move(-1)",
            _("Up"),
            tooltip=_("Move the item up"),
            id="template.up",
            group=MOVE_KEYS,
        ),
        Binding(
            "l,right_square_bracket",
            "move(1)",
            _("Down"),
            tooltip=_("Move the item down"),
            id="template.down",
            group=MOVE_KEYS,
        ),
        Binding("r", "reset", _("Default"), tooltip=_("Go back to the network's default evening"), id="template.reset"),
        Binding("escape", "dismiss", _("Back"), id="template.back"),
    ]

    def __init__(self, repository: Repository, group: Group) -> None:
        super().__init__()
        self.repository = repository
        self.group = group
        self.title = _("{group}: agenda template").format(group=group.name)

    def compose(self) -> ComposeResult:
        yield Header()
        yield RecordTable(id="template")
        yield Plain(id="template-total")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        table = self.query_one("#template", RecordTable)
        for key, label in (("title", _("Item")), ("minutes", _("Min")), ("presenter", _("Presenter"))):
            table.add_column(label, key=key)
        self.refresh_template()
        table.focus()

    @property
    def items(self) -> list[TemplateItem]:
        return group_template(self.group.agenda_template)

    def refresh_template(self, select: int | None = None) -> None:
        items = self.items
        self.query_one("#template", RecordTable).refill(
            (
                (str(index), (item.title, format_count(item.minutes), item.presenter.label))  # not a count: the key
                for index, item in enumerate(items)
            ),
            None if select is None else str(select),  # not a count: the key
        )
        own = _("the group's own") if self.group.agenda_template else _("the network's default")
        self.query_one("#template-total", Plain).update(
            _("{total} min in all · {own} template").format(
                total=format_count(sum(item.minutes for item in items)), own=own
            )
        )

    def _selected(self) -> int | None:
        key = self.query_one("#template", RecordTable).selected_key
        return None if key is None else int(key)

    def _save(self, items: list[TemplateItem], select: int | None = None) -> bool:
        try:
            self.group = self.repository.save_group(dataclasses.replace(self.group, agenda_template=items))
        except (StorageError, Invalid) as error:
            self.notify(str(error), severity="error", timeout=10)
            return False
        self.refresh_template(select)
        return True

    def _open_form(self, index: int, item: TemplateItem, items: list[TemplateItem]) -> None:
        def save(edited: TemplateItem) -> TemplateItem:
            changed = [*items[:index], edited, *items[index + 1 :]]
            self.group = self.repository.save_group(dataclasses.replace(self.group, agenda_template=changed))
            return edited

        self.app.push_screen(TemplateItemForm(item, save), lambda saved: self.refresh_template(index))

    def action_add(self) -> None:
        items = self.items
        self._open_form(len(items), TemplateItem(title="", minutes=15), [*items, TemplateItem(title="", minutes=15)])

    def action_edit(self) -> None:
        index = self._selected()
        if index is not None:
            self._open_form(index, self.items[index], self.items)

    def on_data_table_row_selected(self) -> None:
        self.action_edit()

    def action_delete(self) -> None:
        index = self._selected()
        items = self.items
        if index is None or len(items) == 1:
            self.notify(_("A template needs at least one item."), severity="warning")
            return
        self._save(items[:index] + items[index + 1 :], max(index - 1, 0))

    def action_move(self, step: int) -> None:
        index = self._selected()
        if index is None:
            return
        items = self.items
        target = max(0, min(len(items) - 1, index + step))
        items.insert(target, items.pop(index))
        self._save(items, target)

    def action_reset(self) -> None:
        if self._save([]):
            items = len(default_template())
            self.notify(
                ngettext(
                    "The group now starts from the network's default evening ({count} item).",
                    "The group now starts from the network's default evening ({count} items).",
                    items,
                ).format(count=format_count(items))
            )


class TemplateItemForm(RecordForm[TemplateItem]):
    """Title, minutes, the role who presents, and notes of a template item."""

    def __init__(self, item: TemplateItem, save: Callable[[TemplateItem], TemplateItem]) -> None:
        super().__init__(save)
        self._item = item

    def compose(self) -> ComposeResult:
        labels = agenda_field_labels()
        with Vertical(id="form-dialog"):
            yield Plain(_("Template item"), id="form-title")
            yield FormField("title", labels["title"], self._item.title)
            yield FormField(
                "minutes", labels["minutes"], str(self._item.minutes), placeholder=_("whole minutes")
            )  # not a count: read back
            with Horizontal(classes="form-row"):
                yield Label(labels["presenter"])
                yield Select(
                    [(role.label or _("nobody in particular"), role.value) for role in Presenter],
                    value=self._item.presenter.value,
                    allow_blank=False,
                    compact=True,
                    id="input-presenter",
                )
            yield FormField("notes", labels["notes"], self._item.notes)
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#field-title", FormField).focus_input()

    def check(self) -> tuple[TemplateItem, list[Problem]]:
        values = {field.field_name: field.value for field in self.query(FormField)}
        values["presenter"] = str(self.query_one("#input-presenter", Select).value)
        return check_item_form(values, self._item)
