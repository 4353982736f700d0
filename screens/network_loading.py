"""What the coordinator's network screens share: every group's records, read once in a thread worker
with a progress line, and handed from the dashboard to the analysis and the needs."""

from __future__ import annotations

import dataclasses

from textual import work
from textual.screen import Screen
from textual.widgets import Input, Select
from textual.worker import Worker, WorkerState

from facilitator.dates import format_count
from facilitator.i18n import _, ngettext
from facilitator.network import GroupRecords
from screens.set_aside import tell_set_aside
from screens.widgets.plain import Plain
from storage.bulk_reading import hold_collector, release_collector
from storage.errors import DamagedFile, StorageError, left_out
from storage.network_records import load_network
from storage.repository import Repository

WORKER_GROUP = "network"
#: Seconds the cycle collector waits after the records are handed to the screen (see hold_collector).
COLLECTOR_WAITS = 0.5


@dataclasses.dataclass
class _Progress:
    """How far the worker has read (written by the worker, read by a timer)."""

    done: int = 0
    total: int = 0


class NetworkScreen(Screen[None]):
    """A screen on every group's records. Given them, it shows them at once; else it reads them.

    A subclass yields a ``Plain`` with id ``network-loading`` and implements :meth:`show_network`.
    """

    def __init__(self, repository: Repository, network: list[GroupRecords] | None = None) -> None:
        super().__init__()
        self.repository = repository
        #: Every group's records, once read (shared with the screens opened from this one).
        self.network: list[GroupRecords] | None = network
        #: The error that stopped the reading, shown instead of the figures.
        self.load_error: str | None = None
        #: The meeting files this screen's reading left out, damaged (none known of records given).
        self.damaged: list[DamagedFile] = []
        self._progress = _Progress()
        #: Whether this screen holds the cycle collector back (from its read until its first frame).
        self._holding_collector = False

    def start_loading(self) -> None:
        """Show the records given, or read them in a thread with a progress line."""
        if self.network is not None:
            self._loaded(self.network)
            return
        self._progress_timer = self.set_interval(0.2, self._show_progress)
        hold_collector()
        self._holding_collector = True
        self._read()

    @work(thread=True, exclusive=True, group=WORKER_GROUP, exit_on_error=False)
    def _read(self) -> list[GroupRecords]:
        def progress(done: int, total: int) -> None:
            self._progress.done, self._progress.total = done, total

        damaged: list[DamagedFile] = []
        network = load_network(self.repository, progress, damaged)
        self.damaged = damaged
        if damaged:
            self.app.call_from_thread(
                self.notify, left_out(damaged), title=_("Damaged file"), severity="warning", timeout=30
            )
        tell_set_aside(self.app, self.repository)
        return network

    def _show_progress(self) -> None:
        progress = self._progress
        if progress.total and self.network is None:
            self.query_one("#network-loading", Plain).update(
                ngettext(
                    "Reading every group's records… {done} of {total} meeting",
                    "Reading every group's records… {done} of {total} meetings",
                    progress.total,
                ).format(done=format_count(progress.done), total=format_count(progress.total))
            )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != WORKER_GROUP:
            return
        if event.state is WorkerState.SUCCESS:
            self._progress_timer.stop()
            network: list[GroupRecords] | None = event.worker.result  # what _read returned
            assert network is not None
            self._loaded(network)
        elif event.state is WorkerState.ERROR:
            self._progress_timer.stop()
            self._release_collector()
            error = event.worker.error
            if isinstance(error, StorageError):
                message = str(error)
            else:
                message = _("The groups' records could not be read: {error}").format(error=error)
            self.load_error = message
            self.query_one("#network-loading", Plain).update(message)
            self.notify(message, title=_("Damaged file"), severity="error", timeout=30)

    def _loaded(self, network: list[GroupRecords]) -> None:
        self.network = network
        self.query_one("#network-loading").display = False
        self.show_network(network)
        # Once the figures are drawn: the tables lay their rows out in refreshes of their own, after
        # the screen's (a callback after the screen's refresh still comes before them).
        self.set_timer(COLLECTOR_WAITS, self._release_collector)

    def _release_collector(self) -> None:
        if self._holding_collector:
            self._holding_collector = False
            release_collector()

    def on_unmount(self) -> None:
        """Left before the records were read or shown: the collector takes up its work."""
        self._release_collector()

    def show_network(self, network: list[GroupRecords]) -> None:
        raise NotImplementedError

    def reload_meeting(self, group_id: str, meeting_id: str) -> None:
        """Read one meeting's file again into the shared records (after a re-code saved there)."""
        if self.network is None:
            return
        for index, records in enumerate(self.network):
            if records.group.id == group_id:
                meetings = {**records.records, meeting_id: self.repository.meeting_records(meeting_id)}
                self.network[index] = dataclasses.replace(records, records=meetings)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The screen's own keys wait for the records (Back and the app's keys never do)."""
        if action in {"back", "help", "quit", "command_palette"}:
            return True
        if self.network is None and action in self.NEEDS_RECORDS:
            return None
        return True

    #: Actions that wait until the records are read (shown greyed out until then).
    NEEDS_RECORDS: frozenset[str] = frozenset()

    def action_back(self) -> None:
        """Out of a filter field first, then out of the screen."""
        if isinstance(self.focused, (Input, Select)) or (
            self.focused is not None and self.focused.parent and isinstance(self.focused.parent, Select)
        ):
            self.focus_main()
            return
        self.dismiss()

    def focus_main(self) -> None:
        """Focus the screen's main table."""
