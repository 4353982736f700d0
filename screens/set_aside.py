"""The short notice every screen gives of the records set aside because a time of theirs cannot be
placed on a calendar (see :mod:`facilitator.placing`): one wording, one title, each record once a
session (:meth:`~storage.repository.Repository.set_aside_untold`)."""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Any

from facilitator.i18n import _
from facilitator.placing import set_aside_toast

if TYPE_CHECKING:
    from textual.app import App

    from storage.repository import Repository


def tell_set_aside(app: App[Any], repository: Repository, group_ids: AbstractSet[str] | None = None) -> None:
    """Say, from a worker's thread, which records read so far of ``group_ids`` (None: of all) are
    left out and not told yet this session."""
    if set_aside := repository.set_aside_untold(group_ids):
        app.call_from_thread(
            app.notify, set_aside_toast(set_aside), title=_("Records left out"), severity="warning", timeout=8
        )
