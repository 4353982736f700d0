"""A group's history at a glance: the numbers from hand-made records, then the screen through the
real app on a real workspace — the meetings table, the attendance rates and the activity-code chart."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from textual.widgets import DataTable, TabbedContent

from facilitator.app import make_app
from facilitator.dates import format_date
from facilitator.history import MeetingRecords, default_period, group_history, year_before
from facilitator.model import (
    ActionStatus,
    Attendance,
    FeedbackResponse,
    Group,
    Meeting,
    MeetingStatus,
    MemoEntry,
    MemoKind,
    Person,
    Presence,
    Recording,
    Role,
    summarise_feedback,
)
from screens.help import HelpScreen
from screens.history import HistoryScreen
from screens.widgets.bar_chart import EIGHTHS, FULL, Bar, BarChart, bar_blocks
from screens.widgets.record_table import RecordTable
from storage.workspace import Workspace
from tests.conftest import DEMO_DAY, demo_clock, reopen

SIZE = (80, 24)
HELSINKI = ZoneInfo("Europe/Helsinki")
TODAY = DEMO_DAY  # 27 Nov 2026
GROUP = "group-1"


# -- hand-made records -------------------------------------------------------------------------


def meeting(
    day: date, *, status: MeetingStatus = MeetingStatus.HELD, host: str = "", theme: str = "", at: time = time(17, 30)
) -> Meeting:
    starts = datetime.combine(day, at, HELSINKI).astimezone(UTC)
    return Meeting(
        group_id=GROUP,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2, minutes=30),
        status=status,
        host_id=host,
        theme=theme,
    )


def member(
    name: str,
    joined: date | None = date(2019, 1, 1),
    left: date | None = None,
    *,
    role: Role = Role.MEMBER,
    company: str = "",
) -> Person:
    return Person(group_id=GROUP, name=name, joined=joined, left=left, role=role, company=company)


def came(held: Meeting, person: Person, status: Presence = Presence.PRESENT) -> Attendance:
    return Attendance(meeting_id=held.id, person_id=person.id, status=status)


def entry(
    held: Meeting, *codes: str, kind: MemoKind = MemoKind.NOTE, deleted: bool = False, **fields: object
) -> MemoEntry:
    return MemoEntry(
        meeting_id=held.id,
        group_id=GROUP,
        text="said",
        written_at=held.starts_at,
        kind=kind,
        codes=list(codes),
        deleted=deleted,
        **fields,
    )


def feedback(held: Meeting, *scores: int) -> list[FeedbackResponse]:
    return [FeedbackResponse(meeting_id=held.id, usefulness=score) for score in scores]


def rates(history) -> dict[str, tuple[int, int, float | None]]:
    return {row.name: (row.present, row.eligible, row.rate) for row in history.attendance}


def test_attendance_counts_only_the_meetings_while_a_member_and_leaves_out_those_without_check_in() -> None:
    days = [date(2025, 12, 9)] + [date(2026, month, 10) for month in range(1, 12)]
    meetings = [meeting(day) for day in days]
    older = meeting(date(2025, 11, 11))  # before the last 12 months: not counted
    unrecorded = meetings[8]  # 10 Aug 2026: no one was checked in
    anna = member("Anna Aikio")
    mikko = member("Mikko Magga", joined=date(2026, 6, 1))
    newcomer = member("Sari Näkkäläjärvi", joined=date(2026, 11, 20))
    gone = member("Lasse Left", left=date(2026, 5, 1))
    facilitator = member("Fiia Facilitator", role=Role.FACILITATOR)
    records: dict[str, MeetingRecords] = {}
    for index, held in enumerate(meetings):
        if held is unrecorded:
            continue
        attendance = [
            came(held, anna, Presence.APOLOGIES if index in (2, 5) else Presence.PRESENT),
            came(held, facilitator),
            came(held, gone),
        ]
        if held.starts_at.date() >= date(2026, 6, 1):
            attendance.append(came(held, mikko, Presence.PRESENT if index % 2 else Presence.ABSENT))
        elif index == 3:
            attendance.append(came(held, mikko))  # came along before joining: not one of his meetings
        records[held.id] = MeetingRecords(attendance=attendance)
    records[older.id] = MeetingRecords(attendance=[came(older, anna, Presence.ABSENT)])

    history = group_history([*meetings, older], [anna, mikko, newcomer, gone, facilitator], records, TODAY)

    assert [row.name for row in history.attendance] == ["Anna Aikio", "Mikko Magga", "Sari Näkkäläjärvi"], (
        "current members only, by name: not the one who left, not the facilitator"
    )
    assert history.held_last_12_months == 12 and history.unrecorded_last_12_months == 1
    # Anna: 11 meetings with check-in, apologies twice.
    assert rates(history)["Anna Aikio"] == (9, 11, 9 / 11)
    assert history.attendance[0].apologies == 2
    # Mikko joined 1 Jun 2026: the meetings of Jun, Jul, Sep, Oct and Nov (Aug had no check-in);
    # present at the odd-numbered ones of the year (Jun = 6th, Sep = 9th, Nov = 11th).
    assert rates(history)["Mikko Magga"] == (3, 5, 3 / 5)
    assert rates(history)["Sari Näkkäläjärvi"] == (0, 0, None), "no meeting since joining: no rate"


def test_each_code_counts_once_per_entry_over_all_years_and_the_last_12_months() -> None:
    old = meeting(date(2024, 3, 12))
    recent = meeting(date(2026, 10, 13))
    planned = meeting(date(2026, 12, 8), status=MeetingStatus.PLANNED)
    records = {
        old.id: MeetingRecords(
            memo=[
                entry(old, "PS"),
                entry(old, "ps", "RI"),
                entry(old, "PS", "PS"),
                entry(old, "PS", deleted=True),
                entry(old, "XX"),
            ]
        ),
        recent.id: MeetingRecords(memo=[entry(recent, "PS"), entry(recent, "RI", "VI"), entry(recent)]),
        planned.id: MeetingRecords(memo=[entry(planned, "PS")]),
    }

    history = group_history([old, recent, planned], [], records, TODAY)

    counts = {code.code: (code.all_years, code.last_12_months) for code in history.codes}
    assert list(counts) == ["PS", "RI", "SE", "RA", "CS", "BA", "GC", "DD", "DP", "VI", "MK"]
    assert counts["PS"] == (4, 1) and counts["RI"] == (2, 1) and counts["VI"] == (1, 1)
    assert all(counts[code] == (0, 0) for code in ("SE", "RA", "CS", "BA", "GC", "DD", "DP", "MK"))
    assert history.coded_entries_all_years == 5 and history.coded_entries_last_12_months == 2
    assert history.codes[0].name == "problem-solving"


def test_past_meetings_newest_first_with_host_attendance_and_feedback_average() -> None:
    anna = member("Anna Aikio", company="Aikio Reindeer")
    mikko = member("Mikko Magga")
    first = meeting(date(2026, 9, 8), host=anna.id, theme="Winter logistics")
    second = meeting(date(2026, 10, 13), host="someone-removed")
    cancelled = meeting(date(2026, 11, 10), status=MeetingStatus.CANCELLED)
    no_file = meeting(date(2026, 8, 11))
    guest = Attendance(meeting_id=first.id, guest_name="Visitor", status=Presence.PRESENT)
    responses = [*feedback(first, 5, 4), dataclasses.replace(feedback(first, 1)[0], deleted=True)]
    records = {
        first.id: MeetingRecords(
            attendance=[came(first, anna), came(first, mikko, Presence.APOLOGIES), guest],
            memo=[entry(first), entry(first, deleted=True)],
            feedback=responses,
        ),
        second.id: MeetingRecords(attendance=[came(second, mikko)], feedback=feedback(second, 3)),
    }

    history = group_history([first, second, cancelled, no_file], [anna, mikko], records, TODAY)

    assert [row.day for row in history.meetings] == [date(2026, 10, 13), date(2026, 9, 8), date(2026, 8, 11)]
    newest, september, august = history.meetings
    assert (september.host, september.company, september.theme) == ("Anna Aikio", "Aikio Reindeer", "Winter logistics")
    assert (september.present, september.apologies, september.guests, september.entries) == (1, 1, 1, 1)
    assert september.feedback_average == 4.5 and september.feedback_responses == 2
    assert newest.host == "" and newest.present == 1 and newest.feedback_average == 3
    assert august.present is None and august.feedback_average is None and august.feedback_responses == 0
    assert history.feedback_responses == 3 and history.feedback_average == pytest.approx(4.0)
    assert history.first_day == date(2026, 8, 11)


def test_the_last_12_months_start_the_day_after_the_same_date_a_year_before() -> None:
    assert year_before(date(2028, 2, 29)) == date(2027, 2, 28)
    assert default_period(TODAY) == (date(2025, 11, 28), TODAY), "27 Nov 2025 is out, 28 Nov 2025 and today in"
    assert default_period(date(2028, 2, 29)) == (date(2027, 3, 1), date(2028, 2, 29))

    anna = member("Anna Aikio")
    year_ago = meeting(date(2025, 11, 27))
    day_after = meeting(date(2025, 11, 28))
    today = meeting(TODAY)
    # 23:30 in UTC on 27 Nov 2025 is already 28 Nov in Helsinki: the group's calendar decides.
    late = dataclasses.replace(meeting(date(2025, 11, 27)), starts_at=datetime(2025, 11, 27, 23, 30, tzinfo=UTC))
    meetings = [year_ago, day_after, today, late]
    records = {held.id: MeetingRecords(attendance=[came(held, anna)], memo=[entry(held, "DD")]) for held in meetings}

    history = group_history(meetings, [anna], records, TODAY)

    assert history.window_after == date(2025, 11, 27)
    assert history.held_last_12_months == 3
    assert rates(history)["Anna Aikio"] == (3, 3, 1.0)
    dd = next(code for code in history.codes if code.code == "DD")
    assert (dd.all_years, dd.last_12_months) == (4, 3)


def test_open_action_items_soonest_due_first_from_the_memos_or_as_given() -> None:
    held = meeting(date(2026, 10, 13))
    later = entry(held, kind=MemoKind.ACTION, due=date(2027, 1, 20))
    overdue = entry(held, kind=MemoKind.ACTION, due=date(2026, 11, 1))
    undated = entry(held, kind=MemoKind.ACTION)
    done = entry(held, kind=MemoKind.ACTION, due=date(2026, 10, 30), action_status=ActionStatus.DONE)
    records = {held.id: MeetingRecords(memo=[later, undated, done, overdue, entry(held)])}

    history = group_history([held], [], records, TODAY)
    assert history.open_actions == [overdue, later, undated]
    assert history.open_action_count == 3 and history.overdue_count() == 1

    given = group_history([held], [], records, TODAY, actions=[undated])
    assert given.open_actions == [undated], "the group's action items from every meeting, when given"


# -- the chart -------------------------------------------------------------------------------


def test_bars_are_drawn_to_an_eighth_of_a_cell_and_never_vanish() -> None:
    assert bar_blocks(8, 8, 4) == FULL * 4
    assert bar_blocks(1, 2, 1) == EIGHTHS[4] == "▌"
    assert bar_blocks(9, 16, 2) == FULL + "▏"
    assert bar_blocks(3, 8, 2) == "▊", "3/8 of 2 cells: 6 eighths"
    assert bar_blocks(0.001, 100, 40) == "▏", "above nothing: still seen"
    assert bar_blocks(0, 100, 40) == "" and bar_blocks(5, 0, 40) == ""
    assert bar_blocks(200, 100, 10) == FULL * 10, "never past the full width"


def eighths(bar: str) -> int:
    return sum(8 if character == FULL else EIGHTHS.index(character) for character in bar if character.strip())


def chart_rows(chart: BarChart) -> dict[str, tuple[int, str]]:
    """What the chart shows, by the first word of each label: (bar length in eighths, value text)."""
    shown: dict[str, tuple[int, str]] = {}
    label_width, bar_width, _value_width = chart.layout_widths(chart.content_size.width)
    for line in chart.render().plain.splitlines():
        label, bar, value = (
            line[:label_width],
            line[label_width + 1 : label_width + 1 + bar_width],
            line[label_width + 1 + bar_width :],
        )
        shown[label.split()[0]] = (eighths(bar), value.strip())
    return shown


# -- the screen through the real app ---------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Written:
    group_id: str
    group_name: str
    meetings: dict[str, Meeting]


def write_group_history(folder: Path) -> Written:
    """A small group beside the demo's: four held meetings (one from 2024 without check-in), a
    planned one, three members (one joined in October), each record written through the repository."""
    repository = reopen(folder)
    try:
        group = repository.save_group(Group(name="Sodankylä history circle"))

        def person(name: str, joined: date, **fields: object) -> Person:
            return repository.save_person(Person(group_id=group.id, name=name, joined=joined, **fields))

        anna = person(
            "Anna Aikio", date(2019, 3, 1), can_host=True, premises_address="Kitisenranta 1", company="Aikio Reindeer"
        )
        mikko = person("Mikko Magga", date(2020, 1, 1))
        sari = person("Sari Näkkäläjärvi", date(2026, 10, 1))

        def held(day: date, theme: str = "", status: MeetingStatus = MeetingStatus.HELD) -> Meeting:
            starts = datetime.combine(day, time(17, 30), HELSINKI).astimezone(UTC)
            return repository.save_meeting(
                Meeting(
                    group_id=group.id,
                    starts_at=starts,
                    status=status,
                    host_id=anna.id,
                    ends_at=starts + timedelta(hours=2, minutes=30),
                    theme=theme,
                )
            )

        meetings = {
            "old": held(date(2024, 5, 14), "Selling to Norway"),
            "sep": held(date(2026, 9, 8), "Winter logistics"),
            "oct": held(date(2026, 10, 13), "A shared stand at the Jokkmokk market"),
            "nov": held(date(2026, 11, 10), "Pricing guided tours"),
            "planned": held(date(2026, 12, 8), status=MeetingStatus.PLANNED),
        }
        statuses = {
            "sep": [(anna, Presence.PRESENT), (mikko, Presence.PRESENT)],
            "oct": [(anna, Presence.PRESENT), (mikko, Presence.APOLOGIES), (sari, Presence.ABSENT)],
            "nov": [(anna, Presence.PRESENT), (mikko, Presence.ABSENT), (sari, Presence.PRESENT)],
        }
        for key, marks in statuses.items():
            for who, status in marks:
                repository.save_attendance(Attendance(meeting_id=meetings[key].id, person_id=who.id, status=status))
        codes = {"old": ["RI"] * 6, "sep": ["PS", "PS", "PS", "RI"], "oct": ["PS", "PS"], "nov": ["CS"]}
        for key, tags in codes.items():
            for index, code in enumerate(tags):
                repository.save_memo_entry(
                    MemoEntry(
                        meeting_id=meetings[key].id,
                        group_id=group.id,
                        text=f"entry {index}",
                        codes=[code],
                        written_at=meetings[key].starts_at + timedelta(minutes=index),
                    )
                )
        repository.save_memo_entry(
            MemoEntry(
                meeting_id=meetings["nov"].id,
                group_id=group.id,
                text="Anna sends the price list",
                kind=MemoKind.ACTION,
                owner_id=anna.id,
                people=[anna.id],
                due=date(2026, 11, 20),
                written_at=meetings["nov"].starts_at,
            )
        )
        for score in (5, 4):
            repository.save_feedback(FeedbackResponse(meeting_id=meetings["sep"].id, usefulness=score))
        return Written(group.id, group.name, meetings)
    finally:
        repository.workspace.close()


async def open_history(pilot, group_id: str) -> HistoryScreen:
    app = pilot.app
    screen = HistoryScreen(app.repository, app.repository.group(group_id))
    await app.push_screen(screen)
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert app.screen is screen and screen.history is not None
    return screen


def table_rows(screen: HistoryScreen, table_id: str) -> list[list[str]]:
    table = screen.query_one(table_id, RecordTable)
    return [[str(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]


@pytest.mark.app
async def test_the_history_shows_meetings_attendance_rates_and_the_code_chart(demo_path: Path) -> None:
    written = write_group_history(demo_path)
    repository = reopen(demo_path)
    try:  # September's meeting holds sound: 98:40 of it from 17:32
        sep = repository.meeting(written.meetings["sep"].id)
        began = sep.starts_at + timedelta(minutes=2)
        sound = Recording(
            started_at=began,
            stopped_at=began + timedelta(seconds=5920),
            audio_file="recording-1.opus",
            audio_seconds=5920.0,
        )
        repository.save_meeting(dataclasses.replace(sep, recordings=[sound]))
    finally:
        repository.workspace.close()
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_history(pilot, written.group_id)
        assert not screen.query_one("#history-loading").display
        assert screen.query_one("#history-meetings").has_focus

        assert table_rows(screen, "#history-meetings") == [
            ["10 Nov 2026", "Anna Aikio", "Pricing guided tours", "2", "–", ""],
            ["13 Oct 2026", "Anna Aikio", "A shared stand at the Jokkmokk market", "1", "–", ""],
            ["8 Sept 2026", "Anna Aikio", "Winter logistics", "2", "4.5 (2)", "98:40"],
            ["14 May 2024", "Anna Aikio", "Selling to Norway", "–", "–", ""],
        ], "held meetings only, the newest first; members present; feedback average (responses); sound held"
        details = str(screen.query_one("#meeting-details").render())
        assert "Anna Aikio, Aikio Reindeer" in details and "2 members present · 0 apologies" in details
        assert "♪" not in details, "November's meeting holds no sound"
        table = screen.query_one("#history-meetings", RecordTable)
        table.move_cursor(row=2)
        await pilot.pause()
        details = str(screen.query_one("#meeting-details").render())
        assert details.endswith("\n♪ recorded 17:32–19:10, 98:40 of sound"), details
        table.move_cursor(row=0)
        await pilot.pause()

        await pilot.press("2")
        await pilot.pause()
        assert screen.query_one("#history-tabs", TabbedContent).active == "attendance"
        attendance = chart_rows(screen.query_one("#attendance-chart", BarChart))
        assert attendance["Anna"][1] == "100% 3/3"
        assert attendance["Mikko"][1] == "33% 1/3"
        assert attendance["Sari"][1] == "50% 1/2", "joined in October: two meetings of hers"
        assert attendance["Anna"][0] > attendance["Sari"][0] > attendance["Mikko"][0] > 0
        note = str(screen.query_one("#attendance-note").render())
        assert "since 28 Nov 2025" in note and "3 held meetings" in note

        await pilot.press("3")
        await pilot.pause()
        chart = screen.query_one("#codes-chart", BarChart)
        codes = chart_rows(chart)
        assert list(codes) == ["PS", "RI", "SE", "RA", "CS", "BA", "GC", "DD", "DP", "VI", "MK"]
        assert codes["PS"][1] == "5" and codes["RI"][1] == "1" and codes["CS"][1] == "1"
        assert codes["PS"][0] > codes["RI"][0] > 0, "the last 12 months: PS came up more than RI"
        full = chart.layout_widths(chart.content_size.width)[1] * 8
        assert codes["PS"][0] == full and abs(codes["RI"][0] - full / 5) <= 1, "to scale, to the eighth"
        assert codes["SE"] == (0, "0")
        assert "PS problem-solving" in chart.render().plain

        await pilot.press("t")
        await pilot.pause()
        codes = chart_rows(chart)
        assert codes["RI"][1] == "7" and codes["PS"][1] == "5"
        assert codes["RI"][0] > codes["PS"][0], "all years: the 2024 meeting was all RI"
        assert "All years (since 14 May 2024)" in str(screen.query_one("#codes-note").render())

        await pilot.press("4")
        await pilot.pause()
        assert table_rows(screen, "#history-actions") == [
            ["20 Nov 2026 · overdue", "Anna Aikio", "Anna sends the price list"]
        ]
        assert str(screen.query_one("#actions-note").render()).startswith("1 open · 1 overdue")

        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        keys = app.screen.query_one("#help-keys", DataTable)
        described = {str(keys.get_row_at(index)[0]): str(keys.get_row_at(index)[1]) for index in range(keys.row_count)}
        assert described["3"].startswith("Activity codes") and described["t"].startswith("Period")
        await pilot.press("escape")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HistoryScreen)


@pytest.mark.app
async def test_marking_an_item_done_from_the_history_counts_it_out(demo_path: Path) -> None:
    written = write_group_history(demo_path)
    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_history(pilot, written.group_id)
        assert screen.history.open_action_count == 1
        await pilot.press("a")
        await pilot.pause()
        assert type(app.screen).__name__ == "ActionItemsScreen"
        await pilot.press("d", "escape")
        await pilot.pause()
        assert app.screen is screen
        assert screen.history.open_action_count == 0 and table_rows(screen, "#history-actions") == []
        assert str(screen.query_one("#actions-note").render()).startswith("No open action items")


@pytest.mark.app
async def test_the_demo_group_shows_what_was_written_into_its_last_meeting(demo_path: Path) -> None:
    """On the demo's own first group, whatever its past meetings already hold: the last held one
    shows the members checked in present and its feedback's average."""
    repository = reopen(demo_path)
    try:
        group = repository.groups()[0]
        held = [m for m in repository.meetings(group.id) if m.status is MeetingStatus.HELD]
        last = held[-1]
        day = last.starts_at.astimezone(ZoneInfo(group.time_zone)).date()
        members = [p for p in repository.people(group.id) if p.is_current_member(day)]
        earlier = {entry.person_id: entry for entry in repository.attendance(last.id) if entry.person_id}
        for index, person in enumerate(members):
            status = Presence.PRESENT if index % 3 else Presence.APOLOGIES
            base = earlier.get(person.id) or Attendance(meeting_id=last.id, person_id=person.id)
            repository.save_attendance(dataclasses.replace(base, status=status))
        for score in (2, 5, 5):
            repository.save_feedback(FeedbackResponse(meeting_id=last.id, usefulness=score))
        repository.save_memo_entry(
            MemoEntry(meeting_id=last.id, group_id=group.id, text="#PS", codes=["PS"], written_at=last.starts_at)
        )
        expected_present = sum(1 for index in range(len(members)) if index % 3)
        average = summarise_feedback(repository.feedback(last.id))
        host = repository.person(last.host_id).name
        without_file = [m.id for m in held if not repository.has_meeting_file(m.id)]
    finally:
        repository.workspace.close()

    app = make_app(Workspace.open(demo_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_history(pilot, group.id)
        rows = table_rows(screen, "#history-meetings")
        assert len(rows) == len(held)
        assert rows[0][:2] == [format_date(day), host]
        assert rows[0][3] == str(expected_present)
        assert rows[0][4] == f"{average.usefulness_average:.1f} ({average.responses})"
    assert all(not (demo_path / "meetings" / f"{meeting_id}.json").exists() for meeting_id in without_file), (
        "reading the history creates no meeting file"
    )


def test_the_chart_widget_takes_bars_pushed_in() -> None:
    chart = BarChart([Bar("a", 1, "1"), Bar("b", 2, "2")], label_width=10)
    assert chart.scale == 2 and [label.strip() for label, _bar, _value in chart.lines(40)] == ["a", "b"]
    label, bar, value = chart.lines(40)[1]
    assert eighths(bar) == 8 * chart.layout_widths(40)[1] and value == "2"
    chart.bars = (Bar("a very long member name indeed", 50, "50%"),)
    chart.maximum = 100
    ((label, bar, value),) = chart.lines(20)
    assert label == "a very lo…", "cut to the label column (label_width at least) with an ellipsis"
    assert value == "50%" and eighths(bar) == round(chart.layout_widths(20)[1] * 8 / 2)
    ((label, _bar, _value),) = chart.lines(40)
    assert label == "a very long memb…", "a wider chart gives the labels half the room the values leave"
    assert chart.lines(80)[0][0] == "a very long member name indeed", "and a wide one the whole label"


@pytest.mark.app
async def test_a_group_that_has_not_met_yet_says_so(new_network_path: Path) -> None:
    app = make_app(Workspace.open(new_network_path), demo_clock)
    async with app.run_test(size=SIZE) as pilot:
        group = app.repository.groups()[0]
        screen = await open_history(pilot, group.id)
        assert table_rows(screen, "#history-meetings") == []
        assert str(screen.query_one("#meeting-details").render()) == "No meeting has been held yet."
        attendance = screen.query_one("#attendance-chart", BarChart)
        assert attendance.bars and {bar.text for bar in attendance.bars} == {"no meeting"}
        assert {value for _eighths, value in chart_rows(screen.query_one("#codes-chart", BarChart)).values()} == {"0"}
        assert str(screen.query_one("#actions-note").render()).startswith("No open action items")
