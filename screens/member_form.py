"""Add or edit a person of the roster, and mark a member as left."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, Footer, Input, Label, Select

from facilitator.dates import date_placeholder
from facilitator.i18n import _
from facilitator.model import Invalid, Person, Problem, Role
from facilitator.model.person import CONSENT_FIELDS, check_person_form, person_field_labels
from facilitator.withdrawn_consent import deleted_notice, withdrawal_question, withdraws_audio_consent
from screens.form import RecordForm
from screens.widgets.form_field import FormField
from screens.widgets.plain import Plain
from storage.errors import StorageError
from storage.repository import Repository


def _text(value: date | str | None) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else value


class MemberForm(RecordForm[Person]):
    """Every field of a person; messages beside the fields; nothing saved until all are fixed.

    A consent to audio recording emptied, by someone who attended meetings that hold sound, is saved
    only after a confirmation listing those meetings: their sound is then deleted (see
    :mod:`facilitator.withdrawn_consent`); a no leaves the form open with what was typed.
    """

    HELP = _(
        "Fill in the person's details. Dates can be written 2026-11-27 or 27.11.2026. "
        "A consent is given when it has a date: press ctrl+t in a date field for today's date, "
        "and empty the field to record that the consent is not given. Ctrl+s saves; escape cancels."
    )
    BINDINGS = [
        Binding("ctrl+t", "today", _("Today"), tooltip=_("Put today's date in this date field"), id="member_form.today")
    ]

    def __init__(
        self,
        person: Person,
        save: Callable[[Person], Person],
        today: date,
        repository: Repository | None = None,
    ) -> None:
        super().__init__(save)
        self._person = person
        self._today = today
        self._is_new = person.revision == 0
        self._repository = repository

    def compose(self) -> ComposeResult:
        labels = person_field_labels()
        person = self._person

        def field(name: str, placeholder: str = "") -> FormField:
            return FormField(name, labels[name], _text(getattr(person, name)), placeholder=placeholder)

        title = _("New person") if self._is_new else _("Edit {name}").format(name=person.name)
        with Vertical(id="form-dialog"):
            yield Plain(title, id="form-title")
            yield field("name")
            with Horizontal(classes="form-row"):
                yield Label(labels["role"])
                yield Select(
                    [(role.label, role.value) for role in Role],
                    value=person.role.value,
                    allow_blank=False,
                    compact=True,
                    id="input-role",
                )
            yield field("company")
            yield field("business_field")
            yield field("municipality")
            yield field("email", _("name@example.fi"))
            yield field("phone", "+358 40 123 4567")
            with Horizontal(classes="form-row"):
                yield Label(labels["can_host"])
                yield Checkbox(_("hosts meetings at own premises"), person.can_host, compact=True, id="input-can_host")
            yield field("premises_address", _("street, postcode, town"))
            yield field("joined", date_placeholder())
            yield field("left", _("empty while a member"))
            for consent in CONSENT_FIELDS:
                yield field(consent, _("date given; empty: not given"))
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#field-name", FormField).focus_input()

    def values(self) -> dict[str, str | bool]:
        """What the form holds, field by field, as typed."""
        values: dict[str, str | bool] = {field.field_name: field.value for field in self.query(FormField)}
        values["role"] = str(self.query_one("#input-role", Select).value)
        values["can_host"] = self.query_one("#input-can_host", Checkbox).value
        return values

    def check(self) -> tuple[Person, list[Problem]]:
        return check_person_form(self.values(), self._person, self._today)

    def action_save(self) -> None:
        """Save; when the audio consent is withdrawn and meetings they attended hold sound, ask first."""
        person, problems = self.check()
        # The app's own repository until every opener passes one.
        repository = self._repository or getattr(self.app, "repository", None)
        if problems or not isinstance(repository, Repository) or not withdraws_audio_consent(self._person, person):
            super().action_save()
            return
        from storage.withdrawn_consent import recordings_lines, recordings_to_delete

        try:
            meetings = recordings_to_delete(repository, [person.id])
        except StorageError as error:
            self.notify(str(error), title=_("Not saved"), severity="error", timeout=15)
            return
        if not meetings:
            super().action_save()
            return
        from screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self._save_withdrawing(repository, person)

        question = withdrawal_question(person.name, recordings_lines(repository, meetings))
        self.app.push_screen(ConfirmScreen(question, yes=_("Delete the recordings")), answered)

    def _save_withdrawing(self, repository: Repository, person: Person) -> None:
        from storage.withdrawn_consent import save_withdrawing

        try:
            saved, files, meetings = save_withdrawing(repository, person, self._save)
        except Invalid as invalid:
            self.show_problems(invalid.problems)
            return
        except StorageError as error:
            self.notify(str(error), title=_("Not saved"), severity="error", timeout=15)
            return
        self.notify(deleted_notice(files, meetings), timeout=10)
        self.dismiss(saved)

    def action_today(self) -> None:
        """Fill the focused date field with today's date (the quick way to record a consent)."""
        focused = self.focused
        if (
            isinstance(focused, Input)
            and focused.id
            and focused.id.removeprefix("input-")
            in (
                "joined",
                "left",
                *CONSENT_FIELDS,
            )
        ):
            focused.value = self._today.isoformat()
        else:
            self.notify(_("Go to a date field first."), severity="warning")


class LeftForm(RecordForm[Person]):
    """The date a member left the group; the member stays in the group's history."""

    HELP = _("The member stays in the group's history and no longer counts as a current member.")

    def __init__(self, person: Person, save: Callable[[Person], Person], today: date) -> None:
        super().__init__(save)
        self._person = person
        self._today = today

    def compose(self) -> ComposeResult:
        with Vertical(id="form-dialog"):
            yield Plain(_("{name} left the group on").format(name=self._person.name), id="form-title")
            yield FormField(
                "left",
                person_field_labels()["left"],
                _text(self._person.left or self._today),
                placeholder=date_placeholder(),
            )
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#field-left", FormField).focus_input()

    def check(self) -> tuple[Person, list[Problem]]:
        value = self.query_one("#field-left", FormField).value
        if not value.strip():
            problem = Problem("left", person_field_labels()["left"], _("Enter the date the member left."))
            return self._person, [problem]
        return check_person_form({"left": value}, self._person, self._today)
