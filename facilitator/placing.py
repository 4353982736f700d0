"""Stored records whose times cannot be placed on a calendar, told apart once for every output.

A record saved before the import checked its times (see :func:`facilitator.record_rules.in_range`)
may hold a moment such as the last millisecond of year 9999: placed in a group's time zone, it
overflows, and every report, export and screen that read it stopped. The readers of stored records
(:class:`storage.collection.Collection`, a meeting's own file read whole) set such a record aside
with :func:`unplaceable`; the outputs then name it as a problem (:func:`set_aside_notice`) and go
on with the rest.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from facilitator.i18n import _, ngettext

#: Safely inside the range of :func:`~facilitator.record_rules.in_range` (1900–2200 in every time
#: zone): a time between these needs no further look, so the check of a hundred thousand records
#: read for a report stays a few comparisons each; only the rare time outside asks the rule itself.
_SURELY_AFTER = datetime(1901, 1, 1, tzinfo=UTC)
_SURELY_BEFORE = datetime(2200, 1, 1, tzinfo=UTC)
_SURELY_AFTER_DAY = _SURELY_AFTER.date()
_SURELY_BEFORE_DAY = _SURELY_BEFORE.date()


@dataclass(frozen=True)
class Unplaceable:
    """A record set aside: its kind, its id and the time of it that cannot be placed."""

    kind: str  # the kind of record in the user's words ("meeting")
    record_id: str
    field: str
    value: date | datetime
    group_id: str = ""  # the group it belongs to, where the record names it
    person_id: str = ""  # the person it is of, where it names one (an absence)

    def __str__(self) -> str:
        return _("{kind} {id} ({field} {value})").format(
            kind=self.kind, id=self.record_id[:8], field=self.field, value=self.value.isoformat()
        )


def _kind(record: object) -> str:
    """The kind of ``record`` in the words the import's refusals use."""
    return {
        "Group": _("group"),
        "Person": _("person"),
        "Meeting": _("meeting"),
        "Absence": _("absence"),
        "AgendaItem": _("agenda item"),
        "Attendance": _("attendance"),
        "MemoEntry": _("memo entry"),
        "FeedbackResponse": _("feedback"),
        "Coding": _("coding"),
    }.get(type(record).__name__, type(record).__name__)


@functools.cache
def _time_fields(cls: type) -> tuple[str, ...]:
    """The fields of a record class that may hold a day, a moment, or records or lists that do."""
    return tuple(
        field.name
        for field in dataclasses.fields(cls)
        if any(word in str(field.type) for word in ("date", "Pattern", "Recording", "Revision"))
    )


@functools.cache
def surely_placeable(cls: type) -> Callable[[Any], bool]:
    """One function per record class that tells, in straight-line code (a comparison per time, no
    loop over the fields, no call), that every time of a record lies well inside the range: the
    network's views check a hundred thousand records. False sends the record to the careful look
    (:func:`unplaceable`); a reader of many records of one class asks for it once."""
    hints = typing.get_type_hints(cls)
    namespace: dict[str, Any] = {"low": _SURELY_AFTER, "high": _SURELY_BEFORE}
    namespace.update(low_day=_SURELY_AFTER_DAY, high_day=_SURELY_BEFORE_DAY)
    lines = ["def check(record):"]
    for number, name in enumerate(_time_fields(cls)):
        hint = hints[name]
        if typing.get_origin(hint) in (typing.Union, types.UnionType):
            (hint,) = [option for option in typing.get_args(hint) if option is not type(None)]
        lines.append(f"    v = record.{name}")
        if hint is datetime:
            lines.append("    if v is not None and not (low <= v < high): return False")
        elif hint is date:
            lines.append("    if v is not None and not (low_day <= v < high_day): return False")
        elif typing.get_origin(hint) is list and typing.get_args(hint)[0] is date:
            lines.append("    for item in v:")
            lines.append("        if not (low_day <= item < high_day): return False")
        elif typing.get_origin(hint) is list:
            namespace[f"inner{number}"] = surely_placeable(typing.get_args(hint)[0])
            lines.append("    for item in v:")
            lines.append(f"        if not inner{number}(item): return False")
        else:
            namespace[f"inner{number}"] = surely_placeable(hint)
            lines.append(f"    if v is not None and not inner{number}(v): return False")
    lines.append("    return True")
    exec("\n".join(lines), namespace)  # the source is made above from the class's own fields
    check: Callable[[Any], bool] = namespace["check"]
    return check


def unplaceable(record: object) -> Unplaceable | None:
    """The first time of ``record`` (its own fields, its recordings, earlier wordings, a pattern's
    skipped days) that cannot be placed in every time zone; None for a record as the app saves it."""
    if surely_placeable(type(record))(record):  # type: ignore[arg-type]  # hashable: python/mypy#11470
        return None
    found = _first_unplaceable(record, "")
    if found is None:
        return None
    field, value = found
    return Unplaceable(
        _kind(record),
        str(getattr(record, "id", "")),
        field,
        value,
        str(getattr(record, "group_id", "")),
        str(getattr(record, "person_id", "")),
    )


def _first_unplaceable(owner: object, path: str) -> tuple[str, date | datetime] | None:
    for name in _time_fields(type(owner)):  # type: ignore[arg-type]  # hashable: python/mypy#11470
        value = getattr(owner, name)
        if value is None:
            continue
        if isinstance(value, datetime):
            if not (_SURELY_AFTER <= value < _SURELY_BEFORE) and not _in_range(value):
                return path + name, value
        elif isinstance(value, date):
            if not (_SURELY_AFTER_DAY <= value < _SURELY_BEFORE_DAY) and not _in_range(value):
                return path + name, value
        else:
            for item in value if isinstance(value, list) else [value]:
                inner = (
                    _first_unplaceable(item, f"{path}{name}.")
                    if dataclasses.is_dataclass(item)
                    else _first_unplaceable_value(item, f"{path}{name}")
                )
                if inner is not None:
                    return inner
    return None


def _first_unplaceable_value(value: object, path: str) -> tuple[str, date | datetime] | None:
    if isinstance(value, date) and not _in_range(value):
        return path, value
    return None


def _in_range(value: date | datetime) -> bool:
    from facilitator.record_rules import in_range  # only for the rare time near or past the bounds

    return in_range(value)


def set_aside_notice(set_aside: Sequence[Unplaceable]) -> str:
    """What every output says of the records it left out (``set_aside`` holds at least one): as the
    meeting files left out damaged are told (:func:`storage.errors.left_out`)."""
    return ngettext(
        "{count} record has a time that cannot be placed on a calendar (before 1900 or after 2200) and is "
        "left out: {records}",
        "{count} records have a time that cannot be placed on a calendar (before 1900 or after 2200) and are "
        "left out: {records}",
        len(set_aside),
    ).format(count=len(set_aside), records=", ".join(str(record) for record in set_aside[:5]))
