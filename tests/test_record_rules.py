"""The rules every stored record holds (facilitator.record_rules): what a form would refuse, what
no form states (dates 1900–2200 in every time zone, sizes of texts and lists), tombstones and
pseudonymised copies, and a whole demo network that must pass."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import orjson
import pytest

from exports.bundle.format import RECORD_TYPES
from exports.bundle.privacy import CoordinatorView
from exports.bundle.workspace_records import group_documents
from facilitator.demo import generate_network
from facilitator.model import (
    Absence,
    ActionStatus,
    AgendaItem,
    Attendance,
    Coding,
    FeedbackResponse,
    Group,
    Meeting,
    MeetingPattern,
    MemoEntry,
    MemoKind,
    MemoRevision,
    Person,
    Record,
    Recording,
    Role,
    coding_id,
    validate_person,
)
from facilitator.model.ranges import EARLIEST_DAY, LATEST_DAY, in_range
from facilitator.model.sizes import LIST_MAX, LONG_TEXT_MAX, SHORT_TEXT_MAX
from facilitator.pattern_rules import pattern_reading_problems, validate_pattern
from facilitator.record_rules import record_problems
from storage.codec import from_document, to_document
from storage.erasure import WorkspaceErasure
from storage.repository import Repository
from storage.workspace import Workspace
from tests.conftest import DEMO_DAY, make_demo

TODAY = date(2026, 12, 4)
NOW = datetime(2026, 12, 4, 15, 30, tzinfo=UTC)
#: The importer's "not in the future": its day and a day more.
LATEST_ACCEPTED = TODAY + timedelta(days=1)


def fields(record: Record) -> set[str]:
    """The fields the problems with ``record`` name."""
    return {problem.field for problem in record_problems(record, LATEST_ACCEPTED)}


def arrived(record: Record) -> Record:
    """``record`` as it arrives in a bundle: a JSON document, decoded."""
    return from_document(type(record), orjson.loads(orjson.dumps(to_document(record))))


def group() -> Group:
    return Group(name="Porvoo", created_at=NOW, updated_at=NOW)


def person(**changes: object) -> Person:
    base = Person(group_id="g", name="Aino Laine", joined=date(2024, 1, 1), can_host=True, premises_address="Kuja 1")
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def meeting(**changes: object) -> Meeting:
    base = Meeting(group_id="g", starts_at=NOW, ends_at=NOW + timedelta(hours=2))
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def entry(**changes: object) -> MemoEntry:
    base = MemoEntry(meeting_id="m", group_id="g", text="Bulk buying of packaging", written_at=NOW, codes=["CS"])
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


# -- in_range -------------------------------------------------------------------------------------


def test_days_from_1900_to_2200_are_in_range_and_the_days_around_them_are_not() -> None:
    assert in_range(EARLIEST_DAY) and in_range(LATEST_DAY) and in_range(TODAY)
    assert not in_range(date(1899, 12, 31)) and not in_range(date(2201, 1, 1))
    assert not in_range(date.max) and not in_range(date.min)


def test_a_moment_is_in_range_only_when_its_day_is_in_every_time_zone() -> None:
    assert in_range(NOW)
    assert in_range(datetime(1900, 1, 2, tzinfo=UTC)) and in_range(datetime(2200, 12, 30, 23, 59, tzinfo=UTC))
    assert not in_range(datetime(1900, 1, 1, 12, tzinfo=UTC)), "a day earlier west of Greenwich"
    assert not in_range(datetime(2200, 12, 31, 1, tzinfo=UTC)), "a day later east of Greenwich"
    last_moment = datetime.fromisoformat("9999-12-31T23:59:59.999+00:00")
    assert not in_range(last_moment)
    assert not in_range(datetime.max.replace(tzinfo=timezone(-timedelta(hours=23, minutes=59))))
    assert not in_range(datetime.min.replace(tzinfo=timezone(timedelta(hours=14))))
    assert not in_range(datetime(2026, 12, 4, 15, 30)), "a moment without its offset"  # noqa: DTZ001


# -- each kind of record: one of its rules refuses -------------------------------------------------


def test_a_group_whose_rule_or_times_do_not_parse_is_refused() -> None:
    assert fields(group()) == set()
    bogus = dataclasses.replace(group(), pattern=MeetingPattern(rrule="FREQ=BOGUS"))
    assert fields(bogus) == {"pattern.rrule"}
    late = dataclasses.replace(group(), pattern=MeetingPattern(start_time="25:99"))
    assert fields(late) == {"pattern.start_time"}
    assert fields(dataclasses.replace(group(), name="", time_zone="Mars/Olympus")) == {"name", "time_zone"}
    problem = record_problems(bogus, LATEST_ACCEPTED)[0]
    assert problem.label == "Rule" and "cannot be read" in problem.message


def test_a_rule_that_gives_no_date_any_more_is_still_a_readable_rule() -> None:
    """The horizon is the form's: a rule valid when saved may stop giving dates in the next two years."""
    all_summer = MeetingPattern(rrule="FREQ=YEARLY;BYMONTH=7;BYMONTHDAY=1", skip_months=[7])
    assert validate_pattern(all_summer, TODAY) != []
    assert pattern_reading_problems(all_summer) == []
    assert fields(dataclasses.replace(group(), pattern=all_summer)) == set()


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=MONTHLY;BYDAY=+2TU;COUNT=1000000000",
        "FREQ=MONTHLY;BYDAY=+2TU;INTERVAL=1000000000",
        "FREQ=WEEKLY;BYDAY=TU;INTERVAL=" + "9" * 400,
        "FREQ=WEEKLY;BYDAY=TU;INTERVAL=0",
        "FREQ=MONTHLY;BYDAY=+2TU;INTERVAL=-5",
    ],
)
def test_a_hostile_rule_is_refused_at_once_by_the_record_rules_and_the_form(rule: str) -> None:
    pattern = MeetingPattern(rrule=rule)
    assert [problem.field for problem in pattern_reading_problems(pattern)] == ["rrule"]
    assert [problem.field for problem in validate_pattern(pattern, TODAY)] == ["rrule"]
    assert fields(dataclasses.replace(group(), pattern=pattern)) == {"pattern.rrule"}


def test_a_person_of_1899_or_a_consent_from_the_future_is_refused() -> None:
    assert fields(person()) == set()
    assert fields(person(joined=date(1899, 12, 31))) == {"joined"}
    assert fields(person(research_consent=TODAY + timedelta(days=2))) == {"research_consent"}
    assert fields(person(research_consent=LATEST_ACCEPTED)) == set(), "a laptop whose clock runs a day ahead"
    assert fields(person(name="x" * 121)) == {"name"}


def test_a_coordinators_copy_of_a_host_without_premises_address_is_a_valid_record() -> None:
    """The form asks a host for the premises address; the coordinator's copy leaves it out."""
    host = person(research_consent=None, contact_consent=None)
    (copy,) = [CoordinatorView([host], [])(host)]
    assert copy.premises_address == "" and copy.can_host and copy.name.startswith("Member-")
    assert [problem.field for problem in validate_person(copy, TODAY)] == ["premises_address"]
    assert fields(copy) == set()


def test_a_meeting_at_the_last_moment_a_date_can_hold_is_refused() -> None:
    assert fields(meeting()) == set()
    last = datetime.fromisoformat("9999-12-31T23:59:59.999+00:00")
    assert fields(arrived(meeting(starts_at=last - timedelta(hours=2), ends_at=last))) == {"starts_at", "ends_at"}
    assert fields(meeting(ends_at=NOW)) == {"ends_at"}
    backwards = Recording(started_at=NOW, stopped_at=NOW - timedelta(minutes=1))
    assert fields(meeting(recordings=[backwards])) == set(), "the clock's times, as earlier releases stored them"
    assert fields(meeting(recordings=[Recording(started_at=NOW), backwards])) == {"recordings"}
    assert fields(meeting(recordings=[Recording(started_at=datetime(1850, 1, 1, tzinfo=UTC))])) == {
        "recordings[0].started_at"
    }


def test_an_absence_ending_before_it_starts_or_in_1899_is_refused() -> None:
    absence = Absence(person_id="p", starts=date(2026, 1, 1), ends=date(2026, 2, 1))
    assert fields(absence) == set()
    assert fields(dataclasses.replace(absence, ends=date(2025, 1, 1))) == {"ends"}
    assert fields(dataclasses.replace(absence, starts=date(1899, 1, 1))) == {"starts"}


def test_an_agenda_item_without_title_or_with_a_thousand_minutes_is_refused() -> None:
    item = AgendaItem(meeting_id="m", position=1, title="Round of news", minutes=20)
    assert fields(item) == set()
    assert fields(dataclasses.replace(item, title=" ", minutes=1000)) == {"title", "minutes"}
    assert fields(dataclasses.replace(item, position=10**30)) == {"position"}


def test_an_attendance_row_refused_for_a_guests_name_on_a_members_row_or_a_consent_in_1899() -> None:
    row = Attendance(meeting_id="m", person_id="p", audio_consent=TODAY)
    assert fields(row) == set()
    assert fields(dataclasses.replace(row, guest_name="Someone Else")) == {"guest_name"}
    assert fields(dataclasses.replace(row, audio_consent=date(1899, 6, 1))) == {"audio_consent"}


def test_an_erased_members_attendance_row_with_no_name_is_a_valid_record() -> None:
    """Erasure leaves the row as no one's: no person, no guest name; the guest form would refuse it."""
    assert fields(Attendance(meeting_id="m")) == set()


@pytest.mark.parametrize("usefulness", [99, -5, 0, 6])
def test_feedback_usefulness_outside_one_to_five_is_refused(usefulness: int) -> None:
    assert fields(FeedbackResponse(meeting_id="m", usefulness=4)) == set()
    response = arrived(FeedbackResponse(meeting_id="m", usefulness=usefulness))
    assert fields(response) == {"usefulness"}
    assert record_problems(response, LATEST_ACCEPTED)[0].message == "Give a whole number from 1 to 5."


def test_memo_codes_that_are_not_activity_codes_are_refused() -> None:
    assert fields(entry()) == set()
    assert fields(entry(codes=["../../x"])) == {"codes"}
    assert fields(entry(codes=["ps"])) == {"codes"}, "codes as the codebook writes them"
    assert fields(entry(codes=["PS", "PS"])) == {"codes"}
    earlier = MemoRevision(
        text="t", kind=MemoKind.NOTE, codes=["ZZ"], people=[], owner_id="", due=None, replaced_at=NOW
    )
    assert fields(entry(revisions=[earlier])) == {"revisions"}


def test_a_negative_recording_offset_or_an_open_action_closed_is_refused() -> None:
    assert fields(entry(recording_offset=-1)) == {"recording_offset"}
    assert fields(entry(recording_offset=0)) == set()
    action = entry(kind=MemoKind.ACTION)
    assert fields(dataclasses.replace(action, closed_at=NOW)) == {"action_status"}
    assert fields(dataclasses.replace(action, action_status=ActionStatus.DONE)) == {"action_status"}
    assert fields(dataclasses.replace(action, action_status=ActionStatus.DONE, closed_at=NOW)) == set()


def test_a_twenty_megabyte_memo_text_and_a_hundred_thousand_people_are_refused() -> None:
    assert fields(entry(text="x" * LONG_TEXT_MAX)) == set()
    assert fields(entry(text="x" * 20_000_000)) == {"text"}
    assert fields(entry(people=["p"] * 100_000)) == {"people"}
    assert fields(entry(people=["p"] * LIST_MAX)) == set()
    assert fields(entry(agenda_item_id="x" * (SHORT_TEXT_MAX + 1))) == {"agenda_item_id"}
    problem = record_problems(entry(text="x" * 20_000_000), LATEST_ACCEPTED)[0]
    assert problem.label == "Text" and problem.message == "The text is longer than 20,000 characters."


def test_a_coding_with_codes_that_are_not_codes_or_an_id_of_its_own_is_refused() -> None:
    coding = Coding(id=coding_id("e"), entry_id="e", meeting_id="m", group_id="g", codes=["PS", "VI"])
    assert fields(coding) == set()
    assert fields(dataclasses.replace(coding, codes=["../../x"])) == {"codes"}
    assert fields(dataclasses.replace(coding, id="other")) == {"id"}


# -- tombstones ------------------------------------------------------------------------------------


def test_an_erased_persons_tombstone_passes_though_its_name_is_blank() -> None:
    from facilitator.erasure import erased_tombstone

    tombstone = erased_tombstone(person(email="aino@example.fi", phone="040 123 4567"))
    assert tombstone.name == "" and tombstone.erased
    assert [problem.field for problem in validate_person(tombstone, TODAY)] == ["name"]
    assert fields(arrived(tombstone)) == set()


def test_a_tombstone_is_held_to_ranges_sizes_and_structure_not_to_a_form() -> None:
    assert fields(dataclasses.replace(group(), name="", deleted=True)) == set()
    item = AgendaItem(meeting_id="m", position=1, title="", minutes=0, deleted=True)
    assert fields(item) == set()
    assert fields(dataclasses.replace(item, notes="x" * 20_000_000)) == {"notes"}
    assert fields(person(joined=date(1899, 1, 1), deleted=True)) == {"joined"}
    assert fields(entry(codes=["../../x"], deleted=True)) == {"codes"}
    assert fields(FeedbackResponse(meeting_id="m", usefulness=99, deleted=True)) == {"usefulness"}


# -- real data passes ------------------------------------------------------------------------------


def test_every_record_of_a_twenty_year_demo_network_passes_as_sent_and_as_the_coordinator_gets_it() -> None:
    network = generate_network(today=TODAY, years=20, detailed_years=20).records()
    records = [record.stamped("laptop", NOW) for kind in network.values() for record in kind]  # type: ignore[attr-defined]
    assert len(records) > 15_000
    guests = [record for record in records if isinstance(record, Attendance)]
    view = CoordinatorView([record for record in records if isinstance(record, Person)], guests)
    refused = [
        (type(record).__name__, record.id, problems)
        for record in records
        for copy in (record, view(record))
        if (problems := record_problems(arrived(copy), LATEST_ACCEPTED))
    ]
    assert refused == []


def test_every_stored_record_passes_after_a_host_is_erased(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    make_demo(folder)
    with Workspace.open(folder, purpose="test") as workspace:
        repository = Repository(workspace)
        groups = repository.groups()
        host = next(
            person
            for person in repository.people(groups[0].id)
            if person.role is Role.MEMBER and person.can_host and person.research_consent
        )
        WorkspaceErasure(repository, host.id).apply()
        refused = []
        for stored in groups:
            documents = group_documents(workspace, stored.id)
            for record_type in RECORD_TYPES:
                for document in documents.documents(record_type).values():
                    record = from_document(record_type.cls, document)
                    if problems := record_problems(record, DEMO_DAY + timedelta(days=1)):
                        refused.append((record_type.name, record.id, problems))
        erased = next(
            document
            for document in group_documents(workspace, groups[0].id).documents(RECORD_TYPES[1]).values()
            if document["id"] == host.id
        )
    assert erased["erased_salt"] and erased["name"] == ""
    assert refused == []


def test_a_field_is_told_once_under_the_label_its_form_gives_it() -> None:
    old_days = [date(1800, 1, 1) + timedelta(days=day) for day in range(LIST_MAX)]
    problems = record_problems(
        dataclasses.replace(group(), pattern=MeetingPattern(skip_dates=old_days)), LATEST_ACCEPTED
    )
    assert [(problem.field, problem.label) for problem in problems] == [("pattern.skip_dates", "Pattern: Skip dates")]
    assert problems[0].message == "Write a date between 1900 and 2200."
    last = datetime.fromisoformat("9999-12-31T23:59:59.999+00:00")
    problems = record_problems(meeting(starts_at=last - timedelta(hours=2), ends_at=last), LATEST_ACCEPTED)
    bounds = "The time is not between 2 Jan 1900 00:00 and 30 Dec 2200 23:59 (UTC)."  # the moments' real bounds
    assert [str(problem) for problem in problems] == [f"Starts: {bounds}", f"End: {bounds}"]
    assert in_range(datetime(1900, 1, 2, tzinfo=UTC)) and not in_range(datetime(1900, 1, 1, 23, 59, tzinfo=UTC))
    assert in_range(datetime(2200, 12, 30, 23, 59, 59, 999999, tzinfo=UTC))
    assert not in_range(datetime(2200, 12, 31, tzinfo=UTC))


def test_every_field_is_told_by_a_label_a_nested_one_by_its_parents_as_well() -> None:
    old = datetime(1850, 1, 1, tzinfo=UTC)
    revision = MemoRevision(
        text="x" * (LONG_TEXT_MAX + 1), kind=MemoKind.NOTE, codes=[], people=[], owner_id="", due=None, replaced_at=NOW
    )
    labels = {
        problem.field: problem.label
        for problem in record_problems(
            entry(written_at=old, due=date(1800, 1, 1), created_at=old, revisions=[revision]), LATEST_ACCEPTED
        )
    }
    assert labels == {
        "created_at": "Created",
        "written_at": "Written",
        "due": "Due",
        "revisions[0].text": "Earlier wording 1: Text",
    }
    labels = {
        problem.field: problem.label
        for problem in record_problems(
            meeting(
                theme="x" * (LONG_TEXT_MAX + 1),
                location="x" * (SHORT_TEXT_MAX + 1),
                host_note="x" * (LONG_TEXT_MAX + 1),
                conclusions="x" * (LONG_TEXT_MAX + 1),
                recordings=[Recording(started_at=old)],
            ),
            LATEST_ACCEPTED,
        )
    }
    assert labels == {
        "theme": "Theme",
        "location": "Place",
        "host_note": "Why this theme",
        "conclusions": "Conclusions",
        "recordings[0].started_at": "Recording 1: Started",
    }


def test_a_large_negative_number_is_out_of_range() -> None:
    (problem,) = record_problems(entry(recording_offset=-(2**40)), LATEST_ACCEPTED)
    assert problem.label == "Recording offset"
    assert problem.message == "The number is out of range: it lies between -2,147,483,647 and 2,147,483,647."


def test_a_list_is_measured_before_its_items_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """A 4 MB record of a million items is refused by its length, none of its items asked, and a
    list of texts is measured in one go (at C speed), not item by item."""
    from facilitator.model import sizes

    asked: list[object] = []
    value_problem = sizes._value_problem

    def counted(value: object, most: int, label_of: sizes.LabelOf) -> object:
        asked.append(value)
        return value_problem(value, most, label_of)

    monkeypatch.setattr(sizes, "_value_problem", counted)
    assert fields(entry(people=[1] * 1_000_000)) == {"people"}  # type: ignore[list-item]
    assert fields(entry(people=["x" * SHORT_TEXT_MAX] * LIST_MAX)) == set()
    assert fields(entry(people=["x"] * (LIST_MAX - 1) + ["x" * (SHORT_TEXT_MAX + 1)])) == {"people"}
    assert sum(type(value) is list for value in asked) == 6  # each record's people and codes
    assert [value for value in asked if type(value) in (int, str)] == []  # and never one of their items


def test_each_kind_of_record_has_a_singular_noun_in_every_language() -> None:
    from facilitator.i18n import language, use_language
    from facilitator.record_rules import kind_label

    before = language()
    try:
        use_language("en")
        assert [kind_label(kind.name) for kind in RECORD_TYPES] == [
            "group", "person", "meeting", "absence", "interview", "outcome", "agenda item", "attendance row",
            "memo entry", "feedback response", "coding",
        ]  # fmt: skip
        use_language("sv")
        assert (kind_label("meetings"), kind_label("memo")) == ("möte", "minnesanteckning")
        assert (kind_label("interviews"), kind_label("outcomes")) == ("intervju", "resultat")
        use_language("fi")
        assert (kind_label("attendance"), kind_label("codings")) == ("läsnäolorivi", "koodaus")
    finally:
        use_language(before)
