"""The demo network's growth interviews and outcomes: what its memos speak of came true for the
members they name, some weeks later, and the interviews follow it over the years."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from facilitator.demo import DemoNetwork, generate_network
from facilitator.demo.development_texts import SEQUELS
from facilitator.demo.memo_texts import GENERAL, GUEST_LINES, TOPICS
from facilitator.interviews_due import DEFAULT_INTERVIEW_MONTHS, due_interviews
from facilitator.model import (
    GrowthIntention,
    Interview,
    InterviewKind,
    MeetingStatus,
    MemoEntry,
    Outcome,
    OutcomeKind,
    Person,
    Role,
    validate_interview,
    validate_outcome,
)
from facilitator.rotation import meeting_day

TODAY = date(2025, 3, 14)

#: What the memo line behind an outcome of each kind speaks of.
SPEAKS_OF = {
    OutcomeKind.FIRST_EMPLOYEE: r"hire|employ|worker|hands",
    OutcomeKind.MORE_STAFF: r"hire|employ|worker|hands",
    OutcomeKind.EXPORT: r"Sweden|Norway|EU countries|English and German|operators",
    OutcomeKind.JOINT: r"joint|group|together|share|members|programme",
    OutcomeKind.NEW_PRODUCT: r"product|service|courses|kits",
    OutcomeKind.NEW_SEGMENT: r"restaurants|local firms|guests",
    OutcomeKind.INVESTMENT: r"investment|guarantee|kiln|freezer|cold-storage",
    OutcomeKind.PREMISES: r"premises|smokehouse",
}


@pytest.fixture(scope="module")
def small() -> DemoNetwork:
    return generate_network(today=TODAY)


@pytest.fixture(scope="module")
def long_history() -> DemoNetwork:
    return generate_network(groups=13, years=20, today=TODAY)


def people_of(network: DemoNetwork) -> dict[str, Person]:
    return {person.id: person for person in network.people}


def finished(network: DemoNetwork) -> list[Outcome]:
    return [outcome for outcome in network.outcomes if not outcome.draft]


@pytest.mark.parametrize("network_name", ["small", "long_history"])
def test_every_outcome_follows_an_entry_about_its_member_in_the_members_group(
    network_name: str, request: pytest.FixtureRequest
) -> None:
    network: DemoNetwork = request.getfixturevalue(network_name)
    people = people_of(network)
    entries = {entry.id: entry for entry in network.memo_entries}
    meetings = {meeting.id: meeting for meeting in network.meetings}
    assert network.outcomes
    for outcome in network.outcomes:
        person = people[outcome.person_id]
        assert person.role is Role.MEMBER
        assert outcome.entry_ids and outcome.meeting_ids
        behind: list[MemoEntry] = [entries[entry_id] for entry_id in outcome.entry_ids]
        assert all(entry.group_id == person.group_id for entry in behind)
        assert all(outcome.person_id in entry.people or entry.owner_id == outcome.person_id for entry in behind)
        assert set(outcome.meeting_ids) == {entry.meeting_id for entry in behind}
        for meeting_id in outcome.meeting_ids:
            meeting = meetings[meeting_id]
            assert meeting.group_id == person.group_id and meeting.status is MeetingStatus.HELD
            if outcome.draft:
                assert outcome.day == meeting_day(meeting)
            else:
                assert meeting_day(meeting) < outcome.day <= TODAY
        assert all(people[other].group_id == person.group_id for other in outcome.involved)
        assert all(people[other].role is Role.MEMBER for other in outcome.involved)
        assert validate_outcome(outcome, TODAY) == []
        if person.left is not None:
            assert outcome.day <= person.left


@pytest.mark.parametrize("network_name", ["small", "long_history"])
def test_an_outcomes_kind_is_what_its_memo_line_spoke_of(network_name: str, request: pytest.FixtureRequest) -> None:
    network: DemoNetwork = request.getfixturevalue(network_name)
    entries = {entry.id: entry for entry in network.memo_entries}
    for outcome in finished(network):
        for entry_id in outcome.entry_ids:
            assert re.search(SPEAKS_OF[outcome.kind], entries[entry_id].text), (outcome.kind, entries[entry_id].text)
        if outcome.kind is OutcomeKind.EXPORT:
            assert re.search(r"Swed|Norw|Germany|foreign|abroad", outcome.description), outcome.description


def test_the_outcomes_are_those_of_micro_firms(long_history: DemoNetwork) -> None:
    kinds = Counter(outcome.kind for outcome in finished(long_history))
    for kind in (OutcomeKind.FIRST_EMPLOYEE, OutcomeKind.MORE_STAFF, OutcomeKind.EXPORT, OutcomeKind.JOINT):
        assert kinds[kind] >= 5, kind
    assert {OutcomeKind.INVESTMENT, OutcomeKind.NEW_PRODUCT, OutcomeKind.PREMISES} <= set(kinds)
    exports = [outcome.description for outcome in finished(long_history) if outcome.kind is OutcomeKind.EXPORT]
    assert any("Sweden" in text for text in exports) and any("Norw" in text for text in exports)
    joint = [outcome for outcome in finished(long_history) if outcome.kind is OutcomeKind.JOINT]
    assert all(outcome.involved for outcome in joint)
    several = [outcome for outcome in finished(long_history) if len(outcome.entry_ids) > 1]
    assert several, "some outcomes follow an earlier line too"


@pytest.mark.parametrize("network_name", ["small", "long_history"])
def test_staff_counts_move_only_with_the_hires(network_name: str, request: pytest.FixtureRequest) -> None:
    """A micro-firm keeps 0–9 staff; a first employee takes it from 0 to 1, more staff adds, and
    the interviews after an outcome report the staff the outcome left."""
    network: DemoNetwork = request.getfixturevalue(network_name)
    by_person: dict[str, list[Outcome | Interview]] = {}
    for record in [*finished(network), *network.interviews]:
        by_person.setdefault(record.person_id, []).append(record)
    hires = 0
    for records in by_person.values():
        records.sort(key=lambda record: (record.day, isinstance(record, Interview)))
        staff: float | None = None
        for record in records:
            if isinstance(record, Interview):
                assert record.staff is not None and 0 <= record.staff <= 9
                assert staff is None or record.staff == staff, record
                staff = record.staff
                continue
            assert record.staff_after is not None and 0 <= record.staff_after <= 9
            if record.kind is OutcomeKind.FIRST_EMPLOYEE:
                assert staff in (None, 0) and record.staff_after == 1
                hires += 1
            elif record.kind is OutcomeKind.MORE_STAFF:
                assert staff is None or record.staff_after > staff > 0
            else:
                assert staff is None or record.staff_after == staff
            staff = record.staff_after
    assert hires


@pytest.mark.parametrize("network_name", ["small", "long_history"])
def test_every_member_is_interviewed_on_joining_and_as_interviews_fall_due(
    network_name: str, request: pytest.FixtureRequest
) -> None:
    network: DemoNetwork = request.getfixturevalue(network_name)
    people = people_of(network)
    mine: dict[str, list[Interview]] = {}
    for interview in network.interviews:
        mine.setdefault(interview.person_id, []).append(interview)
    for interview in network.interviews:
        person = people[interview.person_id]
        assert person.role is Role.MEMBER
        assert validate_interview(interview, TODAY) == []
        assert person.joined <= interview.day <= TODAY
        assert person.left is None or interview.day <= person.left
        facilitators = {
            other.name
            for other in network.people
            if other.group_id == person.group_id and other.role is Role.FACILITATOR
        }
        assert interview.interviewer in facilitators
        assert interview.network_value is None or 3 <= interview.network_value <= 5
        assert (interview.network_value is None) == (interview.kind is InterviewKind.JOINING)
        assert interview.network_gives
    for person in people.values():
        if person.role is not Role.MEMBER or (TODAY - person.joined).days < 22:
            continue
        interviews = sorted(mine.get(person.id, []), key=lambda interview: interview.day)
        assert interviews and interviews[0].kind is InterviewKind.JOINING, person.name
        assert (interviews[0].day - person.joined).days <= 21
        assert [interview.kind for interview in interviews].count(InterviewKind.JOINING) == 1
        if person.left is None and (TODAY - person.joined).days > 3 * 365:
            assert len(interviews) >= 3, person.name
    # Founding members were interviewed when the network began.
    start = min(person.joined for person in people.values())
    founders = [interview for interview in network.interviews if people[interview.person_id].joined == start]
    assert founders and all(
        (interview.day - start).days <= 21 for interview in founders if interview.kind is InterviewKind.JOINING
    )
    # Members without research consent are interviewed too: the privacy rules apply on export.
    assert any(people[interview.person_id].research_consent is None for interview in network.interviews)


@pytest.mark.parametrize("network_name", ["small", "long_history"])
def test_each_group_has_interviews_due_or_overdue_but_most_members_are_up_to_date(
    network_name: str, request: pytest.FixtureRequest
) -> None:
    network: DemoNetwork = request.getfixturevalue(network_name)
    for group in network.groups:
        members = [person for person in network.people if person.group_id == group.id]
        due = due_interviews(members, network.interviews, TODAY, DEFAULT_INTERVIEW_MONTHS)
        current = [person for person in members if person.is_current_member(TODAY)]
        assert 1 <= len(due) < len(current) / 2, group.name
    everyone = due_interviews(network.people, network.interviews, TODAY, DEFAULT_INTERVIEW_MONTHS)
    assert any(line.overdue for line in everyone)


def test_leaving_members_are_sometimes_interviewed_on_leaving(long_history: DemoNetwork) -> None:
    people = people_of(long_history)
    leaving = [interview for interview in long_history.interviews if interview.kind is InterviewKind.LEAVING]
    left = [person for person in people.values() if person.role is Role.MEMBER and person.left is not None]
    assert 0.2 * len(left) < len(leaving) < 0.6 * len(left)
    assert all(0 <= (people[interview.person_id].left - interview.day).days <= 20 for interview in leaving)


def test_growth_intentions_move_and_rise_after_outcomes(long_history: DemoNetwork) -> None:
    people = people_of(long_history)
    mine: dict[str, list[Interview]] = {}
    for interview in long_history.interviews:
        mine.setdefault(interview.person_id, []).append(interview)
    moves = Counter()
    for interviews in mine.values():
        interviews.sort(key=lambda interview: interview.day)
        first, last = interviews[0].intention.rank, interviews[-1].intention.rank
        moves[(last > first) - (last < first)] += 1
    assert moves[1] and moves[-1] and moves[0]
    grown = {outcome.person_id for outcome in finished(long_history)}
    rank = {
        person_id: sum(interview.intention.rank for interview in interviews) / len(interviews)
        for person_id, interviews in mine.items()
        if people[person_id].left is None
    }
    with_outcomes = [value for person_id, value in rank.items() if person_id in grown]
    without = [value for person_id, value in rank.items() if person_id not in grown]
    assert sum(with_outcomes) / len(with_outcomes) > sum(without) / len(without)
    intentions = Counter(interview.intention for interview in long_history.interviews)
    assert set(intentions) == set(GrowthIntention)
    barriers = Counter(name for interview in long_history.interviews for name in interview.barriers)
    assert len(barriers) == 9
    assert any(note for interview in long_history.interviews for note in interview.barriers.values())
    assert any(not interview.barriers for interview in long_history.interviews)


def test_the_latest_meeting_of_each_group_has_drafts_waiting(small: DemoNetwork) -> None:
    entries = {entry.id: entry for entry in small.memo_entries}
    for group in small.groups:
        held = [
            meeting
            for meeting in small.meetings
            if meeting.group_id == group.id and meeting.status is MeetingStatus.HELD
        ]
        latest = max(held, key=lambda meeting: meeting.starts_at)
        drafts = [outcome for outcome in small.outcomes if outcome.draft and latest.id in outcome.meeting_ids]
        assert 1 <= len(drafts) <= 2, group.name
        assert all(outcome.description == entries[outcome.entry_ids[0]].text for outcome in drafts)
    assert all(
        outcome.meeting_ids[0]
        in {
            max(
                (
                    meeting
                    for meeting in small.meetings
                    if meeting.group_id == group.id and meeting.status is MeetingStatus.HELD
                ),
                key=lambda meeting: meeting.starts_at,
            ).id
            for group in small.groups
        }
        for outcome in small.outcomes
        if outcome.draft
    )


def test_every_line_with_a_sequel_is_a_line_of_the_memos() -> None:
    said = {line.text for lines in GENERAL.values() for line in lines} | {line.text for line in GUEST_LINES}
    said |= {line.text for topic in TOPICS for lines in topic.lines.values() for line in lines}
    assert set(SEQUELS) - said == set()
    for text, sequel in SEQUELS.items():
        assert "{" + sequel.whose + "}" in text
        assert re.search(SPEAKS_OF[sequel.kind], text), text


def test_the_same_seed_gives_the_same_interviews_and_outcomes(small: DemoNetwork) -> None:
    again = generate_network(today=TODAY)
    assert again.interviews == small.interviews and again.outcomes == small.outcomes
    other = generate_network(seed=2, today=TODAY)
    assert {record.id for record in other.interviews}.isdisjoint(record.id for record in small.interviews)


def test_the_demo_workspace_holds_the_interviews_and_outcomes(tmp_path: Path) -> None:
    from tests.conftest import DEMO_DAY, make_demo, reopen

    make_demo(tmp_path / "demo")
    network = generate_network(groups=3, years=2, seed=1, today=DEMO_DAY)
    repository = reopen(tmp_path / "demo")
    try:
        for group in network.groups:
            members = {person.id for person in network.people if person.group_id == group.id}
            assert {interview.id for interview in repository.interviews(group.id)} == {
                interview.id for interview in network.interviews if interview.person_id in members
            }
            assert {outcome.id for outcome in repository.outcomes(group.id)} == {
                outcome.id for outcome in network.outcomes if outcome.person_id in members
            }
            latest = max(
                (
                    meeting
                    for meeting in network.meetings
                    if meeting.group_id == group.id and meeting.status is MeetingStatus.HELD
                ),
                key=lambda meeting: meeting.starts_at,
            )
            assert repository.draft_outcomes(latest.id)
    finally:
        repository.workspace.close()


@pytest.mark.parametrize(
    ("seed", "today"), [(3, date(2025, 6, 15)), (4, date(2026, 1, 1)), (5, date(2024, 2, 29)), (7, date(2026, 9, 8))]
)
def test_the_records_hold_whatever_the_day_and_seed(seed: int, today: date) -> None:
    network = generate_network(groups=4, years=6, seed=seed, today=today)
    people = people_of(network)
    assert network.interviews and network.outcomes
    assert [problem for interview in network.interviews for problem in validate_interview(interview, today)] == []
    assert [problem for outcome in network.outcomes for problem in validate_outcome(outcome, today)] == []
    for record in [*network.interviews, *network.outcomes]:
        person = people[record.person_id]
        assert person.joined <= record.day <= today and (person.left is None or record.day <= person.left)
    for group in network.groups:
        members = [person for person in network.people if person.group_id == group.id]
        assert due_interviews(members, network.interviews, today, DEFAULT_INTERVIEW_MONTHS), group.name
