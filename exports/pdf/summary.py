"""The papers of a held meeting: the participants' summary and the facilitator's record.

The **participants' summary** goes to everyone who was there: the meeting's facts, who attended,
the conclusions, decisions and action items, and the next meeting. It holds nothing private: no
needs noted, no recording offsets, no activity codes, no feedback.

The **facilitator's record** is the archival record of the meeting: all of the above, then the
needs noted, the time each agenda item took against its plan, the recording and its consents, the
feedback's count and averages, and every memo entry in order with its time, recording offset,
kind, codes and people, under the agenda item it was written in. Its tables run over as many
pages as they need, repeating their header row on each.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table, TableStyle

from exports.pdf.agenda import build_meeting_pdf, heading, meeting_facts
from exports.pdf.memo_rows import (
    MemoRow,
    MemoTable,
    small_header_style,
    small_muted_style,
    small_style,
)
from exports.pdf.styles import (
    CELL_PADDING,
    CONTENT_WIDTH,
    FONT,
    FONT_BOLD,
    INK,
    Paragraph,
    TableCell,
    TableCommand,
    muted,
    styles,
    table_style,
)
from facilitator.dates import format_long_date, format_time, format_time_range
from facilitator.i18n import _, ngettext
from facilitator.model import MemoKind
from facilitator.summary import (
    Attendee,
    MeetingSummary,
    SummaryEntry,
    describe_difference,
    describe_next,
    describe_recordings,
    format_offset,
)

#: The two variants: who they are for.
VARIANTS = ("participants", "record")

#: The room a long section needs at the foot of a page to start there: its heading and a few rows.
_LONG_SECTION_ROOM = 45 * mm
#: Extra room between a right-aligned column and a left-aligned one beside it.
_GAP = 3 * mm


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
        meeting_facts(summary.meeting, summary.host, summary.starts_at, summary.ends_at),
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
            *_section(_("Needs noted"), _needs(summary.needs)),
            *_section(_("Time per agenda item"), _timings(summary)),
            *_section(_("Recording and consent"), _consent(summary)),
            *_section(_("Feedback"), [Paragraph(escape(_feedback(summary)), styles().body)]),
            *_section(
                ngettext("Memo: {count} entry", "Memo: {count} entries", len(summary.entries)).format(
                    count=len(summary.entries)
                ),
                _memo(summary.entries),
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
    return [Paragraph(escape(line), styles().bullet, bulletText="•") for line in lines]


def _text_width(texts: Sequence[str], font: str, size: float) -> float:
    """The width of the widest of ``texts`` on one line, with the cell's padding."""
    return max((stringWidth(text, font, size) for text in set(texts)), default=0) + 2 * CELL_PADDING + 1


#: More characters than this in one cell may not fit on one page.
_LONG_ROW_CHARACTERS = 2000


def _text_length(cell: object) -> int:
    if isinstance(cell, MemoRow):
        return sum(len(text) for blocks in cell.columns for text, _style in blocks)
    return len(getattr(cell, "text", "") or "")


def _table(rows: list[list[TableCell]], widths: Sequence[float], extra: Sequence[TableCommand] = ()) -> Table:
    """A full-width table whose header repeats on every page it runs over."""
    # A table with a row that may be taller than a page (a very long entry) splits rows where the
    # page ends rather than fail; otherwise each row stays whole on one page.
    split_in_row = int(any(_text_length(cell) > _LONG_ROW_CHARACTERS for row in rows for cell in row))
    table = Table(
        rows, colWidths=list(widths), repeatRows=1, style=table_style(), hAlign="LEFT", splitInRow=split_in_row
    )
    if extra:
        table.setStyle(TableStyle(list(extra)))
    return table


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
                Paragraph(escape(attendee.name), style.cell),
                Paragraph(escape(attendee.organisation), style.cell),
                Paragraph(escape(attendee.role_label), style.cell_note),
            ]
            if record:
                row.append(Paragraph(escape(_consent_label(attendee)), style.cell_note))
            rows.append(row)
        widths = [0.30, 0.30, 0.17, 0.23] if record else [0.38, 0.42, 0.20]
        parts.append(_table(rows, [share * CONTENT_WIDTH for share in widths]))
    counted = _("Members present: {members} · guests: {guests}").format(
        members=len(summary.members), guests=len(summary.guests)
    )
    parts.append(Spacer(0, 1.5 * mm))
    parts.append(Paragraph(escape(counted), style.note))
    if summary.apologies:
        names = ", ".join(person.name for person in summary.apologies)
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
                Paragraph(escape(entry.text), style.cell),
                Paragraph(escape(entry.owner), style.cell),
                Paragraph(escape(due), style.cell),
            ]
        )
    due_width = _text_width([_("Due"), *dues], FONT, style.cell.fontSize)
    owner_width = 0.26 * CONTENT_WIDTH
    return [_table(rows, [CONTENT_WIDTH - owner_width - due_width, owner_width, due_width])]


# -- the record's part ---------------------------------------------------------------------------


def _needs(needs: Sequence[SummaryEntry]) -> list[Flowable]:
    style = styles()
    if not needs:
        return [Paragraph(muted(_("No needs were noted.")), style.body)]
    rows: list[list[TableCell]] = [
        [
            Paragraph(escape(_("Time")), style.header_cell),
            Paragraph(escape(_("Need")), style.header_cell),
            Paragraph(escape(_("Who")), style.header_cell),
        ]
    ]
    times = [format_time(entry.written_at) for entry in needs]
    for entry, time in zip(needs, times, strict=True):
        rows.append(
            [
                Paragraph(time, style.cell),
                Paragraph(escape(entry.text), style.cell),
                Paragraph(escape(", ".join(entry.people)), style.cell),
            ]
        )
    time_width = _text_width([_("Time"), *times], FONT_BOLD, style.cell.fontSize)
    who_width = 0.26 * CONTENT_WIDTH
    return [_table(rows, [time_width, CONTENT_WIDTH - time_width - who_width, who_width])]


def _timings(summary: MeetingSummary) -> list[Flowable]:
    style = styles()
    if not summary.timings:
        return [Paragraph(muted(_("The meeting had no agenda.")), style.body)]
    header: list[TableCell] = [
        Paragraph(escape(_("Item")), style.header_cell),
        Paragraph(escape(_("Ran")), style.header_cell),
        Paragraph(escape(_("Planned")), styles().number_header_cell),
        Paragraph(escape(_("Actual")), styles().number_header_cell),
        Paragraph(escape(_("Difference")), style.header_cell),
    ]
    rows = [header]
    texts: list[list[str]] = [[_("Ran")], [_("Planned")], [_("Actual")], [_("Difference")]]
    for timing in summary.timings:
        ran = ""
        if timing.started_at and timing.ended_at:
            ran = format_time_range(timing.started_at, timing.ended_at)
        elif timing.started_at:
            ran = _("from {time}").format(time=format_time(timing.started_at))
        planned = _("{minutes} min").format(minutes=timing.planned)
        actual = _("{minutes} min").format(minutes=timing.actual) if timing.actual is not None else _("did not run")
        difference = describe_difference(timing.difference)
        for column, text in zip(texts, (ran, planned, actual, difference), strict=True):
            column.append(text)
        over = timing.difference is not None and timing.difference > 0
        rows.append(
            [
                Paragraph(escape(timing.title), style.cell),
                Paragraph(escape(ran), style.cell),
                Paragraph(escape(planned), styles().number_cell),
                Paragraph(escape(actual), styles().number_cell),
                Paragraph(f"<b>{escape(difference)}</b>" if over else escape(difference), style.cell),
            ]
        )
    planned_total = sum(timing.planned for timing in summary.timings)
    actual_total = sum(timing.actual or 0 for timing in summary.timings)
    totals = [_("{minutes} min").format(minutes=planned_total), _("{minutes} min").format(minutes=actual_total)]
    ran_all = all(timing.actual is not None for timing in summary.timings)
    total_difference = describe_difference(actual_total - planned_total) if ran_all else ""
    rows.append(
        [
            Paragraph(f"<b>{escape(_('Total'))}</b>", style.cell),
            "",
            Paragraph(f"<b>{escape(totals[0])}</b>", styles().number_cell),
            Paragraph(f"<b>{escape(totals[1])}</b>", styles().number_cell),
            Paragraph(f"<b>{escape(total_difference)}</b>", style.cell),
        ]
    )
    texts[1].append(totals[0])
    texts[2].append(totals[1])
    texts[3].append(total_difference)
    widths = [_text_width(column, FONT_BOLD, style.cell.fontSize) for column in texts]
    widths[3] += _GAP  # the difference, left-aligned, stands apart from the right-aligned minutes
    commands: list[TableCommand] = [
        ("LINEABOVE", (0, -1), (-1, -1), 0.8, INK),
        ("LEFTPADDING", (4, 0), (4, -1), CELL_PADDING + _GAP),
    ]
    return [_table(rows, [CONTENT_WIDTH - sum(widths), *widths], commands)]


def _consent(summary: MeetingSummary) -> list[Flowable]:
    style = styles()
    lines = [describe_recordings(summary)]
    present = summary.present
    consented = [attendee for attendee in present if attendee.audio_consent]
    lines.append(
        _("{consented} of the {present} present had consented to audio recording.").format(
            consented=len(consented), present=len(present)
        )
    )
    here = [attendee.name for attendee in present if attendee.consent_given_here]
    if here:
        lines.append(_("Consent given at this meeting: {names}.").format(names=", ".join(here)))
    missing = [attendee.name for attendee in summary.without_audio_consent]
    if missing:
        lines.append(_("Without audio consent: {names}.").format(names=", ".join(missing)))
    return [Paragraph(escape(line), style.body) for line in lines]


def _feedback(summary: MeetingSummary) -> str:
    feedback = summary.feedback
    if not feedback.responses:
        return _("No feedback was entered.")
    return feedback.describe()


def _memo(entries: Sequence[SummaryEntry]) -> list[Flowable]:
    """Every entry in order under the agenda item it was written in, as one long table.

    A meeting may hold hundreds of entries. Each row of the table is one :class:`MemoRow` that
    sets its four columns itself (wrapped once): a table of Paragraph cells, which a table running
    over many pages wraps again at every page, takes seconds. The :class:`MemoTable` of them lays
    them out on the pages itself, where a reportlab Table would measure them all again at each.
    """
    if not entries:
        return [Paragraph(muted(_("The memo is empty.")), styles().body)]
    cell, bold, aside = small_style(), small_header_style(), small_muted_style()
    header = [_("Time"), _("Rec."), _("Kind"), _("Entry")]
    times = [format_time(entry.written_at) for entry in entries]
    offsets = [format_offset(entry.recording_offset) for entry in entries]
    kinds = [entry.kind.label for entry in entries]
    widths = [
        _text_width([header[0], *times], FONT_BOLD, cell.fontSize),
        _text_width([header[1], *offsets], FONT_BOLD, cell.fontSize),
        _text_width([header[2], *kinds], FONT_BOLD, cell.fontSize),
    ]
    widths.append(CONTENT_WIDTH - sum(widths))
    rows: list[MemoRow] = []
    current_item: str | None = None
    for entry, time, offset, kind in zip(entries, times, offsets, kinds, strict=True):
        heading = None
        if entry.item_title != current_item:
            current_item = entry.item_title
            heading = current_item or _("Before the agenda started")
        weight = bold if entry.kind in _WEIGHTY else cell
        columns = [
            [(time, cell)],
            [(offset, cell)],
            [(kind, weight)],
            [(entry.text, cell), (_entry_details(entry), aside)],
        ]
        rows.append(MemoRow(columns, widths, heading=heading))
    long_entry = any(_text_length(row) > _LONG_ROW_CHARACTERS for row in rows)
    return [MemoTable(MemoRow([[(text, bold)] for text in header], widths), rows, split_in_row=long_entry)]


#: The kinds of entry printed in bold in the memo: what the group decided, promised and needs.
_WEIGHTY = frozenset({MemoKind.DECISION, MemoKind.ACTION, MemoKind.NEED})


def _entry_details(entry: SummaryEntry) -> str:
    """The muted second line of a memo entry: codes, people, an action's owner and due date."""
    parts = []
    if entry.codes:
        parts.append(" ".join(f"#{code}" for code in entry.codes))
    others = [name for name in entry.people if name != entry.owner]
    if entry.owner:
        parts.append(_("owner: {name}").format(name=entry.owner))
    if others:
        parts.append(_("people: {names}").format(names=", ".join(others)))
    if entry.due:
        parts.append(_("due {day}").format(day=format_long_date(entry.due)))
    if entry.entry.revisions:
        parts.append(_("edited"))
    return " · ".join(parts)
