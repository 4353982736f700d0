"""A whole meeting through the real app: check-in, the consent gate, the clock through the agenda,
entries of every kind with codes and mentions, an edit, a tag after the fact, and closing."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, TextArea

from facilitator.app import make_app
from facilitator.live import actual_minutes
from facilitator.lookup import next_meeting
from facilitator.model import Meeting, MeetingStatus, MemoKind, Presence
from screens.checkin import CheckinScreen
from screens.close_meeting import CloseMeetingScreen
from screens.consent_gate import ConsentGate
from screens.live import LiveScreen
from screens.memo_line import MemoLineScreen
from screens.widgets.clock_bar import ClockBar
from screens.widgets.memo_log import MemoLog
from storage.workspace import Workspace
from tests.conftest import MovingClock, demo_clock, reopen

pytestmark = pytest.mark.app

SIZE = (80, 24)


def first_group_meeting(folder: Path) -> tuple[str, Meeting]:
    """The first group on the home screen and its next meeting after the demo day."""
    repository = reopen(folder)
    try:
        group = repository.groups()[0]
        return group.name, next_meeting(repository.meetings(group.id), demo_clock())
    finally:
        repository.workspace.close()


async def type_line(pilot, text: str, *, saved: bool = True) -> None:
    """Type a line (as the time goes by: half a minute a line), press Enter, and check that the
    input was cleared (saved) or kept the line (refused)."""
    clock = pilot.app.repository._clock
    if isinstance(clock, MovingClock):
        clock.advance(seconds=30)
    line = pilot.app.screen.query_one("#memo-line", Input)
    line.value = text
    line.cursor_position = len(text)
    await pilot.press("enter")
    await pilot.pause()
    assert line.value == ("" if saved else text), [note.message for note in pilot.app._notifications]


async def open_live(pilot) -> LiveScreen:
    await pilot.pause()
    await pilot.press("m")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, LiveScreen)
    return screen


async def test_a_whole_meeting(demo_path: Path) -> None:
    _name, meeting = first_group_meeting(demo_path)
    clock = MovingClock(meeting.starts_at - timedelta(minutes=10))
    app = make_app(Workspace.open(demo_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        live = await open_live(pilot)
        people = live.repository.people(meeting.group_id)
        names = {person.id: person.name for person in people}

        # Check-in: three present, one sends apologies, a guest.
        await pilot.press("f4")
        await pilot.pause()
        checkin = pilot.app.screen
        assert isinstance(checkin, CheckinScreen)
        for key in ("p", "down", "p", "down", "p", "down", "a"):
            await pilot.press(key)
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        pilot.app.screen.query_one("#input-guest_name", Input).value = "Sara Gäst"
        pilot.app.screen.query_one("#input-guest_organisation", Input).value = "Sparbanken"
        await pilot.press("ctrl+s")
        await pilot.pause()
        counts = str(checkin.query_one("#checkin-counts").render())
        assert "present 3 · apologies 1" in counts and "guests 1" in counts
        await pilot.press("escape")
        await pilot.pause()
        assert "present 3" in live.query_one(ClockBar).counts

        # The recording waits until everyone present has consented.
        await pilot.press("f6")
        await pilot.pause()
        gate = pilot.app.screen
        assert isinstance(gate, ConsentGate)
        waiting = gate.query_one(DataTable).row_count
        assert waiting >= 1  # the guest at least has not consented before
        assert live.meeting.recording is None
        for _ in range(waiting):
            await pilot.press("c")
            await pilot.pause()
        assert pilot.app.screen is live
        assert live.meeting.recording is not None

        # The clock: the first item runs over (20 minutes, then 6 lines at half a minute each).
        await pilot.press("f5")
        await pilot.pause()
        clock.advance(minutes=20)
        live._tick()
        await pilot.pause()
        bar = live.query_one(ClockBar)
        assert bar.has_class("-over") and "5 min over" in str(bar.render())

        # Entries of every kind, with codes and mentions.
        member = next(
            person for person in people if person.id in {r.person.id for r in live._rows() if r.person and r.present}
        )
        first_name = member.name  # the first name alone may be shared
        await type_line(pilot, f"Talked about winter tourism with @{first_name} #SE #ps")
        await type_line(pilot, "!d We book a joint stand at the Christmas market #CS")
        await type_line(pilot, f"!a @{first_name} asks the printer for prices due:15.12.")
        await type_line(pilot, "!ne Needs help with VAT on sales to Norway #RI")
        await type_line(pilot, "!i A shared van for deliveries #RA")
        await type_line(pilot, "A line with a wrong code #ZZ", saved=False)
        assert live.query_one("#memo-line", Input).value == "A line with a wrong code #ZZ"
        live.query_one("#memo-line", Input).value = ""
        await pilot.press("f5")
        await pilot.pause()

        # Edit the first entry; tag the last one after the fact.
        log = live.query_one(MemoLog)
        log.focus()
        log.move_cursor(row=0)
        await pilot.press("enter")
        await pilot.pause()
        editor = pilot.app.screen
        assert isinstance(editor, MemoLineScreen)
        field = editor.query_one(Input)
        assert field.value.startswith("Talked about winter tourism with @")
        field.value = field.value.replace("winter tourism", "summer tourism")
        await pilot.press("enter")
        await pilot.pause()
        live.query_one("#memo-line", Input).focus()
        await pilot.press("f3")
        await pilot.pause()
        pilot.app.screen.query_one(Input).value = "#MK"
        await pilot.press("enter")
        await pilot.pause()

        # Close: conclusions and the end time.
        clock.advance(minutes=100)
        await pilot.press("f8")
        await pilot.pause()
        closing = pilot.app.screen
        assert isinstance(closing, CloseMeetingScreen)
        closing.query_one(TextArea).text = "A joint stand at the Christmas market.\nPrices from the printer."
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, LiveScreen)

    repository = reopen(demo_path)
    try:
        held = repository.meeting(meeting.id)
        assert held.status is MeetingStatus.HELD and held.conclusions.startswith("A joint stand")
        assert held.closed_at == clock.moment.replace(second=0, microsecond=0) or held.closed_at <= clock.moment
        assert held.recordings and held.recordings[-1].stopped_at is not None
        entries = repository.memo(meeting.id)
        assert [entry.kind for entry in entries] == [
            MemoKind.NOTE,
            MemoKind.DECISION,
            MemoKind.ACTION,
            MemoKind.NEED,
            MemoKind.IDEA,
        ]
        note, decision, action, need, idea = entries
        assert note.text == f"Talked about summer tourism with {member.name}" and note.codes == ["SE", "PS"]
        assert [revision.text for revision in note.revisions] == [f"Talked about winter tourism with {member.name}"]
        assert note.people == [member.id] and decision.codes == ["CS"]
        assert (
            action.owner_id == member.id and action.due is not None and (action.due.day, action.due.month) == (15, 12)
        )
        assert need.codes == ["RI"] and idea.codes == ["RA", "MK"]
        assert all(entry.recording_offset is not None for entry in entries)
        items = repository.agenda(meeting.id)
        assert (
            actual_minutes(items[0]) == 20 + 3
            and items[1].started_at is not None
            and items[1].ended_at == held.closed_at
        )
        assert all(entry.agenda_item_id == items[0].id for entry in entries)
        attendance = repository.attendance(meeting.id)
        present = [entry for entry in attendance if entry.status is Presence.PRESENT]
        assert len(present) == 4 and any(entry.guest_name == "Sara Gäst" for entry in present)
        assert all(entry.audio_consent or names.get(entry.person_id) for entry in present)
    finally:
        repository.workspace.close()


async def test_reopening_after_a_crash_goes_back_to_the_meeting_as_it_was(demo_path: Path) -> None:
    _name, meeting = first_group_meeting(demo_path)
    clock = MovingClock(meeting.starts_at)
    app = make_app(Workspace.open(demo_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        live = await open_live(pilot)
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("p")
        await pilot.press("escape")
        await pilot.press("f5")
        await pilot.pause()
        for number in range(3):
            await type_line(pilot, f"Entry number {number} #PS")
        clock.advance(minutes=7)
        # No closing, no leaving: the app stops here as if the battery ran out.

    app = make_app(Workspace.open(demo_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        live = pilot.app.screen
        assert isinstance(live, LiveScreen) and live.meeting.id == meeting.id
        log = live.query_one(MemoLog)
        assert log.row_count == 3 and "Entry number 2" in str(log.get_row_at(2)[2])
        assert "present 1" in live.query_one(ClockBar).counts
        state = live.query_one(ClockBar).state
        assert state is not None and state.number == 1 and state.elapsed == timedelta(minutes=7, seconds=3 * 30)


async def test_a_failed_save_keeps_the_line_and_loses_nothing_saved_before(demo_path: Path) -> None:
    _name, meeting = first_group_meeting(demo_path)
    app = make_app(Workspace.open(demo_path), clock=MovingClock(meeting.starts_at))
    async with app.run_test(size=SIZE) as pilot:
        live = await open_live(pilot)
        await type_line(pilot, "Saved before the trouble")
        meetings = demo_path / "meetings"
        shutil.rmtree(meetings)
        meetings.write_text("not a folder")  # the folder is gone and cannot be made again
        await type_line(pilot, "Typed while the disk refuses", saved=False)
        line = live.query_one("#memo-line", Input)
        assert line.value == "Typed while the disk refuses"
        assert live.query_one(MemoLog).row_count == 1
        meetings.unlink()  # the disk is back
        await pilot.press("enter")
        await pilot.pause()
        assert line.value == "" and live.query_one(MemoLog).row_count == 2
    repository = reopen(demo_path)
    try:
        assert [entry.text for entry in repository.memo(meeting.id)] == [
            "Saved before the trouble",
            "Typed while the disk refuses",
        ]
    finally:
        repository.workspace.close()


async def test_a_meeting_of_another_day_starts_only_when_confirmed(demo_path: Path) -> None:
    _name, meeting = first_group_meeting(demo_path)
    app = make_app(Workspace.open(demo_path), clock=demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, LiveScreen)
        await pilot.press("n")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, LiveScreen)
        assert pilot.app.repository.meeting(meeting.id).started_at is None
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(pilot.app.screen, LiveScreen)
        held_today = pilot.app.repository.meeting(meeting.id)
        assert held_today.started_at == demo_clock() and held_today.edited_by_hand
        assert held_today.starts_at.date() == demo_clock().date() != meeting.starts_at.date()
        # Opened by mistake: nothing recorded, so leaving undoes the start.
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, LiveScreen)
        assert pilot.app.repository.meeting(meeting.id).started_at is None


async def test_leaving_or_closing_waits_for_the_line_being_typed_and_typing_goes_on_after_an_edit(
    demo_path: Path,
) -> None:
    _name, meeting = first_group_meeting(demo_path)
    app = make_app(Workspace.open(demo_path), clock=MovingClock(meeting.starts_at))
    async with app.run_test(size=SIZE) as pilot:
        live = await open_live(pilot)
        await type_line(pilot, "First words")
        line = live.query_one("#memo-line", Input)
        line.value = "half a thought"
        for key in ("escape", "f8"):
            await pilot.press(key)
            await pilot.pause()
            assert pilot.app.screen is live and line.value == "half a thought"
        line.value = ""
        live.query_one(MemoLog).focus()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")  # unchanged
        await pilot.pause()
        assert pilot.app.screen is live and line.has_focus
        assert live.repository.memo(meeting.id)[0].revisions == []
        live.query_one(MemoLog).focus()
        await pilot.press("d", "e")  # typing on in the log: the letters go to the line, no dialog opens
        await pilot.pause()
        assert pilot.app.screen is live and line.has_focus and line.value == "de"
        line.value = ""
        await type_line(pilot, "A line with #ZZ", saved=False)
        assert "#ZZ" in str(live.query_one("#memo-problems").render())
        await type_line(pilot, "A line with #DD")
        assert not live.query_one("#memo-problems").display


async def check_in(pilot, live: LiveScreen, row: int) -> None:
    """Mark the check-in's ``row`` present and come back to the live screen."""
    await pilot.press("f4")
    await pilot.pause()
    pilot.app.screen.query_one(DataTable).move_cursor(row=row)
    await pilot.press("p", "escape")
    await pilot.pause()


async def test_someone_without_consent_checked_in_while_recording_pauses_it_until_asked(
    demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nobody's voice is taken without consent: the recording waits for those present to be checked
    in, and pauses the moment someone without consent is; consent resumes it, none stops it. (No
    sound system here: the recording keeps its marks, paused and stopped all the same.)"""
    monkeypatch.setenv("PULSE_SERVER", f"unix:{tmp_path / 'no-server'}")
    (tmp_path / "alsa.conf").write_text("")
    monkeypatch.setenv("ALSA_CONFIG_PATH", str(tmp_path / "alsa.conf"))
    _name, meeting = first_group_meeting(demo_path)
    app = make_app(Workspace.open(demo_path), clock=MovingClock(meeting.starts_at, tick=timedelta(seconds=1)))
    async with app.run_test(size=SIZE) as pilot:
        live = await open_live(pilot)
        await pilot.press("f6")  # nobody checked in yet: the gate would know nobody to ask
        await pilot.pause()
        assert live.meeting.recording is None and not isinstance(pilot.app.screen, ConsentGate)
        [refusal] = [note for note in pilot.app._notifications if note.title == "Not recording yet"]
        assert refusal.message.startswith("Nobody is checked in yet. Check in who is here first (ctrl+y or F4)")

        rows = live._rows()
        consenting = next(index for index, row in enumerate(rows) if row.has_audio_consent)
        first, second = [index for index, row in enumerate(rows) if not row.has_audio_consent][:2]
        await check_in(pilot, live, consenting)
        await pilot.press("f6")
        await pilot.pause()
        assert live.meeting.recording is not None and not live.meeting.recording.paused

        await check_in(pilot, live, first)
        gate = pilot.app.screen
        assert isinstance(gate, ConsentGate), "asked at once"
        assert str(gate.query_one("#consent-title").render()) == (
            "Recording paused: these people present have not consented"
        )
        assert live.meeting.recording is not None and live.meeting.recording.paused, "paused before asking"
        assert f"Recording paused: {rows[first].name} has not consented." in notices(pilot.app)
        await pilot.press("c")
        await pilot.pause()
        assert pilot.app.screen is live
        assert live.meeting.recording is not None and not live.meeting.recording.paused
        assert "Recording resumed." in notices(pilot.app)

        await check_in(pilot, live, second)
        assert isinstance(pilot.app.screen, ConsentGate)
        await pilot.press("escape")  # not given: the recording stops
        await pilot.pause()
        assert pilot.app.screen is live and live.meeting.recording is None
        stopped = live.meeting.recordings[-1]
        assert stopped.stopped_at is not None and all(pause.resumed_at for pause in stopped.pauses), (
            "no pause left open"
        )
        assert any(note.startswith("Recording stopped: not everyone present consented.") for note in notices(pilot.app))

        await pilot.press("f6")  # starting again asks the one still without consent
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConsentGate)
        assert str(pilot.app.screen.query_one("#consent-title").render()).startswith("Not recording yet")


def notices(app) -> list[str]:
    return [note.message for note in app._notifications]
