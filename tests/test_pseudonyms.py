"""Pseudonyms stay stored and exported as the bundles make them ("Member-3F9A2C") and are shown in
the reader's language ("Jäsen-3F9A2C"); the consents' initials are the language's own."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from exports.bundle.privacy import CoordinatorView, firm_token
from facilitator.model import Person, Role
from facilitator.pseudonyms import (
    FIRM_TOKEN,
    GUEST,
    PSEUDONYM,
    PSEUDONYM_KINDS,
    ROLE_KINDS,
    person_pseudonym,
    pseudonym,
    pseudonyms_of,
    shown_pseudonyms,
    stored_pseudonyms,
)
from facilitator.roster import consent_marks, display_name, visible_people
from facilitator.text import sort_key
from storage.workspace import WorkspaceRole
from tests.conftest import demo_clock
from tests.language_support import speaking
from tests.sync_support import coordinator_from_demo, opened

SIZE = (80, 24)


TEXT = "Member-3F9A2C promised Guest-81BC0D a contact; Facilitator-00AB12 and Researcher-FFFFFF noted it."


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("en", TEXT),
        (
            "fi",
            "Jäsen-3F9A2C promised Vieras-81BC0D a contact; Fasilitaattori-00AB12 and Tutkija-FFFFFF noted it.",
        ),
        ("sv", "Medlem-3F9A2C promised Gäst-81BC0D a contact; Facilitator-00AB12 and Forskare-FFFFFF noted it."),
    ],
)
def test_every_kind_of_pseudonym_is_shown_in_the_language(code: str, expected: str) -> None:
    with speaking(code):
        assert shown_pseudonyms(TEXT) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Member-3f9a2c",  # the codes are capitals
        "Member-3F9A2",  # six digits, no fewer
        "Member-3F9A2CD",  # nor more
        "XMember-3F9A2C",  # a word of its own
        "Member 3F9A2C",
        "Members-3F9A2C",
        "Member-GGGGGG",
        "",
    ],
)
def test_what_is_not_a_pseudonym_stays_as_typed(text: str) -> None:
    with speaking("fi"):
        assert shown_pseudonyms(text) == text


#: A record id, and the pseudonyms bundles already sent carry for it.
KNOWN_ID = "0b5e3a6c-7f1d-4c2a-9e8b-2d4f6a8c0e1f"


def test_what_the_bundles_make_stays_what_they_made() -> None:
    """Bundles already sent name people so: a new version must name them alike (the coordinator's
    copy and the scripts joining on the research export go by these)."""
    researcher = Person(group_id="g", name="Ritva", role=Role.RESEARCHER, id=KNOWN_ID)
    member = Person(group_id="g", name="Aili", company="Näkkälä Reindeer", id=KNOWN_ID)
    assert pseudonym(KNOWN_ID, "Member") == "Member-2D8F24"
    assert pseudonym(KNOWN_ID, GUEST) == "Guest-2D8F24"
    assert person_pseudonym(researcher) == "Researcher-2D8F24"
    sent = CoordinatorView([member], [], firm_secret=b"k" * 32)(member)
    assert (sent.name, sent.company) == ("Member-2D8F24", "Firm 5655f457")


def test_the_pattern_matches_exactly_what_the_bundles_and_the_erasure_make() -> None:
    assert set(PSEUDONYM_KINDS) == {role.value.capitalize() for role in Role} | {"Guest"}
    assert set(ROLE_KINDS) == set(Role), "every role has a kind"
    for number in range(200):
        record_id = f"record-{number}"
        for kind in PSEUDONYM_KINDS:
            made = pseudonym(record_id, kind)
            assert PSEUDONYM.fullmatch(made), made
            if kind != GUEST:
                assert re.fullmatch(pseudonyms_of(record_id), made), made
                assert not re.search(pseudonyms_of(f"other-{number}"), made), made
            with speaking("fi"):
                shown = shown_pseudonyms(f"({made}).")
            assert shown != f"({made})." and shown.endswith(made[-7:] + ").")
        token = firm_token(f"Firm number {number}", b"k" * 32)
        assert FIRM_TOKEN.fullmatch(token), token


@pytest.mark.parametrize(
    ("code", "expected"),
    [("en", "Firm 5655f457"), ("fi", "Yritys 5655f457"), ("sv", "Företag 5655f457")],
)
def test_a_firm_token_is_shown_in_the_language(code: str, expected: str) -> None:
    with speaking(code):
        assert shown_pseudonyms("Firm 5655f457") == expected
        assert shown_pseudonyms("Member-2D8F24, Firm 5655f457").endswith(", " + expected)
        assert shown_pseudonyms("Firm 5655F457") == "Firm 5655F457", "a token's code is in small letters"
        assert shown_pseudonyms("Firm 5655f4570") == "Firm 5655f4570"


@pytest.mark.parametrize("shown", ["Jäsen-2D8F24", "Medlem-2D8F24", "Member-2D8F24", "jäsen-2d8f24", "MEDLEM-2d8f24"])
def test_a_pseudonym_as_any_language_shows_it_reads_back_as_stored(shown: str) -> None:
    for code in ("en", "fi", "sv"):
        with speaking(code):
            assert stored_pseudonyms(f"({shown}).") == "(Member-2D8F24)."
    assert stored_pseudonyms("Vieras-2D8F24 · Gäst-2D8F24") == "Guest-2D8F24 · Guest-2D8F24"
    assert stored_pseudonyms("Fasilitaattori-2D8F24 Tutkija-2D8F24") == "Facilitator-2D8F24 Researcher-2D8F24"
    assert stored_pseudonyms("Yritys 5655f457 / Företag 5655F457") == "Firm 5655f457 / Firm 5655f457"
    assert stored_pseudonyms("Jäsenet-2D8F24 Jäsen-2D8F2") == "Jäsenet-2D8F24 Jäsen-2D8F2"


def test_a_pseudonym_shown_in_another_language_and_typed_into_a_text_is_erased_too() -> None:
    """A shown pseudonym is never stored by the app, but a person may copy one from a Finnish report
    into a text: the erasure finds it as it finds the stored one."""
    person = Person(group_id="g", name="", id=KNOWN_ID)
    for typed in ("Jäsen-2D8F24", "Medlem-2D8F24", "Tutkija-2D8F24", "Member-2D8F24"):
        assert re.search(pseudonyms_of(person.id), f"Call {typed} today"), typed
    assert not re.search(pseudonyms_of(person.id), "Call Vieras-2D8F24 today"), "a guest is not a person"


def test_the_roster_lists_and_filters_a_pseudonym_as_the_language_shows_it() -> None:
    today = date(2026, 12, 5)
    people = [
        Person(group_id="g", name="Máret Valkeapää", id="a"),
        Person(group_id="g", name="Member-B218CD", company="Firm 317d8159", id="b"),
        Person(group_id="g", name="Pekka Hyvönen", id="c"),
        Person(group_id="g", name="Heikki Ahonen", id="d"),
    ]
    names = {"a": "Máret", "b": "pseudonym", "c": "Pekka", "d": "Heikki"}

    def listed(query: str = "") -> list[str]:
        return [names[person.id] for person in visible_people(people, query, today, former=False)]

    assert listed() == ["Heikki", "Máret", "pseudonym", "Pekka"], "English: Member- among the M's"
    with speaking("fi"):
        assert listed() == ["Heikki", "pseudonym", "Máret", "Pekka"], "Jäsen- among the J's"
        assert listed("jäsen") == listed("member-b2") == listed("yritys 317") == ["pseudonym"]
    with speaking("sv"):
        assert listed("företag") == listed("firm") == ["pseudonym"]


def test_a_roster_name_and_its_role_are_shown_in_the_language() -> None:
    member = Person(group_id="g", name="Member-3F9A2C")
    adviser = Person(group_id="g", name="Facilitator-00AB12", role=Role.FACILITATOR)
    assert display_name(member) == "Member-3F9A2C", "English as stored"
    with speaking("fi"):
        assert display_name(member) == "Jäsen-3F9A2C"
        assert display_name(adviser) == "Fasilitaattori-00AB12 (fasilitaattori)"
    with speaking("sv"):
        assert display_name(member) == "Medlem-3F9A2C"


@pytest.mark.parametrize(
    ("code", "all_given", "research_only"),
    [("en", "ARC", "·R·"), ("fi", "ÄTY", "·T·"), ("sv", "LFK", "·F·")],
)
def test_consent_initials_are_the_languages_own(code: str, all_given: str, research_only: str) -> None:
    day = date(2026, 1, 5)
    everything = Person(group_id="g", name="A", audio_consent=day, research_consent=day, contact_consent=day)
    research = Person(group_id="g", name="B", research_consent=day)
    with speaking(code):
        assert consent_marks(everything) == all_given
        assert consent_marks(research) == research_only
        assert consent_marks(Person(group_id="g", name="C")) == "···"


@pytest.mark.parametrize(("code", "initials"), [("fi", "Ä (äänitys), T (tutkimuskäyttö), Y ("), ("sv", "L (ljud")])
def test_the_rosters_help_explains_the_initials_it_shows(code: str, initials: str) -> None:
    from facilitator.i18n import _

    with speaking(code):
        assert initials in _(_english_help())


def _english_help() -> str:
    """The roster's help as written in the source (the class translated it when it was imported)."""
    import ast
    import inspect

    import screens.roster

    tree = ast.parse(inspect.getsource(screens.roster))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "HELP":
            assert isinstance(node.value, ast.Call)
            return "".join(part.value for part in node.value.args if isinstance(part, ast.Constant))
    raise AssertionError("the roster has a HELP")


# -- the coordinator's desk -------------------------------------------------------------------------


@pytest.fixture
def coordinator(tmp_path: Path) -> Path:
    """A coordinator's workspace made from the demo's bundles: members without consent to research
    use came under their pseudonyms."""
    return coordinator_from_demo(tmp_path, groups=1, years=2, full=True)


@pytest.mark.app
async def test_the_finnish_coordinator_reads_jasen_on_the_roster_and_in_the_history(coordinator: Path) -> None:
    from facilitator.app import make_app
    from screens.history import HistoryScreen
    from screens.roster import RosterScreen
    from screens.widgets.bar_chart import BarChart
    from screens.widgets.record_table import RecordTable
    from storage.workspace import Workspace

    with opened(coordinator, WorkspaceRole.COORDINATOR) as hub:
        group = hub.groups()[0]
        stored = [person.name for person in hub.people(group.id)]
    assert any(name.startswith("Member-") for name in stored), "the bundle hid someone"
    with speaking("fi"):
        app = make_app(Workspace.open(coordinator), clock=demo_clock)
        async with app.run_test(size=SIZE) as pilot:
            roster = RosterScreen(app.repository, group)
            await app.push_screen(roster)
            await pilot.pause()
            table = roster.query_one("#people", RecordTable)
            names = [str(table.get_row_at(index)[0]) for index in range(table.row_count)]
            marks = {str(table.get_row_at(index)[1]) for index in range(table.row_count)}
            companies = [str(table.get_row_at(index)[3]) for index in range(table.row_count)]
            assert any(name.startswith("Jäsen-") for name in names), names
            assert not any("Member-" in name for name in names), names
            assert names == sorted(names, key=sort_key), "in the order of the names shown"
            assert any(company.startswith("Yritys ") for company in companies), companies
            assert not any(company.startswith("Firm ") for company in companies), companies
            assert marks <= {"".join(combination) for combination in _marks("ÄTY")}, marks
            assert roster.query_one("#people").region.right <= SIZE[0]

            history = HistoryScreen(app.repository, group)
            await app.push_screen(history)
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert history.history is not None
            bars = history.query_one("#attendance-chart", BarChart).bars
            labels = [bar.label for bar in bars]
            assert any(label.startswith("Jäsen-") for label in labels), labels
            assert not any("Member-" in label for label in labels), labels
            assert all(bar.text == "ei tapaamisia" or "\u00a0%" in bar.text for bar in bars), [b.text for b in bars]
            meetings = history.query_one("#history-meetings", RecordTable)
            cells = [str(cell) for index in range(meetings.row_count) for cell in meetings.get_row_at(index)]
            assert not any("Member-" in cell for cell in cells)


def _marks(initials: str) -> Iterator[tuple[str, ...]]:
    import itertools

    return itertools.product(*((mark, "·") for mark in initials))
