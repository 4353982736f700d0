"""The records of the entrepreneurs' development, kept in the network file beside the roster: their
growth interviews and the outcomes in their businesses, each tied to its person."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from facilitator.i18n import _
from facilitator.model import Interview, Invalid, Outcome, Person, Role, validate_interview, validate_outcome
from facilitator.model.labels import field_label
from facilitator.model.problems import Problem
from storage.collection import Collection, RecordT, saves
from storage.workspace import Workspace

_NEVER = datetime.min.replace(tzinfo=UTC)  # sorts a record not yet saved first


class DevelopmentRecords:
    """Interviews and outcomes, for the :class:`~storage.repository.Repository` that mixes this in
    and gives it the workspace, the clock, the roster and the stamping of a save."""

    workspace: Workspace
    _clock: Callable[[], datetime]
    _people: Collection[Person]
    _interviews: Collection[Interview]
    _outcomes: Collection[Outcome]

    if TYPE_CHECKING:  # given by the repository

        def person(self, person_id: str) -> Person: ...

        def _stamp(self, record: RecordT, collection: Collection[RecordT]) -> RecordT: ...

        def _person_today(self, person: Person) -> date: ...

    def _open_development(self) -> None:
        network = self.workspace.network
        self._interviews = Collection(self.workspace, network.table("interviews"), Interview)
        self._outcomes = Collection(self.workspace, network.table("outcomes"), Outcome)

    def _load_development(self) -> None:
        self._interviews.load()
        self._outcomes.load()

    def _people_of(self, group_id: str, removed_people: bool) -> set[str]:
        """The ids of the group's people on the roster now, and with ``removed_people`` of those
        removed from it too (their records stay, tombstones that keep their group)."""
        people = self._people._records.values() if removed_people else self._people.all()
        return {person.id for person in people if person.group_id == group_id}

    def _development_resent(self, person_id: str) -> None:
        """Save again, unchanged, the interviews and outcomes of ``person_id`` and the outcomes
        naming them as involved, when their research consent is newly given: a coordinator's copy
        sent before held no texts of theirs, and only a new version carries them in the next bundle
        (an incremental bundle sends what changed; an importer keeps the version it holds). Call
        it holding the write lock."""
        interviews = [self._stamp(kept, self._interviews) for kept in self.interviews_of(person_id)]
        outcomes = [
            self._stamp(kept, self._outcomes)
            for kept in self._outcomes.all()
            if kept.person_id == person_id or person_id in kept.involved
        ]
        if interviews:
            self._interviews.put(interviews)
        if outcomes:
            self._outcomes.put(outcomes)

    # -- interviews ----------------------------------------------------------------------------

    def interviews(self, group_id: str, *, removed_people: bool = False) -> list[Interview]:
        """The interviews of the group's people (removed interviews left out), oldest first.

        Of the people on the roster now, by default: the group's figures (indicators, the network
        report, the interviews due) speak of its members. With ``removed_people``, of those removed
        from the roster too, whose interviews stay on record: what leaves for research and a
        person's data report must hold them (a removed member's answers are still data, and may
        name the person the report is about). An erased person's are tombstones, never among them.
        """
        people = self._people_of(group_id, removed_people)
        found = [interview for interview in self._interviews.all() if interview.person_id in people]
        return sorted(found, key=Interview.order_key)

    def interviews_of(self, person_id: str) -> list[Interview]:
        """One person's interviews, oldest first."""
        found = [interview for interview in self._interviews.all() if interview.person_id == person_id]
        return sorted(found, key=Interview.order_key)

    @saves
    def save_interview(self, interview: Interview) -> Interview:
        """Validate and save ``interview``; raises :class:`Invalid` with every problem, and
        :class:`~storage.errors.NotFound` when its person is not (or no longer) on record."""
        person = self.person(interview.person_id)
        problems = _not_a_member(Interview, person) + validate_interview(interview, self._person_today(person))
        if problems:
            raise Invalid(problems)
        saved = self._stamp(interview, self._interviews)
        self._interviews.put([saved])
        return saved

    @saves
    def remove_interview(self, interview_id: str) -> None:
        self._interviews.put([self._stamp(self._interviews.get(interview_id).tombstone(), self._interviews)])

    # -- outcomes ------------------------------------------------------------------------------

    def outcomes(self, group_id: str, *, removed_people: bool = False) -> list[Outcome]:
        """The outcomes in the businesses of the group's people (drafts too), oldest first: of the
        people on the roster now, and with ``removed_people`` of those removed from it too (see
        :meth:`interviews`)."""
        people = self._people_of(group_id, removed_people)
        found = [outcome for outcome in self._outcomes.all() if outcome.person_id in people]
        return sorted(found, key=Outcome.order_key)

    def outcomes_of(self, person_id: str) -> list[Outcome]:
        """The outcomes in one person's business (drafts too), oldest first."""
        found = [outcome for outcome in self._outcomes.all() if outcome.person_id == person_id]
        return sorted(found, key=Outcome.order_key)

    def draft_outcomes(self, meeting_id: str) -> list[Outcome]:
        """The drafts a meeting's memo lines made, still to be completed, in the order written."""
        found = [outcome for outcome in self._outcomes.all() if outcome.draft and meeting_id in outcome.meeting_ids]
        return sorted(found, key=lambda outcome: (outcome.created_at or _NEVER, outcome.id))

    @saves
    def save_outcome(self, outcome: Outcome) -> Outcome:
        """Validate and save ``outcome``; raises :class:`Invalid` with every problem, and
        :class:`~storage.errors.NotFound` when its person is not (or no longer) on record."""
        person = self.person(outcome.person_id)
        problems = _not_a_member(Outcome, person) + self._involved_not_members(outcome)
        problems += validate_outcome(outcome, self._person_today(person))
        if problems:
            raise Invalid(problems)
        saved = self._stamp(outcome, self._outcomes)
        self._outcomes.put([saved])
        return saved

    def _involved_not_members(self, outcome: Outcome) -> list[Problem]:
        """The problem of an outcome naming as involved someone on record who is not a member."""
        names = [
            person.name
            for person in self._people.all()
            if person.id in outcome.involved and person.role is not Role.MEMBER
        ]
        if not names:
            return []
        message = _("Only members can be involved in an outcome, not {names}.").format(names=", ".join(names))
        return [Problem("involved", field_label(Outcome, "involved"), message)]

    @saves
    def remove_outcome(self, outcome_id: str) -> None:
        self._outcomes.put([self._stamp(self._outcomes.get(outcome_id).tombstone(), self._outcomes)])


def _not_a_member(kind: type, person: Person) -> list[Problem]:
    """Interviews and outcomes are of the members' businesses: a facilitator or a researcher has none."""
    if person.role is Role.MEMBER:
        return []
    message = _("Interviews and outcomes are of members only; {name} is a {role}.").format(
        name=person.name, role=person.role.label
    )
    return [Problem("person_id", field_label(kind, "person_id"), message)]
