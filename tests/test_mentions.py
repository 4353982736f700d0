"""Who an @ in a memo line names: a name or any word of it, in any case and without its accents,
written out in full; a mention that could be several people or no one; and completing a name
being typed."""

from __future__ import annotations

import pytest

from facilitator.markers import parse_line
from facilitator.mentions import complete_mention
from tests.marker_support import ROSTER, TODAY, parse

# -- mentions ------------------------------------------------------------------------------------


def test_a_full_name_with_its_space_is_one_mention() -> None:
    parsed = parse("@Matti Virtanen sends the price list")
    assert (parsed.people, parsed.text, parsed.problems) == (("matti",), "Matti Virtanen sends the price list", ())


def test_the_start_of_a_first_name_is_written_out_in_full_keeping_punctuation() -> None:
    parsed = parse("Thanks @Anna. And @mat, @Maar!")
    assert parsed.people == ("anna", "matti", "maarit")
    assert parsed.text == "Thanks Anna Berg. And Matti Virtanen, Maarit Aho!"


def test_any_word_of_a_name_finds_the_person() -> None:
    assert parse("@Virt sends it").people == ("matti",)
    assert parse("@Liisa sends it").people == ("annaliisa",)


@pytest.mark.parametrize(
    ("typed", "person"),
    [("@cuon", "ande"), ("@ande", "ande"), ("@dud", "biret"), ("@NUOLJA", "maret"), ("@ohm", "annaliisa"),
     ("@ánde čuoŋ", "ande"), ("@ANDE CUON", "ande")],
)  # fmt: skip
def test_mentions_ignore_case_and_accents(typed: str, person: str) -> None:
    parsed = parse(f"{typed} brought samples")
    assert (parsed.people, parsed.problems) == ((person,), ())
    assert parsed.text.endswith(" brought samples")


def test_a_name_that_is_whole_wins_over_longer_names_it_begins() -> None:
    """Otherwise Anna Berg could not be mentioned by her first name beside Anna-Liisa."""
    assert parse("@Anna brought samples").people == ("anna",)
    assert parse("@Anna-Liisa brought samples").people == ("annaliisa",)


def test_the_full_name_is_not_mistaken_for_a_longer_word() -> None:
    parsed = parse("@Anna Bergman was there")
    assert (parsed.people, parsed.text) == (("anna",), "Anna Berg Bergman was there")


def test_an_ambiguous_mention_lists_the_people() -> None:
    roster = [person for person in ROSTER if person.id != "maret"]
    assert parse_line("@ma said so", roster, TODAY).problems == (
        "“@ma” could be Matti Virtanen or Maarit Aho: write more of the name.",
    )


def test_an_unknown_mention_is_refused() -> None:
    assert parse("@zz said so").problems == ("No one on the roster is called “@zz”.",)


def test_possessive_and_brackets_around_a_mention() -> None:
    parsed = parse("(@Matti) took @Anna's van")
    assert (parsed.people, parsed.text) == (("matti", "anna"), "(Matti Virtanen) took Anna Berg's van")


@pytest.mark.parametrize("line", ["Write to anna@example.fi today", "Meet @ 17", "Room @12", "Handle @anna2"])
def test_an_at_sign_that_does_not_start_a_name_is_text(line: str) -> None:
    parsed = parse(line)
    assert (parsed.people, parsed.text, parsed.problems) == ((), line, ())


def test_people_are_listed_once_in_order_of_mention() -> None:
    parsed = parse("@Maarit asked @Biret and @maarit again")
    assert parsed.people == ("maarit", "biret")


# -- completing names ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "completed"),
    [
        ("Thanks @Mat", "Thanks @Matti Virtanen"),
        ("Thanks @mat", "Thanks @matti Virtanen"),  # what was typed stays as typed
        ("@ande", "@ande Čuoŋ"),
        ("@bi", "@biret Đuđá"),
        ("@Matti V", "@Matti Virtanen"),
        ("@Anna-", "@Anna-Liisa Öhman"),
        ("@Ann", "@Anna"),  # Anna Berg and Anna-Liisa Öhman share "Anna"
        ("(@Maa", "(@Maarit Aho"),
    ],
)
def test_a_name_being_typed_is_completed(line: str, completed: str) -> None:
    assert complete_mention(line, ROSTER) == completed


@pytest.mark.parametrize(
    "line",
    [
        "@Ma",  # Máret, Matti and Maarit share only what was typed
        "@Anna",  # Anna Berg or Anna-Liisa: nothing more in common
        "@Virt",  # a later word: no inline suggestion, parse_line still finds Matti
        "@zz",
        "@",
        "@1",
        "write to anna@ex",
        "@Matti Virtanen",
        "@Matti said",
        "Thanks",
        "",
    ],
)
def test_nothing_is_completed_when_no_single_rest_follows(line: str) -> None:
    assert complete_mention(line, ROSTER) is None


def test_completion_starts_with_the_line_as_typed() -> None:
    for person in ROSTER:
        for length in range(1, len(person.name)):
            line = "Hi @" + person.name[:length].lower()
            suggestion = complete_mention(line, ROSTER)
            assert suggestion is None or suggestion.startswith(line)
