"""What ``workspace.json`` says about a workspace (its id, role, data version and settings), and
where a workspace is when none is named; read before a workspace is opened, and by it."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from facilitator.i18n import _
from storage.atomic import read_json
from storage.backups import newest_backup
from storage.errors import DamagedFile

APP_NAME = "microentre-facilitator"
ENVIRONMENT_VARIABLE = "FACILITATOR_WORKSPACE"
#: The setting (in ``workspace.json``) of the language the app speaks on this workspace.
LANGUAGE_SETTING = "language"


class WorkspaceRole(StrEnum):
    FACILITATOR = "facilitator"
    COORDINATOR = "coordinator"


def default_workspace_path() -> Path:
    """``FACILITATOR_WORKSPACE`` if set, else a folder in the user's data directory."""
    if configured := os.environ.get(ENVIRONMENT_VARIABLE):
        return Path(configured).expanduser()
    import platformdirs

    return platformdirs.user_data_path(APP_NAME, appauthor=False) / "workspace"


@dataclass
class WorkspaceInfo:
    """What ``workspace.json`` says about the workspace."""

    id: str
    role: WorkspaceRole
    schema_version: int
    created_at: str
    settings: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "role": self.role.value,
            "schema_version": self.schema_version,
            "created_at": self.created_at,
            "settings": self.settings,
        }

    @classmethod
    def from_json(cls, path: Path, data: Any) -> WorkspaceInfo:
        try:
            return cls(
                id=str(data["id"]),
                role=WorkspaceRole(data["role"]),
                schema_version=int(data["schema_version"]),
                created_at=str(data.get("created_at", "")),
                settings=dict(data.get("settings", {})),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise DamagedFile(path, _("missing or wrong workspace details")) from error


def read_info(folder: Path) -> WorkspaceInfo:
    path = folder / "workspace.json"
    try:
        return WorkspaceInfo.from_json(path, read_json(path))
    except DamagedFile as error:
        raise DamagedFile(error.path, error.reason, newest_backup(folder)) from error


def read_setting(folder: Path, name: str) -> object | None:
    """A setting of the workspace in ``folder``, read without opening it (the CLI needs the language
    before anything else); ``None`` for a missing or unreadable workspace, which opening reports."""
    try:
        settings = read_json(Path(folder).expanduser() / "workspace.json").get("settings", {})
        setting: object = settings.get(name)  # any JSON value: the caller checks it
        return setting
    except (DamagedFile, AttributeError):
        return None
