"""The demo network: repeatable, valid by the app's own rules, and lived-in enough to show every feature."""

from __future__ import annotations

import ast
import re
from datetime import date
from pathlib import Path

import pytest

import facilitator.demo
from facilitator.demo import DemoNetwork, generate_network
from facilitator.model.group import validate_group
from facilitator.model.person import CONSENT_FIELDS, Person, Role, validate_person

TODAY = date(2025, 3, 14)
ADDRESS = re.compile(r"^\S.* \d+, \d{5} \S+$")


@pytest.fixture(scope="module")
def small() -> DemoNetwork:
    return generate_network(today=TODAY)


@pytest.fixture(scope="module")
def long_history() -> DemoNetwork:
    return generate_network(groups=13, years=20, today=TODAY)


def members_of(network: DemoNetwork, group_id: str) -> list[Person]:
    return [person for person in network.people if person.group_id == group_id and person.role is Role.MEMBER]


def current_members(network: DemoNetwork, group_id: str) -> list[Person]:
    return [person for person in members_of(network, group_id) if person.is_current_member(TODAY)]


def test_same_arguments_give_the_same_network_ids_included(small: DemoNetwork) -> None:
    again = generate_network(today=TODAY)
    assert again == small
    assert [person.id for person in again.people] == [person.id for person in small.people]


def test_another_seed_gives_another_network(small: DemoNetwork) -> None:
    other = generate_network(seed=2, today=TODAY)
    assert {person.id for person in other.people}.isdisjoint(person.id for person in small.people)
    assert [person.name for person in other.people] != [person.name for person in small.people]


def test_record_metadata_is_left_for_the_repository(small: DemoNetwork) -> None:
    for record in [*small.groups, *small.people]:
        assert (record.created_at, record.updated_at, record.revision) == (None, None, 0)


@pytest.mark.parametrize(("groups", "years"), [(3, 2), (13, 20), (1, 0), (45, 5)])
def test_every_group_and_person_passes_validation(groups: int, years: int) -> None:
    network = generate_network(groups=groups, years=years, today=TODAY)
    assert len(network.groups) == groups
    names = [group.name for group in network.groups]
    for group in network.groups:
        assert validate_group(group, set(names) - {group.name}) == []
        assert group.region and group.municipality and group.pbas_organisation
    problems = {person.name: validate_person(person, TODAY) for person in network.people}
    assert {name: found for name, found in problems.items() if found} == {}
    assert {person.group_id for person in network.people} == {group.id for group in network.groups}


def test_group_names_are_unique_even_past_the_list_of_municipalities() -> None:
    network = generate_network(groups=45, years=1, today=TODAY)
    names = [group.name.casefold() for group in network.groups]
    assert len(set(names)) == 45
    assert any(name.endswith(" 2") for name in names)
    assert any(name.endswith(" 3") for name in names)


def test_the_default_network_shows_every_sami_letter(small: DemoNetwork) -> None:
    text = " ".join(f"{person.name} {person.company}" for person in small.people)
    assert [letter for letter in "ČĐŊŠŦŽ" if letter not in text] == []


def test_a_single_group_network_still_shows_the_sami_letters() -> None:
    network = generate_network(groups=1, seed=7, today=TODAY)
    text = " ".join(f"{person.name} {person.company}" for person in network.people)
    assert set("ČĐŊŠŦŽ") <= set(text)


def test_names_mix_finnish_swedish_and_sami(small: DemoNetwork) -> None:
    names = {person.name for person in small.people}
    assert any(name.split()[-1].endswith(("nen", "la", "lä")) for name in names)
    assert any(word in name for name in names for word in ("qvist", "berg", "holm", "ström", "lund"))
    assert any(set(name) & set("ÁČĐŊŠŦŽá") for name in names)


@pytest.mark.parametrize("network_name", ["small", "long_history"])
def test_every_group_has_8_to_16_current_members_and_staff(network_name: str, request: pytest.FixtureRequest) -> None:
    network: DemoNetwork = request.getfixturevalue(network_name)
    for group in network.groups:
        assert 8 <= len(current_members(network, group.id)) <= 16, group.name
        current_staff = [
            person for person in network.people if person.group_id == group.id and person.is_current(TODAY)
        ]
        facilitators = [person for person in current_staff if person.role is Role.FACILITATOR]
        assert 1 <= len(facilitators) <= 2, group.name
        assert all(person.company == group.pbas_organisation for person in facilitators)


@pytest.mark.parametrize("network_name", ["small", "long_history"])
def test_dates_and_addresses_are_consistent(network_name: str, request: pytest.FixtureRequest) -> None:
    network: DemoNetwork = request.getfixturevalue(network_name)
    for person in network.people:
        assert person.joined is not None and person.joined <= TODAY
        if person.left is not None:
            assert person.joined <= person.left <= TODAY
        for field in CONSENT_FIELDS:
            given = getattr(person, field)
            if given is not None:
                assert person.joined <= given <= TODAY
        if person.can_host:
            assert ADDRESS.match(person.premises_address), person.premises_address
        assert person.email.isascii() and person.phone.startswith("+358 ")


def test_most_members_can_host_and_some_cannot(long_history: DemoNetwork) -> None:
    members = [person for person in long_history.people if person.role is Role.MEMBER]
    share = sum(person.can_host for person in members) / len(members)
    assert 0.6 <= share <= 0.8
    assert any(not person.can_host and not person.premises_address for person in members)


@pytest.mark.parametrize("network_name", ["small", "long_history"])
def test_every_group_has_members_withholding_audio_and_contact_consent(
    network_name: str, request: pytest.FixtureRequest
) -> None:
    network: DemoNetwork = request.getfixturevalue(network_name)
    for group in network.groups:
        current = current_members(network, group.id)
        assert any(person.audio_consent is None for person in current), group.name
        assert any(person.contact_consent is None for person in current), group.name
        assert sum(person.research_consent is not None for person in current) > len(current) / 2


def test_history_starts_with_a_first_cohort_and_grows_former_members(
    small: DemoNetwork, long_history: DemoNetwork
) -> None:
    start = date(2005, 3, 14)
    for group in long_history.groups:
        members = members_of(long_history, group.id)
        assert min(person.joined for person in members) == start
        assert any(person.joined > start for person in members)
        assert any(person.left is not None for person in members), group.name
    former_long = sum(person.left is not None for person in long_history.people) / len(long_history.people)
    former_small = sum(person.left is not None for person in small.people) / len(small.people)
    assert former_long > 0.3 and former_long > former_small


def test_a_leap_day_today_is_handled() -> None:
    network = generate_network(groups=1, years=3, today=date(2024, 2, 29))
    assert min(person.joined for person in network.people) == date(2021, 2, 28)


@pytest.mark.parametrize("arguments", [{"groups": 0}, {"years": -1}])
def test_impossible_sizes_are_refused(arguments: dict[str, int]) -> None:
    with pytest.raises(ValueError):
        generate_network(today=TODAY, **arguments)


def test_the_generator_stays_plain_domain_python() -> None:
    tree = ast.parse(Path(facilitator.demo.__file__).read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    forbidden = ("textual", "tinydb", "storage", "screens", "exports")
    assert [name for name in imported if name.split(".")[0] in forbidden] == []
