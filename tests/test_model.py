"""Form validation of the domain: every problem at once, each naming its field."""

from __future__ import annotations

from datetime import date

import pytest

from facilitator.model import Group, Person, Role, validate_group, validate_person
from facilitator.model.group import NAME_MAX as GROUP_NAME_MAX
from facilitator.model.person import check_person_form, person_field_labels
from facilitator.model.problems import parse_date

TODAY = date(2025, 3, 14)


def blank_person() -> Person:
    return Person(group_id="group-1", name="")


GOOD_FORM: dict[str, str | bool] = {
    "name": "  Máret Ánne Đuđá ",
    "role": "member",
    "company": "Sieidi Oy",
    "business_field": "crafts",
    "municipality": "Utsjoki",
    "email": "maret@sieidi.fi",
    "phone": "+358 40 123 4567",
    "can_host": True,
    "premises_address": "Ellilä 4, 99980 Utsjoki",
    "joined": "1.9.2021",
    "left": "",
    "audio_consent": "2021-09-01",
    "research_consent": "14.3.2025",
    "contact_consent": "",
}


def test_a_good_form_has_no_problems() -> None:
    person, problems = check_person_form(GOOD_FORM, blank_person(), TODAY)
    assert problems == []
    assert person.name == "Máret Ánne Đuđá"
    assert person.role is Role.MEMBER
    assert person.can_host is True
    assert person.joined == date(2021, 9, 1)
    assert person.left is None
    assert person.audio_consent == date(2021, 9, 1)
    assert person.research_consent == TODAY  # given today: not in the future
    assert person.contact_consent is None
    assert validate_person(person, TODAY) == []


def test_a_bad_form_reports_every_problem_at_once() -> None:
    form = {
        **GOOD_FORM,
        "name": "   ",
        "email": "maret@sieidi",
        "phone": "call me",
        "can_host": True,
        "premises_address": "  ",
        "joined": "1.9.2024",
        "left": "1.8.2024",
        "research_consent": "31.2.2024",
        "audio_consent": "15.4.2025",
    }
    _person, problems = check_person_form(form, blank_person(), TODAY)
    by_field = {problem.field: problem for problem in problems}
    assert sorted(by_field) == sorted(
        ["name", "email", "phone", "premises_address", "left", "research_consent", "audio_consent"]
    )
    assert len(problems) == len(by_field), "a field was reported twice"
    labels = person_field_labels()
    for field, problem in by_field.items():
        assert problem.label == labels[field]
        assert problem.message.strip()
        assert str(problem).startswith(labels[field] + ": ")
    assert "31.2.2024" in by_field["research_consent"].message
    assert "maret@sieidi" in by_field["email"].message
    assert "future" in by_field["audio_consent"].message


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", ""),
        ("email", "no at sign"),
        ("email", "two@@example.fi"),
        ("email", "maret@sieidi.f"),
        ("phone", "12"),
        ("phone", "040 123 4567 ext. 8"),
        ("phone", "1" * 16),
        ("joined", "tomorrow"),
        ("left", "2024-13-01"),
        ("contact_consent", "29.2.2023"),
        ("audio_consent", "15.3.2025"),
        ("role", "boss"),
    ],
)
def test_each_problem_names_its_field(field: str, value: str) -> None:
    _person, problems = check_person_form({**GOOD_FORM, field: value}, blank_person(), TODAY)
    assert [problem.field for problem in problems] == [field]


def test_an_unreadable_date_is_one_problem_not_two() -> None:
    """A date that cannot be read is reported as such, not also as "left before joined"."""
    form = {**GOOD_FORM, "joined": "1.9.2024", "left": "32.1.2024"}
    _person, problems = check_person_form(form, blank_person(), TODAY)
    assert [(problem.field, "32.1.2024" in problem.message) for problem in problems] == [("left", True)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15.3.2024", date(2024, 3, 15)),
        ("5.3.2024", date(2024, 3, 5)),
        ("05.03.2024", date(2024, 3, 5)),
        (" 29.2.2024 ", date(2024, 2, 29)),
        ("2024-03-15", date(2024, 3, 15)),
        ("", None),
        ("   ", None),
    ],
)
def test_dates_are_read_the_finnish_or_the_iso_way(text: str, expected: date | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31.2.2024", "29.2.2023", "15.13.2024", "15/3/2024", "3/15/2024", "15.3.24", "x"])
def test_a_text_that_is_not_a_date_is_refused_with_a_message(text: str) -> None:
    with pytest.raises(ValueError) as refused:
        parse_date(text)
    assert text in str(refused.value)
    assert "15.3.2024" in str(refused.value)  # the message shows how to write it


def test_validate_person_on_a_record() -> None:
    person = Person(group_id="g", name="Ánde", joined=date(2024, 5, 1), left=date(2024, 4, 30))
    assert [problem.field for problem in validate_person(person, TODAY)] == ["left"]
    assert (
        validate_person(Person(group_id="g", name="Ánde", left=date(2024, 5, 1), joined=date(2024, 5, 1)), TODAY) == []
    )


# -- groups ------------------------------------------------------------------------------------


def test_a_good_group_has_no_problems() -> None:
    assert validate_group(Group(name="Inari"), {"Utsjoki", "Enontekiö"}) == []
    assert validate_group(Group(name="Tornio", time_zone="Europe/Stockholm")) == []


@pytest.mark.parametrize("name", ["", "   ", "x" * (GROUP_NAME_MAX + 1)])
def test_a_group_needs_a_name_of_sensible_length(name: str) -> None:
    problems = validate_group(Group(name=name))
    assert [problem.field for problem in problems] == ["name"]


@pytest.mark.parametrize("name", ["Inari", "INARI", "inari", " Inari "])
def test_a_group_name_must_not_repeat_another(name: str) -> None:
    problems = validate_group(Group(name=name), {"Utsjoki", "Inari"})
    assert [problem.field for problem in problems] == ["name"]
    assert "already" in problems[0].message


@pytest.mark.parametrize("zone", ["Helsinki", "Europe/Helsinkii", "", "Europe", "../../etc/passwd", "EET+2"])
def test_a_group_needs_a_real_time_zone(zone: str) -> None:
    problems = validate_group(Group(name="Inari", time_zone=zone))
    assert [problem.field for problem in problems] == ["time_zone"]
    assert "Europe/Helsinki" in problems[0].message


def test_a_group_with_two_problems_reports_both() -> None:
    problems = validate_group(Group(name="", time_zone="Mars/Olympus"))
    assert [problem.field for problem in problems] == ["name", "time_zone"]


def test_someone_who_joins_later_is_not_yet_a_current_member() -> None:
    from datetime import date

    from facilitator.model import Person

    joining = Person(group_id="g", name="Aino", joined=date(2027, 1, 1))
    assert not joining.is_current_member(date(2026, 12, 31))
    assert joining.is_current_member(date(2027, 1, 1))
