"""The sealed recordings file: its name and version, its members, and how a sound of hundreds of
megabytes is sealed a chunk at a time.

A meeting's sound never travels in a bundle; it travels in this file, sealed with the group's key
as a bundle is (:mod:`exports.bundle.sealing`, under a sealing key derived for this kind of file):
a fresh content key per file, sealed for the group and bound to the manifest's exact bytes. What
stays in the clear names no meeting and no file: the sounds are members ``audio/0001``, … in
writing order, each padded with zero bytes to a whole number of :data:`PAD_BYTES`; which meeting and
recording each one is, and its true size, only the sealed contents say. Every member is a run of sealed chunks, each of
:data:`CHUNK_BYTES` plain bytes but the last, which holds fewer (none, when the member's length is a
whole number of chunks), each bound to the file, the member's name and its place in the run, the
last marked as the last: no chunk can be moved, dropped or cut off without its seal failing.
Documented for other programs in ``docs/recordings-format.md``; a change here changes the format.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from exports.bundle.sealing import NONCE_BYTES, TAG_BYTES, SealBroken, member_binding, seal, unseal
from facilitator.model.meeting import SOUND_FILE_NAME

FORMAT_NAME = "microentre-recordings"
FORMAT_VERSION = 1
#: What the file's sealing keys are derived for: never a bundle's key (see ``group_sealing_key``).
SEALING_PURPOSE = "microentre-recordings"
SUFFIX = ".mrec"
MANIFEST = "manifest.json"
SEALS = "seals.json"
CONTENTS = "contents.json"
AUDIO_FOLDER = "audio"
#: What a member is before its chunks are sealed: nothing (a sound is compressed already).
COMPRESSION = "none"
#: Plain bytes in each sealed chunk but the last: what the reader and writer hold at a time.
CHUNK_BYTES = 1 << 20
#: A full chunk as sealed: its nonce, its bytes and its tag.
SEALED_CHUNK_BYTES = NONCE_BYTES + CHUNK_BYTES + TAG_BYTES
#: The manifest, the seals and the sealed contents are small; the sounds are not.
MAX_MANIFEST_BYTES = 1 << 20
MAX_CONTENTS_BYTES = 4 << 20
#: One sound file: far above a three-hour meeting in Ogg Opus (under 100 MB) or a phone's m4a.
MAX_SOUND_BYTES = 4 << 30
#: Sound files in one recordings file: years of a group's meetings, several recordings each.
MAX_SOUNDS = 2000
#: A sound file's name in a meeting's folder, as a recording names it (``recording-2.m4a``).
SOUND_NAME = SOUND_FILE_NAME
#: A sound as sealed is padded to a whole number of these: its size in the clear tells its length
#: only roughly (a mebibyte is some six minutes of the app's Ogg Opus).
PAD_BYTES = CHUNK_BYTES
#: The sealed contents are padded with spaces to a whole number of these.
CONTENTS_PAD_BYTES = 4 << 10
#: A sound's member: ``audio/`` and its place in writing order, four digits.
AUDIO_MEMBER = re.compile(AUDIO_FOLDER + r"/[0-9]{4}")


def audio_member(number: int) -> str:
    """The member holding the file's ``number``-th sound (from 1): ``audio/0001``."""
    return f"{AUDIO_FOLDER}/{number:04d}"


def padded_size(size: int, unit: int = PAD_BYTES) -> int:
    """``size`` rounded up to a whole number of ``unit``."""
    return -(-size // unit) * unit


def chunk_binding(file_id: str, name: str, index: int, last: bool) -> bytes:
    """What a chunk's seal is bound to: the file, the member, the chunk's place, and whether it is the last."""
    return member_binding(file_id, name) + f"#{index}{'.last' if last else ''}".encode()


def sealed_chunks(content_key: bytes, file_id: str, name: str, chunks: Iterable[bytes]) -> Iterator[bytes]:
    """``chunks`` (any sizes) sealed as a member: runs of :data:`CHUNK_BYTES`, then the shorter last one."""
    pending = b""
    index = 0
    for chunk in chunks:
        pending += chunk
        while len(pending) >= CHUNK_BYTES:
            yield seal(content_key, pending[:CHUNK_BYTES], chunk_binding(file_id, name, index, last=False))
            pending = pending[CHUNK_BYTES:]
            index += 1
    yield seal(content_key, pending, chunk_binding(file_id, name, index, last=True))


class ChunkBroken(ValueError):
    """A member's chunks that do not open as one whole run: changed, moved, or cut short."""


def opened_chunks(content_key: bytes, file_id: str, name: str, sealed: Iterable[bytes]) -> Iterator[bytes]:
    """A member's plain bytes, a chunk at a time, from its sealed bytes given in any pieces;
    :class:`ChunkBroken` when a chunk does not open, or the run does not end with its last chunk
    (a full chunk is never the last: the last one holds fewer bytes)."""
    pending = bytearray()
    index = 0
    for piece in sealed:
        pending += piece
        while len(pending) >= SEALED_CHUNK_BYTES:
            yield _opened(content_key, bytes(pending[:SEALED_CHUNK_BYTES]), chunk_binding(file_id, name, index, False))
            del pending[:SEALED_CHUNK_BYTES]
            index += 1
    yield _opened(content_key, bytes(pending), chunk_binding(file_id, name, index, True))


def _opened(content_key: bytes, sealed: bytes, binding: bytes) -> bytes:
    try:
        return unseal(content_key, sealed, binding)
    except SealBroken:
        raise ChunkBroken(binding.decode(errors="replace")) from None
