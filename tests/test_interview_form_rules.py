"""The growth interview form's rules without a screen: staff counts as typed, the date against the
person's joining, barrier boxes and their notes, and which interview is the previous one."""

from __future__ import annotations

import dataclasses
import math
from datetime import UTC, date, datetime

import pytest

from facilitator.interview_answers import previous_interview, staff_field_text
from facilitator.model import Barrier, GrowthIntention, Interview, InterviewKind, Outcome, Person, validate_interview
from facilitator.model.development import read_staff
from facilitator.model.interview import BARRIER_NOTE_MAX, barrier_field, barrier_note_field, check_interview_form
from tests.conftest import DEMO_DAY
from tests.language_support import speaking

JOINED = date(2026, 1, 15)
PERSON = Person(group_id="g", name="Anna Berg", joined=JOINED)


def form_values(**changed: str | bool) -> dict[str, str | bool]:
    """A filled-in form of a follow-up interview of Anna, every box empty, with ``changed``."""
    values: dict[str, str | bool] = {
        "day": "2026-06-01",
        "kind": InterviewKind.FOLLOW_UP.value,
        "interviewer": "Riikka Ahonen",
        "intention": GrowthIntention.STAY.value,
        "planned_staff": "",
        "planned_turnover": "",
        "staff": "",
        "turnover": "",
        "network_gives": "",
        "network_value": "",
    }
    for barrier in Barrier:
        values[barrier_field(barrier)] = False
        values[barrier_note_field(barrier)] = ""
    return values | changed


def check(values: dict[str, str | bool]) -> tuple[Interview, dict[str, str]]:
    interview, problems = check_interview_form(values, Interview(person_id=PERSON.id, day=DEMO_DAY), DEMO_DAY, PERSON)
    return interview, {problem.field: problem.message for problem in problems}


# -- staff counts -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "read"), [("2", 2.0), ("2,5", 2.5), ("0.5", 0.5), (" 3 ", 3.0), ("", None)])
def test_a_staff_count_is_digits_with_at_most_one_decimal(typed: str, read: float | None) -> None:
    assert read_staff(typed) == read


@pytest.mark.parametrize("typed", ["1,000", "2.04", "1e3", "1_000", "-0", "-1", "2.", ",5", "nan", "10000.5", "٣"])
def test_anything_else_typed_as_a_staff_count_is_refused(typed: str) -> None:
    with pytest.raises(ValueError, match=r"at most one decimal, such as 2\.5\.$"):
        read_staff(typed)


def test_a_staff_count_of_nought_is_stored_without_a_sign() -> None:
    staff = read_staff("0")
    assert staff == 0 and math.copysign(1, staff) == 1


def test_the_staff_message_and_a_staff_count_in_a_field_are_written_the_user_s_way() -> None:
    with speaking("fi"):
        with pytest.raises(ValueError, match=r"esimerkiksi 2,5\.$"):
            read_staff("1,000")
        assert [staff_field_text(staff) for staff in (None, 2, 2.5, 1200.5)] == ["", "2", "2,5", "1200,5"]
    assert [staff_field_text(staff) for staff in (None, 2, 2.5, 1200.5)] == ["", "2", "2.5", "1200.5"]
    # What a field shows, read back, is the same count (no thousands separator to refuse).
    for staff in (0.0, 2.5, 1200.5, 10_000.0):
        assert read_staff(staff_field_text(staff)) == staff


# -- the date ---------------------------------------------------------------------------------------


def test_an_interview_dated_before_the_person_joined_is_refused_on_the_form() -> None:
    interview, problems = check(form_values(day="14.1.2026"))
    assert problems == {"day": "The interview is dated before Anna Berg joined on 15 Jan 2026."}
    assert check(form_values(day="15.1.2026"))[1] == {}
    # A stored interview stays valid when the joining date is corrected to after it (an import takes it).
    assert validate_interview(interview, DEMO_DAY) == []


# -- barriers and their notes -----------------------------------------------------------------------


def test_a_note_beside_an_empty_box_is_a_problem_beside_that_note() -> None:
    finance_note = barrier_note_field(Barrier.FINANCE)
    _interview, problems = check(form_values(**{finance_note: "no loan for a van"}))
    assert problems == {finance_note: "Tick the barrier or clear its note."}
    ticked, problems = check(form_values(**{finance_note: "no loan for a van", barrier_field(Barrier.FINANCE): True}))
    assert problems == {} and ticked.barriers == {Barrier.FINANCE.value: "no loan for a van"}
    box_only, problems = check(form_values(**{barrier_field(Barrier.TIME): True}))
    assert problems == {} and box_only.barriers == {Barrier.TIME.value: ""}


def test_a_note_too_long_is_a_problem_beside_that_note_and_the_limit_itself_is_allowed() -> None:
    ticked = {barrier_field(Barrier.DISTANCE): True}
    longest = barrier_note_field(Barrier.DISTANCE)
    assert check(form_values(**ticked, **{longest: "x" * BARRIER_NOTE_MAX}))[1] == {}
    _interview, problems = check(form_values(**ticked, **{longest: "x" * (BARRIER_NOTE_MAX + 1)}))
    assert problems == {longest: f"Keep the note to {BARRIER_NOTE_MAX} characters at most."}


# -- the previous interview -------------------------------------------------------------------------


def saved(day: date, at: int, name: str) -> Interview:
    """An interview of Anna on ``day``, saved at ``at`` o'clock of that day."""
    moment = datetime(day.year, day.month, day.day, at, tzinfo=UTC)
    return Interview(id=name, person_id=PERSON.id, day=day, network_gives=name, created_at=moment, revision=1)


def test_an_interview_saved_earlier_the_same_day_is_the_previous_one() -> None:
    day = date(2026, 6, 1)
    # The ids sort the other way round from the saving: the order saved decides, not the id.
    morning, afternoon = saved(day, 9, "z-morning"), saved(day, 15, "a-afternoon")
    earlier = saved(date(2026, 3, 1), 9, "march")
    interviews = [earlier, afternoon, morning]
    assert previous_interview(interviews, Interview(person_id=PERSON.id, day=day)) is afternoon  # a new one
    assert previous_interview(interviews, afternoon) is morning
    assert previous_interview(interviews, morning) is earlier
    assert previous_interview([dataclasses.replace(afternoon, deleted=True), morning], afternoon) is morning


def test_a_growth_intention_left_unchosen_is_a_problem_not_the_one_before_kept() -> None:
    _interview, problems = check(form_values(intention=""))
    assert problems == {"intention": "Choose the growth intention the person expressed."}
    interview, problems = check(form_values(intention=GrowthIntention.STRONG.value))
    assert problems == {} and interview.intention is GrowthIntention.STRONG


def test_interviews_and_outcomes_of_one_day_stand_in_the_order_they_were_saved() -> None:
    saved = datetime(2026, 6, 1, 9, tzinfo=UTC)
    later = Interview(id="a", person_id=PERSON.id, day=date(2026, 6, 1), created_at=saved.replace(hour=10))
    earlier = Interview(id="b", person_id=PERSON.id, day=date(2026, 6, 1), created_at=saved)
    not_saved = Interview(id="c", person_id=PERSON.id, day=date(2026, 6, 1))
    day_before = Interview(id="d", person_id=PERSON.id, day=date(2026, 5, 31), created_at=saved.replace(hour=23))
    in_order = sorted([later, earlier, not_saved, day_before], key=Interview.order_key)
    assert [interview.id for interview in in_order] == ["d", "c", "b", "a"]
    first = Outcome(id="z", person_id=PERSON.id, day=date(2026, 6, 1), created_at=saved)
    second = Outcome(id="y", person_id=PERSON.id, day=date(2026, 6, 1), created_at=saved.replace(hour=10))
    assert sorted([second, first], key=Outcome.order_key) == [first, second]
