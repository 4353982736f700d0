"""A recordings file that is not what its maker sealed is refused whole, and nothing of it written:
a changed manifest, a member swapped or renamed, a chunk changed under a manifest sealed again with
the laptop's own key, another key's seal, a meeting of another group."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import zipfile
from pathlib import Path

import orjson

from exports.bundle.importer import Importer
from exports.bundle.sealing import group_sealing_key, seal, unseal
from exports.recordings import RecordingsStatus, import_recordings_file, write_recordings_file
from exports.recordings.format import (
    CHUNK_BYTES,
    CONTENTS,
    MANIFEST,
    SEALED_CHUNK_BYTES,
    SEALING_PURPOSE,
    SEALS,
    audio_member,
)
from facilitator.model import Group, Presence
from storage.recordings import meeting_folder
from storage.sync_ledger import SyncLedger
from storage.withdrawn_consent import save_withdrawing
from storage.workspace import WorkspaceRole
from tests.recordings_file_support import Pair, archive_member, pair, rewritten
from tests.sync_support import opened, share_keys

__all__ = ["pair"]  # the fixture


def test_a_changed_manifest_is_refused_and_nothing_written(pair: Pair) -> None:
    made = write_recordings_file(pair.laptop, pair.group.id, pair.folder)
    manifest = orjson.loads(archive_member(made, MANIFEST))
    manifest["created_at"] = "2020-01-01T00:00:00.000+00:00"  # made earlier, before a key's retirement
    changed = rewritten(made, pair.folder / "changed.mrec", {MANIFEST: orjson.dumps(manifest)})

    result = import_recordings_file(pair.coordinator, changed)

    assert result.status is RecordingsStatus.REFUSED
    assert "was changed after it was sealed" in result.message
    assert not meeting_folder(pair.coordinator.workspace.folder, pair.consented.id).exists()


def test_a_member_swapped_for_another_files_is_refused_whole(pair: Pair) -> None:
    first = write_recordings_file(pair.laptop, pair.group.id, pair.folder)
    second = write_recordings_file(pair.laptop, pair.group.id, pair.folder)
    assert first != second
    opus, wav = audio_member(1), audio_member(2)
    # The other file's sealed sound, under the same name, with this manifest: its checksum does not match.
    swapped = rewritten(first, pair.folder / "swapped.mrec", {opus: archive_member(second, opus)})
    result = import_recordings_file(pair.coordinator, swapped)
    assert result.status is RecordingsStatus.REFUSED and opus in result.message
    # The same, the manifest sealed again with the laptop's key to agree: now the chunk's own seal refuses it.
    swapped = resealed(pair, first, pair.folder / "swapped-resealed.mrec", {opus: archive_member(second, opus)})
    result = import_recordings_file(pair.coordinator, swapped)
    assert result.status is RecordingsStatus.REFUSED and "does not open with the file's key" in result.message
    # A byte changed in the second chunk of the long sound, the manifest sealed again to agree: the chunk's seal fails.
    sealed = bytearray(archive_member(first, wav))
    assert len(sealed) > CHUNK_BYTES + 100
    sealed[CHUNK_BYTES + 100] ^= 1
    forged = resealed(pair, first, pair.folder / "forged.mrec", {wav: bytes(sealed)})
    result = import_recordings_file(pair.coordinator, forged)
    assert result.status is RecordingsStatus.REFUSED and wav in result.message
    assert "does not open with the file's key" in result.message
    # The long sound cut after its first chunk (the manifest sealed again): the run lacks its last chunk.
    cut = resealed(pair, first, pair.folder / "cut.mrec", {wav: archive_member(first, wav)[:SEALED_CHUNK_BYTES]})
    assert "does not open with the file's key" in import_recordings_file(pair.coordinator, cut).message
    # The unchanged file, sealed again the same way, opens: the refusals above are the chunks' own.
    same = resealed(pair, first, pair.folder / "same.mrec", {})
    assert import_recordings_file(pair.coordinator, same).written == 2
    # Nothing of the refused ones was written: not even the sound that would have opened.
    assert not list(pair.coordinator.workspace.folder.rglob("*.tmp"))


def resealed(pair: Pair, path: Path, target: Path, change: dict[str, bytes]) -> Path:
    """A copy of the recordings file with members replaced and the manifest made to agree, sealed
    again with the laptop's own key of the group (as only a key holder could)."""
    manifest = orjson.loads(archive_member(path, MANIFEST))
    for name, data in change.items():
        manifest["files"][name] = {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    manifest_bytes = orjson.dumps(manifest)
    key = SyncLedger(pair.laptop.workspace).keys()[pair.group.id]
    sealing = group_sealing_key(key.secret_bytes, manifest["file_id"], pair.group.id, key.generation, SEALING_PURPOSE)
    seals = orjson.loads(archive_member(path, SEALS))
    content_key = unseal(sealing, base64.b64decode(seals["groups"][pair.group.id]), archive_member(path, MANIFEST))
    seals["groups"][pair.group.id] = base64.b64encode(seal(sealing, content_key, manifest_bytes)).decode()
    return rewritten(path, target, {**change, MANIFEST: manifest_bytes, SEALS: orjson.dumps(seals)})


def test_a_member_renamed_with_backslashes_is_refused_not_a_crash(pair: Pair) -> None:
    """The zip's directory is not sealed: anyone holding the stick can rename a member there."""
    made = write_recordings_file(pair.laptop, pair.group.id, pair.folder)
    renamed = pair.folder / "renamed.mrec"
    with zipfile.ZipFile(made) as source, zipfile.ZipFile(renamed, "w", zipfile.ZIP_STORED) as copy:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == audio_member(1):
                info.filename = info.filename.replace("/", "\\")
            copy.writestr(info, data)
    with zipfile.ZipFile(renamed) as check:
        assert "audio\\0001" in check.namelist()

    result = import_recordings_file(pair.coordinator, renamed)

    assert result.status is RecordingsStatus.REFUSED and "backslash" in result.message, result.message
    assert not meeting_folder(pair.coordinator.workspace.folder, pair.consented.id).exists()


def test_a_packed_member_is_refused(pair: Pair) -> None:
    made = write_recordings_file(pair.laptop, pair.group.id, pair.folder)
    packed = pair.folder / "packed.mrec"
    with zipfile.ZipFile(made) as source, zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in source.infolist():
            copy.writestr(info.filename, source.read(info))
    result = import_recordings_file(pair.coordinator, packed)
    assert result.status is RecordingsStatus.REFUSED and "packed" in result.message, result.message


def test_a_sound_of_a_meeting_of_another_group_is_refused(pair: Pair) -> None:
    made = write_recordings_file(pair.laptop, pair.group.id, pair.folder)
    meeting = pair.coordinator.meeting(pair.consented.id)
    other = Group(name="Toinen ryhmä")
    pair.coordinator.save_group(other)
    pair.coordinator.save_meeting(dataclasses.replace(meeting, group_id=other.id))

    result = import_recordings_file(pair.coordinator, made)

    assert result.written == 0 and len(result.left_out) == 1
    assert "belongs to another group" in result.left_out[0]
    assert not meeting_folder(pair.coordinator.workspace.folder, pair.consented.id).exists()


def test_a_consent_withdrawn_at_the_coordinator_since_the_export_keeps_the_sound_out(pair: Pair) -> None:
    made = write_recordings_file(pair.laptop, pair.group.id, pair.folder)
    present = [row for row in pair.coordinator.attendance(pair.consented.id) if row.status is Presence.PRESENT]
    person = pair.coordinator.person(present[0].person_id)
    save_withdrawing(pair.coordinator, dataclasses.replace(person, audio_consent=None))

    result = import_recordings_file(pair.coordinator, made)

    assert result.written == 0 and person.name in " ".join(result.left_out), result.left_out
    assert not meeting_folder(pair.coordinator.workspace.folder, pair.consented.id).exists()


def test_a_file_sealed_with_another_key_is_refused(pair: Pair, tmp_path: Path) -> None:
    made = write_recordings_file(pair.laptop, pair.group.id, pair.folder)
    with opened(tmp_path / "other-coordinator", WorkspaceRole.COORDINATOR) as other:
        Importer(other).import_files([pair.bundle])  # refused too: this one holds no key of the group
        result = import_recordings_file(other, made)
    assert result.status is RecordingsStatus.REFUSED
    assert "no key" in result.message
    # A seal replaced by one made with a key nobody holds.
    seals = orjson.loads(archive_member(made, SEALS))
    seals["groups"][pair.group.id] = base64.b64encode(b"\0" * 60).decode()
    broken = rewritten(made, pair.folder / "broken.mrec", {SEALS: orjson.dumps(seals)})
    assert "does not open" in import_recordings_file(pair.coordinator, broken).message


def test_a_meeting_the_coordinator_does_not_know_waits_for_its_bundle(pair: Pair, tmp_path: Path) -> None:
    with opened(tmp_path / "fresh-coordinator", WorkspaceRole.COORDINATOR) as fresh:
        share_keys(fresh, [pair.laptop], tmp_path / "fresh-keys")
        made = write_recordings_file(pair.laptop, pair.group.id, pair.folder)
        result = import_recordings_file(fresh, made)
        assert result.ok and result.written == 0
        assert len(result.left_out) == 1 and "import the group's bundle first" in result.left_out[0]
        assert not (fresh.workspace.folder / "meetings" / pair.consented.id).exists()


def test_not_a_recordings_file_is_refused(pair: Pair) -> None:
    junk = pair.folder / "junk.mrec"
    junk.write_bytes(b"not a zip at all")
    assert import_recordings_file(pair.coordinator, junk).status is RecordingsStatus.REFUSED
    assert import_recordings_file(pair.coordinator, pair.bundle).status is RecordingsStatus.REFUSED
    made = write_recordings_file(pair.laptop, pair.group.id, pair.folder)
    cut = pair.folder / "cut.mrec"
    cut.write_bytes(made.read_bytes()[: CHUNK_BYTES // 2])
    assert "Ask for the file again" in import_recordings_file(pair.coordinator, cut).message
    without_contents = pair.folder / "no-contents.mrec"
    with zipfile.ZipFile(made) as source, zipfile.ZipFile(without_contents, "w") as copy:
        for info in source.infolist():
            if info.filename != CONTENTS:
                copy.writestr(info, source.read(info.filename))
    assert "lacks" in import_recordings_file(pair.coordinator, without_contents).message
