"""A recordings file's zip members, read safely: the listing refuses unsafe names, sizes and
kinds before anything is opened, and the small JSON members are read within their limits. A
refusal (:class:`RecordingsRefused`) says why in words a person can act on.
"""

from __future__ import annotations

import zipfile
from typing import Any

import orjson

from exports.bundle.archive import BundleRefused
from exports.recordings.format import MAX_SOUND_BYTES, MAX_SOUNDS
from exports.zip_safety import ZipLimits, ZipWords, safe_members
from facilitator.i18n import _
from facilitator.text import printable


class RecordingsRefused(BundleRefused):
    """A recordings file that cannot be imported; ``str()`` is the reason, for the person importing it."""


def _words() -> ZipWords:
    return ZipWords(
        refused=RecordingsRefused,
        too_many=_("The recordings file holds {count} files; it may hold at most {most}."),
        outside=_("The recordings file holds a file named “{name}”, which points outside it: refused as unsafe."),
        link=_("The recordings file holds a link ({name}): refused as unsafe."),
        encrypted=_("The recordings file holds a file encrypted by zip itself, which this app never writes: refused."),
        twice=_("The recordings file holds two files named {name}."),
        member_too_large=_("{name} in the recordings file is too large."),
        too_large=_("The recordings file as a whole would unpack to more than {size} MB."),
        tight=_("The recordings file is packed suspiciously tightly ({name}): refused."),
    )


#: Every member is stored as written (sealed bytes do not compress): none may unpack to more than it holds.
_LIMITS = ZipLimits(MAX_SOUNDS + 3, MAX_SOUND_BYTES * 2, MAX_SOUND_BYTES * MAX_SOUNDS, 1)


def damaged() -> str:
    return _("This is not a recordings file, or only part of one (a copy cut short?). Ask for the file again.")


def listed_members(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """The zip's files once their names, sizes and kinds are safe; a name with a backslash, or a
    member packed in any way, neither of which this app writes, is refused."""
    entries = archive.infolist()
    members = safe_members(entries, _LIMITS, _words())
    for entry in entries:
        if "\\" in entry.filename:
            raise RecordingsRefused(
                _(
                    "The recordings file holds a file named “{name}”, with a backslash, which this app never "
                    "writes: refused."
                ).format(name=printable(entry.filename))
            )
        if entry.compress_type != zipfile.ZIP_STORED:
            raise RecordingsRefused(
                _("The recordings file holds a packed file ({name}), which this app never writes: refused.").format(
                    name=printable(entry.filename)
                )
            )
    return members


def small_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, most: int) -> bytes:
    with archive.open(info) as handle:
        data = handle.read(most + 1)
    if len(data) > most:
        raise RecordingsRefused(_("{name} in the recordings file is too large.").format(name=info.filename))
    return data


def parsed(data: bytes, name: str) -> Any:
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        raise RecordingsRefused(_("{name} in the recordings file is not valid JSON.").format(name=name)) from None
