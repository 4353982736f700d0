"""The files the network dashboard writes, in the background, one at a time, with a progress bar
above its table: the network report, the research exports and the funder's indicators."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import ProgressBar

from facilitator.i18n import _
from screens.exporting import Written, progress_on, write_in_background
from screens.network_loading import NetworkScreen
from screens.widgets.plain import Plain

#: The worker group of the files written from the dashboard, one at a time.
EXPORT_GROUP = "network-export"


class NetworkFilesScreen(NetworkScreen):
    """The dashboard's file-writing keys (its compose holds ``#export-progress`` with
    ``#export-status`` and ``#export-bar``)."""

    def action_report(self, all_years: bool = False) -> None:
        """The network report of the records the dashboard shows (read already: nothing is read
        again), for the last 12 months or every year, as ``facilitator report network`` makes it.

        With the records read, what is left (the figures, the PDF) has no count to show: the bar
        says that the report is being made, without claiming a share done."""
        from exports.report.files import write_network_report

        repository, network = self.repository, self.network
        assert network is not None  # the key waits for the records (NEEDS_RECORDS)

        def write() -> Path:
            return write_network_report(repository, all_years=all_years, network=network)

        self._write_in_background(_("Writing the network report…"), write)

    def action_research(self, file_format: str) -> None:
        """A research export of every group ("csv", "jsonl", "xlsx": the workbook for Excel in the
        user's language, "qdc", "qdpx"), as ``facilitator export research`` makes it, read through
        the app's own repository (made again if an import came in between: see storage.reading),
        the bar moving group by group."""
        from exports.research import write_research_export
        from storage.reading import read_unchanged

        repository = self.repository
        if file_format != "qdc" and not repository.groups():
            self.notify(_("The workspace has no groups yet."), severity="warning")
            return
        progress = progress_on(self.query_one("#export-bar", ProgressBar))

        def write() -> Written:
            made = read_unchanged(
                repository.workspace.folder, lambda: write_research_export(repository, file_format, progress=progress)
            )
            return Written(made.paths, made.details())

        what = {
            "qdc": _("Writing the codebook…"),
            "qdpx": _("Writing the QDA project…"),
            "xlsx": _("Writing the workbook for Excel…"),
        }
        self._write_in_background(what.get(file_format, _("Writing the research export…")), write)

    def _write_in_background(self, what: str, write: Callable[[], Path | Written]) -> None:
        """Write in a worker, one file at a time, with ``what`` and a progress bar above the table
        meanwhile; the bar moves once the writer tells how far it has come (:func:`progress_on`)."""
        if any(worker.group == EXPORT_GROUP and worker.is_running for worker in self.workers):
            self.notify(_("Another file is being written; try again once it is done."), severity="warning")
            return
        self.query_one("#export-status", Plain).update(what)
        self.query_one("#export-bar", ProgressBar).update(total=None, progress=0)  # no share done yet
        self.query_one("#export-progress").display = True
        write_in_background(self, write, group=EXPORT_GROUP, announce=False, finished=self._hide_progress)

    def _hide_progress(self) -> None:
        """The file is written (or not): the progress goes. The screen may have been left meanwhile."""
        if self.is_attached:
            self.query_one("#export-progress").display = False

    def action_indicators(self) -> None:
        """The funder's indicators of the whole network, summed from the groups, for a period asked."""
        from screens.indicators import ask_and_write_indicators

        if not self.repository.groups():
            self.notify(_("The workspace has no groups yet."), severity="warning")
            return
        ask_and_write_indicators(
            self,
            self.repository,
            None,
            _("the network"),
            lambda write: self._write_in_background(_("Writing the indicators…"), write),
        )
