"""The indicators' rules on records made for the purpose: how a period's jobs tile with the next,
which of two staff counts of one day is read, what a firm is and what it is called, and the words
the figures are said in."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from facilitator.history import MeetingRecords
from facilitator.i18n import use_language
from facilitator.indicator_codes import ATTENDANCES, JOBS, MEETINGS, SUPPORTED, format_value, indicator_unit, quantity
from facilitator.indicators import Indicators, compute_indicators
from facilitator.model import Attendance, Group, Interview, Meeting, MeetingStatus, Person, Presence
from facilitator.network import GroupRecords
from tests.conftest import TEST_LANGUAGE

GROUP = Group(name="Inari peer group", time_zone="Europe/Helsinki")


def _meeting(day: date, theme: str = "") -> Meeting:
    starts = datetime(day.year, day.month, day.day, 15, tzinfo=UTC)
    return Meeting(
        group_id=GROUP.id, starts_at=starts, ends_at=starts + timedelta(hours=2), status=MeetingStatus.HELD, theme=theme
    )


def _network(
    people: list[Person], days: list[date], theme: str = "", interviews: Sequence[Interview] = ()
) -> list[GroupRecords]:
    """One group whose ``people`` were all present at a held meeting on each of ``days``, with
    ``interviews``."""
    meetings = [_meeting(day, theme) for day in days]
    records = {
        meeting.id: MeetingRecords(
            attendance=[
                Attendance(meeting_id=meeting.id, person_id=person.id, status=Presence.PRESENT) for person in people
            ]
        )
        for meeting in meetings
    }
    return [GroupRecords(GROUP, people, meetings, records, interviews=interviews)]


def _count(person: Person, day: date, staff: float, saved: int = 0, **given: str) -> Interview:
    """An interview of ``person`` first saved ``saved`` minutes into 2026."""
    moment = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=saved)
    return Interview(person_id=person.id, day=day, staff=staff, created_at=moment, updated_at=moment, **given)  # type: ignore[arg-type]


def _jobs(figures: Indicators) -> float:
    return figures.figure(JOBS).value


def test_consecutive_periods_tile_a_count_on_new_years_day_ends_the_old_years_growth() -> None:
    """The start is the latest count strictly before the period's first day: 2025's jobs and 2026's
    add up to those of the two years together, with a count on 1 January 2026 between them."""
    person = Person(group_id=GROUP.id, name="Biret Đuđá", company="Saamen Matkat Oy")
    counts = [
        _count(person, date(2024, 6, 1), 4),
        _count(person, date(2025, 1, 1), 5),  # on the first day: 2025's growth starts before it
        _count(person, date(2025, 9, 1), 6.5),
        _count(person, date(2026, 1, 1), 8),  # ends 2025's growth? no: it is 2026's first day
        _count(person, date(2026, 5, 1), 9),
    ]

    network = _network([person], [date(2025, 3, 1), date(2026, 3, 1)], interviews=counts)

    def jobs(first: date, last: date) -> float:
        return _jobs(compute_indicators(network, first, last))

    year_2025 = jobs(date(2025, 1, 1), date(2025, 12, 31))
    year_2026 = jobs(date(2026, 1, 1), date(2026, 12, 31))
    assert (year_2025, year_2026) == (2.5, 2.5)  # 4 → 6.5, 6.5 → 9
    assert year_2025 + year_2026 == jobs(date(2025, 1, 1), date(2026, 12, 31)) == 5


def test_of_two_counts_on_one_day_the_one_entered_last_is_read_whatever_the_ids_and_the_edits() -> None:
    person = Person(group_id=GROUP.id, name="Máret Ŋuolja")
    start = _count(person, date(2025, 2, 1), 3)
    typed_first = _count(person, date(2025, 11, 1), 9, saved=1, id="ffff")
    corrected = _count(person, date(2025, 11, 1), 5, saved=2, id="0000")
    for order in ([start, typed_first, corrected], [corrected, typed_first, start]):
        network = _network([person], [date(2025, 3, 1)], interviews=order)
        figures = compute_indicators(network, date(2025, 1, 1), date(2025, 12, 31))
        assert _jobs(figures) == 2  # 3 → 5: the correction entered last, though its id is the smaller
    # A typo fixed later in the first one does not make it the latest.
    edited = replace(typed_first, staff=8.0, updated_at=datetime(2026, 2, 1, tzinfo=UTC))
    network = _network([person], [date(2025, 3, 1)], interviews=[start, edited, corrected])
    assert _jobs(compute_indicators(network, date(2025, 1, 1), date(2025, 12, 31))) == 2
    same_moment = replace(corrected, created_at=typed_first.created_at)
    network = _network([person], [date(2025, 3, 1)], interviews=[start, same_moment, typed_first])
    figures = compute_indicators(network, date(2025, 1, 1), date(2025, 12, 31))
    assert _jobs(figures) == 6  # entered at one moment: the greater id, ffff (9)


def test_a_dash_is_no_firm_and_a_firm_is_called_as_most_of_its_people_write_it() -> None:
    people = [
        Person(group_id=GROUP.id, name="Ánde Čuoŋ", company="-"),
        Person(group_id=GROUP.id, name="Matti Virtanen", company="–"),
        Person(group_id=GROUP.id, name="Aino", company="Pohjoisen puu ky"),
        Person(group_id=GROUP.id, name="Biret", company="Pohjoisen Puu Ky"),
        Person(group_id=GROUP.id, name="Elle", company="POHJOISEN PUU KY"),
        Person(group_id=GROUP.id, name="Inga", company="Pohjoisen Puu Ky"),
    ]
    for order in (people, people[::-1]):
        figures = compute_indicators(_network(order, [date(2025, 3, 1)]), date(2025, 1, 1), date(2025, 12, 31))
        assert figures.figure(SUPPORTED).value == 3  # the two with a dash are two firms of their own
        assert {row.who for row in figures.figure(SUPPORTED).basis} == {
            "Ánde Čuoŋ",
            "Matti Virtanen",
            "Pohjoisen Puu Ky",
        }


def test_a_meeting_held_is_named_by_its_group_day_and_theme() -> None:
    person = Person(group_id=GROUP.id, name="Biret")
    figures = compute_indicators(
        _network([person], [date(2025, 3, 1)], "Hiring the first employee"),
        date(2025, 1, 1),
        date(2025, 12, 31),
    )
    (row,) = figures.figure(MEETINGS).basis
    assert row.who == "Inari peer group · 2025-03-01 · Hiring the first employee"
    assert row.note == "1 member present"


def test_the_figures_are_said_in_the_readers_words() -> None:
    assert quantity(SUPPORTED, 1) == "1 enterprise" and quantity(SUPPORTED, 2) == "2 enterprises"
    assert quantity(JOBS, 2.5) == "2.5 annual FTEs" and quantity(JOBS, 1) == "1 annual FTE"
    assert format_value(JOBS, 2.25, fixed=True) == "2.25"
    try:
        use_language("fi")
        assert quantity(MEETINGS, 9) == "9 tapaamista" and quantity(MEETINGS, 1) == "1 tapaaminen"
        assert quantity(SUPPORTED, 1) == "1 yritys" and quantity(SUPPORTED, 2) == "2 yritystä"
        assert format_value(JOBS, 2.5) == "2,5" and format_value(JOBS, 2.5, fixed=True) == "2.5"
        assert indicator_unit(ATTENDANCES) != "attendances"
        use_language("sv")
        assert quantity(SUPPORTED, 2) == "2 företag" and format_value(JOBS, 2.5) == "2,5"
    finally:
        use_language(TEST_LANGUAGE)


@pytest.mark.parametrize(
    "code", [MEETINGS, ATTENDANCES, "participants", "RCO01-size-not-known", "RCR01-not-measurable"]
)
def test_our_own_codes_have_a_translated_name(code: str) -> None:
    from facilitator.indicator_codes import indicator_name

    try:
        use_language("fi")
        finnish = indicator_name(code)
    finally:
        use_language(TEST_LANGUAGE)
    assert finnish and finnish != indicator_name(code)
