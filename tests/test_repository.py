"""Groups and people in and out of a real workspace, with the metadata that lets them travel."""

from __future__ import annotations

import dataclasses
import json
import os
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from facilitator.model import FeedbackResponse, Group, Invalid, Meeting, MeetingStatus, Person, Role
from storage.errors import DamagedFile, NotFound
from storage.repository import Repository
from storage.workspace import Workspace
from tests.conftest import reopen
from tests.processes import run_python

TODAY = date(2025, 3, 14)


class Clock:
    """A clock that moves one second on every reading, starting on the evening of ``TODAY``."""

    def __init__(self) -> None:
        self.now = datetime(2025, 3, 14, 16, 30, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@pytest.fixture
def opened(workspace_path: Path) -> Iterator[Callable[[], Repository]]:
    """Open the workspace (again) with a ticking clock; every workspace opened is closed afterwards."""
    workspaces: list[Workspace] = []

    def open_repository() -> Repository:
        for workspace in workspaces:
            workspace.close()
        workspaces.append(Workspace.open(workspace_path))
        return Repository(workspaces[-1], clock=Clock())

    yield open_repository
    for workspace in workspaces:
        workspace.close()


def network_file(repository: Repository) -> dict[str, Any]:
    return json.loads(repository.workspace.network_path.read_text(encoding="utf-8"))


def stored(repository: Repository, table: str, record_id: str) -> dict[str, Any]:
    (document,) = [doc for doc in network_file(repository)[table].values() if doc["id"] == record_id]
    return document


def full_group() -> Group:
    return Group(
        name="Čuoŋománnu Inari",
        region="Lapland",
        municipality="Inari",
        pbas_organisation="Lapland Business Services",
        time_zone="Europe/Helsinki",
    )


def full_person(group_id: str) -> Person:
    return Person(
        group_id=group_id,
        name="Máret Ánne Đuđá",
        role=Role.FACILITATOR,
        company="Sieidi Oy",
        business_field="reindeer-leather crafts",
        municipality="Utsjoki",
        email="maret@sieidi.fi",
        phone="+358 40 123 4567",
        can_host=True,
        premises_address="Ellilä 4, 99980 Utsjoki",
        joined=date(2021, 9, 1),
        left=date(2025, 6, 30),
        audio_consent=date(2021, 9, 1),
        research_consent=date(2022, 1, 15),
        contact_consent=None,
    )


def test_group_and_person_round_trip_with_every_field(opened: Callable[[], Repository]) -> None:
    repository = opened()
    new_group = full_group()
    group = repository.save_group(new_group)
    new_person = full_person(group.id)
    person = repository.save_person(new_person)

    # Saving adds the sync metadata and changes nothing else.
    unstamped = {"created_at": None, "updated_at": None, "revision": 0, "changed_by": "", "versions": {}}
    assert dataclasses.replace(group, **unstamped) == new_group
    assert dataclasses.replace(person, **unstamped) == new_person
    assert repository.group(group.id) == group
    assert repository.person(person.id) == person
    assert repository.people(group.id) == [person]

    document = stored(repository, "people", person.id)
    assert document["role"] == "facilitator"
    assert document["joined"] == "2021-09-01"
    assert document["contact_consent"] is None
    assert document["name"] == "Máret Ánne Đuđá"

    reopened = opened()
    assert reopened.groups() == [group]
    assert reopened.group(group.id) == group
    assert reopened.person(person.id) == person
    assert reopened.person(person.id).role is Role.FACILITATOR
    assert reopened.person(person.id).joined == date(2021, 9, 1)


def test_every_save_stamps_the_sync_metadata(opened: Callable[[], Repository]) -> None:
    repository = opened()
    workspace_id = repository.workspace.id
    group = repository.save_group(Group(name="Inari"))
    first = repository.save_person(Person(group_id=group.id, name="Niillas"))

    assert uuid.UUID(first.id).version == 4
    assert first.revision == 1
    assert first.changed_by == workspace_id
    assert first.created_at == first.updated_at
    for moment in (first.created_at, first.updated_at):
        assert moment is not None and moment.utcoffset() == timedelta(0)

    second = repository.save_person(dataclasses.replace(first, phone="040 765 4321"))
    third = repository.save_person(dataclasses.replace(second, company="Niillas Oy"))
    assert [first.revision, second.revision, third.revision] == [1, 2, 3]
    assert third.id == first.id
    assert third.created_at == first.created_at
    assert first.updated_at < second.updated_at < third.updated_at

    document = stored(repository, "people", first.id)
    assert document["revision"] == 3
    assert document["changed_by"] == workspace_id
    assert document["created_at"].endswith("+00:00")
    assert datetime.fromisoformat(document["updated_at"]) == third.updated_at
    assert len(network_file(repository)["people"]) == 1  # saved in place, not added again

    reopened = opened()
    assert reopened.person(first.id) == third
    assert reopened.person(first.id).updated_at.tzinfo is not None


def test_a_removed_person_leaves_a_tombstone(opened: Callable[[], Repository]) -> None:
    repository = opened()
    group = repository.save_group(Group(name="Inari"))
    stays = repository.save_person(Person(group_id=group.id, name="Ánde"))
    goes = repository.save_person(Person(group_id=group.id, name="Biret"))

    removed = repository.remove_person(goes.id)
    assert removed.deleted and removed.revision == goes.revision + 1
    assert repository.people(group.id) == [stays]
    with pytest.raises(NotFound):
        repository.person(goes.id)
    with pytest.raises(NotFound):
        repository.remove_person(goes.id)

    document = stored(repository, "people", goes.id)
    assert document["deleted"] is True
    assert document["revision"] == 2
    assert document["changed_by"] == repository.workspace.id

    reopened = opened()
    assert reopened.people(group.id) == [stays]
    with pytest.raises(NotFound):
        reopened.person(goes.id)


def test_a_person_with_problems_is_not_saved(opened: Callable[[], Repository]) -> None:
    repository = opened()
    group = repository.save_group(Group(name="Inari"))
    good = repository.save_person(Person(group_id=group.id, name="Ánde"))
    before = repository.workspace.network_path.read_bytes()

    bad_new = Person(group_id=group.id, name=" ", email="ande@", can_host=True)
    with pytest.raises(Invalid) as refused:
        repository.save_person(bad_new)
    assert {problem.field for problem in refused.value.problems} == {"name", "email", "premises_address"}

    with pytest.raises(Invalid):
        repository.save_person(dataclasses.replace(good, joined=date(2024, 5, 1), left=date(2024, 4, 1)))

    assert repository.workspace.network_path.read_bytes() == before
    assert repository.people(group.id) == [good]
    assert repository.person(good.id) == good

    with pytest.raises(NotFound):
        repository.save_person(Person(group_id="no-such-group", name="Ánde"))
    assert repository.workspace.network_path.read_bytes() == before


def test_group_names_are_unique_whatever_their_case(opened: Callable[[], Repository]) -> None:
    repository = opened()
    inari = repository.save_group(Group(name="Äkäslompolo"))
    before = repository.workspace.network_path.read_bytes()
    for name in ("ÄKÄSLOMPOLO", "äkäslompolo", "  Äkäslompolo  "):
        with pytest.raises(Invalid) as refused:
            repository.save_group(Group(name=name))
        assert [problem.field for problem in refused.value.problems] == ["name"]
    assert repository.workspace.network_path.read_bytes() == before

    # A group may change the case of its own name.
    renamed = repository.save_group(dataclasses.replace(inari, name="ÄKÄSLOMPOLO"))
    assert repository.groups() == [renamed]


def test_a_name_saved_with_spaces_still_counts_as_taken(opened: Callable[[], Repository]) -> None:
    repository = opened()
    repository.save_group(Group(name="Inari "))
    with pytest.raises(Invalid):
        repository.save_group(Group(name="inari"))


def test_member_counts_count_current_members_only(opened: Callable[[], Repository]) -> None:
    repository = opened()
    today = repository.today()
    inari = repository.save_group(Group(name="Inari"))
    utsjoki = repository.save_group(Group(name="Utsjoki"))
    empty = repository.save_group(Group(name="Enontekiö"))

    def add(group: Group, name: str, **fields: Any) -> Person:
        return repository.save_person(Person(group_id=group.id, name=name, **fields))

    add(inari, "current")
    add(inari, "current, joined long ago", joined=date(2010, 1, 1))
    add(inari, "leaving next month", left=today + timedelta(days=30))
    add(inari, "left last year", left=today - timedelta(days=365))
    add(inari, "left today", left=today)
    add(inari, "facilitator", role=Role.FACILITATOR)
    add(inari, "researcher", role=Role.RESEARCHER)
    repository.remove_person(add(inari, "removed").id)
    add(utsjoki, "only member")

    expected = {inari.id: 3, utsjoki.id: 1}
    assert repository.member_counts() == expected
    assert empty.id not in repository.member_counts()
    assert opened().member_counts() == expected


LIMITED_SAVE = """
import resource, signal, sys
from pathlib import Path
from facilitator.model import Person
from storage.errors import WriteFailed
from storage.repository import Repository
from storage.workspace import Workspace
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
workspace = Workspace.open(Path(sys.argv[1]))
repository = Repository(workspace)
(group,) = repository.groups()
resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))
too_big = Person(group_id=group.id, name="Big", business_field="x" * 200_000)
try:
    repository.save_person(too_big)
except WriteFailed as error:
    failure = str(error)
else:
    failure = None
after_failure = [person.name for person in repository.people(group.id)]
try:
    repository.person(too_big.id)
    found = True
except Exception:
    found = False
repository.save_person(Person(group_id=group.id, name="Small"))
report(
    failure=failure,
    after_failure=after_failure,
    found=found,
    after_small=[person.name for person in repository.people(group.id)],
)
workspace.close()
"""


@pytest.mark.processes
@pytest.mark.skipif(os.name != "posix", reason="needs POSIX resource limits")
def test_a_save_the_disk_refuses_is_not_remembered(opened: Callable[[], Repository], workspace_path: Path) -> None:
    repository = opened()
    group = repository.save_group(Group(name="Inari"))
    repository.save_person(Person(group_id=group.id, name="Ánde"))
    repository.workspace.close()

    (result,) = run_python(LIMITED_SAVE, workspace_path)
    assert result["failure"] is not None and "network.json" in result["failure"]
    assert result["after_failure"] == ["Ánde"]
    assert result["found"] is False
    assert result["after_small"] == ["Ánde", "Small"]
    assert [person.name for person in opened().people(group.id)] == ["Ánde", "Small"]


def test_an_old_copy_cannot_bring_back_a_removed_person(opened: Callable[[], Repository]) -> None:
    repository = opened()
    group = repository.save_group(Group(name="Kuhmo"))
    person = repository.save_person(Person(group_id=group.id, name="Aino Heikkinen"))
    stale_copy = repository.save_person(dataclasses.replace(person, company="Aino's Bakery"))
    repository.remove_person(person.id)
    with pytest.raises(NotFound):
        repository.save_person(stale_copy)
    assert repository.people(group.id) == []


def test_a_save_from_an_old_copy_still_counts_up_from_the_stored_revision(opened: Callable[[], Repository]) -> None:
    repository = opened()
    group = repository.save_group(Group(name="Kuhmo"))
    first = repository.save_person(Person(group_id=group.id, name="Aino Heikkinen"))
    repository.save_person(dataclasses.replace(first, company="Leipomo"))
    latest = repository.save_person(dataclasses.replace(first, company="Leipomo Oy"))
    assert latest.revision == 3 and latest.created_at == first.created_at


def test_the_meeting_under_way_is_found_by_reading_only_the_meetings_that_may_be(
    opened: Callable[[], Repository], workspace_path: Path
) -> None:
    """The app asks for the meeting to return to before its first frame: the latest one started and
    not closed, removed ones aside; only the stored meetings that may be under way are read, and a
    damaged one among them is refused naming the file, as every damaged record is."""
    repository = opened()
    group = repository.save_group(Group(name="Kuhmo"))
    evening = datetime(2025, 1, 14, 15, tzinfo=UTC)
    held, forgotten, under_way, removed, _planned = repository.save_meetings(
        [
            Meeting(
                group_id=group.id,
                starts_at=evening + timedelta(days=7 * week),
                ends_at=evening + timedelta(days=7 * week, hours=2),
            )
            for week in range(5)
        ]
    )
    repository.save_meetings(
        [
            dataclasses.replace(held, status=MeetingStatus.HELD, started_at=held.starts_at, closed_at=held.ends_at),
            dataclasses.replace(forgotten, started_at=forgotten.starts_at),
            dataclasses.replace(under_way, started_at=under_way.starts_at),
            dataclasses.replace(removed, started_at=removed.starts_at),
        ]
    )
    repository.save_meetings([], removed=[repository.meeting(removed.id)])

    reopened = opened()
    assert reopened.meeting_in_progress().id == under_way.id
    assert reopened._meetings._loaded is None, "every meeting was read before the first frame"
    reopened.workspace.close()
    data = network_file(reopened)
    (document,) = [doc for doc in data["meetings"].values() if doc["id"] == forgotten.id]
    document["started_at"] = "the evening before"
    reopened.workspace.network_path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(DamagedFile, match=r"network\.json"):
        opened().meeting_in_progress()


def test_every_group_s_meetings_and_roster_at_once_are_those_of_each_group(demo_path: Path) -> None:
    """The network's views take every group's meetings and roster in one pass: the same lists, in
    the same order, as asked group by group."""
    repository = reopen(demo_path)
    try:
        repository.load_all()
        meetings, people = repository.meetings_by_group(), repository.people_by_group()
        groups = repository.groups()
        assert set(meetings) == set(people) == {group.id for group in groups}
        for group in groups:
            assert meetings[group.id] == repository.meetings(group.id)
            assert people[group.id] == repository.people(group.id)
    finally:
        repository.workspace.close()


def test_the_meetings_with_files_are_listed_at_once_and_their_records_read_by_table(demo_path: Path) -> None:
    """The network's views list the meetings that have a file once (those held before records were
    kept have none; one just written to is there before its file) and read only the tables asked."""
    repository = reopen(demo_path)
    try:
        repository.load_all()
        meetings = [meeting for group in repository.groups() for meeting in repository.meetings(group.id)]
        with_files = repository.meetings_with_files()
        assert with_files == {meeting.id for meeting in meetings if repository.has_meeting_file(meeting.id)}
        assert 0 < len(with_files) < len(meetings)
        held = next(meeting for meeting in meetings if meeting.id in with_files and repository.memo(meeting.id))
        repository._forget_meeting_files()  # read from the file, as a view does, not from what is open
        whole = repository.meeting_records(held.id)
        assert whole.attendance and whole.memo and whole.feedback and not whole.agenda
        guests_only = repository.meeting_records(held.id, tables=frozenset({"attendance"}))
        assert guests_only.attendance == whole.attendance
        assert not (guests_only.memo or guests_only.feedback or guests_only.codings)
        planned = next(meeting for meeting in meetings if meeting.id not in with_files)
        repository.save_feedback(FeedbackResponse(meeting_id=planned.id, usefulness=4))
        assert planned.id in repository.meetings_with_files()
        assert repository.meeting_records(planned.id, tables=frozenset({"feedback", "agenda"})).feedback
    finally:
        repository.workspace.close()
