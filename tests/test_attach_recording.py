"""Attaching a recording made on another device to a held meeting, through the real app: a phone's
m4a and a recorder's wav made here with PyAV, the clock time each started typed, the memo entries'
moments counted from it; a file whose length does not fit is questioned and attached only if
wanted; a refused file or start leaves everything typed in the form."""

from __future__ import annotations

import array
import math
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from textual.widgets import Input

from facilitator.app import make_app
from facilitator.model import Attendance, Group, Meeting, MeetingStatus, MemoEntry, Person, Presence, Role
from screens.attach_recording import AttachRecordingForm, SoundFileScreen
from screens.confirm import ConfirmScreen
from screens.meeting_entries import MeetingEntriesScreen
from storage.recordings import meeting_folder
from storage.workspace import Workspace
from tests.app_support import notice
from tests.conftest import demo_clock, reopen
from tests.test_meeting_entries import mm_ss, rows, text_of

SIZE = (80, 24)
DAY = date(2026, 10, 20)
#: The memo lines of the meeting, typed at these clock times.
TYPED = ("19:04:40", "19:04:50", "19:05:00")


def write_sound(path: Path, seconds: int) -> None:
    """``seconds`` of a quiet tone, as a recorder's wav or a phone's m4a (by the name's suffix)."""
    import av

    rate = 16_000
    fmt, codec = {".wav": ("wav", "pcm_s16le"), ".m4a": ("ipod", "aac")}[path.suffix]
    second = array.array("h", (round(2000 * math.sin(2 * math.pi * 440 * i / rate)) for i in range(rate))).tobytes()
    with av.open(str(path), "w", format=fmt) as container:
        stream = container.add_stream(codec, rate=rate, layout="mono")
        for number in range(seconds):
            frame = av.AudioFrame(format="s16", layout="mono", samples=rate)
            frame.planes[0].update(second)
            frame.sample_rate = rate
            frame.pts = number * rate
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))


def held_meeting(folder: Path) -> tuple[Group, Meeting]:
    """A held meeting of the demo's first group, started at 19:00, with three memo lines typed
    ten seconds apart a few minutes in (a short sound holds them: a quick test); nobody checked
    in, so nobody's consent is missing."""
    repository = reopen(folder)
    try:
        group = repository.groups()[0]
        zone = ZoneInfo(group.time_zone)
        starts = datetime.combine(DAY, time(19), zone).astimezone(UTC)
        meeting = repository.save_meeting(
            Meeting(
                group_id=group.id,
                starts_at=starts,
                ends_at=starts + timedelta(hours=2),
                status=MeetingStatus.HELD,
                started_at=starts,
                closed_at=starts + timedelta(hours=2),
                theme="Selling abroad",
            )
        )
        for number, clock in enumerate(TYPED, start=1):
            written = datetime.combine(DAY, time.fromisoformat(clock), zone).astimezone(UTC)
            repository.save_memo_entry(
                MemoEntry(meeting_id=meeting.id, group_id=group.id, text=f"line {number}", written_at=written)
            )
        return group, meeting
    finally:
        repository.workspace.close()


def field(app: Any, name: str) -> Input:
    return app.screen.query_one(f"#input-{name}", Input)


def error_beside(app: Any, name: str) -> str:
    return str(app.screen.query_one(f"#field-{name} .field-error").render())


async def open_form(pilot: Any, group: Group, meeting: Meeting) -> MeetingEntriesScreen:
    app = pilot.app
    entries = MeetingEntriesScreen(app.repository, group, meeting)
    await app.push_screen(entries)
    await pilot.pause()
    await pilot.press("a")
    await pilot.pause()
    assert isinstance(app.screen, AttachRecordingForm)
    return entries


@asynccontextmanager
async def attaching(
    folder: Path, group: Group, meeting: Meeting
) -> AsyncIterator[tuple[Any, Any, MeetingEntriesScreen]]:
    """The app on the meeting's memo entries, the form attaching a recording open over them."""
    app = make_app(Workspace.open(folder), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        yield app, pilot, await open_form(pilot, group, meeting)


def present_without_consent(app: Any, group: Group, meeting: Meeting) -> Person:
    """A member who has not consented to the recording, checked in present at the meeting."""
    member = next(
        person
        for person in app.repository.people(group.id)
        if person.role is Role.MEMBER and person.audio_consent is None
    )
    app.repository.save_attendance(Attendance(meeting_id=meeting.id, person_id=member.id, status=Presence.PRESENT))
    return member


async def attach(pilot: Any, path: Path | str, start: str) -> None:
    field(pilot.app, "file").value = str(path)
    field(pilot.app, "start").value = start
    await pilot.press("ctrl+s")
    await pilot.pause()


async def settle(pilot: Any) -> None:
    """Until the measuring and the attaching are done, whatever they led to."""
    for _attempt in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


@pytest.mark.app
async def test_a_phone_s_m4a_attached_with_its_start_gives_the_entries_their_moments(
    demo_path: Path, tmp_path: Path
) -> None:
    group, meeting = held_meeting(demo_path)
    phone = tmp_path / "Voice 042.m4a"
    write_sound(phone, 40)
    async with attaching(demo_path, group, meeting) as (app, pilot, entries):
        assert text_of(entries, "#entries-sound") == "Not recorded. a attaches a file."
        assert field(app, "start").value == "19:00", "the meeting's start, on the group's clock"
        assert field(app, "file").has_focus
        await attach(pilot, phone, "19:04:30")
        told = await notice(pilot, "The recording is attached")
        assert told == "The recording is attached: 3 memo entries have their moments in it."
        await settle(pilot)
        assert app.screen is entries
        assert [row[1] for row in rows(entries)] == [mm_ss(10), mm_ss(20), mm_ss(30)]
        assert text_of(entries, "#entries-sound") == f"Recorded 19:04–19:05, 1 file, {mm_ss(40)}."

    copied = meeting_folder(demo_path, meeting.id) / "recording-1.m4a"
    assert copied.read_bytes() == phone.read_bytes(), "copied in whole; the phone's file stays where it was"
    repository = reopen(demo_path)
    try:
        (recording,) = repository.meeting(meeting.id).recordings
        assert recording.attached and recording.audio_file == "recording-1.m4a"
        assert recording.started_at == datetime.combine(DAY, time(19, 4, 30), ZoneInfo(group.time_zone))
        assert [entry.recording_offset for entry in repository.memo(meeting.id)] == [10, 20, 30]
    finally:
        repository.workspace.close()


@pytest.mark.app
async def test_a_file_too_short_for_the_entries_is_questioned_and_attached_only_when_wanted(
    demo_path: Path, tmp_path: Path
) -> None:
    group, meeting = held_meeting(demo_path)
    recorder = tmp_path / "ZOOM0001.wav"
    write_sound(recorder, 15)
    async with attaching(demo_path, group, meeting) as (app, pilot, entries):
        form = app.screen
        await attach(pilot, recorder, "19:04:30")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen), "questioned, not refused"
        question = str(app.screen.query_one("#confirm-question").render())
        assert "2 memo entries were typed after the file ended at 19:04" in question
        assert question.endswith("Attach it all the same?")
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is form and field(app, "file").value == str(recorder)
        assert field(app, "start").value == "19:04:30", "what was typed is kept"
        assert app.repository.meeting(meeting.id).recordings == [], "nothing attached on no"

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        told = await notice(pilot, "The recording is attached")
        assert told == "The recording is attached: 1 memo entry has its moment in it."
        await settle(pilot)
        assert app.screen is entries
        assert [row[1] for row in rows(entries)] == [mm_ss(10), "", ""]


@pytest.mark.app
async def test_a_refused_file_or_start_is_told_beside_its_field_and_the_form_keeps_what_was_typed(
    demo_path: Path, tmp_path: Path
) -> None:
    group, meeting = held_meeting(demo_path)
    notes = tmp_path / "notes.wav"
    notes.write_text("not a sound at all", encoding="utf-8")
    async with attaching(demo_path, group, meeting) as (app, pilot, _entries):
        form = app.screen

        await attach(pilot, tmp_path / "gone.m4a", "25:00")
        assert error_beside(app, "file") == f"There is no file at {tmp_path / 'gone.m4a'}."
        assert error_beside(app, "start").startswith("Write the time the sound started as 19:02:30")
        assert field(app, "start").value == "25:00" and field(app, "file").has_focus

        await attach(pilot, tmp_path, "19:04")
        assert error_beside(app, "file") == f"{tmp_path} is a folder: choose the sound file in it."

        await attach(pilot, notes, "19:04")
        await settle(pilot)
        assert app.screen is form and error_beside(app, "file"), "the unreadable file is told beside it"
        assert not error_beside(app, "start")
        assert field(app, "file").value == str(notes) and field(app, "start").value == "19:04"
        assert [note.title for note in app._notifications if note.severity == "error"] == ["Not attached"]
        assert not form.busy, "it may be tried again at once"

        # Someone present who has not consented to the recording: no sound of the meeting is kept.
        member = present_without_consent(app, group, meeting)
        phone = tmp_path / "recorder.wav"
        write_sound(phone, 40)
        await attach(pilot, phone, "19:04:30")
        await settle(pilot)
        assert app.screen is form
        assert member.name in error_beside(app, "file") and "consented" in error_beside(app, "file")
        assert field(app, "file").value == str(phone) and field(app, "start").value == "19:04:30"
        assert not list(meeting_folder(demo_path, meeting.id).glob("recording-*")), "nothing copied in"

        await attach(pilot, f"'{phone}'", "19:04:30")  # dropped from a file manager: quoted
        await settle(pilot)
        assert member.name in error_beside(app, "file"), "the quoted path is the file itself"

        await pilot.press("escape")  # what was typed would go: asked first
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)


@pytest.mark.app
async def test_ctrl_f_chooses_the_file_in_a_tree_opened_at_the_typed_folder(demo_path: Path, tmp_path: Path) -> None:
    group, meeting = held_meeting(demo_path)
    phone = tmp_path / "Voice 042.m4a"
    write_sound(phone, 2)
    async with attaching(demo_path, group, meeting) as (app, pilot, _entries):
        form = app.screen
        field(app, "file").value = str(tmp_path / "Voice")
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert isinstance(app.screen, SoundFileScreen)
        assert app.screen.query_one("#folder", Input).value == str(tmp_path)
        app.screen.dismiss(phone)  # enter on the file in the tree
        await pilot.pause()
        assert app.screen is form and field(app, "file").value == str(phone)
        assert field(app, "start").has_focus, "on to the start time"


@pytest.mark.app
async def test_a_second_file_attached_counts_only_its_own_moments_and_the_span_runs_to_the_last_end(
    demo_path: Path, tmp_path: Path
) -> None:
    group, meeting = held_meeting(demo_path)
    phone, recorder = tmp_path / "phone.m4a", tmp_path / "short.wav"
    write_sound(phone, 40)  # 19:04:30–19:05:10: every line
    write_sound(recorder, 10)  # 19:04:45–19:04:55: the second line only, which moves into it
    async with attaching(demo_path, group, meeting) as (app, pilot, entries):
        await attach(pilot, phone, "19:04:30")
        await notice(pilot, "The recording is attached")
        await settle(pilot)
        app.clear_notifications()
        assert app.screen is entries
        await pilot.press("a")
        await pilot.pause()
        await attach(pilot, recorder, "19:04:45")
        await settle(pilot)
        if isinstance(app.screen, ConfirmScreen):  # the overlap with the first file may be questioned
            await pilot.press("y")
        told = await notice(pilot, "The recording is attached")
        assert told == "The recording is attached: 1 memo entry has its moment in it."
        await settle(pilot)
        assert [row[1] for row in rows(entries)] == [mm_ss(10), mm_ss(5), mm_ss(30)]
        assert text_of(entries, "#entries-sound") == f"Recorded 19:04–19:05, 2 files, {mm_ss(50)}.", (
            "from the first start to the last end, which is the first file's"
        )


@pytest.mark.app
async def test_a_meeting_someone_attended_without_consent_offers_no_attaching_and_says_why(
    demo_path: Path,
) -> None:
    group, meeting = held_meeting(demo_path)
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        member = present_without_consent(app, group, meeting)
        entries = MeetingEntriesScreen(app.repository, group, meeting)
        await app.push_screen(entries)
        await pilot.pause()
        assert text_of(entries, "#entries-sound") == (
            f"Not recorded. No sound may be kept: {member.name} did not consent."
        )
        await pilot.press("a")
        await pilot.pause()
        assert app.screen is entries, "no form to fill in vain"
        assert not entries.check_action("attach", ())
        assert not any(
            active.enabled for active in entries.active_bindings.values() if active.binding.action == "attach"
        ), "the footer shows no a"
        about = entries.current_help()
        assert "attaches a recording" not in about
        assert about.endswith(
            f"No recording can be attached to this meeting: {member.name} did not consent to the recording."
        )
