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
from datetime import date
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
    MemoRevision,
    Person,
    Recording,
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
from facilitator.model.ranges import (
    EARLIEST_DAY as EARLIEST_DAY,
    LATEST_DAY as LATEST_DAY,
    in_range as in_range,
)
from facilitator.model.record import Record
from facilitator.model.sizes import (
    LIST_MAX as LIST_MAX,
    LONG_TEXT_FIELDS as LONG_TEXT_FIELDS,
    LONG_TEXT_MAX as LONG_TEXT_MAX,
    NUMBER_MAX as NUMBER_MAX,
    SHORT_TEXT_MAX as SHORT_TEXT_MAX,
    size_problems as shape_problems,
)
from facilitator.pattern_rules import pattern_field_labels, pattern_reading_problems


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


def record_problems(record: Record, today: date) -> list[Problem]:
    """Every problem with ``record`` (of any kind) as a stored record: first its sizes and ranges;
    when those hold, its type's rules (a tombstone only the structural ones). ``today`` is the
    latest day a "not in the future" rule accepts (an importer gives its own day and a day more,
    for a laptop whose clock runs ahead)."""
    problems = size_problems(record)
    if problems:  # a value too large or out of range: the rules below need not read it
        return problems
    return _type_problems(record, today)


# -- sizes and ranges: one walk over every field ------------------------------------------------


def size_problems(record: Any) -> list[Problem]:
    """The problem of each field of ``record`` (any record, or a part of one) whose text, list or
    number is too large or whose date or moment is out of range, each field named by its label
    (:func:`facilitator.model.sizes.size_problems`, with the record's labels)."""
    return shape_problems(record, field_label)


def field_label(cls: type, name: str) -> str:
    """The label field ``name`` of record class ``cls`` (or a part of a record) is shown with: its
    form's where a form shows it, else the words of the record's own fields."""
    return _labels_of(cls).get(name) or name


def _labels_of(cls: type) -> dict[str, str]:
    common = {
        "id": _("Record id"),
        "created_at": _("Created"),
        "updated_at": _("Last changed"),
        "revision": pgettext("a record's field", "Revision"),
        "changed_by": _("Changed by"),
        "deleted": _("Removed"),
        "versions": _("Versions"),
        "group_id": _("Group"),
        "meeting_id": _("Meeting"),
        "person_id": _("Person"),
        "started_at": _("Started"),
        "closed_at": _("Closed"),
    }
    if cls is Group:
        return {**common, **group_field_labels(), "archived": _("Archived"), "pattern": _("Pattern"),
                "agenda_template": _("Agenda template")}  # fmt: skip
    if cls is MeetingPattern:
        return pattern_field_labels()
    if cls is Person:
        return {**common, **person_field_labels(), "erased_salt": _("Erasure"), "erased_marks": _("Erasure")}
    if cls is Meeting:
        return {
            **common,
            **meeting_field_labels(),
            "host_id": _("Host"),
            "location": _("Place"),
            "edited_by_hand": _("Chosen by hand"),
            "host_reason": _("Why this host"),
            "declined_by": _("Declined to host"),
            "theme": _("Theme"),
            "host_note": _("Why this theme"),
            "conclusions": _("Conclusions"),
        }
    if cls is Recording:
        return {"started_at": _("Started"), "stopped_at": _("Stopped")}
    if cls is Absence:
        return {**common, **absence_field_labels()}
    if cls is AgendaItem or cls is TemplateItem:
        return {**common, **agenda_field_labels(), "position": _("Position"), "ended_at": _("Ended at")}
    if cls is Attendance:
        return {**common, **attendance_field_labels(), "arrived_at": _("Arrived")}
    if cls is MemoEntry or cls is MemoRevision:
        return {
            **common,
            **memo_field_labels(),
            "written_at": _("Written"),
            "people": _("People mentioned"),
            "agenda_item_id": _("Agenda item"),
            "owner_id": _("Owner"),
            "due": _("Due"),
            "closed_in": _("Closed in meeting"),
            "replaced_at": _("Replaced"),
        }
    if cls is FeedbackResponse:
        return {**common, **feedback_field_labels()}
    if cls is Coding:
        return {**common, "entry_id": pgettext("a kind of record", "memo entry").capitalize(), "codes": _("Codes")}
    return common


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
