"""Writing a file in a worker thread, so the screen stays responsive, then saying where it went
and which earlier file it replaced."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from textual.app import App
from textual.screen import Screen
from textual.widgets import ProgressBar

from exports.files import replaced_files, replaced_notice
from facilitator.i18n import _
from storage.errors import StorageError

#: What a file's writer is given to show how far it has come: ``progress(done, total)``.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Written:
    """The files a writer wrote, and what more the notice says of them (how many entries)."""

    paths: list[Path]
    details: list[str] = field(default_factory=list)


def without_waiting(callback: Callable[..., Any]) -> Callable[..., None]:
    """``callback``, to be called from a worker thread and run on the app's thread without the
    worker waiting for it (made on the app's thread).

    A worker that shows progress while it holds the workspace's write lock (an import) must never
    wait for the app's thread: that thread may itself be waiting for the lock, to save a memo line.
    """
    loop = asyncio.get_running_loop()

    def call(*args: Any, **kwargs: Any) -> None:
        loop.call_soon_threadsafe(functools.partial(callback, *args, **kwargs))

    return call


def progress_on(bar: ProgressBar) -> Progress:
    """A ``progress(done, total)`` for a writer in a worker thread, moving ``bar`` on the app's."""
    update = without_waiting(bar.update)

    def progress(done: int, total: int) -> None:
        update(total=total, progress=done)

    return progress


def write_in_background(
    screen: Screen,
    write: Callable[[], Path | list[Path] | Written],
    *,
    group: str = "export",
    announce: bool = True,
    finished: Callable[[], None] | None = None,
) -> None:
    """Run ``write`` in a thread; notify the path (or paths) it wrote, with its details and any
    earlier file of the same name it replaced, or the reason it could not.

    The notice is the app's: it stays if the screen is left meanwhile. ``announce`` says "Writing…"
    first (a screen that shows its own progress leaves it out); ``finished`` is called on the app's
    thread once ``write`` is done, whatever came of it, before the notice.
    """
    app = screen.app

    def done(message: str | None, severity: str, timeout: float) -> None:
        if finished is not None:
            finished()
        if message and severity == "information" and (hint := _open_folder_hint(app)):
            message = f"{message}\n{hint}"
        if message:
            app.notify(message, severity=severity, timeout=timeout)  # type: ignore[arg-type]

    def work() -> None:
        severity, timeout = "error", 10.0
        try:
            with replaced_files() as replaced:
                written = write()
            message, severity = _notice(written, replaced), "information"
        except StorageError as error:
            message = str(error)
        except Exception as error:  # a defect in an export must not end the meeting app
            message = _("The file could not be written: unexpected error {error!r}.").format(error=error)
            timeout = 30.0
        app.call_from_thread(done, message, severity, timeout)

    if announce:
        app.notify(_("Writing…"), timeout=2)
    app.jobs.start(screen, _("writing a file"), work, group=group)  # type: ignore[attr-defined]


def _open_folder_hint(app: App[Any]) -> str | None:
    """Which key shows the exports folder in the file manager, if one does on the screen in front
    (a dialog keeps the app's keys for itself, the live meeting gives that key another use)."""
    for active in app.screen.active_bindings.values():
        action = active.binding.action if active.node is not app else f"app.{active.binding.action}"
        if action == "app.open_exports" and active.enabled:
            return _("{key} opens the folder in the file manager.").format(key=active.binding.key)
    return None


def _notice(written: Path | list[Path] | Written, replaced: list[Path]) -> str | None:
    """Where the files went, what more the writer says, and the earlier files they replaced; None
    when nothing was to be written (the writer has said why)."""
    if not isinstance(written, Written):
        written = Written(written if isinstance(written, list) else [written])
    if not written.paths:
        return None
    shown = "\n".join(str(path) for path in written.paths)
    return "\n".join([_("Written: {path}").format(path=shown), *written.details, *map(replaced_notice, replaced)])
