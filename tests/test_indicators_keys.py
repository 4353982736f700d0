"""The indicators report from the command and from the keys of the history and the network
dashboard: the files written where they are asked for, the period and the lock asked first."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from storage.indicator_locks import locks
from storage.workspace import Workspace
from tests.conftest import demo_clock, make_demo
from tests.sync_support import opened
from tests.test_cli import facilitator, one_line_error
from tests.test_indicators import FIRST, LAST, _expected, _read_csv


@pytest.fixture
def demo_folder(tmp_path: Path) -> Path:
    """A demo workspace of two groups and two years."""
    folder = tmp_path / "demo"
    make_demo(folder, groups=2, years=2)
    return folder


@pytest.mark.processes
def test_the_command_writes_both_files_and_locks_once(demo_folder: Path, tmp_path: Path) -> None:
    folder = demo_folder
    out = tmp_path / "out"
    refused = one_line_error(facilitator("report", "indicators", "--workspace", folder, "--to", out), 1)
    assert "This workspace has 2 groups: name one with --group (Inari peer group" in refused
    arguments = ("report", "indicators", "--workspace", folder, "--group", "Inari")
    result = facilitator(*arguments, "--from", "2025-01-01", "--until", "31.12.2025", "--to", out, "--lock")
    assert result.returncode == 0, result.stderr
    first_line, second_line, locked = result.stdout.splitlines()
    pdf, table = Path(first_line), Path(second_line)
    assert locked == "Locked 1 Jan 2025 – 31 Dec 2025 of Inari peer group: its figures stay as reported."
    assert pdf == out / "inari-peer-group-indicators-2025-01-01-2025-12-31.pdf" and pdf.exists()
    assert table == out / "inari-peer-group-indicators-2025-01-01-2025-12-31.csv" and table.exists()
    with opened(folder) as repository:
        repository.load_all()
        (lock,) = locks(repository.workspace)
        assert (lock.first, lock.last) == (FIRST, LAST)
        assert lock.values["RCO01"] == _read_csv(table)[0]["RCO01"] == _expected(repository, [lock.scope[0]])["RCO01"]
    again = one_line_error(facilitator(*arguments, "--from", "2025-06-01", "--until", "2026-05-31", "--lock"), 1)
    assert "1 Jan 2025 – 31 Dec 2025 is locked already" in again
    mixed = facilitator(*arguments, "--from", "2025-06-01", "--until", "2025-05-31")
    assert mixed.returncode == 2 and "--from is after --until" in mixed.stderr
    # An archived group is not asked for: the one still running is the workspace's group.
    with opened(folder) as repository:
        other = next(group for group in repository.groups() if not group.name.startswith("Inari"))
        repository.save_group(replace(other, archived=True))
    only = facilitator("report", "indicators", "--workspace", folder, "--to", out)
    assert only.returncode == 0, only.stderr
    assert only.stdout.splitlines()[0] == str(out / "inari-peer-group-indicators-2025-01-01-2025-12-31.pdf")


@pytest.mark.app
async def test_the_history_key_writes_the_indicators_of_the_period_asked(
    demo_folder: Path, exports_folder: Path
) -> None:
    from textual.widgets import Checkbox, Input

    from facilitator.app import make_app
    from screens.confirm import ConfirmScreen
    from screens.history import HistoryScreen
    from screens.indicators import IndicatorsDialog

    folder = demo_folder
    app = make_app(Workspace.open(folder), demo_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        group = app.repository.groups()[0]
        screen = HistoryScreen(app.repository, group)
        await app.push_screen(screen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, IndicatorsDialog)
        assert dialog.query_one("#input-first", Input).value == "2025-01-01"  # last year, by default
        assert dialog.query_one("#input-last", Input).value == "2025-12-31"
        assert dialog.query_one("#indicators-write").region.bottom <= 24  # the whole dialog fits
        dialog.query_one("#input-last", Input).value = "30.6.2024"  # before the first day
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog
        assert "The period ends before it starts." in str(dialog.query_one("#field-last .field-error").render())
        dialog.query_one("#indicators-lock", Checkbox).value = True
        dialog.query_one("#input-last", Input).value = "2026-11-27"  # today: the period is not over
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog
        assert str(dialog.query_one("#field-last .field-error").render()) == ""
        assert "A period can be locked once it is over" in str(dialog.query_one("#indicators-problem").render())
        dialog.query_one("#input-last", Input).value = "2025-06-30"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)  # asked before it locks
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is dialog and locks(app.repository.workspace) == []
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        message = await _notice(pilot, "Written: ")
        assert app.screen is screen
        assert "Locked 1 Jan 2025 – 30 Jun 2025 of Inari peer group" in message
        pdf, table = (Path(line.removeprefix("Written: ")) for line in message.splitlines()[:2])
        assert pdf.parent == exports_folder and pdf.name == "inari-peer-group-indicators-2025-01-01-2025-06-30.pdf"
        assert table.suffix == ".csv" and table.exists()
        (lock,) = locks(app.repository.workspace)
        assert (lock.first, lock.last, lock.scope) == (FIRST, date(2025, 6, 30), (group.id,))

        app.clear_notifications()
        await pilot.press("i")
        await pilot.pause()
        app.screen.query_one("#indicators-lock", Checkbox).value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        refused = await _notice(pilot, "", severity="error")
        assert "1 Jan 2025 – 30 Jun 2025 is locked already (since 27 Nov 2026)" in refused

        # Days typed and not written are not thrown away by Esc without asking.
        app.clear_notifications()
        await pilot.press("i")
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#input-first", Input).value = "2024-01-01"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is dialog and dialog.query_one("#input-first", Input).value == "2024-01-01"
        await pilot.press("escape", "y")
        await pilot.pause()
        assert app.screen is screen


async def _notice(pilot, start: str, severity: str = "information") -> str:  # type: ignore[no-untyped-def]
    for _attempt in range(1500):
        for note in pilot.app._notifications:
            if note.message.startswith(start) and note.severity == severity:
                return note.message
            assert note.severity != "error" or severity == "error", note.message
        await pilot.pause(0.02)
    raise AssertionError([note.message for note in pilot.app._notifications])


@pytest.mark.app
async def test_the_dashboard_key_writes_the_whole_networks_indicators(demo_folder: Path, exports_folder: Path) -> None:
    from facilitator.app import make_app
    from screens.indicators import IndicatorsDialog
    from screens.network import NetworkDashboardScreen

    folder = demo_folder
    app = make_app(Workspace.open(folder), demo_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = NetworkDashboardScreen(app.repository)
        await app.push_screen(screen)
        for _attempt in range(500):
            if screen.network is not None:
                break
            await pilot.pause(0.02)
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, IndicatorsDialog)
        await pilot.press("ctrl+s")
        message = await _notice(pilot, "Written: ")
        # Written as the dashboard writes its files: its own progress line, no "Writing…" notice.
        assert str(screen.query_one("#export-status").render()) == "Writing the indicators…"
        assert not any(note.message == "Writing…" for note in app._notifications)
        pdf, table = (Path(line.removeprefix("Written: ")) for line in message.splitlines()[:2])
        assert pdf == exports_folder / "network-indicators-2025-01-01-2025-12-31.pdf" and pdf.exists()
        values, _basis = _read_csv(table)
        expected = _expected(app.repository, [group.id for group in app.repository.groups()])
        assert values["RCO01"] == expected["RCO01"] > 0 and values["meetings-held"] == expected["meetings-held"]
        first_page = PdfReader(pdf).pages[0].extract_text()
        assert "The whole network (2 groups)" in first_page
        assert "The whole network (2 groups) · 1 Jan 2025 – 31 Dec 2025" in first_page  # the footer
        assert locks(app.repository.workspace) == []  # not asked to lock


@pytest.mark.app
@pytest.mark.parametrize("code", ["fi", "sv"])
async def test_the_dialog_shows_the_days_the_languages_way_and_says_the_year_is_a_calendar_year(
    demo_folder: Path, code: str
) -> None:
    from textual.widgets import Input

    from facilitator.app import make_app
    from facilitator.i18n import language, use_language
    from screens.indicators import IndicatorsChoice, IndicatorsDialog

    before = language()
    use_language(code)
    try:
        app = make_app(Workspace.open(demo_folder), demo_clock)
        async with app.run_test(size=(80, 24)) as pilot:
            chosen: list[IndicatorsChoice | None] = []
            dialog = IndicatorsDialog("Inari peer group", FIRST, LAST, date(2026, 11, 27), 1)
            await app.push_screen(dialog, chosen.append)
            await pilot.pause()
            # The day first, as Finland writes a date in figures (and as the field reads it back).
            assert dialog.query_one("#input-first", Input).value == "1.1.2025"
            assert dialog.query_one("#input-last", Input).value == "31.12.2025"
            hint = str(dialog.query_one("#indicators-period").render())
            assert "2025" in hint and {"fi": "kalenterivuosi", "sv": "kalenderåret"}[code] in hint
            assert {"fi": "12 kuukautta", "sv": "12 månaderna"}[code] in hint
            assert dialog.query_one("#indicators-write").region.bottom <= 24  # the whole dialog fits
            dialog.query_one("#input-first", Input).value = "2025-03-01"  # the ISO form is read too
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert chosen == [IndicatorsChoice(date(2025, 3, 1), LAST, False)]
    finally:
        use_language(before)
