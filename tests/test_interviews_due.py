"""When members' growth interviews fall due, by the rules of :mod:`facilitator.interviews_due`."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from facilitator.dates import format_date
from facilitator.interviews_due import (
    DEFAULT_INTERVIEW_MONTHS,
    INTERVIEW_MONTHS_SETTING,
    DueInterview,
    after_months_text,
    due_cells,
    due_counts_text,
    due_interviews,
    due_point_days,
    due_status,
    interview_months,
    months_text,
    never_due,
    never_due_text,
    read_interview_months,
)
from facilitator.model import Interview, InterviewKind, Person, Role

MONTHS = (3, 12)


def member(name: str = "Aino", joined: date | None = date(2025, 11, 10), **fields: object) -> Person:
    return Person(group_id="g", name=name, joined=joined, **fields)  # type: ignore[arg-type]


def interview(person: Person, day: date) -> Interview:
    return Interview(person_id=person.id, day=day)


def one(person: Person, today: date, *days: date, months: tuple[int, ...] = MONTHS) -> DueInterview | None:
    found = due_interviews([person], [interview(person, day) for day in days], today, months)
    assert len(found) <= 1
    return found[0] if found else None


def test_nothing_is_due_before_the_month_before_the_first_point() -> None:
    aino = member(joined=date(2026, 1, 15))
    assert one(aino, date(2026, 3, 14)) is None
    due = one(aino, date(2026, 3, 15))
    assert due is not None
    assert (due.due, due.months, due.overdue, due.kind) == (
        date(2026, 4, 15),
        3,
        False,
        InterviewKind.JOINING,
    )
    assert due_status(due, date(2026, 3, 15)) == "due in 31 days"


def test_the_point_is_overdue_once_its_day_has_passed() -> None:
    aino = member(joined=date(2026, 1, 15))
    on_the_day = one(aino, date(2026, 4, 15))
    assert on_the_day is not None and not on_the_day.overdue
    assert due_status(on_the_day, date(2026, 4, 15)) == "due today"
    after = one(aino, date(2026, 4, 18))
    assert after is not None and after.overdue
    assert due_status(after, date(2026, 4, 18)) == "overdue 3 days"


def test_across_a_year_boundary() -> None:
    """Joined in October: the 3-month point is in January of the next year."""
    aino = member(joined=date(2025, 10, 20))
    due = one(aino, date(2026, 1, 2))
    assert due is not None and due.due == date(2026, 1, 20) and due.months == 3
    assert one(aino, date(2026, 1, 2), date(2025, 12, 28)) is None, "an interview in the month before covers it"
    late = one(aino, date(2026, 2, 3))
    assert late is not None and late.overdue and late.due == date(2026, 1, 20)


def test_end_of_month_falls_on_the_last_day_of_a_shorter_month() -> None:
    aino = member(joined=date(2025, 11, 30))
    due = one(aino, date(2026, 2, 1))
    assert due is not None and due.due == date(2026, 2, 28)
    leap = member(joined=date(2027, 11, 30))
    due = one(leap, date(2028, 2, 1))
    assert due is not None and due.due == date(2028, 2, 29)
    january = member(joined=date(2026, 1, 31))
    due = one(january, date(2026, 2, 1), months=(1, 12))
    assert due is not None and due.due == date(2026, 2, 28)


def test_an_interview_slightly_early_covers_the_point_but_not_one_too_early() -> None:
    aino = member(joined=date(2025, 1, 10))  # 12 months: 10.1.2026
    today = date(2026, 1, 20)
    assert one(aino, today, date(2025, 12, 12)) is None, "within the month before"
    too_early = one(aino, today, date(2025, 12, 9))  # before 10.12.2025: the 3-month point's window
    assert too_early is not None and too_early.months == 12 and too_early.overdue
    assert too_early.kind is InterviewKind.FOLLOW_UP, "the person has been interviewed"


def test_an_interview_on_joining_does_not_cover_the_first_point() -> None:
    aino = member(joined=date(2026, 1, 15))
    due = one(aino, date(2026, 4, 20), date(2026, 1, 15))
    assert due is not None and due.months == 3 and due.overdue
    assert due.kind is InterviewKind.FOLLOW_UP, "interviewed on joining: the next one is a follow-up"
    assert one(aino, date(2026, 4, 20), date(2026, 3, 15)) is None, "the month before the first point covers it"
    assert one(aino, date(2026, 4, 20), date(2026, 3, 14)) is not None, "earlier does not"


def test_covered_and_not_covered_points_after_the_listed_months_yearly() -> None:
    aino = member(joined=date(2023, 6, 1))  # points: 1.9.2023, 1.6.2024, 1.6.2025, 1.6.2026 ...
    interviews = (date(2023, 9, 1), date(2024, 6, 3), date(2025, 5, 20))
    assert one(aino, date(2026, 4, 30), *interviews) is None
    due = one(aino, date(2026, 5, 1), *interviews)
    assert due is not None
    assert (due.due, due.months, due.missed) == (date(2026, 6, 1), 36, 0)
    assert one(aino, date(2026, 7, 1), *interviews, date(2026, 6, 30)) is None


def test_only_the_latest_point_is_shown_the_earlier_ones_counted_as_missed() -> None:
    aino = member(joined=date(2023, 6, 1))
    due = one(aino, date(2025, 8, 1))
    assert due is not None
    assert (due.months, due.due, due.missed, due.kind) == (24, date(2025, 6, 1), 2, InterviewKind.JOINING)
    assert one(aino, date(2025, 8, 1), date(2025, 7, 1)) is None, "the latest covered: nothing is due"


def test_a_member_who_left_is_not_listed_and_nothing_falls_due_after_leaving() -> None:
    gone = member(joined=date(2025, 1, 10), left=date(2025, 9, 1))
    assert one(gone, date(2026, 1, 20)) is None, "left: not listed, whatever was missed"
    leaving = member(joined=date(2025, 1, 10), left=date(2026, 1, 5))  # 12-month point after leaving
    due = one(leaving, date(2026, 1, 2))
    assert due is not None and due.months == 3 and due.missed == 0
    staying = member(joined=date(2025, 1, 10), left=date(2026, 1, 10))
    due = one(staying, date(2026, 1, 2))
    assert due is not None and due.months == 12


def test_the_due_points_count_from_joining_and_then_yearly() -> None:
    points = itertools.islice(due_point_days(date(2025, 11, 30), MONTHS), 4)
    assert [(point.months, point.opens, point.day) for point in points] == [
        (3, date(2026, 1, 30), date(2026, 2, 28)),
        (12, date(2026, 10, 30), date(2026, 11, 30)),
        (24, date(2027, 10, 30), date(2027, 11, 30)),
        (36, date(2028, 10, 30), date(2028, 11, 30)),
    ]


def test_the_due_list_row_says_who_when_after_how_long_and_how_late() -> None:
    aino = member(joined=date(2026, 1, 15), company="Aino Oy")
    due = one(aino, date(2026, 4, 18))
    assert due is not None
    assert due_cells(due, date(2026, 4, 18)) == [
        "Aino",
        "Aino Oy",
        format_date(date(2026, 4, 15)),
        "after 3 months",
        "overdue 3 days",
    ]


def test_only_members_with_a_joined_date_and_not_removed() -> None:
    today = date(2026, 11, 27)
    joined = date(2024, 1, 1)
    people = [
        member("No date", joined=None),
        member("Facilitator", joined=joined, role=Role.FACILITATOR),
        member("Removed", joined=joined, deleted=True),
        member("Not yet", joined=date(2026, 12, 1)),
        member("Member", joined=joined),
    ]
    assert [due.person.name for due in due_interviews(people, [], today, MONTHS)] == ["Member"]


def test_custom_months() -> None:
    aino = member(joined=date(2026, 1, 15))
    due = one(aino, date(2026, 1, 20), months=(1, 6))
    assert due is not None and due.due == date(2026, 2, 15) and due.months == 1
    later = one(aino, date(2027, 1, 20), months=(1, 6))  # 6, then 18 months: 15.7.2027
    assert later is not None and later.months == 6 and later.missed == 1
    yearly = one(aino, date(2027, 6, 20), months=(1, 6))
    assert yearly is not None and (yearly.months, yearly.due) == (18, date(2027, 7, 15))


def test_the_list_is_sorted_overdue_first_and_counts_said() -> None:
    today = date(2026, 4, 20)
    people = [
        member("Due soon", joined=date(2026, 2, 1)),  # 1.5.2026
        member("Overdue", joined=date(2026, 1, 1)),  # 1.4.2026
        member("Just overdue", joined=date(2026, 1, 10)),  # 10.4.2026
    ]
    found = due_interviews(people, [], today, MONTHS)
    assert [due.person.name for due in found] == ["Overdue", "Just overdue", "Due soon"]
    assert [due.overdue for due in found] == [True, True, False]
    assert due_counts_text(found) == "1 due, 2 overdue"
    assert due_counts_text([]) == ""


def test_the_months_setting_read_and_refused() -> None:
    assert interview_months({}) == DEFAULT_INTERVIEW_MONTHS == (3, 12)
    assert interview_months({INTERVIEW_MONTHS_SETTING: [2, 6, 18]}) == (2, 6, 18)
    assert interview_months({INTERVIEW_MONTHS_SETTING: "junk"}) == (3, 12)
    assert interview_months({INTERVIEW_MONTHS_SETTING: [12, 3]}) == (3, 12)
    assert read_interview_months(" 3, 12 ") == (3, 12)
    assert read_interview_months("1;6 24") == (1, 6, 24)
    assert months_text((3, 12)) == "3, 12"


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "at least one"),
        ("3, x", "“x” is not a whole number"),
        ("3.5", "not a whole number"),
        ("0, 12", "from 1 to 120"),
        ("3, 121", "from 1 to 120"),
        ("12, 3", "increasing"),
        ("3, 3", "increasing"),
        (", ".join(str(month) for month in range(1, 14)), "at most 12"),
    ],
)
def test_months_typed_wrong_are_refused_with_a_reason(text: str, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        read_interview_months(text)


def test_missed_interviews_are_said_in_the_status() -> None:
    aino = member(joined=date(2023, 6, 1))
    due = one(aino, date(2025, 7, 1))
    assert due is not None and due.missed == 2
    assert due_status(due, date(2025, 7, 1)) == "overdue 30 days (2 missed)"
    once = one(aino, date(2025, 7, 1), date(2023, 9, 1))
    assert once is not None and due_status(once, date(2025, 7, 1)) == "overdue 30 days (1 missed)"


def test_after_two_years_the_points_are_said_in_years_when_whole() -> None:
    aino = member(joined=date(2015, 1, 10))
    texts = []
    for today, months in ((date(2015, 4, 1), (3, 12)), (date(2016, 1, 1), (3, 12)), (date(2026, 1, 1), (3, 12))):
        due = one(aino, today, months=months)
        assert due is not None
        texts.append(after_months_text(due))
    odd = one(aino, date(2017, 7, 1), months=(3, 18))  # 18, then 30 months: 10.7.2017
    assert odd is not None and odd.months == 30
    assert [*texts, after_months_text(odd)] == [
        "after 3 months",
        "after 12 months",
        "after 11 years",
        "after 30 months",
    ]


def test_members_without_a_joined_date_are_counted_as_never_due() -> None:
    today = date(2026, 11, 27)
    people = [
        member("No date", joined=None),
        member("No date either", joined=None),
        member("No date, left", joined=None, left=date(2026, 1, 1)),
        member("No date, removed", joined=None, deleted=True),
        member("Facilitator", joined=None, role=Role.FACILITATOR),
        member("Dated"),
    ]
    assert never_due(people, today) == 2
    assert never_due_text(2) == "2 members have no joined date and so are never due: fill it in on the roster."
    assert never_due_text(0) == ""
