"""The sealed recordings file: a group's meeting sounds made on the facilitator's laptop, carried to
the coordinator apart from the bundles, and put beside the meetings they belong to. Real workspaces
(the demo network and a coordinator's), real keys, real sound files made with PyAV."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import io
import random
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from fractions import Fraction
from pathlib import Path

import av
import orjson
import pytest

from exports.bundle.format import Audience
from exports.bundle.importer import Importer
from exports.bundle.writer import make_bundle
from exports.recordings import (
    RecordingsStatus,
    chosen_recordings,
    import_recordings_file,
    is_recordings_file,
    write_recordings_file,
)
from exports.recordings.format import CHUNK_BYTES, CONTENTS, MANIFEST, SEALS, audio_member
from facilitator.checkin import checkin_rows, consent_given, new_guest
from facilitator.local_time import local_day
from facilitator.model import Group, Meeting, MeetingStatus, Recording
from storage.recordings import meeting_folder, new_recording_path
from storage.repository import Repository
from storage.workspace import WorkspaceRole
from tests.conftest import make_demo
from tests.sync_support import opened, share_keys
from tests.test_cli import facilitator

#: What every recordings file writes in the clear: the manifest's own words.
FORMAT_WORDS = {"group", "groups", "files", "source", "format", "audio"}


def write_sound(path: Path, seconds: float, seed: int) -> bytes:
    """A sound file of ``seconds`` of quiet noise (Ogg Opus for ``.opus``, 16-bit PCM for ``.wav``), its bytes."""
    rate, frame_size = 48_000, 960
    noise = random.Random(seed)
    codec = "libopus" if path.suffix == ".opus" else "pcm_s16le"
    with av.open(str(path), "w", format="ogg" if path.suffix == ".opus" else "wav") as container:
        stream = container.add_stream(codec, rate=rate, layout="mono")
        for start in range(0, int(rate * seconds), frame_size):
            frame = av.AudioFrame(format="s16", layout="mono", samples=frame_size)
            frame.planes[0].update(
                b"".join(noise.randint(-8000, 8000).to_bytes(2, "little", signed=True) for _ in range(frame_size))
            )
            frame.sample_rate = rate
            frame.pts = start
            frame.time_base = Fraction(1, rate)
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return path.read_bytes()


def recorded(repository: Repository, meeting: Meeting, suffixes: tuple[str, ...], seed: int) -> list[bytes]:
    """Give the held ``meeting`` one recording per suffix, each with a sound file in its folder."""
    sounds, recordings = [], []
    start = meeting.started_at or meeting.starts_at
    for number, suffix in enumerate(suffixes):
        path = new_recording_path(repository.workspace.folder, meeting.id, suffix)
        seconds = 12.0 if suffix == ".wav" else 3.0  # the wav: more than one sealed chunk
        sounds.append(write_sound(path, seconds, seed + number))
        begins = start + timedelta(minutes=10 * number)
        recordings.append(
            Recording(
                started_at=begins,
                stopped_at=begins + timedelta(seconds=seconds),
                audio_file=path.name,
                audio_seconds=None if number else seconds,
                attached=suffix == ".wav",
            )
        )
    repository.save_meeting(dataclasses.replace(meeting, recordings=recordings))
    return sounds


def without_recordings(repository: Repository, group: Group) -> None:
    """The group's meetings without the demo's own recordings: only those a test makes are there."""
    for meeting in repository.meetings(group.id):
        if meeting.recordings:
            repository.save_meeting(dataclasses.replace(meeting, recordings=[]))


def everyone_consents(repository: Repository, group: Group, meeting: Meeting) -> None:
    day = local_day(meeting.starts_at, group.time_zone)
    rows = checkin_rows(repository.people(group.id), repository.attendance(meeting.id), day)
    for row in rows:
        if row.present and not row.has_audio_consent:
            repository.save_attendance(consent_given(row, meeting.id, day))


@dataclass
class Pair:
    folder: Path
    laptop: Repository
    coordinator: Repository
    group: Group
    consented: Meeting
    refused: Meeting
    sounds: list[bytes]
    refused_sound: bytes
    bundle: Path


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[Pair]:
    with prepared(tmp_path) as made:
        yield made


@contextmanager
def prepared(tmp_path: Path) -> Iterator[Pair]:
    """The demo laptop with two recorded meetings of its first group (one where everyone consented,
    one with a guest who did not) and the coordinator holding the group's bundle."""
    make_demo(tmp_path / "laptop", groups=1, years=1)
    with (
        opened(tmp_path / "laptop") as laptop,
        opened(tmp_path / "coordinator", WorkspaceRole.COORDINATOR) as coordinator,
    ):
        share_keys(coordinator, [laptop], tmp_path / "keys")
        group = laptop.groups()[0]
        without_recordings(laptop, group)
        held = [meeting for meeting in laptop.meetings(group.id) if meeting.status is MeetingStatus.HELD]
        consented, refused = held[-1], held[-2]
        sounds = recorded(laptop, consented, (".opus", ".wav"), seed=1)
        everyone_consents(laptop, group, consented)
        (refused_sound,) = recorded(laptop, refused, (".opus",), seed=7)
        everyone_consents(laptop, group, refused)
        guest, _problems = new_guest(refused.id, "Ilmari Tuntematon", "Vieras Oy", refused.starts_at)
        laptop.save_attendance(guest)
        bundle = make_bundle(laptop, [group], full=True, audience=Audience.COORDINATOR, to=tmp_path).path
        (report,) = Importer(coordinator).import_files([bundle])
        assert report.ok, report.line()
        yield Pair(
            tmp_path,
            laptop,
            coordinator,
            group,
            laptop.meeting(consented.id),
            refused,
            sounds,
            refused_sound,
            bundle,
        )


def test_the_coordinator_gets_the_very_sound_beside_its_meeting(pair: Pair) -> None:
    made = write_recordings_file(pair.laptop, pair.group.id, pair.folder)
    assert made.suffix == ".mrec" and made.parent == pair.folder and is_recordings_file(made)
    assert not is_recordings_file(pair.bundle)
    here = meeting_folder(pair.coordinator.workspace.folder, pair.consented.id)
    assert not here.exists()

    result = import_recordings_file(pair.coordinator, made)

    assert result.status is RecordingsStatus.IMPORTED and result.written == 2, result.line()
    for recording, sound in zip(pair.consented.recordings, pair.sounds, strict=True):
        assert (here / recording.audio_file).read_bytes() == sound
    # No temporary file left behind.
    assert {path.name for path in here.iterdir()} == {rec.audio_file for rec in pair.consented.recordings}
    # The length the laptop did not know yet is taken from the sound itself when the sound library reads it.
    seconds = [rec.audio_seconds for rec in pair.coordinator.meeting(pair.consented.id).recordings]
    assert seconds[0] == 3.0
    # The meeting without everyone's consent did not travel.
    assert not meeting_folder(pair.coordinator.workspace.folder, pair.refused.id).exists()
    assert pair.group.name in result.line()


def test_a_meeting_without_everyones_consent_is_left_out_and_told(pair: Pair) -> None:
    chosen = chosen_recordings(pair.laptop, pair.group.id)
    assert {sound.meeting.id for sound in chosen.sounds} == {pair.consented.id}
    (told,) = [sentence for sentence in chosen.left_out if "did not consent" in sentence]
    assert "Ilmari Tuntematon" in told
    data = write_recordings_file(pair.laptop, pair.group.id, pair.folder, chosen=chosen).read_bytes()
    assert pair.refused_sound[200:264] not in data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert not any(pair.refused.id in name for name in archive.namelist())


def test_importing_twice_changes_nothing_and_says_so(pair: Pair) -> None:
    made = write_recordings_file(pair.laptop, pair.group.id, pair.folder)
    assert import_recordings_file(pair.coordinator, made).written == 2
    here = meeting_folder(pair.coordinator.workspace.folder, pair.consented.id)
    before = {path.name: (path.stat().st_mtime_ns, path.read_bytes()) for path in here.iterdir()}
    meeting_before = pair.coordinator.meeting(pair.consented.id)

    again = import_recordings_file(pair.coordinator, made)

    assert again.status is RecordingsStatus.ALREADY and again.written == 0 and again.unchanged == 2
    assert "nothing changed" in again.line()
    assert {path.name: (path.stat().st_mtime_ns, path.read_bytes()) for path in here.iterdir()} == before
    assert pair.coordinator.meeting(pair.consented.id).revision == meeting_before.revision


def test_nothing_of_the_group_or_its_meetings_is_in_the_clear(pair: Pair) -> None:
    made = write_recordings_file(pair.laptop, pair.group.id, pair.folder)
    data = made.read_bytes()
    for sound in pair.sounds:  # not a stretch of any sound's bytes, anywhere in the file
        for start in range(100, len(sound) - 64, max(len(sound) // 50, 1)):
            assert sound[start : start + 64] not in data
    with zipfile.ZipFile(made) as archive:
        assert all(info.compress_type == zipfile.ZIP_STORED for info in archive.infolist())
        clear = b"\n".join([archive.read(MANIFEST), archive.read(SEALS), *(n.encode() for n in archive.namelist())])
    manifest = orjson.loads(archive_member(made, MANIFEST))
    assert manifest["format"] == "microentre-recordings" and manifest["version"] == 1
    assert [group["id"] for group in manifest["groups"]] == [pair.group.id]
    text = clear.decode().lower()
    assert pair.group.name.lower() not in text
    for word in pair.group.name.split():  # "Inari", not "group", which the format writes ("groups")
        if len(word) >= 5 and word.lower() not in FORMAT_WORDS:
            assert word.lower() not in text
    for person in pair.laptop.people(pair.group.id):
        assert person.name.lower() not in text
    for recording in pair.consented.recordings:
        zone_day = local_day(recording.started_at, pair.group.time_zone)
        for written in (zone_day.isoformat(), recording.started_at.isoformat()[:16], zone_day.strftime("%d.%m.%Y")):
            assert written not in text
    assert local_day(pair.consented.starts_at, pair.group.time_zone).isoformat() not in text


def archive_member(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name)


def test_the_ordinary_bundle_holds_no_sound(pair: Pair) -> None:
    data = pair.bundle.read_bytes()
    for sound in [*pair.sounds, pair.refused_sound]:
        assert sound[200:264] not in data
    # Once opened, it names the recordings all the same: the coordinator knows what is missing.
    names = [rec.audio_file for rec in pair.coordinator.meeting(pair.consented.id).recordings]
    assert names == [rec.audio_file for rec in pair.consented.recordings]


def rewritten(path: Path, target: Path, change: dict[str, bytes]) -> Path:
    """A copy of the recordings file with members replaced (same names, new bytes)."""
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as copy:
        for info in source.infolist():
            copy.writestr(info, change.get(info.filename, source.read(info.filename)))
    return target


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
    wav = audio_member(pair.consented.id, pair.consented.recordings[1].audio_file)
    opus = audio_member(pair.consented.id, pair.consented.recordings[0].audio_file)
    # The other file's sealed sound, under the same name, with this manifest: its checksum does not match.
    swapped = rewritten(first, pair.folder / "swapped.mrec", {opus: archive_member(second, opus)})
    result = import_recordings_file(pair.coordinator, swapped)
    assert result.status is RecordingsStatus.REFUSED and opus in result.message
    # A byte changed in the second chunk of the long sound, the manifest's checksum made to agree: the seal fails.
    sealed = bytearray(archive_member(first, wav))
    assert len(sealed) > CHUNK_BYTES + 100
    sealed[CHUNK_BYTES + 100] ^= 1
    manifest = orjson.loads(archive_member(first, MANIFEST))
    manifest["files"][wav]["sha256"] = hashlib.sha256(sealed).hexdigest()
    forged = rewritten(first, pair.folder / "forged.mrec", {wav: bytes(sealed), MANIFEST: orjson.dumps(manifest)})
    assert import_recordings_file(pair.coordinator, forged).status is RecordingsStatus.REFUSED
    # Nothing of either was written: not even the sound that would have opened.
    assert not meeting_folder(pair.coordinator.workspace.folder, pair.consented.id).exists()
    assert not list(pair.coordinator.workspace.folder.rglob("*.tmp"))


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


@pytest.mark.processes
def test_the_command_line_exports_and_imports_recordings_beside_a_bundle(tmp_path: Path) -> None:
    with prepared(tmp_path) as pair:
        laptop, coordinator = pair.laptop.workspace.folder, pair.coordinator.workspace.folder
    stick = tmp_path / "stick"

    exported = facilitator("export", "recordings", "--group", pair.group.name, "--workspace", laptop, "--to", stick)

    assert exported.returncode == 0, exported.stderr
    path = Path(exported.stdout.splitlines()[0])
    assert path.parent == stick and path.suffix == ".mrec"
    assert "2 sound files of" in exported.stdout
    assert "Ilmari Tuntematon did not consent" in exported.stderr
    # A damaged copy is refused, with exit 1 and the reason, and nothing of it is written.
    damaged = tmp_path / "damaged.mrec"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 1
    damaged.write_bytes(bytes(data))
    refused = facilitator("import", damaged, "--workspace", coordinator)
    assert refused.returncode == 1 and f"{damaged.name}: refused: " in refused.stdout
    assert not meeting_folder(coordinator, pair.consented.id).exists()
    # A bundle and a recordings file in one command: the bundle as before, the sounds beside their meetings.
    imported = facilitator("import", pair.bundle, path, "--workspace", coordinator)
    assert imported.returncode == 0, imported.stderr
    bundle_line, recordings_line = imported.stdout.splitlines()[:2]
    assert bundle_line.startswith(pair.bundle.name) and "already imported" in bundle_line
    assert recordings_line.startswith(f"{path.name}: recordings of {pair.group.name}: 2 sound files put beside")
    here = meeting_folder(coordinator, pair.consented.id)
    for recording, sound in zip(pair.consented.recordings, pair.sounds, strict=True):
        assert (here / recording.audio_file).read_bytes() == sound
    again = facilitator("import", path, "--workspace", coordinator)
    assert again.returncode == 0 and "nothing changed" in again.stdout


@pytest.mark.processes
def test_export_recordings_without_sound_says_so(tmp_path: Path) -> None:
    make_demo(tmp_path / "laptop", groups=1, years=1)
    with opened(tmp_path / "laptop") as laptop:
        group = laptop.groups()[0]
        without_recordings(laptop, group)
    result = facilitator("export", "recordings", "--group", group.name, "--workspace", tmp_path / "laptop")
    assert result.returncode == 1
    assert "has a recording here that may be sent" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.app
async def test_the_import_screen_takes_a_recordings_file_beside_the_bundles(tmp_path: Path) -> None:
    from facilitator.app import make_app
    from screens.import_bundles import ImportBundlesScreen
    from screens.widgets.plain import Plain
    from storage.workspace import Workspace
    from tests.conftest import demo_clock
    from tests.test_import_screen import SIZE, loaded, mark, run_import

    with prepared(tmp_path) as pair:
        made = write_recordings_file(pair.laptop, pair.group.id, pair.folder)
        coordinator = pair.coordinator.workspace.folder
    app = make_app(Workspace.open(coordinator, role=WorkspaceRole.COORDINATOR), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        app.screen.import_folder = pair.folder
        await pilot.press("i")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ImportBundlesScreen)
        tree = screen.bundle_tree
        await loaded(pilot, tree, {made.name, pair.bundle.name})
        await mark(pilot, tree, made)
        await run_import(pilot, screen)
        assert screen.reports is not None
        (report,) = screen.reports
        assert report.ok and report.status.value == "imported"
        (line,) = [str(line.render()) for line in screen.query(".report-file")]
        assert line.startswith(f"✓ {made.name}: recordings of {pair.group.name}: 2 sound files put beside")
        assert str(screen.query_one("#report-summary", Plain).render()) == "1 file: 1 imported."
    here = meeting_folder(coordinator, pair.consented.id)
    for recording, sound in zip(pair.consented.recordings, pair.sounds, strict=True):
        assert (here / recording.audio_file).read_bytes() == sound
