"""Stored records whose times cannot be placed on a calendar, told apart once for every output.

A record saved before the import checked its times (see :func:`facilitator.model.ranges.in_range`)
may hold a moment such as the last millisecond of year 9999: placed in a group's time zone, it
overflows, and every report, export and screen that read it stopped. The readers of stored records
(:class:`storage.collection.Collection`, a meeting's own file read whole) set such a record aside
with :func:`unplaceable`; the outputs then name it as a problem (:func:`set_aside_notice`) and go
on with the rest.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from facilitator.dates import format_count, format_date
from facilitator.i18n import _, ngettext, pgettext
from facilitator.model.ranges import EARLIEST_MOMENT, LATEST_MOMENT, in_range

#: Safely inside the range of :func:`~facilitator.model.ranges.in_range` (1900–2200 in every time
#: zone): a time between these needs no further look, so the check of a hundred thousand records
#: read for a report stays a few comparisons each; only the rare time outside asks the rule itself.
_SURELY_AFTER = datetime(1901, 1, 1, tzinfo=UTC)
_SURELY_BEFORE = datetime(2200, 1, 1, tzinfo=UTC)


#: The fields an output PLACES on a calendar or a clock (a moment turned into a group's local day or
#: time), by record class: only these can overflow, so only these set a record aside. A list holds
#: records whose own placed fields are checked (a meeting's recordings).
PLACED_FIELDS: dict[str, tuple[str, ...]] = {
    "Meeting": ("starts_at", "ends_at", "started_at", "closed_at", "recordings"),
    "Recording": ("started_at", "stopped_at"),
    "MemoEntry": ("written_at", "closed_at"),
    "AgendaItem": ("started_at", "ended_at"),
    "Attendance": ("arrived_at",),
}
#: The day and moment fields no output places, and why: a day alone (joined, a due day, a skipped
#: day, an absence, an interview's or an outcome's day) is compared and written, never moved to
#: another zone; the sync metadata (created_at, updated_at) is compared and written as stored. Such
#: a value never sets a record aside (a group or a person never is): every date field of a record
#: class is in one of these two tables (tests/test_unplaceable.py), so a new one cannot be skipped
#: unseen.
NOT_PLACED_FIELDS: dict[str, tuple[str, ...]] = {
    "Group": ("created_at", "updated_at", "pattern"),
    "MeetingPattern": ("skip_dates",),
    "Person": ("created_at", "updated_at", "joined", "left", "audio_consent", "research_consent", "contact_consent"),
    "Meeting": ("created_at", "updated_at"),
    "Absence": ("created_at", "updated_at", "starts", "ends"),
    "Interview": ("created_at", "updated_at", "day"),
    "Outcome": ("created_at", "updated_at", "day"),
    "AgendaItem": ("created_at", "updated_at"),
    "Attendance": ("created_at", "updated_at", "audio_consent"),
    "MemoEntry": ("created_at", "updated_at", "due", "revisions"),
    "MemoRevision": ("due", "replaced_at"),
    "FeedbackResponse": ("created_at", "updated_at"),
    "Coding": ("created_at", "updated_at"),
}

#: The kind of each record class as the bundle's tables name it (:func:`~facilitator.record_rules.kind_label`).
_TABLES = {"Meeting": "meetings", "MemoEntry": "memo", "AgendaItem": "agenda", "Attendance": "attendance"}


def _field_labels() -> dict[str, str]:
    return {
        "starts_at": pgettext("a time of a record", "start"),
        "ends_at": pgettext("a time of a record", "end"),
        "started_at": pgettext("a time of a record", "started"),
        "closed_at": pgettext("a time of a record", "closed"),
        "recordings.started_at": pgettext("a time of a record", "recording started"),
        "recordings.stopped_at": pgettext("a time of a record", "recording stopped"),
        "written_at": pgettext("a time of a record", "written"),
        "ended_at": pgettext("a time of a record", "ended"),
        "arrived_at": pgettext("a time of a record", "arrived"),
    }


@dataclass(frozen=True)
class Unplaceable:
    """A record set aside: its kind, its id and the time of it that cannot be placed."""

    kind: str  # the record's table ("meetings"), see :func:`facilitator.record_rules.kind_label`
    record_id: str
    field: str
    value: date | datetime
    group_id: str = ""  # the group it belongs to, where the record names it
    person_id: str = ""  # the person it is of, where it names one
    meeting_id: str = ""  # the meeting it belongs to (a memo entry, an agenda item, an attendance row)
    #: What is told beside it: a meeting's group and day, or how many of its own records go with it.
    detail: str = ""

    def __str__(self) -> str:
        from facilitator.record_rules import kind_label

        value = self.value.isoformat(timespec="minutes") if isinstance(self.value, datetime) else self.value.isoformat()
        told = _("{kind} {id} ({field}: {value})").format(
            kind=kind_label(self.kind),
            id=self.record_id[:8],
            field=_field_labels().get(self.field, self.field),
            value=value,
        )
        return f"{told} {self.detail}" if self.detail else told


def _placed(owner: object) -> Iterator[tuple[str, object]]:
    for name in PLACED_FIELDS.get(type(owner).__name__, ()):
        yield name, getattr(owner, name)


@functools.cache
def surely_placeable(cls: type) -> Callable[[Any], bool]:
    """One function per record class that tells, by a few comparisons, that every placed time of a
    record lies well inside the range: the network's views check a hundred thousand records. False
    sends the record to the careful look (:func:`unplaceable`); a reader of many records of one
    class asks for it once."""
    names = PLACED_FIELDS.get(cls.__name__, ())
    moments = [name for name in names if name != "recordings"]
    if not names:
        return lambda record: True
    read = operator.attrgetter(*moments)
    recordings = "recordings" in names
    low, high = _SURELY_AFTER, _SURELY_BEFORE

    def check(record: Any) -> bool:
        values = read(record)
        for value in values if len(moments) > 1 else (values,):
            if value is not None and not (low <= value < high):
                return False
        if recordings:
            for recording in record.recordings:
                if not (low <= recording.started_at < high):
                    return False
                if recording.stopped_at is not None and not (low <= recording.stopped_at < high):
                    return False
        return True

    return check


def unplaceable(record: object) -> Unplaceable | None:
    """The first placed time of ``record`` (see :data:`PLACED_FIELDS`) that cannot be placed in every
    time zone; None for a record as the app saves it, and always for a kind no output places."""
    if surely_placeable(type(record))(record):  # type: ignore[arg-type]  # hashable: python/mypy#11470
        return None
    found = _first_unplaceable(record, "")
    if found is None:
        return None
    field, value = found
    return Unplaceable(
        _TABLES.get(type(record).__name__, type(record).__name__),
        str(getattr(record, "id", "")),
        field,
        value,
        str(getattr(record, "group_id", "")),
        str(getattr(record, "person_id", "")),
        str(getattr(record, "meeting_id", "")),
    )


def _first_unplaceable(owner: object, path: str) -> tuple[str, date | datetime] | None:
    for name, value in _placed(owner):
        if isinstance(value, datetime):
            if not in_range(value):
                return path + name, value
        elif isinstance(value, list):
            for item in value:
                if (inner := _first_unplaceable(item, f"{path}{name}.")) is not None:
                    return inner
    return None


def placeable(moment: datetime) -> bool:
    """Whether ``moment`` can be placed in every time zone: a comparison for a moment well inside
    the range, the rule itself only near or past its bounds (for a reader of stored documents)."""
    return _SURELY_AFTER <= moment < _SURELY_BEFORE or in_range(moment)


#: How many records a notice names; the rest are counted ("and 3 more").
NAMED_AT_MOST = 5


def set_aside_notice(set_aside: Sequence[Unplaceable], *, named: int = NAMED_AT_MOST, advice: bool = True) -> str:
    """What every output says of the records it left out (``set_aside`` holds at least one): how
    many, the first ``named`` of them, how many more, and what to do."""
    told = [str(record) for record in set_aside[:named]]
    if len(set_aside) > named:
        rest = len(set_aside) - named
        told.append(ngettext("and {count} more", "and {count} more", rest).format(count=format_count(rest)))
    notice = ngettext(
        "{count} record has a time that cannot be placed on a calendar (outside {first} – {last}, UTC) and is "
        "left out: {records}.",
        "{count} records have a time that cannot be placed on a calendar (outside {first} – {last}, UTC) and are "
        "left out: {records}.",
        len(set_aside),
    ).format(
        count=format_count(len(set_aside)),
        first=format_date(EARLIEST_MOMENT.date()),
        last=format_date(LATEST_MOMENT.date()),
        records="; ".join(told),
    )
    if advice:
        notice += " " + _(
            "These were let in by an earlier version; they are kept as they are. "
            "Send this list to whoever supports the app."
        )
    return notice


def set_aside_toast(set_aside: Sequence[Unplaceable]) -> str:
    """The short notice a screen shows once a session (the first record and how many more); the
    whole list is in the network report's notes and on the commands' error output."""
    return set_aside_notice(set_aside, named=1, advice=False)
