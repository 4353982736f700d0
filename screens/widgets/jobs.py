"""The app's background jobs that write, counted while they run: quitting waits for them.

A thread cannot be stopped halfway, and Textual forgets a screen's worker once the screen is gone
while its thread goes on writing. So each job that writes is counted from the moment it is started,
on the app's thread (a ctrl+q in the same burst of keys as the key that started it comes after it),
until its work ends on its own thread, whatever screen started it; the app lets go of the workspace
only once none is left (see ``FacilitatorApp.quit_when_safe``). A job whose worker is cancelled
before its thread began (its screen closed at once) is dropped and never begins. Jobs that only
read are not counted: the workspace's lock guards what is written, and a read can end at any moment.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from textual.dom import DOMNode
from textual.worker import Worker


class _Job:
    """One job: counted from its start until its work ends, or until it is dropped unbegun."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.worker: Worker[None] | None = None
        self.began = False

    @property
    def dropped_unbegun(self) -> bool:
        """Its worker ended (cancelled) before its thread began: it never will."""
        worker = self.worker
        return not self.began and worker is not None and (worker.is_cancelled or worker.is_finished)


class RunningJobs:
    """The names of the jobs under way, in the words the user reads (jobs are started on the app's
    thread and end on their own)."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._jobs: list[_Job] = []

    def start(self, node: DOMNode, name: str, work: Callable[[], None], **worker_options: Any) -> Worker[None]:
        """Run ``work`` in a thread worker of ``node`` (``worker_options`` as for ``run_worker``),
        counted as ``name`` from now on; called on the app's thread."""
        job = _Job(name)
        with self._guard:
            self._jobs.append(job)

        def run() -> None:
            with self._guard:
                if job not in self._jobs:  # dropped: quitting no longer waits for it
                    return
                job.began = True
            try:
                work()
            finally:
                with self._guard:
                    self._jobs.remove(job)

        job.worker = node.run_worker(run, thread=True, **worker_options)
        return job.worker

    def names(self) -> list[str]:
        """The jobs under way now, in the order they started."""
        with self._guard:
            self._jobs = [job for job in self._jobs if not job.dropped_unbegun]
            return [job.name for job in self._jobs]
