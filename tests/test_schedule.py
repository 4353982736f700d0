"""Meeting dates from a pattern: the rule, local times across DST, skipped months, holidays, moves."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from hypothesis import given, settings, strategies as st

from facilitator.model import Invalid, MeetingPattern
from facilitator.schedule import describe_pattern, is_public_holiday, meeting_dates, validate_pattern

HELSINKI = "Europe/Helsinki"
TODAY = date(2026, 1, 1)


def days(pattern: MeetingPattern, first: date, last: date) -> list[date]:
    return [planned.day for planned in meeting_dates(pattern, HELSINKI, first, last)]


def plain(rrule: str = "FREQ=MONTHLY;BYDAY=+2TU", **changes: object) -> MeetingPattern:
    """A pattern that skips nothing unless told to."""
    values: dict[str, object] = {"skip_months": [], "skip_holidays": False, **changes}
    return MeetingPattern(rrule=rrule, **values)  # type: ignore[arg-type]


# -- dates ---------------------------------------------------------------------------------------


def test_second_tuesday_of_each_month() -> None:
    assert days(plain(), date(2026, 1, 1), date(2026, 6, 30)) == [
        date(2026, 1, 13),
        date(2026, 2, 10),
        date(2026, 3, 10),
        date(2026, 4, 14),
        date(2026, 5, 12),
        date(2026, 6, 9),
    ]


def test_first_and_last_day_are_included() -> None:
    assert days(plain(), date(2026, 1, 13), date(2026, 2, 10)) == [date(2026, 1, 13), date(2026, 2, 10)]


def test_the_times_stay_local_across_the_daylight_saving_change() -> None:
    """Finland moves its clocks on 29 March 2026: both meetings start at 17:30 on the wall clock."""
    march, april = meeting_dates(plain(), HELSINKI, date(2026, 3, 1), date(2026, 4, 30))
    assert (march.day, april.day) == (date(2026, 3, 10), date(2026, 4, 14))
    for planned in (march, april):
        assert planned.starts_at.timetz().replace(tzinfo=None) == time(17, 30)
        assert planned.ends_at.time() == time(20, 0)
        assert str(planned.starts_at.tzinfo) == HELSINKI
    assert march.starts_at.utcoffset() == timedelta(hours=2)
    assert april.starts_at.utcoffset() == timedelta(hours=3)
    assert (march.starts_at.utctimetuple().tm_hour, april.starts_at.utctimetuple().tm_hour) == (15, 14)


def test_skipped_months_have_no_meetings() -> None:
    pattern = plain(skip_months=[6, 7, 8])
    found = days(pattern, date(2026, 1, 1), date(2026, 12, 31))
    assert {day.month for day in found} == {1, 2, 3, 4, 5, 9, 10, 11, 12}


def test_a_finnish_public_holiday_is_skipped() -> None:
    """6 January 2026 (Epiphany) is the first Tuesday of the month."""
    pattern = plain("FREQ=MONTHLY;BYDAY=+1TU", skip_holidays=True)
    assert days(pattern, date(2026, 1, 1), date(2026, 2, 28)) == [date(2026, 2, 3)]
    assert days(plain("FREQ=MONTHLY;BYDAY=+1TU"), date(2026, 1, 1), date(2026, 1, 31)) == [date(2026, 1, 6)]


def test_independence_day_moves_to_the_next_weekday() -> None:
    """6 December 2027 is a Monday: the meeting moves to Tuesday the 7th and says so."""
    pattern = plain("FREQ=MONTHLY;BYMONTHDAY=6", skip_holidays=True, move_skipped=True)
    (december,) = meeting_dates(pattern, HELSINKI, date(2027, 12, 1), date(2027, 12, 31))
    assert (december.day, december.moved_from) == (date(2027, 12, 7), date(2027, 12, 6))
    assert december.starts_at.time() == time(17, 30)


def test_a_moved_date_skips_weekends_holidays_and_dates_already_taken() -> None:
    """Christmas Eve 2026 is a Thursday; Friday 25th and Saturday 26th are holidays, then a Sunday:
    the meeting lands on Monday the 28th. On a weekly rule the next meeting's day is not taken."""
    pattern = plain("FREQ=MONTHLY;BYMONTHDAY=24", skip_holidays=True, move_skipped=True)
    (moved,) = meeting_dates(pattern, HELSINKI, date(2026, 12, 1), date(2026, 12, 31))
    assert (moved.day, moved.moved_from) == (date(2026, 12, 28), date(2026, 12, 24))
    weekly = plain("FREQ=WEEKLY;BYDAY=MO", skip_dates=[date(2026, 3, 2)], move_skipped=True)
    found = meeting_dates(weekly, HELSINKI, date(2026, 3, 1), date(2026, 3, 10))
    assert [(planned.day, planned.moved_from) for planned in found] == [
        (date(2026, 3, 3), date(2026, 3, 2)),
        (date(2026, 3, 9), None),
    ]


def test_a_move_never_crosses_into_a_month_without_meetings_or_past_the_season() -> None:
    """Friday 29 May 2026 is skipped; the next weekday is in June, a month without meetings."""
    pattern = plain(
        "FREQ=MONTHLY;BYMONTHDAY=29", skip_months=[6, 7, 8], skip_dates=[date(2026, 5, 29)], move_skipped=True
    )
    assert date(2026, 6, 1) not in days(pattern, date(2026, 5, 1), date(2026, 9, 30))
    assert days(pattern, date(2026, 5, 1), date(2026, 9, 30)) == [date(2026, 9, 29)]
    november = plain("FREQ=MONTHLY;BYMONTHDAY=27", skip_dates=[date(2026, 11, 27)], move_skipped=True)
    assert days(november, date(2026, 11, 1), date(2026, 11, 27)) == []


def test_christmas_eve_and_midsummer_eve_count_as_holidays() -> None:
    assert is_public_holiday(date(2026, 12, 24))
    assert is_public_holiday(date(2026, 6, 19))  # Midsummer Eve, a Friday
    assert is_public_holiday(date(2026, 12, 6))
    assert not is_public_holiday(date(2026, 12, 8))


def test_skip_dates_are_dropped_without_move() -> None:
    pattern = plain(skip_dates=[date(2026, 2, 10)])
    assert days(pattern, date(2026, 1, 1), date(2026, 3, 31)) == [date(2026, 1, 13), date(2026, 3, 10)]


def test_an_invalid_pattern_gives_no_dates_but_its_problems() -> None:
    with pytest.raises(Invalid) as raised:
        meeting_dates(plain("FREQ=DAILY"), HELSINKI, TODAY, date(2026, 12, 31))
    assert [problem.field for problem in raised.value.problems] == ["rrule"]


@settings(max_examples=60, deadline=None)
@given(
    ordinal=st.sampled_from(["+1", "+2", "+3", "-1"]),
    weekday=st.sampled_from(["MO", "TU", "WE", "TH"]),
    skip_months=st.sets(st.integers(1, 12), max_size=4),
    skip_holidays=st.booleans(),
    move=st.booleans(),
    start=st.dates(date(2024, 1, 1), date(2030, 12, 31)),
    length=st.integers(0, 500),
)
def test_every_date_respects_the_pattern(
    ordinal: str, weekday: str, skip_months: set[int], skip_holidays: bool, move: bool, start: date, length: int
) -> None:
    pattern = plain(
        f"FREQ=MONTHLY;BYDAY={ordinal}{weekday}",
        skip_months=sorted(skip_months),
        skip_holidays=skip_holidays,
        move_skipped=move,
    )
    last = start + timedelta(days=length)
    try:
        found = meeting_dates(pattern, HELSINKI, start, last)
    except Invalid:  # every month skipped, say
        return
    found_days = [planned.day for planned in found]
    assert found_days == sorted(set(found_days))
    for planned in found:
        assert start <= planned.day <= last
        assert planned.day.month not in skip_months
        assert not (skip_holidays and is_public_holiday(planned.day))
        assert planned.starts_at.time() == time(17, 30) and planned.starts_at.date() == planned.day
        if planned.moved_from is not None:
            assert move and 0 < (planned.day - planned.moved_from).days <= 7 and planned.day.weekday() < 5


# -- validation ---------------------------------------------------------------------------------


def messages(pattern: MeetingPattern) -> dict[str, str]:
    return {problem.field: problem.message for problem in validate_pattern(pattern, TODAY)}


def test_the_default_pattern_is_valid() -> None:
    assert validate_pattern(MeetingPattern(), TODAY) == []


def test_an_unreadable_rule_says_why_and_shows_an_example() -> None:
    message = messages(plain("FREQ=MONTHLY;BYDAY=+2XX"))["rrule"]
    assert message.startswith("This rule cannot be read: ")
    assert "BYDAY" in message and "FREQ=MONTHLY;BYDAY=+2TU" in message
    assert "NAME=VALUE" in messages(plain("every second tuesday"))["rrule"]
    assert "FREQ" in messages(plain("BYDAY=+2TU"))["rrule"]
    assert "Enter a rule" in messages(plain(""))["rrule"]


@pytest.mark.parametrize(
    ("rrule", "words"),
    [
        ("FREQ=DAILY", "once a month"),
        ("FREQ=HOURLY;BYDAY=TU", "once a month"),
        ("FREQ=WEEKLY;BYDAY=MO,TH", "less than a week apart"),
        ("FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=2", "never gives a meeting date"),
        ("FREQ=MONTHLY;BYDAY=+2TU;COUNT=5", "Leave out COUNT"),
        ("FREQ=MONTHLY;BYDAY=+2TU;UNTIL=20270101T000000Z", "Leave out UNTIL"),
        ("DTSTART:20260101T173000\nRRULE:FREQ=MONTHLY;BYDAY=+2TU", "Leave out DTSTART"),
        ("FREQ=MONTHLY;BYDAY=+2TU;BYHOUR=18", "Starts and Ends"),
        ("FREQ=MONTHLY", "on which day"),
    ],
)
def test_rules_a_peer_group_cannot_use_are_refused(rrule: str, words: str) -> None:
    assert words in messages(plain(rrule))["rrule"]


def test_a_rule_whose_dates_all_fall_in_skipped_months() -> None:
    july_only = plain("FREQ=YEARLY;BYMONTH=7;BYMONTHDAY=1", skip_months=[6, 7, 8])
    assert "month without meetings" in messages(july_only)["skip_months"]


def test_every_problem_at_once() -> None:
    found = messages(plain("FREQ=DAILY", start_time="25:00", end_time="soon", skip_months=[0, 6, 13]))
    assert set(found) == {"rrule", "start_time", "end_time", "skip_months"}
    assert found["start_time"] == "Write the time as 17:30." and found["end_time"] == "Write the time as 20:00."
    assert "0, 13 are not months" in found["skip_months"]


def test_the_end_must_come_after_the_start() -> None:
    assert "end after it starts" in messages(plain(start_time="18:00", end_time="17:30"))["end_time"]
    assert "end after it starts" in messages(plain(start_time="18:00", end_time="18:00"))["end_time"]
    assert messages(plain(start_time="9:05", end_time="11:00")) == {}


# -- in words -----------------------------------------------------------------------------------


def test_the_default_pattern_in_words() -> None:
    assert describe_pattern(MeetingPattern()) == (
        "second Tuesday of each month, 17:30–20:00; no meetings in June, July, August; public holidays skipped"
    )


@pytest.mark.parametrize(
    ("rrule", "words"),
    [
        ("FREQ=MONTHLY;BYDAY=-1FR", "last Friday of each month"),
        ("FREQ=MONTHLY;BYDAY=TH;BYSETPOS=3", "third Thursday of each month"),
        ("FREQ=MONTHLY;INTERVAL=2;BYDAY=1WE", "first Wednesday of every 2 months"),
        ("FREQ=WEEKLY;BYDAY=MO", "every Monday"),
        ("FREQ=WEEKLY;INTERVAL=3;BYDAY=TU", "every 3 weeks on Tuesday"),
        ("FREQ=MONTHLY;BYMONTHDAY=15", "day 15 of each month"),
        ("FREQ=MONTHLY;BYMONTHDAY=-1", "last day of each month"),
        ("rrule:freq=monthly;byday=+2tu", "second Tuesday of each month"),
        ("FREQ=MONTHLY;BYDAY=TU,TH;BYSETPOS=2", "rule FREQ=MONTHLY;BYDAY=TU,TH;BYSETPOS=2"),
    ],
)
def test_common_rules_in_words_and_others_as_the_rule(rrule: str, words: str) -> None:
    assert describe_pattern(plain(rrule)) == f"{words}, 17:30–20:00"


def test_skipped_and_moved_days_in_words() -> None:
    pattern = plain(skip_dates=[date(2026, 3, 10), date(2026, 4, 14)], skip_holidays=True, move_skipped=True)
    assert describe_pattern(pattern) == (
        "second Tuesday of each month, 17:30–20:00; 2 dates skipped; public holidays skipped; "
        "skipped days move to the next weekday"
    )


@pytest.mark.parametrize(
    "rule", ["FREQ=WEEKLY;BYMONTHDAY=31;BYMONTH=2;BYDAY=MO", "FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=4,6"]
)
def test_a_rule_asking_for_a_day_no_month_has_is_refused_before_dateutil_searches(rule: str) -> None:
    from facilitator.pattern_rules import no_such_day as _no_such_day

    assert _no_such_day(rule)
    assert not _no_such_day("FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=2,3")
    problems = validate_pattern(MeetingPattern(rrule=rule), date(2026, 11, 27))
    assert any("never gives a meeting date" in problem.message for problem in problems)
