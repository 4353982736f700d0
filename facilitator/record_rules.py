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
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from enum import Enum
from typing import Any

from facilitator.i18n import _, pgettext
from facilitator.model import (
    Absence,
    AgendaItem,
    Attendance,
    Coding,
    FeedbackResponse,
    Group,
    Meeting,
    MemoEntry,
    Person,
)
from facilitator.model.absence import absence_field_labels, validate_absence
from facilitator.model.agenda import TemplateItem, agenda_field_labels, validate_item
from facilitator.model.attendance import attendance_field_labels, validate_attendance
from facilitator.model.coding import validate_coding
from facilitator.model.feedback import feedback_field_labels, validate_feedback
from facilitator.model.group import group_field_labels, validate_group
from facilitator.model.meeting import meeting_field_labels, validate_meeting
from facilitator.model.memo import memo_field_labels, validate_memo_entry
from facilitator.model.pattern import MeetingPattern
from facilitator.model.person import person_field_labels, validate_person
from facilitator.model.problems import Problem
from facilitator.model.record import Record
from facilitator.schedule import pattern_field_labels, pattern_reading_problems

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


def kind_label(kind: str) -> str:
    """The singular noun for a bundle's kind of record (``"memo"`` → "memo entry"), as a refusal,
    a conflict or an import's summary names one record."""
    return {
        "groups": _("group"),
        "people": _("person"),
        "meetings": pgettext("a kind of record", "meeting"),
        "absences": _("absence"),
        "agenda": _("agenda item"),
        "attendance": pgettext("a kind of record", "attendance row"),
        "memo": pgettext("a kind of record", "memo entry"),
        "feedback": pgettext("a kind of record", "feedback response"),
        "codings": _("coding"),
    }[kind]


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
    """Every problem with ``record`` (of any kind) as a stored record: first its sizes and ranges;
    when those hold, its type's rules (a tombstone only the structural ones). ``today`` is the
    latest day a "not in the future" rule accepts (an importer gives its own day and a day more,
    for a laptop whose clock runs ahead)."""
    problems = list(_shape_problems(record))
    if problems:  # a value too large or out of range: the rules below need not read it
        return problems
    return _type_problems(record, today)


# -- sizes and ranges: one walk over every field ------------------------------------------------


def _shape_problems(record: Any) -> Iterator[Problem]:
    yield from _walk(record, "")


def _walk(owner: Any, path: str) -> Iterator[Problem]:
    """The first problem of each field of ``owner`` (a list of a thousand bad dates is one problem)."""
    for field in dataclasses.fields(owner):
        where = f"{path}{field.name}"
        message = next(_value_problems(getattr(owner, field.name), where, field.name), None)
        if isinstance(message, Problem):
            yield message
        elif message is not None:
            yield Problem(where, _label(owner, field.name, where), message)


def _value_problems(value: Any, path: str, name: str) -> Iterator[str | Problem]:
    """What is wrong with ``value`` of field ``name``: a message, or a problem of a part of it."""
    if isinstance(value, Enum | bool) or value is None:
        return
    if isinstance(value, str):
        most = LONG_TEXT_MAX if name in LONG_TEXT_FIELDS else SHORT_TEXT_MAX
        if len(value) > most:
            yield _("The text is longer than {count} characters.").format(count=most)
    elif isinstance(value, int):
        if abs(value) > NUMBER_MAX:
            yield _("The number is larger than {count}.").format(count=NUMBER_MAX)
    elif isinstance(value, date):
        if not in_range(value):
            yield _("The date is not between {first} and {last}.").format(
                first=EARLIEST_DAY.isoformat(), last=LATEST_DAY.isoformat()
            )
    elif isinstance(value, list | dict):
        if len(value) > LIST_MAX:
            yield _("The list has more than {count} items.").format(count=LIST_MAX)
            return
        for key, item in value.items() if isinstance(value, dict) else enumerate(value):
            yield from _value_problems(key, path, name)  # a mapping's keys are texts too
            yield from _value_problems(item, f"{path}[{key}]", name)
    elif dataclasses.is_dataclass(value):
        yield from _walk(value, f"{path}.")


def _label(owner: Any, name: str, path: str) -> str:
    """The label the forms give field ``name`` of ``owner``; its ``path`` when no form shows it."""
    labels: dict[str, str] = {}
    match owner:
        case Group():
            labels = group_field_labels()
        case MeetingPattern():
            labels = pattern_field_labels()
        case Person():
            labels = person_field_labels()
        case Meeting():
            labels = meeting_field_labels()
        case Absence():
            labels = absence_field_labels()
        case AgendaItem() | TemplateItem():
            labels = agenda_field_labels()
        case Attendance():
            labels = attendance_field_labels()
        case MemoEntry():
            labels = memo_field_labels()
        case FeedbackResponse():
            labels = feedback_field_labels()
    return labels.get(name, path)


# -- each type's own rules, by its own validators ------------------------------------------------


def _type_problems(record: Record, today: date) -> list[Problem]:
    """The rules of ``record``'s type, by the validators the forms and the domain call."""
    form = not record.deleted  # a tombstone has blanks where a form asks for values
    match record:
        case Group() if form:
            problems = validate_group(record) + _nested(pattern_reading_problems(record.pattern), "pattern")
            for index, item in enumerate(record.agenda_template):
                problems += _nested(validate_item(item), f"agenda_template[{index}]")
            return problems
        case Person() if form:
            return validate_person(record, today, typed=False)
        case Absence() if form:
            return validate_absence(record)
        case AgendaItem() if form:
            return validate_item(record)
        case Meeting():
            return validate_meeting(record)
        case Attendance():
            return validate_attendance(record, today if form else None, typed=False)
        case MemoEntry():
            return validate_memo_entry(record)
        case FeedbackResponse():
            return validate_feedback(record, typed=False)
        case Coding():
            return validate_coding(record)
    return []


def _nested(problems: list[Problem], path: str) -> list[Problem]:
    """``problems`` of a part of a record, their fields named from the record (``pattern.rrule``)."""
    return [dataclasses.replace(problem, field=f"{path}.{problem.field}") for problem in problems]
