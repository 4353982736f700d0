"""The sealed recordings file's tests' own parts: real sound files made with PyAV, the demo laptop
with recorded meetings of its first group, and the coordinator holding the group's bundle."""

from __future__ import annotations

import dataclasses
import random
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from fractions import Fraction
from pathlib import Path

import av
import pytest

from exports.bundle.format import Audience
from exports.bundle.importer import Importer
from exports.bundle.writer import make_bundle
from facilitator.checkin import checkin_rows, consent_given, new_guest
from facilitator.local_time import local_day
from facilitator.model import Group, Meeting, MeetingStatus, Recording
from storage.recordings import new_recording_path
from storage.repository import Repository
from storage.workspace import WorkspaceRole
from tests.conftest import make_demo
from tests.sync_support import opened, share_keys


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


def archive_member(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name)


def rewritten(path: Path, target: Path, change: dict[str, bytes]) -> Path:
    """A copy of the recordings file with members replaced (same names, new bytes)."""
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as copy:
        for info in source.infolist():
            copy.writestr(info, change.get(info.filename, source.read(info.filename)))
    return target
