"""A consent to audio recording emptied in the member form, and an erasure from the roster, in the real
app: the confirmation lists the recorded meetings; a yes deletes their sound from the whole
workspace folder, a no keeps the sound and the person as they were, the form still open."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.widgets import DataTable

from facilitator.app import make_app
from facilitator.model import Attendance, Presence
from screens.checkin import CheckinScreen
from screens.confirm import ConfirmScreen
from screens.member_form import MemberForm
from screens.roster import RosterScreen
from screens.widgets.form_field import FormField
from screens.widgets.plain import Plain
from storage.workspace import Workspace
from tests.app_support import notices
from tests.conftest import demo_clock, reopen
from tests.recorded_demo import RecordedDemo, recorded_demo, sound_state

pytestmark = pytest.mark.app


@pytest.fixture
def demo(tmp_path: Path) -> RecordedDemo:
    return recorded_demo(tmp_path / "demo")


async def roster_at(pilot, demo: RecordedDemo) -> RosterScreen:
    """The roster, the recorded member highlighted."""
    await pilot.press("enter")
    await pilot.pause()
    roster = pilot.app.screen
    assert isinstance(roster, RosterScreen)
    table = roster.query_one("#people", DataTable)
    row = next(index for index in range(table.row_count) if demo.name in str(table.get_row_at(index)[0]))
    table.move_cursor(row=row)
    await pilot.pause()
    return roster


def question_of(screen: object) -> str:
    assert isinstance(screen, ConfirmScreen), screen
    return str(screen.query_one("#confirm-question", Plain).render())


def audio_consent(demo: RecordedDemo) -> object:
    repository = reopen(demo.folder)
    try:
        return repository.person(demo.person_id).audio_consent
    finally:
        repository.workspace.close()


async def withdraw_in_form(pilot, demo: RecordedDemo) -> tuple[MemberForm, str]:
    await roster_at(pilot, demo)
    await pilot.press("e")
    await pilot.pause()
    form = pilot.app.screen
    assert isinstance(form, MemberForm)
    form.query_one("#field-audio_consent", FormField).value = ""
    form.query_one("#field-municipality", FormField).value = "Karigasniemi"
    await pilot.press("ctrl+s")
    await pilot.pause()
    return form, question_of(pilot.app.screen)


async def test_emptying_the_audio_consent_lists_the_meetings_and_a_yes_deletes_their_sound(
    demo: RecordedDemo,
) -> None:
    app = make_app(Workspace.open(demo.folder), demo_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        _form, question = await withdraw_in_form(pilot, demo)
        assert demo.name in question and "no longer consents to audio recording" in question
        assert question.count("recording-1.opus") >= 2 and "cannot be undone" in question
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, RosterScreen)
        await pilot.pause()
        assert any("sound files deleted" in told for told in notices(app)), notices(app)
    assert audio_consent(demo) is None
    assert demo.files_holding_the_sound() == []
    assert sound_state(demo) == (["", ""], [])


async def test_a_no_keeps_the_sound_the_person_and_what_was_typed(demo: RecordedDemo) -> None:
    consent = audio_consent(demo)
    app = make_app(Workspace.open(demo.folder), demo_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        form, _question = await withdraw_in_form(pilot, demo)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is form
        assert form.query_one("#field-municipality", FormField).value == "Karigasniemi"
        assert form.query_one("#field-audio_consent", FormField).value == ""
    assert audio_consent(demo) == consent is not None
    assert len(demo.files_holding_the_sound()) == 2
    assert sound_state(demo) == (["recording-1.opus", "recording-1.opus"], [1, 1])


async def test_erasing_from_the_roster_lists_the_recordings_and_deletes_them(demo: RecordedDemo) -> None:
    app = make_app(Workspace.open(demo.folder), demo_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        roster = await roster_at(pilot, demo)
        await pilot.press("d")
        await app.workers.wait_for_complete()
        await pilot.pause()
        question = question_of(app.screen)
        assert "to delete (backups hold no sound)" in question and question.count("recording-1.opus") >= 2
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is roster
    assert demo.files_holding_the_sound() == []
    assert sound_state(demo) == (["", ""], [])


def guest_who_consented(demo: RecordedDemo) -> Attendance:
    """A guest present at the first recorded meeting who consented to its recording at check-in."""
    repository = reopen(demo.folder)
    try:
        return repository.save_attendance(
            Attendance(
                meeting_id=demo.meeting_ids[0],
                guest_name="Risten Somby",
                status=Presence.PRESENT,
                audio_consent=date(2026, 1, 1),
            )
        )
    finally:
        repository.workspace.close()


async def withdraw_at_check_in(pilot, demo: RecordedDemo, guest: Attendance) -> CheckinScreen:
    """The first meeting's check-in, ``guest``'s consent withdrawn there (c): the question is asked."""
    repository = pilot.app.repository
    repository.load_all()
    meeting = repository.meeting(demo.meeting_ids[0])
    group = repository.group(meeting.group_id)
    screen = CheckinScreen(repository, group, meeting, repository.people(group.id))
    await pilot.app.push_screen(screen)
    await pilot.pause()
    table = screen.query_one("#checkin", DataTable)
    table.move_cursor(row=table.get_row_index(guest.id))
    await pilot.press("c")
    await pilot.pause()
    return screen


async def test_a_consent_given_at_check_in_withdrawn_deletes_that_meetings_sound(demo: RecordedDemo) -> None:
    guest = guest_who_consented(demo)
    app = make_app(Workspace.open(demo.folder), demo_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await withdraw_at_check_in(pilot, demo, guest)
        question = question_of(app.screen)
        assert "Risten Somby" in question and question.count("recording-1.opus") == 1
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is screen
    assert [path.parent.name for path in demo.files_holding_the_sound()] == [demo.meeting_ids[1]]
    assert sound_state(demo) == (["", "recording-1.opus"], [1])


async def test_sound_that_cannot_be_deleted_at_check_in_keeps_the_consent_given_there(demo: RecordedDemo) -> None:
    (demo.files[0].parent / "a-folder").mkdir()  # cannot be unlinked, and tried before recording-1.opus
    guest = guest_who_consented(demo)
    app = make_app(Workspace.open(demo.folder), demo_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await withdraw_at_check_in(pilot, demo, guest)
        await pilot.press("y")
        await pilot.pause()
        assert any("The consent is not withdrawn" in told for told in notices(app)), notices(app)
        kept = next(entry for entry in app.repository.attendance(demo.meeting_ids[0]) if entry.id == guest.id)
        assert kept.audio_consent == date(2026, 1, 1)
    assert len(demo.files_holding_the_sound()) == 2
