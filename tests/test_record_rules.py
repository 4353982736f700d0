"""The rules every stored record holds (facilitator.record_rules): what a form would refuse, what
no form states (dates 1900–2200 in every time zone, sizes of texts and lists), tombstones and
pseudonymised copies, and a whole demo network that must pass."""

from __future__ import annotations

import dataclasses
import time
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
    Problem,
    Record,
    Recording,
    Role,
    coding_id,
    validate_person,
)
from facilitator.record_rules import (
    EARLIEST_DAY,
    LATEST_DAY,
    LIST_MAX,
    LONG_TEXT_MAX,
    SHORT_TEXT_MAX,
    in_range,
    record_problems,
)
from facilitator.schedule import pattern_reading_problems, validate_pattern
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
    started = time.perf_counter()
    assert [problem.field for problem in pattern_reading_problems(pattern)] == ["rrule"]
    assert [problem.field for problem in validate_pattern(pattern, TODAY)] == ["rrule"]
    assert fields(dataclasses.replace(group(), pattern=pattern)) == {"pattern.rrule"}
    assert time.perf_counter() - started < 0.5


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


def test_a_list_is_measured_before_its_items_are_read() -> None:
    """A 4 MB record of a million short items is refused at once, and a thousand long texts are
    measured at C speed."""
    assert fields(entry(people=["p"] * (LIST_MAX + 1))) == {"people"}  # the message's words are loaded
    started = time.perf_counter()
    assert fields(entry(people=["p"] * 1_000_000)) == {"people"}
    assert fields(entry(people=["x" * SHORT_TEXT_MAX] * LIST_MAX)) == set()
    assert fields(entry(people=["x"] * (LIST_MAX - 1) + ["x" * (SHORT_TEXT_MAX + 1)])) == {"people"}
    assert time.perf_counter() - started < 0.1  # 0.86 s when each item was walked


def test_each_kind_of_record_has_a_singular_noun_in_every_language() -> None:
    from facilitator.i18n import language, use_language
    from facilitator.record_rules import kind_label

    before = language()
    try:
        use_language("en")
        assert [kind_label(kind.name) for kind in RECORD_TYPES] == [
            "group", "person", "meeting", "absence", "agenda item", "attendance row", "memo entry",
            "feedback response", "coding",
        ]  # fmt: skip
        use_language("sv")
        assert (kind_label("meetings"), kind_label("memo")) == ("möte", "minnesanteckning")
        use_language("fi")
        assert (kind_label("attendance"), kind_label("codings")) == ("läsnäolorivi", "koodaus")
    finally:
        use_language(before)


# -- every entry point: what it accepts passes the record rules ------------------------------------

RANGE = "Write a date between 1900 and 2200."


def told(problems: list[Problem] | tuple[str, ...]) -> dict[str, str]:
    """Each problem's field (its label) and message."""
    return {problem.label: problem.message for problem in problems if isinstance(problem, Problem)}


def test_the_person_form_and_the_roster_import_refuse_what_a_record_may_not_hold() -> None:
    from facilitator.model.person import check_person_form
    from facilitator.roster_columns import guess_fields
    from facilitator.roster_import import plan_import

    blank = Person(group_id="g", name="")
    form = {"name": "Anna Berg", "can_host": False}
    for changes, label in (
        ({"joined": "15.3.1026"}, "Joined"),
        ({"company": "x" * (SHORT_TEXT_MAX + 1)}, "Company"),
        ({"premises_address": "x" * (SHORT_TEXT_MAX + 1)}, "Premises address"),
        ({"email": "a" * 510 + "@example.fi"}, "E-mail"),
    ):
        person, problems = check_person_form({**form, **changes}, blank, TODAY)
        assert list(told(problems)) == [label], changes
    person, problems = check_person_form({**form, "company": "x" * SHORT_TEXT_MAX, "joined": "1.1.1900"}, blank, TODAY)
    assert problems == [] and record_problems(person, LATEST_ACCEPTED) == []
    assert told(check_person_form({**form, "joined": "15.3.1026"}, blank, TODAY)[1]) == {"Joined": RANGE}

    header = ["Name", "Company", "Joined"]
    rows = [
        ["Excel Zero", "Oy", datetime(1899, 12, 30)],  # noqa: DTZ001  # a spreadsheet's empty date
        ["Long Company", "x" * (SHORT_TEXT_MAX + 1), date(2020, 1, 1)],
        ["Fine Person", "Oy", date(2020, 1, 1)],
    ]
    plan = plan_import(header, rows, guess_fields(header), [], "g", TODAY)
    assert [told(row.problems) for row in plan.rows] == [
        {"Joined": RANGE},
        {"Company": "The text is longer than 500 characters."},
        {},
    ]
    assert record_problems(plan.rows[2].person, LATEST_ACCEPTED) == []


def test_the_group_absence_and_agenda_forms_refuse_what_a_record_may_not_hold() -> None:
    from facilitator.model.absence import check_absence_form
    from facilitator.model.agenda import check_item_form
    from facilitator.model.group import group_from_form, validate_group

    too_long = "x" * (SHORT_TEXT_MAX + 1)
    for field, label in (("region", "Region"), ("pbas_organisation", "Business advisory service")):
        assert list(told(validate_group(group_from_form({field: too_long}, group())))) == [label]
    accepted = group_from_form({"region": "x" * SHORT_TEXT_MAX}, group())
    assert validate_group(accepted) == [] and record_problems(accepted, LATEST_ACCEPTED) == []

    base = Absence(person_id="p", starts=TODAY, ends=TODAY)
    _absence, problems = check_absence_form({"starts": "1.1.2026", "ends": "31.12.9999"}, base)
    assert told(problems) == {"Until": RANGE}
    absence, problems = check_absence_form({"starts": "1.1.2026", "ends": "31.12.2200"}, base)
    assert problems == [] and record_problems(absence, LATEST_ACCEPTED) == []

    item = AgendaItem(meeting_id="m", position=0, title="News", minutes=15)
    _item, problems = check_item_form({"title": too_long, "presenter": too_long, "minutes": "15"}, item)
    assert set(told(problems)) == {"Title", "Presenter"}
    item, problems = check_item_form({"title": "x" * SHORT_TEXT_MAX, "minutes": "15"}, item)
    assert problems == [] and record_problems(item, LATEST_ACCEPTED) == []


def test_the_preparation_live_memo_and_closing_refuse_what_a_record_may_not_hold() -> None:
    from facilitator.agenda import check_preparation_form
    from facilitator.closing import check_closing
    from facilitator.markers import parse_line

    zone = "Europe/Helsinki"
    planned = meeting(host_id="h")
    values = {"theme": "x" * (LONG_TEXT_MAX + 1), "location": "x" * (SHORT_TEXT_MAX + 1), "host_note": "Why"}
    _prepared, problems = check_preparation_form(values, planned, zone)
    assert set(told(problems)) == {"Theme", "Place"}
    prepared, problems = check_preparation_form({"location": "x" * SHORT_TEXT_MAX}, planned, zone)
    assert problems == [] and record_problems(prepared, LATEST_ACCEPTED) == []

    assert parse_line("!a Buy the stand due:31.12.9999", [], TODAY).problems == (RANGE,)
    assert parse_line("!a Buy the stand due:31.12.2200", [], TODAY).problems == ()
    assert parse_line("x" * (LONG_TEXT_MAX + 1), [], TODAY).problems == ("The text is longer than 20,000 characters.",)
    line = parse_line("x" * LONG_TEXT_MAX, [], TODAY)
    assert line.problems == () and record_problems(entry(text=line.text), LATEST_ACCEPTED) == []

    under_way = dataclasses.replace(planned, started_at=NOW)
    later = NOW + timedelta(hours=3)
    ended, problems = check_closing(
        {"ended": "19:30", "conclusions": "x" * (LONG_TEXT_MAX + 1)}, under_way, zone, later
    )
    assert ended is None and told(problems) == {"Conclusions": "The text is longer than 20,000 characters."}
    ended, problems = check_closing({"ended": "19:30", "conclusions": "x" * LONG_TEXT_MAX}, under_way, zone, later)
    assert problems == [] and ended is not None


def test_a_season_plans_only_meetings_a_record_may_hold() -> None:
    from facilitator.planning import check_season_form

    days, problems = check_season_form({"first": "1.1.2200", "last": "31.12.2207"})
    assert days is None and told(problems) == {"Last day": RANGE}
    days, problems = check_season_form({"first": "1.1.2200", "last": "31.12.2200"})  # its evening is past 2200 in UTC
    assert days is None and told(problems) == {"Last day": "A season lies between 3 Jan 1900 and 29 Dec 2200."}
    assert check_season_form({"first": "3.1.1900", "last": "29.12.2200"}) == (
        (date(1900, 1, 3), date(2200, 12, 29)),
        [],
    )


def test_the_pattern_form_refuses_a_rule_longer_than_a_record_holds() -> None:
    from facilitator.planning import check_pattern_form

    rule = "FREQ=MONTHLY;BYDAY=+2TU;" + ";".join(["INTERVAL=1"] * 60)
    _pattern, problems = check_pattern_form({"rrule": rule}, MeetingPattern(), TODAY)
    assert told(problems)["Rule"] == "The text is longer than 500 characters."
    pattern, problems = check_pattern_form({"rrule": "FREQ=MONTHLY;BYDAY=+2TU"}, MeetingPattern(), TODAY)
    assert problems == [] and record_problems(dataclasses.replace(group(), pattern=pattern), LATEST_ACCEPTED) == []
