"""Every free text of a record, rewritten by one function: what an erasure, or a withdrawn consent,
does to the places a name or a contact detail may have been typed."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TypeVar

from facilitator.model import (
    Absence,
    AgendaItem,
    Attendance,
    FeedbackResponse,
    Group,
    Interview,
    Meeting,
    MemoEntry,
    Outcome,
    Record,
)

RecordT = TypeVar("RecordT", bound=Record)


def with_texts(record: RecordT, text: Callable[[str], str]) -> RecordT:
    """``record`` with ``text`` applied to each of its free texts: a group's agenda template, a
    meeting's theme, host note, conclusions, host reason and location, an agenda item's title,
    presenter and notes, a guest's name and organisation, a memo entry and its earlier wordings, a
    feedback comment, an absence's reason, an interview's interviewer, what the network gives and
    the notes on its barriers, an outcome's description. Other fields, and other kinds of records, as they are."""
    changed: Record = record
    match record:
        case Group():
            template = [
                dataclasses.replace(item, title=text(item.title), notes=text(item.notes))
                for item in record.agenda_template
            ]
            changed = dataclasses.replace(record, agenda_template=template)
        case Meeting():
            changed = dataclasses.replace(
                record,
                theme=text(record.theme),
                host_note=text(record.host_note),
                conclusions=text(record.conclusions),
                host_reason=text(record.host_reason),
                location=text(record.location),
            )
        case AgendaItem():
            changed = dataclasses.replace(
                record, title=text(record.title), presenter=text(record.presenter), notes=text(record.notes)
            )
        case Attendance():
            changed = dataclasses.replace(
                record, guest_name=text(record.guest_name), guest_organisation=text(record.guest_organisation)
            )
        case MemoEntry():
            revisions = [dataclasses.replace(revision, text=text(revision.text)) for revision in record.revisions]
            changed = dataclasses.replace(record, text=text(record.text), revisions=revisions)
        case FeedbackResponse():
            changed = dataclasses.replace(record, comment=text(record.comment))
        case Absence():
            changed = dataclasses.replace(record, reason=text(record.reason))
        case Interview():
            barriers = {barrier: text(note) for barrier, note in record.barriers.items()}
            changed = dataclasses.replace(
                record,
                interviewer=text(record.interviewer),
                network_gives=text(record.network_gives),
                barriers=barriers,
            )
        case Outcome():
            changed = dataclasses.replace(record, description=text(record.description))
    return changed  # type: ignore[return-value]  # dataclasses.replace keeps the record's class
