"""Reading a bundle and checking all of it before anything is written.

In order: the file is a zip of sane size with only the expected, safe names; the manifest is this
format, in a version this app reads; each group's seal opens with a key this workspace holds for
it (format 3, :mod:`exports.bundle.sealed`), or its signature matches one (formats 1 and 2), and
that key was not retired when the bundle was made; each member file has the size and SHA-256 the
manifest says (and opens with the bundle's key); every line is a record of the right shape. A
refusal (:class:`BundleRefused`) says why in words a person can act on.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, cast

from exports.bundle.archive import (
    ZIP_ERRORS,
    BundleRefused,
    CheckedChunks,
    MemberStream,
    Room,
    check_entries,
    counts_problem,
    files_problem,
    groups_problem,
    head_problem,
    listed_members,
    member_reader,
    more_than_a_bundle_advice,
    parse_json,
    records_too_large,
    records_too_large_to_hold,
    statement_problem,
    statement_refused,
)
from exports.bundle.format import (
    DEVELOPMENT_KINDS,
    DEVELOPMENT_SINCE,
    FORMAT_NAME,
    FORMAT_VERSION,
    LAST_SIGNED_VERSION,
    MANIFEST,
    MAX_HELD_BYTES,
    MAX_MANIFEST_BYTES,
    MAX_RECORD_BYTES,
    MAX_RECORDS,
    SIGNATURE,
    SIGNATURE_ALGORITHM,
    TYPES_BY_MEMBER,
    Audience,
    Manifest,
    ManifestFile,
)
from exports.bundle.group_keys import KeysHere
from exports.bundle.merge import Document
from exports.bundle.record_lines import RecordCheck, member_records
from exports.bundle.sealed import open_sealed
from exports.zip_safety import MemberReader
from facilitator.dates import format_count
from facilitator.i18n import _
from storage.errors import os_reason
from storage.sync_ledger import GroupKey

#: A signature of formats 1 and 2: the HMAC-SHA256 in lower-case hex, as written.
_HMAC = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Bundle:
    """A bundle whose every part has been checked: its manifest and its records by type."""

    path: Path
    manifest: Manifest
    records: dict[str, list[Document]]

    @property
    def bundle_id(self) -> str:
        return self.manifest["bundle_id"]

    @property
    def group_ids(self) -> list[str]:
        return [group["id"] for group in self.manifest["groups"]]

    @property
    def group_names(self) -> dict[str, str]:
        return {group["id"]: group["name"] for group in self.manifest["groups"]}

    @property
    def audience(self) -> Audience:
        return Audience(self.manifest["audience"])

    @property
    def source_workspace(self) -> str:
        return self.manifest["source"]["workspace_id"]


def read_bundle(
    path: Path,
    keys: KeysHere,
    known: Callable[[str], bool] = lambda bundle_id: False,
    accepts: Callable[[Bundle], None] = lambda bundle: None,
    check: RecordCheck = lambda record_type, document: None,
) -> Bundle:
    """The bundle in ``path``, opened and checked whole with the group keys held here.

    A bundle whose id ``known`` says was imported already is read no further than its sealed (or
    signed) manifest (its records were checked then; the import changes nothing): a second import
    of every group's bundles takes a moment, not the time of the first. ``accepts`` may refuse the
    bundle by its manifest alone (whom it is for), before its seal or signature is checked.
    ``check`` is asked of each record as soon as its line is parsed, before it is kept (it raises
    :class:`BundleRefused`): a bundle is refused at its first bad record, and what the reader holds
    is only records that passed.
    """
    try:
        if path.exists() and not path.is_dir() and not path.is_file():
            # A pipe or a device would be waited on, or read without end: only a file is a bundle.
            raise BundleRefused(_("This is not a file but a device or a pipe: a bundle is a file."))
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise BundleRefused(_("The file does not exist.")) from None
    except IsADirectoryError:
        raise BundleRefused(_("This is a folder, not a bundle file.")) from None
    except OSError as error:
        raise BundleRefused(_("The file cannot be read: {reason}.").format(reason=os_reason(error))) from None
    except ZIP_ERRORS:
        raise BundleRefused(
            _("This is not a bundle, or only part of one (a download or copy cut short?). Ask for the file again.")
        ) from None
    with archive:
        try:
            return _read(path, archive, keys, known, accepts, check)
        except BundleRefused:
            raise
        except (*ZIP_ERRORS, zlib.error, OSError):
            raise BundleRefused(
                _("The bundle is damaged: its contents cannot be unpacked. Ask for the file again.")
            ) from None


def _read(
    path: Path,
    archive: zipfile.ZipFile,
    keys: KeysHere,
    known: Callable[[str], bool],
    accepts: Callable[[Bundle], None],
    check: RecordCheck,
) -> Bundle:
    entries = archive.infolist()
    names = check_entries(entries)
    reader = member_reader(archive)
    if MANIFEST not in names:
        raise BundleRefused(_("This zip file is not a bundle: it has no manifest."))
    manifest_bytes = reader.read(names[MANIFEST], MAX_MANIFEST_BYTES)
    raw = _versioned(manifest_bytes)
    groups = len(raw["groups"]) if isinstance(raw.get("groups"), list) else 1  # checked with the manifest
    members: Iterator[MemberStream]
    if raw["version"] > LAST_SIGNED_VERSION:
        manifest, counts, members = open_sealed(
            reader, names, raw, manifest_bytes, keys, lambda manifest: accepts(Bundle(path, manifest, {})), known
        )
    else:
        manifest = _signed_manifest(raw)
        counts = raw["counts"]
        accepts(Bundle(path, manifest, {}))
        if SIGNATURE not in names:
            raise BundleRefused(_("The bundle is not signed, so where it comes from cannot be checked."))
        signature = parse_json(reader.read(names[SIGNATURE], MAX_MANIFEST_BYTES), SIGNATURE)
        _check_signatures(signature, manifest, manifest_bytes, keys)
        members = (
            iter(()) if known(manifest["bundle_id"]) else _signed_members(reader, names, manifest["files"], groups)
        )
    declared = {TYPES_BY_MEMBER[member].name: listed["records"] for member, listed in manifest["files"].items()}
    if raw["version"] < DEVELOPMENT_SINCE and any(declared.get(name) for name in DEVELOPMENT_KINDS):
        raise BundleRefused(
            _(
                "The bundle is of format {found}, which holds no interviews or outcomes, yet it lists some. Nothing "
                "was imported. Ask whoever made the bundle to make it again with the app of today."
            ).format(found=raw["version"])
        )
    _refuse_if_too_many(sum(declared.values()), groups)
    held = Room(MAX_HELD_BYTES, lambda name: records_too_large_to_hold(groups, MAX_HELD_BYTES))
    records: dict[str, list[Document]] = {}
    for member, chunks, check_whole in members:
        record_type = TYPES_BY_MEMBER[member]
        try:
            records[record_type.name] = member_records(
                record_type, chunks, member, declared[record_type.name], check, held
            )
        except BundleRefused:
            check_whole()  # a member changed after it was made is refused as changed, not for its first odd line
            raise
        check_whole()
    problem = counts_problem(counts, declared)  # each member holds what it declares, now they are read
    if problem:
        raise statement_refused(problem)
    return Bundle(path, manifest, records)


def _signed_members(
    reader: MemberReader, names: Mapping[str, zipfile.ZipInfo], files: Mapping[str, ManifestFile], groups: int
) -> Iterator[MemberStream]:
    """Each member of a signed bundle, unpacked in its turn, its size and SHA-256 counted as it comes."""
    if sum(listed["bytes"] for listed in files.values()) > MAX_RECORD_BYTES:
        raise records_too_large(groups)
    listed_members(names, files, (MANIFEST, SIGNATURE))
    room = MAX_RECORD_BYTES
    for name, listed in files.items():
        unpacked = reader.chunks(names[name], room, lambda: records_too_large(groups))
        chunks = CheckedChunks(unpacked, name, listed)
        yield name, chunks, chunks.check
        room -= chunks.size


def _refuse_if_too_many(count: int, groups: int) -> None:
    if count > MAX_RECORDS:
        raise BundleRefused(
            _("The bundle holds {count} records, more than one bundle may hold ({most}).").format(
                count=format_count(count), most=format_count(MAX_RECORDS)
            )
            + " "
            + more_than_a_bundle_advice(groups)
        )


def _versioned(data: bytes) -> dict[str, Any]:
    """The manifest of a bundle in a format version this app reads, not yet checked further."""
    manifest = parse_json(data, MANIFEST)
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
        raise BundleRefused(_("This zip file is not a MicroENTRE bundle."))
    version = manifest.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise BundleRefused(_("The bundle's manifest has no valid format version."))
    if version > FORMAT_VERSION:
        raise BundleRefused(
            _(
                "The bundle was made by a newer version of the app (format {found}; this one reads {known}): "
                "update the app."
            ).format(found=version, known=FORMAT_VERSION)
        )
    if version < 1:
        raise BundleRefused(_("The bundle's manifest has no valid format version."))
    return manifest


def _signed_manifest(manifest: dict[str, Any]) -> Manifest:
    """A format 1 or 2 manifest, checked: it names the groups and counts the records in the clear."""
    problem = head_problem(manifest) or _manifest_problem(manifest)
    if problem:
        raise BundleRefused(_("The bundle's manifest is malformed: {problem}.").format(problem=problem))
    problem = statement_problem(manifest, [group["id"] for group in manifest["groups"]])
    if problem:
        raise statement_refused(problem)
    return cast(Manifest, manifest)  # _manifest_problem checked every field a Manifest names


def _manifest_problem(manifest: dict[str, Any]) -> str | None:
    """What is wrong with a signed manifest's groups and files, if anything (in words, for the refusal)."""
    return groups_problem(manifest.get("groups"), lambda group: isinstance(group.get("name"), str)) or files_problem(
        manifest.get("files"), TYPES_BY_MEMBER, ("bytes", "records")
    )


def _check_signatures(signature: object, manifest: Manifest, manifest_bytes: bytes, keys: KeysHere) -> None:
    """Each group's HMAC of the manifest, made with a generation of its key held here that was not
    retired when the bundle was made."""
    if (
        not isinstance(signature, dict)
        or signature.get("algorithm") != SIGNATURE_ALGORITHM
        or not isinstance(signature.get("groups"), dict)
    ):
        raise BundleRefused(_("The bundle's signature is not one this app knows."))
    made = datetime.fromisoformat(manifest["created_at"])
    for group in manifest["groups"]:
        given = signature["groups"].get(group["id"])

        def made_with(key: GroupKey, given: object = given) -> bool:
            # Anything but 64 hex digits matches no key (compare_digest raises for text that is not ASCII).
            if not isinstance(given, str) or not _HMAC.fullmatch(given):
                return False
            expected = hmac.new(key.secret_bytes, manifest_bytes, hashlib.sha256).hexdigest()
            return hmac.compare_digest(given, expected)

        key = keys.for_signature(group["id"], made_with)
        if key is None:
            raise BundleRefused(
                _(
                    "The signature for {group} does not match: the bundle was changed after it was made, "
                    "or signed with another key for this group. Ask for a new bundle, or check the group's key."
                ).format(group=group["name"])
            )
        keys.refuse_if_retired(group["id"], key, made)
