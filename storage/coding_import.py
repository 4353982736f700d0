"""Many researchers' re-codes saved as one change: after a backup, every meeting file they touch is
replaced at once, or none is (see :mod:`storage.transaction`). The codings from a QDA tool
(:mod:`exports.qdpx.codings_back`) come here: hundreds of meetings re-coded at once must not stop
half-way, leaving the network's analysis half the researcher's and half the old one."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from facilitator.model import Coding
from storage.merged_records import merged_table
from storage.repository import Repository

BACKUP_REASON = "before-research-import"
CODINGS_TABLE = "codings"


def save_imported_codings(repository: Repository, codings: Sequence[Coding]) -> Path | None:
    """Save ``codings`` (each as :meth:`~storage.meeting_file.MeetingFiles.save_coding` would, so
    they travel to the groups in the coordinator's next bundle) together, after a backup of the
    workspace; return the backup's folder (None when there was nothing to save).

    Raises :class:`~storage.errors.NotFound` (nothing saved) when an entry no longer exists.
    """
    if not codings:
        return None
    workspace = repository.workspace
    with workspace.writing:
        workspace.refuse_if_closed()
        by_meeting: dict[str, list[Coding]] = {}
        for coding in codings:  # an entry gone is refused here, before anything is written
            by_meeting.setdefault(coding.meeting_id, []).append(repository.stamped_coding(coding))
        backup = workspace.backup(BACKUP_REASON)
        meeting_files = {}
        for meeting_id, stamped in by_meeting.items():
            tables = dict(workspace.meeting_file(meeting_id).storage.read() or {})
            tables[CODINGS_TABLE] = merged_table(tables.get(CODINGS_TABLE, {}), stamped)
            meeting_files[meeting_id] = tables
        network = dict(workspace.network.storage.read() or {})
        repository.replace_files(network, meeting_files)
    return backup
