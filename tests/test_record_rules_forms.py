"""What every form and entry point accepts, every stored record may hold: a form refuses a text,
list or date no record may hold, naming the field as the form and the record rules name it; and a
stored value out of range (an earlier import let it in) never stops a save elsewhere."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from facilitator.model import Absence, AgendaItem, FeedbackResponse, Group, MeetingPattern, Person, Problem
from facilitator.model.sizes import LONG_TEXT_MAX, SHORT_TEXT_MAX
from facilitator.record_rules import record_problems
from storage.repository import Repository
from storage.workspace import Workspace
from tests.conftest import make_demo, reopen
from tests.test_record_rules import LATEST_ACCEPTED, NOW, TODAY, entry, group, meeting

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
    from facilitator.model.group import check_group_form, group_from_form, validate_group

    def group_form(values: dict[str, str]) -> tuple[Group, list[Problem]]:
        typed = group_from_form(values, group())
        return typed, check_group_form(typed, validate_group(typed))

    too_long = "x" * (SHORT_TEXT_MAX + 1)
    for field, label in (("region", "Region"), ("pbas_organisation", "Business advisory service")):
        assert list(told(group_form({field: too_long})[1])) == [label]
    accepted, problems = group_form({"region": "x" * SHORT_TEXT_MAX})
    assert problems == [] and record_problems(accepted, LATEST_ACCEPTED) == []

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


# -- stored values the forms would refuse: told by the forms' labels, never stopping a save -------

OLD_SKIP = dataclasses.replace(MeetingPattern(), skip_dates=[date(1850, 6, 1)])


def test_a_group_holding_a_skip_date_of_1850_is_still_archived_and_saved(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    make_demo(folder, groups=1, meetings=False)
    with Workspace.open(folder, purpose="test") as workspace:
        repository = Repository(workspace)
        (stored,) = repository.groups()
        repository._groups.put([dataclasses.replace(stored, pattern=OLD_SKIP)])  # as an earlier import let in
        archived = repository.set_archived(stored.id, True)
        assert archived.archived and archived.pattern.skip_dates == [date(1850, 6, 1)]
        renamed = repository.save_group(dataclasses.replace(archived, name="Porvoo 2"))
        assert repository.group(stored.id).name == renamed.name == "Porvoo 2"


def test_a_form_names_a_stored_part_of_a_record_by_its_labels_not_its_attributes() -> None:
    from facilitator.model.group import check_group_form, group_field_labels, validate_group
    from facilitator.model.sizes import with_size_problems

    stored = dataclasses.replace(group(), pattern=OLD_SKIP)
    assert told(with_size_problems(stored, group_field_labels(), [])) == {"Pattern: Skip dates": RANGE}
    assert check_group_form(stored, validate_group(stored)) == []  # the planner tells it: a rename goes on
    assert told(check_group_form(dataclasses.replace(stored, region="x" * 501), [])) == {
        "Region": "The text is longer than 500 characters."
    }


def test_the_feedback_form_takes_a_mark_only_as_written_1_to_5() -> None:
    from facilitator.model.feedback import check_feedback_form

    base = FeedbackResponse(meeting_id="m", usefulness=3)
    for typed in ("05", "005", "6", "0", "x"):
        assert list(told(check_feedback_form({"usefulness": typed}, base)[1])) == ["Usefulness (1–5)"], typed
    response, problems = check_feedback_form({"usefulness": " 5 "}, base)
    assert problems == [] and response.usefulness == 5


@pytest.mark.app
async def test_archiving_a_group_whose_stored_name_no_save_keeps_tells_it(workspace_path: Path) -> None:
    from facilitator.app import make_app
    from screens.home import HomeScreen

    repository = reopen(workspace_path)
    try:
        saved = repository.save_group(group())
        repository._groups.put([dataclasses.replace(saved, name="Porvoo " * 20)])  # as a file once held
    finally:
        repository.workspace.close()
    app = make_app(Workspace.open(workspace_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        (told_now,) = [note for note in app._notifications if note.severity == "error"]
        assert told_now.message == "Name: Keep the name under 80 characters."
    again = reopen(workspace_path)
    try:
        assert not again.group(saved.id).archived
    finally:
        again.workspace.close()
