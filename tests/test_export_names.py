"""File names that tell exports apart and the times a user reads: two meetings of a group on one
day get papers of their own; a re-print replaces its own file and says so; a file of another
meeting written over is announced; bundle and key files carry the group's local time and are
never written over; the command line says when a bundle was imported in the group's local time."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from exports.bundle.importer import Importer, ImportStatus
from exports.bundle.keys import issue_keys, read_key_request, write_key_request
from exports.bundle.writer import make_bundle
from exports.meeting_files import MEETING_FILES, write_meeting_file
from exports.summary_files import write_summary_file, write_website_file
from facilitator.model import Group, Meeting, MeetingStatus, Person
from storage.repository import Repository
from storage.workspace import Workspace, WorkspaceRole
from tests.processes import REPO_ROOT
from tests.sync_support import opened, share_keys
from tests.test_cli import facilitator
from tests.test_summary_pdf import DAY, Held, held_meeting

HELSINKI = ZoneInfo("Europe/Helsinki")
#: Half past eleven at night in UTC is already the next day in Helsinki.
LATE_EVENING_UTC = datetime(2026, 12, 8, 23, 30, tzinfo=UTC)


def _held_the_same_day(repository: Repository, held: Held, at: time, conclusion: str) -> Meeting:
    """Another meeting of ``held``'s group on the same day, held too."""
    starts = datetime.combine(DAY, at, HELSINKI).astimezone(UTC)
    ends = starts + timedelta(hours=2)
    return repository.save_meeting(
        Meeting(
            group_id=held.group.id,
            starts_at=starts,
            ends_at=ends,
            status=MeetingStatus.HELD,
            host_id=held.people[1].id,
            started_at=starts,
            closed_at=ends,
            conclusions=f"- {conclusion}",
        )
    )


def _two_meetings_one_day(folder: Path) -> tuple[str, str]:
    """Inari's meeting held on 8 Dec 2026 at 17:30 and another held at 12:00 that day: their ids."""
    with Workspace.open(folder, purpose="test") as workspace:
        repository = Repository(workspace)
        held = held_meeting(repository)
        morning = _held_the_same_day(repository, held, time(12), "The morning session chose the van's route")
        return morning.id, held.meeting.id


def _every_paper(repository: Repository, meeting: Meeting) -> list[Path]:
    """Every file the app and the commands write for a held meeting."""
    papers = [write_summary_file(repository, meeting, variant) for variant in ("participants", "record")]
    papers += write_website_file(repository, meeting)
    return papers + [write_meeting_file(repository, meeting, kind) for kind in MEETING_FILES]


@pytest.mark.processes
def test_two_meetings_of_a_group_on_one_day_get_their_own_summaries_from_the_command_line(
    tmp_path: Path, exports_folder: Path
) -> None:
    folder = tmp_path / "workspace"
    morning, evening = _two_meetings_one_day(folder)
    written = {}
    for meeting in (morning, evening):
        result = facilitator("export", "summary", meeting[:8], "--workspace", folder)
        assert result.returncode == 0 and result.stderr == "", result.stderr
        written[meeting] = Path(result.stdout.strip())
    assert written[morning].name == "inari-peer-group-summary-2026-12-08-1200.pdf"
    assert written[evening].name == "inari-peer-group-summary-2026-12-08-1730.pdf"
    assert sorted(exports_folder.iterdir()) == sorted(written.values())


def test_every_paper_of_two_meetings_on_one_day_is_kept_and_a_day_alone_keeps_its_short_name(
    tmp_path: Path, exports_folder: Path
) -> None:
    folder = tmp_path / "workspace"
    morning_id, evening_id = _two_meetings_one_day(folder)
    with Workspace.open(folder, purpose="test") as workspace:
        repository = Repository(workspace)
        morning, evening = repository.meeting(morning_id), repository.meeting(evening_id)
        morning_papers, evening_papers = _every_paper(repository, morning), _every_paper(repository, evening)
        following = next(
            meeting for meeting in repository.meetings(evening.group_id) if meeting.starts_at > evening.starts_at
        )
        alone = write_meeting_file(repository, following, "agenda")
    assert [path.name for path in morning_papers] == [
        "inari-peer-group-summary-2026-12-08-1200.pdf",
        "inari-peer-group-record-2026-12-08-1200.pdf",
        "inari-peer-group-website-2026-12-08-1200.md",
        "inari-peer-group-website-2026-12-08-1200.txt",
        "inari-peer-group-agenda-2026-12-08-1200.pdf",
        "inari-peer-group-signin-2026-12-08-1200.pdf",
        "inari-peer-group-feedback-2026-12-08-1200.pdf",
    ]
    assert [path.name.replace("-1730", "-1200") for path in evening_papers] == [path.name for path in morning_papers]
    assert alone.name == "inari-peer-group-agenda-2027-01-12.pdf"
    assert sorted(exports_folder.iterdir()) == sorted([*morning_papers, *evening_papers, alone])
    assert "morning session" in morning_papers[2].read_text(encoding="utf-8")
    assert "morning session" not in evening_papers[2].read_text(encoding="utf-8")


def test_two_meetings_starting_at_the_same_minute_are_told_apart_by_their_ids(tmp_path: Path) -> None:
    with Workspace.open(tmp_path / "workspace", purpose="test") as workspace:
        repository = Repository(workspace)
        held = held_meeting(repository)
        twin = _held_the_same_day(repository, held, time(17, 30), "A second room met at the same time")
        names = {meeting.id: write_summary_file(repository, meeting).name for meeting in (held.meeting, twin)}
    for meeting_id, name in names.items():
        assert name == f"inari-peer-group-summary-2026-12-08-1730-{meeting_id[:8]}.pdf"


@pytest.mark.processes
def test_a_re_print_replaces_its_own_file_and_a_file_of_another_meeting_written_over_is_announced(
    tmp_path: Path, exports_folder: Path
) -> None:
    folder = tmp_path / "workspace"
    _morning, evening = _two_meetings_one_day(folder)
    first = facilitator("export", "summary", evening, "--workspace", folder)
    again = facilitator("export", "summary", evening, "--workspace", folder)
    assert again.returncode == 0 and again.stdout == first.stdout, "stdout stays the path alone, for scripts"
    assert again.stderr.strip() == "The earlier file inari-peer-group-summary-2026-12-08-1730.pdf was replaced."
    assert [path.name for path in exports_folder.iterdir()] == ["inari-peer-group-summary-2026-12-08-1730.pdf"]

    # The next meeting's agenda is printed; then that meeting moves a day, and another takes its day.
    with Workspace.open(folder, purpose="test") as workspace:
        repository = Repository(workspace)
        following = next(
            meeting
            for meeting in repository.meetings(repository.meeting(evening).group_id)
            if meeting.status is MeetingStatus.PLANNED
        )
        printed = write_meeting_file(repository, following, "agenda")
        moved = repository.save_meeting(
            dataclasses.replace(
                following,
                starts_at=following.starts_at + timedelta(days=1),
                ends_at=following.ends_at + timedelta(days=1),
            )
        )
    result = facilitator("export", "agenda", moved.id, "--workspace", folder)
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()).name == "inari-peer-group-agenda-2027-01-13.pdf"
    assert result.stderr == "", "a new name replaces nothing"
    with Workspace.open(folder, purpose="test") as workspace:
        repository = Repository(workspace)
        other = repository.save_meeting(
            Meeting(group_id=following.group_id, starts_at=following.starts_at, ends_at=following.ends_at)
        )
    result = facilitator("export", "agenda", other.id, "--workspace", folder)
    assert Path(result.stdout.strip()) == printed
    assert result.stderr.strip() == f"The earlier file {printed.name} was replaced."


def late_evening() -> datetime:
    """A clock that says the same moment, LATE_EVENING_UTC, for every save and file."""
    return LATE_EVENING_UTC


def test_bundle_and_key_files_carry_the_group_s_local_time_and_are_never_written_over(tmp_path: Path) -> None:
    keys = tmp_path / "keys"
    with (
        opened(tmp_path / "coordinator", WorkspaceRole.COORDINATOR, late_evening) as coordinator,
        opened(tmp_path / "laptop", clock=late_evening) as laptop,
    ):
        group = laptop.save_group(Group(name="Utsjoki peer group"))
        laptop.save_person(Person(group_id=group.id, name="Anna Aikio", research_consent=date(2025, 1, 10)))
        share_keys(coordinator, [laptop], keys)
        assert sorted(path.name for path in keys.iterdir()) == [
            "utsjoki-peer-group-key-request-2026-12-09.mekeyrequest",
            "utsjoki-peer-group-keys-2026-12-09.mekey",
        ]
        again = issue_keys(coordinator, read_key_request(write_key_request(laptop, [group], keys)), keys)
        assert again.path.name == "utsjoki-peer-group-keys-2026-12-09-2.mekey"
        assert len(list(keys.iterdir())) == 4, "a file to send is never written over"

        bundles = tmp_path / "bundles"
        bundles.mkdir()
        first = make_bundle(laptop, [group], to=bundles).path
        second = make_bundle(laptop, [group], full=True, to=bundles).path
        assert first.name == "utsjoki-peer-group-bundle-for-coordinator-2026-12-09-013000.mebundle"
        assert second.name == "utsjoki-peer-group-bundle-for-coordinator-2026-12-09-013000-2.mebundle"


@pytest.mark.processes
def test_the_command_line_says_when_a_bundle_was_imported_in_the_group_s_local_time(tmp_path: Path) -> None:
    with (
        opened(tmp_path / "coordinator", WorkspaceRole.COORDINATOR, late_evening) as coordinator,
        opened(tmp_path / "laptop", clock=late_evening) as laptop,
    ):
        group = laptop.save_group(Group(name="Utsjoki peer group"))
        share_keys(coordinator, [laptop], tmp_path / "keys")
        bundle = make_bundle(laptop, [group], to=tmp_path).path
        assert Importer(coordinator).import_file(bundle).status is ImportStatus.IMPORTED
    # The system's clock says UTC, as on a server; the group meets in Helsinki.
    again = facilitator("import", bundle, "--workspace", tmp_path / "coordinator", env={"TZ": "UTC"})
    assert again.returncode == 0, again.stderr
    assert "already imported on Wed 9 Dec 2026" in again.stdout


@pytest.mark.processes
def test_the_lock_s_holder_is_named_with_the_system_s_local_time() -> None:
    """A lock belongs to no group: its time is the laptop's own."""
    script = (
        "from storage.lock import describe_holder; "
        "print(describe_holder("
        "{'purpose': 'app', 'pid': 42, 'host': 'laptop-7', 'since': '2026-12-08T23:30:00+00:00'}"
        "))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "TZ": "Europe/Helsinki", "LANGUAGE": "en"},
        timeout=60,
    )
    assert result.stdout.strip() == "the app (process 42 on laptop-7, since Wed 9 Dec 2026 01:30)", result.stderr
