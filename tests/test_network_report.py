"""The coordinator's network report, read back with pypdf: every group and all eleven activities
with their examples, the charts drawn in the embedded font, Sami letters intact, the period
respected, the quiet groups marked; and ``facilitator report network`` as a user runs it."""

from __future__ import annotations

import dataclasses
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from exports.report.figures import collect_report, default_period
from exports.report.files import report_path, write_network_report
from exports.report.pdf import shortened, write_network_report_pdf
from facilitator.activities import activities
from facilitator.network import EntryFilter, activity_table, coded_entries
from storage.network_records import load_network
from storage.repository import Repository
from storage.workspace import Workspace
from tests.conftest import DEMO_DAY, demo_clock, make_demo
from tests.test_cli import facilitator, one_line_error

SAMI_NAME = "Ohcejohka Čuoŋ Đuđá Ŧeahkká ja Máhtte"
START, END = default_period(DEMO_DAY)


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 3-group, 2-year demo whose first group has a Northern Sami name."""
    folder = tmp_path_factory.mktemp("network") / "workspace"
    make_demo(folder, groups=3, years=2)
    with Workspace.open(folder, purpose="test") as workspace:
        repository = Repository(workspace)
        first = repository.groups()[0]
        repository.save_group(dataclasses.replace(first, name=SAMI_NAME))
    return folder


def pages_of(path: Path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]


def build(folder: Path, out: Path, **period: object) -> Path:
    with Workspace.open(folder, purpose="test") as workspace:
        return write_network_report(Repository(workspace), to=out, today=DEMO_DAY, now=demo_clock(), **period)


def test_the_report_holds_every_group_every_activity_and_the_charts(network: Path, tmp_path: Path) -> None:
    path = build(network, tmp_path)
    assert path == report_path(tmp_path, START, END)
    assert path.name == "network-report-2025-11-28-2026-11-27.pdf"
    pages = pages_of(path)
    text = " ".join(pages)
    assert "Network report" in pages[0] and "Meetings held 28 November 2025 – 27 November 2026" in pages[0]
    assert "Made on Friday 27 November 2026" in pages[0]
    with Workspace.open(network, purpose="test") as workspace:
        groups = load_network(Repository(workspace))
    names = [records.group.name for records in groups]
    assert SAMI_NAME in names and len(names) == 3
    for name in names:
        assert name in text, name
    for activity in activities():
        assert activity.name in text, activity.name
    # The charts: their headings, and the axis titles and labels drawn inside the drawings.
    for chart_text in (
        "Attendance over time",
        "% of members present",
        "Attendance per group",
        "Activity codes in the period",
        "memo entries carrying the code, all groups",
        "100%",
    ):
        assert chart_text in text, chart_text
    contents = b"".join(page.get_contents().get_data() for page in PdfReader(path).pages)
    assert contents.count(b" re") > 40  # the bars (and the table's shading) are drawn rectangles


def test_the_researchers_table_counts_the_period_and_shows_examples_from_the_network(
    network: Path, tmp_path: Path
) -> None:
    path = build(network, tmp_path)
    pages = pages_of(path)
    with Workspace.open(network, purpose="test") as workspace:
        groups = load_network(Repository(workspace))
    rows = activity_table(coded_entries(groups, EntryFilter(start=START, end=END)))
    table_pages = [page for page in pages if "Representative entries" in page]
    assert len(table_pages) >= 2, "the long table runs over pages with its header repeated"
    table = " ".join(table_pages)
    for row in rows:
        assert re.search(rf"\b{row.code} {re.escape(row.name.split()[0])}.*? {row.total}\b", table), row.code
        assert 2 <= len(row.examples) <= 3
        for example in row.examples:
            assert " ".join(shortened(example.entry.text).split()[:4]) in table
            assert START <= example.day <= END
    # The examples come from more than one group.
    assert sum(name in table for name in {row.examples[0].group.name for row in rows} | {SAMI_NAME}) >= 2


def test_letters_stay_intact_in_the_embedded_font(network: Path, tmp_path: Path) -> None:
    path = build(network, tmp_path)
    text = " ".join(pages_of(path))
    for word in ("Čuoŋ", "Đuđá", "Ŧeahkká", "Máhtte", "Yrittäjäryhmä Kuhmo"):
        assert word in text, word
    reader = PdfReader(path)
    fonts = [font.get_object() for page in reader.pages for font in page["/Resources"]["/Font"].values()]
    names = {str(font["/BaseFont"]) for font in fonts}
    assert names and all(re.fullmatch(r"/[A-Z]{6}\+DejaVuSans(-Bold)?", name) for name in names), names


def test_every_year_and_a_period_of_its_own(network: Path, tmp_path: Path) -> None:
    every = build(network, tmp_path, all_years=True)
    assert every.name.endswith("-2026-11-27.pdf") and every.name < "network-report-2025"
    held = [
        int(re.search(r"(\d+) meetings held", pages_of(path)[0]).group(1)) for path in (build(network, tmp_path), every)
    ]
    assert 0 < held[0] < held[1]
    spring = build(network, tmp_path, start=date(2026, 3, 1), end=date(2026, 5, 31))
    assert spring.name == "network-report-2026-03-01-2026-05-31.pdf"
    text = " ".join(pages_of(spring))
    assert "Meetings held 1 March 2026 – 31 May 2026" in text
    assert "Jun" not in re.findall(
        r"\b[A-Z][a-z]{2}\b", text.split("Attendance over time")[1].split("Attendance per group")[0]
    )


def test_an_empty_period_says_there_is_nothing_in_it(network: Path, tmp_path: Path) -> None:
    path = build(network, tmp_path, start=date(2030, 1, 1), end=date(2030, 12, 31))
    pages = pages_of(path)
    assert len(pages) == 1
    assert "Nothing in this period" in pages[0] and SAMI_NAME in pages[0]


def test_quiet_groups_are_marked_on_the_coordinators_report(network: Path, tmp_path: Path) -> None:
    with Workspace.open(network, purpose="test") as workspace:
        groups = load_network(Repository(workspace))
    now = demo_clock()
    arrived = [now - timedelta(days=10), now - timedelta(days=90), None]
    groups = [dataclasses.replace(records, last_bundle=when) for records, when in zip(groups, arrived, strict=True)]
    report = collect_report(groups, START, END, DEMO_DAY, now, coordinator=True)
    assert [line.quiet for line in report.groups] == [False, True, True]
    text = " ".join(pages_of(write_network_report_pdf(report, tmp_path / "report.pdf")))
    assert "Last bundle" in text and "17 November 2026" in text
    assert "⚠" in text and "no bundle for 90 days" in text and "never" in text and "no bundle yet" in text
    assert "2 quiet" in text


def test_a_facilitators_report_leaves_out_the_bundles(network: Path, tmp_path: Path) -> None:
    text = " ".join(pages_of(build(network, tmp_path)))
    assert "Last bundle" not in text and "facilitator's workspace" in text


def test_shortened_texts_end_at_a_word() -> None:
    text = "word " * 100
    short = shortened(text, 50)
    assert short.endswith("word…") and len(short) <= 51
    assert shortened("  a  short\ntext ") == "a short text"
    assert shortened("x" * 300, 50) == "x" * 50 + "…"


# -- the command -----------------------------------------------------------------------------------


@pytest.mark.processes
def test_the_command_writes_the_report_and_prints_its_path(network: Path, tmp_path: Path) -> None:
    result = facilitator(
        "report", "network", "--workspace", network, "--from", "28.11.2025", "--until", "2026-11-27", "--to", tmp_path
    )
    assert result.returncode == 0, result.stderr
    path = Path(result.stdout.strip())
    assert path == tmp_path / "network-report-2025-11-28-2026-11-27.pdf"
    text = " ".join(pages_of(path))
    assert SAMI_NAME in text and "problem-solving" in text


@pytest.mark.processes
def test_the_command_refuses_a_bad_date_in_one_line(network: Path) -> None:
    line = one_line_error(facilitator("report", "network", "--workspace", network, "--from", "31.2.2026"), 2)
    assert "31.2.2026" in line and "not a date" in line
    line = one_line_error(
        facilitator("report", "network", "--workspace", network, "--from", "2026-05-01", "--until", "2026-01-01"), 2
    )
    assert "--from is after --until" in line


@pytest.mark.processes
def test_the_command_needs_a_workspace_and_a_folder(network: Path, tmp_path: Path) -> None:
    line = one_line_error(facilitator("report", "network", "--workspace", tmp_path / "nothing"), 1)
    assert "no workspace" in line
    assert not (tmp_path / "nothing").exists()
    line = one_line_error(
        facilitator("report", "network", "--workspace", network, "--to", network / "workspace.json"), 1
    )
    assert "is a file, not a folder" in line


@pytest.mark.processes
def test_the_command_on_an_empty_period(network: Path, tmp_path: Path) -> None:
    result = facilitator(
        "report", "network", "--workspace", network, "--from", "2030-01-01", "--until", "2030-01-31", "--to", tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "Nothing in this period" in " ".join(pages_of(Path(result.stdout.strip())))
