"""``facilitator recording attach`` and ``recording list`` as a user or a script meets them."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from facilitator.local_time import local_moment
from facilitator.model import Meeting
from storage.reading import read_workspace
from storage.recordings import meeting_folder
from storage.repository import Repository
from storage.workspace import Workspace
from tests.conftest import demo_clock, make_demo
from tests.test_cli import facilitator, one_line_error
from tests.test_recordings_storage import consented_meeting, held_meetings, missing_consent, write_sound

pytestmark = pytest.mark.processes


def demo_with_consent(folder: Path) -> tuple[Meeting, str]:
    """A demo workspace with one held meeting whose attendees all consented; and its group's name."""
    make_demo(folder, groups=1, years=1)
    with Workspace.open(folder, purpose="test") as workspace:
        repository = Repository(workspace, clock=demo_clock)
        meeting = consented_meeting(repository)
        return meeting, repository.group(meeting.group_id).name


def clock_of(meeting: Meeting, folder: Path, shift: timedelta) -> str:
    """The clock time, on the group's clocks, ``shift`` after the first memo entry of the meeting."""

    def first_entry(repository: Repository) -> datetime:
        zone = repository.group(meeting.group_id).time_zone
        return local_moment(repository.memo(meeting.id)[0].written_at + shift, zone)

    return read_workspace(folder, first_entry).strftime("%H:%M:%S")


def memo_seconds(meeting: Meeting, folder: Path) -> float:
    """From the meeting's first memo entry to its last."""

    def span(repository: Repository) -> float:
        entries = repository.memo(meeting.id)
        return (entries[-1].written_at - entries[0].written_at).total_seconds()

    return read_workspace(folder, span)


def test_a_file_that_fits_is_attached_without_asking_and_listed(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    meeting, group = demo_with_consent(folder)
    seconds = round(memo_seconds(meeting, folder)) + 600
    sound = write_sound(tmp_path / "Phone recording.wav", seconds)
    start = clock_of(meeting, folder, -timedelta(minutes=5))

    attached = facilitator(
        "--lang", "en", "--workspace", folder, "recording", "attach", meeting.id, sound, "--start", start
    )

    assert attached.returncode == 0, attached.stderr
    length = f"{seconds // 60:02d}:{seconds % 60:02d}"
    assert f"Attached recording-1.wav ({length})" in attached.stdout and group in attached.stdout
    assert "memo entries have their moment in the sound" in attached.stdout
    assert (meeting_folder(folder, meeting.id) / "recording-1.wav").read_bytes() == sound.read_bytes()

    listed = facilitator("--lang", "en", "--workspace", folder, "recording", "list", "--group", group)
    assert listed.returncode == 0, listed.stderr
    (line,) = [line for line in listed.stdout.splitlines() if "recording-1.wav" in line]
    assert group in line and length in line and str(meeting_folder(folder, meeting.id)) in line

    # A second file, begun after the last entry: the entries keep their moments in the first.
    later = write_sound(tmp_path / "Phone, part 2.wav", 60)
    after = clock_of(meeting, folder, timedelta(seconds=memo_seconds(meeting, folder) + 60))
    second = facilitator(
        "--lang", "en", "--workspace", folder, "recording", "attach", meeting.id, later, "--start", after, "--yes"
    )
    assert second.returncode == 0, second.stderr
    assert "Attached recording-2.wav" in second.stdout
    assert "0 memo entries have their moment in the sound." in second.stdout


def test_a_file_that_does_not_fit_is_questioned_and_needs_yes_without_a_terminal(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    meeting, _group = demo_with_consent(folder)
    sound = write_sound(tmp_path / "late.mp3", 120)
    start = clock_of(meeting, folder, timedelta(minutes=1))
    arguments = ["--lang", "en", "--workspace", folder, "recording", "attach", meeting.id, sound, "--start", start]

    asked = facilitator(*arguments)
    assert "add --yes" in one_line_error(asked, 1)
    assert "typed before the file started" in asked.stdout
    assert not meeting_folder(folder, meeting.id).exists()

    forced = facilitator(*arguments, "--yes")
    assert forced.returncode == 0, forced.stderr
    assert (meeting_folder(folder, meeting.id) / "recording-1.mp3").is_file()


def test_refusals_are_one_clear_line(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    make_demo(folder, groups=1, years=1)
    with Workspace.open(folder, purpose="test") as workspace:
        repository = Repository(workspace, clock=demo_clock)
        unconsented = next(meeting for meeting in held_meetings(repository) if missing_consent(repository, meeting))
        names = missing_consent(repository, unconsented)
    sound = write_sound(tmp_path / "a.wav", 60)
    base = ["--lang", "en", "--workspace", folder, "recording", "attach"]

    refused = one_line_error(facilitator(*base, unconsented.id, sound, "--start", "18:00", "--yes"), 1)
    assert "consented" in refused and names[0] in refused
    assert "clock time" in one_line_error(facilitator(*base, unconsented.id, sound, "--start", "25:61"), 2)
    assert "--start" in one_line_error(facilitator(*base, unconsented.id, sound), 2)
    assert "needs --group" in one_line_error(facilitator(*base, "last", sound, "--start", "18:00"), 2)
