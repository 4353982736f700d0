"""A filter's date that is not one says why, as a form does: the needs overview and the activity
analysis through the real app at 80×24, on a coordinator's imported bundles."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from screens.analysis import ActivityAnalysisScreen
from screens.widgets.plain import Plain
from tests import test_network_screens
from tests.network_screens_support import SIZE, app_on, loaded, open_dashboard, open_needs

#: The coordinator's workspace with three groups imported from their bundles (a fixture).
coordinator = test_network_screens.coordinator

NOT_A_DATE = "“45.45.2026” is not a date: write it as 2024-03-15 or 15.3.2024."


def told(screen) -> str | None:
    """What the line under the filters says, when it is in view."""
    line = screen.query_one("#filter-problem", Plain)
    if not line.display:
        return None
    assert line.region.height >= 1 and line.region.bottom <= SIZE[1], "the reason is on the screen"
    return str(line.render())


@pytest.mark.app
async def test_a_wrong_date_in_the_needs_filter_says_why(coordinator: Path) -> None:
    app = app_on(coordinator)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_needs(pilot)
        every_need = list(screen.needs)
        await pilot.press("g", "tab")
        start = screen.query_one("#filter-start", Input)
        assert start.has_focus
        await pilot.press(*"45.45.2026")
        await pilot.pause()
        assert start.has_class("-wrong") and told(screen) is None, "not while the date is being typed"
        await pilot.press("tab")
        await pilot.pause()
        assert told(screen) == NOT_A_DATE
        assert screen.needs == every_need, "the wrong date filters nothing"
        start.value = "1.1.2026"
        await pilot.pause()
        assert told(screen) is None and not start.has_class("-wrong")
        assert screen.needs and all(coded.day.year >= 2026 for coded in screen.needs)
        await pilot.press(*"31.12.2025")  # the focus is in the end field since the tab above
        await pilot.pause()
        assert told(screen) == "The period ends before it starts.", "at once: both dates are whole"
        assert screen.query_one("#filter-end", Input).has_class("-wrong") and start.has_class("-wrong")
        assert not screen.needs
        await pilot.press("backspace")  # once reasons are shown, they follow what is typed until all is right
        await pilot.pause()
        assert told(screen) == "“31.12.202” is not a date: write it as 2024-03-15 or 15.3.2024."
        await pilot.press("6")
        await pilot.pause()
        assert told(screen) is None and screen.needs and all(coded.day.year == 2026 for coded in screen.needs)


@pytest.mark.app
async def test_a_wrong_date_in_the_analysis_filter_says_why_on_enter(coordinator: Path) -> None:
    app = app_on(coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await open_dashboard(pilot)
        await pilot.press("a")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ActivityAnalysisScreen)
        await loaded(pilot, screen)
        await pilot.press("g", "tab", "tab", *"45.45.2026", "enter")
        await pilot.pause()
        assert screen.query_one("#filter-end", Input).has_focus
        assert told(screen) == NOT_A_DATE


def test_a_period_is_read_with_a_reason_for_each_wrong_part() -> None:
    from datetime import date

    from facilitator.model.problems import read_period

    labels = {"start": "from", "end": "to"}
    assert read_period({"start": "1.1.2026", "end": ""}, labels) == ({"start": date(2026, 1, 1), "end": None}, [])
    days, problems = read_period({"start": "45.45.2026", "end": "2026-06-30"}, labels)
    assert days == {"end": date(2026, 6, 30)} and [(p.field, p.message) for p in problems] == [("start", NOT_A_DATE)]
    days, problems = read_period({"start": "1.7.2026", "end": "2026-06-30"}, labels)
    assert days == {"start": date(2026, 7, 1), "end": date(2026, 6, 30)}
    assert [(p.field, p.message) for p in problems] == [("period", "The period ends before it starts.")]
