"""Reading a bundle and checking all of it before anything is written.

In order: the file is a zip of sane size with only the expected, safe names; the manifest is this
format, in a version this app reads; each group's signature matches the key this workspace holds
for it; each member file has the size and SHA-256 the manifest says; every line is a record of the
right shape. A refusal (:class:`BundleRefused`) says why in words a person can act on.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any, TypedDict, cast

import orjson

from exports.bundle.format import (
    FORMAT_NAME,
    FORMAT_VERSION,
    MANIFEST,
    MAX_COMPRESSION_RATIO,
    MAX_ENTRIES,
    MAX_MANIFEST_BYTES,
    MAX_MEMBER_BYTES,
    MAX_TOTAL_BYTES,
    SIGNATURE,
    SIGNATURE_ALGORITHM,
    TYPES_BY_MEMBER,
    Audience,
    RecordType,
)
from exports.bundle.merge import Document
from facilitator.i18n import _
from facilitator.model import Group
from facilitator.model.group import is_time_zone
from storage.codec import from_document, to_document
from storage.errors import StorageError, os_reason

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
#: A key of a version vector: a workspace id, or one with a branch (see storage.repository).
_VERSION_KEY = re.compile(UUID.pattern + r"(?::[0-9a-f]{8})?")
#: Fields that name another record (and, for meetings, a file): they must be record ids.
_ID_FIELDS = ("group_id", "person_id", "meeting_id", "entry_id")


#: What :mod:`zipfile` raises for a damaged archive: besides BadZipFile, a version or method it does
#: not know (NotImplementedError, as soon as the central directory names one), a name that is not
#: UTF-8 (ValueError), an encrypted member (RuntimeError), fields that do not add up.
_ZIP_ERRORS = (zipfile.BadZipFile, ValueError, EOFError, NotImplementedError, RuntimeError, struct.error, OverflowError)


class BundleRefused(StorageError):
    """A bundle that cannot be imported; ``str()`` is the reason, for the person importing it."""


class ManifestGroup(TypedDict):
    id: str
    name: str


class ManifestFile(TypedDict):
    sha256: str
    bytes: int
    records: int


class ManifestSource(TypedDict):
    workspace_id: str


class Manifest(TypedDict):
    """The fields of a manifest that :func:`_manifest_problem` checks; it holds more (see
    ``docs/bundle-format.md``), which the reader does not use."""

    format: str
    version: int
    bundle_id: str
    created_at: str
    source: ManifestSource
    audience: str
    groups: list[ManifestGroup]
    files: dict[str, ManifestFile]


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
    keys: Mapping[str, bytes],
    known: Callable[[str], bool] = lambda bundle_id: False,
    accepts: Callable[[Bundle], None] = lambda bundle: None,
) -> Bundle:
    """The bundle in ``path``, checked whole against the group keys held here (group id: secret).

    A bundle whose id ``known`` says was imported already is read no further than its signed
    manifest (its records were checked then; the import changes nothing): a second import of
    every group's bundles takes a moment, not the time of the first. ``accepts`` may refuse the
    bundle by its manifest alone (whom it is for), before the signature is checked.
    """
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise BundleRefused(_("The file does not exist.")) from None
    except IsADirectoryError:
        raise BundleRefused(_("This is a folder, not a bundle file.")) from None
    except OSError as error:
        raise BundleRefused(_("The file cannot be read: {reason}.").format(reason=os_reason(error))) from None
    except _ZIP_ERRORS:
        raise BundleRefused(
            _("This is not a bundle, or only part of one (a download or copy cut short?). Ask for the file again.")
        ) from None
    with archive:
        try:
            return _read(path, archive, keys, known, accepts)
        except BundleRefused:
            raise
        except (*_ZIP_ERRORS, zlib.error, OSError):
            raise BundleRefused(
                _("The bundle is damaged: its contents cannot be unpacked. Ask for the file again.")
            ) from None


def _read(
    path: Path,
    archive: zipfile.ZipFile,
    keys: Mapping[str, bytes],
    known: Callable[[str], bool],
    accepts: Callable[[Bundle], None],
) -> Bundle:
    entries = archive.infolist()
    _check_entries(entries)
    names = {entry.filename: entry for entry in entries}
    if MANIFEST not in names:
        raise BundleRefused(_("This zip file is not a bundle: it has no manifest."))
    manifest_bytes = _member(archive, names[MANIFEST], MAX_MANIFEST_BYTES)
    manifest = _manifest(manifest_bytes)
    accepts(Bundle(path, manifest, {}))
    if SIGNATURE not in names:
        raise BundleRefused(_("The bundle is not signed, so where it comes from cannot be checked."))
    _check_signatures(
        _json(_member(archive, names[SIGNATURE], MAX_MANIFEST_BYTES), SIGNATURE), manifest, manifest_bytes, keys
    )
    if known(manifest["bundle_id"]):
        return Bundle(path, manifest, {})
    listed = manifest["files"]
    for name in names:
        if name not in (MANIFEST, SIGNATURE) and name not in listed:
            raise BundleRefused(_("The bundle holds a file its manifest does not list ({name}).").format(name=name))
    records: dict[str, list[Document]] = {}
    for member, expected in listed.items():
        if member not in names:
            raise BundleRefused(_("The bundle lacks {name}, which its manifest lists.").format(name=member))
        data = _member(archive, names[member], MAX_MEMBER_BYTES)
        if len(data) != expected["bytes"] or hashlib.sha256(data).hexdigest() != expected["sha256"]:
            raise BundleRefused(
                _(
                    "{name} in the bundle is not what was signed: the file was changed or damaged. "
                    "Ask for the file again."
                ).format(name=member)
            )
        record_type = TYPES_BY_MEMBER[member]
        records[record_type.name] = _records(record_type, data, member)
        if len(records[record_type.name]) != expected["records"]:
            raise BundleRefused(_("{name} holds another number of records than its manifest says.").format(name=member))
    return Bundle(path, manifest, records)


def _check_entries(entries: list[zipfile.ZipInfo]) -> None:
    if len(entries) > MAX_ENTRIES:
        raise BundleRefused(
            _("The bundle holds {count} files; a bundle has at most {most}.").format(
                count=len(entries), most=MAX_ENTRIES
            )
        )
    seen: set[str] = set()
    total = 0
    for entry in entries:
        name = entry.filename
        pure = PurePosixPath(name.replace("\\", "/"))
        if pure.is_absolute() or ".." in pure.parts or ":" in name or name.startswith(("/", "\\")):
            raise BundleRefused(
                _("The bundle holds a file named “{name}”, which points outside it: refused as unsafe.").format(
                    name=name
                )
            )
        if name in seen:
            raise BundleRefused(_("The bundle holds two files named {name}.").format(name=name))
        seen.add(name)
        if entry.flag_bits & 0x1:
            raise BundleRefused(_("The bundle holds an encrypted file; bundles are never encrypted."))
        total += entry.file_size
        if entry.file_size > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES:
            raise BundleRefused(
                _("The bundle would unpack to more than {size} MB: refused.").format(size=MAX_TOTAL_BYTES >> 20)
            )
        if entry.file_size > 1 << 20 and entry.file_size > MAX_COMPRESSION_RATIO * max(entry.compress_size, 1):
            raise BundleRefused(_("The bundle is packed suspiciously tightly ({name}): refused.").format(name=name))


def _member(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, limit: int) -> bytes:
    """A member's bytes, never more than ``limit`` whatever its header claims."""
    if entry.file_size > limit:
        raise BundleRefused(_("{name} in the bundle is too large.").format(name=entry.filename))
    with archive.open(entry) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise BundleRefused(_("{name} in the bundle is too large.").format(name=entry.filename))
    return data


def _json(data: bytes, name: str) -> Any:
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        raise BundleRefused(_("{name} in the bundle is not valid JSON.").format(name=name)) from None


def _manifest(data: bytes) -> Manifest:
    manifest = _json(data, MANIFEST)
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
    problem = _manifest_problem(manifest)
    if problem:
        raise BundleRefused(_("The bundle's manifest is malformed: {problem}.").format(problem=problem))
    return cast(Manifest, manifest)  # _manifest_problem checked every field a Manifest names


def _manifest_problem(manifest: dict[str, Any]) -> str | None:
    """What is wrong with the manifest's shape, if anything (in words, for the refusal)."""
    if not isinstance(manifest.get("bundle_id"), str) or not UUID.fullmatch(manifest["bundle_id"]):
        return _("no bundle id")
    if not _is_moment(manifest.get("created_at")):
        return _("no creation time")
    source = manifest.get("source")
    if not isinstance(source, dict) or not isinstance(source.get("workspace_id"), str) or not source["workspace_id"]:
        return _("no source workspace")
    if not isinstance(manifest.get("audience"), str) or manifest["audience"] not in {
        audience.value for audience in Audience
    }:
        return _("no audience")
    groups = manifest.get("groups")
    if (
        not isinstance(groups, list)
        or not groups
        or not all(
            isinstance(group, dict)
            and isinstance(group.get("id"), str)
            and UUID.fullmatch(group["id"])
            and isinstance(group.get("name"), str)
            for group in groups
        )
        or len({group["id"] for group in groups}) != len(groups)
    ):
        return _("no valid list of groups")
    files = manifest.get("files")
    if not isinstance(files, dict):
        return _("no list of files")
    for name, details in files.items():
        if name not in TYPES_BY_MEMBER:
            return _("an unknown file {name}").format(name=name)
        if not isinstance(details, dict) or not isinstance(details.get("sha256"), str):
            return _("no checksum for {name}").format(name=name)
        for field in ("bytes", "records"):
            value = details.get(field)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                return _("no {field} for {name}").format(field=field, name=name)
    return None


def _is_moment(value: Any) -> bool:
    """Whether ``value`` is an ISO time with its offset, as bundles write them."""
    if not isinstance(value, str):
        return False
    try:
        return datetime.fromisoformat(value).tzinfo is not None
    except ValueError:
        return False


def _check_signatures(signature: object, manifest: Manifest, manifest_bytes: bytes, keys: Mapping[str, bytes]) -> None:
    if (
        not isinstance(signature, dict)
        or signature.get("algorithm") != SIGNATURE_ALGORITHM
        or not isinstance(signature.get("groups"), dict)
    ):
        raise BundleRefused(_("The bundle's signature is not one this app knows."))
    for group in manifest["groups"]:
        secret = keys.get(group["id"])
        if secret is None:
            raise BundleRefused(
                _(
                    "This workspace has no key for the group {group}, so the bundle cannot be checked. "
                    "A coordinator issues the key (“facilitator key issue”); a facilitator installs it "
                    "(“facilitator key install FILE”)."
                ).format(group=group["name"])
            )
        given = signature["groups"].get(group["id"])
        expected = hmac.new(secret, manifest_bytes, hashlib.sha256).hexdigest()
        if not isinstance(given, str) or not hmac.compare_digest(given, expected):
            raise BundleRefused(
                _(
                    "The signature for {group} does not match: the bundle was changed after it was made, "
                    "or signed with another key for this group. Ask for a new bundle, or check the group's key."
                ).format(group=group["name"])
            )


def _records(record_type: RecordType, data: bytes, member: str) -> list[Document]:
    """Each line of a member file as a checked, normalised document of ``record_type``."""
    documents = []
    for number, line in enumerate(data.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            document = orjson.loads(line)
            if not isinstance(document, dict):
                raise ValueError("not an object")
            if "id" not in document:  # the record class would make up a new one
                raise ValueError("it has no id")
            record = from_document(record_type.cls, document)
            if isinstance(record, Group) and not is_time_zone(record.time_zone):
                raise ValueError("its time zone is not one a clock knows")
            normalised = to_document(record)
            _check_ids(normalised)
        except (orjson.JSONDecodeError, ValueError, TypeError, KeyError, AttributeError, OverflowError) as error:
            raise BundleRefused(
                _("Record {number} of {name} is malformed ({problem}).").format(
                    number=number, name=member, problem=error
                )
            ) from None
        documents.append(normalised)
    return documents


def _check_ids(document: Document) -> None:
    if not isinstance(document.get("id"), str) or not UUID.fullmatch(document["id"]):
        raise ValueError("its id is not a record id")
    for field in _ID_FIELDS:
        value = document.get(field)
        if value is not None and not (UUID.fullmatch(value) or (field == "person_id" and value == "")):
            raise ValueError(f"{field} is not a record id")
    versions = document.get("versions")
    if not versions or not all(_VERSION_KEY.fullmatch(key) and count > 0 for key, count in versions.items()):
        raise ValueError("no valid version vector")
    if document.get("revision", 0) < 1 or not document.get("updated_at"):
        raise ValueError("not a saved version")
