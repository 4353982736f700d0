"""Genuine bundles with one record changed, against a coordinator's workspace that holds the whole
network: the parts ``tests/test_import_fuzz.py`` and ``bench/import_fuzz.py`` share.

A bundle that carries a valid seal or signature (from a stolen laptop, one with a bug, or edited by
hand) must not be trusted with whatever it says. :func:`mutations` draws one change to a genuine
bundle of one group: a record's field set to a value no form would accept (a wrong type, a number
or a moment at the edge of what it can hold, a text of megabytes, a list of thousands, an id or a
person of another group the coordinator holds), a field removed or added, a record doubled or sent
in hundreds of conflicting versions, the sealed contents' or the signed manifest's counts and scope
changed; then sealed (format 3) or signed (formats 1 and 2) with the group's real key, so that the
checks behind the seal are reached. :func:`check_case` imports it into a copy of the coordinator's
workspace and holds the import to the property: refused, with a reason a person can read and every
byte of the workspace as it was; or imported, and the network report and the research export
(CSV and REFI-QDA project) still run on the workspace.
"""

from __future__ import annotations

import shutil
import time
import traceback
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from exports.bundle.format import RECORD_TYPES, TYPES_BY_NAME
from exports.bundle.importer import Importer, ImportStatus
from exports.bundle.writer import make_bundle
from facilitator.model import MemoEntry
from facilitator.model.coding import coding_id
from storage.sync_ledger import GroupKey, SyncLedger
from storage.workspace_info import WorkspaceRole
from tests.bundle_damage import (
    Opened,
    counted,
    documents_in,
    lines_bytes,
    manifest_of,
    opened_contents,
    pack,
    resign,
    sealed_again,
    signed_bundle,
    unpack,
)
from tests.conftest import make_demo
from tests.import_fuzz_values import (
    Raw,
    changed_times,
    describe_value,
    json_line,
)
from tests.sync_support import opened, share_keys, tree_bytes
from tests.test_bundle_fuzz import NOT_HUMAN, trimmed

COORDINATOR = WorkspaceRole.COORDINATOR


@dataclass(frozen=True, repr=False)
class FuzzBase:
    """A coordinator's workspace holding two groups, and a genuine bundle of the first one."""

    coordinator: Path
    opened: Opened
    key: GroupKey
    group_id: str
    #: Ids the coordinator holds of the other group, by kind of record ("people", "meetings", …).
    other_ids: dict[str, list[str]]
    #: Meetings of the bundle's own group that the bundle does not carry.
    unsent_meetings: list[str]
    #: The genuine bundle's records, parsed: kind → documents.
    documents: dict[str, list[dict[str, Any]]]

    @property
    def other_group_id(self) -> str:
        return self.other_ids["groups"][0]


def make_fuzz_base(root: Path) -> FuzzBase:
    """Two groups of a demo facilitator; the coordinator imported both groups' full bundles; the
    genuine bundle is the first group's next one (a memo entry written since), cut to three
    meetings, with a researcher's coding of one of its entries."""
    (root / "out").mkdir(parents=True)
    make_demo(root / "facilitator", groups=2, years=1)
    with opened(root / "coordinator", COORDINATOR) as coordinator, opened(root / "facilitator") as facilitator:
        share_keys(coordinator, [facilitator], root / "keys")
        group, other = facilitator.groups()[:2]
        importer = Importer(coordinator)
        for sent in (group, other):
            report = importer.import_file(make_bundle(facilitator, [sent], full=True, to=root / "out").path)
            assert report.status is ImportStatus.IMPORTED, report.line()
        meetings = facilitator.meetings(group.id)
        facilitator.save_memo_entry(
            MemoEntry(
                meeting_id=meetings[0].id,
                group_id=group.id,
                text="Written after the first bundle: asks how the others price a commission.",
                written_at=meetings[0].starts_at,
            )
        )
        made = make_bundle(facilitator, [group], full=True, to=root / "out")
        key = SyncLedger(coordinator.workspace).key(group.id)
        other_bundle = make_bundle(facilitator, [other], full=True, to=root / "out")
        other_key = SyncLedger(coordinator.workspace).key(other.id)
    assert key is not None and other_key is not None
    kept = {meeting.id for meeting in meetings[:3]}
    full = opened_contents(made.path.read_bytes(), key)
    records = trimmed(full, kept)
    records["records/codings.jsonl"] = lines_bytes([coding_of(documents_in(records["records/memo.jsonl"])[0])])
    genuine = opened_contents(sealed_again(full, {group.id: key}, records=records), key)
    others = opened_contents(other_bundle.path.read_bytes(), other_key).records
    other_ids = {
        record_type.name: [document["id"] for document in documents_in(others.get(record_type.member, b""))]
        for record_type in RECORD_TYPES
    }
    base = FuzzBase(
        coordinator=root / "coordinator",
        opened=genuine,
        key=key,
        group_id=group.id,
        other_ids=other_ids,
        unsent_meetings=sorted(meeting.id for meeting in meetings if meeting.id not in kept),
        documents={
            TYPES_BY_MEMBER_NAME[name]: documents_in(data) for name, data in genuine.records.items() if data.strip()
        },
    )
    # The genuine bundle, in each format, imports; the property holds for it.
    for version in (1, 2, 3):
        result = check_case(base, Mutation(version=version), root / f"genuine-{version}")
        assert result.problem is None and result.status == ImportStatus.IMPORTED, result
    return base


TYPES_BY_MEMBER_NAME = {record_type.member: record_type.name for record_type in RECORD_TYPES}


def coding_of(memo: dict[str, Any]) -> dict[str, Any]:
    """A researcher's coding of the memo entry ``memo``, as a coding record travels."""
    shared = ("created_at", "updated_at", "revision", "changed_by", "deleted", "versions")
    return {
        "id": coding_id(memo["id"]),
        **{name: memo[name] for name in shared},
        "entry_id": memo["id"],
        "meeting_id": memo["meeting_id"],
        "group_id": memo["group_id"],
        "codes": ["RI", "PS"],
    }


# -- what a case changes ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Mutation:
    """One change to the genuine bundle; with no ``action``, the genuine bundle itself.

    ``action``: "set" (``path`` to ``value``), "every" (the same in every record of ``kind``: a value
    at a limit, many times), "remove" (``path``), "add" (a new field ``path``),
    "copies" (``count`` copies of the record, each its own version of the same id; ``value`` True
    when they conflict), "contents" (the sealed contents' or the signed manifest's field ``path``
    set to ``value``). ``bump``: the changed record is a later save, so that it wins over the
    version the coordinator holds (else an unchanged version vector keeps the one held).
    """

    version: int = 3
    action: str = ""
    kind: str = ""
    index: int = 0
    path: str = ""
    value: Any = None
    bump: bool = True
    count: int = 0

    def __repr__(self) -> str:
        if not self.action:
            return f"genuine bundle, format {self.version}"
        where = f"{self.kind}[{self.index}]" if self.kind else "contents"
        what = {
            "set": f"{self.path} = {describe_value(self.value)}",
            "every": f"{self.path} = {describe_value(self.value)} in every record",
            "remove": f"{self.path} removed",
            "add": f"new field {self.path!r} = {describe_value(self.value)}",
            "copies": f"{self.count} {'conflicting versions' if self.value else 'identical copies'}",
            "contents": f"{self.path} = {describe_value(self.value)}",
        }[self.action]
        bump = "" if self.bump or self.action in ("contents", "copies") else " (same version)"
        return f"format {self.version}: {where} {what}{bump}"


def mutated_records(base: FuzzBase, mutation: Mutation) -> dict[str, bytes]:
    """The genuine bundle's record members, with ``mutation`` applied (a record change)."""
    records = dict(base.opened.records)
    if mutation.action in ("", "contents"):
        return records
    documents = [dict(document) for document in base.documents[mutation.kind]]
    document = documents[mutation.index]
    if mutation.bump:
        document.update(changed_times(document))
    raws: dict[str, bytes] = {}
    if mutation.action == "copies":
        copies = [document]
        for number in range(1, mutation.count):
            copy = dict(document)
            if mutation.value:  # each made apart, on a workspace of its own
                copy["versions"] = {str(uuid.UUID(int=number, version=4)): 1}
                copy["changed_by"] = str(uuid.UUID(int=number, version=4))
            copies.append(copy)
        documents[mutation.index : mutation.index + 1] = copies
    elif mutation.action == "every":  # the same value in every record of the kind
        for each in documents:
            if mutation.bump and each is not document:
                each.update(changed_times(each))
            raws.update(_changed(each, mutation))
    else:
        raws = _changed(document, mutation)
    member = TYPES_BY_NAME[mutation.kind].member
    records[member] = b"".join(json_line(document, raws) for document in documents)
    return records


def _changed(document: dict[str, Any], mutation: Mutation) -> dict[str, bytes]:
    """Apply a field change to ``document`` in place; returns the raw JSON texts to put in."""
    *parents, name = mutation.path.split(".")
    target = document
    for parent in parents:
        inner = target.get(parent)
        target[parent] = inner = dict(inner) if isinstance(inner, dict) else {}
        target = inner
    if mutation.action == "remove":
        target.pop(name, None)
        return {}
    value = mutation.value
    if isinstance(value, Raw):
        marker = f"\x00raw-{uuid.uuid4()}"
        target[name] = marker
        return {marker: value.text.encode()}
    target[name] = value
    return {}


def bundle_bytes(base: FuzzBase, mutation: Mutation) -> bytes:
    """The bundle the mutation makes, sealed (format 3) or signed (1, 2) with the group's key."""
    records = mutated_records(base, mutation)
    opened_base = base.opened
    bundle_id = str(uuid.UUID(int=2024, version=4))
    if mutation.version == 3:
        details: Any = None
        if mutation.action == "contents":
            details = _with_path(counted(opened_base.details, records), mutation.path, mutation.value)
        return sealed_again(
            opened_base, {base.group_id: base.key}, bundle_id=bundle_id, records=records, details=details
        )
    changed = Opened(**{**opened_base.__dict__, "records": records})
    data = signed_bundle(changed, {base.group_id: base.key.secret_bytes}, version=mutation.version, bundle_id=bundle_id)
    if mutation.action != "contents":
        return data
    members = unpack(data)
    manifest = _with_path(manifest_of(members), mutation.path, mutation.value)
    return pack(resign(members, manifest, {base.group_id: base.key.secret_bytes}))


def _with_path(document: Any, path: str, value: Any) -> Any:
    """``document`` with the field at dotted ``path`` set to ``value`` (a copy; dicts made on the way)."""
    head, *rest = path_parts(path)
    copy = dict(document) if isinstance(document, dict) else {}
    copy[head] = _with_path(copy.get(head), ".".join(rest), value) if rest else value
    return copy


def path_parts(path: str) -> list[str]:
    """A dotted path's field names, a member's name (``records/memo.jsonl``) kept whole."""
    parts: list[str] = []
    for part in path.split("."):
        if part == "jsonl" and parts:
            parts[-1] += ".jsonl"
        else:
            parts.append(part)
    return parts


# -- the property -------------------------------------------------------------------------------------


@dataclass
class CaseResult:
    """What one case did: the import's status, how long it took, and what broke the property."""

    mutation: Mutation
    status: ImportStatus | None = None
    message: str = ""
    seconds: float = 0.0
    problem: str | None = None
    outputs_seconds: float = 0.0


def check_case(
    base: FuzzBase,
    mutation: Mutation,
    folder: Path,
    *,
    outputs: Callable[[Path, Path], None] | None = None,
    measure: Callable[[Callable[[], Any]], Any] | None = None,
) -> CaseResult:
    """Import ``mutation``'s bundle into a copy of the coordinator's workspace made in ``folder``
    and check the property (see the module's docstring). ``outputs`` runs the outputs on the
    workspace (default :func:`run_outputs`); ``measure`` wraps the import (the bench's memory)."""
    result = CaseResult(mutation)
    workspace = folder / "coordinator"
    shutil.copytree(base.coordinator, workspace)
    path = folder / "fuzzed.mebundle"
    path.write_bytes(bundle_bytes(base, mutation))
    before = tree_bytes(workspace)
    with opened(workspace, COORDINATOR) as repository:
        started = time.perf_counter()
        try:
            if measure is None:
                (report,) = Importer(repository).import_files([path])
            else:
                (report,) = measure(lambda: Importer(repository).import_files([path]))
        except Exception:  # the point: nothing escapes the importer
            result.problem = "the import raised:\n" + traceback.format_exc(limit=-6)
            return result
        finally:
            result.seconds = time.perf_counter() - started
    result.status, result.message = report.status, report.message
    if report.status is ImportStatus.REFUSED:
        result.problem = refusal_problem(report.line(), report.message, before, tree_bytes(workspace))
        return result
    started = time.perf_counter()
    try:
        (outputs or run_outputs)(workspace, folder / "outputs")
    except Exception:
        result.problem = f"imported ({report.line()}), then an output failed:\n" + traceback.format_exc(limit=-6)
    result.outputs_seconds = time.perf_counter() - started
    return result


def refusal_problem(line: str, message: str, before: dict[str, bytes], after: dict[str, bytes]) -> str | None:
    """What is wrong with a refusal: the workspace changed, or its line does not say why."""
    if after != before:
        changed = sorted(name for name in {*after, *before} if after.get(name) != before.get(name))
        return f"refused, but the workspace changed: {changed}; {line}"
    if not message.strip():
        return "refused without a reason"
    if "unexpected error" in message.lower() or any(word in message for word in NOT_HUMAN):
        return f"refused with a message that is not for people: {line}"
    return None


def run_outputs(workspace: Path, to: Path) -> None:
    """What ``facilitator report`` and ``facilitator export research --format csv|qdpx`` call on the
    workspace (the commands' own functions, in-process)."""
    from exports.report.files import write_network_report
    from exports.research import write_research_export
    from storage.reading import read_workspace

    to.mkdir(parents=True, exist_ok=True)
    read_workspace(workspace, lambda repository: write_network_report(repository, to=to))
    read_workspace(workspace, lambda repository: write_research_export(repository, "csv", to=to))
    read_workspace(workspace, lambda repository: write_research_export(repository, "qdpx", to=to))
