"""Export failures, as storage errors so that the CLI and the screens show them as one line."""

from __future__ import annotations

from pathlib import Path

from facilitator.i18n import _
from storage.errors import StorageError


class ExportFailed(StorageError):
    """A PDF, calendar or other export could not be written to ``path``; nothing was left there."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(_("Could not write {path}: {reason}.").format(path=path, reason=reason))
