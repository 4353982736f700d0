"""What a coordinator received before version 2 and may no longer receive, dropped on upgrade.

Until version 2, a bundle for the coordinator carried each meeting's ``host_reason``: the rotation's
explanation of its host, which names members and the reasons of their absences ("Malin Lindholm
is away on this date (parental leave)…"). Bundles no longer carry it (see
:mod:`exports.bundle.privacy`), but the copies received before still hold it, and the next
bundles bring a meeting again only when it changes. So upgrading a coordinator's workspace empties
the explanation of every meeting it received, in the workspace and in its backups; the meetings
the coordinator made and alone changed keep theirs, as its own planner wrote them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from storage.atomic import read_json, write_json_atomic
from storage.backups import list_backups
from storage.workspace_info import WorkspaceRole, read_info

NETWORK_FILE = "network.json"
MEETINGS_TABLE = "meetings"


def drop_received_host_explanations(folder: Path) -> None:
    """On a coordinator's workspace in ``folder``, empty the ``host_reason`` of every meeting it
    received (current versions and the other sides of conflicts), in the network file and in that
    of every backup. A file is written only when something in it changes, and atomically: a backup
    shares its unchanged files with the workspace by hard links, which a new file leaves alone."""
    info = read_info(folder)
    if info.role is not WorkspaceRole.COORDINATOR:
        return
    for path in [folder / NETWORK_FILE, *(backup / NETWORK_FILE for backup in list_backups(folder))]:
        if path.is_file():
            _drop_in_file(path, info.id)


def _drop_in_file(path: Path, own_id: str) -> None:
    from storage.sync_ledger import CONFLICTS_TABLE  # here: the ledger needs the workspace, which runs this

    tables: dict[str, dict[str, Any]] = read_json(path) or {}
    documents = list(tables.get(MEETINGS_TABLE, {}).values())
    documents += [
        side["record"]
        for side in tables.get(CONFLICTS_TABLE, {}).values()
        if side.get("type") == MEETINGS_TABLE and isinstance(side.get("record"), dict)
    ]
    changed = False
    for document in documents:
        if document.get("host_reason") and not _made_only_by(document, own_id):
            document["host_reason"] = ""
            changed = True
    if changed:
        write_json_atomic(path, tables)


def _made_only_by(document: dict[str, Any], workspace_id: str) -> bool:
    """Whether every save of this version was made in ``workspace_id`` (as the bundle writer tells
    the coordinator's own records from its copies of a group's)."""
    versions = document.get("versions") or {str(document.get("changed_by", "")): 0}
    return all(str(key).split(":")[0] == workspace_id for key in versions)
