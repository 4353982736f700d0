"""Memo entries: what the facilitator types during a meeting, tagged with kind, codes and people.

An entry of kind *action* is also an action item: it has an owner and a due date and stays open
across meetings until it is marked done or dropped. Editing an entry keeps the earlier wording as
a revision, so nothing once written is lost.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from facilitator.i18n import _
from facilitator.model.problems import Problem, per_language
from facilitator.model.record import Record


class MemoKind(StrEnum):
    NOTE = "note"
    DECISION = "decision"
    ACTION = "action"
    NEED = "need"
    IDEA = "idea"

    @property
    def label(self) -> str:
        return {
            MemoKind.NOTE: _("note"),
            MemoKind.DECISION: _("decision"),
            MemoKind.ACTION: _("action"),
            MemoKind.NEED: _("need"),
            MemoKind.IDEA: _("idea"),
        }[self]


class ActionStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"

    @property
    def label(self) -> str:
        return {ActionStatus.OPEN: _("open"), ActionStatus.DONE: _("done"), ActionStatus.DROPPED: _("dropped")}[self]


@dataclass(kw_only=True)
class MemoRevision:
    """An entry as it read before an edit, and when it was changed."""

    text: str
    kind: MemoKind
    codes: list[str]
    people: list[str]
    owner_id: str
    due: date | None
    replaced_at: datetime


@dataclass(kw_only=True)
class MemoEntry(Record):
    """One line of the memo, in its meeting's own file.

    ``written_at`` is the wall-clock moment of Enter; ``recording_offset`` the seconds into the
    audio recording running then (None when none ran); ``agenda_item_id`` the item under way.
    ``people`` are the ids of the roster people mentioned; ``owner_id`` and ``due`` belong to
    action items, as do ``action_status`` and where and when the action was closed.
    """

    meeting_id: str
    group_id: str
    text: str
    written_at: datetime
    kind: MemoKind = MemoKind.NOTE
    codes: list[str] = dataclasses.field(default_factory=list)
    people: list[str] = dataclasses.field(default_factory=list)
    agenda_item_id: str = ""
    recording_offset: int | None = None
    owner_id: str = ""
    due: date | None = None
    action_status: ActionStatus = ActionStatus.OPEN
    closed_at: datetime | None = None
    closed_in: str = ""
    revisions: list[MemoRevision] = dataclasses.field(default_factory=list)

    @property
    def is_open_action(self) -> bool:
        return self.kind is MemoKind.ACTION and self.action_status is ActionStatus.OPEN and not self.deleted

    def is_overdue(self, today: date) -> bool:
        return self.is_open_action and self.due is not None and self.due < today


@per_language
def memo_field_labels() -> dict[str, str]:
    return {
        "text": _("Text"),
        "kind": _("Kind"),
        "codes": _("Codes"),
        "recording_offset": _("Recording offset"),
        "action_status": _("Action status"),
        "revisions": _("Earlier wordings"),
    }


@functools.cache
def activity_codes() -> tuple[str, ...]:
    """Wenger's activity codes in the codebook's order (PS, RI…): the only codes an entry, an
    earlier wording or a coding may carry, and the only ones the live memo's ``#`` reads."""
    from facilitator.activities import activities  # the codebook

    return tuple(activity.code for activity in activities())


def is_activity_code(code: str) -> bool:
    """Whether ``code`` is one of :func:`activity_codes`, as the codebook writes it."""
    return code in activity_codes()


def code_problems(codes: Sequence[str], field: str, label: str) -> list[Problem]:
    """A problem for ``field`` when ``codes`` hold anything but Wenger's activity codes (as the
    codebook writes them: PS, RI…), or one of them twice: the rule of every list of codes,
    an entry's, an earlier wording's and a researcher's coding."""
    wrong = [code for code in codes if not is_activity_code(code)]
    if wrong:
        shown = ", ".join(f"“{code}”" for code in wrong[:3])
        return [Problem(field, label, _("{codes}: not an activity code.").format(codes=shown))]
    if len(set(codes)) < len(codes):
        return [Problem(field, label, _("A code is given twice."))]
    return []


def validate_memo_entry(entry: MemoEntry) -> list[Problem]:
    """Every problem with ``entry`` that the live meeting never makes: a kind or action status
    that is not one, codes that are not activity codes (in the entry or an earlier wording), a
    negative recording offset, and a closing that does not match the status (done or dropped:
    when; open: neither when nor where)."""
    labels = memo_field_labels()
    problems: list[Problem] = []

    def problem(field: str, message: str) -> None:
        problems.append(Problem(field, labels[field], message))

    if not isinstance(entry.kind, MemoKind):
        problem("kind", _("This is not a kind of memo entry."))
    problems += code_problems(entry.codes, "codes", labels["codes"])
    for revision in entry.revisions:
        if not isinstance(revision.kind, MemoKind):
            problem("revisions", _("This is not a kind of memo entry."))
        problems += code_problems(revision.codes, "revisions", labels["revisions"])
    if entry.recording_offset is not None and entry.recording_offset < 0:
        problem("recording_offset", _("The seconds into the recording cannot be negative."))
    if not isinstance(entry.action_status, ActionStatus):
        problem("action_status", _("This is not an action status."))
    elif entry.action_status is ActionStatus.OPEN and (entry.closed_at is not None or entry.closed_in):
        problem("action_status", _("An open action has no closing time or meeting."))
    elif entry.action_status is not ActionStatus.OPEN and entry.closed_at is None:
        problem("action_status", _("An action done or dropped says when it was closed."))
    return problems
