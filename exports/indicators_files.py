"""The indicators report written into the exports folder (or another): the groups' records read,
the period's figures computed (see :mod:`facilitator.indicators` for the rules), the locked periods
compared with what their figures read now (:mod:`facilitator.indicator_locks`), and a PDF and a CSV
written as one change: should either fail, neither new file is left.

``facilitator report indicators`` and the keys of the group's history and of the network dashboard
come here. The files are named after the groups and the period, such as
``inari-peer-group-indicators-2025-01-01-2025-12-31.pdf`` (``network-…`` for the whole network).

The CSV is for a spreadsheet: UTF-8 with a byte order mark and ``;`` between the fields, as Excel on
a Finnish or Swedish Windows opens it straight (see :func:`exports.files.spreadsheet_csv_bytes`); values are written
in one fixed form whatever the language, with ``.`` before the decimals ("2.5"); no cell starts with
a sign a spreadsheet would take for a formula.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from exports.errors import ExportFailed
from exports.files import export_folder, slug, spreadsheet_csv_bytes, write_export
from exports.indicators_texts import IndicatorsReport, changed_records, correction_note, period_text
from facilitator.dates import format_count, format_date
from facilitator.history import MeetingRecords
from facilitator.i18n import _, ngettext
from facilitator.indicator_codes import format_value, indicator_name, indicator_unit
from facilitator.indicator_locks import Correction, as_locked, corrections, lock_of, lock_problem, locked_text
from facilitator.indicators import basis_names, compute_indicators
from facilitator.local_time import local_day
from facilitator.model import Group, Meeting
from facilitator.network import GroupRecords
from facilitator.placing import set_aside_notice
from storage.bulk_reading import collector_held_back
from storage.errors import DamagedFile, left_out
from storage.indicator_locks import LockRefused, PeriodLocked, locks, overlapping, refusal, save_lock, scope_of
from storage.network_records import read_held_meetings
from storage.repository import Repository

_ATTENDANCE = frozenset({"attendance"})


@dataclass(frozen=True)
class IndicatorsWritten:
    """The two files written, the report they hold, and what the writer tells beside the paths."""

    pdf: Path
    csv: Path
    report: IndicatorsReport
    locked_now: bool = False

    @property
    def paths(self) -> list[Path]:
        return [self.pdf, self.csv]

    def locked_notice(self) -> str | None:
        """What was locked, when the report locked its period."""
        lock = self.report.locked
        if lock is None or not self.locked_now:
            return None
        return _("Locked {first} – {last} of {whose}: its figures stay as reported.").format(
            first=format_date(lock.first), last=format_date(lock.last), whose=self.report.scope_name
        )

    def details(self) -> list[str]:
        """What is told beside the paths: what was locked, then what the reading left out."""
        locked = self.locked_notice()
        return [*([locked] if locked else []), *self.report.notices]


def previous_year(today: date) -> tuple[date, date]:
    """The default period: the calendar year before ``today``'s."""
    return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)


def indicators_period(first: date | None, last: date | None, today: date) -> tuple[date, date]:
    """The period asked: with neither end given, the calendar year before ``today``'s; with one, the
    other end in the same calendar year (its 1 January or 31 December)."""
    if first is None and last is None:
        return previous_year(today)
    if first is None:
        assert last is not None
        return last.replace(month=1, day=1), last
    return first, last or first.replace(month=12, day=31)


def indicators_today(repository: Repository, group_ids: list[str] | None) -> date:
    """Today on the calendar of the groups reported on (None: every group), as the network report
    reads it: their time zone when they share one, else the system's."""
    groups = repository.groups() if group_ids is None else [repository.group(group_id) for group_id in group_ids]
    return local_day(repository.now(), (group.time_zone for group in groups))


def _read_groups(
    repository: Repository, groups: list[Group], periods: list[tuple[date, date]], damaged: list[DamagedFile]
) -> list[GroupRecords]:
    """The groups' people, meetings, interviews and outcomes, and the attendance of their held
    meetings of ``periods`` (the files of other meetings are not read: a damaged one out of the
    period changes nothing); a damaged file of the periods is put in ``damaged`` and its meeting
    holds nothing. (:func:`storage.network_records.load_network` reads every meeting of every group.)"""
    people = repository.people_by_group()

    def read(group: Group, meeting: Meeting) -> MeetingRecords | None:
        day = local_day(meeting.starts_at, group.time_zone)
        if not any(first <= day <= last for first, last in periods):
            return None
        return repository.meeting_records(meeting.id, tables=_ATTENDANCE)

    return [
        GroupRecords(
            group,
            people.get(group.id, []),
            meetings,
            {meeting_id: found for meeting_id, found in records.items() if found is not None},
            interviews=repository.interviews(group.id),
            outcomes=repository.outcomes(group.id),
        )
        for group, meetings, records in read_held_meetings(repository, read, groups, damaged=damaged)
    ]


def _scope_name(groups: list[Group], whole_network: bool) -> str:
    if whole_network:
        return ngettext("The whole network ({count} group)", "The whole network ({count} groups)", len(groups)).format(
            count=format_count(len(groups))
        )
    return ", ".join(group.name for group in groups)


@collector_held_back()
def collect_indicators(
    repository: Repository, group_ids: list[str] | None, first: date, last: date, *, lock: bool = False
) -> IndicatorsReport:
    """The report of ``group_ids`` (None: every group of the workspace, the whole network) over
    ``first`` to ``last``; with ``lock``, the period's lock made (not saved) so that the report says
    it is locked. Raises :class:`~storage.indicator_locks.LockRefused` when it cannot be."""
    repository.load_all()
    groups = repository.groups() if group_ids is None else [repository.group(group_id) for group_id in group_ids]
    today = indicators_today(repository, group_ids)
    scope = scope_of(group_ids)
    if lock:
        if problem := lock_problem(last, today, len(groups)):
            raise LockRefused(problem)
        if found := overlapping(repository.workspace, scope, first, last):
            raise PeriodLocked(refusal(found))
    locked_periods = locks(repository.workspace, scope)
    damaged: list[DamagedFile] = []
    records = _read_groups(
        repository, groups, [(first, last), *((found.first, found.last) for found in locked_periods)], damaged
    )
    now = compute_indicators(records, first, last)
    found_corrections: list[Correction] = []
    locked = None
    for earlier in locked_periods:
        same = (earlier.first, earlier.last) == (first, last)
        found_corrections += corrections(
            earlier, now if same else compute_indicators(records, earlier.first, earlier.last)
        )
        if same:
            locked = earlier
    if lock:
        locked = lock_of(now, scope, repository.now().isoformat(), today)
    shown = as_locked(now, locked, basis_names(records)) if locked else now
    notices = []
    if set_aside := repository.records_set_aside({group.id for group in groups}):
        notices.append(set_aside_notice(set_aside))
    if damaged:
        notices.append(left_out(damaged))
    return IndicatorsReport(
        _scope_name(groups, group_ids is None),
        tuple(group.name for group in groups),
        shown,
        locked,
        tuple(found_corrections),
        today,
        tuple(notices),
    )


def _indicators_paths(folder: Path, name: str, first: date, last: date) -> tuple[Path, Path]:
    stem = f"{slug(name) or 'network'}-indicators-{first.isoformat()}-{last.isoformat()}"
    return folder / f"{stem}.pdf", folder / f"{stem}.csv"


def write_indicators(
    repository: Repository,
    group_ids: list[str] | None,
    first: date,
    last: date,
    folder: Path | None = None,
    *,
    lock: bool = False,
) -> tuple[Path, Path]:
    """Write the indicators of ``group_ids`` (None: the whole network) over ``first`` to ``last`` as
    a PDF and a CSV into ``folder`` (None: the exports folder), and return their paths: the API
    agreed for the other parts of the app (the benchmark calls it); the app's own commands and keys
    call :func:`write_indicators_files`, which says more of what it wrote."""
    written = write_indicators_files(repository, group_ids, first, last, folder, lock=lock)
    return written.pdf, written.csv


def write_indicators_files(
    repository: Repository,
    group_ids: list[str] | None,
    first: date,
    last: date,
    folder: Path | None = None,
    *,
    lock: bool = False,
) -> IndicatorsWritten:
    """Write both files; with ``lock``, lock the period as reported once they are written (the
    report says so already). Raises :class:`~storage.indicator_locks.LockRefused` when the period
    cannot be locked: before anything is written, or, when it was locked meanwhile from elsewhere,
    once both files are written (they are then removed); and :class:`~exports.errors.ExportFailed`
    naming a path that cannot be written (no new file of the two is then left)."""
    report = collect_indicators(repository, group_ids, first, last, lock=lock)
    name = "network" if group_ids is None else "-".join(repository.group(group_id).name for group_id in group_ids)
    pdf_path, csv_path = _indicators_paths(export_folder(repository.workspace, folder), name, first, last)
    _write_both(report, pdf_path, csv_path)
    if lock and report.locked is not None:
        try:
            save_lock(repository.workspace, report.locked)
        except LockRefused:  # locked meanwhile from elsewhere: the files saying "Locked on" go
            for path in (pdf_path, csv_path):
                with contextlib.suppress(OSError):
                    path.unlink()
            raise
    return IndicatorsWritten(pdf_path, csv_path, report, lock)


def _write_both(report: IndicatorsReport, pdf_path: Path, csv_path: Path) -> None:
    """The PDF is laid out in memory first; then the CSV is written, then the PDF, and should the
    PDF fail, the new CSV goes too."""
    from exports.pdf.indicators import indicators_pdf_bytes

    pdf = indicators_pdf_bytes(report)
    write_export(csv_path, indicators_csv(report))
    try:
        write_export(pdf_path, pdf)
    except ExportFailed:
        with contextlib.suppress(OSError):
            csv_path.unlink()
        raise


def _csv_header() -> list[str]:
    return [
        _("Section"),
        _("Code"),
        _("Indicator"),
        _("Unit"),
        _("Value"),
        _("Firm, person or meeting"),
        _("Records"),
        _("Note"),
    ]


def _report_status(report: IndicatorsReport) -> str:
    if report.locked is not None:
        return locked_text(report.locked)
    return _("As the records read today (not locked).")


def indicators_csv(report: IndicatorsReport) -> bytes:
    """A first row saying whose figures of which period and whether locked, then the figures, each
    followed by its records, then the corrections (see the module's docstring for the form)."""
    return spreadsheet_csv_bytes(_csv_header(), _csv_rows(report), formula_safe=True)


def _csv_rows(report: IndicatorsReport) -> Iterable[list[str]]:
    figures = report.indicators
    yield [
        _("report"),
        "",
        _("Indicators {period}").format(period=period_text(figures.first, figures.last)),
        "",
        "",
        "; ".join(report.group_names),
        "",
        _report_status(report),
    ]
    figure_word, record_word, correction_word = _("figure"), _("record"), _("correction")
    for figure in figures.figures:
        value = format_value(figure.code, figure.value, fixed=True)
        yield [figure_word, figure.code, figure.name, figure.unit, value, "", "", ""]
        for basis in figure.basis:
            yield [record_word, figure.code, figure.name, "", "", basis.who, " ".join(basis.ids), basis.note]
    for correction in report.corrections:
        yield [
            correction_word,
            correction.code,
            indicator_name(correction.code),
            indicator_unit(correction.code),
            format_value(correction.code, correction.now, fixed=True),
            "",
            changed_records(correction),
            correction_note(correction),
        ]
