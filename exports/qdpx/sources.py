"""The held meetings as the plain-text sources of a REFI-QDA project, and where each memo entry
stands in its source.

A QDA tool (ATLAS.ti, MAXQDA, NVivo, QualCoder) codes characters of a text: a coding is a start
and an end offset in a source. So each held meeting becomes one text, written here once, and the
same text serves both ways: the export places each entry's codes on exactly the entry's
characters, and the import (codings made in the tool coming back) finds the entry a selection
falls in from the same spans. Offsets count code points, 0-based, the end excluded, as QualCoder
reads and writes them; the text has ``\\n`` line endings only (ATLAS.ti counts ``\\r\\n`` as one
character, Python as two).

A source reads as a meeting memo::

    Inari peer group
    Date: 14 Mar 2025
    Meeting place's municipality: Inari
    Theme: Pricing in winter

    18:42 · Welcome · note
    Áilu opened the meeting.

    18:50 · Pricing · decision · [DD]
    We raise the winter prices by 5 %.

Everything passes through research consent as in the CSV (:mod:`exports.research_records`), the
labels and kinds are in the language in use and the times on the group's clock. The same
workspace (and language) gives the same text byte for byte, and the same GUIDs: a re-export is
identical, and a project coded in a tool still matches the sources made again.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from exports.files import meeting_detail
from exports.research_records import HeldMeeting, held_meetings
from facilitator.dates import format_date, format_time
from facilitator.i18n import _
from facilitator.local_time import local_moment
from facilitator.model import Group, Meeting, Recording
from facilitator.recordings import recording_of_entry
from facilitator.text import unix_lines
from storage.bulk_reading import collector_held_back
from storage.meeting_consent import present_without_consent
from storage.repository import Repository

#: The namespace of the sources' GUIDs: a meeting's source has the same GUID in every export.
_SOURCE_NAMESPACE = uuid.UUID("6b1e3f0a-2d4c-5e8f-9a7b-3c2d1e0f4a5b")
#: Between the parts of an entry's header line ("18:42 · Welcome · note").
HEADER_SEPARATOR = " · "
#: What a file name cannot hold on Windows, macOS or Linux.
_NOT_IN_FILE_NAMES = re.compile(r'[/\\:*?"<>|\x00-\x1f\x7f]')


def source_guid(meeting_id: str) -> str:
    """The GUID of a meeting's source in the project: the same in every export."""
    return str(uuid.uuid5(_SOURCE_NAMESPACE, meeting_id)).upper()


@dataclass(frozen=True)
class EntrySpan:
    """Where a memo entry's text stands in its source: ``text[start:end]`` (offsets in code points,
    end excluded) is the entry's text as the consent view writes it, with its line endings made
    ``\\n`` (an entry typed with ``\\r\\n`` or ``\\r`` spans the text so normalised). An entry with
    no text, or only spaces and line ends, has ``start == end`` (and an empty line in the source)."""

    entry_id: str
    start: int
    end: int
    codes: tuple[str, ...]  # the effective codes (the researcher's re-code, else the entry's own), known ones only
    header_start: int = 0  # where the entry's header line ("18:42 · Pricing · decision") starts
    label: str = ""  # its clock time and kind ("18:42 · decision"), naming its moment in the sound
    recording: int | None = None  # which of the meeting's recordings holds its moment (an index), if any
    offset: int | None = None  # seconds into that recording's sound (pauses excluded)

    @property
    def coded(self) -> bool:
        """Whether the project codes the entry: it has text to select and at least one code."""
        return bool(self.codes) and self.start != self.end


@dataclass(frozen=True)
class MeetingSource:
    """One held meeting as a plain-text source, with the entries in it and what a researcher
    filters sources by (the cases and variables of the project), every text as it is written."""

    guid: str
    group: Group
    meeting: Meeting
    name: str  # "Inari peer group 2025-03-14" (with the time when the group met twice that day), safe as a file name
    text: str  # the whole source, "\n" line endings, ending with "\n"
    entries: tuple[EntrySpan, ...]  # every entry not removed, in the order written, coded or not
    day: date  # the meeting's day in the group's time zone
    group_name: (
        str  # on one line, as the heading writes it (the name keeps it but for the characters a file cannot have)
    )
    region: str  # the group's
    municipality: str  # the group's
    place_municipality: (
        str  # where it met: the host's municipality, "" when unknown or without the host's research consent
    )
    host_business_field: str  # "" when unknown or the host gave no research consent
    sound_allowed: bool = False  # it holds sound and everyone present consented to it (the sound may leave)


@collector_held_back()
def meeting_sources(
    repository: Repository,
    groups: Iterable[Group],
    first: date | None = None,
    last: date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[MeetingSource]:
    """The held meetings of ``groups`` from ``first`` to ``last`` (both included; None: no limit)
    as sources, by group and meeting: the meetings, period and consent of
    :func:`~exports.research.research_rows`. ``progress(done, total)`` is told after each group."""
    return [_source(repository, held) for held in held_meetings(repository, groups, first, last, progress)]


def _source(repository: Repository, held: HeldMeeting) -> MeetingSource:
    host = held.host()
    group_name = _one_line(held.group.name)
    place_municipality = _one_line(host.municipality) if host is not None else ""
    detail = meeting_detail(held.meeting, held.group_meetings, held.time_zone)
    when = format_date(held.day)
    if detail != held.day.isoformat():  # the name tells it from another meeting that day: so does the heading
        when += " " + format_time(local_moment(held.meeting.starts_at, held.time_zone))
    heading = [group_name, _labelled(_("Date"), when)]
    if place_municipality:
        heading.append(_labelled(_("Meeting place's municipality"), place_municipality))
    theme = _one_line(held.view.text(held.meeting.theme))
    if theme:
        heading.append(_labelled(_("Theme"), theme))
    text = "\n".join(heading) + "\n"
    titles = held.agenda_titles()
    spans: list[EntrySpan] = []
    for entry, codes in held.entries():
        moment = local_moment(entry.written_at, held.time_zone)
        header = [format_time(moment), _one_line(titles.get(entry.agenda_item_id, "")), entry.kind.label]
        # The codes at the export end the line: the import tells a re-code made here since from the researcher's.
        header += [f"[{' '.join(codes)}]"] if codes else []
        header_start = len(text) + 1
        text += "\n" + HEADER_SEPARATOR.join(part for part in header if part) + "\n"
        written = unix_lines(held.view.text(entry.text))
        if not written.strip():
            # Only spaces or line ends: nothing to code, as an entry without text (and the import skips both).
            written = ""
        recording = recording_of_entry(held.meeting, entry)
        spans.append(
            EntrySpan(
                entry.id,
                len(text),
                len(text) + len(written),
                codes,
                header_start=header_start,
                label=HEADER_SEPARATOR.join((format_time(moment), entry.kind.label)),
                recording=_index(held.meeting.recordings, recording),
                offset=entry.recording_offset,
            )
        )
        text += written + "\n"
    return MeetingSource(
        guid=source_guid(held.meeting.id),
        group=held.group,
        meeting=held.meeting,
        name=_file_safe(f"{group_name} {detail}"),
        text=text,
        entries=tuple(spans),
        day=held.day,
        group_name=group_name,
        region=_one_line(held.group.region),
        municipality=_one_line(held.group.municipality),
        place_municipality=place_municipality,
        host_business_field=_one_line(host.business_field) if host is not None else "",
        sound_allowed=any(recording.has_audio for recording in held.meeting.recordings)
        and _everyone_consented(repository, held),
    )


def _index(recordings: list[Recording], recording: Recording | None) -> int | None:
    return next((number for number, each in enumerate(recordings) if each is recording), None)


def _everyone_consented(repository: Repository, held: HeldMeeting) -> bool:
    """Whether everyone present at the meeting consented to its recording: only then may a sound
    of it exist, and leave (a sound kept against that rule stays here)."""
    people, attendance = list(held.people.values()), held.records.attendance
    return not present_without_consent(repository, held.meeting, people=people, attendance=attendance)


def _labelled(label: str, value: str) -> str:
    return _("{label}: {value}").format(label=label, value=value)


def _one_line(text: str) -> str:
    """``text`` on one line, for the heading and the entries' header lines."""
    return " ".join(text.split())


def _file_safe(name: str) -> str:
    """``name`` with "-" for each character a file name cannot hold: QualCoder copies a source to
    ``documents/<name>.txt``, and a "/" or ":" in a group's name would break that copy."""
    return _NOT_IN_FILE_NAMES.sub("-", name)
