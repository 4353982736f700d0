"""The recordings file's sound is sealed a chunk at a time: each chunk bound to the file, the
member and its place, the last marked as the last, so that no chunk can be moved, dropped or cut
off, nor a member's chunks be passed off as another member's, without the run failing to open."""

from __future__ import annotations

import itertools
import os

import pytest

from exports.bundle.sealing import new_content_key
from exports.recordings.format import CHUNK_BYTES, SEALED_CHUNK_BYTES, ChunkBroken, opened_chunks, sealed_chunks

KEY = new_content_key()
FILE = "3f0c2a6e-0d1b-4f4e-9a57-2b4d1f0c9e11"
NAME = "audio/0001"


def sealed(plain: bytes, name: str = NAME, pieces: int = 3) -> list[bytes]:
    """``plain`` sealed, given to the sealer in ``pieces`` uneven parts; the sealed chunks."""
    cuts = sorted({0, len(plain), *(len(plain) * n // (pieces + 1) + n for n in range(1, pieces))})
    parts = [plain[start:end] for start, end in itertools.pairwise(cuts)]
    return list(sealed_chunks(KEY, FILE, name, parts))


def opened(chunks: list[bytes], name: str = NAME, piece: int = 70_000) -> bytes:
    """The run's plain bytes, the sealed bytes read in pieces of ``piece`` bytes."""
    data = b"".join(chunks)
    return b"".join(opened_chunks(KEY, FILE, name, (data[at : at + piece] for at in range(0, len(data), piece))))


PLAIN = os.urandom(2 * CHUNK_BYTES + 12_345)


def test_a_run_opens_whole_whatever_pieces_it_is_read_in() -> None:
    chunks = sealed(PLAIN)
    assert [len(chunk) for chunk in chunks[:-1]] == [SEALED_CHUNK_BYTES, SEALED_CHUNK_BYTES]
    assert opened(chunks) == PLAIN
    assert opened(chunks, piece=SEALED_CHUNK_BYTES) == PLAIN


@pytest.mark.parametrize("size", [0, 1, CHUNK_BYTES - 1, CHUNK_BYTES, 2 * CHUNK_BYTES])
def test_an_empty_member_and_whole_numbers_of_chunks_end_with_a_short_last_chunk(size: int) -> None:
    plain = os.urandom(size)
    chunks = sealed(plain)
    assert len(chunks) == size // CHUNK_BYTES + 1  # an exact multiple ends with an empty last chunk
    assert opened(chunks) == plain
    if size and size % CHUNK_BYTES == 0:  # the empty last chunk dropped: the run ends with a full one
        with pytest.raises(ChunkBroken):
            opened(chunks[:-1])


def test_chunks_in_another_order_do_not_open() -> None:
    chunks = sealed(PLAIN)
    with pytest.raises(ChunkBroken):
        opened([chunks[1], chunks[0], chunks[2]])


def test_a_run_without_its_last_chunk_does_not_open() -> None:
    chunks = sealed(PLAIN)
    with pytest.raises(ChunkBroken):
        opened(chunks[:-1])


def test_a_run_without_a_middle_chunk_does_not_open() -> None:
    chunks = sealed(PLAIN)
    with pytest.raises(ChunkBroken):
        opened([chunks[0], chunks[2]])


def test_a_run_cut_at_a_chunk_boundary_does_not_open() -> None:
    chunks = sealed(PLAIN)
    with pytest.raises(ChunkBroken):
        opened(chunks[:2])
    with pytest.raises(ChunkBroken):
        opened(chunks[:1])


def test_a_chunk_changed_by_one_byte_does_not_open() -> None:
    chunks = sealed(PLAIN)
    changed = bytearray(chunks[1])
    changed[500] ^= 1
    with pytest.raises(ChunkBroken):
        opened([chunks[0], bytes(changed), chunks[2]])


def test_another_members_chunks_do_not_open_under_this_name() -> None:
    chunks = sealed(PLAIN, name="audio/0002")
    assert opened(chunks, name="audio/0002") == PLAIN
    with pytest.raises(ChunkBroken):
        opened(chunks)
    # Nor a chunk of another file's run of the same name.
    other = list(sealed_chunks(KEY, "9b1d4c6e-1111-4e4e-8a57-2b4d1f0c9e11", NAME, [PLAIN]))
    with pytest.raises(ChunkBroken):
        opened([chunks[0], other[1], chunks[2]])
