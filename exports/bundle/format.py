"""What a bundle holds: its name and version, its member files and the kinds of records in them.

Documented for other programs in ``docs/bundle-format.md``; a change here changes the format.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TypedDict

from facilitator.model import (
    Absence,
    AgendaItem,
    Attendance,
    Coding,
    FeedbackResponse,
    Group,
    Interview,
    Meeting,
    MemoEntry,
    Outcome,
    Person,
    Record,
)

FORMAT_NAME = "microentre-bundle"
#: 2: a person's tombstone may carry an erasure (``erased_salt``, ``erased_marks``: see
#: :mod:`facilitator.erasure`), which a reader that ignored it would undo.
#: 3: sealed (see :mod:`exports.bundle.sealed`): the records and the names are encrypted, the
#: manifest keeps only what opening needs. Versions 1 and 2 (signed, in the clear) are still read.
#: 4: two more kinds of records, ``interviews`` and ``outcomes`` (each tied to its person). A
#: reader of version 3 would refuse their member files as unknown, saying the manifest is
#: malformed; told of version 4, it says the bundle was made by a newer version of the app.
#: Versions 1 to 3 are still read; one that lists a member file of the new kinds is refused.
#: 5: a meeting's recordings name their sound (``audio_file``, ``audio_seconds``, ``attached``,
#: ``pauses``: see :class:`facilitator.model.meeting.Recording`; the sound itself never travels in
#: a bundle). A reader of version 4 would import the meeting without them, silently, and its
#: next bundle would take them from every laptop that imports it; told of version 5, it says the
#: bundle was made by a newer version of the app. Versions 1 to 4 are still read (their
#: recordings hold no sound).
FORMAT_VERSION = 5
#: The first version whose bundles hold interviews and outcomes.
DEVELOPMENT_SINCE = 4
#: The kinds of records that version brought.
DEVELOPMENT_KINDS = ("interviews", "outcomes")
#: The last version signed with an HMAC and not sealed.
LAST_SIGNED_VERSION = 2
SUFFIX = ".mebundle"
MANIFEST = "manifest.json"
#: Version 3: each group's seal of the bundle's content key.
SEALS = "seals.json"
#: Version 3: what the bundle says of itself, sealed (:class:`BundleDetails`).
CONTENTS = "contents.json"
#: Versions 1 and 2: each group's HMAC of the manifest.
SIGNATURE = "signature.json"
SIGNATURE_ALGORITHM = "HMAC-SHA256"

#: Limits a bundle must keep: far above what real groups make (the demo's three groups over twenty
#: years, full: 3.6 MB of records, 5,509 of them; with every year's meetings in detail, as the
#: benchmarks make them: 12.6 MB, 19,535 records, 37 MB once read, the largest record 1.2 KB),
#: far below what would exhaust a laptop's memory or disk (an import of a bundle at every limit
#: stays under 200 MB: ``bench/import_limits.py``).
MAX_MANIFEST_BYTES = 1 << 20
#: All the records of one bundle, unpacked: what its members hold in the clear.
MAX_RECORD_BYTES = 48 << 20
#: All the records of one bundle as the reader holds them once parsed, estimated as they come
#: (:func:`exports.bundle.record_lines.held_bytes`): a record of many short values (a thousand
#: one-letter strings, small objects) takes up to ten times its bytes once parsed, which the limit
#: of unpacked records alone would let grow past the memory an import may take.
MAX_HELD_BYTES = 80 << 20
#: Records (versions of records) in one bundle, all kinds together.
MAX_RECORDS = 50_000
#: One record: one line of a member file (a memo entry of 20,000 characters with a hundred earlier
#: wordings as long stays under it).
MAX_LINE_BYTES = 4 << 20
#: One member, as stored in the zip and unpacked: never more than all the records.
MAX_MEMBER_BYTES = MAX_RECORD_BYTES
#: Every member as stored in the zip and unpacked (the records, the manifest, the seals, the
#: sealed contents): what the zip's headers may state and what is read from it.
MAX_TOTAL_BYTES = MAX_RECORD_BYTES + 4 * MAX_MANIFEST_BYTES
MAX_COMPRESSION_RATIO = 200
MAX_ENTRIES = 32

#: A record kept only by this workspace, never sent: when it arrived here (for incremental bundles).
RECEIVED_AT = "received_at"


class Audience(StrEnum):
    """Whom a bundle is for, which decides what personal data it may hold (DESIGN §5)."""

    COORDINATOR = "coordinator"
    GROUP = "group"


class Scope(StrEnum):
    FULL = "full"
    INCREMENTAL = "incremental"


class NamedGroup(TypedDict):
    id: str
    name: str


class BundleDetails(TypedDict):
    """What a sealed bundle says of itself inside its seal (``contents.json``): the groups' names
    and how many records of each kind it holds are nobody's business but the key holders'."""

    app_version: str
    scope: str
    since: dict[str, str | None]
    groups: list[NamedGroup]
    counts: dict[str, int]
    records: dict[str, int]  # member file: how many records it holds


@dataclass(frozen=True)
class RecordType:
    """One kind of record: its member file, its class, and where it is kept in a workspace.

    ``parent`` names the field that ties a record to its group, directly (``group_id``) or through
    a person or meeting; ``in_meeting_file`` records live in the meeting's own file.
    """

    name: str
    cls: type[Record]
    parent: str | None
    in_meeting_file: bool = False

    @property
    def member(self) -> str:
        return f"records/{self.name}.jsonl"

    @property
    def table(self) -> str:
        return self.name


RECORD_TYPES: tuple[RecordType, ...] = (
    RecordType("groups", Group, None),
    RecordType("people", Person, "group_id"),
    RecordType("meetings", Meeting, "group_id"),
    RecordType("absences", Absence, "person_id"),
    RecordType("interviews", Interview, "person_id"),
    RecordType("outcomes", Outcome, "person_id"),
    RecordType("agenda", AgendaItem, "meeting_id", in_meeting_file=True),
    RecordType("attendance", Attendance, "meeting_id", in_meeting_file=True),
    RecordType("memo", MemoEntry, "meeting_id", in_meeting_file=True),
    RecordType("feedback", FeedbackResponse, "meeting_id", in_meeting_file=True),
    RecordType("codings", Coding, "meeting_id", in_meeting_file=True),
)
TYPES_BY_NAME = {record_type.name: record_type for record_type in RECORD_TYPES}
TYPES_BY_MEMBER = {record_type.member: record_type for record_type in RECORD_TYPES}
#: The kinds tied to their group through a person (``person_id``): they travel with their person.
PERSON_KINDS = tuple(record_type.name for record_type in RECORD_TYPES if record_type.parent == "person_id")


class ManifestFile(TypedDict):
    sha256: str
    bytes: int
    records: int


class ManifestSource(TypedDict):
    workspace_id: str


class Manifest(TypedDict):
    """A manifest as the reader gives it, whatever the version: the fields it checked and uses (it
    holds more, see ``docs/bundle-format.md``). A sealed bundle's group names and record counts come
    from inside its seal (:class:`BundleDetails`)."""

    format: str
    version: int
    bundle_id: str
    created_at: str
    source: ManifestSource
    audience: str
    groups: list[NamedGroup]
    files: dict[str, ManifestFile]
