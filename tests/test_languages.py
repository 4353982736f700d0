"""The screens in Finnish and Swedish: ``tests/languages`` runs for each language in processes of its
own, since the screens translate their keys and help when they are imported. Here too: the English
detector those tests rely on does find English, so that their passing means something."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator.app import make_app
from storage.workspace import Workspace
from tests.conftest import demo_clock
from tests.languages.english import Data, english_on, screen_text, suspect_words

ROOT = Path(__file__).resolve().parents[1]


LANGUAGES = ("fi", "sv")

#: ``tests/languages`` in two halves of about half a minute each (pytest's ``-k`` expressions), which
#: the workers run side by side; the second takes whatever the first does not, so no test is left out.
PARTS = {
    "roster, planner and home": "roster_and_the_screens_it_opens or planner_and_preparing_a_meeting"
    " or home_settings_palette_and_group_form",
}
THE_REST = "the rest"


def selection(part: str) -> str:
    if part == THE_REST:
        return " and ".join(f"not ({expression})" for expression in PARTS.values())
    return PARTS[part]


def run_the_language_tests(code: str, folder: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """``tests/languages`` in ``code``'s language, its output (and errors) in ``stdout``."""
    command = [sys.executable, "-m", "pytest", "tests/languages", "-q", "-p", "no:cacheprovider"]
    return subprocess.run(
        [*command, f"--basetemp={folder}", *arguments],
        cwd=ROOT,
        env={**os.environ, "FACILITATOR_TEST_LANGUAGE": code},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=1200,
    )


@pytest.mark.processes
@pytest.mark.longest
@pytest.mark.parametrize("part", [*PARTS, THE_REST])
@pytest.mark.parametrize("code", LANGUAGES)
def test_every_screen_speaks_the_language(code: str, part: str, tmp_path: Path) -> None:
    run = run_the_language_tests(code, tmp_path, "-k", selection(part))
    assert run.returncode == 0, run.stdout  # 5 when the part has no test


@pytest.mark.processes
def test_the_languages_refuse_to_run_in_english(tmp_path: Path) -> None:
    run = run_the_language_tests("xx", tmp_path)  # not a language: English
    assert run.returncode != 0 and "set FACILITATOR_TEST_LANGUAGE" in run.stdout


@pytest.mark.app
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


def test_the_detector_reads_a_stored_text_wrapped_onto_the_next_line_as_data() -> None:
    """A memo entry the search shows wraps at the list's edge: its last word may stand alone below,
    where it goes on from the line above; a label alone on a line after another text is still English."""
    data = Data()
    data.add("needs a partner now that the turnover passed the VAT threshold")
    suspects = frozenset({"threshold", "meeting"})
    screen = "\n".join(
        [
            "▊ needs a partner now that the turnover passed the VAT   ▎",
            "▊ threshold                                               ▎",
            "▊ threshold                                               ▎",  # follows itself in no stored text
            "▊ meeting                                                 ▎",
        ]
    )
    assert english_on(screen, suspects, data) == [("threshold", "▊ threshold ▎"), ("meeting", "▊ meeting ▎")]


def test_a_label_below_a_stored_text_is_no_wrapped_text_in_another_column_or_below_two_cells() -> None:
    """In a screen of two panes the line above may end in a stored text's word that a label in the
    other pane happens to follow: only a line of one cell, wrapped into the same column, excuses."""
    data = Data()
    data.add("the host served coffee and meeting notes")
    suspects = frozenset({"meeting"})
    screen = "\n".join(
        [
            "▊ the host served coffee and                              ▎",
            "▊    meeting                                              ▎",  # another column
            "▊ Name   the host served coffee and                       ▎",
            "▊ meeting                                                 ▎",  # below two cells
            "▊ the host served coffee and                              ▎",
            "▊ meeting notes                                           ▎",  # wrapped: data
        ]
    )
    assert english_on(screen, suspects, data) == [
        ("meeting", "▊ meeting ▎"),
        ("meeting", "▊ meeting ▎"),
    ]


def test_a_stored_word_alone_in_a_sliver_between_two_dialogs_is_data() -> None:
    """Under a help drawn over a dialog, a table may show one word of a stored text between the two
    dialogs' edges, both its neighbours hidden: data when a stored text holds it, else English."""
    data = Data()
    data.add("lost one customer out of forty")
    screen = "▊ The group takes part in the █ ▊ customer█ █ ▎\n▊ The group takes part in the █ ▊ supplier█ █ ▎"
    assert english_on(screen, frozenset({"customer", "supplier"}), data) == [
        ("supplier", "▊ The group takes part in the █ ▊ supplier█ █ ▎")
    ]
