"""The search screen as a person uses it: what the list shows and how it reads, its keys in the
footer and the help, going back to the words from the list, a long query, a damaged file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Footer, Input, OptionList

from facilitator.app import make_app
from facilitator.history import MeetingRecords
from facilitator.search import SearchableEntry, searchable_entries
from screens.help import keys_of
from screens.search import SHOWN, MeetingEntriesDialog, SearchScreen
from screens.widgets.found_list import FoundList
from storage.errors import DamagedFile
from storage.workspace import Workspace
from tests.conftest import demo_clock
from tests.network_screens_support import SIZE
from tests.test_search import GROUP, entry, meeting, type_query


def synthetic(count: int) -> list[SearchableEntry]:
    """``count`` entries "Vientiä Ruotsiin N", each in a meeting of its own day."""
    held = meeting(date(2026, 3, 10))
    memo = [entry(held, f"Vientiä Ruotsiin {number}", number) for number in range(count)]
    return list(searchable_entries(GROUP, [held], {held.id: MeetingRecords(memo=memo)}))


async def search_screen(pilot, entries: list[SearchableEntry], damaged: tuple[DamagedFile, ...] = ()) -> SearchScreen:
    def read(left_out: list[DamagedFile]) -> list[SearchableEntry]:
        left_out.extend(damaged)
        return entries

    screen = SearchScreen(read, "test")
    await pilot.app.push_screen(screen)
    await pilot.pause()
    return screen


def line_text(widget, y: int) -> list[tuple[str, str]]:
    """The segments of a rendered line of ``widget``: ``(text, style)``."""
    return [(segment.text, str(segment.style)) for segment in widget.render_line(y) if segment.text.strip()]


@pytest.mark.app
async def test_the_list_dims_only_the_heading_highlights_the_words_and_says_only_the_newest_are_listed(
    demo_path: Path,
) -> None:
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await search_screen(pilot, synthetic(SHOWN + 5))
        await type_query(pilot, screen, "ruots")
        count = str(screen.query_one("#search-count").render())
        assert count.startswith(f"{SHOWN + 5} memo entries found. The newest {SHOWN} are listed.")
        results = screen.query_one("#search-results", OptionList)
        assert results.option_count == SHOWN, "the newest 200"
        heading, text = line_text(results, 0), line_text(results, 1)
        assert all("dim" in style for _text, style in heading), heading
        assert not any("dim" in style for _text, style in text), f"the memo's text is not dimmed: {text}"
        found = [style for words, style in text if "Ruotsiin" in words]
        assert found and "bold" in found[0] and "reverse" in found[0], text
        assert not any("reverse" in style for words, style in text if "Vientiä" in words)


@pytest.mark.app
async def test_enter_on_the_list_is_open_meeting_in_the_footer_and_the_help_and_typing_goes_back_to_the_words(
    demo_path: Path,
) -> None:
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await search_screen(pilot, synthetic(3))
        await type_query(pilot, screen, "vien")
        await pilot.press("tab")
        results = screen.query_one("#search-results", FoundList)
        assert results.has_focus
        await pilot.pause()
        footer = screen.query_one(Footer)
        assert "Open meeting" in " ".join(str(item.render()) for item in footer.query("*"))
        assert any(description.startswith("Open meeting") for _key, description in keys_of(screen))
        await pilot.press("r", "u")
        assert screen.query_one("#search-input", Input).has_focus
        assert screen.query_one("#search-input", Input).value == "vienru"
        await pilot.press("backspace", "backspace", "tab", "down", "enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, MeetingEntriesDialog)
        entries = dialog.query_one("#meeting-entries", OptionList)
        assert entries.get_option_at_index(entries.highlighted or 0).id == screen.index.entries[1].entry_id


@pytest.mark.app
async def test_a_long_query_leaves_the_results_on_screen_and_a_damaged_file_is_said(demo_path: Path) -> None:
    app = make_app(Workspace.open(demo_path), demo_clock)
    damaged = DamagedFile(Path("meetings/m1.json"), "not valid JSON")
    async with app.run_test(size=SIZE) as pilot:
        screen = await search_screen(pilot, synthetic(3), (damaged,))
        await type_query(pilot, screen, "vien")
        count = screen.query_one("#search-count")
        assert "1 meeting file could not be read and is left out" in str(count.render())
        await type_query(pilot, screen, "zzyzx " * 500)
        await pilot.pause()
        assert count.region.height <= 3
        assert "“zzyzx zzyzx" in str(count.render()) and "…”" in str(count.render())
        assert screen.query_one("#search-results").region.height >= SIZE[1] - 8


@pytest.mark.app
async def test_the_meeting_of_a_found_entry_far_down_opens_scrolled_to_it_at_the_top(demo_path: Path) -> None:
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await search_screen(pilot, synthetic(30))
        await type_query(pilot, screen, "20")
        await pilot.press("tab", "enter")
        await pilot.pause(0.2)
        dialog = app.screen
        assert isinstance(dialog, MeetingEntriesDialog)
        entries = dialog.query_one("#meeting-entries", OptionList)
        assert entries.highlighted == 20
        first_line = [text for text, _style in line_text(entries, 0)]
        assert first_line and first_line[0].startswith(("17:20", "15:20")), first_line
