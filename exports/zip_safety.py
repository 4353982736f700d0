"""Opening a zip archive that came from elsewhere (a bundle, a REFI-QDA project) as untrusted: a sane
number and size of files, only plain files with safe names, nothing packed so tightly that it would
unpack to gigabytes, and every byte read counted against the limits, whatever the archive's
headers claim. Each kind of archive refuses in its own words (:class:`ZipWords`)."""

from __future__ import annotations

import stat
import struct
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from facilitator.text import printable
from storage.errors import StorageError

#: What :mod:`zipfile` raises for a damaged archive: besides BadZipFile, a version or method it does
#: not know (NotImplementedError, as soon as the central directory names one), a name that is not
#: UTF-8 (ValueError), an encrypted member (RuntimeError), fields that do not add up.
ZIP_ERRORS = (zipfile.BadZipFile, ValueError, EOFError, NotImplementedError, RuntimeError, struct.error, OverflowError)
#: Below this many bytes unpacked, how tightly the archive is packed does not matter.
_RATIO_FROM = 1 << 20
#: How much a member is unpacked at a time: what is produced is counted as it comes, so a member
#: whose header says less than it unpacks to is stopped at the limit, never unpacked first.
CHUNK_BYTES = 64 << 10


@dataclass(frozen=True)
class ZipLimits:
    members: int  # files in the archive
    member_bytes: int  # one file unpacked
    total_bytes: int  # all files unpacked, and all bytes read
    compression_ratio: int  # unpacked size / packed size, of one file and of them all


@dataclass(frozen=True)
class ZipWords:
    """How one kind of archive refuses: the exception, and each reason already translated, with
    ``{count}``, ``{most}``, ``{name}`` or ``{size}`` (MB) where it says them."""

    refused: type[StorageError]
    too_many: str  # {count} {most}
    outside: str  # {name}
    link: str  # {name}
    encrypted: str  # {name}
    twice: str  # {name}
    member_too_large: str  # {name}
    too_large: str  # {size}
    tight: str  # {name}

    def refuse(self, reason: str, **fields: object) -> StorageError:
        shown = {key: printable(value) if isinstance(value, str) else value for key, value in fields.items()}
        return self.refused(reason.format(**shown))


def member_name(entry: zipfile.ZipInfo) -> str:
    """The member's name with "/" between folders: an older Windows "compress folder" writes "\\"."""
    return entry.filename.replace("\\", "/")


def safe_members(entries: list[zipfile.ZipInfo], limits: ZipLimits, words: ZipWords) -> dict[str, zipfile.ZipInfo]:
    """The archive's files by name (see :func:`member_name`; folders left out), once every name,
    size and kind is known to be safe; else ``words.refused``."""
    if len(entries) > limits.members:
        raise words.refuse(words.too_many, count=len(entries), most=limits.members)
    members: dict[str, zipfile.ZipInfo] = {}
    seen: set[str] = set()
    total = packed = 0
    for entry in entries:
        name = member_name(entry)
        pure = PurePosixPath(name)
        if pure.is_absolute() or ".." in pure.parts or ":" in name:
            raise words.refuse(words.outside, name=entry.filename)
        if stat.S_ISLNK(entry.external_attr >> 16):
            raise words.refuse(words.link, name=entry.filename)
        if entry.flag_bits & 0x1:
            raise words.refuse(words.encrypted, name=entry.filename)
        if name in seen:
            raise words.refuse(words.twice, name=entry.filename)
        seen.add(name)
        if entry.file_size > limits.member_bytes:
            raise words.refuse(words.member_too_large, name=entry.filename)
        total, packed = total + entry.file_size, packed + entry.compress_size
        if total > limits.total_bytes:
            raise words.refuse(words.too_large, size=limits.total_bytes >> 20)
        # Each file, and all of them together: many small files each under the threshold add up.
        for unpacked, compressed in ((entry.file_size, entry.compress_size), (total, packed)):
            if unpacked > _RATIO_FROM and unpacked > limits.compression_ratio * max(compressed, 1):
                raise words.refuse(words.tight, name=entry.filename)
        if not entry.is_dir():
            members[name] = entry
    return members


@dataclass
class MemberReader:
    """Reads members of one archive within the limits, whatever their headers claim, every byte
    read counted against the total."""

    archive: zipfile.ZipFile
    limits: ZipLimits
    words: ZipWords
    read_bytes: int = 0

    def read(self, entry: zipfile.ZipInfo, limit: int | None = None) -> bytes:
        """The member's bytes, at most ``limit`` (the limit of one member when None)."""
        return b"".join(self.chunks(entry, limit))

    def chunks(
        self, entry: zipfile.ZipInfo, limit: int | None = None, too_large: Callable[[], Exception] | None = None
    ) -> Iterator[bytes]:
        """The member's bytes a chunk at a time, at most ``limit`` (the limit of one member when
        None): unpacking stops as soon as what it produced goes over, whatever the header said,
        refused as ``too_large`` gives (when the limit is the room its archive has left, what to do
        about a whole archive too large), else as a member too large."""
        most = self.limits.member_bytes if limit is None else limit

        def refused() -> Exception:
            return too_large() if too_large else self.words.refuse(self.words.member_too_large, name=entry.filename)

        if entry.file_size > most:
            raise refused()
        size = 0
        with self.archive.open(entry) as handle:
            while chunk := handle.read(CHUNK_BYTES):
                size += len(chunk)
                if size > most:
                    raise refused()
                self.read_bytes += len(chunk)
                if self.read_bytes > self.limits.total_bytes:
                    raise self.words.refuse(self.words.too_large, size=self.limits.total_bytes >> 20)
                yield chunk
