"""The demo made in Finnish or Swedish stores its regions, business fields and reasons of absence in
that language, and is otherwise the very network the same seed makes in English: the words are
labels only, never what the draws go by."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from facilitator.demo import DemoNetwork, generate_network
from tests.language_support import speaking

TODAY = date(2025, 3, 14)


def made_in(code: str) -> DemoNetwork:
    with speaking(code):
        return generate_network(groups=13, years=3, today=TODAY)


@pytest.fixture(scope="module")
def english() -> DemoNetwork:
    return made_in("en")


@pytest.fixture(scope="module")
def finnish() -> DemoNetwork:
    return made_in("fi")


@pytest.fixture(scope="module")
def swedish() -> DemoNetwork:
    return made_in("sv")


def test_the_regions_are_named_in_the_language(english: DemoNetwork, finnish: DemoNetwork, swedish: DemoNetwork):
    assert {group.region for group in english.groups} == {
        "Lapland",
        "Kainuu",
        "North Karelia",
        "North Ostrobothnia",
        "Ostrobothnia",
        "Central Ostrobothnia",
        "Southwest Finland",
    }
    assert {group.region for group in finnish.groups} == {
        "Lappi",
        "Kainuu",
        "Pohjois-Karjala",
        "Pohjois-Pohjanmaa",
        "Pohjanmaa",
        "Keski-Pohjanmaa",
        "Varsinais-Suomi",
    }
    assert {group.region for group in swedish.groups} == {
        "Lappland",
        "Kajanaland",
        "Norra Karelen",
        "Norra Österbotten",
        "Österbotten",
        "Mellersta Österbotten",
        "Egentliga Finland",
    }
    # The advisory services are organisations: their names stay as they are.
    assert [group.pbas_organisation for group in finnish.groups] == [
        group.pbas_organisation for group in english.groups
    ]


def test_fields_and_reasons_of_absence_are_in_the_language(english: DemoNetwork, finnish: DemoNetwork) -> None:
    fields = {person.business_field for person in finnish.people}
    assert {"poronlihan jalostus", "yritysneuvonta"} <= fields
    assert not fields & {person.business_field for person in english.people}
    reasons = {absence.reason for absence in finnish.absences}
    assert {"vanhempainvapaa", "pitkä ulkomaanmatka"} <= reasons
    assert any(reason.startswith("sesonki") for reason in reasons)
    assert not reasons & {absence.reason for absence in english.absences}


def test_the_same_seed_makes_the_same_network_in_every_language(
    english: DemoNetwork, finnish: DemoNetwork, swedish: DemoNetwork
) -> None:
    def apart_from_labels(network: DemoNetwork) -> dict[str, list[object]]:
        records: dict[str, list[object]] = dict(network.records())  # type: ignore[arg-type]
        records["groups"] = [dataclasses.replace(group, region="") for group in network.groups]
        records["people"] = [dataclasses.replace(person, business_field="") for person in network.people]
        records["absences"] = [dataclasses.replace(absence, reason="") for absence in network.absences]
        # Why nobody could host a cancelled meeting is the rotation's sentence, in the language.
        records["meetings"] = [dataclasses.replace(meeting, host_reason="") for meeting in network.meetings]
        # The agenda's items come from the app's template, already in the language.
        records["agenda_items"] = [
            dataclasses.replace(item, title="", notes="", presenter="") for item in network.agenda_items
        ]
        return records

    assert apart_from_labels(finnish) == apart_from_labels(english)
    assert apart_from_labels(swedish) == apart_from_labels(english)
    assert finnish.sounds == english.sounds
    assert made_in("fi") == finnish, "and the same again in the same language"
