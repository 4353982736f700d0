"""Schema 6 and bundle format 5: a meeting's recordings keep their sound's file, length and pauses.
The release before's own workspaces (tests/data/workspace-v5: a facilitator's laptop that made a
bundle, the coordinator that imported it) are upgraded, backed up first; the recordings they hold
(marks only) read with no sound, and their memo lines keep their offsets; a recording with its
sound saved on the laptop reads back whole, and travels to the coordinator (its name, length and
pauses; never the sound)."""

from __future__ import annotations

import dataclasses
import json
import shutil
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from exports.bundle.archive import BundleRefused
from exports.bundle.format import MANIFEST, TYPES_BY_NAME
from exports.bundle.importer import Importer
from exports.bundle.record_checks import check_record
from exports.bundle.writer import make_bundle
from facilitator.model import Pause, Recording, validate_meeting
from facilitator.model.problems import Invalid
from storage.codec import to_document
from storage.recordings import audio_path, new_recording_path
from storage.workspace import SCHEMA_VERSION
from storage.workspace_info import WorkspaceRole
from tests.conftest import MovingClock
from tests.sync_support import opened, opened_bundle
from tests.test_schema_v4 import assert_upgraded, schema_on_disk, upgrade_backup

V5 = Path(__file__).parent / "data" / "workspace-v5"
V5_GROUP = "a6a3a450-6513-470e-a69e-0d37f2a74de4"  # Yrittäjäryhmä Inari
V5_RECORDED = "39194242-a2ed-4bbd-9464-ecc280b0c08b"  # held, one recording (marks), memo lines with offsets
V5_RECORDED_TWICE = "dd02de92-a496-46a2-ba7f-0eab4c4f9b06"  # held, recorded in two parts


def test_the_release_befores_workspaces_are_kept_without_a_lock_file() -> None:
    assert sorted(V5.glob("*/.lock")) == []
    assert sorted(path.name for path in V5.iterdir()) == ["coordinator", "facilitator"]


def test_a_schema_5_workspace_is_upgraded_and_its_recordings_gain_their_sound(tmp_path: Path) -> None:
    shutil.copytree(V5, tmp_path / "v5")
    laptop, coordinator_folder = tmp_path / "v5" / "facilitator", tmp_path / "v5" / "coordinator"
    assert schema_on_disk(laptop) == schema_on_disk(coordinator_folder) == 5
    network_before = (laptop / "network.json").read_bytes()
    stored = json.loads(network_before)["meetings"]
    (marks,) = next(meeting for meeting in stored.values() if meeting["id"] == V5_RECORDED)["recordings"]
    assert set(marks) == {"started_at", "stopped_at"}, "the release before kept the marks alone"
    clock = MovingClock(datetime(2026, 12, 5, 8, tzinfo=UTC), tick=timedelta(milliseconds=1))
    out = tmp_path / "out"
    out.mkdir()

    with opened(laptop, clock=clock) as facilitator:
        assert facilitator.workspace.info.schema_version == SCHEMA_VERSION == 6
        meeting = facilitator.meeting(V5_RECORDED)
        (recording,) = meeting.recordings
        assert recording.started_at == datetime(2026, 4, 14, 15, 6, 38, tzinfo=UTC)
        assert (recording.audio_file, recording.audio_seconds, recording.attached, recording.pauses) == (
            "",
            None,
            False,
            [],
        )
        assert not recording.has_audio and not recording.paused
        assert audio_path(laptop, V5_RECORDED, recording) is None
        offsets = sorted(entry.recording_offset for entry in facilitator.memo(V5_RECORDED) if entry.recording_offset)
        assert offsets[:4] == [711, 1707, 2482, 4165]
        assert len(facilitator.meeting(V5_RECORDED_TWICE).recordings) == 2

        # a meeting recorded again with the sound: the file beside the meeting's, a pause in it
        sound = new_recording_path(laptop, V5_RECORDED)
        sound.write_bytes(b"OggS")  # the name is what is stored; the sound is never read here
        paused_at = recording.started_at + timedelta(minutes=30)
        kept = Recording(
            started_at=recording.started_at,
            stopped_at=recording.stopped_at,
            audio_file=sound.name,
            audio_seconds=5314.5,
            pauses=[Pause(paused_at=paused_at, resumed_at=paused_at + timedelta(minutes=1))],
        )
        facilitator.save_meeting(dataclasses.replace(meeting, recordings=[kept]))
    assert_upgraded(laptop, 5)
    assert (upgrade_backup(laptop, 5) / "network.json").read_bytes() == network_before
    assert sorted(path.name for path in upgrade_backup(laptop, 5).rglob("*.opus")) == []

    with opened(laptop, clock=clock) as facilitator:
        (read_back,) = facilitator.meeting(V5_RECORDED).recordings
        assert read_back == kept and read_back.has_audio and not read_back.paused
        assert audio_path(laptop, V5_RECORDED, read_back) == sound
        made = make_bundle(facilitator, facilitator.groups(), to=out)
        carried = opened_bundle(made.path, facilitator).records["meetings"]
    assert made.scope == "incremental"
    with zipfile.ZipFile(made.path) as bundle:
        assert json.loads(bundle.read(MANIFEST))["version"] == 5, "a reader of format 4 drops the sound's fields"
        assert not [name for name in bundle.namelist() if name.endswith(".opus")], "the sound never travels"
    (document,) = [document for document in carried if document["id"] == V5_RECORDED]
    assert document["recordings"][0]["audio_file"] == "recording-1.opus"
    assert document["recordings"][0]["pauses"][0]["resumed_at"] is not None

    with opened(coordinator_folder, WorkspaceRole.COORDINATOR, clock) as coordinator:
        assert coordinator.workspace.info.schema_version == SCHEMA_VERSION
        (report,) = Importer(coordinator).import_files([made.path])
        assert report.ok, report.line()
        coordinator.load_all()
        (arrived,) = coordinator.meeting(V5_RECORDED).recordings
    assert_upgraded(coordinator_folder, 5)
    assert arrived == kept
    assert audio_path(coordinator_folder, V5_RECORDED, arrived) is None, "the sound is not here until it is imported"
    assert not (coordinator_folder / "meetings" / V5_RECORDED).exists()


BAD_RECORDINGS = {
    "a path out of the meeting's folder": {"audio_file": "../../network.json"},
    "a folder inside it": {"audio_file": "x/recording-1.opus"},
    "a suffix no sound has": {"audio_file": "recording-1.json"},
    "not a recording's name": {"audio_file": "notes.opus"},
    "a negative length": {"audio_seconds": -1.0},
    "an endless length": {"audio_seconds": 1e8},
    "a pause before the start": {"pauses": [Pause(paused_at=datetime(2026, 4, 14, 15, tzinfo=UTC))]},
    "a pause after the stop": {
        "pauses": [
            Pause(paused_at=datetime(2026, 4, 14, 18, tzinfo=UTC), resumed_at=datetime(2026, 4, 14, 18, 5, tzinfo=UTC))
        ]
    },
    "a pause ending before it began": {
        "pauses": [
            Pause(paused_at=datetime(2026, 4, 14, 16, tzinfo=UTC), resumed_at=datetime(2026, 4, 14, 15, 30, tzinfo=UTC))
        ]
    },
}


def test_a_recording_naming_no_sound_file_of_its_own_is_refused_on_save_and_in_a_bundle(tmp_path: Path) -> None:
    """No record can point the player, an export or a deletion at another file, whether saved here
    or arriving in a bundle (a damaged or hostile laptop holds a key too)."""
    shutil.copytree(V5 / "facilitator", tmp_path / "laptop")
    with opened(tmp_path / "laptop") as laptop:
        meeting = laptop.meeting(V5_RECORDED)
        (recording,) = meeting.recordings
        good = dataclasses.replace(recording, audio_file="recording-12.m4a", audio_seconds=600.0)
        assert validate_meeting(dataclasses.replace(meeting, recordings=[good])) == []
        for case, change in BAD_RECORDINGS.items():
            bad = dataclasses.replace(meeting, recordings=[dataclasses.replace(recording, **change)])
            (problem,) = validate_meeting(bad)
            assert problem.field == "recordings", case
            with pytest.raises(Invalid):
                laptop.save_meeting(bad)
            with pytest.raises(BundleRefused, match="Recording 1"):
                check_record(TYPES_BY_NAME["meetings"], to_document(bad), datetime(2026, 12, 5, tzinfo=UTC))
        assert laptop.meeting(V5_RECORDED).recordings == [recording]
