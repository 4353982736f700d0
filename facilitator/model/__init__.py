"""The domain records of the network: plain dataclasses with their validation rules.

Each name below is imported from its module when it is first asked for (PEP 562): ``from
facilitator.model import Group`` makes the groups' record classes, not the forty-odd of every
module, whose making takes a good part of a command's start (a command that only prints its
version or reads a group's roster needs few of them).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from facilitator.model.absence import Absence, validate_absence
    from facilitator.model.agenda import AgendaItem, Presenter, TemplateItem
    from facilitator.model.attendance import Attendance, Presence
    from facilitator.model.coding import Coding, coding_id, effective_codes
    from facilitator.model.feedback import FeedbackResponse, FeedbackSummary, summarise_feedback
    from facilitator.model.group import Group, validate_group
    from facilitator.model.meeting import Meeting, MeetingStatus, Recording
    from facilitator.model.memo import ActionStatus, MemoEntry, MemoKind, MemoRevision
    from facilitator.model.pattern import MeetingPattern
    from facilitator.model.person import Person, Role, validate_person
    from facilitator.model.problems import Invalid, Problem
    from facilitator.model.record import Record, new_id, utc_now

#: The module of each name, imported on first use (see :func:`__getattr__`).
_MODULE_OF = {
    "Absence": "absence",
    "validate_absence": "absence",
    "AgendaItem": "agenda",
    "Presenter": "agenda",
    "TemplateItem": "agenda",
    "Attendance": "attendance",
    "Presence": "attendance",
    "Coding": "coding",
    "coding_id": "coding",
    "effective_codes": "coding",
    "FeedbackResponse": "feedback",
    "FeedbackSummary": "feedback",
    "summarise_feedback": "feedback",
    "Group": "group",
    "validate_group": "group",
    "Meeting": "meeting",
    "MeetingStatus": "meeting",
    "Recording": "meeting",
    "ActionStatus": "memo",
    "MemoEntry": "memo",
    "MemoKind": "memo",
    "MemoRevision": "memo",
    "MeetingPattern": "pattern",
    "Person": "person",
    "Role": "person",
    "validate_person": "person",
    "Invalid": "problems",
    "Problem": "problems",
    "Record": "record",
    "new_id": "record",
    "utc_now": "record",
}


def __getattr__(name: str) -> Any:
    """``name`` from its module, imported now if it was not yet (then kept here: asked once)."""
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_MODULE_OF})


__all__ = sorted(_MODULE_OF)
