"""Planning and re-planning a season, and the changes made by hand: swaps, overrides, declines."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from facilitator.model import Absence, Group, Meeting, MeetingPattern, MeetingStatus, Person
from facilitator.rotation import meeting_day
from facilitator.season import SeasonPlan, decline, plan_season, set_host, swap_hosts

HELSINKI = ZoneInfo("Europe/Helsinki")
TODAY = date(2026, 8, 15)
FIRST, LAST = date(2026, 9, 1), date(2027, 5, 31)
#: The second Tuesdays of the 2026–2027 season; the default pattern skips June to August.
SEASON_DAYS = [
    date(2026, 9, 8),
    date(2026, 10, 13),
    date(2026, 11, 10),
    date(2026, 12, 8),
    date(2027, 1, 12),
    date(2027, 2, 9),
    date(2027, 3, 9),
    date(2027, 4, 13),
    date(2027, 5, 11),
]


def group(**pattern: object) -> Group:
    return Group(id="group-1", name="Kemi", pattern=MeetingPattern(**pattern))  # type: ignore[arg-type]


def member(name: str, joined: date) -> Person:
    return Person(
        id=name.lower(),
        group_id="group-1",
        name=name,
        joined=joined,
        can_host=True,
        premises_address=f"{name}ntie 1, Kemi",
    )


PEOPLE = [member("Aino", date(2021, 1, 1)), member("Bertta", date(2022, 1, 1)), member("Cecilia", date(2023, 1, 1))]


def at(day: date, host: str = "", status: MeetingStatus = MeetingStatus.PLANNED, **changes: object) -> Meeting:
    return Meeting(
        id=f"m-{day.isoformat()}",
        group_id="group-1",
        status=status,
        host_id=host,
        starts_at=datetime.combine(day, time(17, 30), tzinfo=HELSINKI).astimezone(ZoneInfo("UTC")),
        ends_at=datetime.combine(day, time(20, 0), tzinfo=HELSINKI).astimezone(ZoneInfo("UTC")),
        **changes,  # type: ignore[arg-type]
    )


def plan(meetings: list[Meeting], the_group: Group | None = None, absences: tuple[Absence, ...] = ()) -> SeasonPlan:
    return plan_season(the_group or group(), PEOPLE, absences, meetings, FIRST, LAST, TODAY)


def saved(meetings: list[Meeting], season: SeasonPlan) -> list[Meeting]:
    """The group's meetings after ``season`` is saved, as the repository would list them."""
    changed = {meeting.id: meeting for meeting in season.meetings}
    removed = {meeting.id for meeting in season.removed}
    kept = [changed.pop(meeting.id, meeting) for meeting in meetings if meeting.id not in removed]
    return sorted([*kept, *changed.values()], key=lambda meeting: meeting.starts_at)


def test_a_season_is_planned_with_hosts_at_their_premises() -> None:
    season = plan([])
    assert season.problems == [] and season.removed == []
    assert [meeting_day(meeting) for meeting in season.meetings] == SEASON_DAYS
    assert [meeting.host_id for meeting in season.meetings] == ["aino", "bertta", "cecilia"] * 3
    for meeting in season.meetings:
        assert meeting.group_id == "group-1" and meeting.status is MeetingStatus.PLANNED
        assert meeting.starts_at.astimezone(HELSINKI).time() == time(17, 30)
        assert meeting.location == f"{meeting.host_id.capitalize()}ntie 1, Kemi"
        assert meeting.host_reason and not meeting.edited_by_hand
    assert len({meeting.id for meeting in season.meetings}) == len(SEASON_DAYS)


def test_planning_is_deterministic_and_planning_again_changes_nothing() -> None:
    def shown(season: SeasonPlan) -> list[tuple[object, ...]]:
        return [(m.starts_at, m.ends_at, m.host_id, m.location, m.host_reason) for m in season.meetings]

    first = plan([])
    assert shown(plan([])) == shown(first)
    again = plan(saved([], first))
    assert again == SeasonPlan([], [], [])


def test_re_planning_keeps_held_confirmed_hand_edited_and_cancelled_meetings() -> None:
    fixed = [
        at(date(2026, 9, 8), "cecilia", MeetingStatus.HELD),
        at(date(2026, 10, 13), "cecilia", MeetingStatus.CONFIRMED),
        at(date(2026, 11, 12), "bertta", edited_by_hand=True),  # moved by hand from the 10th
        at(date(2026, 12, 8), "aino", MeetingStatus.CANCELLED),
    ]
    season = plan(fixed)
    fixed_ids = {meeting.id for meeting in fixed}
    assert not fixed_ids & {meeting.id for meeting in [*season.meetings, *season.removed]}
    assert [meeting_day(meeting) for meeting in season.meetings] == SEASON_DAYS[4:]
    # The fixed hosts count as history: Cecilia (twice) and Bertta hosted, Aino's was cancelled.
    assert [meeting.host_id for meeting in season.meetings][:3] == ["aino", "cecilia", "bertta"]


def test_a_planned_meeting_still_given_keeps_its_id_and_gets_the_new_times() -> None:
    first = saved([], plan([]))
    later = plan(first, group(start_time="18:00", end_time="20:30"))
    assert later.removed == []
    assert [meeting.id for meeting in later.meetings] == [meeting.id for meeting in first]
    assert {meeting.starts_at.astimezone(HELSINKI).time() for meeting in later.meetings} == {time(18, 0)}
    assert {meeting.ends_at.astimezone(HELSINKI).time() for meeting in later.meetings} == {time(20, 30)}


def test_planned_meetings_the_pattern_no_longer_gives_are_removed() -> None:
    held = at(date(2026, 9, 8), "aino", MeetingStatus.HELD)
    first = saved([held], plan([held]))
    thursdays = plan(first, group(rrule="FREQ=MONTHLY;BYDAY=-1TH"))
    planned_before = [meeting for meeting in first if meeting.id != held.id]
    assert [meeting.id for meeting in thursdays.removed] == [meeting.id for meeting in planned_before]
    assert held not in thursdays.removed and held.id not in {meeting.id for meeting in thursdays.meetings}
    assert all(meeting_day(meeting).weekday() == 3 for meeting in thursdays.meetings)
    assert meeting_day(thursdays.meetings[0]) == date(2026, 9, 24)  # 16 days from the held one: not its date


def test_two_planned_meetings_on_one_day_become_one() -> None:
    """Two laptops planned the same season: one meeting per date is kept (the same one each time)."""
    first = saved([], plan([]))
    twin = dataclasses.replace(first[0], id="a-twin")
    season = plan([*first, twin])
    assert [meeting.id for meeting in season.removed] == [max(first[0].id, twin.id)]
    assert season.meetings == []


def test_the_past_is_history() -> None:
    """A planned meeting before today is neither moved nor removed, and nothing is planned there."""
    past = at(date(2026, 5, 12), "aino")
    season = plan_season(group(), PEOPLE, [], [past], date(2026, 1, 1), LAST, TODAY)
    assert past not in season.removed and past.id not in {meeting.id for meeting in season.meetings}
    assert meeting_day(season.meetings[0]) == SEASON_DAYS[0]
    assert season.meetings[0].host_id == "bertta"  # Aino's planned meeting counts as her turn


def test_absences_and_declines_are_respected_when_re_planning() -> None:
    leave = Absence(person_id="aino", starts=date(2026, 9, 1), ends=date(2026, 9, 30), reason="harvest")
    first = saved([], plan([], absences=(leave,)))
    assert [meeting.host_id for meeting in first[:4]] == ["bertta", "aino", "cecilia", "bertta"]
    declined = [dataclasses.replace(first[1], declined_by=["aino"]), *first[2:], first[0]]
    again = saved(first, plan(declined, absences=(leave,)))
    assert again[1].id == first[1].id and again[1].declined_by == ["aino"]
    assert again[1].host_id != "aino" and "Aino declined this meeting" in again[1].host_reason


def test_a_bad_pattern_plans_nothing_and_says_why() -> None:
    season = plan([], group(rrule="FREQ=DAILY"))
    assert (season.meetings, season.removed) == ([], [])
    assert [problem.field for problem in season.problems] == ["rrule"]
    over = plan_season(group(), PEOPLE, [], [], FIRST, LAST, date(2027, 6, 1))
    assert [problem.field for problem in over.problems] == ["last"]
    bad_zone = dataclasses.replace(group(), time_zone="Kemi/Tornio")
    assert [problem.field for problem in plan([], bad_zone).problems] == ["time_zone"]


def test_swapping_two_hosts_moves_the_locations_and_survives_re_planning() -> None:
    first = saved([], plan([]))
    a, b = swap_hosts(first[0], first[1], PEOPLE)
    assert (a.host_id, a.location) == ("bertta", "Berttantie 1, Kemi")
    assert (b.host_id, b.location) == ("aino", "Ainontie 1, Kemi")
    assert a.edited_by_hand and b.edited_by_hand and (a.id, b.id) == (first[0].id, first[1].id)
    after = saved([a, b, *first[2:]], plan([a, b, *first[2:]]))
    assert after[:2] == [a, b]


def test_setting_a_host_by_hand() -> None:
    meeting = at(date(2026, 9, 8), "aino", declined_by=["cecilia"])
    chosen = set_host(meeting, PEOPLE[2])
    assert (chosen.host_id, chosen.location, chosen.edited_by_hand) == ("cecilia", "Ceciliantie 1, Kemi", True)
    assert chosen.declined_by == [] and chosen.id == meeting.id and chosen.starts_at == meeting.starts_at
    cleared = set_host(meeting, None)
    assert (cleared.host_id, cleared.location, cleared.edited_by_hand) == ("", "", True)


def test_a_host_declines_and_the_next_fair_candidate_is_proposed() -> None:
    first = saved([], plan([]))
    assert [meeting.host_id for meeting in first[:2]] == ["aino", "bertta"]
    proposed = decline(first[0], first, PEOPLE, [])
    assert proposed.id == first[0].id and proposed.declined_by == ["aino"]
    assert (proposed.host_id, proposed.location) == ("cecilia", "Ceciliantie 1, Kemi")
    assert proposed.host_reason == (
        "Aino declined this meeting; Bertta hosts the next meeting, so next in turn: never hosted; joined 01/2023"
    )
    nobody = decline(proposed, first, PEOPLE[:1] + PEOPLE[2:], [])
    assert nobody.declined_by == ["aino", "cecilia"] and (nobody.host_id, nobody.location) == ("", "")
    assert nobody.host_reason.startswith("No host proposed: ")


def test_a_prepared_meeting_is_kept_when_the_season_is_planned_again() -> None:
    from facilitator.agenda import check_preparation_form

    meeting = Meeting(
        group_id="g",
        starts_at=datetime(2027, 1, 12, 15, 30, tzinfo=UTC),
        ends_at=datetime(2027, 1, 12, 18, tzinfo=UTC),
        host_id="h",
    )
    unchanged, _ = check_preparation_form({}, meeting, "Europe/Helsinki")
    assert not unchanged.edited_by_hand
    prepared, problems = check_preparation_form({"theme": "Pricing", "end_time": "20:30"}, meeting, "Europe/Helsinki")
    assert problems == [] and prepared.edited_by_hand and prepared.is_fixed
