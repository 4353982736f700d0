"""The domain records of the network: plain dataclasses with their validation rules."""

from facilitator.model.absence import Absence, validate_absence
from facilitator.model.attendance import Attendance, Presence
from facilitator.model.coding import Coding, coding_id, effective_codes
from facilitator.model.agenda import AgendaItem, Presenter, TemplateItem
from facilitator.model.feedback import FeedbackResponse, FeedbackSummary, summarise_feedback
from facilitator.model.group import Group, validate_group
from facilitator.model.meeting import Meeting, MeetingStatus, Recording
from facilitator.model.memo import ActionStatus, MemoEntry, MemoKind, MemoRevision
from facilitator.model.pattern import MeetingPattern
from facilitator.model.person import Person, Role, validate_person
from facilitator.model.problems import Invalid, Problem
from facilitator.model.record import Record, new_id, utc_now

__all__ = [
    "Absence",
    "ActionStatus",
    "Attendance",
    "AgendaItem",
    "Coding",
    "FeedbackResponse",
    "FeedbackSummary",
    "Group",
    "Meeting",
    "MeetingPattern",
    "MeetingStatus",
    "MemoEntry",
    "MemoKind",
    "MemoRevision",
    "Invalid",
    "Person",
    "Presence",
    "Presenter",
    "Problem",
    "Record",
    "Recording",
    "Role",
    "TemplateItem",
    "coding_id",
    "effective_codes",
    "new_id",
    "summarise_feedback",
    "utc_now",
    "validate_absence",
    "validate_group",
    "validate_person",
]
