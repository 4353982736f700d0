"""The memo entries a search looks through, read from the workspace's meeting files (see
:mod:`facilitator.search` for the rules and the index, which lives in memory only).

A search wants, of each entry, only its id, time, text, kind and codes, and of the researchers'
re-codes only the codes: it reads those from the stored documents as they are, without making a
whole record of each (twenty years of a network are thirty-five thousand entries, and making the
records was most of the first search's time). It checks every field it reads: a document that
holds none of the right type makes its file damaged, as a whole record's check would.
"""

from __future__ import annotations

from collections.abc import Iterable, KeysView
from datetime import datetime
from typing import Any

from facilitator.model import Group, Meeting, MemoKind
from facilitator.placing import PLACED_FIELDS, Unplaceable, placeable
from facilitator.search import MemoFields, SearchableEntry, searchable_meeting_entries
from storage.atomic import check_tinydb_shape, read_json
from storage.backups import newest_backup
from storage.bulk_reading import collector_held_back
from storage.errors import DamagedFile
from storage.network_records import read_held_meetings
from storage.repository import Repository

_KINDS: dict[object, MemoKind] = dict(MemoKind._value2member_map_)


@collector_held_back()
def read_searchable_entries(
    repository: Repository, groups: Iterable[Group] | None = None, damaged: list[DamagedFile] | None = None
) -> list[SearchableEntry]:
    """The memo entries of every held meeting of ``groups`` (None: every group of the workspace),
    removed entries left out, as the history and the analysis count them. Each file is read once
    and not kept. A damaged file raises :class:`DamagedFile`; given a ``damaged`` list, it is put
    there instead and its meeting left out, as the analysis does."""

    def read(group: Group, meeting: Meeting) -> list[SearchableEntry]:
        path = repository.workspace.meeting_path(meeting.id)
        tables = read_json(path)
        try:
            memo, recoded, aside = _memo_fields(tables)
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            check_tinydb_shape(path, tables)  # a file not of tables of records is told so
            reason = f"without {error.args[0]}" if isinstance(error, KeyError) else str(error)
            raise DamagedFile(path, reason, newest_backup(repository.workspace.folder)) from error
        for entry_id, field, moment in aside:
            repository.note_set_aside(Unplaceable("memo", entry_id, field, moment, group.id, "", meeting.id))
        return list(searchable_meeting_entries(group, meeting, memo, recoded))

    entries: list[SearchableEntry] = []
    for _group, _meetings, found in read_held_meetings(repository, read, groups, damaged=damaged):
        for meeting_entries_read in found.values():
            entries += meeting_entries_read
    return entries


def _memo_fields(tables: Any) -> tuple[list[MemoFields], KeysView[str], list[tuple[str, str, datetime]]]:
    """The entries not removed, in the order written, with a researcher's codes in place of an
    entry's own (as :func:`facilitator.model.effective_codes` reads them, here from the documents),
    the ids of the entries re-coded, and the entries set aside as the history sets them aside (a
    time that cannot be placed: id, field, time), of a meeting file's tables; ``KeyError``,
    ``TypeError`` or ``ValueError`` where a field is missing or wrong."""
    lines: list[tuple[datetime, str, MemoFields]] = []
    aside: list[tuple[str, str, datetime]] = []
    for document in _table(tables, "memo"):
        if _flag(document):
            continue
        entry_id, text, codes = document["id"], document["text"], document["codes"]
        written_at = datetime.fromisoformat(document["written_at"])
        if written_at.tzinfo is None:
            raise ValueError("MemoEntry.written_at: time without time zone")
        if entry_id.__class__ is not str or text.__class__ is not str or not _texts(codes):
            raise ValueError("MemoEntry: id, text or codes of the wrong type")
        if (unplaced := _unplaced(document, written_at)) is not None:
            aside.append((entry_id, *unplaced))
            continue
        lines.append((written_at, entry_id, (entry_id, written_at, text, _KINDS[document["kind"]], codes)))
    lines.sort(key=lambda line: (line[0], line[1]))
    recodes: dict[str, list[str]] = {}
    for document in _table(tables, "codings"):
        if _flag(document):
            continue
        entry_id, codes = document["entry_id"], document["codes"]
        if entry_id.__class__ is not str or not _texts(codes):
            raise ValueError("Coding: entry_id or codes of the wrong type")
        recodes[entry_id] = codes
    memo = [
        (entry_id, written_at, text, kind, recodes.get(entry_id, codes))
        for _written, _id, (entry_id, written_at, text, kind, codes) in lines
    ]
    return memo, recodes.keys(), aside


def _unplaced(document: dict[str, Any], written_at: datetime) -> tuple[str, datetime] | None:
    """The first placed time of a memo entry's document that cannot be placed (the fields of
    :data:`facilitator.placing.PLACED_FIELDS`, as the history checks them), with its field; None for
    an entry as saved. ``written_at`` is the entry's writing time, already read."""
    for field in PLACED_FIELDS["MemoEntry"]:
        stored = document.get(field)
        if field == "written_at":
            moment: datetime | None = written_at
        elif stored.__class__ is str:
            moment = datetime.fromisoformat(stored)
        else:
            moment = None
        if moment is not None and moment.tzinfo is not None and not placeable(moment):
            return field, moment
    return None


def _table(tables: Any, name: str) -> Iterable[dict[str, Any]]:
    table = tables.get(name, {})
    if table.__class__ is not dict or not all(document.__class__ is dict for document in table.values()):
        raise ValueError(f"table “{name}” does not hold records")
    documents: Iterable[dict[str, Any]] = table.values()
    return documents


def _flag(document: dict[str, Any]) -> bool:
    """Whether the document is a removed one (``deleted``, which must be a flag)."""
    deleted = document["deleted"]
    if deleted.__class__ is not bool:
        raise ValueError("deleted: expected bool")
    return bool(deleted)


def _texts(value: Any) -> bool:
    return value.__class__ is list and all(item.__class__ is str for item in value)
