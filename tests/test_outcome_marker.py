"""The outcome marker (``!outcome``, ``!tulos``, ``!resultat``) in a memo line, and the draft it
makes: in the business of the first member mentioned, following its entry when that is edited."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from facilitator.i18n import LANGUAGES, use_language
from facilitator.live import moved_draft, outcome_entrepreneur, retagged, revised
from facilitator.markers import marked_line, marker_help, parse_line
from facilitator.memo_kinds import KIND_WORDS, OUTCOME_WORDS
from facilitator.mentions import Mentionable
from facilitator.model import MemoEntry, MemoKind, Outcome, OutcomeKind
from tests.conftest import TEST_LANGUAGE

ROSTER = [
    Mentionable("biret", "Biret Đuđá"),
    Mentionable("matti", "Matti Virtanen"),
    Mentionable("anna", "Anna Berg"),
    Mentionable("fa", "Fanni Ohjaaja"),
]
#: Everyone on the roster but Fanni, the facilitator.
MEMBERS = {"biret", "matti", "anna"}
TODAY = date(2026, 12, 8)
NOW = datetime(2026, 12, 8, 10, tzinfo=UTC)


def parse(line: str, **options: object):
    return parse_line(line, ROSTER, TODAY, **options)


def entry_of(line: str, **fields: object) -> MemoEntry:
    parsed = parse(line)
    assert parsed.problems == ()
    values: dict[str, object] = {
        "meeting_id": "m",
        "group_id": "g",
        "text": parsed.text,
        "written_at": NOW,
        "kind": parsed.kind or MemoKind.NOTE,
        "people": list(parsed.people),
        "owner_id": parsed.owner_id,
    }
    return MemoEntry(**{**values, **fields})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "marker",
    ["!outcome", "!o", "!OUT", "!tulos", "!tu", "!TUL", "!resultat", "!r", "!Res", "!outcome,"],
)
@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_the_outcome_marker_in_any_language_and_case_whatever_the_app_speaks(marker: str, code: str) -> None:
    try:
        use_language(code)
        parsed = parse(f"@Biret hired a first employee {marker} #GC")
    finally:
        use_language(TEST_LANGUAGE)
    assert (parsed.outcome, parsed.kind, parsed.problems) == (True, None, ())
    assert (parsed.text, parsed.codes, parsed.people) == ("Biret Đuđá hired a first employee", ("GC",), ("biret",))


def test_an_outcome_line_keeps_the_kind_it_names() -> None:
    parsed = parse("!d !outcome @Matti exports to Sweden through @Anna")
    assert (parsed.kind, parsed.outcome, parsed.people, parsed.problems) == (
        MemoKind.DECISION, True, ("matti", "anna"), (),
    )  # fmt: skip
    assert parse("!outcome @Matti exports !tulos").problems == ()
    assert not parse("@Matti exports to Sweden").outcome


def test_the_entrepreneur_is_the_first_member_mentioned_not_a_facilitator() -> None:
    parsed = parse("@Fanni says @Matti exports to Sweden through @Anna !o")
    assert outcome_entrepreneur(parsed.people, MEMBERS) == "matti"
    assert outcome_entrepreneur(parse("@Fanni hired !o").people, MEMBERS) == ""


def test_an_outcome_without_a_person_mentioned_is_refused_but_a_tag_may_rely_on_the_entry() -> None:
    assert parse("!outcome hired a first employee").problems == (
        "An outcome names its entrepreneur: mention them with @name.",
    )
    assert parse("!outcome", tags_only=True).problems == ()


def test_t_could_be_two_kinds_or_the_outcome_and_r_is_the_outcome() -> None:
    assert parse("!t @Biret hired").problems == ("“!t” could be action, need or outcome: write !to, !ta or !tu.",)
    assert parse("!r @Biret hired").outcome
    assert parse("!tu @Biret hired").outcome
    assert parse("!o @Biret hired").outcome


@pytest.mark.parametrize(("code", "marker"), [("en", "!o"), ("fi", "!tu"), ("sv", "!r")])
def test_the_help_lists_the_outcome_marker_of_the_language_in_use(code: str, marker: str) -> None:
    try:
        use_language(code)
        rows = marker_help()
    finally:
        use_language(TEST_LANGUAGE)
    assert rows[5][0] == marker
    assert parse(f"{marker} @Biret x").outcome


def test_every_language_with_kind_words_has_an_outcome_word_and_no_other() -> None:
    assert set(OUTCOME_WORDS) == set(KIND_WORDS) == set(LANGUAGES)


def test_tagging_an_action_with_the_outcome_marker_and_its_entrepreneur_keeps_the_owner() -> None:
    action = entry_of("!a @Anna calls the bank for @Biret")
    tagged = retagged(action, parse("!o @Biret", tags_only=True), NOW)
    assert (tagged.owner_id, tagged.people) == ("anna", ["anna", "biret"])
    # naming the kind again still names the owner, as before
    assert retagged(action, parse("!a @Biret", tags_only=True), NOW).owner_id == "biret"


def test_an_outcome_line_typed_as_an_action_names_no_owner_fresh_or_re_tagged_alike() -> None:
    """ "!o @Anna" names Anna's outcome: on a fresh line whose kind is action by default, as on an
    action without an owner tagged with it, Anna owns nothing until the kind is typed."""
    fresh = parse("!o @Anna sells abroad", default_kind=MemoKind.ACTION)
    assert (fresh.kind, fresh.owner_id, fresh.outcome) == (None, "", True)
    ownerless = entry_of("!a ask the bank")
    assert ownerless.owner_id == ""
    tagged = retagged(ownerless, parse("!o @Anna", tags_only=True, default_kind=MemoKind.ACTION), NOW)
    assert (tagged.kind, tagged.owner_id, tagged.people) == (MemoKind.ACTION, fresh.owner_id, ["anna"])
    # the kind typed makes the first person the owner again, fresh and re-tagged alike
    assert parse("!a !o @Anna sells abroad", default_kind=MemoKind.ACTION).owner_id == "anna"
    assert retagged(ownerless, parse("!a !o @Anna", tags_only=True), NOW).owner_id == "anna"
    # a line without the outcome marker keeps the default kind's owner
    assert parse("@Anna sells abroad", default_kind=MemoKind.ACTION).owner_id == "anna"


def test_an_edited_action_keeps_its_people_in_the_order_they_were_mentioned() -> None:
    """The line an action is edited in names its owner first: that is no reason to reorder."""
    note = entry_of("@Biret hired a cook, @Anna helped")
    action = retagged(note, parse("!a @Anna", tags_only=True), NOW)
    assert (action.owner_id, action.people) == ("anna", ["biret", "anna"])
    line = marked_line(action.text, action.kind, action.codes, action.people, action.owner_id, action.due, ROSTER)
    assert line.startswith("!action @Anna") or line.index("@Anna") < line.index("@Biret")
    edited = revised(action, parse(line + " !o"), NOW)
    assert edited.people == ["biret", "anna"]
    assert outcome_entrepreneur(edited.people, MEMBERS) == "biret"


def draft_of(entry: MemoEntry, person_id: str) -> Outcome:
    return Outcome(
        person_id=person_id,
        day=TODAY,
        kind=OutcomeKind.OTHER,
        description=entry.text,
        entry_ids=[entry.id],
        meeting_ids=["m"],
        draft=True,
    )


def test_a_draft_follows_its_entry_to_the_member_it_now_names() -> None:
    before = entry_of("@Biret hired a cook")
    draft = draft_of(before, "biret")
    after = revised(before, parse("@Matti hired a cook with @Anna"), NOW)
    moved = moved_draft(draft, after, MEMBERS)
    assert (moved.person_id, moved.description, moved.involved) == (
        "matti",
        "Matti Virtanen hired a cook with Anna Berg",
        ["anna"],
    )


def test_a_draft_whose_entrepreneur_is_still_mentioned_only_takes_the_new_words() -> None:
    before = entry_of("@Biret hired a cook")
    draft = draft_of(before, "biret")
    after = revised(before, parse("@Matti says @Biret hired two cooks"), NOW)
    moved = moved_draft(draft, after, MEMBERS)
    assert (moved.person_id, moved.description) == ("biret", "Matti Virtanen says Biret Đuđá hired two cooks")
    assert moved_draft(draft, before, MEMBERS) is draft
