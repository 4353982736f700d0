"""Outcomes drafted from the live memo (see :class:`screens.live.LiveScreen`): a line with the
outcome marker (``!outcome``) is saved as an entry first, as every line is, and then drafts an
outcome in the business of the first member mentioned, to be completed after the meeting. An entry
that already has an outcome linked drafts no second one when it is edited or tagged."""

from __future__ import annotations

from collections.abc import Callable

from facilitator.i18n import _
from facilitator.live import drafted_outcome, outcome_entrepreneur
from facilitator.markers import ParsedLine, no_entrepreneur_problem
from facilitator.model import Invalid, MemoEntry, Outcome, Person
from facilitator.outcome_links import member_ids, outcomes_by_entry
from screens.meeting_screen import MeetingScreen
from storage.errors import NotFound, StorageError


class OutcomeDrafts(MeetingScreen):
    """The live screen's drafting of outcomes, with the entries of this meeting that have one."""

    _people: list[Person]
    _names: dict[str, str]
    _show_problem: Callable[[str], None]
    #: The outcome each entry of this meeting is linked to, by entry id.
    _outcome_of_entry: dict[str, Outcome] | None = None

    def linked_outcome(self, entry_id: str) -> Outcome | None:
        """The outcome the entry is linked to (a draft or a completed one); None when none.
        The group's outcomes are read when first asked, not as the screen opens; when they cannot
        be read (a damaged file), nothing about outcomes is shown, the user is told once, and the
        memo goes on."""
        if self._outcome_of_entry is None:
            try:
                outcomes = self.repository.outcomes(self.group.id)
            except StorageError as error:
                outcomes = []
                self.notify(str(error), title=_("Outcomes not shown: the memo goes on"), severity="error", timeout=30)
            self._outcome_of_entry = outcomes_by_entry(outcomes, self.meeting.id)
        return self._outcome_of_entry.get(entry_id)

    def current_outcome(self, entry_id: str) -> Outcome | None:
        """The entry's outcome as stored now, before it follows or goes with its entry: it may have
        been completed or removed meanwhile on another screen. Read among its entrepreneur's
        outcomes alone."""
        linked = self.linked_outcome(entry_id)
        if linked is None:
            return None
        try:
            outcomes = self.repository.outcomes_of(linked.person_id)
        except StorageError:
            return None  # told once already (see linked_outcome)
        current = next((outcome for outcome in outcomes if outcome.id == linked.id), None)
        for linked_entry in linked.entry_ids:
            self._link(linked_entry, current)
        return current

    def _link(self, entry_id: str, outcome: Outcome | None) -> None:
        """The entry's outcome as saved now (None: removed), once the outcomes have been read."""
        if self._outcome_of_entry is None:
            return
        if outcome is None:
            self._outcome_of_entry.pop(entry_id, None)
        else:
            self._outcome_of_entry[entry_id] = outcome

    def _members(self) -> set[str]:
        return member_ids(self._people)

    def outcome_problem(self, parsed: ParsedLine, people: tuple[str, ...] | list[str] = ()) -> str:
        """Why an outcome line cannot draft its outcome, checked before the entry is saved: it
        mentions no member (``people``: those the entry has besides the line's); empty when it can."""
        if parsed.outcome and not outcome_entrepreneur([*people, *parsed.people], self._members()):
            return no_entrepreneur_problem()
        return ""

    def _draft_outcome(self, entry: MemoEntry, parsed: ParsedLine) -> None:
        """Draft the outcome an outcome line asks for, its entry saved already; said either way.
        A draft that cannot be saved leaves the entry as it is; the problems line and a notice say why."""
        if not parsed.outcome:
            return
        if linked := self.linked_outcome(entry.id):
            self.notify(
                _("The entry already has an outcome for {name}: no second one is drafted.").format(
                    name=self._names.get(linked.person_id, "?")
                )
            )
            return
        outcome = drafted_outcome(entry, self._local_day(), self._members())
        name = self._names.get(outcome.person_id, "?")
        try:
            saved = self.repository.save_outcome(outcome)
        except NotFound:
            self._outcome_not_drafted(name, _("{name} is no longer on the roster.").format(name=name))
            return
        except (StorageError, Invalid) as error:
            self._outcome_not_drafted(name, str(error))
            return
        self._link(entry.id, saved)
        self.notify(
            _("An outcome was drafted for {name}: complete it after the meeting.").format(name=name),
            title=_("Outcome drafted"),
        )

    def _outcome_not_drafted(self, name: str, reason: str) -> None:
        """Said under the log, where the eye is, and as a notice that stays a while."""
        message = _("The entry is saved, but no outcome could be drafted for {name}: {reason}").format(
            name=name, reason=reason
        )
        self._show_problem(message)
        self.notify(message, title=_("Outcome not drafted"), severity="error", timeout=30)
