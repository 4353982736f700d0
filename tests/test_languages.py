"""The screens in Finnish and Swedish: ``tests/languages`` runs once per language, each in a process
of its own, since the screens translate their keys and help when they are imported. Here too: the
English detector those tests rely on does find English, so that their passing means something."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from facilitator.app import make_app
from storage.workspace import Workspace
from tests.conftest import demo_clock
from tests.languages.english import Data, english_on, screen_text, suspect_words

ROOT = Path(__file__).resolve().parents[1]


LANGUAGES = ("fi", "sv")


def run_the_language_tests(code: str, folder: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "pytest", "tests/languages", "-q", "-p", "no:cacheprovider", f"--basetemp={folder}"],
        cwd=ROOT,
        env={**os.environ, "FACILITATOR_TEST_LANGUAGE": code},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.fixture(scope="module")
def language_runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, subprocess.Popen[str]]]:
    """Both languages at once: each takes a minute and a half on its own."""
    runs = {code: run_the_language_tests(code, tmp_path_factory.mktemp(code)) for code in LANGUAGES}
    yield runs
    for run in runs.values():
        if run.poll() is None:
            run.kill()
            run.wait()


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_screen_speaks_the_language(code: str, language_runs: dict[str, subprocess.Popen[str]]) -> None:
    output, _ = language_runs[code].communicate(timeout=1200)
    assert language_runs[code].returncode == 0, output


def test_the_languages_refuse_to_run_in_english(tmp_path: Path) -> None:
    environment = {**os.environ, "FACILITATOR_TEST_LANGUAGE": "xx"}  # not a language: English
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/languages", "-q", "-p", "no:cacheprovider", f"--basetemp={tmp_path}"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode != 0 and "set FACILITATOR_TEST_LANGUAGE" in run.stdout + run.stderr


@pytest.mark.parametrize("code", ["fi", "sv"])
async def test_the_detector_finds_the_english_home_screen(code: str, demo_path: Path) -> None:
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
    found = {word for word, _line in english_on(text, suspect_words(code), Data.of_folders(demo_path))}
    assert {"groups", "municipality", "rename", "archive", "settings"} <= found, text
    assert not found & {"inari", "lapland", "group"}, "the groups' own names and places are data"


def test_the_detector_tells_data_from_labels() -> None:
    data = Data()
    data.add("Welcome and round of news")
    data.add("Summer help and seasonal workers")
    data.add("held")  # a stored state, which the screen must translate
    suspects = frozenset({"welcome", "round", "news", "season", "held", "meeting"})
    screen = "Welcome and round of n…  Summer help and season  held\nNext meeting  Welcome…"
    assert english_on(screen, suspects, data) == [
        ("held", "Welcome and round of n… Summer help and season held"),
        ("meeting", "Next meeting Welcome…"),
    ]


def test_the_detector_sees_a_label_beside_a_dialog() -> None:
    """A dialog over a table hides the start of what shows right of its edge: a stored text there is
    data, but a label cut by the edge ("Next meeting"), or one after a space, is still English."""
    data = Data()
    data.add("Members will go to a training course together")
    data.add("Plans for the first meeting")
    suspects = frozenset({"course", "meeting"})
    screen = "\n".join(
        [
            " 30 Jan  │ Re-code the entry                │ing course",  # "training course", cut by the edge
            " 30 Jan  █ Re-code the entry                █ing course",  # a thick border cuts the same
            " 30 Jan  │ together                         │t meeting",  # "Next meeting": "t" ends too many words
            " 30 Jan  │ together                         │ ing course",  # a word begins after the space
        ]
    )
    assert english_on(screen, suspects, data) == [
        ("meeting", "30 Jan │ together │t meeting"),
        ("course", "30 Jan │ together │ ing course"),
    ]
