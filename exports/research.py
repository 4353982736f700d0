"""The research export: the coded memo entries for the research team, and the codes as a codebook.

``facilitator export research`` and the network dashboard (``e``, ``x``, ``j``, ``k``, ``p``) come here.
The entries that carry at least one of Wenger's eleven activity codes (DESIGN §4) are written one
row per entry, as CSV for a spreadsheet or as JSON lines for a script, and beside them, in files of
their own of the same format, the entrepreneurs' growth interviews and the outcomes in their
businesses, one row per record (:mod:`exports.research_development`); the same three tables as the
sheets of one Excel workbook in the user's language (:mod:`exports.research_workbook`); the codes themselves as a
REFI-QDA codebook (``.qdc``) that qualitative analysis software (ATLAS.ti, MAXQDA, NVivo,
QualCoder…) imports; every held meeting as a coded source of a REFI-QDA project (``.qdpx``, see
:mod:`exports.qdpx`), which those programs open.

What leaves the laptop respects research consent (DESIGN §5): every record passes through the
same :class:`~exports.bundle.privacy.CoordinatorView` as the coordinator's bundles, so a person
without consent to research use appears only under the pseudonym the bundles give, in the
``people`` column and wherever the name or company was typed; their interviews and outcomes go
without their free texts (what the network gives them, the notes on their barriers, an outcome's
description). On the coordinator's workspace the records are pseudonymised already, and passing
them through the view again changes nothing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import orjson

from exports.files import export_folder, slug, write_export
from exports.qdpx.archive import write_project
from exports.qdpx.project import coded_entries
from exports.research_codes import codebook_bytes
from exports.research_development import (
    PEOPLE_SEPARATOR,
    development_files,
    group_development,
    interview_rows,
    outcome_rows,
)
from exports.research_records import GroupRead, read_groups
from exports.research_workbook import research_sheets, workbook_writer
from facilitator.activities import activities
from facilitator.dates import format_count
from facilitator.group_labels import in_label_order
from facilitator.i18n import _, ngettext
from facilitator.model import Group
from storage.bulk_reading import collector_held_back
from storage.repository import Repository

#: The formats and the suffix of each file.
RESEARCH_FORMATS = {"csv": ".csv", "jsonl": ".jsonl", "qdc": ".qdc", "qdpx": ".qdpx", "xlsx": ".xlsx"}
#: The columns of the CSV, which are also the keys of each JSON line, in this order.
COLUMNS = ("group", "meeting_date", "agenda_item", "kind", "codes", "text", "people", "entry_id", "meeting_id")
#: How the CSV joins the codes of an entry ("PS;SE"); the people it mentions are joined as the
#: outcomes' ``involved`` are (:data:`~exports.research_development.PEOPLE_SEPARATOR`).
CODE_SEPARATOR = ";"


@dataclass(frozen=True)
class ResearchRow:
    """One coded memo entry as the research team receives it."""

    group: str
    meeting_date: date
    agenda_item: str
    kind: str
    codes: tuple[str, ...]
    text: str
    people: tuple[str, ...]
    entry_id: str
    meeting_id: str

    def as_json(self) -> dict[str, object]:
        return {
            "group": self.group,
            "meeting_date": self.meeting_date.isoformat(),
            "agenda_item": self.agenda_item,
            "kind": self.kind,
            "codes": list(self.codes),
            "text": self.text,
            "people": list(self.people),
            "entry_id": self.entry_id,
            "meeting_id": self.meeting_id,
        }

    def as_csv(self) -> list[str]:
        fields = self.as_json()
        fields["codes"] = CODE_SEPARATOR.join(self.codes)
        fields["people"] = PEOPLE_SEPARATOR.join(self.people)
        return [str(fields[column]) for column in COLUMNS]


@collector_held_back()
def research_rows(
    repository: Repository,
    groups: Iterable[Group],
    first: date | None = None,
    last: date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[ResearchRow]:
    """The coded memo entries of ``groups`` (removed entries left out) of the meetings held on a day
    from ``first`` to ``last`` (both included; None: no limit), in the group's time zone, by group,
    meeting and the order they were written; everything as consent allows (see
    :mod:`exports.research_records`, which reads them).

    An entry's codes are the researcher's when it was re-coded
    (:class:`~facilitator.model.coding.Coding`), else those the facilitator gave it.
    ``progress(done, total)`` is told after each group.
    """
    return [row for read in read_groups(repository, groups, first, last, progress) for row in _entry_rows(read)]


def _entry_rows(read: GroupRead) -> Iterator[ResearchRow]:
    """The coded entries of the group's held meetings, as :func:`research_rows` gives them."""
    for held in read.held_meetings():
        titles: dict[str, str] | None = None
        for entry, codes in held.entries():
            if not codes:
                continue
            if titles is None:
                titles = held.agenda_titles()
            yield ResearchRow(
                group=held.group.name,
                meeting_date=held.day,
                agenda_item=titles.get(entry.agenda_item_id, ""),
                kind=entry.kind.value,
                codes=codes,
                text=held.view.text(entry.text),
                people=tuple(held.person_name(person_id) for person_id in entry.people),
                entry_id=entry.id,
                meeting_id=held.meeting.id,
            )


@collector_held_back()
def _research_tables(
    repository: Repository,
    groups: Iterable[Group],
    first: date | None,
    last: date | None,
    progress: Callable[[int, int], None] | None,
) -> tuple[list[ResearchRow], list[dict[str, object]], list[dict[str, object]]]:
    """The entries' rows (:func:`research_rows`), the interviews' and the outcomes' rows
    (:func:`~exports.research_development.development_rows`), made in one pass over the groups,
    each group read once."""
    rows: list[ResearchRow] = []
    interviews: list[dict[str, object]] = []
    outcomes: list[dict[str, object]] = []
    for read in read_groups(repository, groups, first, last, progress):
        rows += _entry_rows(read)
        group = group_development(repository, read, first, last)
        interviews += interview_rows(group)
        outcomes += outcome_rows(group)
    return rows, interviews, outcomes


# -- the files ---------------------------------------------------------------------------------


def csv_bytes(rows: Iterable[ResearchRow]) -> bytes:
    """The rows as CSV for a spreadsheet: UTF-8 with a byte-order mark (so that Excel reads Č, Ŋ
    and ä right), a header row, fields quoted where they need it, lines ended by CRLF."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    writer.writerows(row.as_csv() for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def jsonl_bytes(rows: Iterable[ResearchRow]) -> bytes:
    """The rows as JSON lines: one object per line, UTF-8, the codes and people as lists (written by
    orjson, ten times faster than the standard library's: an export holds tens of thousands)."""
    return b"".join(orjson.dumps(row.as_json()) + b"\n" for row in rows)


def research_path(
    folder: Path, file_format: str, group: Group | None, first: date | None, last: date | None, kind: str = ""
) -> Path:
    """A readable file name: ``inari-peer-group-research-2025-01-01-2026-11-27.csv``,
    ``all-groups-research.jsonl``, ``all-groups-research.qdpx``, ``research-codebook.qdc``; with
    a ``kind`` of records ("interviews", "outcomes"), ``all-groups-research-interviews.csv``."""
    suffix = RESEARCH_FORMATS[file_format]
    if file_format == "qdc":
        return folder / f"research-codebook{suffix}"
    parts = [(slug(group.name) or "group") if group is not None else "all-groups", "research"]
    if kind:
        parts.append(kind)
    if first is not None and last is not None:
        parts += [first.isoformat(), last.isoformat()]
    elif first is not None:
        parts += ["from", first.isoformat()]
    elif last is not None:
        parts += ["to", last.isoformat()]
    return folder / ("-".join(parts) + suffix)


@dataclass(frozen=True)
class ResearchExport:
    path: Path
    file_format: str
    entries: int = 0  # the coded entries written (the REFI-QDA project: those it codes, with text)
    sources: int = 0  # the held meetings written as sources (the REFI-QDA project only)
    period: bool = False  # whether only some days were asked for
    interviews: int = 0  # the interviews written beside the entries (CSV and JSON lines)
    outcomes: int = 0  # the outcomes written beside them
    beside: tuple[Path, ...] = ()  # the files of the interviews and of the outcomes
    recordings: int = 0  # the recordings whose sound the REFI-QDA project holds
    unreadable: tuple[str, ...] = ()  # why a recording's sound could not be put in it, one sentence each

    @property
    def paths(self) -> list[Path]:
        """Every file written: the entries' (or the codebook, or the project) first."""
        return [self.path, *self.beside]

    def summary(self) -> str:
        """What was written, in a sentence for the command line and the dashboard."""
        if self.file_format == "qdc":
            codes = len(activities())  # the codebook holds every code
            return ngettext("{count} code.", "{count} codes.", codes).format(count=format_count(codes))
        coded = ngettext("{count} coded memo entry", "{count} coded memo entries", self.entries)
        if self.file_format == "qdpx":
            written = ngettext(
                "{count} held meeting as a source, {coded}.", "{count} held meetings as sources, {coded}.", self.sources
            ).format(count=format_count(self.sources), coded=coded.format(count=format_count(self.entries)))
            if self.recordings:
                written += " " + ngettext(
                    "{count} recording with its sound.", "{count} recordings with their sound.", self.recordings
                ).format(count=format_count(self.recordings))
            if self.sources:
                return written
            # Written all the same (as an empty CSV is), but not without saying why it is empty.
            hint = _("No meeting was held in this period.") if self.period else _("No meeting has been held yet.")
            return f"{written} {hint}"
        return ngettext("{count} coded memo entry.", "{count} coded memo entries.", self.entries).format(
            count=format_count(self.entries)
        )

    def details(self) -> list[str]:
        """What was written, a line per file kind: :meth:`summary`, then (beside the entries' CSV or
        JSON lines, or in the workbook's other sheets) how many interviews and outcomes they hold."""
        if not self.beside and self.file_format != "xlsx":
            return [self.summary(), *self.unreadable]
        interviews = ngettext("{count} interview", "{count} interviews", self.interviews).format(
            count=format_count(self.interviews)
        )
        outcomes = ngettext("{count} outcome", "{count} outcomes", self.outcomes).format(
            count=format_count(self.outcomes)
        )
        if self.file_format == "xlsx":
            beside = _("Beside them, {interviews} and {outcomes}, each kind in a sheet of its own.")
        else:
            beside = _("Beside them, {interviews} and {outcomes}, each kind in a file of its own.")
        return [self.summary(), beside.format(interviews=interviews, outcomes=outcomes)]


def write_research_export(
    repository: Repository,
    file_format: str,
    group: Group | None = None,
    first: date | None = None,
    last: date | None = None,
    to: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ResearchExport:
    """Write the research file of ``file_format`` ("csv", "jsonl", "xlsx", "qdc" or "qdpx") for ``group``
    (None: every group of the workspace) into ``to`` or the exports folder, atomically;
    ``progress(done, total)`` is told after each group read. "xlsx" is one Excel workbook in the
    user's language holding what the three CSV files hold (:mod:`exports.research_workbook`).

    Raises :class:`~exports.errors.ExportFailed` when the file cannot be written.
    """
    folder = export_folder(repository.workspace, to)
    path = research_path(folder, file_format, group, first, last)
    if file_format == "qdc":
        return ResearchExport(write_export(path, codebook_bytes()), file_format)
    groups = [group] if group is not None else in_label_order(repository.groups())
    if file_format == "qdpx":
        sources, sound = write_project(repository, path, groups, first, last, progress)
        period = first is not None or last is not None
        return ResearchExport(
            path,
            file_format,
            coded_entries(sources),
            sources=len(sources),
            period=period,
            recordings=sound.recordings,
            unreadable=sound.unreadable,
        )
    rows, interviews, outcomes = _research_tables(repository, groups, first, last, progress)
    if file_format == "xlsx":
        sheets = research_sheets(COLUMNS, [row.as_json() for row in rows], interviews, outcomes)
        return ResearchExport(
            write_export(path, workbook_writer(sheets)),
            file_format,
            len(rows),
            interviews=len(interviews),
            outcomes=len(outcomes),
        )
    data = csv_bytes(rows) if file_format == "csv" else jsonl_bytes(rows)
    beside = [
        write_export(research_path(folder, file_format, group, first, last, kind), table)
        for kind, table in development_files(file_format, interviews, outcomes)
    ]
    return ResearchExport(
        write_export(path, data),
        file_format,
        len(rows),
        interviews=len(interviews),
        outcomes=len(outcomes),
        beside=tuple(beside),
    )
