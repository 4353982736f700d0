"""Several files of the workspace replaced as one change: all of them, or none of them.

An import changes the network file and any number of meeting files. Each file is written
atomically on its own, but a crash between two of them would leave half an import. So the new
contents are first written into ``.staged/`` (each fsynced), then a list of them is written
atomically: that is the moment the change happens. Only then is each file moved into place, and
the folder removed. When the workspace is next opened, :func:`finish_staged_change` completes the
moves of a listed change (a crash after the list) or throws away an unlisted one (a crash before
it): the workspace is either as it was or fully changed.

A move can also fail while the app runs (on Windows an antivirus or a sync client holding a file is
typical). The change is then undone, not left for later: before the list is written each file it
replaces is kept (a hard link in ``.staged/.before/``), and on a failed move the files already
moved are put back, and only then is the list removed. A refused change leaves nothing that a
later open would carry out over the saves made after it. Should even that fail, the change stays
listed (it is completed at the next open) and :class:`ChangeUnfinished` says so.

Readers that take no lock (reports and exports, :mod:`storage.reading`) must see a change whole
or not at all. Its list is on disk for as long as files are being moved, and once the list is
there, before the first move, :data:`LAST_CHANGE` is given a new random mark: a reader that found
no list and the same mark before and after its reads saw no change happen in between
(:func:`change_mark`). Writing the mark is the last thing that can fail before anything changed:
a full disk then leaves the workspace as it was, and the change is not made.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from pathlib import Path

from facilitator.i18n import _
from storage.atomic import FILE_MODE, FOLDER_MODE, _fsync_folder, json_bytes, read_json, replace_file, write_atomic
from storage.errors import DamagedFile, StorageError, WriteFailed, os_reason

STAGING_FOLDER = ".staged"
CHANGE_LIST = "change.json"
#: Where the files a change replaces are kept (in the staging folder) until it is whole.
BEFORE_FOLDER = ".before"
#: The mark of the last change made through the staging folder, renewed by each one.
LAST_CHANGE = ".last-change"


class ChangeUnfinished(StorageError):
    """A change could be neither completed nor undone: it stays listed, and the next open of the
    workspace completes it. Nothing more may be saved meanwhile (it would be overwritten)."""


class StagedChange:
    """New contents for files of the workspace in ``folder``, applied together by :meth:`commit`.

    Paths are relative to the workspace (``network.json``, ``meetings/<id>.json``).
    """

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._staging = folder / STAGING_FOLDER
        self._files: list[str] = []
        # A change left behind: thrown away if unlisted (a crash before the list); completed if
        # listed (moves that failed part-way, say on a full disk), for it has already happened.
        finish_staged_change(folder)
        try:
            self._staging.mkdir(mode=FOLDER_MODE)
        except OSError as error:
            raise WriteFailed(self._staging, os_reason(error)) from error

    def stage(self, relative: str, data: bytes) -> None:
        """Write the new content of ``relative`` (fsynced; no rename needed: unlisted, it is thrown away)."""
        target = self._staging / relative
        try:
            if not target.parent.exists():
                target.parent.mkdir(mode=FOLDER_MODE, parents=True)
            descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as error:
            raise WriteFailed(self._folder / relative, os_reason(error)) from error
        self._files.append(relative)

    def commit(self) -> None:
        """Make the change happen; from the moment the list and the new mark are on disk, a crash
        cannot undo it. Raises :class:`WriteFailed` with the workspace as it was when the change
        cannot be made whole (a list, a mark or a move that fails: the staged files are then thrown
        away), and :class:`ChangeUnfinished` in the rare case it can be neither made nor undone."""
        try:
            for folder in {(self._staging / relative).parent for relative in self._files}:
                _fsync_folder(folder)
        except OSError as error:
            self.discard()
            raise WriteFailed(self._staging, os_reason(error)) from error
        try:
            self._keep_replaced_files()
            write_atomic(self._staging / CHANGE_LIST, json_bytes(self._files))
            _renew_mark(self._folder)
        except (WriteFailed, OSError) as error:
            reason = error.reason if isinstance(error, WriteFailed) else os_reason(error)
            # Unlisted, the change never happened. A list that cannot be removed would be carried
            # out by the next open or import, over whatever is saved meanwhile: saves must stop.
            try:
                (self._staging / CHANGE_LIST).unlink(missing_ok=True)
            except OSError as kept:
                raise _unfinished(reason, os_reason(kept)) from error
            self.discard()
            if isinstance(error, WriteFailed):
                raise
            raise WriteFailed(self._staging, reason) from error
        try:
            _move_into_place(self._folder, self._files)
        except WriteFailed as failed:
            if self._undo(failed):
                raise

    def _keep_replaced_files(self) -> None:
        """Keep each file the change replaces, as it is now, to put it back should a move fail.

        A hard link costs no copy: the workspace's files are always replaced, never changed in
        place, so the link keeps the old content.
        """
        folders = set()
        for relative in self._files:
            current = self._folder / relative
            if current.exists():
                kept = self._staging / BEFORE_FOLDER / relative
                kept.parent.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
                _link_or_copy(current, kept)
                folders.add(kept.parent)
        for folder in folders:
            _fsync_folder(folder)

    def _undo(self, failed: WriteFailed) -> bool:
        """After a failed move, put back the files already moved and remove the list: the workspace
        is as it was, and no later open carries the change out (True). Should that fail too, the
        change is completed if it now can be (False: it is whole), else :class:`ChangeUnfinished`.

        The new contents of the files moved go back into the staging folder (durably) before the
        first old file returns, so that a crash part-way still finds every file of the listed
        change there, and the next open completes it whole.
        """
        moved = [relative for relative in self._files if _inside(relative) and not (self._staging / relative).exists()]
        try:
            for relative in moved:
                _link_or_copy(self._folder / relative, self._staging / relative)
            for folder in {(self._staging / relative).parent for relative in moved}:
                _fsync_folder(folder)
            for relative in moved:
                kept = self._staging / BEFORE_FOLDER / relative
                if kept.exists():
                    replace_file(kept, self._folder / relative)
                else:
                    (self._folder / relative).unlink()  # a file the change created
            for folder in {(self._folder / relative).parent for relative in moved}:
                with contextlib.suppress(OSError):
                    _fsync_folder(folder)
            (self._staging / CHANGE_LIST).unlink()
        except (OSError, WriteFailed) as error:
            try:
                _move_into_place(self._folder, self._files)
            except WriteFailed:
                second = error.reason if isinstance(error, WriteFailed) else os_reason(error)
                raise _unfinished(failed.reason, second) from error
            return False
        self.discard()
        return True

    def discard(self) -> None:
        """Throw the staged files away; the workspace was not touched."""
        shutil.rmtree(self._staging, ignore_errors=True)


def finish_staged_change(folder: Path) -> None:
    """Complete or throw away a change that a crash interrupted (called at open, lock held)."""
    staging = folder / STAGING_FOLDER
    if not staging.exists():
        return
    listed = staging / CHANGE_LIST
    if not listed.exists():
        shutil.rmtree(staging, ignore_errors=True)
        return
    try:
        files = read_json(listed)
    except DamagedFile as error:  # written atomically, so this is outside damage, not a crash
        raise StorageError(
            _("An interrupted import in {folder} cannot be completed: {reason}.").format(
                folder=staging, reason=error.reason
            )
        ) from error
    if not isinstance(files, list):
        raise StorageError(
            _("An interrupted import in {folder} cannot be completed: {reason}.").format(
                folder=staging, reason=_("its list of files is not a list")
            )
        )
    _renew_mark(folder)  # readers that took the mark before the crash must read again
    _move_into_place(folder, [name for name in files if isinstance(name, str)])


def _renew_mark(folder: Path) -> None:
    """Give :data:`LAST_CHANGE` a new mark, once the change's list is on disk and before its first
    file moves, so that a reader taking the mark sees the list until the change is whole (see
    :func:`change_mark`)."""
    write_atomic(folder / LAST_CHANGE, secrets.token_hex(16).encode("ascii"))


def _move_into_place(folder: Path, files: list[str]) -> None:
    """Move the staged files over the workspace's (each rename atomic), then drop the folder.

    A file already moved (by an earlier, interrupted attempt) is simply not there any more.
    """
    staging = folder / STAGING_FOLDER
    touched: set[Path] = set()
    for relative in files:
        if not _inside(relative):
            continue  # never outside the workspace, whatever the list says
        source = staging / relative
        target = folder / relative
        if not source.exists():
            continue
        try:
            target.parent.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
            replace_file(source, target)
        except OSError as error:
            raise WriteFailed(target, os_reason(error)) from error
        touched.add(target.parent)
    for changed_folder in touched:
        with contextlib.suppress(OSError):
            _fsync_folder(changed_folder)
    # The list goes first: a crash now leaves an empty change, which the next open removes.
    with contextlib.suppress(OSError):
        (staging / CHANGE_LIST).unlink()
    shutil.rmtree(staging, ignore_errors=True)


def change_mark(folder: Path) -> str | None:
    """The mark of the last change of several files in ``folder``, or None while one is under way
    (its list is on disk: files are being moved, or a crash interrupted the moves).

    A reader takes the mark before it reads and again after: if neither is None and they are equal,
    every file it read was as it was before some change or after it, never between two. The list
    is looked at again after the mark: a change writes its new mark once its list is on disk and
    before its first move, so a reader that got the new mark finds the list until the last file has
    moved. Both are read whole (each was written by a rename).
    """
    listed = folder / STAGING_FOLDER / CHANGE_LIST
    if listed.exists():
        return None
    try:
        mark = (folder / LAST_CHANGE).read_bytes().decode("ascii", "replace")
    except FileNotFoundError:
        mark = ""  # no change of several files was ever made here
    except OSError as error:  # as any file of the workspace that cannot be read
        raise DamagedFile(folder / LAST_CHANGE, os_reason(error)) from error
    return None if listed.exists() else mark


def _link_or_copy(source: Path, target: Path) -> None:
    """``target`` as a second name of ``source``; where the disk has no links (a FAT memory stick),
    a copy written atomically: never half a file under the name a later open moves in."""
    try:
        os.link(source, target)
    except OSError:
        write_atomic(target, source.read_bytes())


def _unfinished(reason: str, second: str) -> ChangeUnfinished:
    return ChangeUnfinished(
        _(
            "The change could be neither completed nor undone ({reason}; then {second}). It will be "
            "completed when the workspace is next opened: close the app now, without saving anything more."
        ).format(reason=reason, second=second)
    )


def _inside(relative: str) -> bool:
    """Whether ``relative`` names a file inside the workspace (no root, drive or ``..``)."""
    path = Path(relative)
    return bool(path.parts) and not path.anchor and ".." not in path.parts and "\\" not in relative
