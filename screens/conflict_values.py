"""What the Conflicts screen shows of a record and of the values its versions disagree on, in the
user's words: a person's name and the day for an interview or outcome, each field under the label
every record's field goes by, a scale by its translated label, barriers with their notes, and the
records an id list names by their names, days and themes or words."""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from datetime import date, datetime
from enum import Enum
from typing import Any

from facilitator.dates import format_date, format_time
from facilitator.i18n import _
from facilitator.interview_answers import named_barriers_text, staff_text
from facilitator.local_time import local_day, local_moment
from facilitator.model import Interview, Meeting, MemoEntry, Outcome, Person, Record
from facilitator.model.labels import field_label
from facilitator.outcome_links import one_line
from facilitator.timeline import meeting_text
from storage.errors import StorageError
from storage.repository import Repository

#: Characters of a memo entry's words naming it in a list.
ENTRY_WORDS = 40


def record_label(record: Record, time_zone: str, person_name: Callable[[str], str] | None = None) -> str:
    """A few words that say which record it is: a name, a date (a meeting's, on the calendar of
    ``time_zone``, the group's), the start of a memo line; an interview's or outcome's person (by
    ``person_name``) and day."""
    if isinstance(record, Interview | Outcome) and person_name is not None:
        return _("{name}, {day}").format(name=person_name(record.person_id), day=format_date(record.day))
    for field in ("name", "title", "text", "guest_name", "comment"):
        value = getattr(record, field, "")
        if value:
            return str(value)
    for field in ("starts_at", "starts"):
        value = getattr(record, field, None)
        if value is not None:
            return format_date(local_day(value, time_zone) if isinstance(value, datetime) else value)
    return record.id[:8]


def shown_field(record: Record, field: str) -> str:
    """The label of ``field`` of ``record`` as every record's field is named."""
    return field_label(type(record), field)


class ValueNames:
    """The values of one group's records in words: people by name, meetings by day and theme,
    memo entries by their first words. Made once per screen: people and meetings are read when
    first named, each meeting's memo only until the entries named are found."""

    def __init__(self, repository: Repository, group_id: str, time_zone: str) -> None:
        self._repository = repository
        self._group_id = group_id
        self._time_zone = time_zone
        self._people: dict[str, str] | None = None
        self._meetings: dict[str, str] | None = None
        self._entries: dict[str, str] = {}
        #: The meetings whose memo is not read yet, the newest last (read first); None: not listed yet.
        self._unread: list[Meeting] | None = None

    def person(self, person_id: str) -> str:
        if self._people is None:
            self._people = {person.id: person.name for person in self._repository.people(self._group_id)}
        return self._people.get(person_id) or person_id[:8]

    def _meeting_words(self, meeting: Meeting) -> str:
        return meeting_text(local_day(meeting.starts_at, self._time_zone), meeting.theme)

    def _meeting(self, meeting_id: str) -> str:
        if self._meetings is None:
            self._meetings = {
                meeting.id: self._meeting_words(meeting) for meeting in self._repository.meetings(self._group_id)
            }
        return self._meetings.get(meeting_id) or meeting_id[:8]

    def _entry(self, entry_id: str) -> str:
        if entry_id not in self._entries:
            self._read_memo_until(entry_id)
        return self._entries.get(entry_id) or entry_id[:8]

    def _read_memo_until(self, entry_id: str) -> None:
        """Read the memo of one meeting after another, newest first, until ``entry_id`` is among
        the entries read (a removed entry's meeting may be long ago; one never found reads them all)."""
        if self._unread is None:
            self._unread = sorted(self._repository.meetings(self._group_id), key=lambda meeting: meeting.starts_at)
        while self._unread and entry_id not in self._entries:
            meeting = self._unread.pop()
            try:
                entries = self._repository.memo(meeting.id)
            except StorageError:
                continue  # a meeting file that cannot be read: its entries go by their ids
            for entry in entries:
                self._entries[entry.id] = one_line(entry.text, ENTRY_WORDS)

    def settled(self, kept: Record) -> None:
        """A conflict settled by keeping ``kept``: a name, a meeting or an entry named from now on
        as it is kept."""
        if isinstance(kept, Person) and self._people is not None:
            self._people[kept.id] = kept.name
        elif isinstance(kept, Meeting) and self._meetings is not None:
            self._meetings[kept.id] = self._meeting_words(kept)
        elif isinstance(kept, MemoEntry) and kept.id in self._entries:
            self._entries[kept.id] = one_line(kept.text, ENTRY_WORDS)

    def text(self, kind: type[Record], field: str, value: Any) -> str:
        """A value of ``field`` of a ``kind`` record as :meth:`Conflict.differences` gives it (as
        stored: an enum by its value, a date in ISO), as the user reads it ("–" for none)."""
        if field == "deleted":
            return _("yes (removed)") if value else "–"
        if value in (None, "", [], {}):
            return "–"
        typed = _field_type(kind, field)
        if isinstance(typed, type) and issubclass(typed, Enum) and hasattr(typed, "label"):
            label = getattr(typed(value), "label", value) if value in typed._value2member_map_ else value
            return str(label)
        if field == "barriers" and isinstance(value, dict):
            return named_barriers_text(value)
        if field in _STAFF_FIELDS and isinstance(value, int | float) and not isinstance(value, bool):
            return staff_text(value)
        named = {"person_id": self.person, "involved": self.person, "meeting_ids": self._meeting}
        named["entry_ids"] = self._entry
        if field in named and isinstance(value, str | list):
            return ", ".join(map(named[field], [value] if isinstance(value, str) else value))
        if typed is date and isinstance(value, str):
            return format_date(date.fromisoformat(value))
        if typed is datetime and isinstance(value, str):
            moment = local_moment(datetime.fromisoformat(value), self._time_zone)
            return f"{format_date(moment.date())} {format_time(moment)}"
        if value is True:
            return _("yes")
        if value is False:
            return _("no")
        if isinstance(value, list):
            return ", ".join(map(str, value))
        return str(value)


#: The fields that hold a staff count, in full-time equivalents.
_STAFF_FIELDS = frozenset({"staff", "planned_staff", "staff_after"})


def _field_type(kind: type[Record], field: str) -> object:
    """The type a field of ``kind`` holds, without None (``date | None`` is ``date``)."""
    hint = _type_hints(kind).get(field)
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        (hint, *_others) = [option for option in typing.get_args(hint) if option is not type(None)] or [None]
    return hint


#: The fields' types of each record class, looked up once per class.
_TYPE_HINTS: dict[type, dict[str, object]] = {}


def _type_hints(kind: type) -> dict[str, object]:
    if kind not in _TYPE_HINTS:
        _TYPE_HINTS[kind] = typing.get_type_hints(kind)
    return _TYPE_HINTS[kind]
