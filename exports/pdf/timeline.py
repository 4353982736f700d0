"""One entrepreneur's timeline as an A4 PDF, in the user's language: who and which firm, the
summary figures, the interviews side by side (how the growth intention and the staff moved),
then every dated event from joining on, each outcome with the meetings behind it and the members
involved. Read from the start, it tells the entrepreneur's story in the network."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.platypus import Flowable

from exports.pdf.styles import CONTENT_WIDTH, Paragraph, TableCell, build_pdf, styles
from exports.pdf.tables import cell, column_width, header_row, long_table, note_cell, section
from facilitator.dates import format_date
from facilitator.i18n import _
from facilitator.interview_answers import staff_text
from facilitator.pseudonyms import shown_pseudonyms
from facilitator.timeline import EventKind, InterviewStep, Timeline, TimelineEvent, membership_text


def timeline_title(timeline: Timeline) -> str:
    return _("Timeline of {name}").format(name=shown_pseudonyms(timeline.person.name))


def write_timeline_pdf(timeline: Timeline, path: Path) -> Path:
    """Lay the timeline out and write it to ``path`` atomically; return the path."""
    person = timeline.person
    firm = shown_pseudonyms(
        " · ".join(part for part in (person.company, person.business_field, person.municipality) if part.strip())
    )
    story: list[Flowable] = [Paragraph(escape(timeline_title(timeline)), styles().title)]
    story.append(Paragraph(escape(" · ".join(part for part in (firm, timeline.group.name) if part)), styles().subtitle))
    story.append(Paragraph(escape(membership_text(timeline)), styles().body))
    story += section(_("In figures"), _figures(timeline))
    story += section(_("Interviews"), _interviews(timeline.interviews))
    story += section(_("Events"), _events(timeline.events))
    return build_pdf(
        path, story, title=timeline_title(timeline), group_name=timeline.group.name, printed_on=timeline.today
    )


def _figures(timeline: Timeline) -> list[Flowable]:
    """The summary figures, each beside its label, the numbers right-aligned in a column as wide as
    the widest of them (as every table of figures sets them)."""
    lines = timeline.summary.lines()
    figure, value = _("Figure"), _("Value")
    style = styles()
    header: list[TableCell] = [
        Paragraph(escape(figure), style.header_cell),
        Paragraph(escape(value), style.number_header_cell),
    ]
    rows: list[list[TableCell]] = [[cell(label), Paragraph(escape(text), style.number_cell)] for label, text in lines]
    second = column_width(value, [text for _label, text in lines])
    return [long_table([header, *rows], [CONTENT_WIDTH - second, second])]


def _interviews(steps: tuple[InterviewStep, ...]) -> list[Flowable] | None:
    """One row per interview: its day and kind, the growth intention and the staff as they moved
    from the interview before, the barriers named and the interviewer."""
    if not steps:
        return None
    day, kind, intention, staff, barriers = _("Date"), _("Interview"), _("Growth intention"), _("Staff"), _("Barriers")
    days = [format_date(step.interview.day) for step in steps]
    kinds = [step.interview.kind.label for step in steps]
    staffs = [step.staff_text() or "–" for step in steps]
    rows: list[list[TableCell]] = []
    for step, shown_day, shown_kind, shown_staff in zip(steps, days, kinds, staffs, strict=True):
        interview = step.interview
        intention_cell: list[Flowable] = [cell(step.intention_text())]
        if interview.planned_staff is not None:
            intention_cell.append(
                note_cell(_("planned staff in a year {staff}").format(staff=staff_text(interview.planned_staff)))
            )
        kind_cell: list[Flowable] = [cell(shown_kind)]
        if interview.interviewer.strip():
            kind_cell.append(note_cell(shown_pseudonyms(interview.interviewer.strip())))
        named = ", ".join(barrier.label for barrier, _note_text in interview.barrier_list()) or "–"
        rows.append([cell(shown_day), kind_cell, intention_cell, cell(shown_staff), cell(named)])
    fixed = [
        column_width(day, days),
        min(column_width(kind, kinds), CONTENT_WIDTH * 0.2),
        CONTENT_WIDTH * 0.3,
        min(column_width(staff, staffs), CONTENT_WIDTH * 0.15),
    ]
    widths = [*fixed, CONTENT_WIDTH - sum(fixed)]
    return [long_table([header_row(day, kind, intention, staff, barriers), *rows], widths)]


def _events(events: tuple[TimelineEvent, ...]) -> list[Flowable] | None:
    """Every event, the oldest first: the day, what it was, and what it says with its details
    (an outcome's staff after it, the meetings behind it and the members involved)."""
    if not events:
        return None
    day, what, about = _("Date"), _("Event"), _("What happened")
    days = [format_date(event.day) for event in events]
    titles = [event.title() for event in events]
    rows: list[list[TableCell]] = []
    for event, shown_day, title in zip(events, days, titles, strict=True):
        text: list[Flowable] = [cell(event.text or "–")]
        if event.kind is EventKind.OUTCOME:
            text = [Paragraph(f"<b>{escape(event.text)}</b>", styles().cell)]
            if event.outcome is not None and event.outcome.staff_after is not None:
                text.append(note_cell(_("staff after it {staff}").format(staff=staff_text(event.outcome.staff_after))))
            text += [
                note_cell(_("after the meeting of {meeting}").format(meeting=item.text())) for item in event.meetings
            ]
            if event.involved:
                text.append(note_cell(_("members involved: {names}").format(names=", ".join(event.involved))))
        else:
            text += [note_cell(detail) for detail in event.details]
        rows.append([cell(shown_day), cell(title), text])
    fixed = [column_width(day, days), min(column_width(what, titles), CONTENT_WIDTH * 0.3)]
    widths = [*fixed, CONTENT_WIDTH - sum(fixed)]
    return [long_table([header_row(day, what, about), *rows], widths)]
