"""Finding the person ``person report`` and ``person erase`` name: by part of a name, e-mail, id,
within a group; no one, or several, is a clear refusal that lists who could be meant."""

from __future__ import annotations

import pytest

from facilitator.model import Group, Person
from facilitator.person_lookup import NoSuchPerson, find_person
from tests.language_support import speaking

INARI = Group(id="g-inari", name="Inari peer group")
OULU = Group(id="g-oulu", name="Oulu peer group")
GROUPS = [INARI, OULU]
ANNA = Person(id="0a1b2c3d-0000-4000-8000-000000000001", group_id=INARI.id, name="Anna Berg", email="Anna@Berg.fi")
ANNI = Person(id="0a1b2c3d-0000-4000-8000-000000000002", group_id=OULU.id, name="Anni Virta")
ANDE = Person(id="9f8e7d6c-0000-4000-8000-000000000003", group_id=INARI.id, name="Ánde Čuoŋ")
OTHER_ANNA = Person(id="5e5e5e5e-0000-4000-8000-000000000004", group_id=OULU.id, name="Anna Berg")
PEOPLE = [ANNA, ANNI, ANDE, OTHER_ANNA]


def test_part_of_a_name_with_accents_and_case_aside() -> None:
    assert find_person(PEOPLE, GROUPS, "cuon") is ANDE
    assert find_person(PEOPLE, GROUPS, "  ande  ") is ANDE
    assert find_person(PEOPLE, GROUPS, "virta") is ANNI
    assert find_person(PEOPLE, GROUPS, "ann vi") is ANNI  # beginnings of the name's words


def test_e_mail_and_id_and_its_beginning() -> None:
    assert find_person(PEOPLE, GROUPS, "anna@berg.fi") is ANNA
    assert find_person(PEOPLE, GROUPS, ANDE.id) is ANDE
    assert find_person(PEOPLE, GROUPS, ANDE.id[:8].upper()) is ANDE


def test_a_name_two_share_is_listed_with_group_and_id_and_narrowed_by_group() -> None:
    with pytest.raises(NoSuchPerson) as refused:
        find_person(PEOPLE, GROUPS, "anna berg")
    message = str(refused.value)
    assert [person.id for person in refused.value.candidates] == [ANNA.id, OTHER_ANNA.id]
    assert ANNA.id in message and OTHER_ANNA.id in message
    assert "Inari peer group" in message and "Oulu peer group" in message and "--group" in message
    assert find_person(PEOPLE, GROUPS, "anna berg", group="oulu") is OTHER_ANNA
    with pytest.raises(NoSuchPerson) as several:
        find_person(PEOPLE, GROUPS, "ann")  # Anna, Anni and the other Anna begin so
    assert len(several.value.candidates) == 3


def test_no_one_and_no_such_group_are_clear_refusals() -> None:
    with pytest.raises(NoSuchPerson, match="No one in Inari peer group answers to “Virta”"):
        find_person(PEOPLE, GROUPS, "Virta", group="inari")
    with pytest.raises(NoSuchPerson, match="No one answers to “Lindholm”"):
        find_person(PEOPLE, GROUPS, "Lindholm")
    with pytest.raises(NoSuchPerson, match="No group is called “Rovaniemi”"):
        find_person(PEOPLE, GROUPS, "Anna", group="Rovaniemi")
    with pytest.raises(NoSuchPerson, match="Name a person"):
        find_person(PEOPLE, GROUPS, "  ")


HIDDEN = Person(id="0b5e3a6c-7f1d-4c2a-9e8b-2d4f6a8c0e1f", group_id=INARI.id, name="Member-2D8F24")
GUESTLIKE = Person(id="1b5e3a6c-7f1d-4c2a-9e8b-2d4f6a8c0e1f", group_id=OULU.id, name="Member-77AA00")


@pytest.mark.parametrize("typed", ["Member-2D8F24", "Jäsen-2D8F24", "Medlem-2D8F24", "jäsen-2d8f24", "2D8F24"])
def test_a_pseudonym_is_found_as_any_language_shows_it(typed: str) -> None:
    """A coordinator copies the name from a Finnish or Swedish report or screen."""
    people = [*PEOPLE, HIDDEN, GUESTLIKE]
    for code in ("en", "fi", "sv"):
        with speaking(code):
            assert find_person(people, GROUPS, typed) is HIDDEN
    with pytest.raises(NoSuchPerson, match="Vieras-2D8F24"):
        find_person(people, GROUPS, "Vieras-2D8F24")  # a guest's pseudonym is no member's


def test_several_pseudonymous_people_are_listed_as_the_language_shows_them() -> None:
    with speaking("fi"), pytest.raises(NoSuchPerson) as several:
        find_person([HIDDEN, GUESTLIKE], GROUPS, "Member-")
    assert "Jäsen-2D8F24 · Inari peer group" in str(several.value)
    assert "Member-" not in str(several.value).split(":", 1)[1]
