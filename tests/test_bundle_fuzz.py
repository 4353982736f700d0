"""Damaged, foreign and hostile bundles against a real coordinator workspace (DESIGN §5: a damaged
or foreign file is refused whole, with a reason a person can act on; never a traceback, never a
partial import).

One good bundle of a real facilitator workspace is taken apart and put back together damaged, in
well over a thousand ways, each generated from a fixed seed: bytes flipped, the file cut short,
the manifest edited (and signed again with the group's real key, so the checks behind the
signature are reached), members renamed, added, doubled or dropped, signed with a wrong key,
names pointing outside the bundle, members that would unpack to gigabytes, records of a bad
shape, a newer format, files that are no bundle at all. Each is imported into a coordinator
workspace that already holds an earlier good import of the same group, kept open across the
imports as the app keeps it. A refused file must leave every byte of the workspace as it was;
a harmless change (a byte of the zip comment, valid content signed again) imports as the good
bundle would. Any exception escaping the importer fails the test.
"""

from __future__ import annotations

import random
import shutil
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path
from typing import Any

import orjson
import pytest

from exports.bundle.format import FORMAT_VERSION, MANIFEST, MAX_ENTRIES, SIGNATURE, TYPES_BY_MEMBER
from exports.bundle.importer import Importer, ImportReport, ImportStatus
from exports.bundle.keys import issue_keys
from exports.bundle.writer import make_bundle
from facilitator.model import MemoEntry
from storage.codec import _field_decoders
from storage.repository import Repository
from storage.sync_ledger import SyncLedger
from storage.workspace import WorkspaceRole
from tests.bundle_damage import (
    Member,
    central_entries,
    declare_size,
    lines_bytes,
    manifest_of,
    member,
    pack,
    records_of,
    replaced,
    resign,
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
    secrets: dict[str, bytes]
    group_id: str
    group_name: str
    other_group: str
    other_secret: bytes
    coordinator_id: str
    #: The coordinator's synced data once the good bundle is imported (the outcome of harmless damage).
    after_good: dict[Any, Any]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Base:
    root = tmp_path_factory.mktemp("bundle-fuzz")
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
        secrets = {group.id: ledger.key(group.id).secret_bytes}
        other_secret = ledger.key(other_group).secret_bytes
        coordinator_id = coordinator.workspace.id
        kept = {meeting.id for meeting in facilitator.meetings(group.id)[:3]}
    # Three meetings of the year are enough to reach every check, and make each import quick.
    good_bytes = pack(trimmed(unpack(made.path.read_bytes()), kept, secrets))
    (root / "out" / "good.mebundle").write_bytes(good_bytes)
    shutil.copytree(root / "coordinator", root / "expected")
    with opened(root / "expected", COORDINATOR) as expected:
        report = Importer(expected).import_file(root / "out" / "good.mebundle")
        assert report.status is ImportStatus.IMPORTED and report.total("new") == 1, report.line()
    return Base(
        coordinator=root / "coordinator",
        good=good_bytes,
        members=unpack(good_bytes),
        secrets=secrets,
        group_id=group.id,
        group_name=group.name,
        other_group=other_group,
        other_secret=other_secret,
        coordinator_id=coordinator_id,
        after_good=synced_data(root / "expected"),
    )


def trimmed(members: list[Member], meeting_ids: set[str], secrets: dict[str, bytes]) -> list[Member]:
    """A full bundle cut down to the group, its people and the meetings ``meeting_ids``, signed again."""
    manifest = manifest_of(members)
    kept: list[Member] = []
    for candidate in members:
        if candidate.name in (MANIFEST, SIGNATURE):
            kept.append(candidate)
            continue
        documents = records_of(members, candidate.name)
        if candidate.name == MEETINGS:
            documents = [document for document in documents if document["id"] in meeting_ids]
        elif TYPES_BY_MEMBER[candidate.name].in_meeting_file:
            documents = [document for document in documents if document["meeting_id"] in meeting_ids]
        if documents:
            kept.append(Member(candidate.name, lines_bytes(documents)))
    names = {candidate.name for candidate in kept}
    manifest["files"] = {name: details for name, details in manifest["files"].items() if name in names}
    return resign(kept, with_checksums(kept, manifest), secrets)


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


@pytest.fixture
def target(base: Base, tmp_path: Path) -> Iterator[Target]:
    folder = tmp_path / "coordinator"
    shutil.copytree(base.coordinator, folder)
    files = tmp_path / "files"
    files.mkdir()
    with opened(folder, COORDINATOR) as repository:
        yield Target(base, repository, folder, files)


# -- helpers to make damaged copies -------------------------------------------------------------


def signed(
    base: Base, members: list[Member], manifest: Any, *, checksums: bool = False, new_id: str | None = None
) -> bytes:
    """``members`` with ``manifest`` signed again with the group's key (checksums recomputed if asked)."""
    if checksums and isinstance(manifest, dict):
        manifest = with_checksums(members, manifest)
    if new_id is not None and isinstance(manifest, dict):
        manifest = {**manifest, "bundle_id": new_id}
    return pack(resign(members, manifest, base.secrets))


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
    cases = comment_cases(base) + flipped_cases(base)
    target.run(cases)
    target.assert_all_passed(len(cases))
    outcomes = target.outcomes["flip"]
    # Most flips land in compressed data or a checked field: refused, with a reason.
    assert outcomes.get("refused", 0) > FLIPS // 2, outcomes
    # The comment's flips imported: the first as new, the others as already imported.
    assert target.outcomes["comment"] == {"imported": 1, "already imported": 40}, target.outcomes["comment"]


def test_truncated_files_are_refused_as_cut_short(base: Base, target: Target) -> None:
    cases = truncated_cases(base)
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
    "groups",
    "files",
    "counts",
    "scope",
    "since",
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
        **options: Any,
    ) -> None:
        cases.append(Case(kind, label, signed(base, members, manifest, **options), expect, reasons))
        # The same manifest, not signed again: refused, whichever check comes first.
        unsigned = pack(
            replaced(members, MANIFEST, manifest if isinstance(manifest, bytes) else orjson.dumps(manifest))
        )
        cases.append(Case(kind, f"{label} (signature not renewed)", unsigned, Expect.REFUSED))

    # First, valid content signed again: harmless, it imports (a new bundle id makes a new import).
    cases.append(Case("signed again", "same manifest, signed again", signed(base, members, good), Expect.ACCEPTED))
    cases.append(
        Case("signed again", "new bundle id", signed(base, members, good, new_id=fresh_id(rng)), Expect.ACCEPTED)
    )

    # Every field: missing, or of each wrong type.
    for name in MANIFEST_FIELDS:
        optional = name in ("counts", "scope", "since")
        expect = Expect.EITHER if optional else Expect.REFUSED
        add("manifest field", f"without {name}", {key: value for key, value in good.items() if key != name}, expect)
        for value in WRONG_VALUES:
            add("manifest field", f"{name} = {value!r}", {**good, name: value}, expect)
    # The format and its version.
    for version in (FORMAT_VERSION + 1, FORMAT_VERSION + 2, 99, 2**40):
        add("newer version", f"version {version}", {**good, "version": version}, reasons=("update the app",))
    for version in (0, -1, "1", 1.0, "2", None, True):
        add("version", f"version {version!r}", {**good, "version": version}, reasons=("format version", "malformed"))
    for name in ("microentre-bundl", "MICROENTRE-BUNDLE", "microentre-group-keys", ""):
        add("format", f"format {name!r}", {**good, "format": name}, reasons=("not a microentre bundle",))
    # The audience: a bundle for a co-facilitator holds what the coordinator may not receive.
    add("audience", "audience group", {**good, "audience": "group"}, reasons=("co-facilitator",))
    add("audience", "audience Coordinator", {**good, "audience": "Coordinator"}, reasons=("malformed",))
    add(
        "source",
        "made in this workspace",
        {**good, "source": {**good["source"], "workspace_id": base.coordinator_id}},
        reasons=("made in this workspace",),
    )
    # The groups.
    group = good["groups"][0]
    add(
        "groups",
        "a group with no key here",
        {**good, "groups": [*good["groups"], {"id": fresh_id(rng), "name": "Stranger"}]},
        reasons=("no key",),
    )
    add("groups", "the group twice", {**good, "groups": [group, group]}, reasons=("malformed",))
    add("groups", "no group", {**good, "groups": []}, reasons=("malformed",))
    add("groups", "group id not a record id", {**good, "groups": [{**group, "id": "../../x"}]}, reasons=("malformed",))
    add(
        "groups",
        "group id in capitals",
        {**good, "groups": [{**group, "id": group["id"].upper()}]},
        reasons=("malformed",),
    )
    add("groups", "group without a name", {**good, "groups": [{"id": group["id"]}]}, reasons=("malformed",))
    add("groups", "group name a number", {**good, "groups": [{**group, "name": 7}]}, reasons=("malformed",))
    add("groups", "group as a list", {**good, "groups": [[group["id"], group["name"]]]}, reasons=("malformed",))
    add(
        "groups",
        "signed for another group",
        {**good, "groups": [{"id": base.other_group, "name": "Another group"}]},
        reasons=("signature",),
    )
    # The bundle id.
    for value in (7, None, "", "../../x", good["bundle_id"].upper(), good["bundle_id"] + "0", [good["bundle_id"]]):
        add("bundle id", f"bundle_id {value!r}", {**good, "bundle_id": value}, reasons=("malformed",))
    # The list of files: counts, sizes and checksums that do not match the members.
    for name, details in good["files"].items():
        for key, value, reasons in (
            ("records", details["records"] + 1, ("number of records",)),
            ("records", max(details["records"] - 1, 0), ("number of records",)),
            ("bytes", details["bytes"] + 1, ("not what was signed",)),
            ("bytes", details["bytes"] - 1, ("not what was signed",)),
            ("sha256", "0" * 64, ("not what was signed",)),
            ("sha256", details["sha256"].upper(), ("not what was signed",)),
            ("records", -1, ("malformed",)),
            ("records", "1", ("malformed",)),
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
            reasons=("does not list",),
        )
        add(
            "files",
            f"{name} details a list",
            {**good, "files": {**good["files"], name: list(details.values())}},
            reasons=("malformed",),
        )
    for name in ("records/other.jsonl", "manifest.json", "../records/memo.jsonl", "records/memo.JSONL"):
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
    cases = manifest_cases(base)
    target.run(cases)
    target.assert_all_passed(len(cases))
    assert target.outcomes["newer version"] == {"refused": 8}
    assert target.outcomes["signed again"] == {"imported": 2}, target.outcomes["signed again"]


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
        listed = name not in (MANIFEST, SIGNATURE)
        rest = [candidate for candidate in members if candidate.name != name]
        cases.append(Case("dropped", f"without {name}", pack(rest), reasons=("no manifest", "not signed", "lacks")))
        for new_name in (name.upper(), name + ".bak", "x/" + name, name.replace(".json", ".JSON"), " " + name):
            renamed = [
                Member(new_name, candidate.data) if candidate.name == name else candidate for candidate in members
            ]
            cases.append(
                Case(
                    "renamed",
                    f"{name} renamed {new_name!r}",
                    pack(renamed),
                    reasons=("no manifest", "not signed", "lacks", "does not list"),
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
            stored = [
                Member(candidate.name, candidate.data, zipfile.ZIP_STORED) if candidate.name == name else candidate
                for candidate in members
            ]
            cases.append(Case("stored", f"{name} stored, not deflated", pack(stored), Expect.ACCEPTED))
            lzma = [
                Member(candidate.name, candidate.data, zipfile.ZIP_LZMA) if candidate.name == name else candidate
                for candidate in members
            ]
            cases.append(Case("stored", f"{name} packed with lzma", pack(lzma), Expect.ACCEPTED))
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
        # Listed in the manifest and signed: still not a member a bundle may have.
        manifest = {**good, "files": {**good["files"], extra: {"sha256": "0" * 64, "bytes": 5, "records": 1}}}
        cases.append(
            Case(
                "extra",
                f"extra {extra}, listed and signed",
                signed(base, [*members, Member(extra, b"hello")], manifest),
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
    bomb = pack(replaced(members, MEMO, zeros))
    cases.append(
        Case("zip bomb", "memo of 50 MB of zeros", bomb, reasons=("suspiciously tightly", "too large", "more than"))
    )
    bomb_signed = signed(base, replaced(members, MEMO, zeros), manifest_of(members), checksums=True)
    cases.append(
        Case("zip bomb", "memo of 50 MB of zeros, listed and signed", bomb_signed, reasons=("suspiciously tightly",))
    )
    cases.append(
        Case(
            "zip bomb",
            "extra member of 50 MB of zeros",
            pack([*members, Member("records/x.jsonl", zeros)]),
            reasons=("suspiciously tightly", "does not list"),
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
            signed(base, members, padded_bytes),
            reasons=("too large", "suspiciously tightly"),
        )
    )
    return cases


def test_members_renamed_added_doubled_or_unsafe_are_refused(base: Base, target: Target) -> None:
    cases = member_cases(base) + bomb_cases(base)
    target.run(cases)
    target.assert_all_passed(len(cases))
    assert target.outcomes["zip slip"] == {"refused": 3 * len(UNSAFE_NAMES)}
    assert target.outcomes["zip bomb"] == {"refused": 4}


# -- D: wrong keys and signatures ------------------------------------------------------------------


def signature_cases(base: Base) -> list[Case]:
    rng = random.Random(7006)
    members = base.members
    good = manifest_of(members)
    manifest_bytes = member(members, MANIFEST).data
    cases: list[Case] = []

    def with_signature(label: str, signature: Any, reasons: tuple[str, ...]) -> None:
        raw = signature if isinstance(signature, bytes) else orjson.dumps(signature)
        cases.append(Case("signature", label, pack(replaced(members, SIGNATURE, raw)), reasons=reasons))

    from exports.bundle.writer import sign

    right = sign(base.secrets[base.group_id], manifest_bytes)
    for number in range(20):
        secret = rng.randbytes(32)
        with_signature(
            f"random key {number}",
            {"algorithm": "HMAC-SHA256", "groups": {base.group_id: sign(secret, manifest_bytes)}},
            ("signature",),
        )
    with_signature(
        "another group's key",
        {"algorithm": "HMAC-SHA256", "groups": {base.group_id: sign(base.other_secret, manifest_bytes)}},
        ("signature",),
    )
    with_signature(
        "signed for another group only",
        {"algorithm": "HMAC-SHA256", "groups": {base.other_group: sign(base.other_secret, manifest_bytes)}},
        ("signature",),
    )
    with_signature(
        "signature in capitals", {"algorithm": "HMAC-SHA256", "groups": {base.group_id: right.upper()}}, ("signature",)
    )
    with_signature(
        "signature cut short", {"algorithm": "HMAC-SHA256", "groups": {base.group_id: right[:-1]}}, ("signature",)
    )
    with_signature("signature a number", {"algorithm": "HMAC-SHA256", "groups": {base.group_id: 7}}, ("signature",))
    with_signature("another algorithm", {"algorithm": "HMAC-SHA1", "groups": {base.group_id: right}}, ("signature",))
    with_signature("no algorithm", {"groups": {base.group_id: right}}, ("signature",))
    with_signature("groups a list", {"algorithm": "HMAC-SHA256", "groups": [right]}, ("signature",))
    with_signature("a list", [right], ("signature",))
    with_signature("not JSON", b"HMAC " + right.encode(), ("not valid json",))
    with_signature("empty", b"", ("not valid json",))
    # The whole bundle signed with another group's key, claiming to be that group's: its records
    # are the first group's, which it was not signed for.
    other = {**good, "groups": [{"id": base.other_group, "name": "Another group"}], "bundle_id": fresh_id(rng)}
    other_bytes = orjson.dumps(other)
    resigned = replaced(
        replaced(members, MANIFEST, other_bytes),
        SIGNATURE,
        orjson.dumps({"algorithm": "HMAC-SHA256", "groups": {base.other_group: sign(base.other_secret, other_bytes)}}),
    )
    cases.append(
        Case(
            "signature", "records of a group the bundle is not signed for", pack(resigned), reasons=("not signed for",)
        )
    )
    return cases


def test_wrong_keys_and_signatures_are_refused(base: Base, target: Target) -> None:
    cases = signature_cases(base)
    target.run(cases)
    target.assert_all_passed(len(cases))
    assert target.outcomes["signature"] == {"refused": len(cases)}


# -- E: records of a bad shape, signed again with checksums that match -----------------------------

RANDOM_RECORD_CASES = 420
#: What :func:`record_cases` sets a field to for removing it.
REMOVED = object()


def record_cases(base: Base) -> list[Case]:
    rng = random.Random(7007)
    members = base.members
    good = manifest_of(members)
    record_members = list(good["files"])
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
        changed = replaced(members, name, data)
        cases.append(
            Case(kind, label, signed(base, changed, good, checksums=True, new_id=fresh_id(rng)), expect, reasons)
        )

    def edited(name: str, index: int, field: str, value: object = REMOVED) -> list[Any]:
        """The records of ``name``, the ``index``th with its ``field`` set to ``value`` (or removed)."""
        documents = records_of(members, name)
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
        documents = records_of(members, name)
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

    memo = records_of(members, MEMO)
    people = records_of(members, PEOPLE)
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
                reasons=("malformed",),
            )
        with_records(
            "unknown meeting",
            f"{name} of an unknown meeting",
            name,
            edited(name, 0, "meeting_id", fresh_id(rng)),
            reasons=("meeting neither in it nor in this workspace",),
        )
    # Records of a group the bundle was not signed for.
    for name in (PEOPLE, MEETINGS):
        with_records(
            "other group",
            f"{name} of another group",
            name,
            edited(name, 0, "group_id", fresh_id(rng)),
            reasons=("not signed for",),
        )
        with_records(
            "other group",
            f"{name} of the other keyed group",
            name,
            edited(name, 0, "group_id", base.other_group),
            reasons=("not signed for",),
        )
    with_records(
        "other group",
        "a group record of another group",
        GROUPS,
        edited(GROUPS, 0, "id", fresh_id(rng)),
        reasons=("not signed for",),
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
        data = member(members, MEMO).data + line + b"\n"
        with_records("bad line", f"memo line {label}", MEMO, data, reasons=("malformed",))
    with_records("bad line", "a person in the memo file", MEMO, [*memo, people[0]], reasons=("malformed",))
    # Harmless: a line doubled, blank lines, a field this version does not know.
    with_records("harmless", "a memo line twice", MEMO, [*memo, memo[0]], Expect.EITHER)
    with_records("harmless", "blank lines", MEMO, member(members, MEMO).data.replace(b"\n", b"\n\n"), Expect.EITHER)
    with_records(
        "harmless",
        "an unknown field",
        MEMO,
        edited(MEMO, 0, "mood", "good"),
        Expect.EITHER,
    )
    return cases


def test_records_of_a_bad_shape_are_refused(base: Base, target: Target) -> None:
    cases = record_cases(base)
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
            signed(base, members, {**good, "version": FORMAT_VERSION + 1}),
            reasons=("update the app",),
        ),
        Case(
            "reason",
            "wrong key",
            pack(resign(members, member(members, MANIFEST).data, {base.group_id: base.other_secret})),
            reasons=("signature for",),
        ),
        Case("reason", "truncated", base.good[: len(base.good) // 2], reasons=("only part of one",)),
        Case(
            "reason",
            "damaged member",
            signed(base, replaced(members, MEMO, b"{}\n"), good),
            reasons=("changed or damaged",),
        ),
        Case("reason", "bomb", pack(replaced(members, MEMO, bytes(20 << 20))), reasons=("suspiciously tightly",)),
    ]
    target.run(sample)
    target.assert_all_passed(len(sample))
    for case in sample:
        assert "Ask for" in target.messages[case.label] or case.label in ("zip slip", "newer version", "bomb"), (
            target.messages[case.label]
        )


def test_more_than_a_thousand_damaged_bundles(base: Base, tmp_path: Path) -> None:
    """The generators above make the cases the tests run: well over a thousand in all."""
    generated = (
        flipped_cases(base)
        + truncated_cases(base)
        + comment_cases(base)
        + manifest_cases(base)
        + member_cases(base)
        + signature_cases(base)
        + record_cases(base)
    )
    assert len(generated) >= 1000, len(generated)
    assert len({case.label for case in generated}) > 900


# -- a known defect of the importer ----------------------------------------------------------------


def test_a_bundle_cannot_take_over_a_record_of_a_group_it_was_not_signed_for(tmp_path: Path) -> None:
    make_demo(tmp_path / "facilitator", groups=2, years=1)
    (tmp_path / "out").mkdir()
    with opened(tmp_path / "coordinator", COORDINATOR) as coordinator, opened(tmp_path / "facilitator") as facilitator:
        share_keys(coordinator, [facilitator], tmp_path / "keys")
        first, second = facilitator.groups()
        both = make_bundle(facilitator, [first, second], full=True, to=tmp_path / "out")
        assert Importer(coordinator).import_file(both.path).status is ImportStatus.IMPORTED
        only_first = unpack(make_bundle(facilitator, [first], full=True, to=tmp_path / "out").path.read_bytes())
        victim = coordinator.meetings(second.id)[0]
        # The second group's meeting under the first group's name, one save further on.
        meetings = records_of(only_first, MEETINGS)
        forged = {**meetings[0], "id": victim.id, "revision": meetings[0]["revision"] + 1}
        forged["versions"] = {workspace: count + 1 for workspace, count in forged["versions"].items()}
        members = replaced(only_first, MEETINGS, lines_bytes([*meetings, forged]))
        manifest = {**with_checksums(members, manifest_of(members)), "bundle_id": str(uuid.uuid4())}
        secret = SyncLedger(coordinator.workspace).key(first.id).secret_bytes
        path = tmp_path / "out" / "forged.mebundle"
        path.write_bytes(pack(resign(members, manifest, {first.id: secret})))
        before = tree_bytes(tmp_path / "coordinator")
        report = Importer(coordinator).import_file(path)
        assert report.status is ImportStatus.REFUSED, report.line()
        assert tree_bytes(tmp_path / "coordinator") == before
        assert victim.id in {meeting.id for meeting in coordinator.meetings(second.id)}
