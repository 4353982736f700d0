"""A bundle file as a zip archive: what any version of the format must be before its manifest is
read (a sane size, only safe names, nothing encrypted by zip itself), and reading its members
within limits. A refusal (:class:`BundleRefused`) says why in words a person can act on.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections.abc import Callable, Container, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import orjson

from exports.bundle.format import (
    MAX_COMPRESSION_RATIO,
    MAX_ENTRIES,
    MAX_HELD_BYTES,
    MAX_MEMBER_BYTES,
    MAX_RECORD_BYTES,
    MAX_TOTAL_BYTES,
    TYPES_BY_NAME,
    Audience,
    Scope,
)
from exports.zip_safety import (
    ZIP_ERRORS as ZIP_ERRORS,  # what the bundle reader catches
    MemberReader,
    ZipLimits,
    ZipWords,
    safe_members,
)
from facilitator.dates import format_count
from facilitator.i18n import _
from facilitator.model.ranges import EARLIEST_DAY, LATEST_DAY, in_range
from facilitator.record_rules import kind_label
from facilitator.text import printable
from storage.errors import StorageError

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def short_id(record_id: str) -> str:
    """The start of a record id, as every refusal of a bundle shows it: enough to tell records apart."""
    return record_id[:8] + "…"


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
        # The whole file (records, manifest, seals): a figure above the records' own limit (records_too_large).
        too_large=_(
            "The bundle file as a whole (its records, manifest and seals) would unpack to more than {size} MB."
        ),
        tight=_("The bundle is packed suspiciously tightly ({name}): refused."),
    )


def check_entries(entries: list[zipfile.ZipInfo]) -> dict[str, zipfile.ZipInfo]:
    """The bundle's files by name, each once its name, size and kind are known to be safe: what the
    reader opens them through (never by looking a name up again in the zip's directory, which is
    not sealed). A name with a backslash, which the app never writes, is refused. A folder entry is
    kept too, so that the manifest's list refuses it as a file it does not list."""
    safe_members(entries, _LIMITS, _words())
    for entry in entries:
        if "\\" in entry.filename:
            raise BundleRefused(
                _(
                    "The bundle holds a file named “{name}”, with a backslash, which this app never writes: refused."
                ).format(name=printable(entry.filename))
            )
    return {entry.filename: entry for entry in entries}


def member_reader(archive: zipfile.ZipFile) -> MemberReader:
    """What reads one bundle's members: every byte read from it counted against the bundle's limits."""
    return MemberReader(archive, _LIMITS, _words())


class Room:
    """What may still be unpacked (or held) of one bundle: shared by its members, each chunk
    unpacked (each record kept) is taken from it, and reading stops as soon as it is overdrawn."""

    def __init__(self, most: int, too_much: Callable[[str], BundleRefused]) -> None:
        self.left = most
        self._too_much = too_much

    def take(self, size: int, name: str) -> None:
        self.left -= size
        if self.left < 0:
            raise self._too_much(name)


def more_than_a_bundle_advice(groups: int) -> str:
    """What to ask for instead of a bundle holding more than one bundle may: one per group, or, for
    a bundle of one group already, an incremental one (a group whose records are more than a full
    bundle may hold is a case for support)."""
    if groups > 1:
        return _("Ask for one bundle per group (“facilitator export bundle --group GROUP”).")
    return _(
        "Ask for an incremental bundle (what changed since the last one). If this group's full bundle is "
        "needed, its records are more than one bundle may hold: tell whoever supports the app."
    )


def records_too_large(groups: int) -> BundleRefused:
    """The refusal of a bundle of ``groups`` groups whose records unpack to more than a bundle may hold."""
    return BundleRefused(
        _("The bundle's records unpack to more than {size} MB, more than one bundle may hold.").format(
            size=format_count(MAX_RECORD_BYTES >> 20)
        )
        + " "
        + more_than_a_bundle_advice(groups)
    )


def records_too_large_to_hold(groups: int, most: int = MAX_HELD_BYTES) -> BundleRefused:
    """The refusal of a bundle whose records, read, take more than ``most`` bytes of memory."""
    return BundleRefused(
        _(
            "The bundle's records take more than {size} MB of memory once read (many short values), more than "
            "one bundle may hold."
        ).format(size=format_count(most >> 20))
        + " "
        + more_than_a_bundle_advice(groups)
    )


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
    if not in_range(datetime.fromisoformat(manifest["created_at"])):
        # A time no clock of a laptop gives, which no time of this app may be compared with or moved by.
        return _("its time of making ({time}) is not between {first} and {last}").format(
            time=manifest["created_at"], first=EARLIEST_DAY.year, last=LATEST_DAY.year
        )
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
        for counted in counts:
            value = details.get(counted)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                return _("no {field} for {name}").format(field=counted, name=name)
    return None


def listed_members(members: Mapping[str, zipfile.ZipInfo], listed: Mapping[str, object], own: Iterable[str]) -> None:
    """The archive's ``members`` (:func:`check_entries`) are every member its manifest ``listed``
    and no other file than those and its ``own``."""
    names = set(members)
    for name in names:
        if name not in own and name not in listed:
            raise BundleRefused(_("The bundle holds a file its manifest does not list ({name}).").format(name=name))
    for name in listed:
        if name not in names:
            raise BundleRefused(_("The bundle lacks {name}, which its manifest lists.").format(name=name))


def not_as_listed(name: str) -> BundleRefused:
    """The refusal of a member whose size or SHA-256 is not what the manifest lists: told as a
    file changed or damaged, whatever its content would have been refused for."""
    return BundleRefused(
        _(
            "{name} in the bundle is not what its manifest lists: the file was changed or damaged. "
            "Ask for the file again."
        ).format(name=name)
    )


def checked_member(
    reader: MemberReader,
    members: Mapping[str, zipfile.ZipInfo],
    name: str,
    listed: Mapping[str, Any],
    limit: int = MAX_MEMBER_BYTES,
) -> bytes:
    """The bytes of member ``name`` (one of ``members``, checked by :func:`listed_members`), of the
    size and SHA-256 its manifest ``listed``."""
    data = reader.read(members[name], limit)
    if len(data) != listed["bytes"] or hashlib.sha256(data).hexdigest() != listed["sha256"]:
        raise not_as_listed(name)
    return data


@dataclass
class CheckedChunks:
    """A member's bytes as they are unpacked, their size and SHA-256 counted on the way: whether
    they are what the manifest lists is known once they are all read (:meth:`check`)."""

    chunks: Iterator[bytes]
    name: str
    listed: Mapping[str, Any]
    size: int = 0
    digest: Any = field(default_factory=hashlib.sha256)

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self.chunks:
            self.size += len(chunk)
            self.digest.update(chunk)
            yield chunk

    def check(self) -> None:
        """Read what is left, then refuse unless the whole is what the manifest lists."""
        for _chunk in self:
            pass
        if self.size != self.listed["bytes"] or self.digest.hexdigest() != self.listed["sha256"]:
            raise not_as_listed(self.name)


#: A member as it is read: its name, its bytes as they are unpacked, and what to call once they
#: are all read to check them whole (formats 1 and 2: its size and SHA-256 as the manifest lists).
MemberStream = tuple[str, Iterable[bytes], Callable[[], None]]


def statement_problem(statement: Mapping[str, Any], group_ids: list[str]) -> str | None:
    """What is wrong with what a bundle says of itself (a signed manifest, or a sealed bundle's
    contents): its ``scope``, its ``since`` for each of its groups, and its ``counts`` of records
    by kind (checked against its records by :func:`counts_problem`)."""
    scope, since, counts = statement.get("scope"), statement.get("since"), statement.get("counts")
    if scope not in [scope.value for scope in Scope]:
        return _("its scope is neither “full” nor “incremental”")
    if (
        not isinstance(since, dict)
        or sorted(since) != sorted(group_ids)
        or not all(moment is None or is_moment(moment) for moment in since.values())
    ):
        return _("its “since” does not give each of its groups a time or nothing")
    moments = [moment for moment in since.values() if moment is not None]
    if scope == Scope.FULL and moments:
        return _("a full bundle with a “since” time")
    if scope == Scope.INCREMENTAL and not moments:
        return _("an incremental bundle without a “since” time")
    if not isinstance(counts, dict) or not all(
        kind in TYPES_BY_NAME and isinstance(count, int) and not isinstance(count, bool) and count >= 0
        for kind, count in counts.items()
    ):
        return _("no valid counts of records")
    return None


def counts_problem(counts: Mapping[str, int], held: Mapping[str, int]) -> str | None:
    """Whether the ``counts`` a bundle gives match the records it ``held`` of each kind (a kind it
    does not count: none; the release before counted only the kinds it sent)."""
    for kind in TYPES_BY_NAME:
        if counts.get(kind, 0) != held.get(kind, 0):
            return _("it counts {count} records of the kind “{kind}”, and holds {held}").format(
                count=format_count(counts.get(kind, 0)), kind=kind_label(kind), held=format_count(held.get(kind, 0))
            )
    return None


def statement_refused(problem: str) -> BundleRefused:
    """The refusal of a bundle whose own statement (scope, since, counts) does not hold: the
    ``problem`` in words, from :func:`statement_problem` or :func:`counts_problem`."""
    return BundleRefused(
        _("What the bundle says of itself does not hold: {problem}. Ask for the file again.").format(problem=problem)
    )
