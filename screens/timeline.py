"""The timeline of one entrepreneur: joined, meetings attended and hosted, needs, interviews (how
the growth intention and the staff moved) and outcomes with the meetings behind them; new
interviews and outcomes are entered, edited and removed here, and the timeline printed."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header

from facilitator.dates import format_date
from facilitator.i18n import _
from facilitator.interview_answers import next_interview
from facilitator.model import Interview, Outcome, Person
from facilitator.pseudonyms import shown_pseudonyms
from facilitator.text import shortened
from facilitator.timeline import EventKind, Timeline, TimelineEvent, event_key, membership_text, record_key
from screens.confirm import ConfirmScreen
from screens.exporting import write_in_background
from screens.widgets.plain import Plain
from screens.widgets.record_table import RecordTable
from storage.errors import StorageError
from storage.repository import Repository


class TimelineScreen(Screen[None]):
    """One person's timeline, the newest event first.

    Newest first, because a coordinator opens it to prepare the next interview or to record what
    just came of a meeting: the latest interview, outcome and needs are on the first rows, and a
    new interview or outcome appears where the eye already is. The printed timeline (``p``) tells
    the same events from joining on, as a story is read on paper.
    """

    CSS_PATH = "timeline.tcss"
    HELP = _(
        "The entrepreneur's timeline, the newest first: joined and left, the meetings attended and hosted "
        "(and those to host), the needs recorded, the interviews with how the growth intention and the staff "
        "moved since the one before, and the outcomes with the meetings behind them (a draft made by a memo "
        "line is marked so). i enters a new interview, o a new outcome; enter on an interview or an outcome "
        "edits it, d removes it after asking. p writes the timeline as a PDF into the exports folder."
    )
    BINDINGS = [
        Binding("i", "new_interview", _("Interview"), tooltip=_("Enter a new interview"), id="timeline.interview"),
        Binding("o", "new_outcome", _("Outcome"), tooltip=_("Enter a new outcome"), id="timeline.outcome"),
        Binding(
            "enter",
            "edit",
            _("Edit"),
            tooltip=_("Edit the interview or outcome under the cursor"),
            id="timeline.edit",
            show=False,
            priority=True,  # over the table's own enter, so that F1 lists it
        ),
        Binding(
            "d",
            "remove",
            _("Remove"),
            tooltip=_("Remove the interview or outcome under the cursor"),
            id="timeline.remove",
        ),
        Binding("p", "pdf", _("PDF"), tooltip=_("Write the timeline as a PDF"), id="timeline.pdf"),
        Binding("escape", "back", _("Back"), id="timeline.back"),
    ]

    def __init__(self, repository: Repository, person: Person) -> None:
        super().__init__()
        self.repository = repository
        self.person = person
        self.title = _("Timeline of {name}").format(name=shown_pseudonyms(person.name))
        self.timeline: Timeline | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Plain(id="timeline-person")
        yield RecordTable(id="timeline-events")
        yield Plain(id="timeline-details")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        table = self.query_one("#timeline-events", RecordTable)
        table.add_column(_("Date"), key="date")
        table.add_column(_("Event"), key="event")
        table.add_text_column(_("What happened"), key="text")
        self.refresh_timeline()
        table.focus()

    def refresh_timeline(self, select: str | None = None) -> None:
        """Read the timeline again and redraw it, the cursor on ``select`` (an event's key) or where it was.

        Read on the app's thread, unlike the group's history: one person's records of a group with
        fifteen years of meetings (141) take a tenth of a second to read."""
        from exports.timeline_files import collect_timeline  # imported when first needed: a faster start

        try:
            self.person = self.repository.person(self.person.id)
            self.timeline = collect_timeline(self.repository, self.person)
        except StorageError as error:
            self.notify(str(error), severity="error", timeout=30)
            return
        self.query_one("#timeline-person", Plain).update(_header_text(self.timeline))
        self.query_one("#timeline-events", RecordTable).refill(
            (
                (event_key(event), (format_date(event.day), event.title(), event.text or "–"))
                for event in self.timeline.newest_first()
            ),
            select,
        )
        self._show_details()

    def selected_event(self) -> TimelineEvent | None:
        key = self.query_one("#timeline-events", RecordTable).selected_key
        return None if key is None or self.timeline is None else self.timeline.event(key)

    def _show_details(self) -> None:
        event = self.selected_event()
        details = self.query_one("#timeline-details", Plain)
        if event is None:
            details.update(_("Nothing on the timeline yet. Press i to enter an interview, o an outcome."))
            return
        details.update(details_text(event))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_details()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    # -- keys ----------------------------------------------------------------------------------

    def _today(self) -> date:
        return self.repository.today(self.repository.group(self.person.group_id).time_zone)

    def action_new_interview(self) -> None:
        today = self._today()
        _number, kind = next_interview(self.person, self.repository.interviews_of(self.person.id), today)
        self._open_interview(Interview(person_id=self.person.id, day=today, kind=kind))

    def action_new_outcome(self) -> None:
        self._open_outcome(Outcome(person_id=self.person.id, day=self._today()))

    def action_edit(self) -> None:
        event = self.selected_event()
        if event is None or not event.editable:
            self.notify(_("Only an interview or an outcome is edited here."), severity="warning")
        elif event.interview is not None:
            self._open_interview(event.interview.interview)
        elif event.outcome is not None:
            self._open_outcome(event.outcome)

    def _open_interview(self, interview: Interview) -> None:
        from screens.interview_form import InterviewForm  # imported when first needed: a faster start

        def saved(result: Interview | None) -> None:
            if result is not None:
                self.refresh_timeline(select=record_key(EventKind.INTERVIEW, result.id))

        self.app.push_screen(InterviewForm(self.repository, interview), saved)

    def _open_outcome(self, outcome: Outcome) -> None:
        from screens.outcome_form import OutcomeForm  # imported when first needed: a faster start

        def saved(result: Outcome | None) -> None:
            if result is not None:
                self.refresh_timeline(select=record_key(EventKind.OUTCOME, result.id))

        self.app.push_screen(OutcomeForm(self.repository, outcome), saved)

    def action_remove(self) -> None:
        """Remove the interview or outcome under the cursor, once the user has said yes."""
        event = self.selected_event()
        if event is None or not event.editable:
            self.notify(_("Only an interview or an outcome is removed here."), severity="warning")
            return
        if event.interview is not None:
            question = _("Remove the interview of {date}?").format(date=format_date(event.day))
        else:
            question = _("Remove the outcome of {date}?").format(date=format_date(event.day))

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                if event.interview is not None:
                    self.repository.remove_interview(event.record_id)
                else:
                    self.repository.remove_outcome(event.record_id)
            except StorageError as error:
                self.notify(str(error), severity="error", timeout=15)
                return
            self.refresh_timeline()

        self.app.push_screen(ConfirmScreen(question, _("Remove")), answered)

    def action_pdf(self) -> None:
        """The timeline shown, as a PDF written in the background (the group is not read again)."""
        from exports.timeline_files import write_timeline  # imported when first needed: a faster start

        person_id, shown = self.person.id, self.timeline
        write_in_background(self, lambda: write_timeline(self.repository, person_id, timeline=shown))

    def action_back(self) -> None:
        self.dismiss()


#: How much of an event's own text the details pane shows: a few lines, under what it is linked to.
DETAILS_TEXT_MAX = 160


def details_text(event: TimelineEvent) -> str:
    """The pane under the table: the day and what the event is, then its details (an outcome's
    meetings behind it and members involved) each on a line, then its text shortened to a few
    lines, so that a long description does not push them out of the pane."""
    text = shortened(event.text, DETAILS_TEXT_MAX)
    head = f"{format_date(event.day)} · {event.title()}"
    return "\n".join([head, *event.details, text] if text else [head, *event.details])


def _header_text(timeline: Timeline) -> str:
    """Who, which firm and since when, and the figures."""
    person = timeline.person
    who = shown_pseudonyms(" · ".join(part for part in (person.name, person.company) if part.strip()))
    return f"{who} · {membership_text(timeline)}\n{timeline.summary.text()}"
