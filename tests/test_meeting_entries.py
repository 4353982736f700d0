"""A held meeting's entries: their rows and the line saying what sound the meeting holds, from
hand-made records; then the screen through the real app on the demo network — reached from the
history and from the after-meeting dialog, an entry's moment played through a real player into the
test's own sound server (or the clear notice where no sound output answers), and stopped."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from facilitator.app import make_app
from facilitator.audio.synthetic import write_synthetic_recording
from facilitator.meeting_entries import (
    entry_cells,
    entry_details,
    playback_refusal,
    playing_line,
    read_clock,
    sound_line,
)
from facilitator.model import Group, Meeting, MeetingStatus, MemoEntry, MemoKind, Recording
from facilitator.recordings import LEAD_SECONDS
from screens.after_meeting import AfterMeetingScreen
from screens.help import HelpScreen
from screens.meeting_entries import MeetingEntriesScreen
from screens.widgets.record_table import RecordTable
from storage.recordings import meeting_folder
from storage.repository import Repository
from storage.workspace import Workspace
from tests.conftest import demo_clock, reopen
from tests.sound_server import sound_server  # noqa: F401 - the fixture of the playing test
from tests.test_history import open_history

SIZE = (80, 24)
ZONE = "Europe/Helsinki"
HELSINKI = ZoneInfo(ZONE)
DAY = date(2026, 11, 10)


def mm_ss(seconds: int) -> str:
    """Minutes and seconds as the entries show an offset: ``12:31``, ``98:40``, ``00:20``."""
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def at(clock: str) -> datetime:
    hours, minutes, *seconds = (int(part) for part in clock.split(":"))
    return datetime.combine(DAY, time(hours, minutes, *seconds), HELSINKI).astimezone(UTC)


def held(*recordings: Recording) -> Meeting:
    return Meeting(
        group_id="g",
        starts_at=at("19:00"),
        ends_at=at("21:00"),
        status=MeetingStatus.HELD,
        started_at=at("19:00"),
        recordings=list(recordings),
    )


def typed(meeting: Meeting, clock: str, text: str = "said", offset: int | None = None, **fields: Any) -> MemoEntry:
    return MemoEntry(
        meeting_id=meeting.id, group_id="g", text=text, written_at=at(clock), recording_offset=offset, **fields
    )


EVENING = Recording(started_at=at("19:02"), stopped_at=at("20:41"), audio_file="recording-1.opus", audio_seconds=5920.0)


# -- words from hand-made records -------------------------------------------------------------------


def test_the_top_line_says_what_sound_the_meeting_holds() -> None:
    assert sound_line(held(), ZONE, set(), "a") == "Not recorded. a attaches a file."
    assert sound_line(held(), ZONE, set(), "") == "Not recorded.", "no key named: none attaches"
    assert sound_line(held(), ZONE, set(), "", ["Emma Forsman", "Ida Holmström"]) == (
        "Not recorded. No sound may be kept: Emma Forsman, Ida Holmström did not consent."
    )
    marks = Recording(started_at=at("19:02"), stopped_at=at("20:41"))
    assert sound_line(held(marks), ZONE, set(), "a") == "Recording marks only: no sound held here. a attaches a file."
    assert sound_line(held(EVENING), ZONE, {"recording-1.opus"}, "a") == "Recorded 19:02–20:41, 1 file, 98:40."
    assert sound_line(held(EVENING), ZONE, set(), "a") == (
        "Recorded 19:02–20:41. The sound is on the facilitator's laptop, not here."
    ), "named in the meeting, not in this workspace: a coordinator's before the recordings file"
    later = Recording(started_at=at("20:50"), stopped_at=at("21:00"), audio_file="recording-2.m4a", audio_seconds=600.0)
    assert sound_line(held(EVENING, later), ZONE, {"recording-1.opus"}, "a") == (
        "Recorded 19:02–21:00, 1 file, 98:40. 1 more file is on the facilitator's laptop, not here."
    )
    # A second file attached, in the order the files start: the first one still runs to the end.
    short = Recording(started_at=at("19:30"), stopped_at=at("19:31"), audio_file="recording-2.wav", audio_seconds=30.0)
    both = held(EVENING, short)
    assert sound_line(both, ZONE, {"recording-1.opus", "recording-2.wav"}, "a") == (
        "Recorded 19:02–20:41, 2 files, 99:10."
    )
    running = Recording(started_at=at("20:50"))
    assert sound_line(held(EVENING, running), ZONE, {"recording-1.opus"}, "a").startswith("Recorded from 19:02, ")


def test_an_entry_s_row_has_its_time_its_moment_as_minutes_and_seconds_its_kind_and_text() -> None:
    meeting = held(EVENING)
    inside = typed(meeting, "19:14:33", "Anna asks about  the\nprice list", offset=751, kind=MemoKind.DECISION)
    assert entry_cells(meeting, inside, ZONE) == ("19:14", "12:31", "decision", "Anna asks about the price list")
    late = typed(meeting, "20:45", offset=None)
    assert entry_cells(meeting, late, ZONE)[1] == "", "typed after the recording stopped: no moment"
    assert entry_cells(held(), late, ZONE)[1] == ""
    marks_only = held(Recording(started_at=at("19:02"), stopped_at=at("20:41")))
    assert entry_cells(marks_only, typed(marks_only, "19:14:33", offset=751), ZONE)[1] == "", "no sound held"

    details = entry_details(meeting, dataclasses.replace(inside, codes=["PS", "RI"]), ZONE)
    assert details == "19:14 · 12:31 into the recording · decision · PS RI\nAnna asks about  the\nprice list"
    assert entry_details(meeting, None, ZONE) == "No memo entry was written in this meeting."


def test_playing_is_refused_with_the_reason_when_the_moment_is_not_here() -> None:
    meeting = held(EVENING)
    here = {"recording-1.opus"}
    assert playback_refusal(meeting, typed(meeting, "19:14:33", offset=751), here) is None
    assert playback_refusal(meeting, typed(meeting, "20:45"), here) == "This entry has no moment in the recording."
    assert playback_refusal(meeting, typed(meeting, "19:14:33", offset=751), set()) == (
        "The sound of this recording is on the facilitator's laptop, not here."
    )
    assert playback_refusal(held(), typed(meeting, "19:14"), here) == "This meeting was not recorded."
    assert playing_line(751.6) == "▶ playing 12:31" and playing_line(None) == ""


def test_a_start_time_is_read_with_or_without_seconds_and_either_separator() -> None:
    assert read_clock("19:02") == time(19, 2)
    assert read_clock(" 19.02.30 ") == time(19, 2, 30)
    assert read_clock("7:05:09") == time(7, 5, 9)
    for wrong in ("", "19", "25:00", "19:60", "19:02:61", "seven"):
        assert read_clock(wrong) is None, wrong


# -- the screen on the demo network ------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class SoundMeeting:
    group: Group
    meeting: Meeting
    entries: list[MemoEntry]

    @property
    def with_moment(self) -> MemoEntry:
        """An entry whose moment is well into the sound (playing starts a few seconds before it)."""
        return next(entry for entry in self.entries if (entry.recording_offset or 0) > 2 * LEAD_SECONDS)

    @property
    def without_moment(self) -> MemoEntry:
        return next(entry for entry in self.entries if entry.recording_offset is None)


def sound_meeting(folder: Path) -> SoundMeeting:
    """The demo's latest held meeting that holds its sound, the file written here when the demo has
    not written it (made up, as the demo makes it)."""
    repository = reopen(folder)
    try:
        return sound_meeting_of(repository)
    finally:
        repository.workspace.close()


def sound_meeting_of(repository: Repository) -> SoundMeeting:
    for group in repository.groups():
        for meeting in reversed(repository.meetings(group.id)):
            if meeting.status is MeetingStatus.HELD and any(r.has_audio for r in meeting.recordings):
                for recording in meeting.recordings:
                    path = meeting_folder(repository.workspace.folder, meeting.id) / recording.audio_file
                    if recording.has_audio and not path.is_file():
                        path.parent.mkdir(parents=True, exist_ok=True)
                        write_synthetic_recording(path, recording.audio_seconds or 150.0, seed=1)
                return SoundMeeting(group, meeting, repository.memo(meeting.id))
    raise AssertionError("the demo holds no recorded meeting with its sound")


def rows(screen: MeetingEntriesScreen) -> list[list[str]]:
    table = screen.query_one("#entries", RecordTable)
    return [[str(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]


def text_of(screen: MeetingEntriesScreen, selector: str) -> str:
    return str(screen.query_one(selector).render())


def select(screen: MeetingEntriesScreen, entry: MemoEntry) -> None:
    table = screen.query_one("#entries", RecordTable)
    table.move_cursor(row=table.get_row_index(entry.id))


async def open_entries(pilot: Any, found: SoundMeeting) -> MeetingEntriesScreen:
    app = pilot.app
    screen = MeetingEntriesScreen(app.repository, found.group, found.meeting)
    await app.push_screen(screen)
    await pilot.pause()
    return screen


@pytest.mark.app
async def test_the_history_opens_a_meeting_s_entries_with_their_moments(demo_path: Path) -> None:
    found = sound_meeting(demo_path)
    recording = next(r for r in found.meeting.recordings if r.has_audio)
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        history = await open_history(pilot, found.group.id)
        table = history.query_one("#history-meetings", RecordTable)
        table.move_cursor(row=table.get_row_index(found.meeting.id))
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingEntriesScreen) and screen.meeting.id == found.meeting.id
        shown = rows(screen)
        assert len(shown) == len(found.entries), "every entry of the meeting, in the order written"
        for row, entry in zip(shown, found.entries, strict=True):
            local = entry.written_at.astimezone(ZoneInfo(found.group.time_zone))
            assert row[0] == f"{local:%H:%M}"
            assert row[1] == ("" if entry.recording_offset is None else mm_ss(entry.recording_offset))
            assert row[2] == entry.kind.label
        assert any(row[1] for row in shown) and any(not row[1] for row in shown)
        length = mm_ss(round(recording.audio_seconds or 0))
        assert text_of(screen, "#entries-sound").startswith("Recorded ")
        assert text_of(screen, "#entries-sound").endswith(f", 1 file, {length}.")
        assert screen.query_one("#entries").has_focus

        select(screen, found.with_moment)
        await pilot.pause()
        details = text_of(screen, "#entry-details")
        assert f"{mm_ss(found.with_moment.recording_offset or 0)} into the recording" in details
        assert details.endswith(found.with_moment.text), "the selected entry whole, below the table"

        select(screen, found.without_moment)
        await pilot.press("p")
        await pilot.pause()
        assert "This entry has no moment in the recording." in [n.message for n in app._notifications]
        assert not text_of(screen, "#entries-playing")

        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is history


@pytest.mark.app
async def test_e_in_the_after_meeting_dialog_opens_the_entries_and_esc_comes_back(demo_path: Path) -> None:
    found = sound_meeting(demo_path)
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        after = AfterMeetingScreen(app.repository, found.group, found.meeting)
        app.push_screen(after)
        await pilot.pause()
        assert "e  The meeting's entries and recording" in [
            str(option.prompt) for option in after.query_one("#after-choices").options
        ]
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, MeetingEntriesScreen) and app.screen.meeting.id == found.meeting.id
        assert len(rows(app.screen)) == len(found.entries)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is after


async def wait_for(condition: Any, seconds: float = 10.0) -> None:
    for _attempt in range(int(seconds / 0.02)):
        if condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("waited in vain")


@pytest.mark.app
@pytest.mark.processes  # the sound server
async def test_p_plays_the_entry_s_moment_from_a_few_seconds_before_and_s_stops(
    demo_path: Path,
    sound_server: Any,  # noqa: F811 - the fixture imported above
) -> None:
    found = sound_meeting(demo_path)
    entry = found.with_moment
    offset = entry.recording_offset or 0
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_entries(pilot, found)
        select(screen, entry)
        await pilot.press("p")
        await pilot.pause()
        player = app.player
        assert player.playing, [n.message for n in app._notifications]
        position = player.position
        assert position is not None and offset - LEAD_SECONDS <= position < offset - LEAD_SECONDS + 3
        await wait_for(lambda: text_of(screen, "#entries-playing").startswith("▶ playing "))
        await wait_for(lambda: (player.position or 0) > offset - LEAD_SECONDS + 0.3)  # it goes on playing
        await pilot.press("s")
        await pilot.pause()
        assert not player.playing and player.position is None
        assert not text_of(screen, "#entries-playing")
        assert screen.query_one("#entries-playing").display, "its row kept: the table does not jump"

        await pilot.press("space")  # the other key plays too; leaving the screen stops it
        await pilot.pause()
        assert player.playing
        await pilot.press("escape")
        await pilot.pause()
        assert not player.playing


@pytest.mark.app
async def test_without_a_sound_output_playing_says_so_and_nothing_breaks(
    demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PULSE_SERVER", f"unix:{demo_path}/no-sound-server")  # none answers there
    found = sound_meeting(demo_path)
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_entries(pilot, found)
        select(screen, found.with_moment)
        await pilot.press("p")
        await pilot.pause()
        if app.player.playing:
            pytest.skip("this machine has a sound output of its own: the notice is not given")
        errors = [note for note in app._notifications if note.severity == "error"]
        assert [note.title for note in errors] == ["Not played"] and errors[0].message
        assert not text_of(screen, "#entries-playing")
        await pilot.press("down", "x", "escape")
        await pilot.pause()
        assert not isinstance(app.screen, MeetingEntriesScreen)


@pytest.mark.app
async def test_a_file_named_but_not_here_is_told_and_not_played(demo_path: Path) -> None:
    found = sound_meeting(demo_path)
    for path in meeting_folder(demo_path, found.meeting.id).iterdir():
        path.unlink()  # as on the coordinator's laptop before the recordings file is imported
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_entries(pilot, found)
        assert text_of(screen, "#entries-sound").endswith("The sound is on the facilitator's laptop, not here.")
        assert rows(screen)[found.entries.index(found.with_moment)][1] == mm_ss(found.with_moment.recording_offset or 0)
        select(screen, found.with_moment)
        await pilot.press("p")
        await pilot.pause()
        assert "The sound of this recording is on the facilitator's laptop, not here." in [
            note.message for note in app._notifications
        ]
        assert app._player is None, "no sound library loaded for nothing"


@pytest.mark.app
async def test_a_meeting_recorded_in_the_app_names_no_attach_key_in_its_help_and_home_end_move(
    demo_path: Path,
) -> None:
    found = sound_meeting(demo_path)
    assert any(r.has_audio and not r.attached for r in found.meeting.recordings), "recorded in the app"
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_entries(pilot, found)
        assert not screen.check_action("attach", ())
        about = screen.current_help()
        assert "attaches a recording" not in about
        assert about.endswith("No recording can be attached to this meeting: its sound was recorded in the app.")

        table = screen.query_one("#entries", RecordTable)
        assert table.row_count > 2 and table.cursor_row == 0
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_row == table.row_count - 1
        await pilot.press("home")
        await pilot.pause()
        assert table.cursor_row == 0
