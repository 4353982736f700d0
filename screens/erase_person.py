"""Erasing a person from a screen: what names them is looked for in the background, a confirmation
says what goes (see :func:`storage.erasure.confirmation`), and only a yes erases, in the background
too. The roster's ``d`` does this."""

from __future__ import annotations

from collections.abc import Callable

from textual.screen import Screen

from facilitator.i18n import _
from facilitator.model import Person
from facilitator.withdrawn_consent import deleted_notice
from screens.confirm import ConfirmScreen
from storage.erasure import ErasureCounts, WorkspaceErasure, confirmation
from storage.errors import StorageError
from storage.repository import Repository


def erase_after_confirmation(
    screen: Screen, repository: Repository, person: Person, erased: Callable[[], None]
) -> None:
    """Erase ``person`` once the user has read what goes and said yes; ``erased`` is called after."""
    app = screen.app

    def prepare() -> None:
        try:
            erasure = WorkspaceErasure(repository, person.id)
        except StorageError as error:
            app.call_from_thread(screen.notify, str(error), severity="error", timeout=10)
            return
        app.call_from_thread(confirm, erasure)

    def confirm(erasure: WorkspaceErasure) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                screen.run_worker(lambda: erase(erasure), thread=True, group="erasure")

        question = (
            confirmation(person, erasure.counts)
            + "\n"
            + _("To keep the member in the group's history, mark as left (x) instead.")
        )
        app.push_screen(ConfirmScreen(question, yes=_("Erase")), answered)

    def erase(erasure: WorkspaceErasure) -> None:
        try:
            counts = erasure.apply()
        except StorageError as error:
            app.call_from_thread(screen.notify, str(error), severity="error", timeout=30)
            return
        app.call_from_thread(done, counts)

    def done(counts: ErasureCounts) -> None:
        erased()
        screen.notify(
            _("{name} is erased from this workspace; the next bundles carry the erasure to the other laptops.").format(
                name=person.name
            ),
            timeout=10,
        )
        if counts.recordings:
            screen.notify(deleted_notice(counts.sound_files, len(counts.recordings)), timeout=10)

    screen.notify(_("Looking for everything that names {name}…").format(name=person.name), timeout=3)
    screen.run_worker(prepare, thread=True, group="erasure", exclusive=True)
