"""The app's background jobs that write, counted while they run: quitting waits for them.

A thread cannot be stopped halfway, and Textual forgets a screen's worker once the screen is gone
while its thread goes on writing. So each job that writes counts itself in from its first line to
its last, on its own thread, whatever screen started it, and the app lets go of the workspace only
once none is left (see ``FacilitatorApp.action_quit``). Jobs that only read are not counted: the
workspace's lock guards what is written, and a read can end at any moment.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from textual.dom import DOMNode

Method = TypeVar("Method", bound=Callable[..., Any])


class RunningJobs:
    """The names of the jobs under way, in the words the user reads (jobs come and go on their
    own threads, the app reads them on its own)."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._names: list[str] = []

    @contextmanager
    def running(self, name: str) -> Iterator[None]:
        """Around the whole of a job, on its thread: counted until it ends, however it ends."""
        with self._guard:
            self._names.append(name)
        try:
            yield
        finally:
            with self._guard:
                self._names.remove(name)

    def counted(self, name: str, work: Callable[[], None]) -> Callable[[], None]:
        """``work`` (for a thread worker) counted as ``name`` while it runs."""

        def run() -> None:
            with self.running(name):
                work()

        return run

    def names(self) -> list[str]:
        """The jobs under way now, in the order they started."""
        with self._guard:
            return list(self._names)


def counted_job(name: str) -> Callable[[Method], Method]:
    """A thread worker's method (put it under ``@work``), counted among its app's running jobs as
    ``name`` while it runs."""

    def decorate(method: Method) -> Method:
        @functools.wraps(method)
        def run(node: DOMNode, *args: Any, **kwargs: Any) -> Any:
            with node.app.jobs.running(name):  # type: ignore[attr-defined]
                return method(node, *args, **kwargs)

        return run  # type: ignore[return-value]

    return decorate
