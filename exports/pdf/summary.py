"""The papers of a held meeting: the participants' summary and the facilitator's record.

The **participants' summary** goes to everyone who was there: the meeting's facts, who attended,
the conclusions, decisions and action items, and the next meeting. It holds nothing private: no
needs noted, no recording offsets, no activity codes, no feedback.

The **facilitator's record** is the archival record of the meeting: all of the above, then the
needs noted, the time each agenda item took against its plan, the recording and its consents, the
feedback's count and averages, and every memo entry in order with its time, recording offset,
kind, codes and people, under the agenda item it was written in (those sections are in
:mod:`exports.pdf.record_sections`). Its tables run over as many pages as they need, repeating
their header row on each.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from exports.pdf.agenda import build_meeting_pdf, heading, meeting_facts
from exports.pdf.record_sections import consent_section, feedback_line, memo_section, needs_section, timings_section
from exports.pdf.styles import CONTENT_WIDTH, FONT, Paragraph, TableCell, muted, styles
from exports.pdf.tables import long_table, text_width
from facilitator.dates import format_count, format_long_date
from facilitator.i18n import _, ngettext
from facilitator.model import Meeting, Person
from facilitator.pseudonyms import shown_pseudonyms
from facilitator.summary import Attendee, MeetingSummary, SummaryEntry, describe_next

#: The two variants: who they are for.
VARIANTS = ("participants", "record")

#: The room a long section needs at the foot of a page to start there: its heading and a few rows.
_LONG_SECTION_ROOM = 45 * mm


def variant_title(variant: str) -> str:
    if variant == "participants":
        return _("Meeting summary")
    if variant == "record":
        return _("Meeting record")
    raise ValueError(f"unknown summary variant {variant!r}: choose one of {', '.join(VARIANTS)}")


def write_summary_pdf(summary: MeetingSummary, variant: str, path: Path) -> Path:
    """Write the ``variant`` ("participants" or "record") of ``summary`` to ``path`` atomically and
    return the path. Raises :class:`~exports.errors.ExportFailed` naming the path when it cannot be
    written."""
    title = variant_title(variant)
    return build_meeting_pdf(path, summary_story(summary, variant), summary.group, title, summary.starts_at)


def summary_story(summary: MeetingSummary, variant: str) -> list[Flowable]:
    """The flowables of the ``variant``'s pages (for laying out elsewhere, or timing)."""
    title = variant_title(variant)
    record = variant == "record"
    story: list[Flowable] = [*heading(summary.group, title)]
    if record:
        story.append(
            Paragraph(
                escape(
                    _(
                        "The facilitator's record of the meeting: it holds the needs noted and the consents, "
                        "so keep it within the facilitation team. Participants get the meeting summary."
                    )
                ),
                styles().note,
            )
        )
    story += [
        meeting_facts(_shown_meeting(summary.meeting), _shown_host(summary.host), summary.starts_at, summary.ends_at),
        *_section(_("Who attended"), _attendance(summary, record)),
        *_section(_("Conclusions"), _bullets(summary.conclusions, _("No conclusions were recorded."))),
        *_section(
            _("Decisions"), _bullets([entry.text for entry in summary.decisions], _("No decisions were recorded."))
        ),
        *_section(_("Action items"), _actions(summary.actions)),
        *_section(_("Next meeting"), [Paragraph(escape(describe_next(summary)), styles().body)]),
    ]
    if record:
        story += [
            *_section(_("Needs noted"), needs_section(summary.needs)),
            *_section(_("Time per agenda item"), timings_section(summary)),
            *_section(_("Recording and consent"), consent_section(summary)),
            *_section(_("Feedback"), [Paragraph(escape(feedback_line(summary)), styles().body)]),
            *_section(
                ngettext("Memo: {count} entry", "Memo: {count} entries", len(summary.entries)).format(
                    count=format_count(len(summary.entries))
                ),
                memo_section(summary.entries),
                long=True,
            ),
        ]
    return story


# -- styles ----------------------------------------------------------------------------------------


@functools.cache
def _section_style() -> ParagraphStyle:
    return ParagraphStyle(
        "summary_section", parent=styles().subtitle, fontSize=11.5, leading=15, spaceBefore=10, spaceAfter=3
    )


def _section(title: str, parts: Sequence[Flowable], *, long: bool = False) -> list[Flowable]:
    """A heading and what follows it, kept on one page when they fit on one; a ``long`` section
    (the memo) starts where it is, with room for its heading and a few rows, and runs over."""
    heading = Paragraph(escape(title), _section_style())
    if long:
        return [CondPageBreak(_LONG_SECTION_ROOM), heading, *parts]
    return [KeepTogether([heading, *parts])]


def _bullets(lines: Sequence[str], empty: str) -> list[Flowable]:
    if not lines:
        return [Paragraph(muted(empty), styles().body)]
    return [Paragraph(escape(shown_pseudonyms(line)), styles().bullet, bulletText="•") for line in lines]


def _shown_meeting(meeting: Meeting) -> Meeting:
    """The meeting as its facts are printed: a coordinator's copy holds pseudonyms where names were
    typed, shown in the reader's language ("Jäsen-3F9A2C")."""
    return dataclasses.replace(
        meeting,
        theme=shown_pseudonyms(meeting.theme),
        host_note=shown_pseudonyms(meeting.host_note),
        location=shown_pseudonyms(meeting.location),
    )


def _shown_host(host: Person | None) -> Person | None:
    if host is None:
        return None
    return dataclasses.replace(host, name=shown_pseudonyms(host.name), company=shown_pseudonyms(host.company))


# -- the participants' part --------------------------------------------------------------------


def _attendance(summary: MeetingSummary, record: bool) -> list[Flowable]:
    style = styles()
    present: list[Attendee] = [*summary.members, *summary.staff, *summary.guests]
    parts: list[Flowable] = []
    if not present:
        parts.append(Paragraph(muted(_("No one was checked in.")), style.body))
    else:
        header: list[TableCell] = [
            Paragraph(escape(_("Name")), style.header_cell),
            Paragraph(escape(_("Company or organisation")), style.header_cell),
            Paragraph(escape(_("Took part as")), style.header_cell),
        ]
        if record:
            header.append(Paragraph(escape(_("Audio consent")), style.header_cell))
        rows = [header]
        for attendee in present:
            row: list[TableCell] = [
                Paragraph(escape(shown_pseudonyms(attendee.name)), style.cell),
                Paragraph(escape(shown_pseudonyms(attendee.organisation)), style.cell),
                Paragraph(escape(attendee.role_label), style.cell_note),
            ]
            if record:
                row.append(Paragraph(escape(_consent_label(attendee)), style.cell_note))
            rows.append(row)
        widths = [0.30, 0.30, 0.17, 0.23] if record else [0.38, 0.42, 0.20]
        parts.append(long_table(rows, [share * CONTENT_WIDTH for share in widths]))
    counted = _("Members present: {members} · guests: {guests}").format(
        members=format_count(len(summary.members)), guests=format_count(len(summary.guests))
    )
    parts.append(Spacer(0, 1.5 * mm))
    parts.append(Paragraph(escape(counted), style.note))
    if summary.apologies:
        names = ", ".join(shown_pseudonyms(person.name) for person in summary.apologies)
        parts.append(Paragraph(escape(_("Sent apologies: {names}").format(names=names)), style.note))
    return parts


def _consent_label(attendee: Attendee) -> str:
    if attendee.consent_given_here:
        return _("given at this meeting")
    if attendee.audio_consent:
        return _("on file")
    return _("not given")


def _actions(actions: Sequence[SummaryEntry]) -> list[Flowable]:
    style = styles()
    if not actions:
        return [Paragraph(muted(_("No action items were recorded.")), style.body)]
    rows: list[list[TableCell]] = [
        [
            Paragraph(escape(_("Action")), style.header_cell),
            Paragraph(escape(_("Owner")), style.header_cell),
            Paragraph(escape(_("Due")), style.header_cell),
        ]
    ]
    dues = [format_long_date(entry.due) if entry.due else "" for entry in actions]
    for entry, due in zip(actions, dues, strict=True):
        rows.append(
            [
                Paragraph(escape(shown_pseudonyms(entry.text)), style.cell),
                Paragraph(escape(shown_pseudonyms(entry.owner)), style.cell),
                Paragraph(escape(due), style.cell),
            ]
        )
    due_width = text_width([_("Due"), *dues], FONT, style.cell.fontSize)
    owner_width = 0.26 * CONTENT_WIDTH
    return [long_table(rows, [CONTENT_WIDTH - owner_width - due_width, owner_width, due_width])]
