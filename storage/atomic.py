"""Durable, atomic file writes and the TinyDB storage built on them.

TinyDB's own JSONStorage truncates and rewrites its file in place, so a crash or a full disk
can leave it empty. Here every write goes to a temporary file in the same folder, is flushed
and fsynced, replaces the old file in one rename, and the folder is fsynced so the rename
itself survives a power cut.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Callable
from contextvars import ContextVar
from pathlib import Path
from typing import Any, BinaryIO

import orjson
from tinydb.storages import Storage

from facilitator.disk import fsync_folder
from facilitator.i18n import _
from storage.errors import DamagedFile, WriteFailed, held_by_another_program, os_reason

FILE_MODE = 0o600
FOLDER_MODE = 0o700
#: How long a rename waits on Windows for another program to close the file it replaces.
_REPLACE_PATIENCE = 1.5

#: Called before every write made in this context (thread): a read of the workspace that must be
#: consistent (:mod:`storage.reading`) puts here the check that its view still holds, so that no
#: export is ever written from a view that an import changed while it was read.
BEFORE_WRITE: ContextVar[Callable[[], None] | None] = ContextVar("before_write", default=None)


def replace_file(source: str | os.PathLike[str], target: Path, patience: float = _REPLACE_PATIENCE) -> None:
    """``os.replace``, waiting up to ``patience`` seconds while Windows says another program has
    ``target`` (or ``source``) open.

    Windows refuses to replace a file that someone is reading: reports and exports read the
    workspace while the app writes it, and a virus scanner, the search indexer and OneDrive open
    every new file for a moment. Each of these reads is short, so the rename is tried again; a file
    still held after that (a PDF open in a reader) is reported as probably open elsewhere.
    """
    deadline = time.monotonic() + patience
    while True:
        try:
            os.replace(source, target)
            return
        except PermissionError as error:
            if not held_by_another_program(error) or time.monotonic() >= deadline:
                raise
            time.sleep(0.02)


#: Under the name the storage modules (and a test that makes the folder refuse) use.
_fsync_folder = fsync_folder


def _reason(error: OSError) -> str:
    return os_reason(error)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that readers see the old or the new file, never a mix.

    The file is readable by its owner only. Raises :class:`WriteFailed`, naming the file,
    when anything fails; the previous content is then untouched and no temporary file is left.
    """
    write_atomic_with(path, lambda handle: handle.write(data))


def write_atomic_with(path: Path, fill: Callable[[BinaryIO], object]) -> None:
    """:func:`write_atomic` for a file written in a stream by ``fill`` (a project with tens of MB of
    sound is never all in memory); an OSError raised by ``fill`` fails the write as any other."""
    if (check := BEFORE_WRITE.get()) is not None:
        check()
    folder = path.parent
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise WriteFailed(path, _reason(error)) from error
    try:
        with os.fdopen(fd, "wb") as handle:
            os.chmod(temp_name, FILE_MODE)
            fill(handle)
            handle.flush()
            os.fsync(handle.fileno())
        replace_file(temp_name, path)
    except BaseException as error:  # a stream that fails in any way (or is cancelled) leaves no temporary
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        if isinstance(error, OSError):
            raise WriteFailed(path, _reason(error)) from error
        raise
    # The rename is the write: from here every reader sees the new file, so the write has happened
    # and is reported so, memory following. Making the rename survive a power cut is the last step;
    # should the folder refuse it, the file is in place all the same (and the next write tries again).
    with contextlib.suppress(OSError):
        _fsync_folder(folder)


def json_bytes(value: Any) -> bytes:
    """``value`` as compact UTF-8 JSON: a memo line rewrites its meeting's whole file, and orjson
    writes a long meeting's file in a tenth of the time the standard library takes."""
    return orjson.dumps(value)  # a value JSON cannot hold raises TypeError, as json.dumps does


def write_json_atomic(path: Path, value: Any) -> None:
    """Write ``value`` as JSON with :func:`write_atomic`."""
    write_atomic(path, json_bytes(value))


def read_json(path: Path) -> Any:
    """Read a UTF-8 JSON file, whatever the locale; :class:`DamagedFile` when it is not JSON."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise DamagedFile(path, _reason(error)) from error
    return check_json(path, raw)


def check_json(path: Path, raw: bytes) -> Any:
    """The JSON value the bytes ``raw`` read from ``path`` hold; :class:`DamagedFile` when none."""
    try:
        return orjson.loads(raw)  # the network file is read before the first frame: orjson is faster
    except orjson.JSONDecodeError as error:
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            raise DamagedFile(path, _("not UTF-8 text")) from error
        reason = _("not valid JSON at line {line}, column {column}").format(line=error.lineno, column=error.colno)
        raise DamagedFile(path, reason) from error


class AtomicJSONStorage(Storage):
    """A TinyDB storage that writes atomically and keeps the parsed data in memory.

    The workspace lock guarantees that no other process writes the file while it is open, so
    the file is parsed once and every later read is served from memory. The bytes last written
    are kept too: TinyDB changes the cached tables in place before it calls :meth:`write`, so a
    failed write puts the cache back to what is on disk, and the next write (once the disk has
    room again) carries everything saved before.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        super().__init__()
        self.path = Path(path)
        self._cache: dict[str, dict[str, Any]] | None = None
        self._written: bytes | None = None

    def read(self) -> dict[str, dict[str, Any]] | None:
        if self._cache is None:
            if self._written is not None:
                self._cache = orjson.loads(self._written)
            elif not self.path.exists():
                return None
            else:
                data = read_json(self.path)
                check_tinydb_shape(self.path, data)
                self._cache = data
        return self._cache

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        try:
            raw = json_bytes(data)
            self._recreate_folder()
            write_atomic(self.path, raw)
        except BaseException:
            self._cache = None  # the next read goes back to the last bytes written
            raise
        self._cache = data
        self._written = raw

    def take_written(self, data: dict[str, dict[str, Any]]) -> None:
        """Keep ``data`` as what the file holds: it was just written whole as ``json_bytes(data)``
        by a change of several files (:mod:`storage.transaction`), and need not be read again."""
        self._cache = data
        self._written = None

    def _recreate_folder(self) -> None:
        """Put back a folder removed under the running app (not a whole missing workspace):
        everything of the file is in memory and is written again whole."""
        folder = self.path.parent
        if not folder.exists() and folder.parent.is_dir():
            with contextlib.suppress(OSError):  # write_atomic then says what is wrong
                folder.mkdir(mode=FOLDER_MODE)

    def close(self) -> None:
        self._cache = None
        self._written = None


def check_tinydb_shape(path: Path, data: Any) -> None:
    """Refuse a file that is JSON but not a TinyDB database: tables of numbered documents."""
    if not isinstance(data, dict):
        raise DamagedFile(path, _("expected tables of records"))
    for table, documents in data.items():
        if not isinstance(documents, dict) or not all(
            key.isdigit() and isinstance(document, dict) for key, document in documents.items()
        ):
            raise DamagedFile(path, _("table “{table}” does not hold records").format(table=table))
