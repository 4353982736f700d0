"""Setting up a group's key: at most one file each way between a facilitator and the coordinator.

A group started by a facilitator: the facilitator sends a key request (``.mekeyrequest``, the
groups' ids and names, no secret), and the coordinator answers with a key file (``.mekey``). A
group started by the coordinator: the coordinator sends the key file alone; it carries the
group's record, so installing it creates the group. A co-facilitator installs the same key file
(any workspace holding the key can write it again).

The key file is sealed with a one-time passphrase (:mod:`exports.bundle.passphrase`), which the
writer reads to the receiver by another channel, the phone: the file alone, lost from an e-mail or
a USB stick, opens for nobody (the format: :mod:`exports.bundle.key_files`). A group's key has
generations: the coordinator replaces it (:func:`rotate_key`) when a laptop is lost or a
facilitator leaves, and the key file then carries every generation, each earlier one with the
moment it is retired from, so that every laptop refuses what was sealed with it after that.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import orjson

from exports.bundle.key_files import (
    KeyFileGroup,
    KeyFileRefused as KeyFileRefused,
    PassphraseNeeded as PassphraseNeeded,
    PassphraseRefused as PassphraseRefused,
    checked_groups,
    read_json,
    read_key_file,
    sealed_key_file,
)
from exports.bundle.passphrase import new_passphrase
from exports.bundle.sealing import fingerprint
from exports.errors import ExportFailed
from exports.files import default_export_path, export_folder, unused_path, write_export
from facilitator.i18n import _
from facilitator.local_time import local_day
from facilitator.model import Group
from storage.codec import from_document, to_document
from storage.repository import Repository
from storage.sync_ledger import GroupKey, SyncLedger
from storage.workspace_info import WorkspaceRole

REQUEST_FORMAT = "microentre-key-request"
REQUEST_VERSION = 1
REQUEST_SUFFIX = ".mekeyrequest"
KEYS_SUFFIX = ".mekey"


@dataclass(frozen=True)
class IssuedKeys:
    """A key file written, the passphrase that opens it (to read out by phone, never to send with
    it), and the key each of its groups seals with now (its newest generation)."""

    path: Path
    passphrase: str = field(repr=False)  # never in a log or a traceback's locals
    keys: list[GroupKey] = field(default_factory=list)


@dataclass(frozen=True)
class GroupInstalled:
    """What installing a key file left for one group: the generation that seals its bundles here
    now and its fingerprint, the one that sealed before (None: the group had no key here), whether
    the key that seals changed, and the newest generation the file held (older than ``generation``
    when the file was older than what this workspace held already)."""

    group_id: str
    name: str
    generation: int
    fingerprint: str
    before: int | None
    changed: bool
    in_file: int

    def line(self) -> str:
        """What the install did for the group, in a sentence to print or show."""
        values = {"group": self.name, "generation": self.generation, "fingerprint": self.fingerprint}
        if self.before is None:
            return _("Installed the key of {group}: generation {generation}, fingerprint {fingerprint}.").format(
                **values
            )
        if self.in_file < self.generation:
            return _(
                "The file holds generation {older} of the key of {group}, older than the one held here: "
                "the group's bundles stay sealed with generation {generation} (fingerprint {fingerprint})."
            ).format(older=self.in_file, **values)
        if self.changed:
            return _(
                "Installed generation {generation} of the key of {group} (fingerprint {fingerprint}): "
                "the group's bundles are sealed with it from now on."
            ).format(**values)
        return _(
            "The key of {group} was installed already: generation {generation}, fingerprint {fingerprint}."
        ).format(**values)


@dataclass(frozen=True)
class KeysInstalled:
    """Installing a key file, group by group: ``installed`` had no key here, ``replaced`` seals with
    another key now, ``already`` seals with the same key as before (the file may still have brought
    an earlier generation or an earlier retirement); ``groups`` says each group's generation;
    ``sealed`` False: the file was a plain one of an earlier version, whose key only a comparison of
    fingerprints with the coordinator vouches for."""

    installed: list[str]
    replaced: list[str]
    groups_created: list[str]
    already: list[str]
    groups: list[GroupInstalled] = field(default_factory=list)
    sealed: bool = True

    def lines(self) -> list[str]:
        """What the install did, a sentence for each group and each group created, and for a file
        that was not sealed, the comparison of fingerprints that stands in for its seal."""
        created = [_("Created the group {group}.").format(group=name) for name in self.groups_created]
        unsealed = _(
            "The key file was not sealed (it is of an earlier version): compare the fingerprint with the "
            "coordinator's by phone (“facilitator key show”), and if they differ, ask for a new key file."
        )
        return [group.line() for group in self.groups] + created + ([] if self.sealed else [unsealed])


def write_key_request(repository: Repository, groups: list[Group], to: Path | None = None) -> Path:
    """A facilitator's request for keys for ``groups``, to send to the coordinator."""
    request = {
        "format": REQUEST_FORMAT,
        "version": REQUEST_VERSION,
        "workspace_id": repository.workspace.id,
        "created_at": repository.now().isoformat(timespec="seconds"),
        "groups": [{"id": group.id, "name": group.name} for group in groups],
    }
    return write_export(
        _path(repository, groups, "key-request", REQUEST_SUFFIX, to), orjson.dumps(request, option=orjson.OPT_INDENT_2)
    )


def read_key_request(path: Path) -> list[dict[str, str]]:
    """The groups ``[{id, name}]`` a key request asks keys for."""
    return checked_groups(read_json(path, REQUEST_FORMAT, _("a key request"), REQUEST_VERSION), path)


def issue_keys(repository: Repository, groups: list[dict[str, str]], to: Path | None = None) -> IssuedKeys:
    """Write the key file for ``groups`` ({id, name}), making a key for each group that has none.

    A coordinator issues keys; a facilitator workspace holding a group's key writes it again for a
    co-facilitator. The file carries every generation held here and the group's record when this
    workspace has it, sealed with a new passphrase."""
    workspace = repository.workspace
    ledger = SyncLedger(workspace)
    ring = ledger.key_ring()
    coordinator = workspace.info.role is WorkspaceRole.COORDINATOR
    made: list[GroupKey] = []
    for wanted in groups:
        if ring.get(wanted["id"]):
            continue
        if not coordinator:
            raise KeyFileRefused(
                _("This workspace holds no key for {group}: keys are issued by the coordinator.").format(
                    group=wanted["name"]
                )
            )
        made.append(_new_key(repository, wanted["id"], wanted["name"], generation=1))
        ring[wanted["id"]] = [made[-1]]
    key_file = _KeyFile.sealed(repository, [(wanted["id"], wanted["name"]) for wanted in groups], ring, to)
    ledger.save_keys(made)
    return key_file.written(made)


def rotate_key(
    repository: Repository, group: Group, retired_from: datetime | None, to: Path | None = None
) -> IssuedKeys:
    """Give ``group`` the next generation of its key and write the key file holding all of them.

    Every earlier generation is retired from ``retired_from`` (None: now): bundles it sealed and
    made from then on are refused, even one issued after that day: whoever left may have had it too,
    and a refused bundle is made again with the new key, while an accepted one cannot be taken back.
    A generation retired already keeps the earlier of its two moments: a lost laptop's day found
    later moves the date back, never forward. Only the coordinator rotates, since it issued the key.

    The key file's folder is checked and the file sealed before anything is stored; the retirements
    and the new generation are stored in one write. If the file still cannot be written after that,
    the refusal says that the new key was made and how to write its key file again."""
    workspace = repository.workspace
    if workspace.info.role is not WorkspaceRole.COORDINATOR:
        raise KeyFileRefused(
            _("Only the coordinator replaces a group's key: ask the coordinator to rotate the key of {group}.").format(
                group=group.name
            )
        )
    ledger = SyncLedger(workspace)
    ring = ledger.key_ring()
    generations = ring.get(group.id, [])
    if not generations:
        raise KeyFileRefused(
            _("{group} has no key yet: issue its first one with “facilitator key issue”.").format(group=group.name)
        )
    moment = retired_from or repository.now()
    retiring = {
        key.generation: replace(key, retired_from=moment.isoformat(timespec="seconds"))
        for key in generations
        if key.retired_moment is None or moment < key.retired_moment
    }
    newest = _new_key(repository, group.id, group.name, generation=generations[-1].generation + 1)
    ring[group.id] = [retiring.get(key.generation, key) for key in generations] + [newest]
    key_file = _KeyFile.sealed(repository, [(group.id, group.name)], ring, to)
    ledger.save_keys([*retiring.values(), newest])
    return key_file.written([newest])


def retirement_start(repository: Repository, group: Group, day: date) -> datetime:
    """The start of ``day`` on the group's clocks, to retire its key from (``key rotate
    --retired-from``); a day still to come is refused: a key is retired for what already happened."""
    if day > repository.today(group.time_zone):
        raise KeyFileRefused(
            _("{day} is still to come: a key is retired from a day that has begun (the default is now).").format(
                day=day.isoformat()
            )
        )
    return datetime.combine(day, time(), ZoneInfo(group.time_zone))


def install_keys(repository: Repository, path: Path, passphrase: str | None) -> KeysInstalled:
    """Install the keys of a key file (every generation, with its retirement); a group not yet here
    is created from the record it carries.

    :class:`PassphraseNeeded` when the file is sealed and ``passphrase`` is None,
    :class:`PassphraseRefused` for a wrong passphrase (or one with a word not of the list, or too
    few or too many words), and :class:`KeyFileRefused` for a damaged file, all before anything is
    changed. A file older than what is held adds what this workspace lacks and changes nothing
    else: the generation that seals never goes down, and a retired key is never put back in use
    (of two retirement moments, the earlier holds). A plain key file of an earlier version (not
    sealed: whoever swapped an e-mail's attachment could have put their own key in it) only gives a
    key to groups that have none here; it is refused, whole, for a group holding a key."""
    opened = read_key_file(path, passphrase)
    groups = opened.groups
    ledger = SyncLedger(repository.workspace)
    ring = ledger.key_ring()
    held_already = [group.name for group in groups if ring.get(group.id)]
    if not opened.sealed and held_already:
        raise KeyFileRefused(
            _(
                "{file} is a key file of an earlier version, not sealed with a passphrase: anyone could have "
                "changed it on its way, so it cannot replace or add to the key held here for {groups}. "
                "Ask for a new key file (“facilitator key issue”). Nothing was changed."
            ).format(file=path.name, groups=", ".join(held_already))
        )
    new_groups = []
    existing = {group.id for group in repository.groups()}
    for group in groups:
        if group.id not in existing and group.record is not None:
            try:
                new_groups.append(from_document(Group, group.record))
            except (ValueError, TypeError) as error:
                raise KeyFileRefused(
                    _("{file} holds a damaged group record: {reason}.").format(file=path.name, reason=error)
                ) from None
    installed, replaced, already, done, changed = [], [], [], [], []
    for group in groups:
        held = {key.generation: key for key in ring.get(group.id, [])}
        before = max(held.values(), key=lambda key: key.generation, default=None)
        for key in group.keys:
            merged = _merged(held.get(key.generation), key)
            if merged != held.get(key.generation):
                changed.append(merged)
                held[key.generation] = merged
        newest = held[max(held)]
        if before is None:
            installed.append(group.name)
        elif newest.secret != before.secret:
            replaced.append(group.name)
        else:
            already.append(group.name)
        done.append(
            GroupInstalled(
                group.id,
                group.name,
                newest.generation,
                fingerprint(newest.secret_bytes),
                before.generation if before else None,
                before is not None and newest.secret != before.secret,
                group.keys[-1].generation,
            )
        )
    ledger.save_keys(changed)
    if new_groups:
        repository.add_travelled_groups(new_groups)
    return KeysInstalled(installed, replaced, [group.name for group in new_groups], already, done, opened.sealed)


def _merged(held: GroupKey | None, arrived: GroupKey) -> GroupKey:
    """The generation to keep of one held here (if any) and one from a key file. The file's secret
    wins (a coordinator that issued the key again); of two retirement moments the earlier one,
    and a key retired here stays retired."""
    if held is None:
        return arrived
    moments = [moment for moment in (held.retired_moment, arrived.retired_moment) if moment is not None]
    retired = min(moments).isoformat(timespec="seconds") if moments else ""
    return replace(arrived, group_name=held.group_name, retired_from=retired)


def _new_key(repository: Repository, group_id: str, name: str, *, generation: int) -> GroupKey:
    return GroupKey(
        group_id=group_id,
        group_name=name,
        secret=secrets.token_hex(32),
        issued_at=repository.now().isoformat(timespec="seconds"),
        issued_by=repository.workspace.id,
        generation=generation,
    )


@dataclass(frozen=True)
class _KeyFile:
    """A key file sealed, its path chosen in a folder that exists and may be written in, before any
    key is stored: what could keep it from being written is found out before a new key is made."""

    path: Path
    data: bytes
    passphrase: str
    keys: list[GroupKey]  # the key each of its groups seals with

    @classmethod
    def sealed(
        cls, repository: Repository, wanted: list[tuple[str, str]], ring: dict[str, list[GroupKey]], to: Path | None
    ) -> _KeyFile:
        """The key file of the groups ``wanted`` (id, name) with every generation of ``ring``."""
        known = {group.id: group for group in repository.groups()}
        entries = []
        for group_id, name in wanted:
            group = known.get(group_id)
            entries.append(
                KeyFileGroup(
                    id=group_id,
                    name=group.name if group else ring[group_id][-1].group_name or name,
                    record=to_document(group) if group else None,
                    keys=ring[group_id],
                )
            )
        named = [known.get(entry.id) or Group(id=entry.id, name=entry.name) for entry in entries]
        path = _path(repository, named, "keys", KEYS_SUFFIX, to)
        if not path.parent.is_dir() or not os.access(path.parent, os.W_OK):
            raise KeyFileRefused(
                _(
                    "No key file can be written into {folder}: it is not a folder this app may write in. "
                    "Nothing was changed."
                ).format(folder=path.parent)
            )
        passphrase = new_passphrase()
        return cls(path, sealed_key_file(entries, passphrase), passphrase, [entry.keys[-1] for entry in entries])

    def written(self, made: list[GroupKey]) -> IssuedKeys:
        """Write the file, once the keys ``made`` for it are stored."""
        try:
            write_export(self.path, self.data)
        except ExportFailed as error:
            if not made:
                raise
            if len(made) == 1:
                (key,) = made
                told = _(
                    "Generation {generation} of the key of {group} was made and seals the group's bundles from "
                    "now on, but its key file could not be written ({reason}). Write the key file again with: "
                    'facilitator key issue --group "{group}"'
                ).format(generation=key.generation, group=key.group_name, reason=error.reason)
            else:
                told = _(
                    "Keys were made for {groups}, but their key file could not be written ({reason}). Write it "
                    "again with “facilitator key issue” and the same key request."
                ).format(groups=", ".join(key.group_name for key in made), reason=error.reason)
            raise KeyFileRefused(told) from None
        return IssuedKeys(self.path, self.passphrase, self.keys)


def _path(repository: Repository, groups: list[Group], kind: str, suffix: str, to: Path | None) -> Path:
    """``<group>-<kind>-<day>`` (``network-…`` for several groups), the groups' local day, never
    over another file: two requests answered the same day are two files to send."""
    folder = export_folder(repository.workspace, to)
    stamp = local_day(repository.now(), (group.time_zone for group in groups)).isoformat()
    if len(groups) == 1:
        return unused_path(default_export_path(folder, kind, groups[0], suffix, detail=stamp))
    return unused_path(folder / f"network-{kind}-{stamp}{suffix}")
