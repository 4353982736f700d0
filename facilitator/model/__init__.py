"""The domain records of the network: plain dataclasses with their validation rules.

Each name below is imported from its module when it is first asked for (PEP 562): ``from
facilitator.model import Group`` makes the groups' record classes, not the forty-odd of every
module, whose making takes a good part of a command's start (a command that only prints its
version or reads a group's roster needs few of them).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # "X as X": the names this package gives, for type checkers
    from facilitator.model.absence import Absence as Absence, validate_absence as validate_absence
    from facilitator.model.agenda import AgendaItem as AgendaItem, Presenter as Presenter, TemplateItem as TemplateItem
    from facilitator.model.attendance import (
        Attendance as Attendance,
        Presence as Presence,
        validate_attendance as validate_attendance,
    )
    from facilitator.model.coding import (
        Coding as Coding,
        coding_id as coding_id,
        effective_codes as effective_codes,
        validate_coding as validate_coding,
    )
    from facilitator.model.development import TurnoverBand as TurnoverBand
    from facilitator.model.feedback import (
        FeedbackResponse as FeedbackResponse,
        FeedbackSummary as FeedbackSummary,
        summarise_feedback as summarise_feedback,
        validate_feedback as validate_feedback,
    )
    from facilitator.model.group import Group as Group, validate_group as validate_group
    from facilitator.model.interview import (
        Barrier as Barrier,
        GrowthIntention as GrowthIntention,
        Interview as Interview,
        InterviewKind as InterviewKind,
        validate_interview as validate_interview,
    )
    from facilitator.model.meeting import (
        Meeting as Meeting,
        MeetingStatus as MeetingStatus,
        Pause as Pause,
        Recording as Recording,
        validate_meeting as validate_meeting,
    )
    from facilitator.model.memo import (
        ActionStatus as ActionStatus,
        MemoEntry as MemoEntry,
        MemoKind as MemoKind,
        MemoRevision as MemoRevision,
        validate_memo_entry as validate_memo_entry,
    )
    from facilitator.model.outcome import (
        Outcome as Outcome,
        OutcomeKind as OutcomeKind,
        validate_outcome as validate_outcome,
    )
    from facilitator.model.pattern import MeetingPattern as MeetingPattern
    from facilitator.model.person import Person as Person, Role as Role, validate_person as validate_person
    from facilitator.model.problems import Invalid as Invalid, Problem as Problem
    from facilitator.model.record import Record as Record, new_id as new_id, utc_now as utc_now

#: The module of each name, imported on first use (see :func:`__getattr__`).
_MODULE_OF = {
    "Absence": "absence",
    "validate_absence": "absence",
    "AgendaItem": "agenda",
    "Presenter": "agenda",
    "TemplateItem": "agenda",
    "Attendance": "attendance",
    "Presence": "attendance",
    "validate_attendance": "attendance",
    "Coding": "coding",
    "coding_id": "coding",
    "effective_codes": "coding",
    "validate_coding": "coding",
    "FeedbackResponse": "feedback",
    "FeedbackSummary": "feedback",
    "summarise_feedback": "feedback",
    "validate_feedback": "feedback",
    "Group": "group",
    "validate_group": "group",
    "Barrier": "interview",
    "GrowthIntention": "interview",
    "Interview": "interview",
    "InterviewKind": "interview",
    "validate_interview": "interview",
    "Meeting": "meeting",
    "MeetingStatus": "meeting",
    "Pause": "meeting",
    "Recording": "meeting",
    "validate_meeting": "meeting",
    "ActionStatus": "memo",
    "MemoEntry": "memo",
    "MemoKind": "memo",
    "MemoRevision": "memo",
    "validate_memo_entry": "memo",
    "Outcome": "outcome",
    "OutcomeKind": "outcome",
    "validate_outcome": "outcome",
    "MeetingPattern": "pattern",
    "Person": "person",
    "Role": "person",
    "validate_person": "person",
    "TurnoverBand": "development",
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
