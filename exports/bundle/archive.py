"""A bundle file as a zip archive: what any version of the format must be before its manifest is
read (a sane size, only safe names, nothing encrypted by zip itself), and reading its members
within limits. A refusal (:class:`BundleRefused`) says why in words a person can act on.
"""

from __future__ import annotations

import hashlib
import re
import struct
import zipfile
from collections.abc import Callable, Container, Iterable, Mapping
from datetime import datetime
from pathlib import PurePosixPath
from typing import Any

import orjson

from exports.bundle.format import MAX_COMPRESSION_RATIO, MAX_ENTRIES, MAX_MEMBER_BYTES, MAX_TOTAL_BYTES, Audience
from facilitator.i18n import _
from storage.errors import StorageError

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
#: What :mod:`zipfile` raises for a damaged archive: besides BadZipFile, a version or method it does
#: not know (NotImplementedError, as soon as the central directory names one), a name that is not
#: UTF-8 (ValueError), an encrypted member (RuntimeError), fields that do not add up.
ZIP_ERRORS = (zipfile.BadZipFile, ValueError, EOFError, NotImplementedError, RuntimeError, struct.error, OverflowError)


class BundleRefused(StorageError):
    """A bundle that cannot be imported; ``str()`` is the reason, for the person importing it."""


def check_entries(entries: list[zipfile.ZipInfo]) -> None:
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
            raise BundleRefused(
                _("The bundle holds a file encrypted by zip itself, which this app never writes: refused.")
            )
        total += entry.file_size
        if entry.file_size > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES:
            raise BundleRefused(
                _("The bundle would unpack to more than {size} MB: refused.").format(size=MAX_TOTAL_BYTES >> 20)
            )
        if entry.file_size > 1 << 20 and entry.file_size > MAX_COMPRESSION_RATIO * max(entry.compress_size, 1):
            raise BundleRefused(_("The bundle is packed suspiciously tightly ({name}): refused.").format(name=name))


def read_member(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, limit: int) -> bytes:
    """A member's bytes, never more than ``limit`` whatever its header claims."""
    if entry.file_size > limit:
        raise BundleRefused(_("{name} in the bundle is too large.").format(name=entry.filename))
    with archive.open(entry) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise BundleRefused(_("{name} in the bundle is too large.").format(name=entry.filename))
    return data


def parse_json(data: bytes, name: str) -> Any:
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        raise BundleRefused(_("{name} in the bundle is not valid JSON.").format(name=name)) from None


def is_moment(value: Any) -> bool:
    """Whether ``value`` is an ISO time with its offset, as bundles write them."""
    if not isinstance(value, str):
        return False
    try:
        return datetime.fromisoformat(value).tzinfo is not None
    except ValueError:
        return False


def head_problem(manifest: dict[str, Any]) -> str | None:
    """What is wrong with the fields every version's manifest has in the clear, if anything."""
    if not isinstance(manifest.get("bundle_id"), str) or not UUID.fullmatch(manifest["bundle_id"]):
        return _("no bundle id")
    if not is_moment(manifest.get("created_at")):
        return _("no creation time")
    source = manifest.get("source")
    if not isinstance(source, dict) or not isinstance(source.get("workspace_id"), str) or not source["workspace_id"]:
        return _("no source workspace")
    # A list, not a set: the value may be a list or an object, which a set cannot look up.
    if manifest.get("audience") not in [audience.value for audience in Audience]:
        return _("no audience")
    return None


def groups_problem(groups: object, valid: Callable[[dict[str, Any]], bool]) -> str | None:
    """What is wrong with a manifest's list of groups: each an object with a record id, none twice,
    and what the version asks besides (``valid``)."""
    if (
        not isinstance(groups, list)
        or not groups
        or not all(
            isinstance(group, dict)
            and isinstance(group.get("id"), str)
            and UUID.fullmatch(group["id"])
            and valid(group)
            for group in groups
        )
        or len({group["id"] for group in groups}) != len(groups)
    ):
        return _("no valid list of groups")
    return None


def files_problem(files: object, known: Container[str], counts: Iterable[str]) -> str | None:
    """What is wrong with a manifest's list of files: only ``known`` names, each with a checksum and
    the ``counts`` (sizes, records) as whole numbers."""
    if not isinstance(files, dict):
        return _("no list of files")
    for name, details in files.items():
        if name not in known:
            return _("an unknown file {name}").format(name=name)
        if not isinstance(details, dict) or not isinstance(details.get("sha256"), str):
            return _("no checksum for {name}").format(name=name)
        for field in counts:
            value = details.get(field)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                return _("no {field} for {name}").format(field=field, name=name)
    return None


def checked_members(
    archive: zipfile.ZipFile,
    listed: Mapping[str, Mapping[str, Any]],
    own: Iterable[str],
    wanted: Iterable[str] | None = None,
) -> dict[str, bytes]:
    """The bytes of the members ``listed`` by the manifest (or only those ``wanted``), each of the
    size and SHA-256 listed; the archive holds no other file than those and its ``own``."""
    names = {entry.filename: entry for entry in archive.infolist()}
    for name in names:
        if name not in own and name not in listed:
            raise BundleRefused(_("The bundle holds a file its manifest does not list ({name}).").format(name=name))
    members = {}
    for name in listed if wanted is None else wanted:
        if name not in names:
            raise BundleRefused(_("The bundle lacks {name}, which its manifest lists.").format(name=name))
        data = read_member(archive, names[name], MAX_MEMBER_BYTES)
        if len(data) != listed[name]["bytes"] or hashlib.sha256(data).hexdigest() != listed[name]["sha256"]:
            raise BundleRefused(
                _(
                    "{name} in the bundle is not what its manifest lists: the file was changed or damaged. "
                    "Ask for the file again."
                ).format(name=name)
            )
        members[name] = data
    return members
