"""Every rule a stored record must hold, whichever laptop it comes from: one entry point,
:func:`record_problems`, for a record of any kind as it arrives in a bundle.

It applies the rules of the forms and the domain by calling each record type's own validator
(never a copy of one), and what no form states but every stored record must hold: every date
and moment in the years :data:`EARLIEST_DAY`–:data:`LATEST_DAY` in every time zone, every text
and list within a size (see :data:`LONG_TEXT_FIELDS` and the limits below).

A stored record is not always as it was typed: a coordinator's copy of a person leaves out the
premises address and contact details and names a person without research consent by a
pseudonym; erasure writes "a former member" where a name was. So the validators are called in
their *stored* mode (``typed=False``): the completeness rules of a form ("a host needs a premises
address") and the typing limits on texts that such rewriting can lengthen (a feedback comment)
are the form's, not the import's; the size limits here bound those texts instead. A tombstone
(``deleted``, and an erased person's, with every personal field blank) is held only to the ranges,
the sizes and the structural rules (values no form could give: codes that are not codes, a
negative recording offset, usefulness 99, a meeting ending before it starts), not to a form's.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from enum import Enum
from typing import Any

from facilitator.i18n import _
from facilitator.model.problems import Problem
from facilitator.model.record import Record

EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2200, 12, 31)
#: A moment at least a day inside the bounds: its day is between them in every time zone (UTC
#: offsets stay under a day), and placing it in any zone never overflows.
_EARLIEST_MOMENT = datetime.combine(EARLIEST_DAY + timedelta(days=1), time.min, UTC)
_LATEST_MOMENT = datetime.combine(LATEST_DAY - timedelta(days=1), time.max, UTC)

#: Characters of a long free text (a memo entry and its earlier wordings, conclusions, notes, a
#: comment, a host's note, a reason): far above anything typed in a meeting, far below megabytes.
LONG_TEXT_MAX = 20_000
#: Characters of any other text (names, addresses, ids, codes, a rule, a time zone): above what
#: every form allows (a person's name 120, a group's 80, a guest's 120).
SHORT_TEXT_MAX = 500
#: Items of a list or mapping (memo people and codes, earlier wordings, recordings, skip dates,
#: members who declined, an erased person's marks, a record's version counts).
LIST_MAX = 1_000
#: The largest whole number a record holds (a position, minutes, seconds into a recording, counts).
NUMBER_MAX = 2**31 - 1

#: The fields that hold long free text; every other text is short.
LONG_TEXT_FIELDS = frozenset({"text", "conclusions", "notes", "comment", "host_note", "host_reason", "reason", "theme"})


def in_range(value: date | datetime) -> bool:
    """Whether ``value`` is a day from :data:`EARLIEST_DAY` to :data:`LATEST_DAY`, or an aware
    moment whose day lies between them in every time zone (so that placing it in any zone, as
    reports, calendars and exports do, never overflows)."""
    if isinstance(value, datetime):
        if value.utcoffset() is None:
            return False
        try:
            moment = value.astimezone(UTC)
        except OverflowError:
            return False
        return _EARLIEST_MOMENT <= moment <= _LATEST_MOMENT
    return EARLIEST_DAY <= value <= LATEST_DAY


def record_problems(record: Record, today: date) -> list[Problem]:
    """Every problem with ``record`` (of any kind) as a stored record: the size and range rules,
    its type's structural rules and, unless it is a tombstone, its forms' rules in stored mode.
    ``today`` is the latest day a "not in the future" rule accepts."""
    problems = list(_shape_problems(record))
    rules = _rules_of(record)
    for rule in rules:
        problems += rule(record, today)
    return problems


# -- sizes and ranges: one walk over every field ------------------------------------------------


def _shape_problems(record: Any) -> Iterator[Problem]:
    yield from _walk(record, "")


def _walk(value: Any, path: str) -> Iterator[Problem]:
    for field in dataclasses.fields(value):
        yield from _value_problems(getattr(value, field.name), f"{path}{field.name}", field.name)


def _value_problems(value: Any, path: str, name: str) -> Iterator[Problem]:
    if isinstance(value, Enum) or value is None:
        return
    if isinstance(value, bool):
        return
    if isinstance(value, str):
        most = LONG_TEXT_MAX if name in LONG_TEXT_FIELDS else SHORT_TEXT_MAX
        if len(value) > most:
            yield Problem(path, path, _("The text is longer than {count} characters.").format(count=most))
    elif isinstance(value, int):
        if abs(value) > NUMBER_MAX:
            yield Problem(path, path, _("The number is larger than {count}.").format(count=NUMBER_MAX))
    elif isinstance(value, date):
        if not in_range(value):
            yield Problem(
                path,
                path,
                _("The date is not between {first} and {last}.").format(
                    first=EARLIEST_DAY.isoformat(), last=LATEST_DAY.isoformat()
                ),
            )
    elif isinstance(value, list | dict):
        if len(value) > LIST_MAX:
            yield Problem(path, path, _("The list has more than {count} items.").format(count=LIST_MAX))
            return
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:
            if isinstance(key, str) and len(key) > SHORT_TEXT_MAX:
                yield Problem(path, path, _("The text is longer than {count} characters.").format(count=SHORT_TEXT_MAX))
            yield from _value_problems(item, f"{path}[{key}]", name)
    elif dataclasses.is_dataclass(value):
        yield from _walk(value, f"{path}.")


# -- each type's own rules ----------------------------------------------------------------------

Rule = Callable[[Any, date], list[Problem]]


def _rules_of(record: Record) -> list[Rule]:
    from facilitator.model import Absence, AgendaItem, Group, Person, validate_absence, validate_group, validate_person
    from facilitator.model.agenda import validate_item

    if record.deleted:
        return []
    match record:
        case Group():
            return [lambda group, _today: validate_group(group)]
        case Person():
            return [validate_person]
        case Absence():
            return [lambda absence, _today: validate_absence(absence)]
        case AgendaItem():
            return [lambda item, _today: validate_item(item)]
    return []
