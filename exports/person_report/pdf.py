"""A person's data report as an A4 PDF: a heading per kind of data, a table under each, dates in
the user's locale, and "none" said where the workspace holds nothing of that kind."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.platypus import Flowable

from exports.pdf.styles import CONTENT_WIDTH, Paragraph, TableCell, build_pdf, styles
from exports.pdf.tables import (
    cell as plain_cell,
    column_width,
    header_row,
    long_table,
    note_cell as plain_note_cell,
    section,
)
from exports.person_report.texts import (
    audience_label,
    feedback_statement,
    field_value,
    form_label,
    interview_lines,
    introduction,
    naming_label,
    naming_them_lines,
    outcome_lines,
    recording_text,
    recordings_statement,
    title,
)
from facilitator.dates import format_date, format_time
from facilitator.i18n import _, pgettext
from facilitator.local_time import local_moment
from facilitator.model.person import PERSON_FIELDS, person_field_labels
from facilitator.model.ranges import in_range
from facilitator.person_data import EntryAboutThem, MeetingPart, OutcomeShown, PersonData
from facilitator.pseudonyms import shown_pseudonyms


def cell(text: str) -> Flowable:
    """A table cell, the pseudonyms in it in the reader's language (the JSON file keeps them as stored)."""
    return plain_cell(shown_pseudonyms(text))


def note_cell(text: str) -> Flowable:
    """A remark under a cell's text, the pseudonyms in it in the reader's language."""
    return plain_note_cell(shown_pseudonyms(text))


def write_person_report_pdf(data: PersonData, path: Path, today: date) -> Path:
    """Lay the report out and write it to ``path`` atomically."""
    story: list[Flowable] = [
        Paragraph(escape(shown_pseudonyms(title(data.person))), styles().title),
        Paragraph(escape(data.group.name), styles().subtitle),
        Paragraph(escape(introduction(data.group.name, today)), styles().body),
    ]
    story += section(_("Roster record"), _roster(data))
    story += section(_("Attendance at meetings"), _attended(data.attended))
    if data.recorded:
        story += section(_("Recordings of meetings attended"), _recorded(data))
    story += section(_("Meetings hosted"), _hosted(data.hosted))
    if data.declined:
        story += section(_("Meetings declined to host"), _meetings(data.declined))
    story += section(_("Action items owned"), _entries(data.actions, action=True))
    story += section(_("Needs recorded"), _entries(data.needs, how=True))
    story += section(_("Memo entries naming the person"), _entries(data.mentions, how=True))
    story += section(_("Absences"), _absences(data))
    story += section(_("Growth interviews"), _interviews(data))
    story += section(_("Outcomes in the business"), _outcomes(data.outcomes))
    if data.involved_in:
        story += section(_("Outcomes of others the person took part in"), _outcomes(data.involved_in, whose=True))
    if data.interviews_naming or data.outcomes_naming:
        story += section(_("Others' interviews and outcomes naming the person"), _naming_them(data))
    story += section(
        _("Feedback"), [Paragraph(escape(feedback_statement(data.feedback_at_their_meetings)), styles().body)]
    )
    story += section(_("Sync bundles that carried these records"), _bundles(data))
    if data.set_aside:
        heading = _("Held about the person, left out above: a time cannot be placed on a calendar")
        story += section(heading, [Paragraph(escape(told), styles().body) for told in data.set_aside])
    return build_pdf(
        path, story, title=shown_pseudonyms(title(data.person)), group_name=data.group.name, printed_on=today
    )


def _table(header: list[TableCell], rows: list[list[TableCell]], fixed: Sequence[float]) -> list[Flowable]:
    """A full-width table whose last column takes what the ``fixed`` widths leave."""
    widths = [*fixed, CONTENT_WIDTH - sum(fixed)]
    return [long_table([header, *rows], widths)]


def _roster(data: PersonData) -> list[Flowable]:
    person = data.person
    labels = person_field_labels()
    rows = [(labels[field], field_value(person, field)) for field in PERSON_FIELDS]
    rows.append((_("Record id"), person.id))
    if person.created_at:
        rows.append((_("Added"), _moment(person.created_at, data)))
    if person.updated_at:
        rows.append((_("Last changed"), _moment(person.updated_at, data)))
    field = pgettext("a record's field", "Field")
    cells: list[list[TableCell]] = [[cell(label), cell(value)] for label, value in rows]
    return _table(header_row(field, _("Value")), cells, [column_width(field, (label for label, _value in rows))])


def _moment(moment: datetime, data: PersonData) -> str:
    if not in_range(moment):  # a sync time an earlier import let in (year 9999): shown as stored, in UTC
        return moment.isoformat(timespec="minutes")
    local = local_moment(moment, data.group.time_zone)
    return f"{format_date(local.date())} {format_time(local)}"


def _attended(parts: Sequence[MeetingPart]) -> list[Flowable] | None:
    if not parts:
        return None
    rows: list[list[str]] = []
    for part in parts:
        notes = [part.presence.label if part.presence else ""]
        if part.audio_consent:
            notes.append(_("consented to recording at the meeting"))
        rows.append([format_date(part.day), ", ".join(notes), part.meeting.theme or "–"])
    day, attendance = _("Date"), _("Attendance")
    widths = [
        column_width(day, (row[0] for row in rows)),
        min(column_width(attendance, (row[1] for row in rows)), CONTENT_WIDTH / 3),
    ]
    return _table(header_row(day, attendance, _("Theme")), [list(map(cell, row)) for row in rows], widths)


def _recorded(data: PersonData) -> list[Flowable]:
    rows = [[format_date(found.day), recording_text(found), found.meeting.theme or "–"] for found in data.recorded]
    day, sound = _("Date"), _("Recording")
    widths = [
        column_width(day, (row[0] for row in rows)),
        min(column_width(sound, (row[1] for row in rows)), CONTENT_WIDTH / 2),
    ]
    table = _table(header_row(day, sound, _("Theme")), [list(map(cell, row)) for row in rows], widths)
    return [Paragraph(escape(recordings_statement()), styles().body), *table]


def _hosted(parts: Sequence[MeetingPart]) -> list[Flowable] | None:
    if not parts:
        return None
    rows = [
        [format_date(part.day), part.meeting.status.label, part.meeting.location, part.meeting.theme or "–"]
        for part in parts
    ]
    day, status, place = _("Date"), _("Status"), _("Place")
    widths = [column_width(day, (row[0] for row in rows)), column_width(status, (row[1] for row in rows))]
    widths.append(min(column_width(place, (row[2] for row in rows)), (CONTENT_WIDTH - sum(widths)) * 0.4))
    return _table(header_row(day, status, place, _("Theme")), [list(map(cell, row)) for row in rows], widths)


def _meetings(parts: Sequence[MeetingPart]) -> list[Flowable]:
    rows = [[format_date(part.day), part.meeting.theme or "–"] for part in parts]
    day = _("Date")
    return _table(
        header_row(day, _("Theme")),
        [list(map(cell, row)) for row in rows],
        [column_width(day, (row[0] for row in rows))],
    )


def _entries(found: Sequence[EntryAboutThem], *, action: bool = False, how: bool = False) -> list[Flowable] | None:
    if not found:
        return None
    rows: list[list[TableCell]] = []
    for about in found:
        entry = about.entry
        text: list[Flowable] = [cell(entry.text)]
        if action:
            due = _("due {date}").format(date=format_date(entry.due)) if entry.due else ""
            text.append(note_cell(", ".join(filter(None, [entry.action_status.label, due]))))
        if how:
            text.append(note_cell(", ".join([entry.kind.label, *(naming_label(naming) for naming in about.namings)])))
        if entry.revisions:
            earlier = "; ".join(f"“{revision.text}”" for revision in entry.revisions)
            text.append(note_cell(_("Earlier wording: {texts}").format(texts=earlier)))
        rows.append([cell(format_date(about.day)), text])
    day = _("Date")
    widths = [column_width(day, (format_date(about.day) for about in found))]
    return _table(header_row(day, _("Entry")), rows, widths)


def _interviews(data: PersonData) -> list[Flowable] | None:
    return _dated([(interview.day, interview_lines(interview)) for interview in data.interviews])


def _outcomes(found: Sequence[OutcomeShown], *, whose: bool = False) -> list[Flowable] | None:
    return _dated([(shown.outcome.day, outcome_lines(shown, whose=whose)) for shown in found])


def _naming_them(data: PersonData) -> list[Flowable] | None:
    found = sorted([*data.interviews_naming, *data.outcomes_naming], key=lambda found: found.record.day)
    return _dated([(naming.record.day, naming_them_lines(naming)) for naming in found])


def _dated(records: Sequence[tuple[date, list[str]]]) -> list[Flowable] | None:
    """A table of records by their day, each record's lines stacked in one cell, all in the cell's
    own text (a record's answers are read, not remarks)."""
    if not records:
        return None
    rows: list[list[TableCell]] = [[cell(format_date(day)), [cell(line) for line in lines]] for day, lines in records]
    day = _("Date")
    widths = [column_width(day, (format_date(day) for day, _lines in records))]
    return _table(header_row(day, _("What was recorded")), rows, widths)


def _absences(data: PersonData) -> list[Flowable] | None:
    if not data.absences:
        return None
    rows = [
        [format_date(absence.starts), format_date(absence.ends), absence.reason or "–"] for absence in data.absences
    ]
    start, end = _("From"), _("Until")
    widths = [column_width(start, (row[0] for row in rows)), column_width(end, (row[1] for row in rows))]
    return _table(header_row(start, end, _("Reason")), [list(map(cell, row)) for row in rows], widths)


def _bundles(data: PersonData) -> list[Flowable] | None:
    if not data.bundles:
        return None
    written, whom = _("Written"), _("For")
    moments = [_moment(bundle.made_at, data) for bundle in data.bundles]
    audiences = [audience_label(bundle.audience) for bundle in data.bundles]
    rows: list[list[TableCell]] = [
        [cell(moment), cell(audience), [cell(form_label(bundle.form)), note_cell(Path(bundle.file).name)]]
        for moment, audience, bundle in zip(moments, audiences, data.bundles, strict=True)
    ]
    widths = [column_width(written, moments), min(column_width(whom, audiences), CONTENT_WIDTH * 0.3)]
    return _table(header_row(written, whom, _("How")), rows, widths)
