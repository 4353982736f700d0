"""What an import checks of a bundle's records.

:func:`check_record`: what one record alone must hold, asked by the reader as each record is parsed
(so a bundle is refused at its first bad record, holding no more): values the app would store
(:func:`facilitator.record_rules.record_problems`), links shaped as record ids, no save after
tomorrow.

:class:`RecordChecks`: what needs the whole bundle and this workspace's network file, asked of all
the records before any is merged: that each record belongs to a group the bundle was sealed for,
through its parent where it has one (a parent neither in the bundle nor in this workspace refuses
it), and stays in the group this workspace keeps it in; that no id is another record's (a record of
another kind here, or of another kind in the bundle) and that a record's versions share its group
and parent; that every link to another record (a memo entry's people, owner and meetings, a
meeting's host, an attendance's person, a coding's memo entry) names a record of the same group and
kind wherever that record is found (a record found nowhere may come in a later bundle, or was
erased: the link is kept); and that no record has more versions made apart than
:data:`MAX_VERSIONS_APART`, nor the bundle more than :data:`MAX_VERSIONS_APART_IN_BUNDLE`. What the
meeting files hold is asked by :mod:`exports.bundle.meeting_file_ids`. The first record that fails
refuses the bundle, naming its kind, its id and why.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from exports.bundle.archive import UUID, BundleRefused
from exports.bundle.format import RECORD_TYPES, TYPES_BY_NAME, RecordType
from exports.bundle.merge import Document
from exports.bundle.reader import Bundle
from exports.bundle.workspace_records import Tables
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

#: Links to a person: (kind of record, field); a list field names several.
_PERSON_LINKS = (
    ("memo", "people"),
    ("memo", "owner_id"),
    ("meetings", "host_id"),
    ("meetings", "declined_by"),
    ("attendance", "person_id"),
)
#: Links to a meeting other than the parent's own.
_MEETING_LINKS = (("memo", "closed_in"),)
#: Every field that names another record, by kind: (field, whether "" may stand for none).
_LINK_FIELDS: dict[str, tuple[tuple[str, bool], ...]] = {
    "memo": (("people", False), ("owner_id", True), ("closed_in", True), ("agenda_item_id", True)),
    "meetings": (("host_id", True), ("declined_by", False)),
    "attendance": (("person_id", True),),
    "codings": (("entry_id", False),),
}
#: How far ahead of this workspace's clock a record's save may be (a laptop's clock a little ahead).
CLOCK_AHEAD = timedelta(days=1)


@dataclass(frozen=True)
class Arriving:
    """One record of the bundle, checked, and the group it belongs to."""

    kind: str
    document: Document
    group: str


def _link_label(field: str) -> str:
    return {
        "people": _("people mentioned"),
        "owner_id": _("owner"),
        "host_id": _("host"),
        "declined_by": _("declined to host"),
        "person_id": _("person"),
        "closed_in": _("closed in meeting"),
        "entry_id": _("memo entry"),
        "agenda_item_id": _("agenda item"),
    }[field]


def short_id(record_id: str) -> str:
    """The start of a record id: enough to tell records apart in a message."""
    return record_id[:8] + "…"


def id_taken(kind: str, record_id: str, other: str) -> BundleRefused:
    """A record whose id a record of another kind (``other``) holds here."""
    return BundleRefused(
        _(
            "The bundle holds a record whose id is that of another record in this workspace ({kind} {id} is a "
            "{other} here): refused, nothing was imported. Ask whoever made the bundle to check that record."
        ).format(kind=kind_label(kind), id=short_id(record_id), other=kind_label(other))
    )


def of_another_group(kind: str, record_id: str) -> BundleRefused:
    """A record whose id a record of the same kind holds here, in another group."""
    return BundleRefused(
        _(
            "The bundle holds a record that belongs to another group in this workspace ({kind} {id}): "
            "refused, nothing was imported. Ask whoever made the bundle to check that record."
        ).format(kind=kind_label(kind), id=short_id(record_id))
    )


def of_another_meeting(kind: str, record_id: str) -> BundleRefused:
    """A record of a meeting's file whose id a record of the same kind holds here, in another meeting."""
    return BundleRefused(
        _(
            "The bundle holds a record that belongs to another meeting in this workspace ({kind} {id}): "
            "refused, nothing was imported. Ask whoever made the bundle to check that record."
        ).format(kind=kind_label(kind), id=short_id(record_id))
    )


def link_refused(kind: str, record_id: str, field: str, target: str) -> BundleRefused:
    """A record whose link ``field`` names a record of another group, meeting or kind."""
    return BundleRefused(
        _(
            "The bundle holds a record that links to a record of another group, or of another kind "
            "({kind} {id}, {link}: {target}): refused, nothing was imported. A record may only name "
            "records of its own group. Ask whoever made the bundle to check that record."
        ).format(kind=kind_label(kind), id=short_id(record_id), link=_link_label(field), target=short_id(target))
    )


def _refused(kind: str, record_id: str, problem: str) -> BundleRefused:
    return BundleRefused(
        _(
            "The bundle holds a record that this app would not keep ({kind} {id}: {problem}): refused, nothing was "
            "imported. Ask whoever made the bundle to check that record, or to update the app and make the "
            "bundle again."
        ).format(kind=kind_label(kind), id=short_id(record_id), problem=problem)
    )


def check_record(record_type: RecordType, document: Document, now: datetime) -> None:
    """The checks of one record alone, asked as soon as the reader has parsed it (nothing else of
    the bundle needed): every value one the app keeps (:func:`record_problems`), every link shaped
    as a record id, and no save later than ``now`` and a day (a laptop whose clock runs ahead).

    A version saved in the future would win every conflict against versions saved since, and be
    sent on again and again: a stolen laptop's way to keep its version. Raises
    :class:`BundleRefused` naming the record's kind, id and what is wrong."""
    kind = record_type.name
    for field, may_be_empty in _LINK_FIELDS.get(kind, ()):
        _refuse_unless_ids(kind, document, field, document.get(field), may_be_empty)
    if kind == "memo":
        for revision in document.get("revisions") or []:
            _refuse_unless_ids(kind, document, "people", revision.get("people"), False)
            _refuse_unless_ids(kind, document, "owner_id", revision.get("owner_id"), True)
    record = from_document(record_type.cls, document)
    latest = now + CLOCK_AHEAD
    for moment in (record.created_at, record.updated_at):
        if moment is not None and moment > latest:
            raise _refused(
                kind, document["id"], _("it was saved after tomorrow: the clock of the laptop that made it is wrong")
            )
    problems = record_problems(record, latest.date())
    if problems:
        raise _refused(kind, document["id"], str(problems[0]).rstrip("."))  # the message's own stop


def _refuse_unless_ids(kind: str, document: Document, field: str, value: Any, may_be_empty: bool) -> None:
    """A link field holds record ids (a list field a list of them); "" where the model allows none."""
    values = value if isinstance(value, list) else [value]
    for item in values:
        if item is None or (item == "" and may_be_empty):
            continue
        if not isinstance(item, str) or not UUID.fullmatch(item):
            raise _refused(kind, document["id"], _("its {link} is not a record id").format(link=_link_label(field)))


class RecordChecks:
    """The checks of one bundle's records against one workspace's network file."""

    def __init__(self, bundle: Bundle, network: Tables) -> None:
        self._bundle = bundle
        #: Each record of this workspace's network file: id → (kind, group).
        self._stored: dict[str, tuple[str, str | None]] = {}
        for name in ("groups", "people", "meetings"):
            for document in network.get(name, {}).values():
                if "id" in document:
                    group = document["id"] if name == "groups" else document.get("group_id")
                    self._stored[document["id"]] = (name, group)
        for document in network.get("absences", {}).values():
            if "id" in document:
                person = self._stored.get(document.get("person_id", ""))  # "": no record's id
                self._stored[document["id"]] = ("absences", person[1] if person else None)
        #: Each record of the bundle: id → (kind, group as the record says it, its meeting).
        self._arriving: dict[str, tuple[str, str | None, str | None]] = {}

    def checked(self) -> list[Arriving]:
        """Every record of the bundle with its group, network file's kinds first; refuses the
        bundle (:class:`BundleRefused`) at the first record that fails a check."""
        self._index_arriving()
        self._refuse_too_many_versions()
        arriving = [
            Arriving(record_type.name, document, self._group_of(record_type.name, document))
            for record_type in RECORD_TYPES
            for document in self._bundle.records.get(record_type.name, [])
        ]
        for record in arriving:
            self._check_ids(record)
        for record in arriving:
            self._check_links(record)
        return arriving

    # -- groups -------------------------------------------------------------------------------

    def _index_arriving(self) -> None:
        """Index the bundle's records by id, refusing one id given to records of two kinds, and
        versions of one record in two groups, meetings or (an absence) people: a record never moves."""
        parents: dict[str, object] = {}
        for record_type in RECORD_TYPES:
            for document in self._bundle.records.get(record_type.name, []):
                record_id = document["id"]
                group = record_id if record_type.name == "groups" else document.get("group_id")
                before = self._arriving.setdefault(record_id, (record_type.name, group, document.get("meeting_id")))
                if before[0] != record_type.name:
                    raise BundleRefused(
                        _(
                            "The bundle gives one id to two records of different kinds ({kind} and {other} "
                            "{id}): refused, nothing was imported. Ask whoever made the bundle to make it again."
                        ).format(kind=kind_label(before[0]), other=kind_label(record_type.name), id=short_id(record_id))
                    )
                parent = document.get(record_type.parent) if record_type.parent else None
                if before[1] != group or parents.setdefault(record_id, parent) != parent:
                    raise BundleRefused(
                        _(
                            "The bundle holds versions of one record in two groups, meetings or people ({kind} {id}): "
                            "refused, nothing was imported. Ask whoever made the bundle to make it again."
                        ).format(kind=kind_label(record_type.name), id=short_id(record_id))
                    )

    def _owner(self, record_id: str) -> tuple[str, str | None] | None:
        """The kind and group of the record ``record_id`` names: as kept here, else as the bundle says."""
        if record_id in self._stored:
            return self._stored[record_id]
        found = self._arriving.get(record_id)
        if found is None:
            return None
        kind, group, _meeting = found
        if kind == "absences":
            return kind, None  # never a link's target: its group comes through its person
        if kind in ("groups", "people", "meetings"):
            return kind, group
        meeting = self._owner(found[2] or "")
        return kind, meeting[1] if meeting and meeting[0] == "meetings" else None

    def _group_of(self, name: str, document: Document) -> str:
        """The group of an arriving record: its own, its person's or its meeting's."""
        group: str | None
        if name == "groups":
            group = document["id"]
        elif name in ("people", "meetings"):
            group = document["group_id"]
        elif name == "absences":
            person = self._owner(document["person_id"])
            group = person[1] if person and person[0] == "people" else None
            if group is None:
                raise BundleRefused(
                    _(
                        "The bundle holds an absence of a person neither in it nor in this workspace ({kind} {id}): "
                        "refused, nothing was imported. Ask for a full bundle."
                    ).format(kind=kind_label(name), id=short_id(document["id"]))
                )
        else:
            meeting = self._owner(document["meeting_id"])
            group = meeting[1] if meeting and meeting[0] == "meetings" else None
            if group is None:
                raise BundleRefused(
                    _(
                        "The bundle holds a record of a meeting neither in it nor in this workspace ({kind} {id}): "
                        "refused, nothing was imported. Ask for a full bundle."
                    ).format(kind=kind_label(name), id=short_id(document["id"]))
                )
            if document.get("group_id", group) != group:
                raise BundleRefused(
                    _(
                        "The bundle holds a record that names another group than its meeting's ({kind} {id}): "
                        "refused, nothing was imported. Ask whoever made the bundle to check that record."
                    ).format(kind=kind_label(name), id=short_id(document["id"]))
                )
        if group is None or group not in self._bundle.group_ids:
            raise BundleRefused(
                _(
                    "The bundle holds a record of a group it was not signed for ({kind} {id}): refused, nothing was "
                    "imported. Ask whoever made the bundle to check that record, and to make the bundle again."
                ).format(kind=kind_label(name), id=short_id(document["id"]))
            )
        return group

    # -- ids ----------------------------------------------------------------------------------

    def _check_ids(self, record: Arriving) -> None:
        """A record kept here stays in its group, and an id here is one record's, of one kind."""
        stored = self._stored.get(record.document["id"])
        if stored is None:
            return
        kind, group = stored
        if kind != record.kind or TYPES_BY_NAME[record.kind].in_meeting_file:
            raise id_taken(record.kind, record.document["id"], kind)
        if group != record.group:
            raise of_another_group(record.kind, record.document["id"])

    # -- links --------------------------------------------------------------------------------

    def _check_links(self, record: Arriving) -> None:
        document = record.document
        for kind, field in _PERSON_LINKS:
            if kind == record.kind:
                for target in _linked(document.get(field)):
                    self._refuse_unless_of_group(record, field, target, "people")
        for kind, field in _MEETING_LINKS:
            if kind == record.kind:
                for target in _linked(document.get(field)):
                    self._refuse_unless_of_group(record, field, target, "meetings")
        if record.kind == "memo":
            for revision in document.get("revisions") or []:
                for field in ("people", "owner_id"):
                    for target in _linked(revision.get(field)):
                        self._refuse_unless_of_group(record, field, target, "people")
            self._refuse_unless_in_meeting(record, "agenda_item_id", "agenda")
        if record.kind == "codings":
            self._refuse_unless_in_meeting(record, "entry_id", "memo")

    def _refuse_unless_of_group(self, record: Arriving, field: str, target: str, kind: str) -> None:
        """A link to a record found here or in the bundle must name one of ``kind`` in the record's group."""
        owner = self._owner(target)
        if owner is not None and owner != (kind, record.group):
            raise link_refused(record.kind, record.document["id"], field, target)

    def _refuse_unless_in_meeting(self, record: Arriving, field: str, kind: str) -> None:
        """A link to a record of the meeting's own file: found in the bundle, it must be one of
        ``kind`` of the same meeting; found in the network file, it is no such record."""
        target = record.document.get(field)
        if not target:
            return
        found = self._arriving.get(target)
        wrong = target in self._stored or (
            found is not None and (found[0] != kind or found[2] != record.document["meeting_id"])
        )
        if wrong:
            raise link_refused(record.kind, record.document["id"], field, target)

    # -- versions and rules -------------------------------------------------------------------

    def _refuse_too_many_versions(self) -> None:
        """At most :data:`MAX_VERSIONS_APART` versions of one record, and
        :data:`MAX_VERSIONS_APART_IN_BUNDLE` beyond each record's first in the whole bundle."""
        beyond_first = 0
        for record_type in RECORD_TYPES:
            counts = Counter(document["id"] for document in self._bundle.records.get(record_type.name, []))
            beyond_first += sum(counts.values()) - len(counts)
            if beyond_first > MAX_VERSIONS_APART_IN_BUNDLE:
                raise BundleRefused(
                    _(
                        "The bundle holds more than {limit} versions of records made apart (conflicts not settled): "
                        "refused, nothing was imported. Ask whoever made the bundle to settle the conflicts "
                        "(Conflicts screen), then to make the bundle again."
                    ).format(limit=f"{MAX_VERSIONS_APART_IN_BUNDLE:,}")
                )
            for record_id, count in counts.items():
                if count > MAX_VERSIONS_APART:
                    raise BundleRefused(
                        _(
                            "The bundle holds {count} versions of one record made apart ({kind} {id}); at most "
                            "{limit} are kept: refused, nothing was imported. Ask whoever made the bundle to settle "
                            "that record's conflict, then to make the bundle again."
                        ).format(
                            count=count,
                            kind=kind_label(record_type.name),
                            id=short_id(record_id),
                            limit=MAX_VERSIONS_APART,
                        )
                    )


def _linked(value: Any) -> Iterator[str]:
    """The ids a link field names: one, a list of them, or none ("")."""
    if isinstance(value, str):
        if value:
            yield value
    elif isinstance(value, list):
        yield from (item for item in value if isinstance(item, str) and item)
