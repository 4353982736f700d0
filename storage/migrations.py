"""The steps that bring a workspace written by an earlier release up to the schema of this one
(:data:`storage.workspace.SCHEMA_VERSION`); :meth:`storage.workspace.Workspace.open` runs them
after a backup, in order."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from storage.coordinator_copies import drop_received_host_explanations

#: ``{n: step}`` upgrades a workspace folder from schema ``n`` to ``n + 1``, in place.
Migration = Callable[[Path], None]


def _to_version_2(folder: Path) -> None:
    """Version 2 keeps an erased person's tombstone with the marks that recognise them (see
    :mod:`facilitator.erasure`): nothing stored before changes for that (a record without the new
    fields has their defaults), and the version stops an earlier app, which would ignore an
    erasure, from opening the workspace. And a coordinator's copies lose the hosts' explanations
    received before (see :mod:`storage.coordinator_copies`)."""
    drop_received_host_explanations(folder)


def _to_version_3(folder: Path) -> None:
    """Version 3 keeps every generation of a group's key, each with the moment it is retired from
    (see :mod:`storage.sync_ledger`): nothing stored before changes for that (a key stored without
    a generation is read as the first, in use), and the version stops the release before from
    opening a workspace where it would take an old generation for the key that seals, and seal
    with a retired key that every other laptop refuses."""


def _to_version_4(folder: Path) -> None:
    """Version 4 notes in the network file the records a bundle left out because the coordinator's
    import would refuse them (table ``bundles_left_out``, see :mod:`storage.sync_ledger`), so that
    the next bundle considers them again, changed or not: nothing stored before changes for that (a
    workspace without the table has left nothing out), and the version stops the release before
    from opening a workspace where it would ignore the table, and never send the records left out
    once they pass (fixed by hand or by an update, they have not changed since the bundle)."""


def _to_version_5(folder: Path) -> None:
    """Version 5 keeps the entrepreneurs' growth interviews and outcomes in the network file (tables
    ``interviews`` and ``outcomes``, see :mod:`storage.development`) and the reported periods locked
    (``indicator_locks``): nothing stored before changes for that (a workspace without the tables
    has none of them), and the version stops the release before from opening a workspace where it
    would ignore the tables, or drop them where it rewrites the network file whole (an import of a
    bundle, an erasure, a roster import), and leave them out of every bundle it makes."""


def _to_version_6(folder: Path) -> None:
    """Version 6 keeps with each recording of a meeting its sound: the file's name, its length and
    the pauses taken while recording (see :class:`facilitator.model.meeting.Recording`), the sound
    files themselves in the meeting's folder ``meetings/<meeting id>/`` (see
    :mod:`storage.recordings`): nothing stored before changes for that (a recording stored with
    only its marks has no sound, no pauses), and the version stops the release before from opening
    a workspace where it would drop the new fields when it rewrites a meeting, and lose the sound's
    place among the marks."""


MIGRATIONS: dict[int, Migration] = {
    1: _to_version_2,
    2: _to_version_3,
    3: _to_version_4,
    4: _to_version_5,
    5: _to_version_6,
}
