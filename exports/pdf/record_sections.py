"""The facilitator's record's own sections, after what the participants' summary holds: the
needs noted, the time each agenda item took against its plan, the recording and its consents,
the feedback, and every memo entry in order. :mod:`exports.pdf.summary` puts the pages together.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from exports.pdf.memo_rows import MemoRow, MemoTable, small_header_style, small_muted_style, small_style
from exports.pdf.styles import (
    CELL_PADDING,
    CONTENT_WIDTH,
    FONT_BOLD,
    INK,
    Paragraph,
    TableCell,
    TableCommand,
    muted,
    styles,
)
from exports.pdf.tables import LONG_ROW_CHARACTERS, long_table, text_width
from facilitator.dates import format_count, format_long_date, format_time, format_time_range
from facilitator.i18n import _
from facilitator.model import MemoKind
from facilitator.pseudonyms import shown_pseudonyms
from facilitator.summary import MeetingSummary, SummaryEntry, describe_difference, describe_recordings, format_offset

#: Extra room between a right-aligned column and a left-aligned one beside it.
_GAP = 3 * mm


def needs_section(needs: Sequence[SummaryEntry]) -> list[Flowable]:
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
                Paragraph(escape(shown_pseudonyms(entry.text)), style.cell),
                Paragraph(escape(shown_pseudonyms(", ".join(entry.people))), style.cell),
            ]
        )
    time_width = text_width([_("Time"), *times], FONT_BOLD, style.cell.fontSize)
    who_width = 0.26 * CONTENT_WIDTH
    return [long_table(rows, [time_width, CONTENT_WIDTH - time_width - who_width, who_width])]


def timings_section(summary: MeetingSummary) -> list[Flowable]:
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
        planned = _minutes(timing.planned)
        actual = _minutes(timing.actual) if timing.actual is not None else _("did not run")
        difference = describe_difference(timing.difference)
        for column, text in zip(texts, (ran, planned, actual, difference), strict=True):
            column.append(text)
        over = timing.difference is not None and timing.difference > 0
        rows.append(
            [
                Paragraph(escape(shown_pseudonyms(timing.title)), style.cell),
                Paragraph(escape(ran), style.cell),
                Paragraph(escape(planned), styles().number_cell),
                Paragraph(escape(actual), styles().number_cell),
                Paragraph(f"<b>{escape(difference)}</b>" if over else escape(difference), style.cell),
            ]
        )
    planned_total = sum(timing.planned for timing in summary.timings)
    actual_total = sum(timing.actual or 0 for timing in summary.timings)
    totals = [_minutes(planned_total), _minutes(actual_total)]
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
    widths = [text_width(column, FONT_BOLD, style.cell.fontSize) for column in texts]
    widths[3] += _GAP  # the difference, left-aligned, stands apart from the right-aligned minutes
    commands: list[TableCommand] = [
        ("LINEABOVE", (0, -1), (-1, -1), 0.8, INK),
        ("LEFTPADDING", (4, 0), (4, -1), CELL_PADDING + _GAP),
    ]
    return [long_table(rows, [CONTENT_WIDTH - sum(widths), *widths], commands)]


def consent_section(summary: MeetingSummary) -> list[Flowable]:
    style = styles()
    lines = [describe_recordings(summary)]
    present = summary.present
    consented = [attendee for attendee in present if attendee.audio_consent]
    lines.append(
        _("{consented} of the {present} present had consented to audio recording.").format(
            consented=format_count(len(consented)), present=format_count(len(present))
        )
    )
    here = [shown_pseudonyms(attendee.name) for attendee in present if attendee.consent_given_here]
    if here:
        lines.append(_("Consent given at this meeting: {names}.").format(names=", ".join(here)))
    missing = [shown_pseudonyms(attendee.name) for attendee in summary.without_audio_consent]
    if missing:
        lines.append(_("Without audio consent: {names}.").format(names=", ".join(missing)))
    return [Paragraph(escape(line), style.body) for line in lines]


def feedback_line(summary: MeetingSummary) -> str:
    feedback = summary.feedback
    if not feedback.responses:
        return _("No feedback was entered.")
    return feedback.describe()


def memo_section(entries: Sequence[SummaryEntry]) -> list[Flowable]:
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
        text_width([header[0], *times], FONT_BOLD, cell.fontSize),
        text_width([header[1], *offsets], FONT_BOLD, cell.fontSize),
        text_width([header[2], *kinds], FONT_BOLD, cell.fontSize),
    ]
    widths.append(CONTENT_WIDTH - sum(widths))
    rows: list[MemoRow] = []
    current_item: str | None = None
    for entry, time, offset, kind in zip(entries, times, offsets, kinds, strict=True):
        heading = None
        if entry.item_title != current_item:
            current_item = entry.item_title
            heading = shown_pseudonyms(current_item) or _("Before the agenda started")
        weight = bold if entry.kind in _WEIGHTY else cell
        columns = [
            [(time, cell)],
            [(offset, cell)],
            [(kind, weight)],
            [(shown_pseudonyms(entry.text), cell), (shown_pseudonyms(_entry_details(entry)), aside)],
        ]
        rows.append(MemoRow(columns, widths, heading=heading))
    long_entry = any(row.characters > LONG_ROW_CHARACTERS for row in rows)
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


def _minutes(count: int) -> str:
    return _("{minutes} min").format(minutes=format_count(count))
