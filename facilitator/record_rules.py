"""Every rule a stored record must hold, whichever laptop it comes from: one entry point,
:func:`record_problems`, for a record of any kind as it arrives in a bundle.

It applies the rules of the forms and the domain by calling each record type's own validator
(never a copy of one), and what no form states but every stored record must hold: every date
and moment in the years of :mod:`facilitator.model.ranges` in every time zone, every text and
list within a size (:mod:`facilitator.model.sizes`), each field named as
:func:`facilitator.model.labels.field_label` names it.

A stored record is not always as it was typed: a coordinator's copy of a person leaves out the
premises address and contact details and names a person without research consent by a pseudonym;
erasure writes "a former member" where a name was. So the validators are called in their *stored*
mode (``typed=False``): the completeness rules of a form ("a host needs a premises address", "an
outcome needs a description": a coordinator's copy of the outcome of a person without research
consent travels without one) and the typing limits on texts that such rewriting can lengthen (a
feedback comment) are the form's, not the import's; the size limits here bound those texts instead.
A tombstone (``deleted``, and an erased person's, with every personal field blank) is held only to
the ranges, the sizes and the structural rules (values no form could give: codes that are not codes,
a negative recording offset, usefulness 99, a meeting ending before it starts, an interview's value 99
or unlisted barrier, an outcome dated in the future or naming its own person as involved), not to a
form's.
"""

from __future__ import annotations

import dataclasses
from datetime import date

from facilitator.i18n import _, pgettext
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
)
from facilitator.model.absence import validate_absence
from facilitator.model.agenda import validate_item
from facilitator.model.attendance import validate_attendance
from facilitator.model.coding import validate_coding
from facilitator.model.feedback import validate_feedback
from facilitator.model.group import validate_group
from facilitator.model.interview import validate_interview
from facilitator.model.meeting import validate_meeting
from facilitator.model.memo import validate_memo_entry
from facilitator.model.outcome import validate_outcome
from facilitator.model.person import validate_person
from facilitator.model.problems import Problem
from facilitator.model.ranges import in_range as in_range
from facilitator.model.record import Record
from facilitator.model.sizes import LIST_MAX as LIST_MAX, LONG_TEXT_MAX as LONG_TEXT_MAX, size_problems
from facilitator.pattern_rules import pattern_reading_problems


def kind_label(kind: str) -> str:
    """The singular noun for a bundle's kind of record (``"memo"`` → "memo entry"), as a refusal,
    a conflict or an import's summary names one record."""
    return {
        "groups": _("group"),
        "people": _("person"),
        "meetings": pgettext("a kind of record", "meeting"),
        "absences": _("absence"),
        "interviews": _("interview"),
        "outcomes": _("outcome"),
        "agenda": _("agenda item"),
        "attendance": pgettext("a kind of record", "attendance row"),
        "memo": pgettext("a kind of record", "memo entry"),
        "feedback": pgettext("a kind of record", "feedback response"),
        "codings": _("coding"),
    }[kind]


def record_problems(record: Record, today: date) -> list[Problem]:
    """Every problem with ``record`` (of any kind) as a stored record: first its sizes and ranges;
    when those hold, its type's rules (a tombstone only the structural ones). ``today`` is the
    latest day a "not in the future" rule accepts (an importer gives its own day and a day more,
    for a laptop whose clock runs ahead)."""
    problems = size_problems(record)
    if problems:  # a value too large or out of range: the rules below need not read it
        return problems
    return _type_problems(record, today)


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
        case Interview():  # stored mode asks nothing a tombstone leaves blank
            return validate_interview(record, today, typed=False)
        case Outcome():
            return validate_outcome(record, today, typed=False)
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
