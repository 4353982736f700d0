"""The sizes and ranges every stored record holds, whichever form or laptop made it: texts, lists
and numbers within a size, dates and moments in the years of :mod:`facilitator.model.ranges`.

The forms ask :func:`size_problems` with their own labels (:func:`with_size_problems`), and the
record rules (:func:`facilitator.record_rules.record_problems`) with every record's, so that nothing a form
accepts is refused when it arrives elsewhere: one walk, made fast by a table of each record
class's fields built once, lists measured before their items are read, and lists of texts
checked at C speed (a 4 MB record of a million items is refused at once).
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable, Mapping
from datetime import date
from enum import Enum
from typing import Any

from facilitator.dates import format_decimal
from facilitator.i18n import _
from facilitator.model.labels import field_label
from facilitator.model.problems import Problem
from facilitator.model.ranges import in_range, range_message

#: Characters of a long free text (a memo entry and its earlier wordings, conclusions, notes, a
#: comment, a host's note, a reason, a meeting's theme): far above anything typed in a meeting, far
#: below megabytes. A theme is one line of the preparation form, yet no form ever limited it: a
#: theme pasted there, and the themes earlier releases stored, stay within the long texts' size.
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
LONG_TEXT_FIELDS = frozenset(
    {
        "text",
        "conclusions",
        "notes",
        "comment",
        "host_note",
        "host_reason",
        "reason",
        "theme",
        "network_gives",
        "description",
    }
)

#: The mappings whose values are long free texts (an interview's barriers: a note on each); their
#: keys are short. A stored note may be longer than a form lets one type: a name in it becomes a
#: longer pseudonym in a coordinator's copy.
LONG_TEXT_MAPPINGS = frozenset({"barriers"})

#: The label of field ``name`` of a record class (or a part of a record).
LabelOf = Callable[[type, str], str]


def size_problems(record: Any, label_of: LabelOf = field_label) -> list[Problem]:
    """The problem of each field of ``record`` (a dataclass) whose text, list or number is too
    large or whose date or moment is out of range; ``label_of`` names the fields (by default as
    every record's are named, :func:`facilitator.model.labels.field_label`)."""
    return _walk(record, "", "", label_of)


def form_labels(record_class: type, labels: Mapping[str, str]) -> LabelOf:
    """A form's ``labels`` of the fields of ``record_class`` as :func:`size_problems` asks for
    them; every other field (one the form does not show, a part of a record) as records name it."""
    return lambda cls, name: (labels.get(name) if cls is record_class else None) or field_label(cls, name)


def with_size_problems(record: Any, labels: Mapping[str, str], problems: list[Problem]) -> list[Problem]:
    """A form's ``problems`` with the size problems of ``record`` it read, for each field not
    already told (a text too long for any record, under the form's ``labels``)."""
    told = {problem.field for problem in problems}
    return problems + [
        problem for problem in size_problems(record, form_labels(type(record), labels)) if problem.field not in told
    ]


@dataclasses.dataclass(frozen=True)
class _FieldTable:
    """The fields of one record class, read in one call, with the most characters each may hold."""

    names: tuple[str, ...]
    most: tuple[int, ...]
    values: Callable[[Any], tuple[Any, ...]]


_FIELD_TABLES: dict[type, _FieldTable] = {}


def _field_table(cls: type) -> _FieldTable:
    """The :class:`_FieldTable` of ``cls``, made once per class."""
    table = _FIELD_TABLES.get(cls)
    if table is None:
        names = tuple(field.name for field in dataclasses.fields(cls))
        most = tuple(
            LONG_TEXT_MAX if name in LONG_TEXT_FIELDS or name in LONG_TEXT_MAPPINGS else SHORT_TEXT_MAX
            for name in names
        )
        getter = operator.attrgetter(*names)
        values = getter if len(names) > 1 else (lambda owner: (getter(owner),))
        table = _FIELD_TABLES[cls] = _FieldTable(names, most, values)
    return table


def _walk(owner: Any, path: str, label: str, label_of: LabelOf) -> list[Problem]:
    """The first problem of each field of ``owner`` (a list of a thousand bad dates is one problem);
    ``path`` and ``label`` name the part of a record ``owner`` is, if it is one."""
    problems: list[Problem] = []
    table = _field_table(type(owner))
    for name, most, value in zip(table.names, table.most, table.values(owner), strict=True):
        kind = type(value)
        if kind is str:  # most fields: told here, without a call
            if len(value) <= most:
                continue
            found: str | tuple[int | None, Any] | None = _long_text(most)
        elif (
            value is None
            or kind is bool
            or (kind is int and -NUMBER_MAX <= value <= NUMBER_MAX)
            or (kind is list and not value)
            or isinstance(value, Enum)
        ):
            continue
        else:
            found = _value_problem(value, most, label_of)
            if found is None:
                continue
        if isinstance(found, str):
            problems.append(Problem(f"{path}{name}", _joined(label, label_of(type(owner), name)), found))
        elif found is not None:  # a part of a record (a recording, an earlier wording, the pattern) at ``index``
            index, part = found
            where = name if index is None else f"{name}[{index}]"
            own = label_of(type(owner), name)
            own = own if index is None else _item_label(name, index, own)
            problems += _walk(part, f"{path}{where}.", _joined(label, own), label_of)
    return problems


def _value_problem(value: Any, most: int, label_of: LabelOf) -> str | tuple[int | None, Any] | None:
    """What is wrong with ``value`` (a message), or the part of a record in it that holds a problem
    (with its place in a list), or None. Lists are measured before their items are read, and a
    list of texts is checked at C speed."""
    kind = type(value)
    if kind is str:
        return _long_text(most) if len(value) > most else None
    if value is None or kind is bool or isinstance(value, Enum):
        return None
    if kind is int:
        return None if -NUMBER_MAX <= value <= NUMBER_MAX else _number_message()
    if isinstance(value, date):
        return None if in_range(value) else range_message(value)
    if kind is list or kind is dict:
        if len(value) > LIST_MAX:
            return _("The list has more than {count} items.").format(count=format_decimal(LIST_MAX, 0))
        if kind is dict:
            if value and max(map(len, map(str, value))) > SHORT_TEXT_MAX:  # a mapping's keys are texts too
                return _long_text(SHORT_TEXT_MAX)
            value = list(value.values())
        if not value:
            return None
        if all(type(item) is str for item in value):
            return _long_text(most) if max(map(len, value)) > most else None
        for index, item in enumerate(value):
            if dataclasses.is_dataclass(item):
                if _walk(item, "", "", label_of):
                    return index, item
            elif (found := _value_problem(item, most, label_of)) is not None:
                return found
        return None
    if dataclasses.is_dataclass(value):
        return (None, value) if _walk(value, "", "", label_of) else None
    return None


def text_problem(name: str, text: str) -> str | None:
    """The problem of ``text`` as field ``name`` of a record, when it is longer than such a field
    may be (for a text read alone, as the live memo's line or a meeting's conclusions)."""
    most = LONG_TEXT_MAX if name in LONG_TEXT_FIELDS else SHORT_TEXT_MAX
    return _long_text(most) if len(text) > most else None


def _long_text(most: int) -> str:
    return _("The text is longer than {count} characters.").format(count=format_decimal(most, 0))


def _number_message() -> str:
    return _("The number is out of range: it lies between {least} and {most}.").format(
        least=format_decimal(-NUMBER_MAX, 0), most=format_decimal(NUMBER_MAX, 0)
    )


def _joined(whole: str, part: str) -> str:
    """The label of a part of a field ("Earlier wording 1: Text"); ``part`` alone at the top."""
    return _("{whole}: {part}").format(whole=whole, part=part) if whole else part


def _item_label(name: str, index: int, label: str) -> str:
    """The label of item ``index`` of the list field ``name`` (labelled ``label``) of parts of a record."""
    number = index + 1
    match name:
        case "recordings":
            return _("Recording {number}").format(number=number)
        case "revisions":
            return _("Earlier wording {number}").format(number=number)
        case "agenda_template":
            return _("Agenda template item {number}").format(number=number)
    return f"{label} {number}"
