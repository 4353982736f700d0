"""Which memo entries and meetings an outcome may be traced to, and the draft an outcome line makes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from facilitator.history import MeetingRecords
from facilitator.live import drafted_outcome
from facilitator.markers import parse_line
from facilitator.mentions import Mentionable
from facilitator.model import (
    Attendance,
    Meeting,
    MeetingStatus,
    MemoEntry,
    MemoKind,
    Outcome,
    OutcomeKind,
    Person,
    Presence,
    Role,
    validate_outcome,
)
from facilitator.outcome_links import (
    choosable_meetings,
    entrepreneur_entries,
    entrepreneur_meetings,
    entry_meetings,
    kept_meeting_ids,
    matching_entries,
    member_ids,
    outcomes_by_entry,
    undrafted_entries,
)

START = datetime(2026, 3, 10, 16, tzinfo=UTC)


def meeting(number: int, host: str = "") -> Meeting:
    starts = START + timedelta(days=30 * number)
    return Meeting(
        id=f"m{number}", group_id="g", starts_at=starts, ends_at=starts + timedelta(hours=2),
        status=MeetingStatus.HELD, host_id=host, theme=f"Theme {number}",
    )  # fmt: skip


def entry(entry_id: str, held: Meeting, text: str, people=(), owner: str = "", minutes: int = 0) -> MemoEntry:
    written = held.starts_at + timedelta(minutes=minutes)
    return MemoEntry(
        id=entry_id, meeting_id=held.id, group_id="g", text=text, written_at=written,
        kind=MemoKind.ACTION if owner else MemoKind.NOTE, people=list(people), owner_id=owner,
    )  # fmt: skip


def present(held: Meeting, person: str, status: Presence = Presence.PRESENT) -> Attendance:
    return Attendance(meeting_id=held.id, person_id=person, status=status)


FIRST, SECOND, THIRD, FOURTH = meeting(1), meeting(2, host="biret"), meeting(3), meeting(4)
MEETINGS = [FIRST, SECOND, THIRD, FOURTH]
RECORDS = {
    FIRST.id: MeetingRecords(
        attendance=[present(FIRST, "biret"), present(FIRST, "matti")],
        memo=[
            entry("e1", FIRST, "Biret Đuđá thinks of hiring a seasonal worker", ["biret"]),
            entry("e2", FIRST, "Matti Virtanen sells to Sweden", ["matti"], minutes=5),
            entry("e3", FIRST, "Ask the bank about a loan", owner="biret", minutes=10),
        ],
    ),
    SECOND.id: MeetingRecords(  # hosted by Biret: every entry of it is hers
        attendance=[present(SECOND, "matti")],
        memo=[
            entry("e4", SECOND, "Tour of the reindeer farm", minutes=1),
            entry("e5", SECOND, "Removed line", ["biret"], minutes=2).tombstone(),
        ],
    ),
    THIRD.id: MeetingRecords(
        attendance=[present(THIRD, "biret", Presence.APOLOGIES)],
        memo=[entry("e6", THIRD, "Matti Virtanen and Biret Đuđá plan a joint campaign", ["matti", "biret"])],
    ),
}


def ids(found) -> list[str]:
    return [linkable.id for linkable in found]


def test_the_entrepreneurs_entries_mention_them_are_theirs_or_are_of_meetings_they_hosted_newest_first() -> None:
    assert ids(entrepreneur_entries("biret", MEETINGS, RECORDS)) == ["e6", "e4", "e3", "e1"]
    assert ids(entrepreneur_entries("matti", MEETINGS, RECORDS)) == ["e6", "e2"]
    assert entrepreneur_entries("nobody", MEETINGS, RECORDS) == []


def test_the_entrepreneurs_meetings_are_those_they_were_present_at_or_hosted_newest_first() -> None:
    assert [held.id for held in entrepreneur_meetings("biret", MEETINGS, RECORDS)] == ["m2", "m1"]
    assert [held.id for held in entrepreneur_meetings("matti", MEETINGS, RECORDS)] == ["m2", "m1"]
    assert entrepreneur_meetings("ande", MEETINGS, RECORDS) == []


def test_words_typed_narrow_the_entries_in_any_case_without_accents_by_the_start_of_words() -> None:
    entries = entrepreneur_entries("biret", MEETINGS, RECORDS)
    assert ids(matching_entries(entries, "")) == ids(entries)
    assert ids(matching_entries(entries, "  ")) == ids(entries)
    assert ids(matching_entries(entries, "dudA")) == ["e6", "e1"]
    assert ids(matching_entries(entries, "JOINT camp")) == ["e6"]
    assert ids(matching_entries(entries, "hiring loan")) == []
    assert ids(matching_entries(entries, "ring")) == []  # inside a word is not the start of one


def test_the_meetings_led_to_are_those_chosen_then_those_of_the_entries_chosen_each_once() -> None:
    entries = entrepreneur_entries("biret", MEETINGS, RECORDS)
    assert entry_meetings(entries) == {"e6": "m3", "e4": "m2", "e3": "m1", "e1": "m1"}

    def behind(entry_ids: list[str], meeting_ids: list[str]) -> list[str]:
        chosen = Outcome(person_id="biret", day=date(2026, 4, 9), entry_ids=entry_ids, meeting_ids=meeting_ids)
        return chosen.meetings_behind(entry_meetings(entries))

    assert behind(["e6", "e1", "e3"], ["m2"]) == ["m2", "m3", "m1"]
    assert behind([], []) == []
    assert behind(["unknown"], ["m4"]) == ["m4"]


def test_an_outcome_line_drafts_an_outcome_of_the_first_member_mentioned_linked_to_its_entry() -> None:
    roster = [
        Mentionable("biret", "Biret Đuđá"),
        Mentionable("matti", "Matti Virtanen"),
        Mentionable("f", "Fa Cilitator"),
    ]
    parsed = parse_line("@Fa says @Biret hired her first employee with @Matti !outcome #GC", roster, date(2026, 4, 9))
    assert parsed.problems == ()
    saved = entry("e9", FOURTH, parsed.text, parsed.people)
    draft = drafted_outcome(saved, date(2026, 7, 8), {"biret", "matti"})
    assert (draft.person_id, draft.day, draft.kind, draft.draft) == ("biret", date(2026, 7, 8), OutcomeKind.OTHER, True)
    assert draft.description == "Fa Cilitator says Biret Đuđá hired her first employee with Matti Virtanen"
    assert (draft.involved, draft.entry_ids, draft.meeting_ids) == (["matti"], ["e9"], ["m4"])
    assert validate_outcome(draft, date(2026, 7, 8)) == []


def test_the_meetings_to_choose_are_those_attended_or_hosted_and_those_of_their_entries_newest_first() -> None:
    entries = entrepreneur_entries("biret", MEETINGS, RECORDS)
    # absent from the third but mentioned in it; the fourth has no file and no entry of hers
    assert [found.id for found in choosable_meetings("biret", MEETINGS, RECORDS, entries)] == ["m3", "m2", "m1"]
    assert [found.id for found in choosable_meetings("biret", MEETINGS, RECORDS, [])] == ["m2", "m1"]


def test_meetings_the_form_does_not_list_are_kept_in_their_order() -> None:
    assert kept_meeting_ids(["m9", "m1", "m8"], [FIRST, SECOND]) == ["m9", "m8"]
    assert kept_meeting_ids(["m1"], [FIRST]) == []


def test_the_members_are_the_people_with_the_member_role() -> None:
    people = [
        Person(id="biret", group_id="g", name="Biret Đuđá", role=Role.MEMBER),
        Person(id="fa", group_id="g", name="Fanni Ohjaaja", role=Role.FACILITATOR),
        Person(id="matti", group_id="g", name="Matti Virtanen", role=Role.MEMBER),
    ]
    assert member_ids(people) == {"biret", "matti"}


def outcome(person: str, entry_ids: list[str], meeting_ids: list[str]) -> Outcome:
    return Outcome(person_id=person, day=date(2026, 4, 9), entry_ids=entry_ids, meeting_ids=meeting_ids)


def test_each_entry_of_a_meeting_has_its_outcome_and_an_entry_with_one_drafts_no_other() -> None:
    of_matti = outcome("matti", ["e2"], ["m1"])
    of_biret = outcome("biret", ["e1", "e6"], ["m1", "m3"])
    elsewhere = outcome("biret", ["e4"], ["m2"])
    linked = outcomes_by_entry([of_matti, of_biret, elsewhere], "m1")
    assert linked == {"e2": of_matti, "e1": of_biret, "e6": of_biret}
    assert outcomes_by_entry([elsewhere], "m1") == {}
    memo = RECORDS[FIRST.id].memo
    # e3 mentions no one (only its owner); e1 and e2 have outcomes
    assert undrafted_entries(memo, {"biret", "matti"}, [of_matti, of_biret]) == []
    assert [found.id for found in undrafted_entries(memo, {"biret", "matti"}, [of_matti])] == ["e1"]
    assert [found.id for found in undrafted_entries(memo, {"matti"}, [])] == ["e2"]
