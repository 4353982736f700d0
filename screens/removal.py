"""Removing a record from a screen once the user said yes: the question in a
:class:`~screens.confirm.ConfirmScreen`, the removal, and a refusal told. Beside
:mod:`screens.confirm`, which the widgets use and which therefore knows nothing of the workspace."""

from __future__ import annotations

from collections.abc import Callable

from textual.screen import Screen

from facilitator.i18n import _
from screens.confirm import ConfirmScreen
from storage.errors import StorageError


def remove_after_confirmation(
    screen: Screen, question: str, remove: Callable[[], object], done: Callable[[], None]
) -> None:
    """Ask ``question``; only a yes calls ``remove``, then ``done`` once it is removed. A removal
    refused by the workspace is told and ``done`` not called (see also
    :func:`screens.erase_person.erase_after_confirmation`)."""

    def answered(yes: bool | None) -> None:
        if not yes:
            return
        try:
            remove()
        except StorageError as error:
            screen.notify(str(error), title=_("Not removed"), severity="error", timeout=30)
            return
        done()

    screen.app.push_screen(ConfirmScreen(question, _("Remove")), answered)
