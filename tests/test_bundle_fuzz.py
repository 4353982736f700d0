"""Damaged, foreign and hostile bundles against a real coordinator workspace (DESIGN §5: a damaged
or foreign file is refused whole, with a reason a person can act on; never a traceback, never a
partial import).

One good sealed bundle (format 3) of a real facilitator workspace is taken apart and put back
together damaged, in well over a thousand ways, each generated from a fixed seed: bytes flipped,
the file cut short, the manifest edited (once with its seal renewed with the group's real key, so
the checks behind the seal are reached, once without: then no seal opens), members renamed, added,
doubled or dropped, names pointing outside the bundle, members that would unpack to gigabytes,
records of a bad shape sealed again as the app seals them, a newer format, files that are no
bundle at all. Each is imported into a coordinator workspace that already holds an earlier good
import of the same group, kept open across the imports as the app keeps it. A refused file must
leave every byte of the workspace as it was; a harmless change (a byte of the zip comment, valid
content sealed again) imports as the good bundle would. Any exception escaping the importer fails
the test. The keys and seals themselves, and the signed formats 1 and 2, are in
``tests/test_sealed_fuzz.py``, with the same workspaces.
"""

from __future__ import annotations

import random
import shutil
import uuid
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path
from typing import Any

import orjson
import pytest

from exports.bundle.format import FORMAT_VERSION, MANIFEST, MAX_ENTRIES, SEALS, TYPES_BY_MEMBER
from exports.bundle.importer import Importer, ImportReport, ImportStatus
from exports.bundle.keys import issue_keys
from exports.bundle.sealing import fingerprint
from exports.bundle.writer import make_bundle
from facilitator.model import MemoEntry
from storage.codec import _field_decoders
from storage.repository import Repository
from storage.sync_ledger import GroupKey, SyncLedger
from storage.workspace import WorkspaceRole
from tests.bundle_damage import (
    Member,
    Opened,
    central_entries,
    declare_size,
    documents_in,
    lines_bytes,
    manifest_of,
    member,
    opened_contents,
    pack,
    replaced,
    resealed,
    sealed_again,
    unpack,
    with_checksums,
)
from tests.conftest import make_demo
from tests.sync_support import opened, share_keys, synced_data, tree_bytes

COORDINATOR = WorkspaceRole.COORDINATOR
#: Words a refusal must never show: what an uncaught exception or a repr would print.
NOT_HUMAN = ("Traceback", "Error(", "Exception", "<class", 'File "')

MEMO = "records/memo.jsonl"
AGENDA = "records/agenda.jsonl"
MEETINGS = "records/meetings.jsonl"
PEOPLE = "records/people.jsonl"
GROUPS = "records/groups.jsonl"
ABSENCES = "records/absences.jsonl"


class Expect(Enum):
    REFUSED = "refused"
    #: Imported, with exactly the contents of the good bundle (the damage touched no content).
    ACCEPTED = "accepted"
    #: Either refused, or imported and the workspace reads whole afterwards.
    EITHER = "either"


@dataclass
class Case:
    kind: str
    label: str
    data: bytes | None
    expect: Expect = Expect.REFUSED
    #: When refused, the message holds one of these (case-insensitive); empty: any human reason.
    reasons: tuple[str, ...] = ()
    #: A path to import instead of ``data`` (a folder, a missing file).
    path: Path | None = None


# -- the workspaces, made once for the module ---------------------------------------------------


@dataclass(repr=False)
class Base:
    coordinator: Path
    good: bytes
    members: list[Member]
    #: The good bundle's contents in the clear, and its content key.
    opened: Opened
    #: The group's key, as the coordinator and the facilitator hold it: group id → key.
    keys: dict[str, GroupKey]
    group_id: str
    group_name: str
    other_group: str
    #: The key of a group the coordinator holds a key for and that is in no bundle.
    other_key: GroupKey
    coordinator_id: str
    #: The coordinator's synced data once the good bundle is imported (the outcome of harmless damage).
    after_good: dict[Any, Any]
    #: The cases each generator made (see :func:`generated`), made once for the tests and the count.
    made_cases: dict[str, list[Case]] = field(default_factory=dict)

    @property
    def key(self) -> GroupKey:
        return self.keys[self.group_id]

    def resealed(self, members: list[Member], manifest: Any, keys: dict[str, GroupKey] | None = None) -> bytes:
        """``members`` with ``manifest`` and the good bundle's content key sealed again for it."""
        return pack(resealed(members, manifest, self.keys if keys is None else keys, self.opened.content_key))

    def sealed(self, keys: dict[str, GroupKey] | None = None, **changes: Any) -> bytes:
        """The good bundle's contents sealed again for ``keys`` (the group's) as the app seals them,
        with ``changes`` (see :func:`tests.bundle_damage.sealed_again`)."""
        return pack(unpack(sealed_again(self.opened, self.keys if keys is None else keys, **changes)))


def make_base(root: Path) -> Base:
    """A facilitator's workspace with one group, whose earlier full bundle a coordinator imported,
    and the facilitator's next bundle (cut down to three meetings): the good bundle."""
    (root / "out").mkdir()
    make_demo(root / "facilitator", groups=1, years=1)
    other_group = str(uuid.UUID(int=7, version=4))
    with opened(root / "coordinator", COORDINATOR) as coordinator, opened(root / "facilitator") as facilitator:
        share_keys(coordinator, [facilitator], root / "keys")
        issue_keys(coordinator, [{"id": other_group, "name": "Another group"}], root / "keys")
        (group,) = facilitator.groups()
        earlier = make_bundle(facilitator, [group], full=True, to=root / "out")
        assert Importer(coordinator).import_file(earlier.path).status is ImportStatus.IMPORTED
        # What the facilitator wrote after the earlier bundle: the damaged bundles carry it.
        meeting = facilitator.meetings(group.id)[0]
        facilitator.save_memo_entry(
            MemoEntry(
                meeting_id=meeting.id,
                group_id=group.id,
                text="Written after the first bundle: asks how the others price a commission.",
                written_at=datetime(2026, 11, 27, 10, tzinfo=UTC),
            )
        )
        made = make_bundle(facilitator, [group], full=True, to=root / "out")
        ledger = SyncLedger(coordinator.workspace)
        keys = {group.id: ledger.key(group.id)}
        other_key = ledger.key(other_group)
        coordinator_id = coordinator.workspace.id
        kept = {meeting.id for meeting in facilitator.meetings(group.id)[:3]}
    assert all(keys.values()) and other_key is not None
    key = keys[group.id]
    assert key is not None
    # Three meetings of the year are enough to reach every check, and make each import quick.
    full = opened_contents(made.path.read_bytes(), key)
    good_bytes = pack(unpack(sealed_again(full, {group.id: key}, records=trimmed(full, kept))))
    (root / "out" / "good.mebundle").write_bytes(good_bytes)
    shutil.copytree(root / "coordinator", root / "expected")
    with opened(root / "expected", COORDINATOR) as expected:
        report = Importer(expected).import_file(root / "out" / "good.mebundle")
        assert report.status is ImportStatus.IMPORTED and report.total("new") == 1, report.line()
    return Base(
        coordinator=root / "coordinator",
        good=good_bytes,
        members=unpack(good_bytes),
        opened=opened_contents(good_bytes, key),
        keys={group.id: key},
        group_id=group.id,
        group_name=group.name,
        other_group=other_group,
        other_key=other_key,
        coordinator_id=coordinator_id,
        after_good=synced_data(root / "expected"),
    )


def trimmed(full: Opened, meeting_ids: set[str]) -> dict[str, bytes]:
    """A full bundle's records cut down to the group, its people and the meetings ``meeting_ids``."""
    kept: dict[str, bytes] = {}
    for name, data in full.records.items():
        documents = documents_in(data)
        if name == MEETINGS:
            documents = [document for document in documents if document["id"] in meeting_ids]
        elif TYPES_BY_MEMBER[name].in_meeting_file:
            documents = [document for document in documents if document["meeting_id"] in meeting_ids]
        if documents:
            kept[name] = lines_bytes(documents)
    return kept


#: The base of both fuzz modules (this one and ``tests/test_sealed_fuzz.py``), made once a session:
#: it takes a second, and every case copies its workspace instead of changing it.
_shared: list[Base] = []


def shared_base(tmp_path_factory: pytest.TempPathFactory) -> Base:
    if not _shared:
        _shared.append(make_base(tmp_path_factory.mktemp("bundle-fuzz")))
    return _shared[0]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Base:
    return shared_base(tmp_path_factory)


# -- importing one case after the other into one open workspace ---------------------------------


@dataclass(repr=False)
class Target:
    """A copy of the coordinator workspace, open for the whole test, and what each import did."""

    base: Base
    repository: Repository
    folder: Path
    files: Path
    importer: Importer = field(init=False)
    tree: dict[str, bytes] = field(init=False)
    count: int = 0
    failures: list[str] = field(default_factory=list)
    outcomes: dict[str, dict[str, int]] = field(default_factory=dict)
    messages: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.importer = Importer(self.repository)
        self.tree = tree_bytes(self.folder)

    def run(self, cases: list[Case]) -> None:
        for case in cases:
            self.count += 1
            problem = self._check(case, self._path(case))
            if problem:
                self.failures.append(f"[{case.kind}] {case.label}: {problem}")

    def _path(self, case: Case) -> Path:
        if case.path is not None:
            return case.path
        assert case.data is not None
        path = self.files / f"case-{self.count}.mebundle"
        path.write_bytes(case.data)
        return path

    def _check(self, case: Case, path: Path) -> str | None:
        try:
            report = self.importer.import_file(path)
        except Exception as error:  # the point of the test: nothing may escape
            return f"raised {type(error).__name__}: {error}"
        after = tree_bytes(self.folder)
        by_kind = self.outcomes.setdefault(case.kind, {})
        by_kind[report.status.value] = by_kind.get(report.status.value, 0) + 1
        self.messages[case.label] = report.message
        if report.status is ImportStatus.REFUSED:
            return self._check_refusal(case, report, after)
        self.tree = after
        if case.expect is Expect.REFUSED:
            return f"not refused: {report.line()}"
        problem = self._check_readable()
        if problem is None and case.expect is Expect.ACCEPTED and synced_data(self.folder) != self.base.after_good:
            problem = "imported, but not as the good bundle imports"
        return problem

    def _check_refusal(self, case: Case, report: ImportReport, after: dict[str, bytes]) -> str | None:
        message = report.message
        if after != self.tree:
            changed = sorted(name for name in {*after, *self.tree} if after.get(name) != self.tree.get(name))
            self.tree = after
            return f"refused, but the workspace changed: {changed}"
        if not message.strip():
            return "refused without a reason"
        if any(word in message for word in NOT_HUMAN):
            return f"refused with a message that is not for people: {message!r}"
        if case.expect is Expect.ACCEPTED:
            return f"refused harmless damage: {message}"
        if case.reasons and not any(reason.lower() in message.lower() for reason in case.reasons):
            return f"refused for another reason than {case.reasons}: {message}"
        return None

    def _check_readable(self) -> str | None:
        """After an accepted bundle, every record reads back through the repository."""
        try:
            repository = Repository(self.repository.workspace)
            for group in repository.groups():
                repository.people(group.id)
                repository.absences(group.id)
                for meeting in repository.meetings(group.id):
                    repository.agenda(meeting.id)
                    repository.attendance(meeting.id)
                    repository.memo(meeting.id)
                    repository.feedback(meeting.id)
            synced_data(self.folder)
        except Exception as error:
            return f"imported, but the workspace no longer reads: {type(error).__name__}: {error}"
        return None

    def assert_all_passed(self, expected_count: int) -> None:
        print(f"{self.count} damaged files: {self.outcomes}")
        assert self.count == expected_count, f"{self.count} cases run, {expected_count} generated"
        assert not self.failures, f"{len(self.failures)} of {self.count} cases failed:\n" + "\n".join(
            self.failures[:40]
        )


@contextmanager
def target_of(base: Base, tmp_path: Path, prepare: Callable[[Repository], None] | None = None) -> Iterator[Target]:
    """A copy of the coordinator's workspace to import into, changed first by ``prepare`` if given."""
    folder = tmp_path / "coordinator"
    shutil.copytree(base.coordinator, folder)
    files = tmp_path / "files"
    files.mkdir()
    with opened(folder, COORDINATOR) as repository:
        if prepare is not None:
            prepare(repository)
        yield Target(base, repository, folder, files)


@pytest.fixture
def target(base: Base, tmp_path: Path) -> Iterator[Target]:
    with target_of(base, tmp_path) as target:
        yield target


# -- helpers to make damaged copies -------------------------------------------------------------


def generated(base: Base, generator: Callable[[Base], list[Case]]) -> list[Case]:
    """The cases ``generator`` makes of ``base``, made once: sealing them again takes time."""
    if generator.__name__ not in base.made_cases:
        base.made_cases[generator.__name__] = generator(base)
    return base.made_cases[generator.__name__]


def fresh_id(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


WRONG_VALUES: tuple[Any, ...] = (
    None,
    0,
    -1,
    1.5,
    True,
    False,
    "",
    "x",
    "../../x",
    [],
    [1],
    {},
    {"a": 1},
    2**62,
    "2026-13-45",
)


# -- A: bytes flipped, file cut short ------------------------------------------------------------

FLIPS = 320
MANIFEST_FLIPS = 30
TRUNCATIONS = 120


def flipped_cases(base: Base) -> list[Case]:
    rng = random.Random(7001)
    cases = []
    good = base.good
    for number in range(FLIPS):
        data = bytearray(good)
        offsets = sorted(rng.sample(range(len(data)), rng.choice((1, 1, 1, 2, 3))))
        for offset in offsets:
            data[offset] ^= rng.choice((1 << rng.randrange(8), rng.randrange(1, 256)))
        cases.append(Case("flip", f"flip {number} at {offsets}", bytes(data), Expect.EITHER))
    # Aimed at the zip's own structure: the headers and the central directory.
    for index, offset in enumerate(central_entries(good)):
        for delta in (4, 6, 8, 10, 12, 16, 20, 24, 28, 30, 34, 38, 42, 46):
            data = bytearray(good)
            data[offset + delta] ^= 0xFF
            cases.append(Case("flip", f"central entry {index} byte {delta}", bytes(data), Expect.EITHER))
    # Aimed at the manifest and the seals, packed again so that the zip's own checksums match: a
    # changed byte of the manifest opens no seal; the seals file itself is bound to nothing (a
    # change that leaves its JSON the same is harmless).
    for name, expect in ((MANIFEST, Expect.REFUSED), (SEALS, Expect.EITHER)):
        original = member(base.members, name).data
        for number in range(MANIFEST_FLIPS):
            data = bytearray(original)
            offset = rng.randrange(len(data))
            data[offset] ^= rng.choice((1 << rng.randrange(8), rng.randrange(1, 256)))
            changed = pack(replaced(base.members, name, bytes(data)))
            cases.append(Case(f"{name} flip", f"{name} flip {number} at {offset}", changed, expect))
    return cases


def truncated_cases(base: Base) -> list[Case]:
    rng = random.Random(7002)
    good = base.good
    lengths = sorted({0, 1, 4, 22, len(good) - 22, len(good) - 1, *rng.sample(range(len(good)), TRUNCATIONS)})
    return [
        Case("truncated", f"first {length} of {len(good)} bytes", good[:length], reasons=("part of one",))
        for length in lengths
    ]


def comment_cases(base: Base) -> list[Case]:
    """A zip comment, then a flipped byte in it: harmless, the bundle imports as the good one."""
    rng = random.Random(7003)
    commented = pack(base.members, comment=b"Inari peer group, November 2026" * 4)
    start = len(commented) - 124
    cases = [Case("comment", "a zip comment", commented, Expect.ACCEPTED)]
    for number in range(40):
        data = bytearray(commented)
        offset = start + rng.randrange(124)
        data[offset] ^= rng.randrange(1, 256)
        cases.append(Case("comment", f"comment flip {number} at {offset}", bytes(data), Expect.ACCEPTED))
    return cases


def test_flipped_bytes_are_refused_or_harmless(base: Base, target: Target) -> None:
    cases = generated(base, comment_cases) + generated(base, flipped_cases)
    target.run(cases)
    target.assert_all_passed(len(cases))
    outcomes = target.outcomes["flip"]
    # Most flips land in compressed data or a checked field: refused, with a reason.
    assert outcomes.get("refused", 0) > FLIPS // 2, outcomes
    assert target.outcomes["manifest.json flip"] == {"refused": MANIFEST_FLIPS}, target.outcomes["manifest.json flip"]
    assert target.outcomes["seals.json flip"].get("refused", 0) > MANIFEST_FLIPS // 2, target.outcomes[
        "seals.json flip"
    ]
    # The comment's flips imported: the first as new, the others as already imported.
    assert target.outcomes["comment"] == {"imported": 1, "already imported": 40}, target.outcomes["comment"]


def test_truncated_files_are_refused_as_cut_short(base: Base, target: Target) -> None:
    cases = generated(base, truncated_cases)
    target.run(cases)
    target.assert_all_passed(len(cases))
    assert target.outcomes["truncated"] == {"refused": len(cases)}


# -- B: the manifest edited ------------------------------------------------------------------------

MANIFEST_FIELDS = (
    "format",
    "version",
    "bundle_id",
    "created_at",
    "source",
    "audience",
    "cipher",
    "key_derivation",
    "compression",
    "groups",
    "files",
)


def manifest_cases(base: Base) -> list[Case]:
    rng = random.Random(7004)
    members = base.members
    good = manifest_of(members)
    cases: list[Case] = []

    def add(
        kind: str,
        label: str,
        manifest: Any,
        expect: Expect = Expect.REFUSED,
        reasons: tuple[str, ...] = (),
        keys: dict[str, GroupKey] | None = None,
    ) -> None:
        cases.append(Case(kind, label, base.resealed(members, manifest, keys), expect, reasons))
        # The same manifest, its seal not renewed: a changed manifest opens for nobody.
        unsealed = pack(
            replaced(members, MANIFEST, manifest if isinstance(manifest, bytes) else orjson.dumps(manifest))
        )
        cases.append(Case(kind, f"{label} (seal not renewed)", unsealed, Expect.REFUSED))

    # First, valid content sealed again: harmless, it imports (a new bundle id makes a new import).
    cases.append(Case("sealed again", "same manifest, sealed again", base.resealed(members, good), Expect.ACCEPTED))
    cases.append(
        Case(
            "sealed again", "same manifest, other spacing", base.resealed(members, orjson.dumps(good)), Expect.ACCEPTED
        )
    )
    cases.append(Case("sealed again", "new bundle id", base.sealed(bundle_id=fresh_id(rng)), Expect.ACCEPTED))
    # Every field: missing, or of each wrong type.
    for name in MANIFEST_FIELDS:
        add("manifest field", f"without {name}", {key: value for key, value in good.items() if key != name})
        for value in WRONG_VALUES:
            add("manifest field", f"{name} = {value!r}", {**good, name: value})
    # The format and its version.
    for version in (FORMAT_VERSION + 1, FORMAT_VERSION + 2, 99, 2**40):
        add("newer version", f"version {version}", {**good, "version": version}, reasons=("update the app",))
    for version in (0, -1, "3", 3.0, None, True):
        add("version", f"version {version!r}", {**good, "version": version}, reasons=("format version", "malformed"))
    # A sealed bundle claiming to be of the signed formats: it has no signature.
    for version in (1, 2):
        add("version", f"version {version}", {**good, "version": version}, reasons=("not signed", "malformed"))
    for name in ("microentre-bundl", "MICROENTRE-BUNDLE", "microentre-group-keys", ""):
        add("format", f"format {name!r}", {**good, "format": name}, reasons=("not a microentre bundle",))
    for field_name, value in (
        ("cipher", "AES-256-GCM"),
        ("cipher", "chacha20-poly1305"),
        ("key_derivation", "HKDF-SHA512"),
        ("compression", "none"),
        ("compression", "bz2"),
    ):
        add(
            "cipher", f"{field_name} {value!r}", {**good, field_name: value}, reasons=("cipher this app does not know",)
        )
    # The audience: a bundle for a co-facilitator holds what the coordinator may not receive.
    add("audience", "audience group", {**good, "audience": "group"}, reasons=("co-facilitator",))
    add("audience", "audience Coordinator", {**good, "audience": "Coordinator"}, reasons=("malformed",))
    add(
        "source",
        "made in this workspace",
        {**good, "source": {**good["source"], "workspace_id": base.coordinator_id}},
        reasons=("made in this workspace",),
    )
    # Another moment: refused unless sealed again by a holder of the key (then it is the same bundle).
    add("created at", "made a day earlier", {**good, "created_at": "2026-11-26T12:00:00.000+00:00"}, Expect.EITHER)
    # The groups.
    group = good["groups"][0]
    other = {"id": base.other_group, "key_generation": 1, "key_fingerprint": fingerprint(base.other_key.secret_bytes)}
    stranger = {"id": fresh_id(rng), "key_generation": 1, "key_fingerprint": "0000-0000-0000"}
    add("groups", "a group with no key here", {**good, "groups": [*good["groups"], stranger]}, reasons=("no key",))
    add("groups", "the group twice", {**good, "groups": [group, group]}, reasons=("malformed",))
    add("groups", "no group", {**good, "groups": []}, reasons=("malformed",))
    add("groups", "group id not a record id", {**good, "groups": [{**group, "id": "../../x"}]}, reasons=("malformed",))
    add(
        "groups",
        "group id in capitals",
        {**good, "groups": [{**group, "id": group["id"].upper()}]},
        reasons=("malformed",),
    )
    for field_name in ("id", "key_generation", "key_fingerprint"):
        add(
            "groups",
            f"group without {field_name}",
            {**good, "groups": [{key: value for key, value in group.items() if key != field_name}]},
            reasons=("malformed",),
        )
    for value in (0, -1, "1", 1.5, True, None):
        add(
            "groups",
            f"key generation {value!r}",
            {**good, "groups": [{**group, "key_generation": value}]},
            reasons=("malformed",),
        )
    add(
        "groups",
        "a newer key generation",
        {**good, "groups": [{**group, "key_generation": 2}]},
        reasons=("install the group's new key file",),
    )
    add(
        "groups",
        "another fingerprint",
        {**good, "groups": [{**group, "key_fingerprint": "7F3A-9C21-0B44"}]},
        reasons=("7F3A-9C21-0B44 in the bundle",),
    )
    add("groups", "fingerprint a number", {**good, "groups": [{**group, "key_fingerprint": 7}]}, reasons=("malformed",))
    for label, odd in (("fingerprint of another shape", "7f3a-9c21-0b44"), ("a page-long fingerprint", "7F3A-" * 900)):
        add("groups", label, {**good, "groups": [{**group, "key_fingerprint": odd}]}, reasons=("malformed",))
    add("groups", "group as a list", {**good, "groups": [list(group.values())]}, reasons=("malformed",))
    # Sealed for another group, or for one more: what is sealed inside tells of the first group only.
    add(
        "groups",
        "sealed for another group",
        {**good, "groups": [other]},
        reasons=("does not match its manifest",),
        keys={base.other_group: base.other_key},
    )
    add(
        "groups",
        "sealed for one more group",
        {**good, "groups": [group, other]},
        reasons=("does not match its manifest",),
        keys={**base.keys, base.other_group: base.other_key},
    )
    # The bundle id: the members are bound to the id they were sealed with.
    for value in (7, None, "", "../../x", good["bundle_id"].upper(), good["bundle_id"] + "0", [good["bundle_id"]]):
        add("bundle id", f"bundle_id {value!r}", {**good, "bundle_id": value}, reasons=("malformed",))
    add(
        "bundle id",
        "another bundle id",
        {**good, "bundle_id": fresh_id(rng)},
        reasons=("does not open with the bundle's key",),
    )
    # The list of files: sizes and checksums that do not match the members.
    for name, details in good["files"].items():
        for key, value, reasons in (
            ("bytes", details["bytes"] + 1, ("not what its manifest lists",)),
            ("bytes", details["bytes"] - 1, ("not what its manifest lists",)),
            ("sha256", "0" * 64, ("not what its manifest lists",)),
            ("sha256", details["sha256"].upper(), ("not what its manifest lists",)),
            ("bytes", -1, ("malformed",)),
            ("bytes", "1", ("malformed",)),
            ("bytes", 1.5, ("malformed",)),
            ("sha256", None, ("malformed",)),
        ):
            add(
                "files",
                f"{name} {key} = {value!r}",
                {**good, "files": {**good["files"], name: {**details, key: value}}},
                reasons=reasons,
            )
        add(
            "files",
            f"{name} not listed",
            {**good, "files": {key: value for key, value in good["files"].items() if key != name}},
            reasons=("does not list", "malformed"),
        )
        add(
            "files",
            f"{name} details a list",
            {**good, "files": {**good["files"], name: list(details.values())}},
            reasons=("malformed",),
        )
    for name in ("records/other.jsonl", MANIFEST, SEALS, "../records/memo.jsonl", "records/memo.JSONL"):
        add(
            "files",
            f"lists {name}",
            {**good, "files": {**good["files"], name: good["files"][MEMO]}},
            reasons=("malformed",),
        )
    # Not a manifest at all.
    for label, raw in (
        ("not JSON", b'{"format": '),
        ("a list", b"[]"),
        ("a string", b'"microentre-bundle"'),
        ("empty", b""),
        ("not UTF-8", b"\xff\xfe{}"),
        ("JSON nested deeply", b"[" * 5000 + b"]" * 5000),
        ("JSON with a NaN", b'{"version": NaN}'),
    ):
        add("manifest bytes", f"manifest {label}", raw, reasons=("not valid json", "not a microentre bundle"))
    return cases


def test_edited_manifests_are_refused(base: Base, target: Target) -> None:
    cases = generated(base, manifest_cases)
    target.run(cases)
    target.assert_all_passed(len(cases))
    assert target.outcomes["newer version"] == {"refused": 8}
    assert target.outcomes["sealed again"] == {"imported": 2, "already imported": 1}, target.outcomes["sealed again"]
    # Every change to the manifest's bytes is refused when its seal is not renewed.
    not_renewed = [case.label for case in cases if case.label.endswith("(seal not renewed)")]
    opened_for_nobody = sum("seal for" in target.messages[label] for label in not_renewed)
    assert opened_for_nobody > 40, (opened_for_nobody, len(not_renewed))


# -- C: the zip's members: renamed, added, doubled, dropped, unsafe, huge -----------------------

UNSAFE_NAMES = (
    "../x",
    "/etc/x",
    "C:\\x",
    "C:x",
    "a/../../b",
    "..\\x",
    "records/../../x",
    "./../x",
    "//server/share/x",
    "\\\\server\\share\\x",
    "records/..",
    "..",
)


def member_cases(base: Base) -> list[Case]:
    rng = random.Random(7005)
    members = base.members
    good = manifest_of(members)
    cases: list[Case] = []
    names = [candidate.name for candidate in members]
    for name in names:
        listed = name not in (MANIFEST, SEALS)
        rest = [candidate for candidate in members if candidate.name != name]
        cases.append(Case("dropped", f"without {name}", pack(rest), reasons=("no manifest", "not sealed", "lacks")))
        for new_name in (name.upper(), name + ".bak", "x/" + name, name.replace(".json", ".JSON"), " " + name):
            renamed = [
                Member(new_name, candidate.data) if candidate.name == name else candidate for candidate in members
            ]
            cases.append(
                Case(
                    "renamed",
                    f"{name} renamed {new_name!r}",
                    pack(renamed),
                    reasons=("no manifest", "not sealed", "lacks", "does not list"),
                )
            )
        doubled = [*members, member(members, name)]
        cases.append(Case("duplicate", f"{name} twice", pack(doubled), reasons=("two files",)))
        garbage = Member(name, bytes(rng.randrange(256) for _ in range(200)))
        cases.append(
            Case(
                "duplicate", f"{name} twice, the second other bytes", pack([*members, garbage]), reasons=("two files",)
            )
        )
        if listed:
            deflated = [
                Member(candidate.name, candidate.data, zipfile.ZIP_DEFLATED) if candidate.name == name else candidate
                for candidate in members
            ]
            cases.append(Case("packing", f"{name} deflated, not stored", pack(deflated), Expect.ACCEPTED))
            lzma = [
                Member(candidate.name, candidate.data, zipfile.ZIP_LZMA) if candidate.name == name else candidate
                for candidate in members
            ]
            cases.append(Case("packing", f"{name} packed with lzma", pack(lzma), Expect.ACCEPTED))
    for extra in (
        "readme.txt",
        "records/",
        "records/notes.jsonl",
        "records/memo.jsonl.orig",
        ".DS_Store",
        "__MACOSX/._manifest.json",
    ):
        cases.append(
            Case("extra", f"extra {extra}", pack([*members, Member(extra, b"hello")]), reasons=("does not list",))
        )
        # Listed in the manifest and sealed: still not a member a bundle may have.
        manifest = {**good, "files": {**good["files"], extra: {"sha256": "0" * 64, "bytes": 5}}}
        cases.append(
            Case(
                "extra",
                f"extra {extra}, listed and sealed",
                base.resealed([*members, Member(extra, b"hello")], manifest),
                reasons=("malformed", "does not list"),
            )
        )
    for unsafe in UNSAFE_NAMES:
        cases.append(
            Case("zip slip", f"extra {unsafe!r}", pack([*members, Member(unsafe, b"owned")]), reasons=("outside",))
        )
        cases.append(
            Case("zip slip", f"first {unsafe!r}", pack([Member(unsafe, b"owned"), *members]), reasons=("outside",))
        )
        renamed = [Member(unsafe, candidate.data) if candidate.name == MEMO else candidate for candidate in members]
        cases.append(Case("zip slip", f"memo renamed {unsafe!r}", pack(renamed), reasons=("outside",)))
    too_many = [*members, *(Member(f"records/extra-{number}.jsonl", b"") for number in range(MAX_ENTRIES))]
    cases.append(Case("many members", f"{len(too_many)} members", pack(too_many), reasons=("at most",)))
    encrypted = bytearray(pack(members))
    for offset in central_entries(bytes(encrypted)):
        encrypted[offset + 8] |= 0x1
    cases.append(Case("encrypted", "every member flagged encrypted", bytes(encrypted), reasons=("encrypted",)))
    return cases


def bomb_cases(base: Base) -> list[Case]:
    members = base.members
    good = base.good
    cases = []
    # 50 MB of zeros in place of the memo: packed about a thousand to one.
    zeros = bytes(50 << 20)
    bombed = [Member(MEMO, zeros) if candidate.name == MEMO else candidate for candidate in members]
    bomb = pack(bombed)
    cases.append(
        Case("zip bomb", "memo of 50 MB of zeros", bomb, reasons=("suspiciously tightly", "too large", "more than"))
    )
    bomb_sealed = base.resealed(bombed, with_checksums(bombed, manifest_of(members)))
    cases.append(
        Case(
            "zip bomb",
            "memo of 50 MB of zeros, listed and sealed",
            bomb_sealed,
            reasons=("suspiciously tightly", "too large"),
        )
    )
    cases.append(
        Case(
            "zip bomb",
            "extra member of 50 MB of zeros",
            pack([*members, Member("records/x.jsonl", zeros)]),
            reasons=("suspiciously tightly", "does not list", "too large"),
        )
    )
    # Headers declaring sizes far from what the member holds.
    for index in range(len(members)):
        for size in (0xFFFFFFFE, 0x7FFFFFFF, 600 << 20):
            cases.append(
                Case(
                    "declared size",
                    f"member {index} declares {size} bytes",
                    declare_size(good, index, size),
                    reasons=("more than", "too large"),
                )
            )
        # More than it holds, within the limits: zip readers stop where the data ends, and the
        # checksums in the manifest show the content whole, or the ratio is refused.
        cases.append(
            Case(
                "declared size",
                f"member {index} declares 2 MB",
                declare_size(good, index, 2 << 20),
                Expect.EITHER,
                ("suspiciously",),
            )
        )
        for size in (0, 1, 10):
            cases.append(
                Case(
                    "declared size",
                    f"member {index} declares {size} bytes",
                    declare_size(good, index, size),
                    reasons=("damaged",),
                )
            )
        # The local header's sizes are not the ones zip readers go by: harmless.
        cases.append(
            Case(
                "declared size",
                f"member {index} local header declares 4 GB",
                declare_size(good, index, 0xFFFFFFFE, central=False),
                Expect.EITHER,
            )
        )
    # A manifest past its limit (padded with spaces, so it is still valid JSON).
    padded = manifest_of(members)
    padded_bytes = orjson.dumps(padded) + b" " * (1 << 20)
    cases.append(
        Case(
            "zip bomb",
            "manifest over 1 MB",
            base.resealed(members, padded_bytes),
            reasons=("too large", "suspiciously tightly"),
        )
    )
    return cases


def test_members_renamed_added_doubled_or_unsafe_are_refused(base: Base, target: Target) -> None:
    cases = generated(base, member_cases) + bomb_cases(base)
    target.run(cases)
    target.assert_all_passed(len(cases))
    assert target.outcomes["zip slip"] == {"refused": 3 * len(UNSAFE_NAMES)}
    assert target.outcomes["zip bomb"] == {"refused": 4}


# -- E: records of a bad shape, sealed again as the app seals them ---------------------------------

RANDOM_RECORD_CASES = 420
#: What :func:`record_cases` sets a field to for removing it.
REMOVED = object()


def record_cases(base: Base) -> list[Case]:
    rng = random.Random(7007)
    records = base.opened.records
    record_members = list(records)
    cases: list[Case] = []

    def with_records(
        kind: str,
        label: str,
        name: str,
        documents: list[Any] | bytes,
        expect: Expect = Expect.REFUSED,
        reasons: tuple[str, ...] = (),
    ) -> None:
        data = documents if isinstance(documents, bytes) else lines_bytes(documents)
        sealed = base.sealed(records={**records, name: data}, bundle_id=fresh_id(rng))
        cases.append(Case(kind, label, sealed, expect, reasons))

    def edited(name: str, index: int, field: str, value: object = REMOVED) -> list[Any]:
        """The records of ``name``, the ``index``th with its ``field`` set to ``value`` (or removed)."""
        documents = documents_in(records[name])
        document = dict(documents[index])
        if value is REMOVED:
            document.pop(field)
        else:
            document[field] = value
        documents[index] = document
        return documents

    # Random: one field of one record removed or given a value of another type.
    for _ in range(RANDOM_RECORD_CASES):
        name = rng.choice(record_members)
        documents = documents_in(records[name])
        index = rng.randrange(len(documents))
        field_name = rng.choice(sorted(documents[index]))
        if rng.random() < 0.3:
            label = f"{name} record {index} without {field_name}"
            required = {field: needed for field, needed, _ in _field_decoders(TYPES_BY_MEMBER[name].cls)}
            expect = (
                Expect.REFUSED
                if required.get(field_name) or field_name in ("id", "versions", "revision", "updated_at")
                else Expect.EITHER
            )
            with_records("record field", label, name, edited(name, index, field_name), expect)
        else:
            value = rng.choice(WRONG_VALUES)
            label = f"{name} record {index} {field_name} = {value!r}"
            with_records(
                "record field",
                label,
                name,
                edited(name, index, field_name, value),
                Expect.EITHER,
            )

    memo = documents_in(records[MEMO])
    people = documents_in(records[PEOPLE])
    # Ids that are no record ids: never a file name, never accepted.
    for name in record_members:
        for bad in ("../../x", "", "x", "/etc/passwd", "C:\\x", memo[0]["id"].upper(), memo[0]["id"] + "\n", 7, None):
            with_records(
                "record id",
                f"{name} record 0 id {bad!r}",
                name,
                edited(name, 0, "id", bad),
                reasons=("malformed",),
            )
    for name in (MEMO, AGENDA, "records/attendance.jsonl", "records/feedback.jsonl"):
        for bad in ("../../x", "../meetings/x", "", "x", 7):
            with_records(
                "meeting id",
                f"{name} meeting_id {bad!r}",
                name,
                edited(name, 0, "meeting_id", bad),
                # Named in the words a person reads, not by the field's name.
                reasons=("malformed", "its meeting is not a record id") if isinstance(bad, str) else ("malformed",),
            )
        with_records(
            "unknown meeting",
            f"{name} of an unknown meeting",
            name,
            edited(name, 0, "meeting_id", fresh_id(rng)),
            reasons=("meeting neither in it nor in this workspace",),
        )
    # Records of a group the bundle was not sealed for.
    for name in (PEOPLE, MEETINGS):
        with_records(
            "other group",
            f"{name} of another group",
            name,
            edited(name, 0, "group_id", fresh_id(rng)),
            reasons=("not made for",),
        )
        with_records(
            "other group",
            f"{name} of the other keyed group",
            name,
            edited(name, 0, "group_id", base.other_group),
            reasons=("not made for",),
        )
    with_records(
        "other group",
        "a group record of another group",
        GROUPS,
        edited(GROUPS, 0, "id", fresh_id(rng)),
        reasons=("not made for",),
    )
    with_records(
        "other group",
        "a memo entry naming another group",
        MEMO,
        edited(MEMO, 0, "group_id", base.other_group),
        reasons=("another group",),
    )
    with_records(
        "unknown person",
        "an absence of an unknown person",
        ABSENCES,
        edited(ABSENCES, 0, "person_id", fresh_id(rng)),
        reasons=("person neither",),
    )
    # Version vectors and revisions that no saved record has.
    for bad in (
        {},
        {"x": 1},
        {memo[0]["changed_by"]: 0},
        {memo[0]["changed_by"]: -3},
        {memo[0]["changed_by"]: "1"},
        [1],
        "1",
    ):
        with_records(
            "versions",
            f"memo versions {bad!r}",
            MEMO,
            edited(MEMO, 0, "versions", bad),
            reasons=("malformed",),
        )
    for bad in (0, -1, "1", 1.0, None):
        with_records(
            "versions",
            f"memo revision {bad!r}",
            MEMO,
            edited(MEMO, 0, "revision", bad),
            reasons=("malformed",),
        )
    for bad in (None, "", "yesterday", "2026-11-27T12:00:00"):
        with_records(
            "versions",
            f"memo updated_at {bad!r}",
            MEMO,
            edited(MEMO, 0, "updated_at", bad),
            reasons=("malformed",),
        )
    for bad in ("0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00"):
        with_records(
            "dates",
            f"memo written_at {bad!r}",
            MEMO,
            edited(MEMO, 0, "written_at", bad),
            reasons=("malformed",),
        )
    # A group whose time zone no clock knows: every screen of the group would fail on it.
    for bad in ("Mars/Olympus_Mons", "../../etc/passwd", "", "Europe/Helsinki\x00"):
        with_records(
            "time zone",
            f"group time zone {bad!r}",
            GROUPS,
            edited(GROUPS, 0, "time_zone", bad),
            reasons=("malformed",),
        )
    # Lines that are no records.
    for label, line in (
        ("not JSON", b'{"id": '),
        ("a list", b"[]"),
        ("a number", b"7"),
        ("null", b"null"),
        ("not UTF-8", b'{"text": "\xff"}'),
        ("deeply nested", b"[" * 3000 + b"]" * 3000),
        ("a huge number", b'{"revision": 1' + b"0" * 400 + b"}"),
    ):
        data = records[MEMO] + line + b"\n"
        with_records("bad line", f"memo line {label}", MEMO, data, reasons=("malformed",))
    with_records("bad line", "a person in the memo file", MEMO, [*memo, people[0]], reasons=("malformed",))
    # Harmless: a line doubled, blank lines, a field this version does not know.
    with_records("harmless", "a memo line twice", MEMO, [*memo, memo[0]], Expect.EITHER)
    with_records("harmless", "blank lines", MEMO, records[MEMO].replace(b"\n", b"\n\n"), Expect.EITHER)
    with_records(
        "harmless",
        "an unknown field",
        MEMO,
        edited(MEMO, 0, "mood", "good"),
        Expect.EITHER,
    )
    return cases


def test_records_of_a_bad_shape_are_refused(base: Base, target: Target) -> None:
    cases = generated(base, record_cases)
    target.run(cases)
    target.assert_all_passed(len(cases))
    for kind in (
        "record id",
        "meeting id",
        "unknown meeting",
        "other group",
        "unknown person",
        "versions",
        "dates",
        "time zone",
        "bad line",
    ):
        assert set(target.outcomes[kind]) == {"refused"}, (kind, target.outcomes[kind])
    # The random edits reached the record checks: many refused, some harmless and imported.
    random_outcomes = target.outcomes["record field"]
    assert random_outcomes.get("refused", 0) > RANDOM_RECORD_CASES // 3, random_outcomes
    assert random_outcomes.get("imported", 0) > 0, random_outcomes


# -- F: no bundle at all ---------------------------------------------------------------------------


def test_files_that_are_no_bundle_are_refused(base: Base, target: Target, tmp_path: Path) -> None:
    rng = random.Random(7008)
    folder = tmp_path / "a-folder.mebundle"
    folder.mkdir()
    plain_zip = pack([Member("readme.txt", b"hello")])
    cases = [
        Case("not a bundle", "an empty file", b"", reasons=("part of one",)),
        Case("not a bundle", "a folder", None, reasons=("folder",), path=folder),
        Case("not a bundle", "no such file", None, reasons=("does not exist",), path=tmp_path / "missing.mebundle"),
        Case("not a bundle", "a text file", "Kokous 27.11. klo 18 — muistio".encode(), reasons=("part of one",)),
        Case("not a bundle", "a PDF", b"%PDF-1.7\n" + rng.randbytes(3000), reasons=("part of one",)),
        Case(
            "not a bundle",
            "a key file",
            orjson.dumps({"format": "microentre-group-keys", "version": 1}),
            reasons=("part of one",),
        ),
        Case("not a bundle", "a zip without a manifest", plain_zip, reasons=("no manifest",)),
        Case("not a bundle", "an empty zip", pack([]), reasons=("no manifest",)),
        Case("not a bundle", "the end record only", b"PK\x05\x06" + bytes(18), reasons=("no manifest",)),
        Case(
            "not a bundle", "a zip inside a zip", pack([Member("bundle.mebundle", base.good)]), reasons=("no manifest",)
        ),
        Case("not a bundle", "the bundle twice over", base.good + base.good, Expect.EITHER),
        Case("not a bundle", "junk before the bundle", rng.randbytes(100) + base.good, Expect.EITHER),
    ]
    cases += [
        Case("not a bundle", f"random bytes {number}", rng.randbytes(rng.randrange(1, 5000)), reasons=("part of one",))
        for number in range(30)
    ]
    target.run(cases)
    target.assert_all_passed(len(cases))
    # The workspace's own files are never taken for a bundle.
    own = [
        Case("own file", name, None, reasons=("part of one", "folder"), path=target.folder / name)
        for name in ("network.json", "workspace.json", "meetings")
    ]
    target.run(own)
    target.assert_all_passed(len(cases) + len(own))


# -- the specific reasons, and how many cases in all ---------------------------------------------


def test_refusals_say_why(base: Base, target: Target) -> None:
    """A sample of each kind of damage, refused for the reason a person can act on."""
    members = base.members
    good = manifest_of(members)
    wrong_key = replace(base.key, secret=bytes(range(32)).hex())
    sample = [
        Case(
            "reason",
            "zip slip",
            pack([*members, Member("../../outside.txt", b"x")]),
            reasons=("points outside it: refused as unsafe",),
        ),
        Case(
            "reason",
            "newer version",
            base.resealed(members, {**good, "version": FORMAT_VERSION + 1}),
            reasons=("update the app",),
        ),
        Case(
            "reason",
            "wrong key",
            pack(unpack(sealed_again(base.opened, {base.group_id: wrong_key}))),
            reasons=("sealed with another key",),
        ),
        Case("reason", "truncated", base.good[: len(base.good) // 2], reasons=("only part of one",)),
        Case(
            "reason",
            "damaged member",
            pack(replaced(members, MEMO, b"{}\n")),
            reasons=("changed or damaged",),
        ),
        Case(
            "reason",
            "manifest changed",
            pack(replaced(members, MANIFEST, member(members, MANIFEST).data.replace(b'"bytes": ', b'"bytes":'))),
            reasons=("does not open",),
        ),
        Case("reason", "bomb", pack([*members, Member("records/x.jsonl", bytes(20 << 20))]), reasons=("tightly",)),
    ]
    target.run(sample)
    target.assert_all_passed(len(sample))
    for case in sample:
        assert "Ask for" in target.messages[case.label] or case.label in (
            "zip slip",
            "newer version",
            "bomb",
            "wrong key",
        ), target.messages[case.label]
    assert "fingerprint" in target.messages["wrong key"], target.messages["wrong key"]


def test_more_than_a_thousand_damaged_bundles(base: Base) -> None:
    """The generators above make the cases the tests run: well over a thousand in all (the keys'
    and seals' own, and the signed formats', in ``tests/test_sealed_fuzz.py``, come on top)."""
    cases = [
        case
        for generator in (flipped_cases, truncated_cases, comment_cases, manifest_cases, member_cases, record_cases)
        for case in generated(base, generator)
    ]
    assert len(cases) >= 1000, len(cases)
    assert len({case.label for case in cases}) > 900


# -- a known defect of the importer ----------------------------------------------------------------


def test_a_bundle_cannot_take_over_a_record_of_a_group_it_was_not_sealed_for(tmp_path: Path) -> None:
    make_demo(tmp_path / "facilitator", groups=2, years=1)
    (tmp_path / "out").mkdir()
    with opened(tmp_path / "coordinator", COORDINATOR) as coordinator, opened(tmp_path / "facilitator") as facilitator:
        share_keys(coordinator, [facilitator], tmp_path / "keys")
        first, second = facilitator.groups()
        both = make_bundle(facilitator, [first, second], full=True, to=tmp_path / "out")
        assert Importer(coordinator).import_file(both.path).status is ImportStatus.IMPORTED
        key = SyncLedger(coordinator.workspace).key(first.id)
        assert key is not None
        only_first = opened_contents(
            make_bundle(facilitator, [first], full=True, to=tmp_path / "out").path.read_bytes(), key
        )
        victim = coordinator.meetings(second.id)[0]
        # The second group's meeting under the first group's name, one save further on.
        meetings = documents_in(only_first.records[MEETINGS])
        forged = {**meetings[0], "id": victim.id, "revision": meetings[0]["revision"] + 1}
        forged["versions"] = {workspace: count + 1 for workspace, count in forged["versions"].items()}
        records = {**only_first.records, MEETINGS: lines_bytes([*meetings, forged])}
        path = tmp_path / "out" / "forged.mebundle"
        path.write_bytes(sealed_again(only_first, {first.id: key}, records=records, bundle_id=str(uuid.uuid4())))
        before = tree_bytes(tmp_path / "coordinator")
        report = Importer(coordinator).import_file(path)
        assert report.status is ImportStatus.REFUSED, report.line()
        assert tree_bytes(tmp_path / "coordinator") == before
        assert victim.id in {meeting.id for meeting in coordinator.meetings(second.id)}
