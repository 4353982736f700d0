"""A bundle file as a zip archive: what any version of the format must be before its manifest is
read (a sane size, only safe names, nothing encrypted by zip itself), and reading its members
within limits. A refusal (:class:`BundleRefused`) says why in words a person can act on.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections.abc import Callable, Container, Iterable, Mapping
from datetime import datetime
from typing import Any

import orjson

from exports.bundle.format import MAX_COMPRESSION_RATIO, MAX_ENTRIES, MAX_MEMBER_BYTES, MAX_TOTAL_BYTES, Audience
from exports.zip_safety import (
    ZIP_ERRORS as ZIP_ERRORS,  # what the bundle reader catches
    MemberReader,
    ZipLimits,
    ZipWords,
    safe_members,
)
from facilitator.i18n import _
from storage.errors import StorageError

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_LIMITS = ZipLimits(MAX_ENTRIES, MAX_MEMBER_BYTES, MAX_TOTAL_BYTES, MAX_COMPRESSION_RATIO)


class BundleRefused(StorageError):
    """A bundle that cannot be imported; ``str()`` is the reason, for the person importing it."""


def _words() -> ZipWords:
    return ZipWords(
        refused=BundleRefused,
        too_many=_("The bundle holds {count} files; a bundle has at most {most}."),
        outside=_("The bundle holds a file named “{name}”, which points outside it: refused as unsafe."),
        link=_("The bundle holds a link ({name}): refused as unsafe."),
        encrypted=_("The bundle holds a file encrypted by zip itself, which this app never writes: refused."),
        twice=_("The bundle holds two files named {name}."),
        member_too_large=_("{name} in the bundle is too large."),
        too_large=_("The bundle would unpack to more than {size} MB: refused."),
        tight=_("The bundle is packed suspiciously tightly ({name}): refused."),
    )


def check_entries(entries: list[zipfile.ZipInfo]) -> None:
    safe_members(entries, _LIMITS, _words())


def read_member(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, limit: int) -> bytes:
    """A member's bytes, never more than ``limit`` whatever its header claims."""
    return MemberReader(archive, _LIMITS, _words()).read(entry, limit)


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
