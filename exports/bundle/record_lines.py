"""The records of one member file, read line by line as the member is unpacked: each line a
checked, normalised record of the member's kind, within the limits of one record and of the number
the bundle says the member holds, and no version of a record twice.

Nothing here holds a member's bytes whole: a line is parsed as soon as it is complete, so what an
import holds is the records, not their text besides.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Iterator

import orjson

from exports.bundle.archive import UUID, BundleRefused, Room, short_id
from exports.bundle.format import MAX_LINE_BYTES, MAX_RECORDS, RecordType
from exports.bundle.merge import Document
from exports.bundle.record_checks import link_label
from facilitator.dates import format_count
from facilitator.i18n import _
from facilitator.model import Group
from facilitator.model.group import is_time_zone
from storage.codec import from_document, to_document

#: A key of a version vector: a workspace id, or one with a branch (see storage.repository).
_VERSION_KEY = re.compile(UUID.pattern + r"(?::[0-9a-f]{8})?")
#: Fields the reader needs as record ids before any rule is asked: the parents that place a record
#: (its group, person or meeting, which names a file) and a coding's memo entry (its id is made of
#: it). The other links are asked by check_record (:data:`exports.bundle.record_checks.LINKS`).
_ID_FIELDS = ("group_id", "person_id", "meeting_id", "entry_id")

#: What is asked of each record as soon as its line is parsed (it raises BundleRefused): a record
#: that would be refused is refused before the next is read, and before it is kept.
RecordCheck = Callable[[RecordType, Document], None]


def member_lines(chunks: Iterable[bytes], member: str) -> Iterator[bytes]:
    """The lines of a member as its bytes come, none longer than a record may be. Each chunk is
    searched once: a line spread over many chunks is not scanned again at each (a 4 MB line in
    64 KiB chunks scanned 130 MB)."""
    pending = bytearray()
    number = 0
    for chunk in chunks:
        searched = len(pending)  # what came before holds no line's end
        pending += chunk
        start = 0
        while (end := pending.find(b"\n", max(start, searched))) != -1:
            line = bytes(pending[start:end])
            start = end + 1
            number += 1
            _refuse_if_long(line, number, member)
            if number > MAX_RECORDS:  # blank lines too: each costs a turn of the loop
                raise BundleRefused(
                    _(
                        "{name} holds more than {most} lines, more than a bundle holds records: the bundle was not "
                        "made by this app. Ask for the file again."
                    ).format(name=member, most=format_count(MAX_RECORDS))
                )
            yield line
        del pending[:start]
        _refuse_if_long(pending, number + 1, member)
    if pending:
        yield bytes(pending)


def _refuse_if_long(line: bytes | bytearray, number: int, member: str) -> None:
    if len(line) > MAX_LINE_BYTES:
        raise BundleRefused(
            _(
                "Record {number} of {name} is larger than {size} MB, more than one record may be: "
                "the bundle was not made by this app. Ask for the file again."
            ).format(number=number, name=member, size=format_count(MAX_LINE_BYTES >> 20))
        )


def member_records(
    record_type: RecordType,
    chunks: Iterable[bytes],
    member: str,
    declared: int,
    check: RecordCheck = lambda record_type, document: None,
    held: Room | None = None,
) -> list[Document]:
    """Each line of a member as a checked, normalised document of ``record_type``: no more than the
    ``declared`` number of records (counted as they come, so a member that holds more stops there),
    each passing ``check`` before it is kept and its memory (:func:`held_bytes`) taken from
    ``held``, and no version of a record twice (the versions of a record in conflict travel
    together, each once)."""
    documents: list[Document] = []
    seen: set[tuple[str, tuple[tuple[str, int], ...]]] = set()
    for number, line in enumerate(member_lines(chunks, member), start=1):
        if not line.strip():
            continue
        if len(documents) == declared:
            raise miscounted(member)
        normalised = _record(record_type, line, number, member)
        check(record_type, normalised)
        if held is not None:
            held.take(held_bytes(normalised), member)
        # Not the vector as JSON: orjson's bytes keep kilobytes of room each, a set of them hundreds of MB.
        version = (normalised["id"], tuple(sorted(normalised["versions"].items())))
        if version in seen:
            raise BundleRefused(
                _(
                    "{name} holds record {id} twice: the bundle was not made by this app. Ask for the file again."
                ).format(name=member, id=short_id(normalised["id"]))
            )
        seen.add(version)
        documents.append(normalised)
    if len(documents) != declared:
        raise miscounted(member)
    return documents


def held_bytes(document: Document) -> int:
    """About what a parsed record takes in memory: each object of it, and the values every record
    shares (None, True, small numbers) as nothing; keys only where they are the record's own (its
    version vector's), not its fields' names, which every record shares. A list of a thousand
    one-letter texts is 4 KB of JSON and 58 KB here; a thousand small objects, ten times their JSON."""
    versions = document.get("versions")
    own_keys = sum(sys.getsizeof(key) for key in versions) if isinstance(versions, dict) else 0
    return _value_bytes(document) + own_keys


def _value_bytes(value: object) -> int:
    if value is None or isinstance(value, bool) or (type(value) is int and -5 <= value <= 256):
        return 0
    size = sys.getsizeof(value)
    if isinstance(value, dict):
        size += sum(_value_bytes(item) for item in value.values())
    elif isinstance(value, list):
        size += sum(_value_bytes(item) for item in value)
    return size


def miscounted(member: str) -> BundleRefused:
    """The refusal of a member that holds another number of records than the bundle says it does
    (it stops at the first record over, or at its end)."""
    return BundleRefused(_("{name} holds another number of records than its manifest says.").format(name=member))


class _Malformed(ValueError):
    """What is wrong with a record's shape, in the user's language."""


def _record(record_type: RecordType, line: bytes, number: int, member: str) -> Document:
    try:
        document = orjson.loads(line)
        if not isinstance(document, dict):
            raise _Malformed(_("it is not a JSON object"))
        if "id" not in document:  # the record class would make up a new one
            raise _Malformed(_("it has no id"))
        record = from_document(record_type.cls, document)
        if isinstance(record, Group) and not is_time_zone(record.time_zone):
            raise _Malformed(_("its time zone is not one a clock knows"))
        normalised = to_document(record)
        _check_ids(normalised)
    except _Malformed as error:
        raise _malformed(number, member, str(error)) from None
    except orjson.JSONDecodeError:
        raise _malformed(number, member, _("it is not valid JSON")) from None
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as error:
        # Told by the record's class in its own (English) words: they name the field at fault.
        detail = _("a field is missing or holds a value of the wrong kind: {detail}").format(detail=error)
        raise _malformed(number, member, detail) from None
    return normalised


def _malformed(number: int, member: str, problem: str) -> BundleRefused:
    return BundleRefused(
        _("Record {number} of {name} is malformed ({problem}).").format(number=number, name=member, problem=problem)
    )


def _check_ids(document: Document) -> None:
    if not isinstance(document.get("id"), str) or not UUID.fullmatch(document["id"]):
        raise _Malformed(_("its id is not a record id"))
    for field in _ID_FIELDS:
        value = document.get(field)
        if value is not None and not (UUID.fullmatch(value) or (field == "person_id" and value == "")):
            raise _Malformed(_("its {link} is not a record id").format(link=link_label(field)))
    versions = document.get("versions")
    if not versions or not all(_VERSION_KEY.fullmatch(key) and count > 0 for key, count in versions.items()):
        raise _Malformed(_("it has no valid version vector"))
    if document.get("revision", 0) < 1 or not document.get("updated_at"):
        raise _Malformed(_("it is not a saved version"))
