"""The meeting pattern form, with the next dates previewed as you type, and the season to plan."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, timedelta

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, Footer, Label

from facilitator.dates import format_count, format_day, time_placeholder
from facilitator.i18n import _, ngettext
from facilitator.model import Group, Problem
from facilitator.planning import check_pattern_form, check_season_form, dates_text, months_text, planner_field_labels
from facilitator.schedule import describe_pattern, meeting_dates
from facilitator.season import SeasonPlan, plan_season
from screens.form import RecordForm
from screens.widgets.form_field import FormField
from screens.widgets.plain import Plain
from storage.repository import Repository

PREVIEW_COUNT = 6


class PatternForm(RecordForm[Group]):
    """When the group meets: a recurrence rule, times, and the months and days it skips."""

    CSS_PATH = ["form.tcss", "pattern_form.tcss"]
    HELP = _(
        "The rule is an iCalendar RRULE: FREQ=MONTHLY;BYDAY=+2TU is the second Tuesday of each "
        "month, FREQ=MONTHLY;BYDAY=-1TH the last Thursday, FREQ=WEEKLY;INTERVAL=4;BYDAY=WE every "
        "fourth Wednesday. The next dates show below as you type. Ctrl+s saves; escape cancels."
    )

    def __init__(self, group: Group, save: Callable[[Group], Group], today: date) -> None:
        super().__init__(save)
        self._group = group
        self._today = today

    def compose(self) -> ComposeResult:
        labels = planner_field_labels()
        pattern = self._group.pattern
        with Vertical(id="form-dialog"):
            yield Plain(_("When {group} meets").format(group=self._group.name), id="form-title")
            yield FormField("rrule", labels["rrule"], pattern.rrule, placeholder="FREQ=MONTHLY;BYDAY=+2TU")
            yield FormField("start_time", labels["start_time"], pattern.start_time, placeholder=time_placeholder())
            yield FormField("end_time", labels["end_time"], pattern.end_time, placeholder=time_placeholder())
            yield FormField(
                "skip_months",
                labels["skip_months"],
                months_text(pattern.skip_months),
                placeholder=_("month numbers, for example 6, 7, 8"),
            )
            yield FormField(
                "skip_dates",
                labels["skip_dates"],
                dates_text(pattern.skip_dates),
                placeholder=_("dates, for example 24.12.2026, 31.12.2026"),
            )
            with Horizontal(classes="form-row"):
                yield Label(labels["skip_holidays"])
                yield Checkbox(
                    _("skip Finnish public holidays"), pattern.skip_holidays, compact=True, id="input-skip_holidays"
                )
            with Horizontal(classes="form-row"):
                yield Label(labels["move_skipped"])
                yield Checkbox(
                    _("move to the next weekday instead of dropping"),
                    pattern.move_skipped,
                    compact=True,
                    id="input-move_skipped",
                )
            yield Plain(id="pattern-preview")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#field-rrule", FormField).focus_input()
        self.update_preview()

    def _values(self) -> dict[str, str | bool]:
        values: dict[str, str | bool] = {field.field_name: field.value for field in self.query(FormField)}
        for name in ("skip_holidays", "move_skipped"):
            values[name] = self.query_one(f"#input-{name}", Checkbox).value
        return values

    def check(self) -> tuple[Group, list[Problem]]:
        pattern, problems = check_pattern_form(self._values(), self._group.pattern, self._today)
        return dataclasses.replace(self._group, pattern=pattern), problems

    def on_input_changed(self) -> None:
        self.update_preview()

    def on_checkbox_changed(self) -> None:
        self.update_preview()

    def update_preview(self) -> None:
        """The pattern in words and its next dates, or what is wrong with it, as typed so far."""
        pattern, problems = check_pattern_form(self._values(), self._group.pattern, self._today)
        preview = self.query_one("#pattern-preview", Plain)
        preview.set_class(bool(problems), "-problems")
        if problems:
            preview.update("\n".join(str(problem) for problem in problems))
            return
        planned = meeting_dates(pattern, self._group.time_zone, self._today, self._today + timedelta(days=400))
        shown = []
        for planned_date in planned[:PREVIEW_COUNT]:
            text = format_day(planned_date.day)
            if planned_date.moved_from:
                text += " " + _("(moved from {day})").format(day=format_day(planned_date.moved_from))
            shown.append(text)
        next_dates = ", ".join(shown) if shown else _("no dates in the coming year")
        preview.update(describe_pattern(pattern) + "\n" + _("Next: {dates}").format(dates=next_dates))


class SeasonForm(RecordForm[SeasonPlan]):
    """The first and last day of the season to plan, with what planning it would do."""

    CSS_PATH = ["form.tcss", "pattern_form.tcss"]
    HELP = _(
        "Plans a meeting for every date the pattern gives between the two days, with hosts from the "
        "fair rotation. Meetings that are confirmed, held, cancelled or changed by hand stay as they are."
    )

    def __init__(self, repository: Repository, group: Group) -> None:
        super().__init__(self._save_plan)
        self.repository = repository
        self._group = group
        self._today = repository.today(group.time_zone)

    def compose(self) -> ComposeResult:
        labels = planner_field_labels()
        with Vertical(id="form-dialog"):
            yield Plain(_("Plan the season of {group}").format(group=self._group.name), id="form-title")
            yield FormField("first", labels["first"], self._today.isoformat())
            yield FormField("last", labels["last"], default_season_end(self._today).isoformat())
            yield Plain(id="pattern-preview")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#field-first", FormField).focus_input()
        self.update_preview()

    def check(self) -> tuple[SeasonPlan, list[Problem]]:
        values = {field.field_name: field.value for field in self.query(FormField)}
        season, problems = check_season_form(values)
        if season is None:
            return SeasonPlan(meetings=[], removed=[], problems=[]), problems
        first, last = season
        plan = plan_season(
            self._group,
            self.repository.people(self._group.id),
            self.repository.absences(self._group.id),
            self.repository.meetings(self._group.id),
            first,
            last,
            self._today,
        )
        return plan, list(plan.problems)

    def _save_plan(self, plan: SeasonPlan) -> SeasonPlan:
        self.repository.save_meetings(plan.meetings, plan.removed)
        return plan

    def on_input_changed(self) -> None:
        self.update_preview()

    def update_preview(self) -> None:
        plan, problems = self.check()
        preview = self.query_one("#pattern-preview", Plain)
        preview.set_class(bool(problems), "-problems")
        if problems:
            preview.update("\n".join(str(problem) for problem in problems))
            return
        preview.update(
            _("{to_plan}, {dropped}. Ctrl+s plans.").format(
                to_plan=ngettext(
                    "{count} meeting to plan or update", "{count} meetings to plan or update", len(plan.meetings)
                ).format(count=format_count(len(plan.meetings))),
                dropped=ngettext(
                    "{count} planned meeting dropped", "{count} planned meetings dropped", len(plan.removed)
                ).format(count=format_count(len(plan.removed))),
            )
        )


def default_season_end(today: date) -> date:
    """The end of May that closes the season running now: groups pause for the summer."""
    year = today.year + 1 if today.month >= 6 else today.year
    return date(year, 5, 31)
