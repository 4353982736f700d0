"""The label each field of a stored record is shown with, wherever a problem names it: a form
telling a value too large for any record, a refused record of a bundle. One table, so that a field
is named alike everywhere: its form's label where a form shows it, else the words of the record's
own fields (never the attribute's name).
"""

from __future__ import annotations

from facilitator.i18n import _, pgettext


def field_label(cls: type, name: str) -> str:
    """The label of field ``name`` of record class ``cls`` (or of a part of a record)."""
    return _labels_of(cls).get(name) or name


def _common() -> dict[str, str]:
    return {
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


def _labels_of(cls: type) -> dict[str, str]:
    # The record modules are imported here, not above: each asks facilitator.model.sizes, which
    # asks this table, for its form's problems.
    from facilitator.model.absence import Absence, absence_field_labels
    from facilitator.model.agenda import AgendaItem, TemplateItem, agenda_field_labels
    from facilitator.model.attendance import Attendance, attendance_field_labels
    from facilitator.model.coding import Coding
    from facilitator.model.feedback import FeedbackResponse, feedback_field_labels
    from facilitator.model.group import Group, group_field_labels
    from facilitator.model.interview import Interview, interview_field_labels
    from facilitator.model.meeting import Meeting, Recording, meeting_field_labels
    from facilitator.model.memo import MemoEntry, MemoRevision, memo_field_labels
    from facilitator.model.outcome import Outcome, outcome_field_labels
    from facilitator.model.pattern import MeetingPattern, pattern_field_labels
    from facilitator.model.person import Person, person_field_labels

    common = _common()
    if cls is Group:
        return {**common, **group_field_labels(), "archived": _("Archived"), "pattern": _("Pattern"),
                "agenda_template": _("Agenda template")}  # fmt: skip
    if cls is MeetingPattern:
        return pattern_field_labels()
    if cls is Person:
        return {**common, **person_field_labels(), "erased_salt": _("Erasure"), "erased_marks": _("Erasure")}
    if cls is Meeting:
        return {**common, **_meeting_form_labels(), **meeting_field_labels(), "host_id": _("Host"),
                "edited_by_hand": _("Chosen by hand"), "host_reason": _("Why this host"),
                "declined_by": _("Declined to host")}  # fmt: skip
    if cls is Recording:
        return {"started_at": _("Started"), "stopped_at": _("Stopped")}
    if cls is Absence:
        return {**common, **absence_field_labels()}
    if cls is Interview:
        return {**common, **interview_field_labels()}
    if cls is Outcome:
        return {**common, **outcome_field_labels(), "draft": _("Draft")}
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


def _meeting_form_labels() -> dict[str, str]:
    """The labels of a meeting's fields its forms show: the preparation form (theme, place, why
    this theme) and the closing form (conclusions). Those forms are the domain's, above the model:
    asked when a meeting's problem is told, never at import."""
    from facilitator.agenda import preparation_field_labels
    from facilitator.closing import closing_field_labels

    return {**preparation_field_labels(), **closing_field_labels()}
