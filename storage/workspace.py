"""The workspace folder: where it is, opening it safely, its schema version and its backups.

Layout (DESIGN §6)::

    workspace.json   id, role, schema version, settings
    network.json     TinyDB: groups and people (later: availability, keys, a meeting index)
    meetings/        one TinyDB file per meeting
    backups/         rotating copies taken before migrations and imports, and once a day
    .lock            held while an app or command writes
    .last-change     the mark of the last import, for readers (see :mod:`storage.transaction`)

What the user prints or sends goes outside it, where people look for their files (see
:mod:`storage.exports_folder`); a workspace made by an earlier version keeps its ``exports/`` as it is.

A workspace is opened either for writing (:meth:`Workspace.open`: one app or command at a time,
holding the lock) or for reading (:meth:`Workspace.open_for_reading`: reports and exports, while
an app or a command holds it; see :mod:`storage.reading`).
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tinydb import TinyDB

from facilitator.i18n import _
from facilitator.model.record import new_id
from storage.atomic import AtomicJSONStorage, write_json_atomic
from storage.backups import daily_backup_due, list_backups, make_backup, newest_backup, remove_unfinished_backups
from storage.errors import DamagedFile, NewerSchema, StorageError
from storage.exports_folder import EXPORTS_FOLDER_SETTING, default_exports_folder, exports_folder_of
from storage.lock import WorkspaceLock
from storage.migrations import MIGRATIONS, Migration
from storage.transaction import finish_staged_change
from storage.workspace_folder import check_writable, make_folder, remove_stale_temporaries
from storage.workspace_info import WorkspaceInfo, WorkspaceRole, read_info

SCHEMA_VERSION = 6
_RECORD_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


class _ReadOnlyStorage(AtomicJSONStorage):
    """The files of a workspace opened for reading: a write would be a defect, refused untouched."""

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self._cache = None  # TinyDB changed the cached tables already: read them again
        raise StorageError(_("{path} was opened for reading only; nothing was saved.").format(path=self.path))


class _OpenStorage(AtomicJSONStorage):
    """The files of a workspace open for writing: each write holds the workspace's write lock, and
    once the workspace is closed it is refused untouched (see :meth:`Workspace.close`)."""

    def __init__(self, path: str | os.PathLike[str], workspace: Workspace) -> None:
        super().__init__(path)
        self._workspace = workspace

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        with self._workspace.writing:
            try:
                self._workspace.refuse_if_closed()
            except StorageError:
                self._cache = None  # TinyDB changed the cached tables already: read them again
                raise
            super().write(data)


class Workspace:
    """An open workspace: locked for writing (:meth:`open`), or read beside the one writing
    (:meth:`open_for_reading`). Close it (or use ``with``) when done."""

    def __init__(self, folder: Path, info: WorkspaceInfo, lock: WorkspaceLock | None) -> None:
        self.folder = folder
        self.info = info
        self._lock = lock
        self._network: TinyDB | None = None
        self._meeting_files: dict[str, TinyDB] = {}
        #: Held by every write of the workspace's files, and by a background read that must not see
        #: one half done: the app writes from its screens while a worker makes or imports a bundle.
        self.writing = threading.RLock()
        #: Set, under ``writing``, once :meth:`close` has begun: every write is refused from then on.
        self._closed = False
        #: Why every write is refused, when a change could be neither made nor undone (see
        #: :meth:`stop_writing`).
        self._stopped: str | None = None
        #: Given by the :class:`~storage.repository.Repository`: reads every record of the network
        #: file whole (once), raising :class:`DamagedFile` for one that is not. The day's backup
        #: asks it first, so that a damaged record is never copied over the good backups.
        self.check_records: Callable[[], None] | None = None

    # -- opening -------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        folder: Path,
        *,
        purpose: str = "app",
        role: WorkspaceRole = WorkspaceRole.FACILITATOR,
        migrations: Mapping[int, Migration] = MIGRATIONS,
        schema_version: int = SCHEMA_VERSION,
    ) -> Workspace:
        """Open (creating on first use) the workspace in ``folder`` for writing.

        Refuses a workspace locked by a running process, written by a newer version, or with a
        damaged file; migrates an older one after backing it up. ``role`` applies to a new
        workspace only.
        """
        folder = Path(folder).expanduser().absolute()
        make_folder(folder)
        lock = WorkspaceLock(folder)
        lock.acquire(purpose)
        try:
            check_writable(folder)
            remove_stale_temporaries(folder)
            remove_unfinished_backups(folder)
            finish_staged_change(folder)
            workspace = cls(folder, _read_or_create_info(folder, role), lock)
            workspace._bring_up_to_date(migrations, schema_version)
            for name in ("meetings", "backups"):
                make_folder(folder / name)
            workspace._check_network()
        except BaseException:
            lock.release()
            raise
        return workspace

    @classmethod
    def open_for_reading(cls, folder: Path, *, schema_version: int = SCHEMA_VERSION) -> Workspace:
        """Open the workspace in ``folder`` to read it, while an app or a command may hold it.

        Takes no lock and writes nothing: it creates, finishes, upgrades and backs up nothing (the
        next writer does). So it refuses a folder that is no workspace, one that needs an upgrade
        first, one written by a newer version, and a damaged network file. Each file is read once,
        whole; :func:`storage.reading.read_workspace` makes sure no import came between two.
        """
        folder = Path(folder).expanduser().absolute()
        if not (folder / "workspace.json").is_file():
            raise StorageError(_("There is no workspace in {folder}.").format(folder=folder))
        info = read_info(folder)
        if info.schema_version > schema_version:
            raise NewerSchema(folder, info.schema_version, schema_version)
        if info.schema_version < schema_version:
            raise StorageError(
                _(
                    "The workspace {folder} has to be upgraded to this version before it can be read: open it "
                    "in the app once."
                ).format(folder=folder)
            )
        workspace = cls(folder, info, None)
        workspace._check_network()
        return workspace

    def close(self) -> None:
        """Release the workspace; first keep a daily copy if the last one is a day old (or none).

        Under the write lock: a write under way (a worker's) ends first, and every later write of
        this process is refused (:meth:`refuse_if_closed`), so that none reaches the files once
        another process may hold them.
        """
        with self.writing:
            if self._lock is not None and self._lock.held:
                # The data itself is safely on disk: a missing copy must not block closing.
                with contextlib.suppress(StorageError):
                    self.daily_backup()
            self._closed = True
            self.forget_open_files()
            if self._lock is not None:
                self._lock.release()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def save_setting(self, name: str, value: object) -> None:
        """Keep a preference of this laptop's workspace in ``workspace.json`` (it never travels)."""
        self._refuse_if_read_only()
        with self.writing:
            self.refuse_if_closed()
            self.info.settings[name] = value
            write_json_atomic(self.info_path, self.info.to_json())

    def _refuse_if_read_only(self) -> None:
        if self.read_only:
            raise StorageError(_("{path} was opened for reading only; nothing was saved.").format(path=self.folder))

    def refuse_if_closed(self) -> None:
        """Refuse a write once :meth:`close` has begun (call it holding ``writing``): the lock may
        be let go already, and the next process to take it must find the files as they stay."""
        if self._closed:
            raise StorageError(_("The workspace {folder} was closed; nothing was saved.").format(folder=self.folder))
        if self._stopped is not None:
            raise StorageError(self._stopped)

    def stop_writing(self, reason: str) -> None:
        """Refuse every later write, saying ``reason``: a change left listed is completed at the
        next open, over anything saved meanwhile (:class:`~storage.transaction.ChangeUnfinished`)."""
        self._stopped = reason

    @property
    def read_only(self) -> bool:
        """Opened for reading: no lock, and nothing written, finished, upgraded or backed up."""
        return self._lock is None

    @property
    def _storage(self) -> Callable[[Path], AtomicJSONStorage]:
        """How its files are opened: a write to one opened for reading is refused, and so is a
        write once the workspace is closed."""
        if self.read_only:
            return _ReadOnlyStorage
        return lambda path: _OpenStorage(path, self)

    # -- files ---------------------------------------------------------------------------

    @property
    def id(self) -> str:
        return self.info.id

    @property
    def taken_over_from(self) -> dict[str, object] | None:
        """Who held the lock last without releasing it (a crash), if that is how we got it."""
        return self._lock.taken_over if self._lock is not None else None

    @property
    def info_path(self) -> Path:
        return self.folder / "workspace.json"

    @property
    def network_path(self) -> Path:
        return self.folder / "network.json"

    @property
    def backups_folder(self) -> Path:
        return self.folder / "backups"

    @property
    def exports_folder(self) -> Path:
        """Where exports go unless told otherwise: the folder chosen in the settings, else
        ``MicroENTRE`` in the user's Documents (made only when written into: see
        :func:`storage.exports_folder.make_exports_folder`)."""
        return exports_folder_of(self.info.settings)

    def choose_exports_folder(self, folder: Path | None) -> None:
        """Keep ``folder`` as where this laptop's exports go (checked by
        :func:`storage.exports_folder.usable_exports_folder`); None, or the default folder itself,
        goes back to the default, which follows the Documents folder should it move."""
        chosen = None if folder is None or folder == default_exports_folder() else str(folder)
        self.save_setting(EXPORTS_FOLDER_SETTING, chosen)

    @property
    def network(self) -> TinyDB:
        """The TinyDB database of groups and people (opened on first use, once whatever the thread)."""
        with self.writing:
            if self._network is None:
                self._network = TinyDB(self.network_path, storage=self._storage)
            return self._network

    def meeting_path(self, meeting_id: str) -> Path:
        """Where a meeting's own file is; refuses an id that is not a record id (it names a file)."""
        if not _RECORD_ID.fullmatch(meeting_id):
            raise StorageError(_("“{id}” is not a meeting id.").format(id=meeting_id))
        return self.folder / "meetings" / f"{meeting_id}.json"

    def meeting_file(self, meeting_id: str) -> TinyDB:
        """The TinyDB file of one meeting: agenda, attendance, memo entries (opened on first use).

        One file per meeting keeps the cost of a save proportional to that meeting alone. Opened
        under the write lock: a worker and the screens asking at once get the same copy, never two
        whose saves would each rewrite the file from their own cache.
        """
        with self.writing:
            if meeting_id not in self._meeting_files:
                database = TinyDB(self.meeting_path(meeting_id), storage=self._storage)
                try:
                    database.storage.read()
                except DamagedFile as error:
                    raise DamagedFile(error.path, error.reason, newest_backup(self.folder)) from error
                self._meeting_files[meeting_id] = database
            return self._meeting_files[meeting_id]

    def open_meeting_file(self, meeting_id: str) -> TinyDB | None:
        """The meeting's file if it is open already (its cache is what is on disk), else None."""
        return self._meeting_files.get(meeting_id)

    def forget_open_files(self, network: dict[str, dict[str, Any]] | None = None) -> None:
        """Close every open file, so the next use reads them again: after an import replaced them.

        ``network`` is the network file's tables as the import has just written them, kept as if
        read (a large network's file takes a tenth of a second to parse, for each bundle).
        """
        with self.writing:
            if self._network is not None:
                self._network.close()
                self._network = None
            for database in self._meeting_files.values():
                database.close()
            self._meeting_files.clear()
            if network is not None:
                storage = self.network.storage
                assert isinstance(storage, AtomicJSONStorage)
                storage.take_written(network)

    # -- backups -------------------------------------------------------------------------

    def backups(self) -> list[Path]:
        """Backup folders, oldest first."""
        return list_backups(self.folder)

    def backup(self, reason: str) -> Path:
        """Copy every file of the workspace into ``backups/<time>-<reason>`` and drop the oldest
        copies: the workspace as it was at one moment (no save between two of its files), while
        saves wait only for the files to be named, not copied."""
        self._refuse_if_read_only()
        return make_backup(self.folder, reason, self._open_for_writing())

    @contextlib.contextmanager
    def _open_for_writing(self) -> Iterator[None]:
        """The write lock, refused once the workspace is closed."""
        with self.writing:
            self.refuse_if_closed()
            yield

    # -- checks done at open ---------------------------------------------------------------

    def _bring_up_to_date(self, migrations: Mapping[int, Migration], target: int) -> None:
        found = self.info.schema_version
        if found > target:
            raise NewerSchema(self.folder, found, target)
        if found == target:
            return
        # Every step must be there before the first one runs: half an upgrade cannot be resumed.
        if any(version not in migrations for version in range(found, target)):
            raise StorageError(
                _("The workspace {folder} has data version {found}, which this version cannot upgrade.").format(
                    folder=self.folder, found=found
                )
            )
        make_backup(self.folder, f"before-upgrade-v{found}")
        for version in range(found, target):
            migrations[version](self.folder)
        self.info.schema_version = target
        write_json_atomic(self.info_path, self.info.to_json())

    def _check_network(self) -> None:
        """Read the network file once, so a damaged one is reported now, not mid-meeting."""
        try:
            self.network.storage.read()
        except DamagedFile as error:
            self._network = None
            raise DamagedFile(error.path, error.reason, newest_backup(self.folder)) from error

    def daily_backup(self) -> None:
        """Keep a recent copy of every file, so that a damaged file has a recent backup.

        Only with every record read whole (``check_records``; :class:`DamagedFile` otherwise), so
        that a damaged record is never copied over the good backups the refusal points to.
        """
        if self.read_only or self.check_records is None or not self.network_path.exists():
            return
        if daily_backup_due(self.folder):
            self.check_records()
            self.backup("daily")


def _read_or_create_info(folder: Path, role: WorkspaceRole) -> WorkspaceInfo:
    path = folder / "workspace.json"
    if path.exists():
        return read_info(folder)
    info = WorkspaceInfo(
        id=new_id(),
        role=role,
        schema_version=SCHEMA_VERSION,
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        settings={},
    )
    write_json_atomic(path, info.to_json())
    return info
