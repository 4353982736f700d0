"""The settings screen: the language chosen is kept for the workspace and the app starts again in it."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import OptionList

from facilitator import cli
from facilitator.app import make_app
from screens.home import HomeScreen
from screens.settings import SettingsScreen
from storage.workspace import Workspace
from storage.workspace_info import LANGUAGE_SETTING, read_setting

SIZE = (80, 24)


@pytest.mark.app
async def test_choosing_a_language_keeps_it_and_asks_for_a_new_start(workspace_path: Path) -> None:
    app = make_app(Workspace.open(workspace_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        choices = app.screen.query_one("#settings-languages", OptionList)
        assert [str(choices.get_option_at_index(i).prompt) for i in range(choices.option_count)] == [
            "English",
            "Suomi",
            "Svenska",
        ]
        assert choices.highlighted == 0, "the language in use is where the cursor starts"
        await pilot.press("down", "enter")
        await pilot.pause()
    assert app.restart_requested
    assert read_setting(workspace_path, LANGUAGE_SETTING) == "fi"


@pytest.mark.app
async def test_escape_changes_nothing_and_the_language_in_use_is_kept_without_a_new_start(
    workspace_path: Path,
) -> None:
    with Workspace.open(workspace_path) as workspace:
        workspace.save_setting(LANGUAGE_SETTING, "sv")  # as if this start had --lang en
    app = make_app(Workspace.open(workspace_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert read_setting(workspace_path, LANGUAGE_SETTING) == "sv"
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("enter")  # English, the language in use
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and not app.restart_requested
    assert read_setting(workspace_path, LANGUAGE_SETTING) == "en"


#: How ``run_app`` starts the app again: POSIX replaces the process (exec), Windows runs a child.
PLATFORMS = ["posix", "nt"]


class _OsAs:
    """The ``os`` that ``facilitator.cli`` sees, named as on another platform; the rest is ``os``."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __getattr__(self, attribute: str) -> object:
        return getattr(os, attribute)


def caught_new_starts(
    monkeypatch: pytest.MonkeyPatch, platform: str, seen: Callable[[list[str]], object] = lambda command: command
) -> list[object]:
    """What ``seen`` makes of each command ``run_app`` starts the app again with, as it does on
    ``platform``; both ways of starting it (exec and a child process) are caught, so no test ever
    starts a real app, on any platform."""
    started: list[object] = []
    monkeypatch.setattr(cli, "os", _OsAs(platform))
    monkeypatch.setattr(os, "execv", lambda program, command: started.append(seen(command)))
    monkeypatch.setattr(subprocess, "call", lambda command, *args, **kwargs: started.append(seen(command)) or 0)
    return started


@pytest.mark.parametrize("platform", PLATFORMS)
def test_a_new_language_starts_the_app_again_on_the_same_workspace(
    workspace_path: Path, monkeypatch: pytest.MonkeyPatch, platform: str
) -> None:
    """``run_app`` starts the app again on the workspace (the new start itself is caught)."""

    def run(app: object) -> None:
        app.restart_requested = True  # as the settings screen leaves it

    monkeypatch.setattr("facilitator.app.FacilitatorApp.run", run)
    started = caught_new_starts(monkeypatch, platform)
    workspace = Workspace.open(workspace_path)
    cli.run_app(workspace)
    workspace.close()
    assert started and started[0][1:] == ["-m", "facilitator", "--workspace", str(workspace.folder)]
