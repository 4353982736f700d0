"""A person's data report as JSON: the same as its PDF, for a program to read (a request may ask
for the data "in a commonly used, machine-readable format"). Keys are English and stable; dates
are ISO; each coded value comes with its label in the user's language."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any, TypeAlias

import orjson

from exports.person_report.texts import (
    audience_label,
    feedback_statement,
    form_label,
    introduction,
    naming_label,
    recording_text,
    recordings_statement,
    text_label,
    title,
)
from facilitator.i18n import language
from facilitator.model import (
    ActionStatus,
    GrowthIntention,
    Interview,
    InterviewKind,
    MeetingStatus,
    MemoKind,
    OutcomeKind,
    Presence,
    TurnoverBand,
)
from facilitator.model.person import PERSON_FIELDS, person_field_labels
from facilitator.person_data import EntryAboutThem, MeetingPart, OutcomeShown, PersonData, TextsNamingThem


def person_data_json(data: PersonData, today: date) -> bytes:
    """The report as UTF-8 JSON, indented."""
    person = data.person
    labels = person_field_labels()
    document: dict[str, Any] = {
        "title": title(person),
        "about": introduction(data.group.name, today),
        "language": language(),
        "made_on": today.isoformat(),
        "group": {"id": data.group.id, "name": data.group.name},
        "person": {
            "id": person.id,
            "created_at": _moment(person.created_at),
            "updated_at": _moment(person.updated_at),
            "fields": [
                {"field": field, "label": labels[field], "value": _value(getattr(person, field))}
                for field in PERSON_FIELDS
            ],
        },
        "meetings_attended": [
            {
                **_meeting(part),
                "attendance": _coded(part.presence),
                "arrived_at": _moment(part.arrived_at),
                "audio_consent_at_meeting": _value(part.audio_consent),
            }
            for part in data.attended
        ],
        "recordings_of_meetings_attended": {
            "about": recordings_statement(),
            "meetings": [
                {
                    **_meeting(MeetingPart(found.meeting, found.day)),
                    "files": list(found.files),
                    "seconds": found.seconds,
                    "files_kept_here": found.held,
                    "label": recording_text(found),
                }
                for found in data.recorded
            ],
        },
        "meetings_hosted": [
            {**_meeting(part), "status": _coded(part.meeting.status), "location": part.meeting.location}
            for part in data.hosted
        ],
        "meetings_declined_to_host": [_meeting(part) for part in data.declined],
        "action_items_owned": [_entry(about) for about in data.actions],
        "needs": [_entry(about) for about in data.needs],
        "memo_entries_naming": [_entry(about) for about in data.mentions],
        "absences": [
            {"from": absence.starts.isoformat(), "until": absence.ends.isoformat(), "reason": absence.reason}
            for absence in data.absences
        ],
        "interviews": [_interview(interview) for interview in data.interviews],
        "outcomes": [_outcome(shown) for shown in data.outcomes],
        "outcomes_of_others_involved_in": [{**_outcome(shown), "whose": shown.whose} for shown in data.involved_in],
        "interviews_of_others_naming": [_naming_them(found, "interview_id") for found in data.interviews_naming],
        "outcomes_of_others_naming": [_naming_them(found, "outcome_id") for found in data.outcomes_naming],
        "feedback": feedback_statement(data.feedback_at_their_meetings),
        "held_but_left_out": list(data.set_aside),
        "bundles": [
            {
                "written_at": _moment(bundle.made_at),
                "for": {"code": bundle.audience, "label": audience_label(bundle.audience)},
                "form": {"code": bundle.form.value if bundle.form else None, "label": form_label(bundle.form)},
                "file": bundle.file,
            }
            for bundle in data.bundles
        ],
    }
    return orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n"


def _meeting(part: MeetingPart) -> dict[str, Any]:
    return {"meeting_id": part.meeting.id, "day": part.day.isoformat(), "theme": part.meeting.theme}


def _entry(about: EntryAboutThem) -> dict[str, Any]:
    entry = about.entry
    found: dict[str, Any] = {
        **_meeting(MeetingPart(about.meeting, about.day)),
        "entry_id": entry.id,
        "written_at": _moment(entry.written_at),
        "kind": _coded(entry.kind),
        "text": entry.text,
        "how": [{"code": naming.value, "label": naming_label(naming)} for naming in about.namings],
        "earlier_wordings": [revision.text for revision in entry.revisions],
    }
    if entry.owner_id:
        found["due"] = _value(entry.due)
        found["status"] = _coded(entry.action_status)
    return found


def _interview(interview: Interview) -> dict[str, Any]:
    return {
        "interview_id": interview.id,
        "day": interview.day.isoformat(),
        "kind": _coded(interview.kind),
        "interviewer": interview.interviewer,
        "growth_intention": _coded(interview.intention),
        "planned_staff_fte": interview.planned_staff,
        "planned_turnover": _coded(interview.planned_turnover),
        "staff_fte": interview.staff,
        "turnover": _coded(interview.turnover),
        "barriers": [
            {"code": barrier.value, "label": barrier.label, "note": note} for barrier, note in interview.barrier_list()
        ],
        "network_gives": interview.network_gives,
        "network_value": interview.network_value,
    }


def _outcome(shown: OutcomeShown) -> dict[str, Any]:
    outcome = shown.outcome
    return {
        "outcome_id": outcome.id,
        "day": outcome.day.isoformat(),
        "kind": _coded(outcome.kind),
        "draft": outcome.draft,
        "description": outcome.description,
        "staff_after_fte": outcome.staff_after,
        "members_involved": list(shown.involved),
        "meetings_behind": [_meeting(part) for part in shown.meetings],
    }


def _naming_them(found: TextsNamingThem, id_key: str) -> dict[str, Any]:
    """Another's interview or outcome that names the person: which, whose, how, and only the texts
    that name them (the rest of it is the other's)."""
    record = found.record
    return {
        id_key: record.id,
        "day": record.day.isoformat(),
        "whose": found.whose,
        "kind": _coded(record.kind),
        "how": {"code": found.naming.value, "label": naming_label(found.naming)},
        "texts": [{"field": field, "label": text_label(record, field), "text": text} for field, text in found.texts],
    }


#: The enumerations the report writes, each with its label in the user's language.
Coded: TypeAlias = (
    Presence | MeetingStatus | MemoKind | ActionStatus | InterviewKind | GrowthIntention | TurnoverBand | OutcomeKind
)


def _coded(value: Coded | None) -> dict[str, str] | None:
    """An enumeration's stored value with its label in the user's language."""
    return None if value is None else {"code": value.value, "label": value.label}


def _value(value: object) -> object:
    """A roster field's value as JSON holds it: a date as ISO, a role as its stored value."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return value.value
    return value


def _moment(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()
