"""Complete a drafted outcome, or enter a new one: its kind, date, words and the firm's staff after
it, the members involved, and the memo entries and meetings that led to it, chosen from the
entrepreneur's own (see :mod:`facilitator.outcome_links`)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, Select, SelectionList
from textual.widgets.selection_list import Selection

from facilitator.dates import date_placeholder, format_count, format_date
from facilitator.history import MeetingRecords
from facilitator.i18n import _, ngettext
from facilitator.interview_answers import staff_example, staff_field_text
from facilitator.local_time import local_day
from facilitator.model import Group, Meeting, MeetingStatus, Outcome, OutcomeKind, Problem
from facilitator.model.outcome import DESCRIPTION_MAX, check_outcome_form, outcome_field_labels
from facilitator.outcome_links import (
    LinkableEntry,
    choosable_meetings,
    entrepreneur_entries,
    entry_meetings,
    kept_meeting_ids,
    matching_entries,
    member_ids,
    one_line,
)
from facilitator.timeline import meeting_text
from screens.form import RecordForm
from screens.widgets.form_field import FormField
from screens.widgets.plain import Plain
from storage.errors import DamagedFile
from storage.network_records import read_held_meetings
from storage.repository import Repository

#: The longest piece of an entry's words shown in the list of entries to choose from.
_ENTRY_SHOWN = 110
_RECORD_TABLES = frozenset({"attendance", "memo"})


@dataclass(frozen=True)
class GroupMemo:
    """A group's held (or running) meetings with the memo and attendance of each that has a file:
    what the outcome form chooses from, read once for all the drafts completed one after another."""

    meetings: list[Meeting]
    #: By meeting id.
    records: dict[str, MeetingRecords]
    #: Why a meeting's file was left out (it is damaged), to be told.
    damaged: list[str] = field(default_factory=list)


def read_group_memo(repository: Repository, group: Group) -> GroupMemo:
    """The group's held or running meetings and their records; a damaged file is left out and named."""

    def choosable(meeting: Meeting) -> bool:
        return meeting.status is MeetingStatus.HELD or meeting.in_progress

    def read(_group: Group, meeting: Meeting) -> MeetingRecords:
        if not choosable(meeting):
            return MeetingRecords()  # a planned meeting's file is not read
        return repository.meeting_records(meeting.id, tables=_RECORD_TABLES)

    damaged: list[DamagedFile] = []
    ((_group, meetings, records),) = read_held_meetings(repository, read, [group], damaged=damaged, held_only=False)
    chosen = [meeting for meeting in meetings if choosable(meeting)]
    kept = {meeting.id for meeting in chosen}
    return GroupMemo(chosen, {key: found for key, found in records.items() if key in kept}, list(map(str, damaged)))


def tell_damaged(screen: Screen, memo: GroupMemo) -> None:
    """Name the meeting files left out of the choices."""
    for problem in memo.damaged:
        screen.notify(problem, title=_("A meeting's file is damaged"), severity="warning", timeout=20)


class OutcomeForm(RecordForm[Outcome]):
    """Every field of an outcome; saving it completes a draft (:func:`check_outcome_form`)."""

    CSS_PATH = ["form.tcss", "outcome_form.tcss"]
    HELP = _(
        "Say what happened in the entrepreneur's business, when, and the firm's staff after it in "
        "full-time equivalents (2.5; empty when not known). Space ticks a member involved, a memo "
        "entry or a meeting that led to it; words typed above the entries narrow them down (the "
        "start of each word is enough, accents may be left out). A chosen entry's meeting counts as "
        "one that led to it. Ctrl+s saves; Escape cancels."
    )

    def __init__(self, repository: Repository, outcome: Outcome, memo: GroupMemo | None = None) -> None:
        """``memo``: the group's meetings as read for several forms in turn (see
        :func:`read_group_memo`, whose damaged files the caller tells); None reads them here."""
        super().__init__(repository.save_outcome)
        self.repository = repository
        self._outcome = outcome
        self._person = repository.person(outcome.person_id)
        group = repository.group(self._person.group_id)
        self._zone = group.time_zone
        self._today = repository.today(group.time_zone)
        people = repository.people(group.id)
        involvable = member_ids(people) - {outcome.person_id}
        #: Current members first, then those who have left (who may have been involved then).
        self._members = sorted(
            (person for person in people if person.id in involvable),
            key=lambda person: person.left is not None and person.left <= self._today,
        )
        #: Told once the form shows when read here.
        self._memo_read_here = memo is None
        self._memo = read_group_memo(repository, group) if memo is None else memo
        self._entries = entrepreneur_entries(outcome.person_id, self._memo.meetings, self._memo.records)
        self._meetings = choosable_meetings(outcome.person_id, self._memo.meetings, self._memo.records, self._entries)
        self._meeting_of = entry_meetings(self._entries)
        #: Meetings ticked because an entry of theirs was chosen, not by hand: unticked with their last entry.
        self._ticked_for_entries: set[str] = set()
        #: The entries chosen, in the order chosen (filtering the list hides some of them).
        self._chosen = list(outcome.entry_ids)
        self._shown: list[LinkableEntry] = self._entries

    # -- showing -----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        labels = outcome_field_labels()
        outcome = self._outcome
        title = _("The outcome of {name}") if outcome.draft or outcome.revision else _("New outcome of {name}")
        with Vertical(id="form-dialog"):
            yield Plain(title.format(name=self._person.name), id="form-title")
            with Horizontal(classes="form-row"):
                yield Label(labels["kind"])
                yield Select(
                    [(kind.label, kind.value) for kind in OutcomeKind],
                    value=outcome.kind.value,
                    allow_blank=False,
                    compact=True,
                    id="input-kind",
                )
            yield FormField("day", labels["day"], outcome.day.isoformat(), placeholder=date_placeholder())
            yield FormField(
                "description",
                labels["description"],
                outcome.description,
                placeholder=_("what happened, in a few words"),
                max_length=DESCRIPTION_MAX,
            )
            yield FormField(
                "staff_after",
                labels["staff_after"],
                staff_field_text(outcome.staff_after),
                placeholder=staff_example(),
            )
            yield Label(labels["involved"], classes="outcome-heading")
            yield SelectionList[str](
                *(Selection(person.name, person.id, person.id in outcome.involved) for person in self._members),
                compact=True,
                id="input-involved",
            )
            yield Label(labels["entry_ids"], classes="outcome-heading")
            yield Input(placeholder=_("Words to narrow the entries down"), compact=True, id="outcome-search")
            yield Plain("", id="outcome-entries-count")
            yield SelectionList[str](compact=True, id="input-entry_ids")
            yield Label(labels["meeting_ids"], classes="outcome-heading")
            yield SelectionList[str](
                *(
                    Selection(self._meeting_prompt(meeting), meeting.id, meeting.id in outcome.meeting_ids)
                    for meeting in self._meetings
                ),
                compact=True,
                id="input-meeting_ids",
            )
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        if self._memo_read_here:
            tell_damaged(self, self._memo)
        self._show_entries()
        self.query_one("#input-kind", Select).focus()

    def _meeting_prompt(self, meeting: Meeting) -> str:
        hosted = _(" (hosted)") if meeting.host_id == self._person.id else ""
        return meeting_text(local_day(meeting.starts_at, self._zone), meeting.theme) + hosted

    def _entry_prompt(self, linkable: LinkableEntry) -> str:
        day = format_date(local_day(linkable.entry.written_at, self._zone))
        return f"{day}  {one_line(linkable.entry.text, _ENTRY_SHOWN)}"

    def _show_entries(self) -> None:
        """The entries the words typed find, newest first, the chosen ones ticked."""
        listed = self.query_one("#input-entry_ids", SelectionList)
        listed.clear_options()
        listed.add_options(
            Selection(self._entry_prompt(linkable), linkable.id, linkable.id in self._chosen)
            for linkable in self._shown
        )
        count = len(self._shown)
        self.query_one("#outcome-entries-count", Plain).update(
            ngettext("{count} entry of {total}", "{count} entries of {total}", count).format(
                count=format_count(count), total=format_count(len(self._entries))
            )
            if self._entries
            else _("No memo entry mentions {name} yet.").format(name=self._person.name)
        )

    # -- choosing ----------------------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "outcome-search":
            self._shown = matching_entries(self._entries, event.value)
            self._show_entries()

    def on_selection_list_selection_toggled(self, event: SelectionList.SelectionToggled) -> None:
        """An entry chosen or no longer chosen; a chosen entry's meeting is ticked as well, and
        unticked with the last of its entries chosen unless it was ticked by hand."""
        if event.selection_list.id == "input-meeting_ids":
            self._ticked_for_entries.discard(str(event.selection.value))  # by hand now
            return
        if event.selection_list.id != "input-entry_ids":
            return
        entry_id = str(event.selection.value)
        meeting_id = self._meeting_of[entry_id]
        meetings = self.query_one("#input-meeting_ids", SelectionList)
        if entry_id in self._chosen:
            self._chosen.remove(entry_id)
            still = any(self._meeting_of.get(chosen) == meeting_id for chosen in self._chosen)
            if meeting_id in self._ticked_for_entries and not still:
                self._ticked_for_entries.discard(meeting_id)
                meetings.deselect(meeting_id)
            return
        self._chosen.append(entry_id)
        if meeting_id not in meetings.selected:
            self._ticked_for_entries.add(meeting_id)
            meetings.select(meeting_id)

    def _texts(self) -> list[str]:
        """What Esc would lose (see :class:`TextDialog`): the fields and the choices, not the
        words that narrow the entries down."""
        chosen = [
            str(sorted(str(value) for value in self.query_one(f"#input-{name}", SelectionList).selected))
            for name in ("involved", "meeting_ids")
        ]
        kind = str(self.query_one("#input-kind", Select).value)
        return [*(field.value for field in self.query(FormField)), kind, *chosen, str(self._chosen)]

    # -- saving ------------------------------------------------------------------------------------

    def values(self) -> dict[str, str]:
        values = {field.field_name: field.value for field in self.query(FormField)}
        values["kind"] = str(self.query_one("#input-kind", Select).value)
        return values

    def check(self) -> tuple[Outcome, list[Problem]]:
        involved = [str(person_id) for person_id in self.query_one("#input-involved", SelectionList).selected]
        chosen_meetings = [
            str(meeting_id) for meeting_id in self.query_one("#input-meeting_ids", SelectionList).selected
        ]
        chosen = dataclasses.replace(
            self._outcome,
            involved=involved,
            entry_ids=list(self._chosen),
            meeting_ids=[*kept_meeting_ids(self._outcome.meeting_ids, self._meetings), *chosen_meetings],
        )
        # the meetings chosen, then those of the entries chosen (an entry's meeting led to it too)
        base = dataclasses.replace(chosen, meeting_ids=chosen.meetings_behind(self._meeting_of))
        return check_outcome_form(self.values(), base, self._today)
