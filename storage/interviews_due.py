"""The growth interviews due in a workspace's groups, each group on its own day, by the workspace's
setting of months (the rules are :mod:`facilitator.interviews_due`'s)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from facilitator.interviews_due import DueInterview, due_interviews, interview_months, never_due

if TYPE_CHECKING:
    from facilitator.model import Group
    from storage.repository import Repository


def due_in_groups(repository: Repository, groups: Sequence[Group]) -> list[tuple[Group, DueInterview]]:
    """Every due interview of ``groups``, with its group, the most overdue first."""
    months = interview_months(repository.workspace.info.settings)
    people = repository.people_by_group()
    found = [
        (group, due)
        for group in groups
        for due in due_interviews(
            people.get(group.id, []), repository.interviews(group.id), repository.today(group.time_zone), months
        )
    ]
    return sorted(found, key=lambda pair: pair[1].due)


def never_due_in_groups(repository: Repository, groups: Sequence[Group]) -> int:
    """How many current members of ``groups`` have no joined date, and so are never due."""
    people = repository.people_by_group()
    return sum(never_due(people.get(group.id, []), repository.today(group.time_zone)) for group in groups)
