"""What an import checks of a bundle's records against each other and this workspace's network
file, all of them before any is merged (each record alone was checked as it was read:
:mod:`exports.bundle.record_checks`).

That each record belongs to a group the bundle was made for, through its parent where it has one (a
parent neither in the bundle nor in this workspace refuses it), and stays in the group this
workspace keeps it in; that no id is another record's (a record of another kind here, or of another
kind in the bundle) and that a record's versions share its group and parent; that every link to
another record (a memo entry's people, owner and meetings, a meeting's host, an attendance's person,
a coding's memo entry, an outcome's members involved and the memo entries and meetings that led to
it) names a record of the same group and kind wherever that record is found (a record found nowhere
may come in a later bundle, or was erased: the link is kept); and the versions made apart
(:class:`~exports.bundle.record_checks.VersionCounts`). What the meeting files hold (an outcome's
memo entries kept here among them) is asked by :mod:`exports.bundle.meeting_file_ids`. The first
record that fails refuses the bundle, naming its kind, its id and why.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from exports.bundle.archive import BundleRefused, short_id
from exports.bundle.format import PERSON_KINDS, RECORD_TYPES, TYPES_BY_NAME
from exports.bundle.merge import Document
from exports.bundle.reader import Bundle
from exports.bundle.record_checks import (
    LINKS,
    VersionCounts,
    id_taken,
    link_refused,
    of_another_group,
    of_another_person,
)
from exports.bundle.workspace_records import Tables
from facilitator.i18n import _
from facilitator.record_rules import kind_label


@dataclass(frozen=True)
class Arriving:
    """One record of the bundle, checked, and the group it belongs to."""

    kind: str
    document: Document
    group: str


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
        #: Each person's role, as the bundle gives it, else as kept here: interviews and outcomes are of members.
        self._roles: dict[str, str] = {
            document["id"]: document.get("role", "member")
            for document in network.get("people", {}).values()
            if "id" in document
        }
        #: The person of each absence, interview and outcome kept here: a record never moves.
        self._stored_person: dict[str, str] = {}
        for name in PERSON_KINDS:  # absences, interviews, outcomes: of their person's group
            for document in network.get(name, {}).values():
                if "id" in document:
                    person = self._stored.get(document.get("person_id", ""))  # "": no record's id
                    self._stored[document["id"]] = (name, person[1] if person else None)
                    self._stored_person[document["id"]] = document.get("person_id", "")
        #: Each record of the bundle: id → (kind, group as the record says it, its meeting).
        self._arriving: dict[str, tuple[str, str | None, str | None]] = {}

    def checked(self) -> list[Arriving]:
        """Every record of the bundle with its group, network file's kinds first; refuses the
        bundle (:class:`BundleRefused`) at the first record that fails a check."""
        self._index_arriving()
        # Counted again, though the importer's reader counted them as it read (ReadingChecks): a
        # bundle read without that check (read_bundle's default) is held to the same limits here.
        counts = VersionCounts()
        for record_type in RECORD_TYPES:
            for document in self._bundle.records.get(record_type.name, []):
                counts.add(record_type.name, document["id"])
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
        versions of one record in two groups, meetings or (an absence, interview or outcome) people:
        a record never moves."""
        parents: dict[str, object] = {}
        for record_type in RECORD_TYPES:
            for document in self._bundle.records.get(record_type.name, []):
                record_id = document["id"]
                if record_type.name == "people":
                    self._roles[record_id] = document.get("role", "member")
                group = record_id if record_type.name == "groups" else document.get("group_id")
                before = self._arriving.setdefault(record_id, (record_type.name, group, document.get("meeting_id")))
                if before[0] != record_type.name:
                    raise BundleRefused(
                        _(
                            "The bundle gives one id to two records of different kinds ({kind} and {other} {id}). "
                            "Nothing was imported. Ask whoever made the bundle to make it again."
                        ).format(kind=kind_label(before[0]), other=kind_label(record_type.name), id=short_id(record_id))
                    )
                parent = document.get(record_type.parent) if record_type.parent else None
                if before[1] != group or parents.setdefault(record_id, parent) != parent:
                    raise BundleRefused(
                        _(
                            "The bundle holds versions of one record in two groups, meetings or people ({kind} {id})."
                            " Nothing was imported. Ask whoever made the bundle to make it again."
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
        if kind in PERSON_KINDS:
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
        elif name in PERSON_KINDS:
            person = self._owner(document["person_id"])
            group = person[1] if person and person[0] == "people" else None
            if group is None:
                raise _without_parent(name, document)
        else:
            meeting = self._owner(document["meeting_id"])
            group = meeting[1] if meeting and meeting[0] == "meetings" else None
            if group is None:
                raise _without_parent(name, document)
            if document.get("group_id", group) != group:
                raise BundleRefused(
                    _(
                        "The bundle holds a record that names another group than its meeting's ({kind} {id}). Nothing"
                        " was imported. Ask whoever made the bundle to check that record."
                    ).format(kind=kind_label(name), id=short_id(document["id"]))
                )
        if group is None or group not in self._bundle.group_ids:
            raise BundleRefused(
                _(
                    "The bundle holds a record of a group it was not made for ({kind} {id}). Nothing was imported. "
                    "Ask whoever made the bundle to check that record, and to make the bundle again."
                ).format(kind=kind_label(name), id=short_id(document["id"]))
            )
        return group

    # -- ids ----------------------------------------------------------------------------------

    def _check_ids(self, record: Arriving) -> None:
        """A record kept here stays in its group (an absence, interview or outcome with its
        person), and an id here is one record's, of one kind."""
        stored = self._stored.get(record.document["id"])
        if stored is None:
            return
        kind, group = stored
        if kind != record.kind or TYPES_BY_NAME[record.kind].in_meeting_file:
            raise id_taken(record.kind, record.document["id"], kind)
        if group != record.group:
            raise of_another_group(record.kind, record.document["id"])
        person = self._stored_person.get(record.document["id"])
        if person is not None and person != record.document.get("person_id"):
            raise of_another_person(record.kind, record.document["id"])

    # -- links --------------------------------------------------------------------------------

    def _check_links(self, record: Arriving) -> None:
        document = record.document
        if record.kind in ("interviews", "outcomes"):
            self._refuse_unless_members(record)
        links = [link for link in LINKS if link.kind == record.kind]
        in_meeting_file = TYPES_BY_NAME[record.kind].in_meeting_file
        # Links to a person or a meeting (not the parent's own), and from the network file to a memo
        # entry (an outcome's), name one of the same group.
        for names in ("people", "meetings") if in_meeting_file else ("people", "meetings", "memo"):
            for link in links:
                if link.names == names:
                    for target in linked_ids(document.get(link.field)):
                        self._refuse_unless_of_group(record, link.field, target, names)
        for revision in document.get("revisions") or [] if record.kind == "memo" else []:
            for link in links:
                if link.in_revisions:
                    for target in linked_ids(revision.get(link.field)):
                        self._refuse_unless_of_group(record, link.field, target, link.names)
        # Links into the meeting's own file (an agenda item, a memo entry) name one of its meeting.
        for link in links if in_meeting_file else []:
            if TYPES_BY_NAME[link.names].in_meeting_file:
                self._refuse_unless_in_meeting(record, link.field, link.names)

    def _refuse_unless_members(self, record: Arriving) -> None:
        """An interview or outcome is of a member, and an outcome's members involved are members
        (a person found neither here nor in the bundle may come later, or was erased: kept)."""
        document = record.document
        for person in [document.get("person_id"), *linked_ids(document.get("involved"))]:
            if self._roles.get(str(person), "member") != "member":
                raise BundleRefused(
                    _(
                        "The bundle holds an interview or outcome that names someone who is not a member ({kind} {id}:"
                        " {person}). Nothing was imported. Only members are interviewed and have outcomes. Ask whoever"
                        " made the bundle to check that record."
                    ).format(kind=kind_label(record.kind), id=short_id(document["id"]), person=short_id(str(person)))
                )

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


def _without_parent(name: str, document: Document) -> BundleRefused:
    """An absence, interview or outcome whose person, or a record whose meeting, is neither in the
    bundle nor here (an incremental bundle that needs one before it)."""
    if name in PERSON_KINDS:
        message = _(
            "The bundle holds a record of a person neither in it nor in this workspace ({kind} {id}). "
            "Nothing was imported. Ask for a full bundle."
        )
    else:
        message = _(
            "The bundle holds a record of a meeting neither in it nor in this workspace ({kind} {id}). "
            "Nothing was imported. Ask for a full bundle."
        )
    return BundleRefused(message.format(kind=kind_label(name), id=short_id(document["id"])))


def linked_ids(value: Any) -> Iterator[str]:
    """The ids a link field names: one, a list of them, or none ("")."""
    if isinstance(value, str):
        if value:
            yield value
    elif isinstance(value, list):
        yield from (item for item in value if isinstance(item, str) and item)
