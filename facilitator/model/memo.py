"""Memo entries: what the facilitator types during a meeting, tagged with kind, codes and people.

An entry of kind *action* is also an action item: it has an owner and a due date and stays open
across meetings until it is marked done or dropped. Editing an entry keeps the earlier wording as
a revision, so nothing once written is lost.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from facilitator.i18n import _
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
