"""Due growth interviews in the real app and on the command line: the home screen's line, the list
at 80×24, the months setting, and ``facilitator interviews due``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input

from facilitator.app import make_app
from facilitator.interviews_due import INTERVIEW_MONTHS_SETTING
from facilitator.model import Group, Interview, InterviewKind, Person, Role
from screens.home import HomeScreen
from screens.interviews_due import InterviewsDueScreen
from screens.settings import SettingsScreen
from screens.widgets.plain import Plain
from storage.repository import Repository
from storage.workspace import Workspace
from storage.workspace_info import WorkspaceRole, read_setting
from tests.app_support import notices, pdf_text
from tests.conftest import demo_clock
from tests.test_cli import facilitator

SIZE = (80, 24)
NOW = demo_clock().isoformat()  # 27 Nov 2026


def network(folder: Path, *, role: WorkspaceRole = WorkspaceRole.FACILITATOR) -> None:
    """Two groups on 27 Nov 2026: in Kuhmo one member overdue (3 months from 1 Jul: 1 Oct), one
    due in 23 days (12 months from 20 Dec 2025), one covered, one who left and one without a joined
    date; in Inari one due in 13 days."""
    with Workspace.open(folder, role=role) as space:
        repository = Repository(space, demo_clock)
        kuhmo = repository.save_group(Group(name="Kuhmo"))
        inari = repository.save_group(Group(name="Inari"))
        quiet = repository.save_group(Group(name="Quiet"))

        def person(group: Group, name: str, joined: date | None, **fields: object) -> Person:
            return repository.save_person(
                Person(group_id=group.id, name=name, company=f"{name} Oy", joined=joined, **fields)  # type: ignore[arg-type]
            )

        person(kuhmo, "Olli Overdue", date(2026, 7, 1))
        soon = person(kuhmo, "Saara Soon", date(2025, 12, 20))
        repository.save_interview(Interview(person_id=soon.id, day=date(2026, 3, 25), kind=InterviewKind.JOINING))
        covered = person(kuhmo, "Kalle Covered", date(2026, 8, 1))
        repository.save_interview(Interview(person_id=covered.id, day=date(2026, 10, 15)))
        person(kuhmo, "Leena Left", date(2025, 1, 1), left=date(2026, 11, 1))
        person(kuhmo, "Fanni Facilitator", date(2025, 1, 1), role=Role.FACILITATOR)
        person(kuhmo, "Nelli Nodate", None)
        person(inari, "Ánde Inari", date(2026, 9, 10))
        person(quiet, "Quentin Quiet", date(2026, 11, 1))


def coordinator_network(folder: Path) -> None:
    network(folder, role=WorkspaceRole.COORDINATOR)


def home_line(app_screen: object) -> str:
    assert isinstance(app_screen, HomeScreen)
    line = app_screen.query_one("#interviews-due", Plain)
    return str(line.render()) if line.display else ""


def rows(screen: InterviewsDueScreen) -> list[list[str]]:
    table = screen.query_one("#due-table", DataTable)
    return [[str(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]


@pytest.mark.app
async def test_home_says_how_many_are_due_and_v_lists_them(workspace_path: Path) -> None:
    network(workspace_path)
    app = make_app(Workspace.open(workspace_path), clock=demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert home_line(app.screen) == "Interviews: 1 due (v lists them)", "Inari, first in the list"
        await pilot.press("down")
        await pilot.pause()
        assert home_line(app.screen) == "Interviews: 1 due, 1 overdue (v lists them)", "Kuhmo"
        await pilot.press("down")
        await pilot.pause()
        assert home_line(app.screen) == "", "Quiet: nothing is due, nothing is said"
        await pilot.press("up", "v")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, InterviewsDueScreen)
        assert rows(screen) == [
            ["Olli Overdue", "Olli Overdue Oy", "1 Oct 2026", "after 3 months", "overdue 57 days"],
            ["Saara Soon", "Saara Soon Oy", "20 Dec 2026", "after 12 months", "due in 23 days"],
        ]
        never = screen.query_one("#never-due", Plain)
        assert never.display and str(never.render()) == (
            "1 member has no joined date and so is never due: fill it in on the roster."
        )
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


@pytest.mark.app
async def test_an_interview_entered_from_the_list_takes_the_member_off_it(workspace_path: Path) -> None:
    network(workspace_path)
    app = make_app(Workspace.open(workspace_path), clock=demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "v")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, InterviewsDueScreen)
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert type(form).__name__ == "InterviewForm"
        # Saved as the form saves it: what the list is shown after.
        saved = screen.repository.save_interview(
            Interview(person_id=screen.due[next(iter(screen.due))][1].person.id, day=date(2026, 11, 27))
        )
        form.dismiss(saved)
        await pilot.pause()
        assert app.screen is screen
        assert [row[0] for row in rows(screen)] == ["Saara Soon"]


@pytest.mark.app
async def test_p_writes_the_interview_form_of_the_member(workspace_path: Path, exports_folder: Path) -> None:
    network(workspace_path)
    app = make_app(Workspace.open(workspace_path), clock=demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "v")
        await pilot.pause()
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.pause()
        written = [notice for notice in notices(app) if "Written" in notice]
        assert written, notices(app)
        pdfs = list(exports_folder.rglob("*.pdf"))
        assert len(pdfs) == 1 and str(pdfs[0]) in written[0]
        assert "Olli Overdue" in pdf_text(pdfs[0])


@pytest.mark.app
async def test_the_coordinator_lists_every_group_with_its_name(workspace_path: Path) -> None:
    coordinator_network(workspace_path)
    app = make_app(Workspace.open(workspace_path), clock=demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, InterviewsDueScreen)
        assert [(row[0], row[1]) for row in rows(screen)] == [
            ("Kuhmo", "Olli Overdue"),
            ("Inari", "Ánde Inari"),
            ("Kuhmo", "Saara Soon"),
        ]
        await pilot.press("escape", "down")
        await pilot.pause()
        assert home_line(app.screen) == "Interviews in Kuhmo: 1 due, 1 overdue (v lists every group's)"


class FirstFrameHome(HomeScreen):
    """The home screen, noting the due line as its first frame shows it: as the list is first
    filled, on mounting."""

    def __init__(self, repository: Repository) -> None:
        super().__init__(repository)
        self.first_frame_line: str | None = None

    def refresh_groups(self, select: str | None = None) -> None:
        super().refresh_groups(select)
        if self.first_frame_line is None:
            self.first_frame_line = home_line(self)


@pytest.mark.app
async def test_home_counts_after_the_first_frame_and_again_on_coming_back(workspace_path: Path) -> None:
    network(workspace_path)
    app = make_app(Workspace.open(workspace_path), clock=demo_clock)
    home = FirstFrameHome(app.repository)
    app.get_default_screen = lambda: home  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert home.first_frame_line == "", "counted before the first frame, which reads every interview"
        assert home_line(app.screen) == "Interviews: 1 due (v lists them)", "Inari, counted after it"
        people = app.repository.people_by_group().values()
        saara = next(person for group in people for person in group if person.name == "Saara Soon")
        app.repository.save_interview(Interview(person_id=saara.id, day=date(2026, 11, 27)))  # as the form saves it
        await pilot.press("down")
        await pilot.pause()
        assert home_line(app.screen) == "Interviews: 1 due, 1 overdue (v lists them)", (
            "Kuhmo as counted: moving in the list does not count again"
        )
        await pilot.press("v")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert home_line(app.screen) == "Interviews: 1 overdue (v lists them)", "counted again on coming back"


@pytest.mark.app
async def test_nothing_due_says_so(workspace_path: Path) -> None:
    network(workspace_path)
    app = make_app(Workspace.open(workspace_path), clock=demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "down", "v")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, InterviewsDueScreen)
        assert not screen.query_one("#due-table").display
        empty = screen.query_one("#no-due", Plain)
        assert empty.display and str(empty.render()) == "No interviews are due."


@pytest.mark.app
async def test_the_months_setting_is_checked_kept_and_counted_by(workspace_path: Path) -> None:
    network(workspace_path)
    app = make_app(Workspace.open(workspace_path), clock=demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down")
        await pilot.pause()
        assert home_line(app.screen) == "Interviews: 1 due, 1 overdue (v lists them)", "Kuhmo by 3 and 12 months"
        await pilot.press("s")
        await pilot.pause()
        settings = app.screen
        assert isinstance(settings, SettingsScreen)
        field = settings.query_one("#settings-interview-months", Input)
        assert field.value == "3, 12"
        assert field.region.bottom <= SIZE[1], "in view at 80×24"
        field.focus()
        field.value = "12, 3"
        await pilot.press("enter")
        await pilot.pause()
        (refused,) = [note for note in app._notifications if note.severity == "error"]
        assert (refused.title, refused.message) == (
            "Not kept",
            "Give the months in increasing order, each once, such as 3, 12.",
        )
        assert read_setting(workspace_path, INTERVIEW_MONTHS_SETTING) is None
        field.value = "6 24"
        await pilot.press("enter")
        await pilot.pause()
        assert field.value == "6, 24"
        assert read_setting(workspace_path, INTERVIEW_MONTHS_SETTING) == [6, 24]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        # Kuhmo by 6 and 24 months: Olli's first on 1 Jan 2027 (not yet due); Saara's on 20 Jun 2026,
        # overdue (her interview of 25 Mar is before its month: on joining, not the 6-month one).
        assert home_line(app.screen) == "Interviews: 1 overdue (v lists them)"


@pytest.mark.processes
def test_the_command_prints_the_due_list_as_a_table(workspace_path: Path) -> None:
    network(workspace_path)
    result = facilitator("interviews", "due", "--workspace", workspace_path, env={"FACILITATOR_NOW": NOW})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["Group", "Member", "Company", "Due", "After", "Status"]
    olli = "Kuhmo Olli Overdue Olli Overdue Oy 1 Oct 2026 after 3 months overdue 57 days"
    assert lines[1].split() == olli.split()
    assert [line.split()[1] for line in lines[2:4]] == ["Ánde", "Saara"]
    assert lines[4:] == ["1 member has no joined date and so is never due: fill it in on the roster."]
    assert len({line.index("after") for line in lines[1:4]}) == 1, "aligned"

    one = facilitator(
        "interviews", "due", "--group", "kuhmo", "--workspace", workspace_path, env={"FACILITATOR_NOW": NOW}
    )
    assert [line.split()[1] for line in one.stdout.splitlines()[1:3]] == ["Olli", "Saara"]

    none = facilitator(
        "interviews", "due", "--group", "quiet", "--workspace", workspace_path, env={"FACILITATOR_NOW": NOW}
    )
    assert (none.returncode, none.stdout) == (0, "No interviews are due.\n")


@pytest.mark.processes
def test_an_unknown_group_is_refused_naming_the_groups(workspace_path: Path) -> None:
    network(workspace_path)
    result = facilitator("interviews", "due", "--group", "Oulu", "--workspace", workspace_path)
    assert result.returncode == 1
    assert "Oulu" in result.stderr and "Inari, Kuhmo, Quiet" in result.stderr
