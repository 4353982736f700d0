"""The growth interview form checked through the real app and the printed form read back: the
previous interview follows the date typed, a barrier's note ticks its box and its problems stand
beside it, a date before the person joined is refused, and the paper form holds the longest answers."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Checkbox, Input

from exports.interview_form_files import write_interview_form
from facilitator.app import make_app
from facilitator.model import Barrier, Interview, InterviewKind
from facilitator.model.interview import BARRIER_NOTE_MAX
from screens.interview_form import InterviewForm
from screens.widgets.form_field import FormField
from screens.widgets.plain import Plain
from storage.repository import Repository
from storage.workspace import Workspace
from tests.conftest import demo_clock
from tests.test_interview_form import SIZE, entrepreneur, fill_in, first_interview, open_form, pdf_text

SEPTEMBER = date(2026, 9, 1)


def with_two_interviews(folder: Path) -> str:
    """The Sami-named member, interviewed on joining in March and again in September."""
    with Workspace.open(folder, purpose="test") as workspace:
        repository = Repository(workspace)
        person = entrepreneur(repository)
        repository.save_interview(first_interview(person))
        second = dataclasses.replace(
            first_interview(person), day=SEPTEMBER, kind=InterviewKind.FOLLOW_UP, network_gives="a buyer in Luleå"
        )
        repository.save_interview(dataclasses.replace(second, id="second"))
        return person.id


def shown(form: InterviewForm, selector: str) -> str:
    return str(form.query_one(selector, Plain).render())


@pytest.mark.app
async def test_the_previous_interview_follows_the_date_typed(demo_path: Path) -> None:
    person_id = with_two_interviews(demo_path)
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        form, _results = open_form(app, person_id)
        await pilot.pause()
        assert "1 Sept 2026" in shown(form, "#previous-interview")
        assert "a buyer in Luleå" in shown(form, "#before-network_gives")
        day = form.query_one("#field-day", FormField)
        day.value = "1.5.2026"  # back-dated, between the two
        await pilot.pause()
        assert "12 Mar 2026" in shown(form, "#previous-interview")
        assert "buyers in Sweden" in shown(form, "#before-network_gives")
        day.value = "1.5.20"  # not a date yet: what is shown stays
        await pilot.pause()
        assert "12 Mar 2026" in shown(form, "#previous-interview")
        day.value = "2026-02-01"  # before both
        await pilot.pause()
        assert "No earlier interview" in shown(form, "#previous-interview")
        assert not any(line.display for line in form.query(".before"))


@pytest.mark.app
async def test_an_interview_dated_before_the_person_joined_is_refused_beside_the_date(demo_path: Path) -> None:
    person_id = with_two_interviews(demo_path)
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        form, results = open_form(app, person_id)
        await pilot.pause()
        fill_in(form)
        form.query_one("#field-day", FormField).value = "10.1.2026"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and results == []
        day = form.query_one("#field-day", FormField)
        assert day.error == "The interview is dated before Ánde Čuoŋ joined on 15 Jan 2026."
        assert form.focused is day.query_one(Input)


@pytest.mark.app
async def test_a_note_typed_ticks_its_barrier_and_a_note_left_unticked_is_refused_beside_it(demo_path: Path) -> None:
    person_id = with_two_interviews(demo_path)
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        form, results = open_form(app, person_id)
        await pilot.pause()
        fill_in(form)
        box = form.query_one(f"#barrier-{Barrier.SKILLS.value}", Checkbox)
        note = form.query_one(f"#barrier-note-{Barrier.SKILLS.value}", Input)
        note.focus()
        await pilot.press("n", "o")
        assert box.value is True  # the note ticked it
        box.value = False  # unticked again: the note is neither kept nor thrown away silently
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and results == []
        message = form.query_one(f"#barrier-error-{Barrier.SKILLS.value}", Plain)
        assert message.display and str(message.render()) == "Tick the barrier or clear its note."
        assert form.focused is note
        (barriers_message,) = [line for line in form.query("#row-barriers .row-error") if line.id is None]
        assert not barriers_message.display  # the message is the note's, not the whole list's
        # Cleared, the note goes, and so does the message.
        note.value = ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is not form
    (saved,) = results
    assert saved is not None and Barrier.SKILLS.value not in saved.barriers


@pytest.mark.app
async def test_a_note_too_long_is_refused_beside_that_note(demo_path: Path) -> None:
    person_id = with_two_interviews(demo_path)
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        form, results = open_form(app, person_id)
        await pilot.pause()
        fill_in(form)
        note = form.query_one(f"#barrier-note-{Barrier.REGULATION.value}", Input)
        assert note.max_length == BARRIER_NOTE_MAX  # typing stops at the limit...
        note.value = "x" * (BARRIER_NOTE_MAX + 1)  # ...but a value set another way is still checked
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and results == []
        message = form.query_one(f"#barrier-error-{Barrier.REGULATION.value}", Plain)
        assert str(message.render()) == f"Keep the note to {BARRIER_NOTE_MAX} characters at most."
        assert form.focused is note


# -- the printed form -------------------------------------------------------------------------------


def test_the_printed_form_compares_with_the_interview_saved_last_and_holds_the_longest_answers(
    demo_path: Path, tmp_path: Path
) -> None:
    with Workspace.open(demo_path, purpose="test") as workspace:
        repository = Repository(workspace)
        person = entrepreneur(repository)
        first = first_interview(person)
        # Two interviews the same day; the one saved second sorts first by its id.
        repository.save_interview(dataclasses.replace(first, id="z-morning", network_gives="said in the morning"))
        longest = "buyers in Sweden " * 1_200  # 20,400 characters: the record's size is the limit, not a page
        afternoon = dataclasses.replace(
            first,
            id="a-afternoon",
            interviewer="Riikka Ahonen " * 14,
            barriers={barrier.value: "no loan " * 62 for barrier in Barrier},
            network_gives=longest[:20_000],
        )
        repository.save_interview(afternoon)
        gone = dataclasses.replace(first, id="gone", day=date(2026, 3, 20), network_gives="removed since")
        repository.save_interview(gone)
        repository.remove_interview("gone")
        path = write_interview_form(repository, person.id, tmp_path)
    text = pdf_text(path)
    assert "said in the morning" not in text and "removed since" not in text
    assert "buyers in Sweden" in text and "…" in text
    assert "Needs expressed (enter them as needs in the next meeting's memo)" in text
    assert "anything else said" not in text


def test_a_same_day_interview_saved_later_is_the_previous_one_on_paper_too(demo_path: Path, tmp_path: Path) -> None:
    with Workspace.open(demo_path, purpose="test") as workspace:
        repository = Repository(workspace)
        person = entrepreneur(repository)
        first = first_interview(person)
        repository.save_interview(dataclasses.replace(first, id="z-morning", network_gives="said in the morning"))
        repository.save_interview(dataclasses.replace(first, id="a-afternoon", network_gives="said later on"))
        path = write_interview_form(repository, person.id, tmp_path)
        previous: Interview = repository.interviews_of(person.id)[-1]
    assert previous.id == "a-afternoon"  # by day, those of one day in the order saved: not by id
    text = pdf_text(path)
    assert "said later on" in text and "said in the morning" not in text
