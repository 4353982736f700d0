"""A consent withdrawn on the laptop after its sound reached the coordinator in a recordings file
deletes the coordinator's copy with the laptop's next bundle: whether the laptop knew the
recording's length or not (the recordings import writes no record, so it makes no version of the
meeting to keep a name alive), and even when the coordinator edited the meeting meanwhile (the
conflict's other side still names the file: the withdrawal wins)."""

from __future__ import annotations

import dataclasses

import pytest

from exports.bundle.format import Audience
from exports.bundle.importer import Importer
from exports.bundle.writer import make_bundle
from exports.recordings import import_recordings_file, write_recordings_file
from facilitator.model import Presence
from storage.recordings import meeting_folder
from storage.withdrawn_consent import save_withdrawing
from tests.recordings_file_support import Pair, pair

__all__ = ["pair"]  # the fixture


@pytest.mark.parametrize("coordinator_edits", [False, True], ids=["alone", "coordinator-edit"])
def test_a_consent_withdrawn_on_the_laptop_deletes_the_imported_sound(pair: Pair, coordinator_edits: bool) -> None:
    assert pair.consented.recordings[1].audio_seconds is None  # the laptop never knew this one's length
    made = write_recordings_file(pair.laptop, pair.group.id, pair.folder)
    assert import_recordings_file(pair.coordinator, made).written == 2
    here = meeting_folder(pair.coordinator.workspace.folder, pair.consented.id)
    names = sorted(recording.audio_file for recording in pair.consented.recordings)
    assert sorted(path.name for path in here.iterdir()) == names
    if coordinator_edits:
        meeting = pair.coordinator.meeting(pair.consented.id)
        pair.coordinator.save_meeting(dataclasses.replace(meeting, conclusions="Koordinaattorin huomio."))
    present = [row for row in pair.laptop.attendance(pair.consented.id) if row.status is Presence.PRESENT]
    person = pair.laptop.person(present[0].person_id)
    _saved, deleted, _meetings = save_withdrawing(pair.laptop, dataclasses.replace(person, audio_consent=None))
    assert deleted >= 2  # this meeting's two, and any other recorded meeting the person attended

    bundle = make_bundle(pair.laptop, [pair.group], audience=Audience.COORDINATOR, to=pair.folder).path
    (report,) = Importer(pair.coordinator).import_files([bundle])

    assert report.ok, report.line()
    assert "2 sound files deleted" in report.line(), report.line()
    assert not here.exists()
    assert not [path for path in pair.coordinator.workspace.folder.rglob("recording-*") if path.is_file()]
    assert [recording.audio_file for recording in pair.coordinator.meeting(pair.consented.id).recordings] == ["", ""]
    if coordinator_edits:
        assert "conflict" in report.line(), report.line()
