"""The host rotation: fair over any run of meetings, never ignoring absences, always explained."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings, strategies as st

from facilitator.model import Absence, Meeting, MeetingStatus, Person, Role
from facilitator.rotation import (
    HostingRecord,
    HostProposal,
    eligible_hosts,
    host_history,
    meeting_day,
    next_candidate,
    propose_hosts,
)

HELSINKI = ZoneInfo("Europe/Helsinki")
GROUP = "group-1"


def member(name: str, joined: date | None = date(2020, 1, 1), **changes: object) -> Person:
    values: dict[str, object] = {"can_host": True, "premises_address": f"{name}ntie 1, Kemi", **changes}
    return Person(id=name.lower(), group_id=GROUP, name=name, joined=joined, **values)  # type: ignore[arg-type]


def meeting(day: date, host: str = "", status: MeetingStatus = MeetingStatus.PLANNED, **changes: object) -> Meeting:
    return Meeting(
        id=f"m-{day.isoformat()}",
        group_id=GROUP,
        starts_at=datetime.combine(day, time(17, 30), tzinfo=HELSINKI),
        ends_at=datetime.combine(day, time(20, 0), tzinfo=HELSINKI),
        status=status,
        host_id=host,
        **changes,  # type: ignore[arg-type]
    )


def monthly(first: date, count: int) -> list[date]:
    """The 10th of ``count`` months from ``first``'s month."""
    months = [first.month - 1 + step for step in range(count)]
    return [date(first.year + month // 12, month % 12 + 1, 10) for month in months]


def hosts(meetings: list[Meeting], people: list[Person]) -> list[str]:
    proposals = propose_hosts(meetings, people, [])
    return [proposals[item.id].host_id if item.id in proposals else item.host_id for item in meetings]


# -- properties ----------------------------------------------------------------------------------

NAMES = ["Aino", "Bertta", "Cecilia", "Daniel", "Eero", "Fanni", "Gunnar"]
RUN_START = date(2026, 1, 1)


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[list[Person], list[Absence], list[Meeting], list[Meeting]]:
    """Members with random join dates, hosting rights and addresses; random absences and declines;
    some held meetings before the run, then a run of planned meetings to assign."""
    names = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=len(NAMES), unique=True))
    people = []
    for name in names:
        if draw(st.booleans()):  # a regular host: many of them make the fairness check bite
            joined = draw(st.one_of(st.none(), st.dates(date(2020, 1, 1), date(2025, 12, 31))))
            people.append(member(name, joined=joined))
            continue
        joined = draw(st.one_of(st.none(), st.dates(date(2020, 1, 1), date(2026, 12, 31))))
        left = draw(st.one_of(st.none(), st.dates(date(2026, 1, 1), date(2028, 1, 1))))
        people.append(
            member(
                name,
                joined=joined,
                left=left,
                can_host=draw(st.booleans()) or draw(st.booleans()),
                premises_address=draw(st.sampled_from(["", "  ", f"{name}ntie 1", f"Tori {len(name)}"])),
                role=draw(st.sampled_from([Role.MEMBER, Role.MEMBER, Role.MEMBER, Role.FACILITATOR])),
            )
        )
    ids = [person.id for person in people]
    absences = [
        Absence(
            person_id=draw(st.sampled_from(ids)), starts=starts, ends=starts + timedelta(days=draw(st.integers(0, 120)))
        )
        for starts in draw(st.lists(st.dates(date(2025, 12, 1), date(2027, 6, 1)), max_size=5))
    ]
    history = [
        meeting(day, draw(st.sampled_from(ids)), MeetingStatus.HELD)
        for day in monthly(date(2025, 1, 1), draw(st.integers(0, 12)))
    ]
    run = [
        meeting(day, declined_by=draw(st.lists(st.sampled_from(ids), max_size=2, unique=True)))
        for day in monthly(RUN_START, draw(st.integers(1, 18)))
    ]
    return people, absences, history, run


def available(person: Person, run: list[Meeting], absences: list[Absence]) -> bool:
    """Eligible and available on every date of the run."""
    return all(
        person in eligible_hosts([person], meeting_day(item))
        and person.id not in item.declined_by
        and not any(absence.person_id == person.id and absence.covers(meeting_day(item)) for absence in absences)
        for item in run
    )


@settings(max_examples=300, deadline=None)
@given(scenarios())
def test_the_rotation_is_fair_available_and_never_twice_in_a_row(
    scenario: tuple[list[Person], list[Absence], list[Meeting], list[Meeting]],
) -> None:
    people, absences, history, run = scenario
    proposals = propose_hosts([*history, *run], people, absences)
    assert set(proposals) == {item.id for item in run}
    chosen = [proposals[item.id].host_id for item in run]

    steady = [person.id for person in people if available(person, run, absences)]
    counts = [chosen.count(person_id) for person_id in steady]
    assert not counts or max(counts) - min(counts) <= 1, (steady, chosen)

    by_id = {person.id: person for person in people}
    previous = history[-1].host_id if history else ""
    for item, host in zip(run, chosen, strict=True):
        day = meeting_day(item)
        eligible = eligible_hosts(people, day)
        if host:
            assert by_id[host] in eligible
            assert host not in item.declined_by
            assert not any(absence.person_id == host and absence.covers(day) for absence in absences)
            assert host != previous or len(eligible) == 1
            assert proposals[item.id].reason
        else:  # nobody else could: everyone eligible is away, declined, or hosted the meeting before
            free = [
                person.id
                for person in eligible
                if person.id not in item.declined_by
                and not any(absence.person_id == person.id and absence.covers(day) for absence in absences)
            ]
            assert free in ([], [previous]) and (not free or len(eligible) > 1)
        previous = host


@settings(max_examples=100, deadline=None)
@given(scenarios(), st.randoms(use_true_random=False))
def test_the_same_inputs_give_the_same_plan_in_any_order(
    scenario: tuple[list[Person], list[Absence], list[Meeting], list[Meeting]],
    shuffler: random.Random,
) -> None:
    people, absences, history, run = scenario
    first = propose_hosts([*history, *run], people, absences)
    meetings, shuffled_people, shuffled_absences = [*history, *run], list(people), list(absences)
    for items in (meetings, shuffled_people, shuffled_absences):
        shuffler.shuffle(items)
    assert propose_hosts(meetings, shuffled_people, shuffled_absences) == first


# -- examples ------------------------------------------------------------------------------------


def test_members_who_never_hosted_come_first_by_join_date() -> None:
    people = [
        member("Aino", date(2024, 3, 5)),
        member("Bertta", date(2023, 1, 9)),
        member("Cecilia", date(2025, 6, 1)),
        member("Daniel", date(2020, 1, 1)),
    ]
    held = meeting(date(2025, 12, 9), "daniel", MeetingStatus.HELD)
    run = [meeting(day) for day in monthly(RUN_START, 5)]
    proposals = propose_hosts([held, *run], people, [])
    assert [proposals[item.id] for item in run] == [
        HostProposal("bertta", "never hosted; joined 01/2023"),
        HostProposal("aino", "never hosted; joined 03/2024"),
        HostProposal("cecilia", "never hosted; joined 06/2025"),
        HostProposal("daniel", "last hosted 9 Dec 2025; once in all"),
        HostProposal("bertta", "last hosted 10 Jan 2026; once in all"),
    ]


def test_longest_ago_first_then_fewest_hostings_then_name() -> None:
    people = [member("Aino"), member("Bertta"), member("Cecilia")]
    history = [
        meeting(date(2025, 1, 14), "aino", MeetingStatus.HELD),
        meeting(date(2025, 2, 11), "bertta", MeetingStatus.HELD),
        meeting(date(2025, 3, 11), "bertta", MeetingStatus.HELD),
        meeting(date(2025, 4, 8), "aino", MeetingStatus.HELD),
        meeting(date(2025, 5, 13), "cecilia", MeetingStatus.CANCELLED),  # not hosted: does not count
        meeting(date(2025, 10, 14), "cecilia", MeetingStatus.HELD),
        meeting(date(2025, 11, 11), "cecilia", MeetingStatus.HELD, edited_by_hand=True),
    ]
    run = [meeting(day) for day in monthly(RUN_START, 3)]
    proposals = propose_hosts([*history, *run], people, [])
    assert [proposals[item.id] for item in run] == [
        HostProposal("bertta", "last hosted 11 Mar 2025; 2 times in all"),
        HostProposal("aino", "last hosted 8 Apr 2025; 2 times in all"),
        HostProposal("cecilia", "last hosted 11 Nov 2025; 2 times in all"),
    ]


def test_an_absent_member_is_skipped_and_keeps_the_place() -> None:
    """Aino is first in line but away in January and February; she hosts in March, when she is back."""
    people = [member("Aino", date(2021, 1, 1)), member("Bertta", date(2022, 1, 1)), member("Cecilia", date(2023, 1, 1))]
    leave = Absence(person_id="aino", starts=date(2026, 1, 1), ends=date(2026, 2, 28), reason="parental leave")
    run = [meeting(day) for day in monthly(RUN_START, 4)]
    proposals = propose_hosts(run, people, [leave])
    assert [proposals[item.id].host_id for item in run] == ["bertta", "cecilia", "aino", "bertta"]
    assert proposals[run[0].id].reason == (
        "Aino is away on this date (parental leave), so next in turn: never hosted; joined 01/2022"
    )
    assert proposals[run[2].id].reason == "never hosted; joined 01/2021"


def test_a_declined_meeting_goes_to_the_next_fair_candidate() -> None:
    people = [member("Aino", date(2021, 1, 1)), member("Bertta", date(2022, 1, 1)), member("Cecilia", date(2023, 1, 1))]
    run = [meeting(day) for day in monthly(RUN_START, 3)]
    planned = [
        meeting(meeting_day(item), host, declined_by=[]) for item, host in zip(run, hosts(run, people), strict=True)
    ]
    assert [item.host_id for item in planned] == ["aino", "bertta", "cecilia"]
    declined = meeting(meeting_day(planned[0]), "", declined_by=["aino"])
    proposal = next_candidate(declined, planned, people, [])
    assert proposal == HostProposal(
        "cecilia",
        "Aino declined this meeting; Bertta hosts the next meeting, so next in turn: never hosted; joined 01/2023",
    )


def test_nobody_hosts_twice_in_a_row_while_someone_else_could() -> None:
    """Bertta is away, Aino hosted the meeting before: the host is left open, with the reason."""
    people = [member("Aino"), member("Bertta")]
    before = meeting(date(2025, 12, 9), "aino", MeetingStatus.HELD)
    january = meeting(date(2026, 1, 13))
    away = Absence(person_id="bertta", starts=date(2026, 1, 1), ends=date(2026, 1, 31))
    proposal = propose_hosts([before, january], people, [away])[january.id]
    assert proposal == HostProposal(
        "", "No host proposed: Bertta is away on this date; Aino hosts the meeting before. Choose a host by hand."
    )


def test_the_only_host_may_host_every_time() -> None:
    people = [member("Aino"), member("Bertta", can_host=False), member("Cecilia", premises_address=" ")]
    run = [meeting(day) for day in monthly(RUN_START, 3)]
    assert hosts(run, people) == ["aino", "aino", "aino"]


def test_the_next_fixed_meetings_host_is_avoided() -> None:
    people = [member("Aino", date(2021, 1, 1)), member("Bertta", date(2022, 1, 1))]
    january = meeting(date(2026, 1, 13))
    february = meeting(date(2026, 2, 10), "aino", MeetingStatus.CONFIRMED)
    proposal = propose_hosts([january, february], people, [])[january.id]
    assert proposal == HostProposal(
        "bertta", "Aino hosts the next meeting, so next in turn: never hosted; joined 01/2022"
    )


def test_nobody_can_host_says_why() -> None:
    proposal = propose_hosts([meeting(date(2026, 1, 13))], [member("Aino", can_host=False)], [])
    assert proposal["m-2026-01-13"] == HostProposal(
        "", "Nobody can host: no current member who can host has a premises address."
    )


def test_eligible_hosts_are_current_members_with_premises() -> None:
    day = date(2026, 3, 10)
    people = [
        member("Aino"),
        member("Bertta", left=date(2026, 3, 10)),
        member("Cecilia", joined=date(2026, 3, 11)),
        member("Daniel", can_host=False),
        member("Eero", premises_address="  "),
        member("Fanni", role=Role.FACILITATOR),
        member("Gunnar", joined=None, deleted=True),
        member("Anna", joined=None),
    ]
    assert [person.name for person in eligible_hosts(people, day)] == ["Aino", "Anna"]


def test_host_history_counts_held_and_upcoming_meetings() -> None:
    people = [member("Aino"), member("Bertta"), member("Cecilia")]
    meetings = [
        meeting(date(2025, 9, 9), "aino", MeetingStatus.HELD),
        meeting(date(2025, 10, 14), "aino", MeetingStatus.HELD),
        meeting(date(2025, 11, 11), "bertta", MeetingStatus.CANCELLED),
        meeting(date(2025, 12, 9), "bertta", MeetingStatus.HELD),
        meeting(date(2026, 1, 13), "aino", MeetingStatus.CONFIRMED),
        meeting(date(2026, 2, 10), "bertta", MeetingStatus.PLANNED),
        meeting(date(2026, 3, 10), "aino", MeetingStatus.PLANNED),
        meeting(date(2026, 4, 14), "aino", MeetingStatus.HELD, deleted=True),
        meeting(date(2026, 5, 12), "someone-else", MeetingStatus.HELD),
    ]
    assert host_history(people, reversed(meetings)) == {
        "aino": HostingRecord(times=2, last=date(2025, 10, 14), upcoming=2, next=date(2026, 1, 13)),
        "bertta": HostingRecord(times=1, last=date(2025, 12, 9), upcoming=1, next=date(2026, 2, 10)),
        "cecilia": HostingRecord(),
    }


def test_a_meetings_day_is_the_groups_local_date() -> None:
    """00:30 in Helsinki is still the day before in UTC."""
    late = Meeting(
        group_id=GROUP,
        starts_at=datetime(2026, 1, 12, 22, 30, tzinfo=ZoneInfo("UTC")),
        ends_at=datetime(2026, 1, 12, 23, 30, tzinfo=ZoneInfo("UTC")),
    )
    assert meeting_day(late) == date(2026, 1, 13)
    assert meeting_day(late, "UTC") == date(2026, 1, 12)
