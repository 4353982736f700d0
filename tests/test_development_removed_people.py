"""Which interviews and outcomes are a group's: by default those of the people on its roster now
(the group's figures speak of its members); with ``removed_people``, those of people removed from
it too (what leaves for research and a person's data report hold); never an erased person's."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from facilitator.model import Group, Interview, Outcome, OutcomeKind, Person
from storage.erasure import WorkspaceErasure
from tests.sync_support import opened


def test_a_removed_member_s_records_are_the_group_s_only_when_asked_and_an_erased_one_s_never(tmp_path: Path) -> None:
    with opened(tmp_path / "workspace") as repository:
        group = repository.save_group(Group(name="Kuhmo makers"))
        other_group = repository.save_group(Group(name="Närpes makers"))
        people = {
            name: repository.save_person(Person(group_id=group_id, name=name))
            for name, group_id in (
                ("Staying", group.id),
                ("Removed", group.id),
                ("Erased", group.id),
                ("Elsewhere", other_group.id),
            )
        }
        interviews = {
            name: repository.save_interview(Interview(person_id=person.id, day=date(2026, 11, 2)))
            for name, person in people.items()
        }
        outcomes = {
            name: repository.save_outcome(
                Outcome(person_id=person.id, day=date(2026, 11, 3), kind=OutcomeKind.EXPORT, description="Sold")
            )
            for name, person in people.items()
        }
        repository.remove_person(people["Removed"].id)
        WorkspaceErasure(repository, people["Erased"].id).apply()

        def names(
            found: list[Interview] | list[Outcome], records: dict[str, Interview] | dict[str, Outcome]
        ) -> set[str]:
            ids = {record.id for record in found}
            return {name for name, record in records.items() if record.id in ids}

        assert names(repository.interviews(group.id), interviews) == {"Staying"}
        assert names(repository.outcomes(group.id), outcomes) == {"Staying"}
        assert names(repository.interviews(group.id, removed_people=True), interviews) == {"Staying", "Removed"}
        assert names(repository.outcomes(group.id, removed_people=True), outcomes) == {"Staying", "Removed"}
