"""Properties of syncing, checked on real workspaces exchanging real bundles in random orders.

Three co-facilitators of one group change its records apart and swap bundles (made for the group,
so nothing is pseudonymised) in whatever order hypothesis picks: incremental or full, the same
file twice, an old file after a newer one. Whatever happened, once everything has been exchanged
every workspace holds the same records, no version anyone saved is lost, and importing any bundle
again changes nothing but the list of bundles imported.
"""

from __future__ import annotations

import dataclasses
import itertools
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, Phase, event, given, seed, settings, strategies as st
from hypothesis.control import currently_in_test_context

from exports.bundle.format import RECEIVED_AT, Audience
from exports.bundle.importer import Importer, ImportReport, ImportStatus
from exports.bundle.keys import install_keys, issue_keys
from exports.bundle.merge import Outcome, has_seen, merge_version
from exports.bundle.writer import NothingToSend, make_bundle
from facilitator.model import Attendance, FeedbackResponse, Group, Meeting, MemoEntry, Person, Record
from facilitator.model.attendance import Presence
from storage.codec import to_document
from storage.erasure import WorkspaceErasure, erasable_people
from storage.repository import Repository
from storage.sync_ledger import IMPORTED_TABLE
from storage.transaction import LAST_CHANGE
from storage.workspace import Workspace, WorkspaceRole
from tests.sync_support import synced_data, tree_bytes

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
FACILITATORS = 3

# -- the pieces: a clock, a network of workspaces, a log of every version saved -----------------


class SharedClock:
    """Time as every laptop sees it: one moment, each laptop off by its own skew.

    Each reading moves time on by ``step`` (zero: many saves in the same millisecond).
    """

    def __init__(self, step: timedelta) -> None:
        self.moment = START
        self.step = step

    def reader(self, skew: timedelta):  # a clock for a Repository
        def now() -> datetime:
            moment = self.moment + skew
            self.moment += self.step
            return moment

        return now

    def wait(self, milliseconds: int) -> None:
        self.moment += timedelta(milliseconds=milliseconds)


@dataclasses.dataclass(frozen=True)
class Saved:
    """One version as the workspace that saved it returned it."""

    kind: str
    id: str
    versions: tuple[tuple[str, int], ...]
    document: bytes


@dataclasses.dataclass
class Made:
    """A bundle made during the run, and which workspaces imported it so far."""

    path: Path
    source: int
    full: bool
    imported_by: set[int] = dataclasses.field(default_factory=set)


KINDS = {
    Person: "people",
    Meeting: "meetings",
    MemoEntry: "memo",
    Attendance: "attendance",
    FeedbackResponse: "feedback",
    Group: "groups",
}


def shared_bytes(document: dict[str, Any]) -> bytes:
    return orjson.dumps(
        {key: value for key, value in document.items() if key != RECEIVED_AT}, option=orjson.OPT_SORT_KEYS
    )


class Network:
    """Co-facilitators' workspaces of one group, with a shared key issued by a coordinator."""

    def __init__(self, root: Path, stack: ExitStack, clock: SharedClock, skews: list[timedelta]) -> None:
        self.root = root
        self.clock = clock
        self.saved: list[Saved] = []
        self.bundles: list[Made] = []
        self.numbers = itertools.count(1)
        for folder in ("keys", "bundles"):
            (root / folder).mkdir()
        coordinator = self._open(stack, root / "coordinator", WorkspaceRole.COORDINATOR, timedelta())
        group = coordinator.save_group(Group(id=self.new_id(), name="Kallio makers"))
        self.log(group)
        self.group_id = group.id
        self.keys = issue_keys(coordinator, [{"id": group.id, "name": group.name}], root / "keys")
        self.folders = [root / f"facilitator-{number}" for number in range(FACILITATORS)]
        self.repositories = [
            self._open(stack, folder, WorkspaceRole.FACILITATOR, skew)
            for folder, skew in zip(self.folders, skews, strict=True)
        ]
        for repository in self.repositories:
            install_keys(repository, self.keys.path, self.keys.passphrase)

    def start(self) -> None:
        """The first facilitator starts the roster and a meeting; the others import it all."""
        for action in ("add person", "add person", "add meeting", "add memo", "attendance", "feedback"):
            self.change(0, action, 0, 0)
        made = self.make(0, full=True)
        for number in range(1, FACILITATORS):
            assert self.import_(number, made).status is ImportStatus.IMPORTED

    def _open(self, stack: ExitStack, folder: Path, role: WorkspaceRole, skew: timedelta) -> Repository:
        workspace = Workspace.open(folder, role=role, purpose="test")
        stack.callback(workspace.close)
        return Repository(workspace, clock=self.clock.reader(skew))

    def new_id(self) -> str:
        """Ids that are the same on every run, so that a failing example replays as it was."""
        return str(uuid.UUID(int=next(self.numbers), version=4))

    def log(self, record: Record) -> None:
        document = to_document(record)
        self.saved.append(
            Saved(KINDS[type(record)], record.id, tuple(sorted(record.versions.items())), shared_bytes(document))
        )

    def data(self, number: int) -> dict[str, Any]:
        return live_data(synced_data(self.folders[number]))

    def tree(self, number: int) -> dict[str, bytes]:
        return tree_bytes(self.folders[number])

    # -- changes --------------------------------------------------------------------------

    def change(self, number: int, action: str, pick: int, other: int) -> None:
        """One change a facilitator makes in workspace ``number``; nothing when there is nothing
        to change (an edit with no record yet)."""
        repository = self.repositories[number]
        text = f"{action} {next(self.numbers)} in {number}"
        people = repository.people(self.group_id)
        meetings = repository.meetings(self.group_id)
        meeting = meetings[pick % len(meetings)] if meetings else None
        saved: list[Record] = []
        if action == "add person":
            saved.append(repository.save_person(Person(id=self.new_id(), group_id=self.group_id, name=text)))
        elif action == "edit person" and people:
            saved.append(repository.save_person(dataclasses.replace(people[pick % len(people)], company=text)))
        elif action == "remove person" and people:
            saved.append(repository.remove_person(people[pick % len(people)].id))
        elif action == "add meeting":
            starts = START + timedelta(days=7 * (pick % 10))
            meeting = Meeting(
                id=self.new_id(), group_id=self.group_id, starts_at=starts, ends_at=starts + timedelta(hours=2)
            )
            saved.append(repository.save_meeting(meeting))
        elif action == "edit meeting" and meeting:
            saved.append(repository.save_meeting(dataclasses.replace(meeting, location=text)))
        elif action == "add memo" and meeting:
            entry = MemoEntry(
                id=self.new_id(), meeting_id=meeting.id, group_id=self.group_id, text=text, written_at=START
            )
            saved.append(repository.save_memo_entry(entry))
        elif action in ("edit memo", "remove memo") and meeting and (entries := repository.memo(meeting.id)):
            entry = entries[other % len(entries)]
            if action == "edit memo":
                saved.append(repository.save_memo_entry(dataclasses.replace(entry, text=text)))
            else:
                saved.append(repository.remove_memo_entry(entry))
        elif action == "attendance" and meeting and people:
            person = people[other % len(people)]
            entries = [entry for entry in repository.attendance(meeting.id) if entry.person_id == person.id]
            if entries:
                status = Presence.ABSENT if entries[0].status is Presence.PRESENT else Presence.PRESENT
                saved.append(repository.save_attendance(dataclasses.replace(entries[0], status=status)))
            else:
                entry = Attendance(
                    id=self.new_id(), meeting_id=meeting.id, person_id=person.id, status=Presence.PRESENT
                )
                saved.append(repository.save_attendance(entry))
        elif action == "feedback" and meeting:
            responses = repository.feedback(meeting.id)
            if responses and other % 2:
                saved.append(
                    repository.save_feedback(dataclasses.replace(responses[other % len(responses)], comment=text))
                )
            else:
                response = FeedbackResponse(
                    id=self.new_id(), meeting_id=meeting.id, usefulness=1 + other % 5, comment=text
                )
                saved.append(repository.save_feedback(response))
        for record in saved:
            self.log(record)

    # -- exchanges ------------------------------------------------------------------------

    def make(self, number: int, *, full: bool) -> Made | None:
        """A bundle of workspace ``number``; None when nothing changed there since its last one."""
        repository = self.repositories[number]
        try:
            made = make_bundle(
                repository,
                [repository.group(self.group_id)],
                full=full,
                audience=Audience.GROUP,
                to=self.root / "bundles",
            )
        except NothingToSend:
            assert not full
            return None
        self.bundles.append(Made(made.path, number, full))
        return self.bundles[-1]

    def import_(self, number: int, made: Made) -> ImportReport:
        """Import ``made`` into workspace ``number``, checking what a second import or a refusal
        must leave: every file byte for byte as it was."""
        before = self.tree(number)
        report = Importer(self.repositories[number]).import_file(made.path)
        if number in made.imported_by:
            assert report.status is ImportStatus.ALREADY, report.line()
        if currently_in_test_context():
            event(f"import {report.status}")
        if report.status is not ImportStatus.IMPORTED:
            assert self.tree(number) == before, report.line()
        else:
            made.imported_by.add(number)
        return report


# -- the program hypothesis writes -------------------------------------------------------

#: Edits of the records every workspace has come most often, so that versions made apart meet.
ACTIONS = (
    "add person", "edit person", "edit person", "edit person", "remove person",
    "add meeting", "edit meeting", "edit meeting",
    "add memo", "edit memo", "edit memo", "remove memo", "attendance", "feedback",
)  # fmt: skip
workspaces = st.integers(0, FACILITATORS - 1)
picks = st.integers(0, 7)
changes = st.tuples(st.just("change"), workspaces, st.sampled_from(ACTIONS), picks, picks)
imports = st.tuples(st.just("import"), workspaces, st.integers(-8, 8))
steps = st.one_of(
    changes,
    changes,
    changes,
    st.tuples(st.just("bundle"), workspaces, st.booleans()),
    st.tuples(st.just("send"), workspaces, workspaces, st.booleans()),
    st.tuples(st.just("send"), workspaces, workspaces, st.booleans()),
    imports,
    imports,
    st.tuples(st.just("wait"), st.sampled_from([0, 1, 1000])),
)
skews = st.lists(
    st.sampled_from([timedelta(), timedelta(seconds=-90), timedelta(seconds=45)]),
    min_size=FACILITATORS,
    max_size=FACILITATORS,
)
clock_steps = st.sampled_from([timedelta(milliseconds=1), timedelta()])

PROPERTY_SETTINGS = settings(
    # No shrinking: a failing program is reported as found (shrinking one takes minutes).
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.generate],
)


def run(network: Network, program: list[tuple]) -> None:
    for step in program:
        match step:
            case ("change", number, action, pick, other):
                network.change(number, action, pick, other)
            case ("bundle", number, full):
                network.make(number, full=full)
            case ("send", number, other, full):
                made = network.make(number, full=full)
                if made is not None and other != number:
                    network.import_(other, made)
            case ("import", number, which):
                candidates = [made for made in network.bundles if made.source != number]
                if candidates:
                    network.import_(number, candidates[which % len(candidates)])
            case ("wait", milliseconds):
                network.clock.wait(milliseconds)


def exchange_everything(network: Network) -> None:
    """Every workspace imports every bundle made by the others, oldest first, then each makes an
    incremental bundle that every other imports: incremental bundles, taken together, carry
    everything."""
    for number in range(FACILITATORS):
        for made in list(network.bundles):
            if made.source != number:
                report = network.import_(number, made)
                assert report.ok, report.line()
    for number in range(FACILITATORS):
        made = network.make(number, full=False)
        for other in range(FACILITATORS):
            if made is not None and other != number:
                report = network.import_(other, made)
                assert report.status is ImportStatus.IMPORTED, report.line()


def live_data(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` without the sides of conflicts that a kept version was made knowing.

    Such a side is left behind in the workspace that saved over a conflict (its save counts every
    save made there, that side's too): nobody is shown it (:mod:`exports.bundle.conflicts`), the
    other workspaces drop it on import, and this one when the record next arrives changed.
    """
    live: dict[str, Any] = {}
    for key, value in data.items():
        if key[2] != "conflicts":
            live[key] = value
            continue
        current = data[(key[0], key[1], "current")]
        others = [current, *value]
        sides = [side for side in value if not any(other is not side and seen_apart(other, side) for other in others)]
        if sides:
            live[key] = sides
    return live


def seen_apart(newer: dict[str, Any], older: dict[str, Any]) -> bool:
    """Whether ``newer`` is another version, made knowing ``older``."""
    return newer["versions"] != older["versions"] and has_seen(newer["versions"], older["versions"])


def kept_versions(data: dict[str, Any]) -> dict[tuple[str, str], dict[tuple[tuple[str, int], ...], bytes]]:
    """``{(kind, id): {vector: content}}`` of every version a workspace keeps."""
    kept: dict[tuple[str, str], dict[tuple[tuple[str, int], ...], bytes]] = {}
    for (kind, record_id, where), value in data.items():
        for document in value if where == "conflicts" else [value]:
            vector = tuple(sorted(document["versions"].items()))
            versions = kept.setdefault((kind, record_id), {})
            assert vector not in versions, f"{kind} {record_id} keeps the version {vector} twice"
            versions[vector] = shared_bytes(document)
    return kept


def check_nothing_lost(network: Network, data: dict[str, Any]) -> None:
    """No version saved anywhere is lost.

    The invariant: for every record, the versions kept at the end (the current one and the other
    sides of its conflict) are exactly the *heads* of every version saved anywhere during the
    run, that is the versions whose version vector no other saved version of the record
    dominates (is ≥ in every workspace's count and not equal). So each version saved is either
    kept, with the very content it was saved with, or was replaced by a version made knowing it
    (its vector ≤ a kept one's). No two saves ever make the same vector with different contents.
    ``data`` is one workspace's :func:`live_data`.
    """
    by_record: dict[tuple[str, str], dict[tuple[tuple[str, int], ...], bytes]] = {}
    for saved in network.saved:
        versions = by_record.setdefault((saved.kind, saved.id), {})
        assert versions.get(saved.versions, saved.document) == saved.document, f"two contents saved as {saved.versions}"
        versions[saved.versions] = saved.document
    kept = kept_versions(data)
    assert set(kept) == set(by_record)
    for record, versions in by_record.items():
        heads = {
            vector: document
            for vector, document in versions.items()
            if not any(other != vector and has_seen(dict(other), dict(vector)) for other in versions)
        }
        assert kept[record] == heads, f"{record}: kept {sorted(kept[record])}, heads {sorted(heads)}"


def only_ledger_changed(before: dict[str, bytes], after: dict[str, bytes]) -> None:
    """Every file as it was, but for the list of bundles imported in the network file (and the
    mark every import renews for readers beside the app)."""
    moving = {"network.json", LAST_CHANGE}
    assert {name: data for name, data in after.items() if name not in moving} == {
        name: data for name, data in before.items() if name not in moving
    }
    tables_before, tables_after = orjson.loads(before["network.json"]), orjson.loads(after["network.json"])
    tables_before.pop(IMPORTED_TABLE, None)
    tables_after.pop(IMPORTED_TABLE, None)
    assert tables_after == tables_before


@pytest.mark.longest
@PROPERTY_SETTINGS
@seed(20260302)
@given(program=st.lists(steps, min_size=8, max_size=30), skews=skews, clock_step=clock_steps)
def test_co_facilitators_converge_whatever_the_order(tmp_path_factory, program, skews, clock_step) -> None:
    root = tmp_path_factory.mktemp("network")
    with ExitStack() as stack:
        network = Network(root, stack, SharedClock(clock_step), skews)
        network.start()
        run(network, program)
        exchange_everything(network)

        data = [network.data(number) for number in range(FACILITATORS)]
        assert data[1] == data[0]
        assert data[2] == data[0]
        check_nothing_lost(network, data[0])
        event(f"conflicts at the end: {min(sum(1 for key in data[0] if key[2] == 'conflicts'), 3)}+")
        event(f"records at the end: {len(data[0]) // 5 * 5}+")

        # Full bundles now hold nothing new: importing them changes only the list of imports.
        for number in range(FACILITATORS):
            made = network.make(number, full=True)
            for other in range(FACILITATORS):
                if other != number:
                    before = network.tree(other)
                    report = network.import_(other, made)
                    assert report.status is ImportStatus.IMPORTED
                    assert report.total(Outcome.UNCHANGED) > 0
                    assert (
                        report.total(Outcome.NEW)
                        == report.total(Outcome.UPDATED)
                        == report.total(Outcome.CONFLICT)
                        == 0
                    )
                    only_ledger_changed(before, network.tree(other))
        # Any bundle of the run again: already imported changes nothing at all; one never imported
        # here changes only the list of imports.
        for made in network.bundles:
            for number in range(FACILITATORS):
                if made.source != number:
                    before = network.tree(number)
                    again = number in made.imported_by
                    report = network.import_(number, made)
                    if again:
                        assert network.tree(number) == before
                    else:
                        assert report.status is ImportStatus.IMPORTED, report.line()
                        only_ledger_changed(before, network.tree(number))
        for number in range(FACILITATORS):
            assert network.data(number) == data[0]


# -- the same, one case at a time ----------------------------------------------------------


@pytest.fixture
def network(tmp_path: Path) -> Iterator[Network]:
    """Three co-facilitators who share two people, a meeting and its records; one clock, 1 ms a reading."""
    with ExitStack() as stack:
        network = Network(tmp_path, stack, SharedClock(timedelta(milliseconds=1)), [timedelta()] * FACILITATORS)
        network.start()
        yield network


def person_versions(network: Network, number: int, person_id: str) -> tuple[str, list[str]]:
    """The company field of the current version of a person, and of each other side."""
    data = network.data(number)
    current = data[("people", person_id, "current")]
    return current["company"], [side["company"] for side in data.get(("people", person_id, "conflicts"), [])]


@pytest.mark.parametrize("first", [0, 1])
def test_edits_made_apart_meet_as_a_conflict_in_either_order(network: Network, first: int) -> None:
    person = network.repositories[0].people(network.group_id)[0]
    for number in (0, 1):
        network.change(number, "edit person", 0, 0)
    made = [network.make(number, full=False) for number in (0, 1)]
    reports = {}
    for number in (first, 1 - first):
        reports[number] = network.import_(number, made[1 - number])
    for report in reports.values():
        assert report.total(Outcome.CONFLICT) == 1
        assert report.total(Outcome.NEW) == report.total(Outcome.UPDATED) == 0
    edits = {number: network.repositories[number].person(person.id).company for number in (0, 1)}
    assert edits[0] == edits[1]  # the same version shown as current in both
    current, others = person_versions(network, 0, person.id)
    assert person_versions(network, 1, person.id) == (current, others)
    assert {current, *others} == {
        f"edit person {n} in {number}" for n, number in ((next_number(network, 0), 0), (next_number(network, 1), 1))
    }
    assert network.data(0) == network.data(1)


def next_number(network: Network, number: int) -> int:
    """The number the edit of workspace ``number`` wrote in the company field (from the log)."""
    for saved in network.saved:
        document = orjson.loads(saved.document)
        if saved.kind == "people" and document["company"].endswith(f" in {number}"):
            return int(document["company"].split()[2])
    raise AssertionError(number)


def test_a_removal_travels(network: Network) -> None:
    person = network.repositories[1].people(network.group_id)[0]
    network.change(1, "remove person", 0, 0)
    report = network.import_(0, network.make(1, full=False))
    assert report.total(Outcome.UPDATED) == 1
    assert person.id not in {other.id for other in network.repositories[0].people(network.group_id)}
    assert network.data(0)[("people", person.id, "current")]["deleted"] is True
    assert network.data(0) == network.data(1)


def test_incremental_bundles_relay_what_they_received(network: Network) -> None:
    """A's change reaches C through B, in B's next incremental bundle."""
    network.change(0, "add memo", 0, 0)
    network.change(0, "edit person", 1, 0)
    network.import_(1, network.make(0, full=False))
    relayed = network.make(1, full=False)
    report = network.import_(2, relayed)
    assert report.total(Outcome.NEW) == 1 and report.total(Outcome.UPDATED) == 1
    assert network.data(2) == network.data(0) == network.data(1)


def test_a_save_in_the_millisecond_a_bundle_was_made_goes_in_the_next(tmp_path: Path) -> None:
    with ExitStack() as stack:
        network = Network(tmp_path, stack, SharedClock(timedelta()), [timedelta()] * FACILITATORS)
        network.start()
        network.make(0, full=False)
        network.change(0, "add person", 0, 0)  # the clock has not moved on
        network.import_(1, network.make(0, full=False))
        assert network.data(1) == network.data(0)


def test_a_save_over_a_conflict_on_a_slow_clock_is_current_everywhere(tmp_path: Path) -> None:
    """Facilitator 0's clock is 90 s behind: a save made there over a conflict must still be the
    current version everywhere, as it is where it was made."""
    with ExitStack() as stack:
        skews = [timedelta(seconds=-90), timedelta(seconds=45), timedelta()]
        network = Network(tmp_path, stack, SharedClock(timedelta(milliseconds=1)), skews)
        network.start()
        person = network.repositories[0].people(network.group_id)[0]
        for number in (1, 2):
            network.change(number, "edit person", 0, 0)
        for made in [network.make(1, full=False), network.make(2, full=False)]:
            network.import_(0, made)
        network.change(0, "edit person", 0, 0)
        saved = network.repositories[0].person(person.id)
        exchange_everything(network)
        for number in range(FACILITATORS):
            assert network.repositories[number].person(person.id) == saved
        assert network.data(1) == network.data(0) == network.data(2)


def test_the_other_side_of_a_conflict_travels_with_its_meeting(network: Network) -> None:
    """A side that arrived after the last bundle goes in the next one with its meeting, so that
    a workspace that never had the meeting can import that bundle on its own."""
    with ExitStack() as stack:
        late = network._open(stack, network.root / "late", WorkspaceRole.FACILITATOR, timedelta())
        install_keys(late, network.keys.path, network.keys.passphrase)
        network.change(2, "edit memo", 0, 0)
        network.change(0, "edit memo", 0, 0)  # later: it stays current where both meet
        network.make(0, full=False)  # what facilitator 0 changed itself has gone
        report = network.import_(0, network.make(2, full=False))
        assert report.total(Outcome.CONFLICT) == 1
        made = network.make(0, full=False)
        report = Importer(late).import_file(made.path)
        assert report.status is ImportStatus.IMPORTED, report.line()
        assert report.total(Outcome.NEW) == 2  # the meeting and the side of its memo entry


# -- merging versions, on its own ------------------------------------------------------------

WORKSPACE_IDS = ("a", "b", "c")
vectors = st.dictionaries(st.sampled_from(WORKSPACE_IDS), st.integers(1, 3), min_size=1).map(
    lambda vector: tuple(sorted(vector.items()))
)


def version(vector: tuple[tuple[str, int], ...], moment: int, changed_by: str) -> dict[str, Any]:
    """A stored version; its content follows from its vector, as a vector names one save."""
    return {
        "id": "record",
        "versions": dict(vector),
        "updated_at": f"2026-03-02T09:00:{moment:02d}.000+00:00",
        "changed_by": changed_by,
        "text": repr(vector),
    }


@st.composite
def version_sets(draw: st.DrawFn) -> list[dict[str, Any]]:
    chosen = draw(st.lists(vectors, min_size=1, max_size=6, unique=True))
    return [version(vector, draw(st.integers(0, 3)), draw(st.sampled_from(WORKSPACE_IDS))) for vector in chosen]


def merged(arrivals: list[dict[str, Any]]) -> list[dict[str, Any]]:
    known: list[dict[str, Any]] = []
    for arriving in arrivals:
        known, _outcome = merge_version(known, arriving)
    return known


@settings(max_examples=300, deadline=None, database=None, derandomize=True)
@given(versions=version_sets(), data=st.data())
def test_merging_versions_ignores_order_and_repetition(versions, data) -> None:
    """Whatever the order, and however often each version arrives, the same versions are kept
    (those no other was made knowing) with the same one current."""
    arrivals = data.draw(st.permutations(versions + data.draw(st.lists(st.sampled_from(versions), max_size=4))))
    in_order = merged(versions)
    shuffled = merged(arrivals)
    assert shuffled[0] == in_order[0]
    assert sorted(map(repr, shuffled)) == sorted(map(repr, in_order))
    heads = [one for one in versions if not any(seen_apart(other, one) for other in versions)]
    assert sorted(map(repr, shuffled)) == sorted(map(repr, heads))
    # Merging the results of two halves (what two workspaces hold) gives the same again.
    middle = data.draw(st.integers(0, len(arrivals)))
    assert merged(merged(arrivals[:middle]) + merged(arrivals[middle:]))[0] == in_order[0]


# -- an erased person never comes back ------------------------------------------------------

VICTIM, VICTIM_EMAIL = "Áilu Näkkäläjärvi", "ailu.n@duodji.fi"


def json_escaped(text: str) -> bytes:
    """``text`` as JSON writes it with every non-ASCII character escaped (``\\u00c1ilu``)."""
    return text.encode("ascii", "backslashreplace").replace(b"\\x", b"\\u00")


VICTIM_FORMS = [
    form
    for text in (VICTIM, VICTIM_EMAIL, "Áilu", "Näkkäläjärvi")
    for form in {text.encode(), json_escaped(text), json_escaped(text).lower()}
]


class ErasureNetwork(Network):
    """The co-facilitators' network with one member, Áilu, named in memo entries; and, at some
    moment of the program, Áilu erased on one laptop."""

    def start(self) -> None:
        super().start()
        repository = self.repositories[0]
        victim = repository.save_person(
            Person(id=self.new_id(), group_id=self.group_id, name=VICTIM, email=VICTIM_EMAIL, can_host=True,
                   premises_address="Siida 1, 99870 Inari")
        )  # fmt: skip
        self.victim_id = victim.id
        self.name_victim(0, 0)
        meeting = repository.meetings(self.group_id)[0]
        repository.save_attendance(
            Attendance(id=self.new_id(), meeting_id=meeting.id, person_id=victim.id, status=Presence.PRESENT)
        )
        made = self.make(0, full=True)
        for number in range(1, FACILITATORS):
            assert made is not None and self.import_(number, made).status is ImportStatus.IMPORTED

    def erased_in(self, number: int) -> bool:
        return not any(person.id == self.victim_id for person in erasable_people(self.repositories[number].workspace))

    def name_victim(self, number: int, pick: int) -> None:
        """A memo entry naming Áilu, written where Áilu is not erased yet (after, it would be a new mention)."""
        repository = self.repositories[number]
        meetings = repository.meetings(self.group_id)
        if self.erased_in(number) or not meetings:
            return
        meeting = meetings[pick % len(meetings)]
        text = f"@Áilu and {VICTIM} ({VICTIM_EMAIL}) share a stand {next(self.numbers)}"
        repository.save_memo_entry(
            MemoEntry(
                id=self.new_id(), meeting_id=meeting.id, group_id=self.group_id, text=text, written_at=START,
                people=[self.victim_id], owner_id=self.victim_id,
            )
        )  # fmt: skip

    def erase(self, number: int) -> None:
        if not self.erased_in(number):
            WorkspaceErasure(self.repositories[number], self.victim_id).apply()

    def holding_victim(self, number: int) -> list[str]:
        return [name for name, data in self.tree(number).items() if any(form in data for form in VICTIM_FORMS)]


erasure_steps = st.one_of(
    changes,
    st.tuples(st.just("name"), workspaces, picks),
    st.tuples(st.just("send"), workspaces, workspaces, st.booleans()),
    st.tuples(st.just("bundle"), workspaces, st.booleans()),
    imports,
    imports,
)


@settings(PROPERTY_SETTINGS, max_examples=12)
@seed(20261204)
@given(
    before=st.lists(erasure_steps, max_size=8),
    after=st.lists(erasure_steps, max_size=8),
    eraser=workspaces,
)
def test_an_erased_person_never_comes_back_whatever_arrives(tmp_path_factory, before, after, eraser) -> None:
    """Whatever bundles were made before or after the erasure, and in whatever order each laptop
    imports them, once everything is exchanged no file of any laptop holds Áilu, every laptop holds
    the same records, and importing any bundle of the run again (the oldest ones hold Áilu) brings
    nothing back."""
    root = tmp_path_factory.mktemp("erasure")
    with ExitStack() as stack:
        network = ErasureNetwork(root, stack, SharedClock(timedelta(milliseconds=1)), [timedelta()] * FACILITATORS)
        network.start()
        for program in (before, [("erase", eraser)], after):
            for step in program:
                match step:
                    case ("name", number, pick):
                        network.name_victim(number, pick)
                    case ("erase", number):
                        network.erase(number)
                        assert network.holding_victim(number) == []
                    case _:
                        run(network, [step])
        exchange_everything(network)
        for number in range(FACILITATORS):
            assert network.erased_in(number)
            assert network.holding_victim(number) == [], number
        assert network.data(1) == network.data(0) == network.data(2)
        for made in network.bundles:
            for number in range(FACILITATORS):
                if made.source != number:
                    assert network.import_(number, made).ok
        for number in range(FACILITATORS):
            assert network.holding_victim(number) == [], number
