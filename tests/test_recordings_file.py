"""The sealed recordings file: a group's meeting sounds made on the facilitator's laptop, carried to
the coordinator apart from the bundles, and put beside the meetings they belong to. Real workspaces
(the demo network and a coordinator's), real keys, real sound files made with PyAV."""

from __future__ import annotations

import zipfile
from pathlib import Path

import orjson
import pytest

from exports.recordings import (
    RecordingsStatus,
    chosen_recordings,
    import_recordings_file,
    is_recordings_file,
    write_recordings_file,
)
from exports.recordings.format import MANIFEST, SEALS
from facilitator.local_time import local_day
from storage.recordings import meeting_folder
from storage.workspace import WorkspaceRole
from tests.conftest import make_demo
from tests.recordings_file_support import Pair, archive_member, pair, prepared, without_recordings
from tests.sync_support import opened
from tests.test_cli import facilitator

__all__ = ["pair"]  # the fixture

#: What every recordings file writes in the clear: the manifest's own words.
FORMAT_WORDS = {"group", "groups", "files", "source", "format", "audio"}


def test_the_coordinator_gets_the_very_sound_beside_its_meeting(pair: Pair) -> None:
    made = write_recordings_file(pair.laptop, pair.group.id, pair.folder)
    assert made.suffix == ".mrec" and made.parent == pair.folder and is_recordings_file(made)
    assert not is_recordings_file(pair.bundle)
    here = meeting_folder(pair.coordinator.workspace.folder, pair.consented.id)
    assert not here.exists()
    before = pair.coordinator.meeting(pair.consented.id)

    result = import_recordings_file(pair.coordinator, made)

    assert result.status is RecordingsStatus.IMPORTED and result.written == 2, result.line()
    for recording, sound in zip(pair.consented.recordings, pair.sounds, strict=True):
        assert (here / recording.audio_file).read_bytes() == sound
    # No temporary file left behind.
    assert {path.name for path in here.iterdir()} == {rec.audio_file for rec in pair.consented.recordings}
    # The import writes no record: the length the laptop did not know stays unknown (read from the sound when wanted).
    assert pair.coordinator.meeting(pair.consented.id).revision == before.revision
    assert [rec.audio_seconds for rec in pair.coordinator.meeting(pair.consented.id).recordings] == [3.0, None]
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
    assert pair.refused.id.encode() not in data


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
    # Neither the file's name nor any byte of it names the group, a meeting or a sound file.
    assert made.name.startswith("recordings-") and pair.group.name.split()[0].lower() not in made.name.lower()
    for recording in pair.consented.recordings:
        assert recording.audio_file.encode() not in data
    for meeting in pair.laptop.meetings(pair.group.id):
        assert meeting.id.encode() not in data and meeting.id[:8].encode() not in data
    for sound in pair.sounds:  # not a stretch of any sound's bytes, anywhere in the file
        for start in range(100, len(sound) - 64, max(len(sound) // 50, 1)):
            assert sound[start : start + 64] not in data
    with zipfile.ZipFile(made) as archive:
        assert all(info.compress_type == zipfile.ZIP_STORED for info in archive.infolist())
        clear = b"\n".join([archive.read(MANIFEST), archive.read(SEALS), *(n.encode() for n in archive.namelist())])
    manifest = orjson.loads(archive_member(made, MANIFEST))
    assert manifest["format"] == "microentre-recordings" and manifest["version"] == 1
    assert [group["id"] for group in manifest["groups"]] == [pair.group.id]
    # The sounds' members are numbered, each padded to whole mebibytes: their sizes tell little of their lengths.
    assert sorted(manifest["files"]) == ["audio/0001", "audio/0002", "contents.json"]
    for name in ("audio/0001", "audio/0002"):
        assert manifest["files"][name]["bytes"] % 1024 > 0  # sealed chunks: a nonce and a tag each
        assert manifest["files"][name]["bytes"] >= 1 << 20
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


def test_the_ordinary_bundle_holds_no_sound(pair: Pair) -> None:
    data = pair.bundle.read_bytes()
    for sound in [*pair.sounds, pair.refused_sound]:
        assert sound[200:264] not in data
    # Once opened, it names the recordings all the same: the coordinator knows what is missing.
    names = [rec.audio_file for rec in pair.coordinator.meeting(pair.consented.id).recordings]
    assert names == [rec.audio_file for rec in pair.consented.recordings]


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
