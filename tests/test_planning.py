"""Reading the planner's forms, finding groups by name, and the roster's hosting column."""

from __future__ import annotations

from datetime import date

import pytest

from facilitator.lookup import NoSuchGroup, find_group
from facilitator.model import Group, MeetingPattern, Person
from facilitator.planning import check_pattern_form, check_season_form
from facilitator.roster import hosting_text
from facilitator.rotation import HostingRecord


def test_a_typed_pattern_is_read_the_way_people_write_it() -> None:
    pattern, problems = check_pattern_form(
        {
            "rrule": " rrule:freq=monthly; byday=-1th ",
            "start_time": "18.00",
            "end_time": "20.30",
            "skip_months": "7 6,8",
            "skip_dates": "24.12.2026, 2027-01-06",
            "skip_holidays": False,
            "move_skipped": True,
        },
        MeetingPattern(),
        date(2026, 11, 27),
    )
    assert problems == []
    assert pattern.rrule == "FREQ=MONTHLY;BYDAY=-1TH"
    assert (pattern.start_time, pattern.end_time) == ("18:00", "20:30")
    assert pattern.skip_months == [6, 7, 8]
    assert pattern.skip_dates == [date(2026, 12, 24), date(2027, 1, 6)]
    assert not pattern.skip_holidays and pattern.move_skipped


def test_every_problem_of_a_pattern_form_names_its_field() -> None:
    _, problems = check_pattern_form(
        {
            "rrule": "FREQ=SOMETIMES",
            "start_time": "20:00",
            "end_time": "18:00",
            "skip_months": "june",
            "skip_dates": "31.2.2027",
        },
        MeetingPattern(),
        date(2026, 11, 27),
    )
    fields = {problem.field for problem in problems}
    assert {"rrule", "skip_months", "skip_dates"} <= fields
    assert "end_time" in fields or "start_time" in fields
    assert any("6, 7, 8" in problem.message for problem in problems if problem.field == "skip_months")


def test_a_season_needs_two_dates_in_order() -> None:
    assert check_season_form({"first": "1.9.2026", "last": "31.5.2027"}) == ((date(2026, 9, 1), date(2027, 5, 31)), [])
    season, problems = check_season_form({"first": "", "last": "1.1.2026"})
    assert season is None and [problem.field for problem in problems] == ["first"]
    season, problems = check_season_form({"first": "1.9.2026", "last": "1.1.2026"})
    assert season is None and "ends before it starts" in problems[0].message


GROUPS = [Group(name="Inari peer group"), Group(name="Yrittäjäryhmä Kuhmo"), Group(name="Lieksa peer group")]


def test_groups_are_found_by_name_part_or_id_without_accents() -> None:
    assert find_group(GROUPS, "kuhmo").name == "Yrittäjäryhmä Kuhmo"
    assert find_group(GROUPS, "YRITTAJARYHMA").name == "Yrittäjäryhmä Kuhmo"
    assert find_group(GROUPS, GROUPS[2].id) is GROUPS[2]
    assert find_group(GROUPS, "inari peer group") is GROUPS[0]


@pytest.mark.parametrize(
    ("text", "says"), [("peer", "could mean"), ("Oulu", "No group is called"), (" ", "Name a group")]
)
def test_unclear_group_names_say_what_to_do(text: str, says: str) -> None:
    with pytest.raises(NoSuchGroup, match=says):
        find_group(GROUPS, text)


def test_the_roster_shows_hosting_only_for_members_who_can_host() -> None:
    host = Person(group_id="g", name="Áilu", can_host=True, premises_address="Tie 1")
    assert hosting_text(Person(group_id="g", name="Matti"), HostingRecord(times=2, last=date(2025, 10, 14))) == ""
    assert hosting_text(host, None) == "never"
    assert hosting_text(host, HostingRecord(times=3, last=date(2025, 10, 14))) == "3×, 10/2025"
