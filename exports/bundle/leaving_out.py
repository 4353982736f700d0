"""What a bundle leaves out, and what it refuses to be: the writer's side of the import's checks.

The coordinator's import refuses a whole bundle when one record fails the checks of a single
record (:func:`exports.bundle.record_checks.check_record`), or when the bundle is larger than
its limits (:mod:`exports.bundle.format`). A laptop may hold such a record (let in by an earlier
version, typed before a form's rule existed): every bundle of its group would then be refused
and the facilitator never told why. So each record is checked here, as it will be sent, with the
import's own check: one that fails stays on the laptop, out of the bundle, and is named; so do
the records that need it as their parent (a meeting's memo entries, a person's absences,
interviews and outcomes), which
the import would refuse for a parent it never saw. A bundle still larger than the limits is not
written at all, with what to do instead.

What was left out is noted in the workspace's sync ledger (never sent, see
:meth:`storage.sync_ledger.SyncLedger.note_left_out`): the next bundle for the same audience
considers those records again, changed or not, so that a record fixed later (or a meeting's
entries, once the meeting is fixed) is carried then.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

import orjson

from exports.bundle.archive import BundleRefused
from exports.bundle.format import (
    MAX_LINE_BYTES,
    MAX_RECORD_BYTES,
    MAX_RECORDS,
    PERSON_KINDS,
    RECORD_TYPES,
    TYPES_BY_NAME,
)
from exports.bundle.record_checks import (
    MAX_VERSIONS_APART,
    MAX_VERSIONS_APART_IN_BUNDLE,
    check_record,
    latest_day,
)
from exports.bundle.workspace_records import Document
from facilitator.dates import format_count, format_decimal
from facilitator.i18n import _, ngettext
from facilitator.record_rules import kind_label, record_problems
from storage.codec import from_document
from storage.errors import StorageError

#: What a record is to its parent: the field naming it, the parent's kind.
_PARENTS = dict.fromkeys(("agenda", "attendance", "memo", "feedback", "codings"), ("meeting_id", "meetings"))
_PARENTS.update(dict.fromkeys(PERSON_KINDS, ("person_id", "people")))
#: A stored document that cannot even be read as its kind (a file edited by hand).
_UNREADABLE = (ValueError, TypeError, KeyError, AttributeError, OverflowError)


class BundleTooLarge(StorageError):
    """The chosen records are more than one bundle may hold: nothing is written."""


@dataclass
class Checked:
    """The records that pass, as the member files' lines, and what was left out, in words."""

    lines: dict[str, list[bytes]] = field(default_factory=dict)  # kind: one JSON document a line
    left_out: list[str] = field(default_factory=list)
    left_ids: set[tuple[str, str]] = field(default_factory=set)  # (kind, id) of each, children too
    versions_apart: int = 0  # the versions sent beyond each record's first (conflicts not settled)

    @property
    def counts(self) -> dict[str, int]:
        return {record_type.name: len(self.lines.get(record_type.name, [])) for record_type in RECORD_TYPES}


def checked_records(records: dict[str, list[Document]], now: datetime) -> Checked:
    """``records`` (each kind's documents as they will be sent) without those the import would
    refuse, and their children; the left-out ones named, one line each."""
    lines: dict[str, list[tuple[str, bytes]]] = {}
    failed: dict[tuple[str, str], str] = {}  # (kind, id): why
    for record_type in RECORD_TYPES:
        name = record_type.name
        counted = Counter(str(document.get("id")) for document in records.get(name, []))
        for document in records.get(name, []):
            record_id = str(document.get("id"))
            if (name, record_id) in failed:
                continue
            line = orjson.dumps(document)
            why = _problem(name, document, line, now, counted[record_id])
            if why is None:
                lines.setdefault(name, []).append((record_id, line))
            else:
                failed[(name, record_id)] = why
    children = _children(records, failed)
    left = failed.keys() | {child for found in children.values() for child in found}
    result = Checked(left_ids=set(left))
    for name, found in lines.items():
        kept = [(record_id, line) for record_id, line in found if (name, record_id) not in left]
        result.lines[name] = [line for _record_id, line in kept]
        result.versions_apart += len(kept) - len({record_id for record_id, _line in kept})
    for (name, record_id), why in failed.items():
        said = _("{kind} {id}: {reason}").format(kind=kind_label(name), id=record_id[:8], reason=why)
        if count := len(children.get((name, record_id), set())):
            said = ngettext("{record} (and its {count} record)", "{record} (and its {count} records)", count).format(
                record=said, count=format_count(count)
            )
        result.left_out.append(said)
    return result


def _problem(name: str, document: Document, line: bytes, now: datetime, versions: int) -> str | None:
    """Why the import would refuse this record (None: it would not)."""
    if versions > MAX_VERSIONS_APART:
        return _("{count} versions made apart, more than the {most} a bundle may carry: settle its conflict").format(
            count=format_count(versions), most=format_count(MAX_VERSIONS_APART)
        )
    if len(line) > MAX_LINE_BYTES:
        return _("larger than {size} MB, more than one record may be").format(size=format_count(MAX_LINE_BYTES >> 20))
    record_type = TYPES_BY_NAME[name]
    try:
        check_record(record_type, document, now)
    except BundleRefused as refused:
        try:  # the first of the rules it breaks, in the words of the form that has the field
            problems = record_problems(from_document(record_type.cls, document), latest_day(now))
        except _UNREADABLE:
            problems = []
        return str(problems[0]).rstrip(".") if problems else str(refused)
    except _UNREADABLE as error:
        return _("it cannot be read ({problem})").format(problem=error)
    return None


def _children(
    records: dict[str, list[Document]], failed: dict[tuple[str, str], str]
) -> dict[tuple[str, str], set[tuple[str, str]]]:
    """For each left-out meeting or person, the records of the bundle that need it as parent."""
    found: dict[tuple[str, str], set[tuple[str, str]]] = {}
    parents = {key for key in failed if key[0] in ("meetings", "people")}
    if not parents:
        return found
    for name, (link, parent_kind) in _PARENTS.items():
        for document in records.get(name, []):
            parent = (parent_kind, str(document.get(link)))
            if parent in parents and (name, str(document.get("id"))) not in failed:
                found.setdefault(parent, set()).add((name, str(document.get("id"))))
    return found


def left_out_notice(left_out: list[str]) -> str:
    """What the export and the app say before the left-out records' lines."""
    return ngettext(
        "{count} record was left out of the bundle, because the coordinator's import would refuse it; it stays on "
        "this laptop. Correct it (or ask support): the next bundle carries it once it passes.",
        "{count} records were left out of the bundle, because the coordinator's import would refuse them; they stay "
        "on this laptop. Correct them (or ask support): the next bundle carries them once they pass.",
        len(left_out),
    ).format(count=format_count(len(left_out)))


def refuse_if_too_large(checked: Checked, groups: list[str], *, full: bool) -> None:
    """Raise :class:`BundleTooLarge`, saying what to do, when the records are more than a bundle may
    hold (the import would refuse it whole): settle conflicts, one bundle per group, or an incremental one."""
    if checked.versions_apart > MAX_VERSIONS_APART_IN_BUNDLE:
        raise BundleTooLarge(
            _(
                "The bundle of {groups} would hold {count} versions of records made apart (conflicts not settled), "
                "more than a bundle may carry ({most}): no file was written. Settle the conflicts (Conflicts screen), "
                "then make the bundle again."
            ).format(
                groups=", ".join(groups),
                count=format_count(checked.versions_apart),
                most=format_count(MAX_VERSIONS_APART_IN_BUNDLE),
            )
        )
    count = sum(len(lines) for lines in checked.lines.values())
    size = sum(len(line) + 1 for lines in checked.lines.values() for line in lines)  # each line ends with "\n"
    if count <= MAX_RECORDS and size <= MAX_RECORD_BYTES:
        return
    if len(groups) > 1:
        what = _("Make one bundle for each group: “facilitator export bundle --group GROUP”.")
    elif full:
        what = _("Make an incremental bundle instead (without --full), or contact support.")
    else:
        what = _("Contact support: the group's records must travel in more than one bundle.")
    raise BundleTooLarge(
        _(
            "The bundle of {groups} would hold {count} records ({size} MB), more than a bundle may hold ({most} "
            "records, {most_size} MB): no file was written. {what}"
        ).format(
            groups=", ".join(groups),
            count=format_count(count),
            size=format_decimal(size / (1 << 20), 1),
            most=format_count(MAX_RECORDS),
            most_size=format_count(MAX_RECORD_BYTES >> 20),
            what=what,
        )
    )
