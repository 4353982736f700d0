"""Every screen and dialog of the app, opened with its keys as a person does, in the language of the
run: no English word may show, at 80x24 nor at a larger size (where more columns and help fit), nor
Textual's English names and descriptions of keys in a footer or in help, the roster's English
consent initials or an English pseudonym (``untranslated.py``).

Each walk of ``tests/tours.py`` goes through a part of the app and looks at every screen on its
way; the test fails with every English word it saw, screen by screen, each with the line it is on.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator.app import make_app
from facilitator.i18n import language
from storage.workspace import Workspace, WorkspaceRole
from tests import test_network_screens, tours
from tests.conftest import demo_clock
from tests.languages.english import Data, english_on, footer_cut, report, screen_text, suspect_words
from tests.languages.untranslated import ANY_PSEUDONYM, english_keys, english_marks, english_pseudonyms
from tests.tours import SIZE, Tour, Walk

pytestmark = pytest.mark.app

#: The coordinator's workspace with three groups imported from their bundles (a fixture).
coordinator = test_network_screens.coordinator
#: A workspace where a member's company was changed apart on two laptops (a fixture).
conflicting = tours.conflicting

#: Wide and tall enough for every column and every row of help that 80x24 cuts off.
LARGE = (160, 50)


class LanguageTour(Tour):
    """A walk that keeps the English it sees on each screen."""

    opens_lists = True

    def __init__(self, app, pilot, folders: list[Path]) -> None:
        super().__init__(app, pilot)
        self.folders = folders
        self.suspects = suspect_words(language())
        self.findings: dict[str, list[tuple[str, str]]] = {}
        #: How many pseudonyms the walk saw, in any language (a coordinator's copy holds some).
        self.pseudonyms_seen = 0

    async def examine(self, name: str) -> None:
        """Look at the screen at both sizes."""
        data = Data.of_folders(*self.folders)  # read now: the tour may have typed some
        text = screen_text(self.app)
        seen = english_on(text, self.suspects, data) + [
            (f"cut: {label}", line) for label, line in footer_cut(self.app, text)
        ]
        seen += english_keys(self.app) + english_marks(self.app) + english_pseudonyms(text)
        self.pseudonyms_seen += len(ANY_PSEUDONYM.findall(text))
        await self.pilot.resize_terminal(*LARGE)
        await self.pilot.pause(0.05)
        large = screen_text(self.app)
        seen += english_on(large, self.suspects, data) + english_pseudonyms(large)
        await self.pilot.resize_terminal(*SIZE)
        await self.pilot.pause(0.05)
        if seen:
            self.findings[name] = seen

    def check(self) -> None:
        if self.findings:
            pytest.fail(f"English on the {language()} screens:\n{report(self.findings)}", pytrace=False)


@pytest.mark.parametrize("walk", tours.DEMO_WALKS, ids=lambda walk: walk.__name__)
async def test_a_walk_on_the_demo_network(walk: Walk, demo_path: Path) -> None:
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        tour = LanguageTour(app, pilot, [demo_path])
        await walk(tour)
    tour.check()


async def test_conflicts_with_a_conflict(conflicting: Path) -> None:
    app = make_app(Workspace.open(conflicting), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        tour = LanguageTour(app, pilot, [conflicting])
        await tours.conflicts_with_a_conflict(tour)
    tour.check()


async def test_the_coordinators_screens(coordinator: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inbox = coordinator.parent / "inbox"
    monkeypatch.setenv("HOME", str(inbox))  # the import screen opens in the home folder
    app = make_app(Workspace.open(coordinator, role=WorkspaceRole.COORDINATOR), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        tour = LanguageTour(app, pilot, [coordinator, inbox])
        await tours.the_coordinators_screens(tour)
    tour.check()
    assert tour.pseudonyms_seen, "the walk saw no pseudonym: the check for English ones looked at none"
