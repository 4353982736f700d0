"""The tours' checks for English the word detector cannot see (``untranslated.py``) find it: the
roster's consent initials as in English, and pseudonyms with an English kind where the language
writes another."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator import roster
from facilitator.app import make_app
from facilitator.i18n import language
from screens.roster import RosterScreen
from storage.workspace import Workspace
from tests.conftest import demo_clock
from tests.languages.untranslated import english_marks, english_pseudonyms
from tests.tours import SIZE


@pytest.mark.app
async def test_the_roster_shows_the_consents_initials_of_the_language_and_the_check_sees_english_ones(
    demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RosterScreen)
        assert english_marks(app) == []
        monkeypatch.setattr(roster, "consent_initials", lambda: ("A", "R", "C"))
        screen.refresh_people()
        await pilot.pause()
        assert english_marks(app), "the roster shows ARC and the check saw nothing"


def test_a_pseudonym_with_an_english_kind_is_found_where_the_language_writes_another() -> None:
    line = "Member-3F9A2C and Guest-81BC0D met Facilitator-0A1B2C"
    found = [what for what, _line in english_pseudonyms(f"│ {line} │")]
    # Swedish writes "Facilitator" as English does: only the kinds it writes otherwise are English there
    assert found == [
        f"pseudonym in English: {name}" for name in line.split()[::2] if language() == "fi" or "Fac" not in name
    ]
    assert english_pseudonyms("Jäsen-3F9A2C Medlem-3F9A2C Gäst-81BC0D") == []
