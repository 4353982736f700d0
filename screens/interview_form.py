"""Enter or correct one growth interview, with the person's previous answers under each question."""

from __future__ import annotations

import dataclasses

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Checkbox, Footer, Input, Label, Select, TextArea

from facilitator.dates import date_placeholder
from facilitator.i18n import _
from facilitator.interview_answers import (
    answer_texts,
    interview_heading,
    previous_interview,
    staff_example,
    staff_field_text,
)
from facilitator.model import Barrier, GrowthIntention, Interview, InterviewKind, Problem
from facilitator.model.development import TurnoverBand
from facilitator.model.interview import (
    BARRIER_NOTE_MAX,
    barrier_field,
    barrier_note_field,
    check_interview_form,
    interview_field_labels,
)
from facilitator.model.problems import parse_date
from screens.form import RecordForm
from screens.widgets.form_field import FormField
from screens.widgets.in_order_input import InOrderInput
from screens.widgets.plain import Plain
from storage.repository import Repository

#: The fields that are chosen from a list or written in a box rather than typed on a line: each
#: has its message and its previous answer under it, as a FormField has.
_CHOICES = ("kind", "intention", "planned_turnover", "turnover")


class InterviewForm(RecordForm[Interview]):
    """Every question of a growth interview; the previous interview's answers, dimmed, under each."""

    CSS_PATH = ["form.tcss", "interview_form.tcss"]
    HELP = _(
        "Enter the interview as it was answered. Staff counts are full-time equivalents (2.5 or 2,5); "
        "tick each barrier to growth named, with a note beside it if one was given (a note ticks its "
        "barrier); the value of the network is a whole number from 1 to 5. Under each question, dimmed, "
        "is what the person answered in the previous interview. Ctrl+s saves; escape cancels."
    )

    def __init__(self, repository: Repository, interview: Interview) -> None:
        super().__init__(repository.save_interview)
        self._interview = interview
        self._person = repository.person(interview.person_id)
        self._today = repository.today(repository.group(self._person.group_id).time_zone)
        self._interviews = repository.interviews_of(interview.person_id)
        self._previous = previous_interview(self._interviews, interview)
        self._before = answer_texts(self._previous) if self._previous else {}
        #: A new interview starts with no growth intention chosen: it must be asked, not assumed.
        self._is_new = interview.revision == 0

    def compose(self) -> ComposeResult:
        labels = interview_field_labels()
        interview = self._interview
        with Vertical(id="form-dialog"):
            yield Plain(self._title(), id="form-title")
            yield Plain(self._previous_line(), id="previous-interview")
            yield FormField("day", labels["day"], interview.day.isoformat(), placeholder=date_placeholder())
            yield from self._choice("kind", [(kind.label, kind.value) for kind in InterviewKind], interview.kind)
            yield FormField("interviewer", labels["interviewer"], interview.interviewer)
            yield from self._choice(
                "intention",
                [(intention.label, intention.value) for intention in GrowthIntention],
                None if self._is_new else interview.intention,
            )
            yield from self._line("planned_staff", staff_field_text(interview.planned_staff), staff_example())
            yield from self._choice("planned_turnover", _bands(), interview.planned_turnover)
            yield from self._barriers()
            yield from self._line("staff", staff_field_text(interview.staff), staff_example())
            yield from self._choice("turnover", _bands(), interview.turnover)
            with Horizontal(classes="form-row", id="row-network_gives"):
                yield Label(labels["network_gives"])
                with Vertical(classes="answer"):
                    yield TextArea(interview.network_gives, soft_wrap=True, id="input-network_gives")
                    yield Plain("", classes="row-error")
                    yield from self._before_line("network_gives")
            value = "" if interview.network_value is None else str(interview.network_value)  # not a count: read back
            yield from self._line("network_value", value, _("1 gives nothing … 5 gives very much"))
        yield Footer(compact=True, show_command_palette=False)

    def _title(self) -> str:
        person = self._person
        if person.company:
            return _("Growth interview: {name}, {company}").format(name=person.name, company=person.company)
        return _("Growth interview: {name}").format(name=person.name)

    def _previous_line(self) -> str:
        if self._previous is None:
            return _("No earlier interview of {name}.").format(name=self._person.name)
        return _("Under each question, the previous interview: {interview}").format(
            interview=interview_heading(self._previous)
        )

    def _before_line(self, field: str, classes: str = "before") -> ComposeResult:
        """The previous answer to ``field``, dimmed; hidden while there is none (see :meth:`_show_before`)."""
        before = Plain("", id=f"before-{field}", classes=classes)
        before.display = False
        yield before

    def _line(self, field: str, value: str, placeholder: str) -> ComposeResult:
        yield FormField(field, interview_field_labels()[field], value, placeholder=placeholder)
        yield from self._before_line(field, "before under-field")

    def _show_before(self) -> None:
        """Show the previous interview's answers (the one before the date now in the form)."""
        self.query_one("#previous-interview", Plain).update(self._previous_line())
        for line in self.query(".before").results(Plain):
            text = self._before.get((line.id or "").removeprefix("before-"), "")
            line.update(_("before: {answer}").format(answer=text) if text else "")
            line.display = bool(text)

    @on(Input.Changed, "#input-day")
    def _date_changed(self, event: Input.Changed) -> None:
        """A date moved to another interview's either side makes another one the previous."""
        try:
            day = parse_date(event.value)
        except ValueError:
            return
        if day is None:
            return
        previous = previous_interview(self._interviews, dataclasses.replace(self._interview, day=day))
        if previous is not self._previous:
            self._previous = previous
            self._before = answer_texts(previous) if previous else {}
            self._show_before()

    def _choice(self, field: str, options: list[tuple[str, str]], value: str | None) -> ComposeResult:
        """A list to choose from, labelled, with its message and the previous answer under it."""
        with Horizontal(classes="form-row", id=f"row-{field}"):
            yield Label(interview_field_labels()[field])
            with Vertical(classes="answer"):
                yield Select(
                    options,
                    value=Select.NULL if value is None else value,
                    allow_blank=value is None or field in ("planned_turnover", "turnover"),
                    prompt=_("choose…") if field == "intention" else _("not asked"),
                    compact=True,
                    id=f"input-{field}",
                )
                yield Plain("", classes="row-error")
                yield from self._before_line(field)

    def _barriers(self) -> ComposeResult:
        """A box to tick for each barrier to growth, with its note on the line beside it."""
        named = self._interview.barriers
        with Horizontal(classes="form-row", id="row-barriers"):
            yield Label(interview_field_labels()["barriers"])
            with Vertical(classes="answer"):
                for barrier in Barrier:
                    with Horizontal(classes="barrier"):
                        box = Checkbox(
                            barrier.label, barrier.value in named, compact=True, id=f"barrier-{barrier.value}"
                        )
                        yield box
                        yield _BarrierNote(barrier, named.get(barrier.value, ""), box)
                    # A problem with the note stands under it.
                    yield Plain("", classes="row-error barrier-error", id=f"barrier-error-{barrier.value}")
                yield Plain("", classes="row-error")
                yield from self._before_line("barriers")

    def on_mount(self) -> None:
        self._show_before()
        self.query_one("#field-day", FormField).focus_input()

    def values(self) -> dict[str, str | bool]:
        """What the form holds, field by field, as typed (the keys of ``check_interview_form``)."""
        values: dict[str, str | bool] = {field.field_name: field.value for field in self.query(FormField)}
        for field in _CHOICES:
            chosen = self.query_one(f"#input-{field}", Select).value
            values[field] = chosen if isinstance(chosen, str) else ""
        for barrier in Barrier:
            values[barrier_field(barrier)] = self.query_one(f"#barrier-{barrier.value}", Checkbox).value
            values[barrier_note_field(barrier)] = self.query_one(f"#barrier-note-{barrier.value}", InOrderInput).value
        values["network_gives"] = self.query_one("#input-network_gives", TextArea).text
        return values

    def check(self) -> tuple[Interview, list[Problem]]:
        return check_interview_form(self.values(), self._interview, self._today, self._person)

    def show_problems(self, problems: list[Problem]) -> None:
        for message in self.query(".row-error").results(Plain):
            message.update("")
            message.remove_class("-shown")
        super().show_problems(problems)
        if not problems or any(line.field_name == problems[0].field for line in self.query(FormField)):
            return  # the first problem is a line's, which has the focus
        # The first problem is a note's, a list's, the boxes' or the text box's: that takes the focus.
        field = problems[0].field
        target: Widget
        if note := _barrier_of_note(field):
            target = self.query_one(f"#barrier-note-{note}", Input)
        elif rows := self.query(f"#row-{field}"):
            target = rows.first().query("Select, Checkbox, TextArea").first()
        else:
            return
        self.set_focus(target)
        self.call_after_refresh(target.scroll_visible, animate=False)

    def show_other_problem(self, field_name: str, message: str) -> None:
        if note := _barrier_of_note(field_name):
            shown = self.query_one(f"#barrier-error-{note}", Plain)
        elif rows := self.query(f"#row-{field_name}"):
            shown = next(line for line in rows.first().query(".row-error").results(Plain) if not _is_note_line(line))
        else:
            super().show_other_problem(field_name, message)
            return
        shown.update(message)
        shown.add_class("-shown")


class _BarrierNote(InOrderInput):
    """The note on one barrier. Writing one ticks the barrier's box (a barrier with a note was
    named) as the text changes, before any key after it (ctrl+s) is handled."""

    def __init__(self, barrier: Barrier, note: str, box: Checkbox) -> None:
        super().__init__(
            note,
            enter_moves_on=True,
            placeholder=_("note, if one was given"),
            max_length=BARRIER_NOTE_MAX,
            compact=True,
            id=f"barrier-note-{barrier.value}",
        )
        #: The barrier's box, which a note ticks.
        self._box = box

    def watch_value(self, note: str) -> None:
        if note.strip() and self.is_mounted:
            self._box.value = True


def _is_note_line(line: Plain) -> bool:
    return line.has_class("barrier-error")


def _barrier_of_note(field: str) -> str:
    """The barrier (its value) whose note ``field`` is, or "" for another field."""
    return next((barrier.value for barrier in Barrier if barrier_note_field(barrier) == field), "")


def _bands() -> list[tuple[str, str]]:
    return [(band.label, band.value) for band in TurnoverBand]
