"""Files a held meeting's recording refuses, before anything is copied in: a video (those present
consented to their voices, not their faces), a file holding under a second of sound, a file whose
name says it is no kind of sound file a recording can be; in storage and on the command line."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import pytest

from facilitator.audio.files import AUDIO_SUFFIXES
from facilitator.model import Meeting, MeetingStatus
from storage.recordings import RecordingRefused, attach_recording, attachable_seconds, meeting_folder
from storage.repository import Repository
from storage.workspace import Workspace
from tests.conftest import demo_clock, make_demo
from tests.test_cli import facilitator
from tests.test_recordings_storage import consented_meeting, write_sound


def write_video(path: Path, seconds: int = 2) -> Path:
    """A phone's video of the meeting: grey pictures (MPEG-4) and a tone (AAC) in an mp4."""
    import av

    rate = 8_000
    with av.open(str(path), "w") as container:
        video = container.add_stream("mpeg4", rate=10)
        video.width, video.height, video.pix_fmt = 64, 48, "yuv420p"  # type: ignore[union-attr]
        audio = container.add_stream("aac", rate=rate)
        audio.layout = "mono"  # type: ignore[union-attr]
        for index in range(seconds * 10):
            picture = av.VideoFrame(64, 48, "yuv420p")
            for plane in picture.planes:
                plane.update(bytes([128]) * plane.buffer_size)
            picture.pts, picture.time_base = index, Fraction(1, 10)
            container.mux(video.encode(picture))  # type: ignore[attr-defined]
        resampler = av.AudioResampler(format="fltp", layout="mono", rate=rate)
        for start in range(0, seconds * rate, 1024):
            frame = av.AudioFrame(format="s16", layout="mono", samples=1024)
            frame.planes[0].update(bytes(2048))
            frame.sample_rate, frame.pts = rate, start
            for converted in resampler.resample(frame):
                container.mux(audio.encode(converted))  # type: ignore[attr-defined]
        container.mux(video.encode(None))  # type: ignore[attr-defined]
        container.mux(audio.encode(None))  # type: ignore[attr-defined]
    return path


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[tuple[Repository, Meeting]]:
    folder = tmp_path / "demo"
    make_demo(folder, groups=1, years=1)
    with Workspace.open(folder, purpose="test") as workspace:
        repository = Repository(workspace, clock=demo_clock)
        yield repository, consented_meeting(repository)


def refusal(repository: Repository, meeting: Meeting, source: Path) -> str:
    with pytest.raises(RecordingRefused) as refused:
        attach_recording(repository, meeting.id, source, meeting.starts_at)
    assert not meeting_folder(repository.workspace.folder, meeting.id).exists(), "nothing copied in"
    assert repository.meeting(meeting.id).recordings == meeting.recordings
    return str(refused.value)


def test_a_video_is_refused_its_sound_alone_is_taken(demo: tuple[Repository, Meeting], tmp_path: Path) -> None:
    repository, meeting = demo
    video = write_video(tmp_path / "VID_0001.mp4")
    assert "is a video" in refusal(repository, meeting, video)
    assert "is a video" in refusal(repository, meeting, shutil.copyfile(video, tmp_path / "VID_0001.m4a"))
    # The same sound without the pictures is a recording like any phone's.
    assert attachable_seconds(repository, meeting.id, write_sound(tmp_path / "sound of it.m4a", 2)) > 1


def test_a_file_under_a_second_holds_no_sound(demo: tuple[Repository, Meeting], tmp_path: Path) -> None:
    repository, meeting = demo
    assert "holds no sound" in refusal(repository, meeting, write_sound(tmp_path / "empty.wav", 0.05))
    assert "holds no sound" in refusal(repository, meeting, write_sound(tmp_path / "click.wav", 0.4))
    assert attachable_seconds(repository, meeting.id, write_sound(tmp_path / "short.wav", 1.2)) == pytest.approx(1.2)


def test_a_name_that_is_no_kind_of_sound_file_is_refused(demo: tuple[Repository, Meeting], tmp_path: Path) -> None:
    repository, meeting = demo
    sound = write_sound(tmp_path / "sound.wav", 5)
    for name in ("Recording 14.03.2025", "recording", "notes.txt"):
        odd = shutil.copyfile(sound, tmp_path / name)
        message = refusal(repository, meeting, odd)
        assert name in message and all(suffix in message for suffix in AUDIO_SUFFIXES)
    upper = shutil.copyfile(sound, tmp_path / "MEMO.WAV")
    assert attach_recording(repository, meeting.id, upper, meeting.starts_at).recordings[-1].audio_file == (
        "recording-1.wav"
    )


def test_a_file_measured_before_attaching_is_not_read_again_but_the_meeting_is_checked_again(
    demo: tuple[Repository, Meeting], tmp_path: Path
) -> None:
    """The form and the command measure the file to ask about its fit; attaching then copies it as
    measured (a three-hour mp3 is read whole to measure it), while the meeting may have changed."""
    repository, meeting = demo
    source = write_sound(tmp_path / "Voice 002.wav", 3)
    seconds = attachable_seconds(repository, meeting.id, source)
    source.write_bytes(b"not read again")
    saved = attach_recording(repository, meeting.id, source, meeting.starts_at, seconds)
    assert saved.recordings[-1].audio_seconds == seconds
    copied = meeting_folder(repository.workspace.folder, meeting.id) / saved.recordings[-1].audio_file
    assert copied.read_bytes() == b"not read again"

    later = next(found for found in repository.meetings(meeting.group_id) if found.status is not MeetingStatus.HELD)
    with pytest.raises(RecordingRefused, match="attached to a held meeting"):
        attach_recording(repository, later.id, write_sound(tmp_path / "later.wav", 2), later.starts_at, 2.0)
    assert not meeting_folder(repository.workspace.folder, later.id).exists(), "the copy is taken back"


@pytest.mark.processes
def test_the_command_tells_each_refusal_and_copies_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    make_demo(folder, groups=1, years=1)
    with Workspace.open(folder, purpose="test") as workspace:
        meeting = consented_meeting(Repository(workspace, clock=demo_clock))
    sound = write_sound(tmp_path / "sound.wav", 5)
    files = {
        "is a video": write_video(tmp_path / "clip.mp4"),
        "holds no sound": write_sound(tmp_path / "click.wav", 0.4),
        "is not a kind of sound file": shutil.copyfile(sound, tmp_path / "Recording 14.03.2025"),
    }
    for told, path in files.items():
        result = facilitator(
            "--lang", "en", "--workspace", folder, "recording", "attach", meeting.id, path, "--start", "18:00", "--yes"
        )
        assert result.returncode == 1 and told in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert not meeting_folder(folder, meeting.id).exists()
