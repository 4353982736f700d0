"""The printed agenda of one meeting: when and where, the host and the theme, the items with
their clock times, the follow-ups carried over, and ruled space for notes, on one A4 page."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import datetime, tzinfo
from pathlib import Path
from typing import NamedTuple
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from exports.pdf.ruled import RuledLines
from exports.pdf.styles import (
    CONTENT_WIDTH,
    FONT,
    INK,
    MUTED,
    TableCell,
    build_pdf,
    muted,
    styles,
    table_style,
)
from exports.pdf.tables import fitted_width
from facilitator.agenda import clocked
from facilitator.dates import format_count, format_day, format_long_day, format_time_range
from facilitator.i18n import _
from facilitator.local_time import local_day
from facilitator.model import AgendaItem, Group, Meeting, Person, utc_now
from facilitator.pseudonyms import shown_pseudonyms

#: The share of the width left after the clock times and minutes that an item's title takes.
_TITLE_SHARE = 0.64
#: How far apart the ruled lines of the notes area are, and how many there are at least.
_NOTE_LINE_SPACING = 8 * mm
_NOTE_LINES_AT_LEAST = 4
#: The slant of the host's note: the embedded DejaVu Sans has no italic face.
_SLANT_DEGREES = 11


def write_agenda_pdf(
    group: Group,
    meeting: Meeting,
    host: Person | None,
    items: Sequence[AgendaItem],
    follow_ups: Sequence[str],
    path: Path,
    time_zone: str | tzinfo,
) -> Path:
    """Write the agenda of ``meeting`` to ``path`` (atomically) and return the path.

    Times are shown in ``time_zone`` (the group's zone, a name such as "Europe/Helsinki").
    ``items`` are printed in the order given; ``follow_ups`` are the open items carried over
    from earlier meetings, one line each. Raises :class:`~exports.errors.ExportFailed` naming
    the path when it cannot be written.
    """
    starts, ends = local_times(meeting, time_zone)
    title = _("Agenda")
    items = [item for item in items if not item.deleted]
    story = [
        *heading(group, title),
        meeting_facts(meeting, host, starts, ends),
        Spacer(0, 5 * mm),
        _items_table(items, starts) if items else Paragraph(escape(_("No agenda items yet.")), styles().body),
        *_follow_ups(follow_ups),
        Spacer(0, 3 * mm),
        RuledLines(Paragraph(escape(_("Notes")), _section_style()), _NOTE_LINE_SPACING, _NOTE_LINES_AT_LEAST),
    ]
    return build_meeting_pdf(path, story, group, title, starts)


def build_meeting_pdf(path: Path, story: list[Flowable], group: Group, title: str, starts: datetime) -> Path:
    """Build one of a meeting's papers: titled and footed with the group, the paper and the date,
    and printed on the group's today."""
    return build_pdf(
        path,
        story,
        title=_("{group} – {title}").format(group=group.name, title=title),
        group_name=footer_label(group, title, starts),
        printed_on=local_day(utc_now(), group.time_zone),
        author=group.pbas_organisation,
    )


# -- shared with the sign-in sheet ---------------------------------------------------------------


def local_times(meeting: Meeting, time_zone: str | tzinfo) -> tuple[datetime, datetime]:
    """The meeting's start and end on the clocks of ``time_zone``."""
    zone = ZoneInfo(time_zone) if isinstance(time_zone, str) else time_zone
    return meeting.starts_at.astimezone(zone), meeting.ends_at.astimezone(zone)


def meeting_place(meeting: Meeting, host: Person | None) -> str:
    """Where the meeting is: its own location, else the host's premises."""
    return meeting.location or (host.premises_address if host else "")


def heading(group: Group, title: str) -> list[Flowable]:
    style = styles()
    return [Paragraph(escape(group.name), style.title), Paragraph(escape(title), style.subtitle)]


def footer_label(group: Group, title: str, starts: datetime) -> str:
    """What the footer of every page says, so a loose sheet still tells which meeting it is for.
    The day is the short form: a long group name and the spelled-out day would not both fit."""
    return _("{group} · {title} · {day}").format(group=group.name, title=title, day=format_day(starts.date()))


def meeting_facts(
    meeting: Meeting, host: Person | None, starts: datetime, ends: datetime, *, compact: bool = False
) -> Table:
    """Date, time, place, host and company, and the theme with the host's note, label by label.

    ``compact`` (the sign-in sheet) puts the time on the date's line and leaves out the host and
    the host's note, to leave the page to the rows.
    """
    style = styles()
    label_style = _label_style()
    day, clock = escape(format_long_day(starts.date())), escape(format_time_range(starts, ends))
    if compact:
        when = _("{day}, {time}").format(day=f"<b>{day}</b>", time=clock)
        rows: list[tuple[str, Flowable | list[Flowable]]] = [(_("Date"), Paragraph(when, style.body))]
    else:
        rows = [(_("Date"), Paragraph(f"<b>{day}</b>", style.body)), (_("Time"), Paragraph(clock, style.body))]
    rows.append((_("Place"), Paragraph(escape(meeting_place(meeting, host)) or "–", style.body)))
    if not compact:
        if host:
            who = f"<b>{escape(shown_pseudonyms(host.name))}</b>"
            if host.company:
                who = _("{host}, {company}").format(host=who, company=escape(shown_pseudonyms(host.company)))
            rows.append((_("Host"), Paragraph(who, style.body)))
        else:
            rows.append((_("Host"), Paragraph(muted(_("no host yet")), style.body)))
    if meeting.theme:
        theme: list[Flowable] = [Paragraph(f"<b>{escape(shown_pseudonyms(meeting.theme))}</b>", style.body)]
    else:
        theme = [Paragraph(muted(_("to be agreed with the host")), style.body)]
    if not compact and meeting.host_note:
        theme.append(_Oblique(shown_pseudonyms(meeting.host_note), _host_note_style()))
    rows.append((_("Theme"), theme))
    labels = [Paragraph(escape(label), label_style) for label, _value in rows]
    label_gap = 3 * mm
    label_width = fitted_width(labels, padding=label_gap + 1)
    table = Table(
        [[label, value] for label, (_text, value) in zip(labels, rows, strict=True)],
        colWidths=[label_width, CONTENT_WIDTH - label_width],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),  # a table sets its font for every cell: never Helvetica
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, -1), label_gap),
                ("LEFTPADDING", (1, 0), (1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return table


@functools.cache
def _label_style() -> ParagraphStyle:
    return ParagraphStyle("fact_label", parent=styles().body, textColor=MUTED)


@functools.cache
def _host_note_style() -> ParagraphStyle:
    return ParagraphStyle("host_note", parent=styles().note, fontSize=9, leading=12, textColor=INK, spaceBefore=1)


@functools.cache
def _section_style() -> ParagraphStyle:
    return ParagraphStyle("section", parent=styles().subtitle, fontSize=11.5, leading=15, spaceBefore=9, spaceAfter=3)


# -- the agenda itself ----------------------------------------------------------------------------


class _ItemRow(NamedTuple):
    """The cells of one row of the agenda's table, column by column."""

    time: Paragraph
    item: Paragraph | list[Flowable]
    minutes: Paragraph
    presenter: Paragraph


def _items_table(items: list[AgendaItem], starts: datetime) -> Table:
    style = styles()
    header = _ItemRow(
        time=Paragraph(escape(_("Time")), style.header_cell),
        item=Paragraph(escape(_("Item")), style.header_cell),
        minutes=Paragraph(escape(_("Minutes")), styles().number_header_cell),
        presenter=Paragraph(escape(_("Presenter")), style.header_cell),
    )
    rows = [header]
    for timed in clocked(items, starts):
        item = timed.item
        what: list[Flowable] = [Paragraph(escape(shown_pseudonyms(item.title)), style.cell)]
        if item.notes:
            what.append(Paragraph(escape(shown_pseudonyms(item.notes)), style.cell_note))
        rows.append(
            _ItemRow(
                time=Paragraph(escape(format_time_range(timed.starts, timed.ends)), style.cell),
                item=what,
                minutes=Paragraph(format_count(item.minutes), styles().number_cell),
                presenter=Paragraph(escape(shown_pseudonyms(item.presenter)), style.cell),
            )
        )
    total = sum(item.minutes for item in items)
    total_row: list[TableCell] = [
        "",
        Paragraph(f"<b>{escape(_('Total'))}</b>", style.cell),
        Paragraph(f"<b>{format_count(total)}</b>", styles().number_cell),
        "",
    ]
    # Clock times and minutes never wrap, in any language: those columns fit their widest text.
    time_width = fitted_width([row.time for row in rows])
    minutes_width = fitted_width([row.minutes for row in rows])
    rest = CONTENT_WIDTH - time_width - minutes_width
    widths = [time_width, rest * _TITLE_SHARE, minutes_width, rest * (1 - _TITLE_SHARE)]
    table = Table([*rows, total_row], colWidths=widths, repeatRows=1, style=table_style())
    table.setStyle(TableStyle([("LINEABOVE", (0, -1), (-1, -1), 0.8, INK)]))
    return table


def _follow_ups(follow_ups: Sequence[str]) -> list[Flowable]:
    """The open items carried over, kept on one page with their heading (when they fit on one)."""
    parts: list[Flowable] = [Paragraph(escape(_("Follow-ups from earlier meetings")), _section_style())]
    lines = [shown_pseudonyms(line.strip()) for line in follow_ups if line.strip()]
    if not lines:
        parts.append(Paragraph(escape(_("No open follow-ups.")), styles().body))
    else:
        parts += [Paragraph(escape(line), styles().bullet, bulletText="•") for line in lines]
    return [KeepTogether(parts)]


class _Oblique(Flowable):
    """Running text in slanted letters, line by line, wrapped to the width it is given.

    The embedded DejaVu Sans has no italic face and reportlab cannot slant a Paragraph, so each
    line is drawn upright-font-but-skewed about its own baseline (the text stays text: it can be
    searched and copied).
    """

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.text = " ".join(text.split())
        self.style = style
        self.lines: list[str] = []

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        style = self.style
        self.lines = simpleSplit(self.text, style.fontName, style.fontSize, availWidth - style.fontSize * 0.3)
        self.width = availWidth
        self.height = len(self.lines) * style.leading + style.spaceBefore
        return self.width, self.height

    def draw(self) -> None:
        style, canvas = self.style, self.canv
        canvas.setFont(style.fontName, style.fontSize)
        canvas.setFillColor(style.textColor)
        baseline = self.height - style.spaceBefore - style.fontSize
        for line in self.lines:
            canvas.saveState()
            canvas.translate(0, baseline)
            canvas.skew(0, _SLANT_DEGREES)
            canvas.drawString(0, 0, line)
            canvas.restoreState()
            baseline -= style.leading
