"""The records of the entrepreneurs' development, kept in the network file beside the roster: their
growth interviews and the outcomes in their businesses, each tied to its person."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from facilitator.model import Interview, Invalid, Outcome, Person, validate_interview, validate_outcome
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

    def _members_of(self, group_id: str) -> set[str]:
        return {person.id for person in self._people.all() if person.group_id == group_id}

    # -- interviews ----------------------------------------------------------------------------

    def interviews(self, group_id: str) -> list[Interview]:
        """The interviews of the group's people (removed ones left out), oldest first."""
        members = self._members_of(group_id)
        found = [interview for interview in self._interviews.all() if interview.person_id in members]
        return sorted(found, key=lambda interview: (interview.day, interview.id))

    def interviews_of(self, person_id: str) -> list[Interview]:
        """One person's interviews, oldest first."""
        found = [interview for interview in self._interviews.all() if interview.person_id == person_id]
        return sorted(found, key=lambda interview: (interview.day, interview.id))

    @saves
    def save_interview(self, interview: Interview) -> Interview:
        """Validate and save ``interview``; raises :class:`Invalid` with every problem, and
        :class:`~storage.errors.NotFound` when its person is not (or no longer) on record."""
        person = self.person(interview.person_id)
        if problems := validate_interview(interview, self._person_today(person)):
            raise Invalid(problems)
        saved = self._stamp(interview, self._interviews)
        self._interviews.put([saved])
        return saved

    @saves
    def remove_interview(self, interview_id: str) -> None:
        self._interviews.put([self._stamp(self._interviews.get(interview_id).tombstone(), self._interviews)])

    # -- outcomes ------------------------------------------------------------------------------

    def outcomes(self, group_id: str) -> list[Outcome]:
        """The outcomes in the businesses of the group's people (drafts too), oldest first."""
        members = self._members_of(group_id)
        found = [outcome for outcome in self._outcomes.all() if outcome.person_id in members]
        return sorted(found, key=lambda outcome: (outcome.day, outcome.id))

    def outcomes_of(self, person_id: str) -> list[Outcome]:
        """The outcomes in one person's business (drafts too), oldest first."""
        found = [outcome for outcome in self._outcomes.all() if outcome.person_id == person_id]
        return sorted(found, key=lambda outcome: (outcome.day, outcome.id))

    def draft_outcomes(self, meeting_id: str) -> list[Outcome]:
        """The drafts a meeting's memo lines made, still to be completed, in the order written."""
        found = [outcome for outcome in self._outcomes.all() if outcome.draft and meeting_id in outcome.meeting_ids]
        return sorted(found, key=lambda outcome: (outcome.created_at or _NEVER, outcome.id))

    @saves
    def save_outcome(self, outcome: Outcome) -> Outcome:
        """Validate and save ``outcome``; raises :class:`Invalid` with every problem, and
        :class:`~storage.errors.NotFound` when its person is not (or no longer) on record."""
        person = self.person(outcome.person_id)
        if problems := validate_outcome(outcome, self._person_today(person)):
            raise Invalid(problems)
        saved = self._stamp(outcome, self._outcomes)
        self._outcomes.put([saved])
        return saved

    @saves
    def remove_outcome(self, outcome_id: str) -> None:
        self._outcomes.put([self._stamp(self._outcomes.get(outcome_id).tombstone(), self._outcomes)])
