"""Writing a file in a worker thread, so the screen stays responsive, then saying where it went
and which earlier file it replaced."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.screen import Screen

from exports.files import replaced_files, replaced_notice
from facilitator.i18n import _
from storage.errors import StorageError


def write_in_background(screen: Screen, write: Callable[[], Path | list[Path]]) -> None:
    """Run ``write`` in a thread; notify the path (or paths) it wrote and any earlier file of the
    same name it replaced, or the reason it could not."""
    app = screen.app

    def work() -> None:
        try:
            with replaced_files() as replaced:
                written = write()
        except StorageError as error:
            app.call_from_thread(app.notify, str(error), severity="error", timeout=10)
            return
        except Exception as error:  # a defect in an export must not end the meeting app
            message = _("The file could not be written: unexpected error {error!r}.").format(error=error)
            app.call_from_thread(app.notify, message, severity="error", timeout=30)
            return
        paths = written if isinstance(written, list) else [written]
        if not paths:
            return  # nothing was to be written; ``write`` has said why
        shown = "\n".join(str(path) for path in paths)
        message = "\n".join([_("Written: {path}").format(path=shown), *map(replaced_notice, replaced)])
        app.call_from_thread(app.notify, message, timeout=10)

    app.notify(_("Writing…"), timeout=2)
    screen.run_worker(work, thread=True, group="export")
