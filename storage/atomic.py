"""Durable, atomic file writes and the TinyDB storage built on them.

TinyDB's own JSONStorage truncates and rewrites its file in place, so a crash or a full disk
can leave it empty. Here every write goes to a temporary file in the same folder, is flushed
and fsynced, replaces the old file in one rename, and the folder is fsynced so the rename
itself survives a power cut.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from facilitator.i18n import _
from storage.errors import DamagedFile, WriteFailed

FILE_MODE = 0o600
FOLDER_MODE = 0o700


def _fsync_folder(folder: Path) -> None:
    """Make a rename inside ``folder`` durable (a no-op where folders cannot be opened)."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that readers see the old or the new file, never a mix.

    The file is readable by its owner only. Raises :class:`WriteFailed`, naming the file,
    when anything fails; the previous content is then untouched and no temporary file is left.
    """
    folder = path.parent
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise WriteFailed(path, _reason(error)) from error
    try:
        with os.fdopen(fd, "wb") as handle:
            os.chmod(temp_name, FILE_MODE)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
        _fsync_folder(folder)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise WriteFailed(path, _reason(error)) from error


def write_json_atomic(path: Path, value: Any) -> None:
    """Write ``value`` as UTF-8 JSON with :func:`write_atomic`."""
    text = json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True)
    write_atomic(path, text.encode("utf-8"))


def read_json(path: Path) -> Any:
    """Read a UTF-8 JSON file, whatever the locale; :class:`DamagedFile` when it is not JSON."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise DamagedFile(path, _reason(error)) from error
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise DamagedFile(path, _("not UTF-8 text")) from error
    except json.JSONDecodeError as error:
        reason = _("not valid JSON at line {line}, column {column}").format(line=error.lineno, column=error.colno)
        raise DamagedFile(path, reason) from error


class AtomicJSONStorage(Storage):
    """A TinyDB storage that writes atomically and keeps the parsed data in memory.

    The workspace lock guarantees that no other process writes the file while it is open, so
    the file is parsed once and every later read is served from memory; a failed write drops
    the cache so that the next read sees what is really on disk.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        super().__init__()
        self.path = Path(path)
        self._cache: dict[str, dict[str, Any]] | None = None

    def read(self) -> dict[str, dict[str, Any]] | None:
        if self._cache is None:
            if not self.path.exists():
                return None
            data = read_json(self.path)
            check_tinydb_shape(self.path, data)
            self._cache = data
        return self._cache

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        try:
            write_json_atomic(self.path, data)
        except BaseException:
            # TinyDB changes the cached tables in place before it calls us: whatever the failure
            # (a full disk, a value JSON cannot hold), forget them so the next read is the disk's.
            self._cache = None
            raise
        self._cache = data

    def close(self) -> None:
        self._cache = None


def check_tinydb_shape(path: Path, data: Any) -> None:
    """Refuse a file that is JSON but not a TinyDB database: tables of numbered documents."""
    if not isinstance(data, dict):
        raise DamagedFile(path, _("expected tables of records"))
    for table, documents in data.items():
        if not isinstance(documents, dict) or not all(
            key.isdigit() and isinstance(document, dict) for key, document in documents.items()
        ):
            raise DamagedFile(path, _("table “{table}” does not hold records").format(table=table))
