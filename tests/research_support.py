"""What the tests of the research exports share (the CSV and JSON lines in
tests/test_research_export.py, the REFI-QDA project in tests/test_qdpx_*.py): the demo group whose
entries they make tricky, and the check that nothing names a person without research consent."""

from __future__ import annotations

from collections.abc import Iterable

from facilitator.model import Group, Person, Role
from storage.repository import Repository


def inari_and_two_members(repository: Repository) -> tuple[Group, Person, Person]:
    """The demo's Inari group (its records read), a person of it with research consent and a
    member without: an entry naming both shows whether consent is kept."""
    repository.load_all()
    group = next(group for group in repository.groups() if "Inari" in group.name)
    people = repository.people(group.id)
    shown = next(person for person in people if person.research_consent is not None)
    hidden = next(person for person in people if person.research_consent is None and person.role is Role.MEMBER)
    return group, shown, hidden


def assert_no_one_without_consent_named(text: str, people: Iterable[Person]) -> None:
    """``text`` (a whole exported file) names no one without research consent nor their company,
    and holds no one's e-mail address or phone number."""
    for person in people:
        if person.research_consent is None:
            assert person.name not in text, person.name
            assert not person.company or person.company not in text, person.company
        assert not person.email or person.email not in text
        assert not person.phone or person.phone not in text
