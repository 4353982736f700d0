"""A person's data report as an A4 PDF: a heading per kind of data, a table under each, dates in
the user's locale, and "none" said where the workspace holds nothing of that kind."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.platypus import Flowable, Spacer

from exports.pdf.styles import CONTENT_WIDTH, FONT, FONT_BOLD, Paragraph, TableCell, build_pdf, muted, styles
from exports.pdf.tables import long_table, text_width
from exports.person_report.texts import (
    audience_label,
    feedback_statement,
    field_value,
    form_label,
    introduction,
    naming_label,
    title,
)
from facilitator.dates import format_date, format_time
from facilitator.i18n import _, pgettext
from facilitator.local_time import local_moment
from facilitator.model.person import PERSON_FIELDS, person_field_labels
from facilitator.model.ranges import in_range
from facilitator.person_data import EntryAboutThem, MeetingPart, PersonData


def write_person_report_pdf(data: PersonData, path: Path, today: date) -> Path:
    """Lay the report out and write it to ``path`` atomically."""
    story: list[Flowable] = [
        Paragraph(escape(title(data.person)), styles().title),
        Paragraph(escape(data.group.name), styles().subtitle),
        Paragraph(escape(introduction(data.group.name, today)), styles().body),
    ]
    story += _section(_("Roster record"), _roster(data))
    story += _section(_("Attendance at meetings"), _attended(data.attended))
    story += _section(_("Meetings hosted"), _hosted(data.hosted))
    if data.declined:
        story += _section(_("Meetings declined to host"), _meetings(data.declined))
    story += _section(_("Action items owned"), _entries(data.actions, action=True))
    story += _section(_("Needs recorded"), _entries(data.needs, how=True))
    story += _section(_("Memo entries naming the person"), _entries(data.mentions, how=True))
    story += _section(_("Absences"), _absences(data))
    story += [
        Spacer(1, 4),
        Paragraph(escape(_("Feedback")), styles().subtitle),
        Paragraph(escape(feedback_statement(data.feedback_at_their_meetings)), styles().body),
    ]
    story += _section(_("Sync bundles that carried these records"), _bundles(data))
    if data.set_aside:
        heading = _("Held about the person, left out above: a time cannot be placed on a calendar")
        story += _section(heading, [Paragraph(escape(told), styles().body) for told in data.set_aside])
    return build_pdf(path, story, title=title(data.person), group_name=data.group.name, printed_on=today)


def _section(heading: str, body: list[Flowable] | None) -> list[Flowable]:
    """A heading and its table, or "None." when the workspace holds nothing of the kind."""
    parts: list[Flowable] = [Spacer(1, 4), Paragraph(escape(heading), styles().subtitle)]
    return parts + (body if body else [Paragraph(muted(_("None.")), styles().body)])


def _cell(text: str) -> Paragraph:
    return Paragraph(escape(text), styles().cell)


def _header(*labels: str) -> list[TableCell]:
    return [Paragraph(escape(label), styles().header_cell) for label in labels]


def _table(header: list[TableCell], rows: list[list[TableCell]], fixed: Sequence[float]) -> list[Flowable]:
    """A full-width table whose last column takes what the ``fixed`` widths leave."""
    widths = [*fixed, CONTENT_WIDTH - sum(fixed)]
    return [long_table([header, *rows], widths)]


def _width(header: str, texts: Iterable[str]) -> float:
    """The width of a column that sets ``header`` (bold) and each of ``texts`` on one line."""
    size = styles().cell.fontSize
    return max(text_width([header], FONT_BOLD, size), text_width(list(texts), FONT, size))


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
    cells: list[list[TableCell]] = [[_cell(label), _cell(value)] for label, value in rows]
    return _table(_header(field, _("Value")), cells, [_width(field, (label for label, _value in rows))])


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
        _width(day, (row[0] for row in rows)),
        min(_width(attendance, (row[1] for row in rows)), CONTENT_WIDTH / 3),
    ]
    return _table(_header(day, attendance, _("Theme")), [list(map(_cell, row)) for row in rows], widths)


def _hosted(parts: Sequence[MeetingPart]) -> list[Flowable] | None:
    if not parts:
        return None
    rows = [
        [format_date(part.day), part.meeting.status.label, part.meeting.location, part.meeting.theme or "–"]
        for part in parts
    ]
    day, status, place = _("Date"), _("Status"), _("Place")
    widths = [_width(day, (row[0] for row in rows)), _width(status, (row[1] for row in rows))]
    widths.append(min(_width(place, (row[2] for row in rows)), (CONTENT_WIDTH - sum(widths)) * 0.4))
    return _table(_header(day, status, place, _("Theme")), [list(map(_cell, row)) for row in rows], widths)


def _meetings(parts: Sequence[MeetingPart]) -> list[Flowable]:
    rows = [[format_date(part.day), part.meeting.theme or "–"] for part in parts]
    day = _("Date")
    return _table(
        _header(day, _("Theme")), [list(map(_cell, row)) for row in rows], [_width(day, (row[0] for row in rows))]
    )


def _entries(found: Sequence[EntryAboutThem], *, action: bool = False, how: bool = False) -> list[Flowable] | None:
    if not found:
        return None
    rows: list[list[TableCell]] = []
    for about in found:
        entry = about.entry
        text: list[Flowable] = [_cell(entry.text)]
        if action:
            due = _("due {date}").format(date=format_date(entry.due)) if entry.due else ""
            text.append(_note(", ".join(filter(None, [entry.action_status.label, due]))))
        if how:
            text.append(_note(", ".join([entry.kind.label, *(naming_label(naming) for naming in about.namings)])))
        if entry.revisions:
            earlier = "; ".join(f"“{revision.text}”" for revision in entry.revisions)
            text.append(_note(_("Earlier wording: {texts}").format(texts=earlier)))
        rows.append([_cell(format_date(about.day)), text])
    day = _("Date")
    widths = [_width(day, (format_date(about.day) for about in found))]
    return _table(_header(day, _("Entry")), rows, widths)


def _note(text: str) -> Paragraph:
    return Paragraph(muted(text), styles().cell_note)


def _absences(data: PersonData) -> list[Flowable] | None:
    if not data.absences:
        return None
    rows = [
        [format_date(absence.starts), format_date(absence.ends), absence.reason or "–"] for absence in data.absences
    ]
    start, end = _("From"), _("Until")
    widths = [_width(start, (row[0] for row in rows)), _width(end, (row[1] for row in rows))]
    return _table(_header(start, end, _("Reason")), [list(map(_cell, row)) for row in rows], widths)


def _bundles(data: PersonData) -> list[Flowable] | None:
    if not data.bundles:
        return None
    written, whom = _("Written"), _("For")
    moments = [_moment(bundle.made_at, data) for bundle in data.bundles]
    audiences = [audience_label(bundle.audience) for bundle in data.bundles]
    rows: list[list[TableCell]] = [
        [_cell(moment), _cell(audience), [_cell(form_label(bundle.form)), _note(Path(bundle.file).name)]]
        for moment, audience, bundle in zip(moments, audiences, data.bundles, strict=True)
    ]
    widths = [_width(written, moments), min(_width(whom, audiences), CONTENT_WIDTH * 0.3)]
    return _table(_header(written, whom, _("How")), rows, widths)
