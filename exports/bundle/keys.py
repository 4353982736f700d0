"""Setting up a group's key: at most one file each way between a facilitator and the coordinator.

A group started by a facilitator: the facilitator sends a key request (``.mekeyrequest``, the
groups' ids and names, no secret), and the coordinator answers with a key file (``.mekey``). A
group started by the coordinator: the coordinator sends the key file alone; it carries the
group's record, so installing it creates the group. A co-facilitator installs the same key file
(any workspace holding the key can write it again). The key file holds a secret: hand it over as
you would a password.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypedDict

import orjson

from exports.bundle.archive import UUID, BundleRefused
from exports.bundle.format import MAX_MANIFEST_BYTES
from exports.files import default_export_path, export_folder, unused_path, write_export
from facilitator.i18n import _
from facilitator.local_time import local_day
from facilitator.model import Group
from storage.codec import from_document, to_document
from storage.errors import os_reason
from storage.repository import Repository
from storage.sync_ledger import GroupKey, SyncLedger
from storage.workspace_info import WorkspaceRole

REQUEST_FORMAT = "microentre-key-request"
KEYS_FORMAT = "microentre-group-keys"
KEY_FORMAT_VERSION = 1
REQUEST_SUFFIX = ".mekeyrequest"
KEYS_SUFFIX = ".mekey"


class KeyFileRefused(BundleRefused):
    """A key request or key file that cannot be used; ``str()`` says why."""


class _KeyEntry(TypedDict):
    """One group's part of a key file."""

    id: str
    name: str
    key: str
    issued_at: str
    issued_by: str
    group: dict[str, Any] | None  # the group's stored record, when the writing workspace has it


@dataclass(frozen=True)
class KeysInstalled:
    installed: list[str]
    replaced: list[str]
    groups_created: list[str]
    already: list[str]


def write_key_request(repository: Repository, groups: list[Group], to: Path | None = None) -> Path:
    """A facilitator's request for keys for ``groups``, to send to the coordinator."""
    request = {
        "format": REQUEST_FORMAT,
        "version": KEY_FORMAT_VERSION,
        "workspace_id": repository.workspace.id,
        "created_at": repository.now().isoformat(timespec="seconds"),
        "groups": [{"id": group.id, "name": group.name} for group in groups],
    }
    return write_export(
        _path(repository, groups, "key-request", REQUEST_SUFFIX, to), orjson.dumps(request, option=orjson.OPT_INDENT_2)
    )


def read_key_request(path: Path) -> list[dict[str, str]]:
    """The groups ``[{id, name}]`` a key request asks keys for."""
    data = _read(path, REQUEST_FORMAT, _("a key request"))
    return _groups(data, path)


def issue_keys(repository: Repository, groups: list[dict[str, str]], to: Path | None = None) -> Path:
    """Write the key file for ``groups`` ({id, name}), making a key for each group that has none.

    A coordinator issues keys; a facilitator workspace holding a group's key writes it again for a
    co-facilitator. The group's record goes with its key when this workspace has it.
    """
    workspace = repository.workspace
    ledger = SyncLedger(workspace)
    coordinator = workspace.info.role is WorkspaceRole.COORDINATOR
    known = {group.id: group for group in repository.groups()}
    entries: list[_KeyEntry] = []
    for wanted in groups:
        key = ledger.key(wanted["id"])
        if key is None:
            if not coordinator:
                raise KeyFileRefused(
                    _("This workspace holds no key for {group}: keys are issued by the coordinator.").format(
                        group=wanted["name"]
                    )
                )
            key = GroupKey(
                group_id=wanted["id"],
                group_name=wanted["name"],
                secret=secrets.token_hex(32),
                issued_at=repository.now().isoformat(timespec="seconds"),
                issued_by=workspace.id,
            )
            ledger.save_key(key)
        group = known.get(wanted["id"])
        entries.append(
            {
                "id": key.group_id,
                "name": group.name if group else key.group_name,
                "key": key.secret,
                "issued_at": key.issued_at,
                "issued_by": key.issued_by,
                "group": to_document(group) if group else None,
            }
        )
    data = {"format": KEYS_FORMAT, "version": KEY_FORMAT_VERSION, "groups": entries}
    named = [
        known[entry["id"]] if entry["id"] in known else Group(id=entry["id"], name=entry["name"]) for entry in entries
    ]
    return write_export(
        _path(repository, named, "keys", KEYS_SUFFIX, to), orjson.dumps(data, option=orjson.OPT_INDENT_2)
    )


def install_keys(repository: Repository, path: Path) -> KeysInstalled:
    """Install the keys of a key file; a group not yet here is created from the record it carries."""
    data = _read(path, KEYS_FORMAT, _("a key file"))
    groups = _groups(data, path)
    entries = data["groups"]
    for entry in entries:
        secret = entry.get("key")
        if not isinstance(secret, str) or len(secret) != 64 or not all(c in "0123456789abcdef" for c in secret):
            raise KeyFileRefused(
                _("{file} holds a damaged key for {group}.").format(file=path.name, group=entry.get("name"))
            )
    ledger = SyncLedger(repository.workspace)
    installed, replaced, created, already = [], [], [], []
    existing = {group.id for group in repository.groups()}
    new_groups = []
    for entry, group in zip(entries, groups, strict=True):
        record = entry.get("group")
        if group["id"] not in existing and isinstance(record, dict):
            try:
                new_groups.append(from_document(Group, record))
            except (ValueError, TypeError) as error:
                raise KeyFileRefused(
                    _("{file} holds a damaged group record: {reason}.").format(file=path.name, reason=error)
                ) from None
    for entry in entries:
        before = ledger.key(entry["id"])
        key = GroupKey(
            group_id=entry["id"],
            group_name=str(entry["name"]),
            secret=entry["key"],
            issued_at=str(entry.get("issued_at", "")),
            issued_by=str(entry.get("issued_by", "")),
        )
        if before is not None and before.secret != key.secret:
            replaced.append(key.group_name)
        elif before is None:
            installed.append(key.group_name)
        else:
            already.append(key.group_name)
        ledger.save_key(key)
    if new_groups:
        repository.add_travelled_groups(new_groups)
        created = [group.name for group in new_groups]
    return KeysInstalled(installed, replaced, created, already)


def _path(repository: Repository, groups: list[Group], kind: str, suffix: str, to: Path | None) -> Path:
    """``<group>-<kind>-<day>`` (``network-…`` for several groups), the groups' local day, never
    over another file: two requests answered the same day are two files to send."""
    folder = export_folder(repository.workspace, to)
    stamp = local_day(repository.now(), (group.time_zone for group in groups)).isoformat()
    if len(groups) == 1:
        return unused_path(default_export_path(folder, kind, groups[0], suffix, detail=stamp))
    return unused_path(folder / f"network-{kind}-{stamp}{suffix}")


def _read(path: Path, expected: str, what: str) -> dict[str, Any]:
    try:
        raw = path.read_bytes()[: MAX_MANIFEST_BYTES + 1]
    except OSError as error:
        raise KeyFileRefused(_("{file} cannot be read: {reason}.").format(file=path, reason=os_reason(error))) from None
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        data = None
    if not isinstance(data, dict) or data.get("format") != expected:
        raise KeyFileRefused(_("{file} is not {what}.").format(file=path.name, what=what))
    version = data.get("version")
    if not isinstance(version, int) or version > KEY_FORMAT_VERSION:
        raise KeyFileRefused(_("{file} was made by a newer version of the app: update the app.").format(file=path.name))
    return data


def _groups(data: dict[str, Any], path: Path) -> list[dict[str, str]]:
    groups = data.get("groups")
    if not isinstance(groups, list) or not groups:
        raise KeyFileRefused(_("{file} names no group.").format(file=path.name))
    checked = []
    for group in groups:
        if not isinstance(group, dict) or not isinstance(group.get("id"), str) or not UUID.fullmatch(group["id"]):
            raise KeyFileRefused(_("{file} names a group without a valid id.").format(file=path.name))
        checked.append({"id": group["id"], "name": str(group.get("name") or "")})
    return checked
