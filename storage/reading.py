"""Reading a workspace while an app or a command writes it: the reports and exports that only read.

Such a reader takes no lock (an app holds its workspace for hours) and writes nothing into the
workspace (:meth:`~storage.workspace.Workspace.open_for_reading`). What it reads is consistent all
the same:

- each file is replaced whole by a rename, so a file is read as it was before a save or after it;
- a change of several files at once (an import, :mod:`storage.transaction`) is seen whole or not at
  all: the reader takes the change mark before it reads, and checks it again before it writes its
  own file and once it is done. If an import came in between, it reads again; while one is being
  moved into place, it waits a moment.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from facilitator.i18n import _
from storage.atomic import BEFORE_WRITE
from storage.errors import StorageError
from storage.repository import Repository
from storage.transaction import change_mark
from storage.workspace import Workspace

T = TypeVar("T")

#: How many times a read disturbed by imports is made again before the reader gives up.
ATTEMPTS = 5
#: How long a reader waits for an import being moved into place (it takes a fraction of a second:
#: a change still listed after this was interrupted, and waits for the app to complete it).
PATIENCE = 5.0
_POLL = 0.02


class _ChangedWhileRead(Exception):
    """An import came between the first read and the last one: the read is made again.

    Not a :class:`StorageError`, so that nothing on the way reports it as a failure.
    """


class _View:
    """One attempt's view of the workspace: whole while the change mark is the one taken before it."""

    def __init__(self, folder: Path, mark: str) -> None:
        self.folder = folder
        self.mark = mark
        #: Whether the attempt has written its file (from a view checked just before).
        self.written = False

    def unchanged(self) -> bool:
        return change_mark(self.folder) == self.mark

    def check(self) -> None:
        if not self.unchanged():
            raise _ChangedWhileRead

    def check_before_writing(self) -> None:
        self.check()
        self.written = True


def read_workspace(folder: Path, read: Callable[[Repository], T]) -> T:
    """``read(repository)`` on the workspace in ``folder`` opened for reading, whoever holds it,
    made again when an import came between two of its reads (see :func:`read_unchanged`).

    The repository is for ``read`` alone: it is closed when ``read`` returns.
    """
    folder = Path(folder).expanduser().absolute()

    def once() -> T:
        with Workspace.open_for_reading(folder) as workspace:
            return read(Repository(workspace))

    return read_unchanged(folder, once)


def read_unchanged(folder: Path, read: Callable[[], T], *, attempts: int = ATTEMPTS, patience: float = PATIENCE) -> T:
    """``read()``, made again until no change of several files of the workspace in ``folder`` came
    between its first read and its last; raises :class:`StorageError` after ``attempts``.

    A file that ``read`` writes (the export it makes) is written only while that still holds, so no
    file is ever made from half an import; once it has written, the check at its end is left out
    (it reads nothing more). A read made again writes its files again: :mod:`exports.files` knows
    them for its own, not for earlier files it replaced. An error raised by a read that an import
    disturbed is taken for that disturbance, and the read is made again.
    """
    for _attempt in range(attempts):
        view = _View(folder, _settled_mark(folder, patience))
        writing = BEFORE_WRITE.set(view.check_before_writing)
        try:
            result = read()
            if not view.written:
                view.check()
        except _ChangedWhileRead:
            continue
        except Exception:
            if not view.unchanged():
                continue
            raise
        finally:
            BEFORE_WRITE.reset(writing)
        return result
    raise StorageError(
        _(
            "The workspace {folder} kept changing while it was read (bundles were being imported), so nothing "
            "was written. Try again once the import is done."
        ).format(folder=folder)
    )


def _settled_mark(folder: Path, patience: float) -> str:
    """The change mark once no change is being moved into place (waiting up to ``patience``)."""
    deadline = time.monotonic() + patience
    while (mark := change_mark(folder)) is None:
        if time.monotonic() >= deadline:
            raise StorageError(
                _(
                    "An import into {folder} was left unfinished, so the workspace cannot be read as it stands; "
                    "the app completes the import when it next opens the workspace."
                ).format(folder=folder)
            )
        time.sleep(_POLL)
    return mark
