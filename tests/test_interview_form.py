"""Growth interviews entered through the real app (saved on disk, refused values shown beside their
fields, the previous interview's answers under the questions), the printed form read back, and
``facilitator export interview-form``."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from textual.widgets import Checkbox, Input, Select, TextArea

from exports.interview_form_files import write_interview_form
from facilitator.app import make_app
from facilitator.interview_answers import next_interview, previous_interview
from facilitator.model import Barrier, GrowthIntention, Interview, InterviewKind, Person
from facilitator.model.development import TurnoverBand
from screens.interview_form import InterviewForm
from screens.widgets.form_field import FormField
from storage.repository import Repository
from storage.workspace import Workspace
from tests.app_support import pdf_text
from tests.conftest import DEMO_DAY, demo_clock, reopen
from tests.test_cli import facilitator
from tests.test_field_look import FieldTour

SIZE = (80, 24)
SAMI_NAME = "Ánde Čuoŋ"
SAMI_FIRM = "Čuoŋ Đuođđi Oy"
EARLIER = date(2026, 3, 12)


def entrepreneur(repository: Repository, name: str = SAMI_NAME) -> Person:
    """A new member of the first group, with Northern Sami letters in the name and the firm's."""
    group = repository.groups()[0]
    return repository.save_person(Person(group_id=group.id, name=name, company=SAMI_FIRM, joined=date(2026, 1, 15)))


def first_interview(person: Person) -> Interview:
    return Interview(
        person_id=person.id,
        day=EARLIER,
        kind=InterviewKind.JOINING,
        interviewer="Riikka Ahonen",
        intention=GrowthIntention.MODERATE,
        planned_staff=3.5,
        planned_turnover=TurnoverBand.UP_TO_500K,
        barriers={Barrier.FINANCE.value: "no loan for a van", Barrier.TIME.value: ""},
        staff=2,
        turnover=TurnoverBand.UP_TO_200K,
        network_gives="buyers in Sweden",
        network_value=4,
    )


def with_earlier_interview(folder: Path) -> str:
    """The Sami-named member, interviewed once on joining; returns the member's id."""
    with Workspace.open(folder, purpose="test") as workspace:
        repository = Repository(workspace)
        person = entrepreneur(repository)
        repository.save_interview(first_interview(person))
        return person.id


# -- which interview is the previous one, and which comes next ----------------------------------------


def test_the_previous_interview_is_the_latest_dated_before_this_one() -> None:
    person = Person(group_id="g", name="Anna")
    first = first_interview(person)
    second = dataclasses.replace(first_interview(person), id="second", day=date(2026, 9, 1))
    other = dataclasses.replace(first_interview(Person(group_id="g", name="Bo")), day=date(2026, 10, 1))
    new = Interview(person_id=person.id, day=DEMO_DAY)
    assert previous_interview([second, first, other], new) is second
    assert previous_interview([first, second], second) is first  # itself left out
    assert previous_interview([second], dataclasses.replace(new, day=date(2026, 1, 1))) is None


def test_the_next_interview_is_numbered_and_its_kind_suggested() -> None:
    person = Person(group_id="g", name="Anna", joined=date(2026, 1, 1))
    assert next_interview(person, [], DEMO_DAY) == (1, InterviewKind.JOINING)
    assert next_interview(person, [first_interview(person)], DEMO_DAY) == (2, InterviewKind.FOLLOW_UP)
    gone = dataclasses.replace(person, left=date(2026, 11, 1))
    assert next_interview(gone, [first_interview(gone)], DEMO_DAY) == (2, InterviewKind.LEAVING)


# -- entering an interview --------------------------------------------------------------------------


def open_form(app, person_id: str) -> tuple[InterviewForm, list[Interview | None]]:
    """The form of a new follow-up interview of ``person_id`` dated today, and where it dismisses to."""
    results: list[Interview | None] = []
    new = Interview(person_id=person_id, day=DEMO_DAY, kind=InterviewKind.FOLLOW_UP)
    form = InterviewForm(app.repository, new)
    app.push_screen(form, results.append)
    return form, results


def fill_in(form: InterviewForm) -> None:
    """Every answer of a second interview, set as a fast typist would leave the fields."""
    form.query_one("#field-interviewer", FormField).value = "Riikka Ahonen"
    form.query_one("#input-intention", Select).value = GrowthIntention.STRONG.value
    form.query_one("#field-planned_staff", FormField).value = "4,5"
    form.query_one("#input-planned_turnover", Select).value = TurnoverBand.UP_TO_2M.value
    form.query_one(f"#barrier-{Barrier.RECRUITMENT.value}", Checkbox).value = True
    form.query_one(f"#barrier-note-{Barrier.DISTANCE.value}", Input).value = "three hours to Oulu"
    form.query_one("#field-staff", FormField).value = "3"
    form.query_one("#input-turnover", Select).value = TurnoverBand.UP_TO_500K.value
    form.query_one("#input-network_gives", TextArea).text = "A first employee, argued round by the group"
    form.query_one("#field-network_value", FormField).value = "5"


@pytest.mark.app
async def test_an_interview_filled_in_is_saved_with_every_answer(demo_path: Path) -> None:
    person_id = with_earlier_interview(demo_path)
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        form, results = open_form(app, person_id)
        await pilot.pause()
        assert SAMI_NAME in str(form.query_one("#form-title").render())
        assert SAMI_FIRM in str(form.query_one("#form-title").render())
        fill_in(form)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is not form
    (saved,) = results
    assert saved is not None and saved.revision == 1
    repository = reopen(demo_path)
    try:
        stored = repository.interviews_of(person_id)[-1]
    finally:
        repository.workspace.close()
    assert stored.id == saved.id
    assert (stored.day, stored.kind, stored.interviewer) == (DEMO_DAY, InterviewKind.FOLLOW_UP, "Riikka Ahonen")
    assert (stored.intention, stored.planned_staff, stored.planned_turnover) == (
        GrowthIntention.STRONG,
        4.5,
        TurnoverBand.UP_TO_2M,
    )
    # The box ticked without a note, and the note written without ticking its box, are both named.
    assert stored.barriers == {Barrier.RECRUITMENT.value: "", Barrier.DISTANCE.value: "three hours to Oulu"}
    assert (stored.staff, stored.turnover, stored.network_value) == (3.0, TurnoverBand.UP_TO_500K, 5)
    assert stored.network_gives == "A first employee, argued round by the group"


@pytest.mark.app
async def test_a_refused_staff_count_is_shown_beside_its_field_and_nothing_is_saved(demo_path: Path) -> None:
    person_id = with_earlier_interview(demo_path)
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        form, results = open_form(app, person_id)
        await pilot.pause()
        fill_in(form)
        form.query_one("#field-staff", FormField).value = "lots"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and results == []
        staff = form.query_one("#field-staff", FormField)
        assert "full-time equivalents" in staff.error
        assert form.focused is staff.query_one(Input)  # the field to fix has the cursor
        assert staff.region.height and form.query_one("#form-dialog").region.contains_region(staff.region)
        # What was typed is all still there.
        assert form.query_one(f"#barrier-note-{Barrier.DISTANCE.value}", Input).value == "three hours to Oulu"
        assert form.query_one("#field-planned_staff", FormField).value == "4,5"
        assert form.query_one("#field-planned_staff", FormField).error == ""
    repository = reopen(demo_path)
    try:
        assert [interview.day for interview in repository.interviews_of(person_id)] == [EARLIER]
    finally:
        repository.workspace.close()


@pytest.mark.app
async def test_an_interview_without_a_growth_intention_is_refused_beside_the_choice(demo_path: Path) -> None:
    person_id = with_earlier_interview(demo_path)
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        form, results = open_form(app, person_id)
        await pilot.pause()
        fill_in(form)
        form.query_one("#input-intention", Select).clear()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and results == []
        message = form.query_one("#row-intention .row-error")
        assert message.display and "growth intention" in str(message.render())
        assert form.focused is form.query_one("#input-intention", Select)
        # Chosen, it saves, and the message is gone.
        form.query_one("#input-intention", Select).value = GrowthIntention.STAY.value
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is not form
    assert results[0] is not None and results[0].intention is GrowthIntention.STAY


@pytest.mark.app
async def test_the_previous_interview_s_answers_stand_under_the_questions(demo_path: Path) -> None:
    person_id = with_earlier_interview(demo_path)
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        form, _results = open_form(app, person_id)
        await pilot.pause()

        def shown(field: str) -> str:
            return str(form.query_one(f"#before-{field}").render())

        assert "12 Mar 2026" in str(form.query_one("#previous-interview").render())
        assert "grow moderately" in shown("intention")
        assert "3.5 FTE" in shown("planned_staff")
        assert "2 FTE" in shown("staff")
        assert "finance (no loan for a van), time" in shown("barriers")
        assert "buyers in Sweden" in shown("network_gives")
        assert "4" in shown("network_value")
        # The answers of the new interview are not filled in from the old one.
        assert form.query_one("#field-staff", FormField).value == ""
        assert form.query_one("#input-intention", Select).is_blank()
        # Every field looks like a field at 80x24, scrolled into view one by one.
        tour = FieldTour(app, pilot, "default")
        for widget in form.query("Input, Select, TextArea, Checkbox"):
            widget.scroll_visible(animate=False)
            await pilot.pause()
            await tour.examine(f"interview form at {widget.id}")
        tour.check()


@pytest.mark.app
async def test_every_field_is_reached_by_tab(demo_path: Path) -> None:
    person_id = with_earlier_interview(demo_path)
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        form, _results = open_form(app, person_id)
        await pilot.pause()
        reached = set()
        for _key in range(60):
            if form.focused is not None and form.focused.id:
                reached.add(form.focused.id)
            await pilot.press("tab")
        wanted = {widget.id for widget in form.query("Input, Select, TextArea, Checkbox")}
        assert wanted <= reached, wanted - reached


@pytest.mark.app
async def test_the_first_interview_of_a_person_says_there_is_none_before(demo_path: Path) -> None:
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        person = entrepreneur(app.repository)
        form, _results = open_form(app, person.id)
        await pilot.pause()
        assert "No earlier interview" in str(form.query_one("#previous-interview").render())
        assert not any(line.display for line in form.query(".before"))


# -- the printed form -------------------------------------------------------------------------------


def test_the_printed_form_names_the_entrepreneur_and_the_previous_answers(
    demo_path: Path, exports_folder: Path
) -> None:
    person_id = with_earlier_interview(demo_path)
    with Workspace.open(demo_path, purpose="test") as workspace:
        repository = Repository(workspace)
        path = write_interview_form(repository, person_id)
        group = repository.group(repository.person(person_id).group_id)
    assert path.parent == exports_folder
    assert path.name.endswith("-interview-form-ande-cuon.pdf")
    text = pdf_text(path)
    for expected in (
        SAMI_NAME,
        SAMI_FIRM,
        group.name,
        "number 2, follow-up",
        "12 Mar 2026, on joining, by Riikka Ahonen",  # the previous interview
        "grow moderately",
        "3.5 FTE",
        "no loan for a van",
        "buyers in Sweden",
        "close down or hand over",  # the choices to tick
        "family situation",
        "over €10 million",
    ):
        assert expected in text, expected
    fonts = {
        str(font.get("/BaseFont"))
        for page in PdfReader(path).pages
        for font in page["/Resources"]["/Font"].values()  # type: ignore[index]
    }
    assert fonts and all("DejaVu" in font for font in fonts), fonts


def test_a_first_interview_s_form_has_nothing_to_compare(demo_path: Path, tmp_path: Path) -> None:
    with Workspace.open(demo_path, purpose="test") as workspace:
        repository = Repository(workspace)
        person = entrepreneur(repository)
        path = write_interview_form(repository, person.id, tmp_path)
    text = pdf_text(path)
    assert path.parent == tmp_path
    assert "number 1, on joining" in text
    assert "none: this is the first" in text
    assert "grow moderately" in text  # a choice to tick, still


@pytest.mark.processes
def test_the_command_writes_the_form_of_the_person_named(demo_path: Path, tmp_path: Path) -> None:
    person_id = with_earlier_interview(demo_path)
    result = facilitator("--workspace", demo_path, "export", "interview-form", "ande cuon", "--to", tmp_path)
    assert result.returncode == 0, result.stderr
    path = Path(result.stdout.strip())
    assert path.parent == tmp_path and path.exists()
    assert SAMI_NAME in pdf_text(path)
    by_id = facilitator("--workspace", demo_path, "export", "interview-form", person_id[:8], "--to", tmp_path)
    assert by_id.stdout.strip() == str(path)
    # With another Ánde the first name alone could be either, and the command says who.
    with Workspace.open(demo_path, purpose="test") as workspace:
        entrepreneur(Repository(workspace), "Ánde Aikio")
    ambiguous = facilitator("--workspace", demo_path, "export", "interview-form", "ánde", "--to", tmp_path)
    assert ambiguous.returncode != 0
    assert SAMI_NAME in ambiguous.stderr and "Ánde Aikio" in ambiguous.stderr
