"""One running app or command per workspace.

The ``.lock`` file holds an operating-system lock for as long as its owner runs, plus a note of
who the owner is. The OS drops the lock when a process dies, however it dies, so a lock left
behind by a crashed or killed process is simply taken over; a live owner is named in the refusal.
"""

from __future__ import annotations

import errno
import json
import os
import socket
import sys
from datetime import datetime
from pathlib import Path

from facilitator.dates import format_day, format_time
from facilitator.i18n import _
from facilitator.local_time import local_moment
from facilitator.model.record import utc_now
from storage.atomic import FILE_MODE
from storage.errors import FolderNotWritable, LocksUnsupported, WorkspaceLocked, os_reason

if sys.platform == "win32":  # as os.name == "nt", in the form mypy reads: it checks msvcrt for Windows only
    import msvcrt

    #: What ``msvcrt.locking`` answers for a byte another process has locked.
    _HELD_ELSEWHERE = frozenset({errno.EACCES, errno.EDEADLOCK})

    def _try_lock(fd: int) -> bool:
        """True once locked, False while another process holds it; any other refusal (the file
        system cannot lock) is raised."""
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError as error:
            if error.errno in _HELD_ELSEWHERE:
                return False
            raise
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    #: "Would block": what ``flock`` answers for a file another process has locked.
    _HELD_ELSEWHERE = frozenset({errno.EAGAIN, errno.EWOULDBLOCK})

    def _try_lock(fd: int) -> bool:
        """True once locked, False while another process holds it; any other refusal (ENOLCK,
        EOPNOTSUPP… where the file system cannot lock) is raised."""
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno in _HELD_ELSEWHERE:
                return False
            raise
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


LOCK_NAME = ".lock"
#: Where the owner note starts: Windows locks byte 0 itself, so the note is kept past it.
_NOTE_OFFSET = 1


class WorkspaceLock:
    """The exclusive right to write one workspace folder, held until :meth:`release`."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / LOCK_NAME
        self._fd: int | None = None
        #: The note left by an earlier owner that had died without releasing, if any.
        self.taken_over: dict[str, object] | None = None

    def acquire(self, purpose: str) -> None:
        """Take the lock for ``purpose`` (``"app"``, ``"demo"``…) or raise :class:`WorkspaceLocked`;
        :class:`LocksUnsupported` where the folder's file system cannot lock, and
        :class:`FolderNotWritable` where the lock file cannot be written."""
        folder = self.path.parent
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, FILE_MODE)
        except OSError as error:
            raise FolderNotWritable(folder, os_reason(error)) from error
        try:
            locked = _try_lock(fd)
        except OSError as error:
            os.close(fd)
            raise LocksUnsupported(folder, error.errno) from error
        if not locked:
            note = self._read_note(fd)
            os.close(fd)
            raise WorkspaceLocked(folder, describe_holder(note))
        previous = self._read_note(fd)
        self.taken_over = previous or None
        note = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "purpose": purpose,
            "since": utc_now().isoformat(timespec="seconds"),
        }
        try:
            os.ftruncate(fd, _NOTE_OFFSET)
            os.lseek(fd, _NOTE_OFFSET, os.SEEK_SET)
            os.write(fd, json.dumps(note).encode("utf-8"))
            os.fsync(fd)
        except OSError as error:
            _unlock(fd)
            os.close(fd)
            raise FolderNotWritable(folder, os_reason(error)) from error
        self._fd = fd

    def release(self) -> None:
        """Give the lock up, leaving an empty note: nobody holds the workspace."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            os.ftruncate(fd, _NOTE_OFFSET)
            _unlock(fd)
        finally:
            os.close(fd)

    @property
    def held(self) -> bool:
        return self._fd is not None

    @staticmethod
    def _read_note(fd: int) -> dict[str, object]:
        os.lseek(fd, _NOTE_OFFSET, os.SEEK_SET)
        raw = b""
        while chunk := os.read(fd, 4096):
            raw += chunk
        try:
            note = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            return {}
        return note if isinstance(note, dict) else {}


def describe_holder(note: dict[str, object]) -> str:
    """Who holds a lock, in words: "the app (process 4242 on laptop-7, since …)"."""
    if not note:
        return _("another process")
    purpose = str(note.get("purpose", ""))
    what = _("the app") if purpose == "app" else _("the command “{purpose}”").format(purpose=purpose)
    return _("{what} (process {pid} on {host}, since {since})").format(
        what=what, pid=note.get("pid", "?"), host=note.get("host", "?"), since=_local_moment(note.get("since"))
    )


def _local_moment(stamp: object) -> str:
    """A lock's UTC timestamp as the user reads the time: their day and clock, in their language.
    A lock belongs to no group, so the time is the system's local time (see :func:`local_moment`)."""
    try:
        moment = local_moment(datetime.fromisoformat(str(stamp)))
    except ValueError:
        return str(stamp or "?")
    return f"{format_day(moment.date())} {format_time(moment)}"
