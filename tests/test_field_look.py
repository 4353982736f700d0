"""Every field looks like a field, whatever the terminal does with colours.

A field was once told from its label and from the dialog only by a background a shade lighter:
a 16-colour terminal (``TERM=xterm``) turns both shades to black, and ``NO_COLOR`` to greys a few
steps apart. Now every text line, choice and text box has a line under its text (screens/fields.tcss).
The walks of ``tests/tours.py`` reach every screen and form; on each, every field shown draws its
last row as a line the whole width of the field, standing out from the background at least 3:1
(what WCAG asks of the edge of a control) as the terminal shows it: in the theme's own colours and
in 16 colours (the same walk: only the colours written differ), and with ``NO_COLOR`` set (a walk of
its own: the app styles itself for it).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App
from textual.color import Color
from textual.command import CommandInput
from textual.geometry import Region
from textual.widget import Widget

from facilitator.app import make_app
from storage.workspace import Workspace, WorkspaceRole
from tests import test_network_screens, tours
from tests.colour_modes import SixteenColours, app_in_mode, unseen_cells
from tests.conftest import demo_clock
from tests.tours import SIZE, Tour, Walk

pytestmark = pytest.mark.app

#: The coordinator's workspace with three groups imported from their bundles (a fixture).
coordinator = test_network_screens.coordinator

#: What a person types into or chooses from (a Select shows its choice in its SelectCurrent).
FIELDS = "Input, SelectCurrent, TextArea"


def named(widget: Widget) -> str:
    return f"{type(widget).__name__}#{widget.id}" if widget.id else f"{type(widget).__name__} in {widget.parent.id}"


class FieldTour(Tour):
    """A walk that keeps, screen by screen, the fields whose line under the text does not show."""

    def __init__(self, app: App, pilot, mode: str) -> None:  # Textual's Pilot
        super().__init__(app, pilot)
        self.mode = mode
        self.findings: dict[str, list[str]] = {}
        self.fields_seen = 0

    async def examine(self, name: str) -> None:
        found = []
        for field in self.app.screen.query(FIELDS):
            if isinstance(field, CommandInput) or not field.region:
                continue  # the palette's frame shows its search line; a field on a tab not shown
            self.fields_seen += 1
            width, height = field.outer_size
            last_row = field.render_lines(Region(0, height - 1, width, 1))[0]
            if self.mode == "no_color":
                shown = {"NO_COLOR": last_row}
            else:
                shown = {"true colour": last_row, "16 colours": SixteenColours().apply(list(last_row), Color(0, 0, 0))}
            for terminal, row in shown.items():
                if unseen := unseen_cells(row):
                    found.append(f"{named(field)}: {unseen} of {width} cells under its text show no line in {terminal}")
        if found:
            self.findings[name] = found

    def check(self) -> None:
        assert self.fields_seen, "the walk met no field"
        if self.findings:
            lines = [f"{screen}: {problem}" for screen, problems in self.findings.items() for problem in problems]
            pytest.fail("Fields that do not look like fields:\n" + "\n".join(lines), pytrace=False)


@pytest.mark.longest
@pytest.mark.parametrize("mode", ["default", "no_color"])
@pytest.mark.parametrize("walk", tours.DEMO_WALKS, ids=lambda walk: walk.__name__)
async def test_every_field_of_the_demo_network_is_underlined(
    walk: Walk, mode: str, demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_in_mode(mode, lambda: make_app(Workspace.open(demo_path), demo_clock), monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        tour = FieldTour(app, pilot, mode)
        await walk(tour)
    tour.check()


@pytest.mark.parametrize("mode", ["default", "no_color"])
async def test_every_field_of_the_coordinator_is_underlined(
    mode: str, coordinator: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(coordinator.parent / "inbox"))  # the import screen opens in the home folder
    app = app_in_mode(
        mode, lambda: make_app(Workspace.open(coordinator, role=WorkspaceRole.COORDINATOR), demo_clock), monkeypatch
    )
    async with app.run_test(size=SIZE) as pilot:
        tour = FieldTour(app, pilot, mode)
        await tours.the_coordinators_screens(tour)
    tour.check()
