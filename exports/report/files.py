"""The network report written into the exports folder (or another): every group's
records read, the period's figures gathered, the PDF laid out and written atomically.

``facilitator report network`` and the network dashboard (``r``) come here. The file is named
after the period, such as ``network-report-2025-11-28-2026-11-27.pdf``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from exports.files import export_folder
from exports.report.figures import collect_report, whole_period
from facilitator.history import default_period
from facilitator.local_time import local_day
from facilitator.network import GroupRecords
from facilitator.placing import set_aside_notice
from storage.bulk_reading import collector_held_back
from storage.network_records import load_network
from storage.repository import Repository
from storage.workspace_info import WorkspaceRole


def report_path(folder: Path, start: date, end: date) -> Path:
    return folder / f"network-report-{start.isoformat()}-{end.isoformat()}.pdf"


@collector_held_back()  # the figures and the PDF are made from every record read, which live on meanwhile
def write_network_report(
    repository: Repository,
    start: date | None = None,
    end: date | None = None,
    to: Path | None = None,
    *,
    all_years: bool = False,
    today: date | None = None,
    now: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
    network: list[GroupRecords] | None = None,
) -> Path:
    """Write the network report over the meetings held from ``start`` to ``end`` (both included)
    and return its path.

    Without either day the period is the last 12 months up to today; with only ``start`` it runs
    to today, with only ``end`` it covers the 12 months up to it; ``all_years`` runs from the first
    held meeting to today. ``to`` is a folder to write into instead of the exports
    folder. ``network`` is every group's records when they have been read already (the dashboard
    shows them): else they are read here, with ``progress``. Raises
    :class:`~exports.errors.ExportFailed` naming the path when it cannot be written.
    """
    from exports.report.pdf import write_network_report_pdf

    now = now or repository.now()
    groups = network if network is not None else load_network(repository, progress)
    today = today or local_day(now, (records.group.time_zone for records in groups))
    if all_years:
        start, end = whole_period(groups, today)
    elif start is None and end is None:
        start, end = default_period(today)
    elif start is None:
        assert end is not None
        start = default_period(end)[0]
    elif end is None:
        end = max(today, start)
    assert start is not None and end is not None
    coordinator = repository.workspace.info.role is WorkspaceRole.COORDINATOR
    report = collect_report(groups, start, end, today, now, coordinator=coordinator)
    if set_aside := repository.records_set_aside():
        report = dataclasses.replace(report, set_aside=set_aside_notice(set_aside))
    folder = export_folder(repository.workspace, to)
    return write_network_report_pdf(report, report_path(folder, start, end))
