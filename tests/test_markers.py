"""Inline markers of a memo line: its kind, activity codes, owner and due date, the text kept, the
problems named, the help, and an entry written back as a line (the mentions: tests/test_mentions.py)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given, settings, strategies as st

from facilitator.i18n import LANGUAGES, use_language
from facilitator.markers import marked_line, marker_help, parse_line
from facilitator.model.memo import MemoKind
from tests.conftest import TEST_LANGUAGE
from tests.marker_support import ROSTER, parse

# -- kinds ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("marker", "kind"),
    [
        ("!note", MemoKind.NOTE), ("!no", MemoKind.NOTE), ("!NOT", MemoKind.NOTE),
        ("!decision", MemoKind.DECISION), ("!d", MemoKind.DECISION), ("!Dec", MemoKind.DECISION),
        ("!action", MemoKind.ACTION), ("!a", MemoKind.ACTION), ("!ACT", MemoKind.ACTION),
        ("!need", MemoKind.NEED), ("!ne", MemoKind.NEED), ("!nee", MemoKind.NEED),
        ("!idea", MemoKind.IDEA), ("!i", MemoKind.IDEA), ("!Id", MemoKind.IDEA),
    ],
)  # fmt: skip
def test_every_kind_by_its_word_or_a_unique_prefix_anywhere_in_the_line(marker: str, kind: MemoKind) -> None:
    assert parse(f"{marker} We share the van").kind is kind
    parsed = parse(f"We share {marker} the van")
    assert (parsed.kind, parsed.text, parsed.problems) == (kind, "We share the van", ())


def test_a_line_without_a_kind_leaves_it_to_the_caller() -> None:
    parsed = parse("We share the van")
    assert (parsed.kind, parsed.text, parsed.problems) == (None, "We share the van", ())


def test_an_ambiguous_kind_says_how_to_write_each() -> None:
    assert parse("!n We share the van").problems == ("“!n” could be note or need: write !no or !ne.",)


@pytest.mark.parametrize("marker", ["!x", "!notes", "!todo"])
def test_an_unknown_kind_lists_the_kinds(marker: str) -> None:
    assert parse(f"{marker} We share the van").problems == (
        f"“{marker}” is not a marker: use !note, !decision, !action, !need, !idea or !outcome.",
    )


def test_two_different_kinds_are_refused_but_the_same_one_twice_is_not() -> None:
    assert parse("!d We share the van !a").problems == ("“!d” and “!a” are two kinds: keep one.",)
    assert parse("!d We share the van !decision").problems == ()


@pytest.mark.parametrize("line", ["Great! We sold it", "! We sold it", "We sold it !!", "Sold !2 boxes"])
def test_an_exclamation_mark_without_letters_after_it_is_text(line: str) -> None:
    parsed = parse(line)
    assert (parsed.kind, parsed.text, parsed.problems) == (None, line, ())


def test_punctuation_after_a_kind_goes_with_it() -> None:
    parsed = parse("!d, we share the van")
    assert (parsed.kind, parsed.text) == (MemoKind.DECISION, "we share the van")


@pytest.mark.parametrize(
    ("marker", "kind"),
    [
        ("!huomio", MemoKind.NOTE), ("!h", MemoKind.NOTE), ("!notering", MemoKind.NOTE), ("!NOTER", MemoKind.NOTE),
        ("!päätös", MemoKind.DECISION), ("!p", MemoKind.DECISION), ("!paatos", MemoKind.DECISION),
        ("!PÄÄT", MemoKind.DECISION), ("!beslut", MemoKind.DECISION), ("!bes", MemoKind.DECISION),
        ("!toimenpide", MemoKind.ACTION), ("!to", MemoKind.ACTION), ("!åtgärd", MemoKind.ACTION),
        ("!Åt", MemoKind.ACTION), ("!atgard", MemoKind.ACTION), ("!å", MemoKind.ACTION),
        ("!tarve", MemoKind.NEED), ("!ta", MemoKind.NEED), ("!behov", MemoKind.NEED), ("!beh", MemoKind.NEED),
        ("!idé", MemoKind.IDEA), ("!ide", MemoKind.IDEA), ("!IDÉ", MemoKind.IDEA),
    ],
)  # fmt: skip
@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_finnish_and_swedish_kind_words_work_whatever_the_language(marker: str, kind: MemoKind, code: str) -> None:
    try:
        use_language(code)
        parsed = parse(f"We share {marker}, the van")
    finally:
        use_language(TEST_LANGUAGE)
    assert (parsed.kind, parsed.text, parsed.problems) == (kind, "We share the van", ())


@pytest.mark.parametrize("marker", ["!ä", "!huomiot", "!besluta", "!idéa"])
def test_more_than_a_kind_word_or_an_accent_it_lacks_is_no_kind(marker: str) -> None:
    assert parse(f"{marker} We share the van").kind is None


def test_the_kind_words_are_the_kinds_labels_in_each_language() -> None:
    """A facilitator types the word that the app shows as the entry's kind."""
    for code in LANGUAGES:
        try:
            use_language(code)
            labels = [kind.label for kind in MemoKind]
            written = [marked_line("x", kind, [], [], "", None, ROSTER).split()[0] for kind in MemoKind]
        finally:
            use_language(TEST_LANGUAGE)
        assert written == ["x"] + ["!" + label for label in labels[1:]]
        assert [parse(f"!{label} x").kind for label in labels] == list(MemoKind)


@pytest.mark.parametrize(
    ("code", "line", "problem"),
    [
        ("fi", "!t Jaetaan auto", "”!t” voi tarkoittaa lajia toimenpide, tarve tai tulos: kirjoita !to, !ta tai !tu."),
        ("sv", "!be Vi delar bilen", "”!be” kan vara beslut eller behov: skriv !bes eller !beh."),
        ("fi", "!n Jaetaan auto", "”!n” voi tarkoittaa lajia huomio tai tarve: kirjoita !no tai !ne."),
        ("en", "!t We share the van", "“!t” could be action, need or outcome: write !to, !ta or !tu."),
    ],
)
def test_an_ambiguous_kind_suggests_the_words_of_the_language_in_use_or_the_ones_typed(
    code: str, line: str, problem: str
) -> None:
    try:
        use_language(code)
        assert parse(line).problems == (problem,)
    finally:
        use_language(TEST_LANGUAGE)


def test_an_unknown_kind_lists_the_words_of_the_language_in_use() -> None:
    try:
        use_language("sv")
        problems = parse("!x Vi delar bilen").problems
    finally:
        use_language(TEST_LANGUAGE)
    assert problems == ("”!x” är ingen markör: använd !notering, !beslut, !åtgärd, !behov, !idé eller !resultat.",)


@pytest.mark.parametrize(
    ("code", "markers"),
    [
        ("en", ["!d", "!a", "!ne", "!i", "!no"]),
        ("fi", ["!p", "!to", "!ta", "!i", "!h"]),
        ("sv", ["!bes", "!å", "!beh", "!i", "!no"]),
    ],
)
def test_the_help_shows_the_markers_of_the_language_in_use(code: str, markers: list[str]) -> None:
    try:
        use_language(code)
        rows = marker_help()
    finally:
        use_language(TEST_LANGUAGE)
    assert [marker for marker, _meaning in rows[:5]] == markers
    assert [parse(f"{marker} x").kind for marker in markers] == [
        MemoKind.DECISION, MemoKind.ACTION, MemoKind.NEED, MemoKind.IDEA, MemoKind.NOTE,
    ]  # fmt: skip


# -- codes ---------------------------------------------------------------------------------------


def test_codes_in_any_case_in_order_of_first_appearance_without_repeats() -> None:
    parsed = parse("#cs Joint stand at the fair #Ps #CS, #ps.")
    assert (parsed.codes, parsed.text, parsed.problems) == (("CS", "PS"), "Joint stand at the fair", ())


def test_all_eleven_codes_are_known() -> None:
    codes = ["PS", "RI", "SE", "RA", "CS", "BA", "GC", "DD", "DP", "VI", "MK"]
    assert parse("Busy evening " + " ".join("#" + code.lower() for code in codes)).codes == tuple(codes)


def test_an_unknown_two_letter_code_is_named_with_the_codes() -> None:
    assert parse("Joint stand #XY").problems == (
        "“#XY” is not an activity code: use one of PS, RI, SE, RA, CS, BA, GC, DD, DP, VI, MK.",
    )


@pytest.mark.parametrize("line", ["Item #1 on the list", "We loved it #hashtag", "Room #12b", "Just # here", "A#PS"])
def test_other_hashes_are_text(line: str) -> None:
    parsed = parse(line)
    assert (parsed.codes, parsed.text, parsed.problems) == ((), line, ())


def test_activity_codes_are_the_same_in_every_language() -> None:
    for code in LANGUAGES:
        try:
            use_language(code)
            parsed = parse("Yhteinen osasto #ps #Cs")
        finally:
            use_language(TEST_LANGUAGE)
        assert parsed.codes == ("PS", "CS")


# -- owners and due dates ------------------------------------------------------------------------


def test_the_first_person_mentioned_owns_an_action() -> None:
    assert parse("!a @Biret asks @Matti for the van").owner_id == "biret"
    assert parse("!a Someone books the hall").owner_id == ""
    assert parse("!d @Biret asks @Matti for the van").owner_id == ""
    assert parse("@Biret asks for the van", default_kind=MemoKind.ACTION).owner_id == "biret"


@pytest.mark.parametrize(
    ("typed", "due"),
    [
        ("due:15.12.", date(2026, 12, 15)),
        ("due:15.12", date(2026, 12, 15)),
        ("DUE:8.12.", date(2026, 12, 8)),  # today still counts
        ("due:7.12.", date(2027, 12, 7)),
        ("due:15.1.", date(2027, 1, 15)),  # in December, January is next year's
        ("due:29.2.", date(2028, 2, 29)),
        ("due:15.12.2027", date(2027, 12, 15)),
        ("due:1.3.2026", date(2026, 3, 1)),
        ("due:2027-01-05", date(2027, 1, 5)),
        ("due:15.12.2027,", date(2027, 12, 15)),
    ],
)
def test_due_dates_in_every_form(typed: str, due: date) -> None:
    parsed = parse(f"!a @Biret books the hall {typed}")
    assert (parsed.due, parsed.text, parsed.problems) == (due, "Biret Đuđá books the hall", ())


@pytest.mark.parametrize("typed", ["due:31.2.", "due:30.2.2027", "due:2027-13-01", "due:tomorrow", "due:15/12"])
def test_an_impossible_or_unreadable_due_date_is_named(typed: str) -> None:
    assert parse(f"!a Book the hall {typed}").problems == (
        f"“{typed}” is not a date: write due:15.12., due:15.12.2026 or due:2026-12-15.",
    )


def test_a_due_date_belongs_to_an_action() -> None:
    message = "A due date belongs to an action: add !a or remove due:."
    assert parse("!d Book the hall due:15.12.").problems == (message,)
    assert parse("Book the hall due:15.12.").problems == (message,)
    assert parse("Book the hall due:15.12.", default_kind=MemoKind.ACTION).problems == ()


def test_two_due_dates_are_refused() -> None:
    assert parse("!a Book it due:15.12. due:16.12.").problems == (
        "“due:15.12.” and “due:16.12.” are two due dates: keep one.",
    )


def test_a_space_after_due_in_an_action_is_pointed_out_but_due_in_a_note_is_text() -> None:
    assert parse("!a Book it due: 15.12.").problems == (
        "Write the due date right after “due:”, with no space: due:15.12.",
    )
    assert parse("!a Book it due: 2027-01-05, please").problems == (
        "Write the due date right after “due:”, with no space: due:2027-01-05",
    )
    parsed = parse("The rent was due: 1.12.")
    assert (parsed.text, parsed.due, parsed.problems) == ("The rent was due: 1.12.", None, ())


# -- the text ------------------------------------------------------------------------------------


def test_markers_alone_are_not_an_entry() -> None:
    assert parse("!d #PS").problems == ("Write what was said as well as the markers.",)
    assert parse("   ").problems == ("Write what was said as well as the markers.",)


def test_markers_alone_may_tag_an_entry() -> None:
    parsed = parse("#PS !d @Biret", tags_only=True)
    assert (parsed.kind, parsed.codes, parsed.people, parsed.problems) == (MemoKind.DECISION, ("PS",), ("biret",), ())
    assert parse("#ps !d", tags_only=True).text == ""


def test_whitespace_is_collapsed() -> None:
    assert parse("  We   share \t the van  #PS ").text == "We share the van"


def test_every_problem_is_collected_in_the_order_of_the_line() -> None:
    parsed = parse("!n @zz #XY due:31.2. !x")
    assert [problem[:12] for problem in parsed.problems] == [
        "“!n” could b", "No one on th", "“#XY” is not", "“due:31.2.” ", "“!x” is not ",
    ]  # fmt: skip
    assert parse("!x #XY").problems[1:] == (
        "“#XY” is not an activity code: use one of PS, RI, SE, RA, CS, BA, GC, DD, DP, VI, MK.",
        "Write what was said as well as the markers.",
    )


# -- writing an entry back -----------------------------------------------------------------------


def test_an_entry_is_written_back_with_its_markers() -> None:
    line = marked_line(
        "Matti Virtanen told Anna Berg to call Biret Đuđá", MemoKind.ACTION, ["PS", "CS"],
        ["anna", "matti"], "matti", date(2026, 12, 15), ROSTER,
    )  # fmt: skip
    kind = "!" + MemoKind.ACTION.label
    assert line == f"{kind} @Matti Virtanen told @Anna Berg to call Biret Đuđá #PS #CS due:15.12.2026"


def test_a_note_is_written_without_a_kind_and_people_not_named_are_added() -> None:
    line = marked_line("The van is free", MemoKind.NOTE, [], ["biret"], "", None, ROSTER)
    assert line == "The van is free @Biret Đuđá"
    parsed = parse(line)
    assert (parsed.kind, parsed.people, parsed.text) == (None, ("biret",), "The van is free Biret Đuđá")


def test_a_name_inside_a_longer_name_or_word_is_not_marked() -> None:
    text = "Anna-Liisa Öhman and Anna Bergman met Anna Berg."
    line = marked_line(text, MemoKind.NOTE, [], ["anna"], "", None, ROSTER)
    assert line == "Anna-Liisa Öhman and Anna Bergman met @Anna Berg."


def test_people_who_left_the_roster_are_left_out() -> None:
    assert marked_line("Tea", MemoKind.IDEA, [], ["gone"], "", None, ROSTER) == "!idea Tea"


def test_an_outcome_is_not_written_back_into_the_line() -> None:
    """The outcome is a record of its own, linked to the entry: editing the line does not draft it again."""
    line = marked_line("Biret Đuđá hired", MemoKind.NOTE, [], ["biret"], "", None, ROSTER)
    assert not parse(line).outcome


#: Letters, digits and punctuation for words around the names, including the marker characters.
_CHARACTERS = "abcdefghijklmnoprstuvyzåäöáčđŋšžABCDMÅÄÖÁČŠ0123456789.,:;?!'()-@#"
_WORD = st.text(alphabet=_CHARACTERS, min_size=1, max_size=8)
_MARKER_LIKE = re.compile(r"^([(\[{“‘\"'«]*[!#@]|due:)", re.IGNORECASE)
#: A roster name in the text, perhaps in brackets or followed by punctuation.
_NAMED = st.tuples(st.sampled_from(ROSTER), st.sampled_from(["", "(", "“"]), st.sampled_from(["", ",", ".", "'s", ")"]))


@st.composite
def entries(draw: st.DrawFn) -> tuple[str, MemoKind, list[str], list[str], str, date | None]:
    """An entry as ``parse_line`` makes them: every person named in the text, an action's owner first."""
    pieces = draw(st.lists(st.one_of(_WORD.filter(lambda word: not _MARKER_LIKE.match(word)), _NAMED), max_size=10))
    text = " ".join(piece if isinstance(piece, str) else piece[1] + piece[0].name + piece[2] for piece in pieces)
    named = list(dict.fromkeys(piece[0].id for piece in pieces if not isinstance(piece, str)))
    people = [person for person in named if draw(st.booleans())]
    kind = draw(st.sampled_from(list(MemoKind)))
    codes = draw(st.lists(st.sampled_from(["PS", "RI", "SE", "RA", "CS", "BA", "GC", "DD", "DP", "VI", "MK"]),
                          unique=True, max_size=4))  # fmt: skip
    is_action = kind is MemoKind.ACTION
    owner = people[0] if is_action and people else ""
    due = draw(st.none() | st.dates(date(2000, 1, 1), date(2100, 12, 31))) if is_action else None
    return text, kind, codes, people, owner, due


@settings(max_examples=300, deadline=None)
@given(entries(), st.dates(date(2000, 1, 1), date(2100, 12, 31)))
def test_an_entry_written_back_reads_as_itself(
    entry: tuple[str, MemoKind, list[str], list[str], str, date | None], today: date
) -> None:
    text, kind, codes, people, owner, due = entry
    line = marked_line(text, kind, codes, people, owner, due, ROSTER)
    parsed = parse_line(line, ROSTER, today, tags_only=True)
    assert parsed.problems == ()
    assert parsed.text == text
    assert (parsed.kind or MemoKind.NOTE) is kind
    assert parsed.codes == tuple(codes)
    assert parsed.people == tuple(people)
    assert parsed.owner_id == owner
    assert parsed.due == due


# -- help ----------------------------------------------------------------------------------------


def test_the_help_shows_each_kind_of_marker_and_every_marker_in_it_works() -> None:
    rows = dict(marker_help())
    assert {"#PS", "@Na", "due:15.12."} <= rows.keys()
    assert all(meaning for meaning in rows.values())
    assert parse("!a Book it #PS @Ma due:15.12.").problems[0].startswith("“@Ma” could be")
    assert parse("!a Book it #PS @Maa due:15.12.").problems == ()
