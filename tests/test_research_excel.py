"""``facilitator export research --excel`` and the dashboard's ``x``: the research export as one Excel
workbook in the user's language, read back with python-calamine (as a reader's Excel sees the cells)
and openpyxl (the styles): the CSV files' columns and rows, headers and kinds translated, days as
dates, texts that look like formulas kept as text, people named as in the CSV but with the
pseudonyms in the user's language ("Jäsen-3F9A2C" where the CSV has "Member-3F9A2C")."""

from __future__ import annotations

import csv
import dataclasses
import zipfile
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from exports.research import COLUMNS, write_research_export
from exports.research_development import INTERVIEW_COLUMNS, OUTCOME_COLUMNS
from exports.research_workbook import interview_headers, outcome_headers, research_sheets
from exports.workbook_cells import sheet_name
from facilitator.dates import format_count
from facilitator.model import GrowthIntention, Interview, InterviewKind, MemoEntry, MemoKind, OutcomeKind
from facilitator.pseudonyms import shown_pseudonyms
from storage.repository import Repository
from storage.workspace import Workspace
from tests.app_support import notice
from tests.conftest import TEST_LANGUAGE, make_demo
from tests.language_support import speaking
from tests.network_screens_support import SIZE, app_on, coordinator as coordinator, open_dashboard
from tests.research_support import inari_and_two_members
from tests.test_cli import facilitator, one_line_error

#: Texts a spreadsheet could take for a formula, a number or an error value: each must come back as typed.
LOOKALIKES = ("=SUM(A1)", "+358 40 123 4567", "-5 % of the stock", "@everyone", "#N/A", "0401234567")
SHEETS = {
    "fi": ["Koodatut muistiomerkinnät", "Kasvuhaastattelut", "Tulokset"],
    "sv": ["Kodade minnesanteckningar", "Tillväxtintervjuer", "Resultat"],
}
ENTRY_HEADERS = {
    "fi": ["Ryhmä", "Tapaamisen päivä", "Asialistan kohta", "Laji", "Koodit", "Teksti", "Mainitut henkilöt"],
    "sv": ["Grupp", "Mötesdatum", "Dagordningspunkt", "Typ", "Koder", "Text", "Nämnda personer"],
}
DECISION = {"fi": "päätös", "sv": "beslut"}
ON_JOINING = {"fi": "liittyessä", "sv": "vid anslutning"}
MEMBER = {"fi": "Jäsen", "sv": "Medlem"}


@dataclasses.dataclass
class Demo:
    folder: Path
    lookalikes: dict[str, str]  # entry id -> its text
    formula_interview: str  # the id of an interview whose text starts with "="


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    """The demo network with coded entries whose texts look like formulas, phone numbers and error
    values, and an interview of a person with research consent saying "=1+1" of the network."""
    folder = tmp_path_factory.mktemp("excel") / "demo"
    make_demo(folder)
    with Workspace.open(folder, purpose="test") as workspace:
        repository = Repository(workspace)
        group, shown, _hidden = inari_and_two_members(repository)
        meeting = next(m for m in repository.meetings(group.id) if repository.has_meeting_file(m.id))
        lookalikes = {
            repository.save_memo_entry(
                MemoEntry(
                    meeting_id=meeting.id,
                    group_id=group.id,
                    text=text,
                    written_at=meeting.starts_at + timedelta(minutes=minute),
                    kind=MemoKind.DECISION,
                    codes=["PS"],
                )
            ).id: text
            for minute, text in enumerate(LOOKALIKES, start=1)
        }
        interview = repository.save_interview(
            Interview(
                person_id=shown.id,
                day=date(2026, 11, 2),
                kind=InterviewKind.JOINING,
                intention=GrowthIntention.STRONG,
                staff=2.5,
                network_gives="=1+1",
                network_value=5,
            )
        )
    return Demo(folder, lookalikes, interview.id)


def write(folder: Path, file_format: str, to: Path, code: str = TEST_LANGUAGE, **period: date) -> list[Path]:
    to.mkdir(exist_ok=True)
    with speaking(code), Workspace.open(folder, purpose="test") as workspace:
        return write_research_export(Repository(workspace), file_format, to=to, **period).paths


def sheets(path: Path) -> dict[str, list[list[object]]]:
    """Every sheet's rows as calamine reads them (a day as a date, a number as a float), by name."""
    workbook = CalamineWorkbook.from_path(str(path))
    return {name: workbook.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in workbook.sheet_names}


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


def by_column(columns: tuple[str, ...], rows: list[list[object]]) -> list[dict[str, object]]:
    """The sheet's rows below its header, keyed by the CSV's columns (the sheet's are in their order)."""
    return [dict(zip(columns, row, strict=True)) for row in rows[1:]]


@pytest.fixture(scope="module")
def csv_files(demo: Demo, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return write(demo.folder, "csv", tmp_path_factory.mktemp("csv"))


@pytest.mark.parametrize("code", ["fi", "sv"])
def test_the_workbook_holds_the_csv_files_rows_in_the_user_s_language(
    demo: Demo, csv_files: list[Path], tmp_path: Path, code: str
) -> None:
    (path,) = write(demo.folder, "xlsx", tmp_path, code)
    assert path.name == "all-groups-research.xlsx"
    found = sheets(path)
    assert list(found) == SHEETS[code]
    entries_sheet, interviews_sheet, outcomes_sheet = found.values()
    for rows, columns in (
        (entries_sheet, COLUMNS),
        (interviews_sheet, INTERVIEW_COLUMNS),
        (outcomes_sheet, OUTCOME_COLUMNS),
    ):
        assert len(rows[0]) == len(columns) and not set(rows[0]) & set(columns), "every header translated"
    assert entries_sheet[0][: len(ENTRY_HEADERS[code])] == ENTRY_HEADERS[code]
    with speaking(code):
        assert interviews_sheet[0] == list(interview_headers().values())
        assert outcomes_sheet[0] == list(outcome_headers().values())
        memo_kinds = {kind.label for kind in MemoKind}
        interview_kinds = {kind.label for kind in InterviewKind}
        outcome_kinds = {kind.label for kind in OutcomeKind}
        shown = {
            text: shown_pseudonyms(text) for rows in map(read_csv, csv_files) for row in rows for text in row.values()
        }

    entries_csv, interviews_csv, outcomes_csv = (read_csv(path) for path in csv_files)
    entries = by_column(COLUMNS, entries_sheet)
    assert len(entries) == len(entries_csv) > 100
    for row, expected in zip(entries, entries_csv, strict=True):
        assert isinstance(row["meeting_date"], date) and row["meeting_date"].isoformat() == expected["meeting_date"]
        assert row["kind"] in memo_kinds
        # People under the CSV's pseudonyms as the language shows them, every other text and id as there.
        for column in ("group", "agenda_item", "codes", "text", "people", "entry_id", "meeting_id"):
            assert (row[column] or "") == shown[expected[column]], column
    assert {row["kind"] for row in entries if row["entry_id"] in demo.lookalikes} == {DECISION[code]}
    assert any("Member-" in row["people"] for row in entries_csv), "the CSV names someone by a pseudonym"
    cells = [str(cell) for rows in found.values() for row in rows for cell in row]
    assert not any("Member-" in cell for cell in cells), "no English pseudonym in the workbook"
    assert any(f"{MEMBER[code]}-" in cell for cell in cells)

    interviews = by_column(INTERVIEW_COLUMNS, interviews_sheet)
    assert len(interviews) == len(interviews_csv) > 10
    for row, expected in zip(interviews, interviews_csv, strict=True):
        assert row["interview_date"].isoformat() == expected["interview_date"]  # type: ignore[attr-defined]
        assert row["kind"] in interview_kinds
        for column in ("entrepreneur", "interviewer", "network_gives", "interview_id"):
            assert (row[column] or "") == shown[expected[column]], column
        for column in ("staff", "planned_staff", "network_value"):
            assert row[column] == (float(expected[column]) if expected[column] else ""), column
    mine = next(row for row in interviews if row["interview_id"] == demo.formula_interview)
    assert (mine["kind"], mine["network_gives"], mine["staff"], mine["network_value"]) == (
        ON_JOINING[code],
        "=1+1",
        2.5,
        5,
    )

    outcomes = by_column(OUTCOME_COLUMNS, outcomes_sheet)
    assert len(outcomes) == len(outcomes_csv) > 0
    for row, expected in zip(outcomes, outcomes_csv, strict=True):
        assert row["outcome_date"].isoformat() == expected["outcome_date"]  # type: ignore[attr-defined]
        assert row["kind"] in outcome_kinds
        for column in ("entrepreneur", "description", "involved", "entry_ids", "meeting_ids", "outcome_id"):
            assert (row[column] or "") == shown[expected[column]], column


def test_texts_that_look_like_formulas_numbers_or_errors_stay_text(demo: Demo, tmp_path: Path) -> None:
    (path,) = write(demo.folder, "xlsx", tmp_path, "fi")
    entries, interviews, _outcomes = sheets(path).values()
    texts = {row["entry_id"]: row["text"] for row in by_column(COLUMNS, entries)}
    assert {entry_id: texts[entry_id] for entry_id in demo.lookalikes} == demo.lookalikes
    gives = {row["interview_id"]: row["network_gives"] for row in by_column(INTERVIEW_COLUMNS, interviews)}
    assert gives[demo.formula_interview] == "=1+1"
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            assert "<f>" not in archive.read(name).decode("utf-8"), f"a formula in {name}"
    sheet = openpyxl.load_workbook(path).worksheets[0]
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row if cell.value in LOOKALIKES]
    assert len(cells) == len(LOOKALIKES) and {cell.data_type for cell in cells} == {"s"}


def test_the_header_row_is_bold_frozen_filtered_and_days_show_as_the_reader_s_dates(demo: Demo, tmp_path: Path) -> None:
    (path,) = write(demo.folder, "xlsx", tmp_path, "sv")
    workbook = openpyxl.load_workbook(path)
    for sheet, columns in zip(workbook.worksheets, (COLUMNS, INTERVIEW_COLUMNS, OUTCOME_COLUMNS), strict=True):
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(columns)).column_letter}{sheet.max_row}"
        assert all(cell.font.b for cell in sheet[1]) and not any(cell.font.b for cell in sheet[2])
        widths = [sheet.column_dimensions[cell.column_letter].width for cell in sheet[1]]
        assert all(8 <= width <= 60 for width in widths)
        # Excel's built-in short date (format 14): each reader's Excel shows the day in its own locale's form.
        assert sheet["B2"].is_date and sheet["B2"].number_format == "mm-dd-yy"
    entries = workbook.worksheets[0]
    text_width = entries.column_dimensions["F"].width
    assert text_width == 60 and entries.column_dimensions["B"].width < text_width


@pytest.mark.processes
def test_the_command_writes_the_workbook_in_its_language_and_says_what_it_holds(demo: Demo, tmp_path: Path) -> None:
    result = facilitator("export", "research", "--workspace", demo.folder, "--excel", "--lang", "fi", "--to", tmp_path)
    assert result.returncode == 0, result.stderr
    path, entries, development = result.stdout.splitlines()
    assert Path(path) == tmp_path / "all-groups-research.xlsx"
    count = len(read_csv(write(demo.folder, "csv", tmp_path / "csv")[0]))
    assert count > 100
    with speaking("fi"):
        written = format_count(count)
    assert entries == f"{written} koodattua muistiomerkintää."
    assert development.startswith("Niiden lisäksi ") and development.endswith("kumpikin omalla taulukollaan.")
    assert list(sheets(Path(path))) == SHEETS["fi"]


@pytest.mark.processes
def test_a_group_and_a_period_choose_the_rows_and_name_the_file_as_the_csv(demo: Demo, tmp_path: Path) -> None:
    result = facilitator(
        "export", "research", "--workspace", demo.folder, "--excel", "--group", "inari",
        "--from", "1.1.2026", "--until", "2026-06-30", "--to", tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    path = Path(result.stdout.splitlines()[0])
    assert path == tmp_path / "inari-peer-group-research-2026-01-01-2026-06-30.xlsx"
    entries = by_column(COLUMNS, next(iter(sheets(path).values())))
    first, last = date(2026, 1, 1), date(2026, 6, 30)
    expected = read_csv(write(demo.folder, "csv", tmp_path / "csv", first=first, last=last)[0])
    inari = [row["entry_id"] for row in expected if "Inari" in row["group"]]
    assert inari and [row["entry_id"] for row in entries] == inari
    assert all(first <= row["meeting_date"] <= last for row in entries)  # type: ignore[operator]


@pytest.mark.processes
def test_the_command_refuses_a_wrong_group_day_or_format_in_one_line(demo: Demo, tmp_path: Path) -> None:
    def refused(code: int, *arguments: str) -> str:
        return one_line_error(
            facilitator("export", "research", "--workspace", demo.folder, "--excel", "--to", tmp_path, *arguments), code
        )

    assert "No group is called “Nowhere”" in refused(1, "--group", "Nowhere")
    assert "“31.2.2026” is not a date" in refused(2, "--from", "31.2.2026")
    assert "--from is after --until" in refused(2, "--from", "2026-05-01", "--until", "2026-01-01")
    assert "leave out --format" in refused(2, "--format", "jsonl")
    assert not list(tmp_path.iterdir()), "nothing written"


@pytest.mark.app
async def test_the_dashboard_s_x_key_writes_the_workbook(coordinator: Path, exports_folder: Path) -> None:
    app = app_on(coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await open_dashboard(pilot)
        await pilot.press("x")
        written = await notice(pilot, "Written: ")
    lines = written.splitlines()
    path = exports_folder / "all-groups-research.xlsx"
    assert lines[0] == f"Written: {path}"
    assert lines[1].endswith("coded memo entries.") and lines[2].endswith("each kind in a sheet of its own.")
    found = sheets(path)
    assert list(found) == ["Coded memo entries", "Growth interviews", "Outcomes"]
    entries = by_column(COLUMNS, found["Coded memo entries"])
    assert entries and lines[1].startswith(f"{format_count(len(entries))} ")
    assert all(isinstance(row["meeting_date"], date) for row in entries)


def test_a_sheet_s_name_is_one_excel_takes() -> None:
    assert sheet_name("Interviews: 2026/2027 [all]") == "Interviews  2026 2027  all"
    assert len(sheet_name("y" * 40)) == 31 and sheet_name("???") == "Sheet"
    assert sheet_name("'Tulokset'") == "Tulokset"  # Excel refuses an apostrophe at either end
    for code in ("en", "fi", "sv"):
        with speaking(code):
            names = [sheet.name for sheet in research_sheets(COLUMNS, [], [], [])]
        assert [sheet_name(name) for name in names] == names, "taken as they are"
        assert len(set(names)) == 3 and all(name.strip("'") == name for name in names)
