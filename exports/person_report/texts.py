"""The words of a person's data report, shared by its PDF and its JSON file."""

from __future__ import annotations

from datetime import date

from facilitator.dates import format_count, format_date
from facilitator.i18n import _, ngettext
from facilitator.interview_answers import answer_texts, staff_text
from facilitator.model import Barrier, Interview, Outcome, Person
from facilitator.model.interview import barrier_note_field, interview_field_labels
from facilitator.model.outcome import outcome_field_labels
from facilitator.model.person import CONSENT_FIELDS
from facilitator.person_data import CarriedForm, Naming, OutcomeShown, RecordedMeeting, TextsNamingThem
from facilitator.summary import format_offset
from facilitator.timeline import meeting_text


def title(person: Person) -> str:
    return _("What is held about {name}").format(name=person.name or person.id)


def introduction(group_name: str, today: date) -> str:
    return _(
        "Everything the MicroENTRE Facilitator workspace of {group} holds about this person on {date}: the roster "
        "record with the consents and their dates, the meetings attended and hosted, the memo entries that name the "
        "person or that the person owns, the needs and absences recorded, the growth interviews, the outcomes in the "
        "person's business and those of others the person took part in, and the sync bundles that carried these "
        "records to another laptop."
    ).format(group=group_name, date=format_date(today))


def field_value(person: Person, field: str) -> str:
    """A roster field as the report shows it: a consent as the day it was given, or not given."""
    value = getattr(person, field)
    if field in CONSENT_FIELDS:
        return _("given on {date}").format(date=format_date(value)) if value else _("not given")
    if field == "role":
        return person.role.label
    if field == "can_host":
        return _("yes") if value else _("no")
    if isinstance(value, date):
        return format_date(value)
    return str(value or "")


def naming_label(naming: Naming) -> str:
    return {
        Naming.MENTIONED: _("mentioned with @"),
        Naming.OWNER: _("owns the action"),
        Naming.NAMED: _("named in the text"),
        Naming.PERHAPS: _("perhaps named: a name someone else on the roster shares"),
        Naming.EARLIER: _("named in an earlier wording"),
    }[naming]


def audience_label(audience: str) -> str:
    return {
        "coordinator": _("the coordinator"),
        "group": _("the group's other facilitators"),
    }.get(audience, audience)


def form_label(form: CarriedForm | None) -> str:
    if form is None:
        return _("not recorded: written before the app noted whom a bundle carried")
    return {
        CarriedForm.COMPLETE: _("in full"),
        CarriedForm.NAMED: _("under the name, with contact details"),
        CarriedForm.NAMED_WITHOUT_CONTACT: _("under the name, without contact details"),
        CarriedForm.PSEUDONYM: _("under a pseudonym"),
    }[form]


def recording_text(found: RecordedMeeting) -> str:
    """A recorded meeting's sound as the report tells it: "recorded: 2 files, 98:40, kept in the workspace"."""
    count = len(found.files)
    details = [
        ngettext("{count} file", "{count} files", count).format(count=format_count(count)),
        format_offset(found.seconds),
    ]
    if found.held is not None:
        details.append(where_kept(found.held, count))
    return _("recorded: {details}").format(details=", ".join(detail for detail in details if detail))


def where_kept(held: int, count: int) -> str:
    """Whether this workspace holds a recorded meeting's sound files."""
    if held == count:
        return _("kept in the workspace")
    if not held:
        return _("not in this workspace")
    return ngettext("{count} of them kept in the workspace", "{count} of them kept in the workspace", held).format(
        count=format_count(held)
    )


def recordings_statement() -> str:
    """Why the recordings are listed, and what withdrawing the consent does to them."""
    return _(
        "The sound of these meetings may hold the person's voice. Withdrawing the consent to audio recording, or "
        "erasure, deletes it from the workspace; backups never hold sound."
    )


def feedback_statement(responses: int) -> str:
    anonymous = _(
        "Feedback is anonymous: a response holds no name and nothing links it to whoever gave it, so no response "
        "can be told to be this person's, and none is listed."
    )
    count = ngettext(
        "The meetings this person attended hold {count} response in all.",
        "The meetings this person attended hold {count} responses in all.",
        responses,
    ).format(count=format_count(responses))
    return f"{anonymous} {count}"


def interview_lines(interview: Interview) -> list[str]:
    """An interview's answers, one line each, "question: answer"; questions not answered left out."""
    labels = interview_field_labels()
    return [f"{labels[field]}: {answer}" for field, answer in answer_texts(interview).items()]


def outcome_lines(shown: OutcomeShown, *, whose: bool = False) -> list[str]:
    """An outcome, one line each: its kind (a draft said so), ``whose`` it is when asked, its
    description, the staff after it, the members involved and the meetings behind it."""
    outcome = shown.outcome
    labels = outcome_field_labels()
    lines = [_outcome_kind(outcome)]
    if whose:
        lines.append(_("In the business of {name}").format(name=shown.whose))
    lines.append(outcome.description)
    answers = [
        ("staff_after", staff_text(outcome.staff_after)),
        ("involved", ", ".join(shown.involved)),
        ("meeting_ids", "; ".join(meeting_text(part.day, part.meeting.theme) for part in shown.meetings)),
    ]
    return [line for line in lines if line] + [f"{labels[field]}: {answer}" for field, answer in answers if answer]


def text_label(record: Interview | Outcome, field: str) -> str:
    """The question a typed text of an interview or an outcome answers, as the forms name it; a
    barrier's note by its barrier ("finance")."""
    if isinstance(record, Outcome):
        return outcome_field_labels()[field]
    barrier = _barrier_of_note(field)
    return barrier.label if barrier is not None else interview_field_labels()[field]


def _barrier_of_note(field: str) -> Barrier | None:
    """The barrier whose note ``field`` is (see :func:`barrier_note_field`), or None."""
    return next((barrier for barrier in Barrier if field == barrier_note_field(barrier)), None)


def naming_them_lines(found: TextsNamingThem) -> list[str]:
    """Another's interview or outcome that names the person, one line each: which record and whose
    it is, how it names them, then each text that does, "question: text" (a barrier's note as the
    person's own interview shows it: "Barriers to growth: finance (the note)")."""
    record = found.record
    if isinstance(record, Outcome):
        lines = [_outcome_kind(record), _("In the business of {name}").format(name=found.whose)]
    else:
        lines = [_("Interview of {name}, {kind}").format(name=found.whose, kind=record.kind.label)]
    lines.append(naming_label(found.naming))
    for field, text in found.texts:
        if _barrier_of_note(field) is None:
            lines.append(f"{text_label(record, field)}: {text}")
        else:  # under the question of the barriers, the barrier named with its note
            answer = _("{barrier} ({note})").format(barrier=text_label(record, field), note=text)
            lines.append(f"{text_label(record, 'barriers')}: {answer}")
    return lines


def _outcome_kind(outcome: Outcome) -> str:
    """An outcome's kind, a draft said so."""
    kind = outcome.kind.label
    return _("{kind} (a draft, to be completed)").format(kind=kind) if outcome.draft else kind
