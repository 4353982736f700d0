"""What an import asks of each record of a bundle alone, and the refusals that name a record.

:func:`check_record`: what one record alone must hold, asked by the reader as each record is parsed
(so a bundle is refused at its first bad record, holding no more): values the app would store
(:func:`facilitator.record_rules.record_problems`, a consent's day no later than tomorrow, see
:data:`CLOCK_AHEAD`), links shaped as record ids. :class:`VersionCounts`: at most
:data:`MAX_VERSIONS_APART` versions of one record and :data:`MAX_VERSIONS_APART_IN_BUNDLE` made
apart in a bundle. What needs the other records and the workspace is checked by
:mod:`exports.bundle.bundle_checks` (the network file) and :mod:`exports.bundle.meeting_file_ids`
(the meeting files).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from exports.bundle.archive import UUID, BundleRefused, short_id
from exports.bundle.format import RecordType
from exports.bundle.merge import Document
from facilitator.dates import format_count
from facilitator.i18n import _
from facilitator.record_rules import kind_label, record_problems
from storage.codec import from_document

#: Versions of one record made apart (a conflict's sides) that a workspace keeps: far above what
#: the few laptops of a group make (each side is a laptop, or a save over a conflict not settled),
#: and low enough that merging a record stays quick. A bundle that holds more of one record, or
#: whose import would keep more, is refused.
MAX_VERSIONS_APART = 100
#: Versions made apart in one bundle, all records together (each record's versions beyond its
#: first): each is compared with every version held of its record (at most
#: :data:`MAX_VERSIONS_APART`), so this bounds the work of merging a bundle in proportion to its
#: size. A group's laptops, each saving over the others' changes before the bundles meet, make a
#: few dozen.
MAX_VERSIONS_APART_IN_BUNDLE = 3_000


@dataclass(frozen=True)
class Link:
    """A field of a record that names another record (beside its parents: group, meeting)."""

    kind: str  #: the kind of record that holds the field
    field: str  #: a list field names several
    may_be_empty: bool  #: whether "" may stand for none
    names: str  #: the kind of record it names
    in_revisions: bool = False  #: a memo entry's earlier wordings hold it too


#: Every link, in the order the checks ask them (:func:`check_record`, the bundle's links in
#: :mod:`exports.bundle.bundle_checks`, the meeting file's in :mod:`exports.bundle.meeting_file_ids`).
LINKS: tuple[Link, ...] = (
    Link("memo", "people", False, "people", in_revisions=True),
    Link("memo", "owner_id", True, "people", in_revisions=True),
    Link("memo", "closed_in", True, "meetings"),
    Link("memo", "agenda_item_id", True, "agenda"),
    Link("meetings", "host_id", True, "people"),
    Link("meetings", "declined_by", False, "people"),
    Link("attendance", "person_id", True, "people"),
    Link("codings", "entry_id", False, "memo"),
    Link("outcomes", "involved", False, "people"),
    Link("outcomes", "entry_ids", False, "memo"),
    Link("outcomes", "meeting_ids", False, "meetings"),
)
#: How far past the later of this workspace's clock and the bundle's making a consent's day may be
#: (a laptop's clock a little ahead, or the day already begun in its time zone).
CLOCK_AHEAD = timedelta(days=1)
#: How far ahead of this workspace's clock a bundle's making may widen "the future" for its
#: records: a laptop whose clock runs months ahead is not refused, and a manifest that claims to be
#: made in a far year cannot make any consent day acceptable.
MADE_AHEAD_AT_MOST = timedelta(days=366)


def link_label(field: str) -> str:
    """A field that names another record, in the words a refusal shows it."""
    return {
        "people": _("people mentioned"),
        "owner_id": _("owner"),
        "host_id": _("host"),
        "declined_by": _("declined to host"),
        "person_id": _("person"),
        "closed_in": _("closed in meeting"),
        "entry_id": _("memo entry"),
        "agenda_item_id": _("agenda item"),
        "involved": _("members involved"),
        "entry_ids": _("memo entries that led to it"),
        "meeting_ids": _("meetings that led to it"),
        "group_id": kind_label("groups"),
        "meeting_id": kind_label("meetings"),
    }[field]


def id_taken(kind: str, record_id: str, other: str) -> BundleRefused:
    """A record whose id a record of another kind (``other``) holds here."""
    return BundleRefused(
        _(
            "The bundle holds a record whose id is that of another record in this workspace ({kind} {id} is a {other}"
            " here). Nothing was imported. Ask whoever made the bundle to check that record."
        ).format(kind=kind_label(kind), id=short_id(record_id), other=kind_label(other))
    )


def of_another_group(kind: str, record_id: str) -> BundleRefused:
    """A record whose id a record of the same kind holds here, in another group."""
    return BundleRefused(
        _(
            "The bundle holds a record that belongs to another group in this workspace ({kind} {id}). Nothing was "
            "imported. Ask whoever made the bundle to check that record."
        ).format(kind=kind_label(kind), id=short_id(record_id))
    )


def of_another_meeting(kind: str, record_id: str) -> BundleRefused:
    """A record of a meeting's file whose id a record of the same kind holds here, in another meeting."""
    return BundleRefused(
        _(
            "The bundle holds a record that belongs to another meeting in this workspace ({kind} {id}). Nothing was "
            "imported. Ask whoever made the bundle to check that record."
        ).format(kind=kind_label(kind), id=short_id(record_id))
    )


def of_another_person(kind: str, record_id: str) -> BundleRefused:
    """An absence, interview or outcome whose id one of the same kind holds here, of another person."""
    return BundleRefused(
        _(
            "The bundle holds a record that belongs to another person in this workspace ({kind} {id}). Nothing was "
            "imported. Ask whoever made the bundle to check that record."
        ).format(kind=kind_label(kind), id=short_id(record_id))
    )


def link_refused(kind: str, record_id: str, field: str, target: str) -> BundleRefused:
    """A record whose link ``field`` names a record of another group, meeting or kind."""
    return BundleRefused(
        _(
            "The bundle holds a record that links to a record of another group, or of another kind ({kind} {id}, "
            "{link}: {target}). Nothing was imported. A record may only name records of its own group. Ask whoever "
            "made the bundle to check that record."
        ).format(kind=kind_label(kind), id=short_id(record_id), link=link_label(field), target=short_id(target))
    )


def _refused(kind: str, record_id: str, problem: str) -> BundleRefused:
    return BundleRefused(
        _(
            "The bundle holds a record that this app would not keep ({kind} {id}: {problem}). Nothing was imported. "
            "Ask whoever made the bundle to check that record, or to update the app and make the bundle again."
        ).format(kind=kind_label(kind), id=short_id(record_id), problem=problem)
    )


def check_record(record_type: RecordType, document: Document, now: datetime) -> None:
    """The checks of one record alone, asked as soon as the reader has parsed it (nothing else of
    the bundle needed): every value one the app keeps (:func:`record_problems`, where "not in the
    future" means not after the day of ``now`` and one more: the importer's ``now`` is the later of
    its clock and the bundle's making, see :class:`ReadingChecks`) and every link shaped as a record
    id. When a version was saved is not held against it: a laptop whose clock was wrong for a while
    saved its records then, and they are records all the same. Raises :class:`BundleRefused`
    naming the record's kind, id and what is wrong."""
    kind = record_type.name
    links = [link for link in LINKS if link.kind == kind]
    for link in links:
        _refuse_unless_ids(kind, document, link.field, document.get(link.field), link.may_be_empty)
    for revision in document.get("revisions") or [] if kind == "memo" else []:
        for link in links:
            if link.in_revisions:
                _refuse_unless_ids(kind, document, link.field, revision.get(link.field), link.may_be_empty)
    record = from_document(record_type.cls, document)
    problems = record_problems(record, latest_day(now))
    if problems:
        raise _refused(kind, document["id"], str(problems[0]).rstrip("."))  # the message's own stop


def latest_day(now: datetime) -> date:
    """The latest day a "not in the future" rule accepts of an arriving record (see :data:`CLOCK_AHEAD`)."""
    return (now + CLOCK_AHEAD).date()


def _refuse_unless_ids(kind: str, document: Document, field: str, value: Any, may_be_empty: bool) -> None:
    """A link field holds record ids (a list field a list of them); "" where the model allows none."""
    values = value if isinstance(value, list) else [value]
    for item in values:
        if item is None or (item == "" and may_be_empty):
            continue
        if not isinstance(item, str) or not UUID.fullmatch(item):
            raise _refused(kind, document["id"], _("its {link} is not a record id").format(link=link_label(field)))


class VersionCounts:
    """The versions of each record of a bundle, counted as they come: at most
    :data:`MAX_VERSIONS_APART` of one record, and :data:`MAX_VERSIONS_APART_IN_BUNDLE` beyond each
    record's first in the whole bundle (each is compared with every version held of its record)."""

    def __init__(self) -> None:
        self._of_record: Counter[tuple[str, str]] = Counter()
        self._beyond_first = 0

    def add(self, kind: str, record_id: str) -> None:
        """Count one version of record ``record_id``; refuse the bundle past a limit."""
        self._of_record[kind, record_id] += 1
        count = self._of_record[kind, record_id]
        if count > MAX_VERSIONS_APART:
            raise BundleRefused(
                _(
                    "The bundle holds more than {limit} versions of one record made apart ({kind} {id}). Nothing was "
                    "imported. Ask whoever made the bundle to settle that record's conflict (Conflicts screen), then "
                    "to make the bundle again."
                ).format(limit=format_count(MAX_VERSIONS_APART), kind=kind_label(kind), id=short_id(record_id))
            )
        self._beyond_first += count > 1
        if self._beyond_first > MAX_VERSIONS_APART_IN_BUNDLE:
            raise BundleRefused(
                _(
                    "The bundle holds more than {limit} versions of records made apart (conflicts not settled). "
                    "Nothing was imported. Ask whoever made the bundle to settle the conflicts (Conflicts screen), "
                    "then to make the bundle again."
                ).format(limit=f"{MAX_VERSIONS_APART_IN_BUNDLE:,}")
            )


class ReadingChecks:
    """What the reader may ask of each record as it is parsed (``read_bundle(..., check=...)``):
    :func:`check_record`, and the versions counted (:class:`VersionCounts`), so that a bundle of
    tens of thousands of versions made apart is refused at the first past the limit, not once all
    are read."""

    def __init__(self, now: datetime) -> None:
        self._now = now
        self._counts = VersionCounts()
        self._groups: set[str] | None = None

    def expect(self, made_at: datetime, group_ids: Iterable[str]) -> None:
        """What the bundle's manifest says, once read and before its records are: the time it was
        made, and its groups. A day (a consent's) is "in the future" only when it is later than both
        the bundle's making (at most :data:`MADE_AHEAD_AT_MOST` after this clock) and this clock, and
        one more day: a laptop whose clock runs ahead dates its records and its bundle alike, and is
        not refused for it. A group record of another group
        is refused at once, before its rules (a group's are the dearest to check) are asked of it."""
        self._now = max(self._now, min(made_at, self._now + MADE_AHEAD_AT_MOST))
        self._groups = set(group_ids)

    def __call__(self, record_type: RecordType, document: Document) -> None:
        self._counts.add(record_type.name, document["id"])  # first: counting is cheap, the rules are not
        if record_type.name == "groups" and self._groups is not None and document["id"] not in self._groups:
            raise _refused(record_type.name, document["id"], _("it is of a group the bundle was not made for"))
        check_record(record_type, document, self._now)
