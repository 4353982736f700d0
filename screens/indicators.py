"""The indicators report from the app: a small dialog asks the period (the previous calendar year
filled in, and said to be one: the dashboard's figures are of the last 12 months) and whether to
lock it (asking again before it locks), then the PDF and the CSV are written in the background, as
``facilitator report indicators`` writes them, read under the same guard as the research export
(an import coming in meanwhile is never read half)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Footer

from facilitator.dates import date_placeholder, format_date
from facilitator.i18n import _, language
from facilitator.indicator_locks import lock_problem
from facilitator.model.problems import period_problems, read_dates
from screens.exporting import Written
from screens.text_dialog import TextDialog
from screens.widgets.form_field import FormField, place_problems
from screens.widgets.plain import Plain
from storage.repository import Repository


def typed_date(day: date) -> str:
    """A day as the period's fields show it, in a form they read back
    (:func:`facilitator.model.problems.parse_date`): the day first, as Finland writes a date in
    figures ("1.1.2025", in Finnish and in Swedish); in English the ISO form."""
    return day.isoformat() if language() == "en" else f"{day.day}.{day.month}.{day.year}"


@dataclass(frozen=True)
class IndicatorsChoice:
    first: date
    last: date
    lock: bool


class IndicatorsDialog(TextDialog[IndicatorsChoice]):
    """Asks the period of the indicators report and whether to lock it; dismisses with the choice,
    or None when cancelled (Esc asks first when the days were changed, as every form does)."""

    CSS_PATH = "indicators.tcss"
    HELP = _(
        "The funder's indicators of the period, by meeting day, as a PDF and a CSV in the exports folder. "
        "Write the first and the last day (2026-11-27 or 27.11.2026). Locking keeps the period's figures as "
        "reported: a later change to its records shows as a correction in the next report. A period can be "
        "locked once it is over, and never unlocked. Ctrl+s writes; Escape closes without writing."
    )
    BINDINGS = [
        Binding("ctrl+s", "write", _("Write"), id="indicators.write"),
        Binding("escape", "cancel", _("Cancel"), id="indicators.cancel"),
    ]

    def __init__(self, whose: str, first: date, last: date, today: date, groups: int) -> None:
        super().__init__()
        self._whose = whose
        self._first = first
        self._last = last
        self._today = today
        self._groups = groups

    def compose(self) -> ComposeResult:
        with Vertical(id="indicators-dialog"):
            yield Plain(_("Indicators: {whose}").format(whose=self._whose), id="indicators-title")
            yield Plain(self._period_hint(), id="indicators-period")
            yield FormField("first", _("From"), typed_date(self._first), placeholder=date_placeholder())
            yield FormField("last", _("Until"), typed_date(self._last), placeholder=date_placeholder())
            yield Checkbox(_("Lock the period as reported"), id="indicators-lock")
            yield Plain(id="indicators-problem")
            with Horizontal(id="indicators-buttons"):
                yield Button(_("Write"), variant="primary", id="indicators-write")
                yield Button(_("Cancel"), id="indicators-cancel")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#field-first", FormField).focus_input()

    def _period_hint(self) -> str:
        """That the period filled in is a calendar year (as it is when the dialog opens): not the
        dashboard's last 12 months, so its figures may differ from the dashboard's."""
        year = self._first.year
        if (self._first, self._last) != (date(year, 1, 1), date(year, 12, 31)):
            return ""
        return _(
            "Filled in: the calendar year {year}, as a funder reports (the dashboard shows the last 12 months)."
        ).format(year=str(year))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "indicators-write":
            self.action_write()
        else:
            self.action_cancel()

    def _period(self) -> tuple[date, date] | None:
        """The period typed, or None once each problem is shown beside its field."""
        fields = list(self.query(FormField))
        labels = {"first": _("From"), "last": _("Until")}
        days, problems = read_dates({field.field_name: field.value for field in fields}, labels, ("first", "last"))
        problems += period_problems(days.get("first"), days.get("last"), "last", labels["last"])
        wrong, _elsewhere = place_problems(fields, problems)
        if wrong is not None:
            wrong.focus_input()
            return None
        return days["first"], days["last"]

    def action_write(self) -> None:
        problem = self.query_one("#indicators-problem", Plain)
        problem.update("")
        if (period := self._period()) is None:
            return
        first, last = period
        choice = IndicatorsChoice(first, last, self.query_one("#indicators-lock", Checkbox).value)
        if not choice.lock:
            self.dismiss(choice)
            return
        if refused := lock_problem(last, self._today, self._groups):
            problem.update(refused)
            return
        from screens.confirm import ConfirmScreen

        question = _(
            "Lock {first} – {last} of {whose}? Its figures stay as reported; a later change to its records "
            "shows as a correction in the next report. A locked period cannot be unlocked."
        ).format(first=format_date(first), last=format_date(last), whose=self._whose)

        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss(choice)

        self.app.push_screen(ConfirmScreen(question, _("Lock")), answered)


#: What starts writing the report: given the function that writes it, runs it in the background.
StartWriting = Callable[[Callable[[], Written]], None]


def ask_and_write_indicators(
    screen: Screen,
    repository: Repository,
    group_ids: list[str] | None,
    whose: str,
    start: StartWriting | None = None,
) -> None:
    """Ask the period on ``screen`` and write the report of ``group_ids`` (None: the whole network)
    with ``start`` (by default :func:`~screens.exporting.write_in_background`), with a notice of the
    paths, of what was locked and of what was left out (or of why not: a period locked already)."""
    from exports.indicators_files import indicators_today, previous_year, write_indicators_files
    from screens.exporting import write_in_background
    from storage.reading import read_unchanged

    today = indicators_today(repository, group_ids)
    first, last = previous_year(today)
    groups = len(repository.groups()) if group_ids is None else len(group_ids)

    def chosen(choice: IndicatorsChoice | None) -> None:
        if choice is None:
            return

        def write() -> Written:
            written = read_unchanged(
                repository.workspace.folder,
                lambda: write_indicators_files(repository, group_ids, choice.first, choice.last, lock=choice.lock),
            )
            return Written(written.paths, written.details())

        if start is None:
            write_in_background(screen, write)
        else:
            start(write)

    screen.app.push_screen(IndicatorsDialog(whose, first, last, today, groups), chosen)
