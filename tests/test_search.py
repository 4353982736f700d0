"""Search across the memo entries: the rules (facilitator.search) on real records, the reading from
a real workspace, the ``facilitator search`` command, and ``/`` on the history and the analysis."""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList

from facilitator.app import make_app
from facilitator.model import Coding, Group, Meeting, MeetingStatus, MemoEntry, MemoKind, coding_id
from facilitator.search import MemoSearch, searchable_entries
from screens.analysis import ActivityAnalysisScreen
from screens.search import MeetingEntriesDialog, SearchScreen
from storage.errors import DamagedFile
from storage.memo_search import read_searchable_entries
from storage.network_records import load_network
from storage.workspace import Workspace
from tests import test_network_screens
from tests.conftest import demo_clock, reopen
from tests.network_screens_support import SIZE, app_on, loaded, open_dashboard
from tests.test_history import open_history

coordinator = test_network_screens.coordinator

GROUP = Group(name="Inarin yrittäjät", time_zone="Europe/Helsinki")


def meeting(day: date) -> Meeting:
    starts = datetime(day.year, day.month, day.day, 15, tzinfo=UTC)  # 17:00 in Helsinki
    return Meeting(group_id=GROUP.id, starts_at=starts, ends_at=starts + timedelta(hours=2), status=MeetingStatus.HELD)


def entry(held: Meeting, text: str, minute: int = 0, **fields: object) -> MemoEntry:
    return MemoEntry(
        meeting_id=held.id,
        group_id=GROUP.id,
        text=text,
        written_at=held.starts_at + timedelta(minutes=minute),
        **fields,  # type: ignore[arg-type]
    )


def index_of(*meetings_and_entries: tuple[Meeting, list[MemoEntry]], codings: list[Coding] | None = None) -> MemoSearch:
    from facilitator.history import MeetingRecords

    records = {
        held.id: MeetingRecords(memo=memo, codings=[c for c in codings or [] if c.meeting_id == held.id])
        for held, memo in meetings_and_entries
    }
    return MemoSearch(searchable_entries(GROUP, [held for held, _memo in meetings_and_entries], records))


def texts(index: MemoSearch, query: str) -> list[str]:
    return [found.entry.text for found in index.search(query).found]


def marked(text: str, spans: tuple[tuple[int, int], ...]) -> list[str]:
    return [text[start:end] for start, end in spans]


def test_case_and_accents_are_ignored_and_a_query_word_begins_a_word() -> None:
    held = meeting(date(2026, 3, 10))
    index = index_of(
        (
            held,
            [
                entry(held, "Vienti Ruotsiin alkoi", 1),
                entry(held, "Järvi jäätyi, vientiä ei ollut", 2),
                entry(held, "Čuoŋa-festivaali Inarissa", 3),
                entry(held, "Kvienti on eri asia", 4),
                entry(held, "Myyntiostaa ja 2026 luvut", 5),
            ],
        )
    )
    assert texts(index, "jarvi") == ["Järvi jäätyi, vientiä ei ollut"]
    assert texts(index, "JÄRVI") == ["Järvi jäätyi, vientiä ei ollut"]
    assert texts(index, "cuon") == ["Čuoŋa-festivaali Inarissa"], "the Sami ŋ reads as n"
    assert texts(index, "vien") == ["Järvi jäätyi, vientiä ei ollut", "Vienti Ruotsiin alkoi"], "newest first"
    assert texts(index, "ostaa") == [], "only the start of a word: not inside myyntiostaa"
    assert texts(index, "202") == ["Myyntiostaa ja 2026 luvut"], "numbers are words"
    assert texts(index, "vien ruots") == ["Vienti Ruotsiin alkoi"], "every word must occur"
    assert texts(index, "vien norja") == []
    assert texts(index, "") == [] and texts(index, " ,;! ") == [], "no word finds nothing, not everything"


def test_removed_entries_are_never_found_and_a_re_code_shows_the_researcher_s_codes() -> None:
    held = meeting(date(2026, 3, 10))
    kept = entry(held, "Messut Tukholmassa", 1, codes=["PS"], kind=MemoKind.DECISION)
    removed = entry(held, "Messut Oslossa", 2, deleted=True)
    recode = Coding(id=coding_id(kept.id), entry_id=kept.id, meeting_id=held.id, group_id=GROUP.id, codes=["RI", "SE"])
    index = index_of((held, [kept, removed]), codings=[recode])
    [found] = index.search("messut").found
    assert found.entry.text == "Messut Tukholmassa"
    assert found.entry.codes == ("RI", "SE") and found.entry.recoded
    assert found.entry.kind is MemoKind.DECISION and found.entry.group_name == GROUP.name
    assert index.search("oslo").total == 0


def test_newest_first_by_meeting_then_by_the_last_written_and_the_day_is_the_group_s() -> None:
    older, newer = meeting(date(2025, 5, 6)), meeting(date(2026, 1, 31))
    late = Meeting(
        group_id=GROUP.id,
        starts_at=datetime(2026, 2, 28, 22, 30, tzinfo=UTC),  # 1 March 00:30 in Helsinki
        ends_at=datetime(2026, 2, 28, 23, 30, tzinfo=UTC),
        status=MeetingStatus.HELD,
    )
    index = index_of(
        (older, [entry(older, "hinta 1", 1), entry(older, "hinta 2", 2)]),
        (late, [entry(late, "hinta 5", 1)]),
        (newer, [entry(newer, "hinta 3", 1), entry(newer, "hinta 4", 2)]),
    )
    result = index.search("hinta")
    assert [found.entry.text for found in result.found] == ["hinta 5", "hinta 4", "hinta 3", "hinta 2", "hinta 1"]
    assert result.found[0].entry.day == date(2026, 3, 1), "the meeting's day in the group's time zone"
    assert [found.entry.text for found in index.search("hinta", limit=2).found] == ["hinta 5", "hinta 4"]
    assert index.search("hinta", limit=2).total == 5


def test_the_spans_are_the_words_as_written_even_where_folding_changes_their_length() -> None:
    held = meeting(date(2026, 3, 10))
    decomposed = unicodedata.normalize("NFD", "Järvi")  # J, a, a combining diaeresis, r, v, i
    texts_written = [
        "Straße und Straßenbau: ß wird ss",
        f"{decomposed} ja järvet",
        "ﬁnanssi ja ﬁrma",  # the ligature ﬁ folds to two letters
    ]
    index = index_of((held, [entry(held, text, minute) for minute, text in enumerate(texts_written)]))
    [strasse] = index.search("strasse").found
    assert marked(strasse.entry.text, strasse.spans) == ["Straße", "Straßenbau"]
    [lake] = index.search("jarv").found
    assert marked(lake.entry.text, lake.spans) == [decomposed, "järvet"], "a combining accent stays in its word"
    [firm] = index.search("FIRMA").found
    assert marked(firm.entry.text, firm.spans) == ["ﬁrma"]
    dashes = entry(held, "a-b c", 9)
    [found] = index_of((held, [dashes])).search("a b c").found
    assert found.spans == ((0, 1), (2, 3), (4, 5))


def test_an_apostrophe_or_colon_between_letters_joins_a_word_found_whole_and_by_its_parts() -> None:
    held = meeting(date(2026, 3, 10))
    written = [
        "USA:n markkinat",
        "vaa'an punnukset",
        "O’Brien soitti",
        "klo 12:30 alkaen",
        "Søren og Æbleø",
        "sana: loppu",
    ]
    index = index_of((held, [entry(held, text, minute) for minute, text in enumerate(written)]))
    assert texts(index, "usan") == ["USA:n markkinat"] and texts(index, "USA:n") == ["USA:n markkinat"]
    assert texts(index, "usa") == ["USA:n markkinat"]
    assert texts(index, "vaaan") == ["vaa'an punnukset"] and texts(index, "vaa'an") == ["vaa'an punnukset"]
    assert texts(index, "obrien") == ["O’Brien soitti"] and texts(index, "brien") == ["O’Brien soitti"]
    assert texts(index, "o'brien") == ["O’Brien soitti"], "either apostrophe"
    assert texts(index, "30") == ["klo 12:30 alkaen"], "a colon between digits is no letter's: 12 and 30"
    assert texts(index, "soren") == ["Søren og Æbleø"] and texts(index, "aebleo") == ["Søren og Æbleø"]
    assert texts(index, "sana") == ["sana: loppu"], "a colon after a word ends it"
    [usa] = index.search("usan").found
    assert marked(usa.entry.text, usa.spans) == ["USA:n"], "the whole word stands out"


def test_the_entries_are_read_from_the_workspace_without_the_removed_ones(demo_path: Path) -> None:
    repository = reopen(demo_path)
    try:
        group = repository.groups()[0]
        held = next(m for m in reversed(repository.meetings(group.id)) if m.status is MeetingStatus.HELD)
        gone = repository.save_memo_entry(
            MemoEntry(meeting_id=held.id, group_id=group.id, text="Poronlihan vienti", written_at=held.starts_at)
        )
        repository.remove_memo_entry(gone)
        repository.save_memo_entry(
            MemoEntry(meeting_id=held.id, group_id=group.id, text="Poronlihan hinta", written_at=held.starts_at)
        )
        every = read_searchable_entries(repository)
        only = read_searchable_entries(repository, [group])
    finally:
        repository.workspace.close()
    assert {found.group_id for found in only} == {group.id} and len(every) > len(only)
    assert texts(MemoSearch(every), "poronl") == ["Poronlihan hinta"]


def test_only_held_meetings_are_searched_and_a_damaged_file_is_left_out_and_named(demo_path: Path) -> None:
    repository = reopen(demo_path)
    try:
        group = repository.groups()[0]
        meetings = repository.meetings(group.id)
        held = [m for m in meetings if m.status is MeetingStatus.HELD]
        planned = next(m for m in meetings if m.status is not MeetingStatus.HELD)
        for found, text in ((held[-1], "Kalastusmatkailu kasvaa"), (planned, "Kalastuslupien hinnat")):
            repository.save_memo_entry(
                MemoEntry(meeting_id=found.id, group_id=group.id, text=text, written_at=found.starts_at)
            )
        damaged_path = repository.workspace.meeting_path(held[-2].id)
        before = len(read_searchable_entries(repository, [group]))
    finally:
        repository.workspace.close()
    damaged_path.write_text('{"memo": {"1": {"id": "x", "text": 5}}}', encoding="utf-8")
    repository = reopen(demo_path)
    try:
        with pytest.raises(DamagedFile):
            read_searchable_entries(repository, [group])
        damaged: list[DamagedFile] = []
        entries = read_searchable_entries(repository, [group], damaged)
        network = load_network(repository, damaged=[])
    finally:
        repository.workspace.close()
    assert [error.path for error in damaged] == [damaged_path] and 0 < len(entries) < before
    assert texts(MemoSearch(entries), "kalastus") == ["Kalastusmatkailu kasvaa"], "a planned meeting is not searched"
    analysed = [
        entry for records in network for entry in searchable_entries(records.group, records.meetings, records.records)
    ]
    assert sorted(e.entry_id for e in entries) == sorted(e.entry_id for e in analysed if e.group_id == group.id)


@pytest.mark.processes
def test_the_search_command_prints_the_entries_found_newest_first(demo_path: Path) -> None:
    from tests.test_cli import facilitator

    repository = reopen(demo_path)
    try:
        group = repository.groups()[0]
        held = [m for m in repository.meetings(group.id) if m.status is MeetingStatus.HELD][-2:]
        for number, found in enumerate(held):
            repository.save_memo_entry(
                MemoEntry(
                    meeting_id=found.id,
                    group_id=group.id,
                    text=f"Vientiä Ruotsiin, Čuoŋ {number}",
                    written_at=found.starts_at,
                    codes=["PS"],
                )
            )
    finally:
        repository.workspace.close()
    result = facilitator("search", "vien", "CUON", "--workspace", demo_path, "--lang", "en")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1] == "  «Vientiä» Ruotsiin, «Čuoŋ» 1" and lines[3] == "  «Vientiä» Ruotsiin, «Čuoŋ» 0"
    assert lines[0].endswith(f"{group.name}  note  PS") and lines[-1] == "2 memo entries found."
    other = facilitator("search", "vien", "cuon", "--group", "nosuchgroup", "--workspace", demo_path, "--lang", "en")
    assert other.returncode == 1 and "nosuchgroup" in other.stderr
    none = facilitator("search", "zzyzx", "--workspace", demo_path, "--lang", "en")
    assert none.stdout.strip() == "No memo entry found for “zzyzx”."
    assert facilitator("search", ",;", "--workspace", demo_path).returncode == 2, "no word to look for"

    from tests.test_cli_encoding import redirected, succeeded

    windows = succeeded(redirected("search", "cuon", "--workspace", demo_path, "--lang", "en"))
    assert "  Vientiä Ruotsiin, «Cuon» 1" in windows.splitlines(), "in cp1252, Č and ŋ as their base letters"


async def type_query(pilot, screen: SearchScreen, query: str) -> None:
    for _attempt in range(500):
        if screen.index is not None:
            break
        await pilot.pause(0.02)
    assert screen.index is not None
    screen.query_one("#search-input", Input).value = query
    await pilot.pause(0.3)


@pytest.mark.app
async def test_slash_on_the_history_finds_an_entry_and_enter_opens_its_meeting(demo_path: Path) -> None:
    repository = reopen(demo_path)
    try:
        group = repository.groups()[0]
        held = [m for m in repository.meetings(group.id) if m.status is MeetingStatus.HELD][-1]
        wanted = repository.save_memo_entry(
            MemoEntry(meeting_id=held.id, group_id=group.id, text="Vientiä Ruotsiin", written_at=held.ends_at)
        )
    finally:
        repository.workspace.close()
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_history(pilot, group.id)
        await pilot.press("slash")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        assert screen.query_one("#search-input", Input).has_focus
        await type_query(pilot, screen, "vien ruots")
        results = screen.query_one("#search-results", OptionList)
        assert results.option_count == 1
        assert "Vientiä Ruotsiin" in str(results.get_option_at_index(0).prompt)
        assert str(screen.query_one("#search-count").render()).startswith("1 memo entry found.")
        await pilot.press("enter", "enter")  # down to the list, then open
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, MeetingEntriesDialog)
        entries = dialog.query_one("#meeting-entries", OptionList)
        assert entries.option_count > 1 and entries.highlighted is not None
        assert "Vientiä Ruotsiin" in str(entries.get_option_at_index(entries.highlighted).prompt)
        assert entries.get_option_at_index(entries.highlighted).id == wanted.id, "the found entry under the cursor"
        await pilot.press("escape")
        assert app.screen is screen
        await pilot.press("escape")
        assert not isinstance(app.screen, SearchScreen)


@pytest.mark.app
async def test_slash_on_the_analysis_searches_the_network_and_types_a_slash_in_a_filter(coordinator: Path) -> None:
    app = app_on(coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await open_dashboard(pilot)
        await pilot.press("a")
        await pilot.pause()
        analysis = app.screen
        assert isinstance(analysis, ActivityAnalysisScreen)
        await loaded(pilot, analysis)
        await pilot.press("g", "tab", "slash")
        await pilot.pause()
        assert app.screen is analysis and analysis.query_one("#filter-start", Input).value == "/"
        await pilot.press("escape")
        analysis.focus_main()
        await pilot.press("slash")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await type_query(pilot, screen, "the")
        found = screen.index.search("the") if screen.index else None
        assert found is not None and found.total > 0
        groups = {entry.entry.group_name for entry in found.found}
        assert len(groups) > 1, "every group of the network"
        await pilot.press("tab", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MeetingEntriesDialog)


@pytest.mark.processes
def test_the_command_prints_no_terminal_controls_names_itself_in_a_usage_error_and_names_a_damaged_file(
    demo_path: Path,
) -> None:
    from tests.test_cli import facilitator

    repository = reopen(demo_path)
    try:
        group = repository.groups()[0]
        held = [m for m in repository.meetings(group.id) if m.status is MeetingStatus.HELD]
        repository.save_memo_entry(
            MemoEntry(
                meeting_id=held[-1].id,
                group_id=group.id,
                text="Porotila\x1b[2J\x1b]0;title\x07 \u202eetad\u202c\x9b myy\tnyt",
                written_at=held[-1].starts_at,
            )
        )
        damaged_path = repository.workspace.meeting_path(held[-2].id)
    finally:
        repository.workspace.close()
    damaged_path.write_text("{not json", encoding="utf-8")
    result = facilitator("search", "porotila", "--workspace", demo_path, "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1] == "  «Porotila»[2J]0;title etad myy nyt"
    assert not any(character in result.stdout for character in "\x1b\x07\x9b\u202e\t")
    assert str(damaged_path) in result.stderr and "left out" in result.stderr
    usage = facilitator("search", "*", "--workspace", demo_path, "--lang", "en")
    assert usage.returncode == 2 and usage.stderr.splitlines()[-1].startswith("facilitator search: give at least")
