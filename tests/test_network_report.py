"""The coordinator's network report, read back with pypdf: every group and all eleven activities
with their examples, the charts drawn in the embedded font, Sami letters intact, the period
respected, the quiet groups marked; and ``facilitator report network`` as a user runs it."""

from __future__ import annotations

import dataclasses
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PageObject, PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph as ReportlabParagraph, Table

from exports.pdf.styles import FONT, FONT_BOLD, MARGIN
from exports.report.figures import NetworkReport, collect_report, whole_period
from exports.report.files import report_path, write_network_report
from exports.report.pdf import network_report_story, shortened, write_network_report_pdf
from facilitator.activities import activities
from facilitator.activity_analysis import EntryFilter, activity_table, coded_entries
from facilitator.history import default_period
from facilitator.i18n import _
from storage.network_records import load_network
from storage.repository import Repository
from storage.workspace import Workspace
from tests.conftest import DEMO_DAY, demo_clock, make_demo
from tests.language_support import speaking
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
    assert [line.standing.quiet for line in report.groups] == [False, True, True]
    text = " ".join(pages_of(write_network_report_pdf(report, tmp_path / "report.pdf")))
    assert "Last bundle" in text and "17 Nov 2026" in text  # the short form: the column is narrow
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


# -- the layout in Finnish and Swedish, at the network's full width of groups ---------------------


@pytest.fixture(scope="module")
def full_network(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's 13 groups (the longest names: "Företagargruppen Närpes") over two years."""
    folder = tmp_path_factory.mktemp("full") / "workspace"
    make_demo(folder, groups=13, years=2)
    return folder


def coordinators_report(folder: Path, out: Path, code: str) -> tuple[Path, NetworkReport]:
    """The coordinator's report of every year of ``folder`` in language ``code`` (the last bundle column too)."""
    with speaking(code):
        with Workspace.open(folder, purpose="test") as workspace:
            groups = load_network(Repository(workspace))
        start, end = whole_period(groups, DEMO_DAY)
        report = collect_report(groups, start, end, DEMO_DAY, demo_clock(), coordinator=True)
        return write_network_report_pdf(report, out / f"report-{code}.pdf"), report


def broken_words(text: str, words: set[str]) -> list[str]:
    """Each of ``words`` found in ``text`` cut in two at a line's end ("Företagargrup pen")."""
    return [
        f"{word[:cut]} {word[cut:]}"
        for word in words
        for cut in range(1, len(word))
        if re.search(rf"(?<!\w){re.escape(word[:cut])}\s+{re.escape(word[cut:])}(?!\w)", text)
    ]


@pytest.mark.parametrize("code", ["fi", "sv"])
def test_group_names_and_headers_break_only_between_words(full_network: Path, tmp_path: Path, code: str) -> None:
    path, report = coordinators_report(full_network, tmp_path, code)
    text = " ".join(pages_of(path))
    names = {word for line in report.groups for word in line.name.split()}
    assert "Företagargruppen" in names
    with speaking(code):
        headers = {
            word
            for header in (_("All"), _("Members"), _("Meetings held"), _("Open action items"), _("Last bundle"))
            for word in header.split()
        }
    assert broken_words(text, names | headers) == []
    for name in names:
        assert name in text.split()


def test_the_check_for_broken_words_finds_one() -> None:
    assert sorted(broken_words("Ryhmä Företagargrup pen Närpes Kaikk i", {"Företagargruppen", "Kaikki"})) == [
        "Företagargrup pen",
        "Kaikk i",
    ]


@pytest.mark.parametrize("code", ["fi", "sv"])
def test_numbers_and_percentages_are_written_the_languages_way(full_network: Path, tmp_path: Path, code: str) -> None:
    path, report = coordinators_report(full_network, tmp_path, code)
    text = " ".join(pages_of(path))
    total = sum(row.total for row in report.activities)
    assert total >= 1000
    # pypdf reads the no-break space as a space; the cells are checked for it below.
    assert f"{total // 1000} {total % 1000:03d}" in text and f"{total:,}" not in text
    assert re.search(r"\d %", text) and not re.search(r"\d%", text)
    with speaking(code):
        story = network_report_story(report)
    cells = [
        cell.text
        for flowable in story
        for table in _tables(flowable)
        for row in table._cellvalues
        for cell in row
        if isinstance(cell, ReportlabParagraph)
    ]
    assert any(re.fullmatch(r"\d{1,3}\u00a0%", cell) for cell in cells)
    assert any(re.fullmatch(r"\d\u00a0\d{3}", cell) for cell in cells)


def _tables(flowable: object) -> list[Table]:
    if isinstance(flowable, Table):
        return [flowable]
    inner = getattr(flowable, "_content", None)
    return [table for part in inner or [] for table in _tables(part)]


def page_right(page: PageObject) -> float:
    return float(page.mediabox.width) - MARGIN


def text_beyond_the_margins(path: Path) -> list[str]:
    """Every run of text whose start or end lies outside the page's text area (rotated ones aside)."""
    outside: list[str] = []
    for page in PdfReader(path).pages:

        def visit(
            text: str, cm: list[float], tm: list[float], font: object, size: float, right: float = page_right(page)
        ) -> None:
            if not text.strip() or cm[1] or cm[2] or tm[1] or tm[2] or not isinstance(font, dict):
                return
            bold = "Bold" in str(font.get("/BaseFont", ""))
            scale = cm[0] * tm[0]
            x = cm[0] * tm[4] + cm[4]
            width = stringWidth(text.rstrip("\n"), FONT_BOLD if bold else FONT, size) * scale
            if x < MARGIN - 1 or x + width > right + 1:
                outside.append(text)

        page.extract_text(visitor_text=visit)
    return outside


@pytest.mark.parametrize("code", ["fi", "sv"])
def test_the_charts_captions_stay_within_the_page(full_network: Path, tmp_path: Path, code: str) -> None:
    path, _report = coordinators_report(full_network, tmp_path, code)
    assert text_beyond_the_margins(path) == []


def test_the_measure_of_the_margins_sees_a_line_run_past_them(tmp_path: Path) -> None:
    from reportlab.graphics.shapes import Drawing, String

    from exports.pdf.styles import build_pdf

    drawing = Drawing(100, 20)
    drawing.add(String(0, 5, "verkoston keskiarvo kuukausittain " * 4, fontName=FONT, fontSize=8))
    path = build_pdf(tmp_path / "past.pdf", [drawing], title="t", group_name="g", printed_on=DEMO_DAY)
    assert text_beyond_the_margins(path)


# -- figures and labels that agree, and a layout that holds ------------------------------------------


def _report(folder: Path, start: date = START, end: date = END) -> NetworkReport:
    with Workspace.open(folder, purpose="test") as workspace:
        groups = load_network(Repository(workspace))
    return collect_report(groups, start, end, DEMO_DAY, demo_clock(), coordinator=True)


def _with_attendance(report: NetworkReport, shares: list[float]) -> NetworkReport:
    lines = [
        dataclasses.replace(line, period=dataclasses.replace(line.period, attendance=share))
        for line, share in zip(report.groups, shares, strict=True)
    ]
    return dataclasses.replace(report, groups=lines)


def test_every_groups_attendance_on_the_chart_is_its_figure_in_the_table(network: Path, tmp_path: Path) -> None:
    """Rounded once: 76.543 % is 77 % in the table and on the bar (not 76.5 first, then 76 %)."""
    report = _with_attendance(_report(network), [0.76543, 0.12549, 0.5])
    first, second, *_rest = PdfReader(write_network_report_pdf(report, tmp_path / "r.pdf")).pages
    table = " ".join(first.extract_text().split())
    chart = (first.extract_text() + second.extract_text()).split("average over the period's meetings\n")[1]
    names = [line.name for line in report.groups]
    labels = [line.strip() for line in chart.splitlines()[: len(names)]]
    shown = dict(zip(reversed(labels), names, strict=True))  # the chart lists them bottom-up
    assert sorted(shown) == ["13%", "50%", "77%"]
    for label, name in shown.items():
        cell = re.search(rf"{re.escape(name)} \d+ \d+ (\d+%)", table)
        assert cell and cell.group(1) == label, name


def test_a_long_period_marks_the_years_it_holds_only_part_of(network: Path, tmp_path: Path) -> None:
    text = " ".join(pages_of(build(network, tmp_path, start=date(2023, 12, 5), end=END)))
    chart = text.split("Attendance over time")[1].split("Attendance per group")[0]
    assert "2023*" in chart and "2024 " in chart and "2026*" in chart
    assert re.search(r"taken — 2024: \d+ · 2025: \d+ · 2026\*: \d+", chart)
    assert "* Only part of the year is in the period: 2023 (from 5 Dec), 2026 (until 27 Nov)." in chart
    whole = " ".join(pages_of(build(network, tmp_path, start=date(2023, 1, 1), end=date(2026, 12, 31))))
    assert "*" not in whole.split("Attendance over time")[1].split("Attendance per group")[0]


def test_the_first_month_listed_under_the_chart_says_its_year(network: Path, tmp_path: Path) -> None:
    text = " ".join(pages_of(build(network, tmp_path)))
    assert re.search(r"Meetings with attendance taken — [A-Z][a-z]+ 20\d\d: \d+ · ", text)


def _story_texts(story: list) -> list[str]:
    """The text of every paragraph in the story's tables, those stacked in a cell too."""

    def texts(cell: object) -> list[str]:
        if isinstance(cell, list):
            return [text for part in cell for text in texts(part)]
        return [cell.text] if isinstance(cell, ReportlabParagraph) else []

    return [
        text
        for flowable in story
        for table in _tables(flowable)
        for row in table._cellvalues
        for cell in row
        for text in texts(cell)
    ]


@pytest.mark.parametrize("code", ["fi", "sv"])
def test_the_dates_of_examples_and_outcomes_stay_on_one_line(full_network: Path, tmp_path: Path, code: str) -> None:
    _path, report = coordinators_report(full_network, tmp_path, code)
    with speaking(code):
        texts = _story_texts(network_report_story(report))
    dated = [text for text in texts if re.search(r"\b20\d\d\b", text) and ("→" in text or "</b>:" in text)]
    assert any(text.startswith("→") for text in dated) and len(dated) > 20
    for text in dated:
        where = text.split(":")[0]
        assert re.search(r"\d{1,2}\.?\u00a0\w+\u00a0\d{4}", where), where
        assert not re.search(r"\d{1,2}\.? \w+|\w+ \d{4}\b", where.split(",")[-1]), where


def test_each_codes_column_is_as_wide_as_its_own_counts(full_network: Path, tmp_path: Path) -> None:
    """One code counted in thousands widens its own column only: the group names stay on one line."""
    from exports.report.charts import codes_per_group
    from exports.report.styles import small_style

    _path, report = coordinators_report(full_network, tmp_path, "fi")
    first, *rest = report.activities
    report = dataclasses.replace(report, activities=[dataclasses.replace(first, total=12_345), *rest])
    with speaking("fi"):
        (table,) = [flowable for flowable in codes_per_group(report) if isinstance(flowable, Table)]
    widths = table._colWidths
    longest = max(stringWidth(line.name, FONT, small_style().fontSize) for line in report.groups)
    assert widths[0] > longest, "every group's name on one line"
    assert widths[1] > max(widths[2:-1]), "the column of the thousands is the widest code column"


def test_a_word_wider_than_the_page_in_an_example_and_a_name_still_makes_the_report(
    network: Path, tmp_path: Path
) -> None:
    link = "https://example.sharepoint.com/sites/growth/" + "x" * 170
    report = _report(network)
    first, *rest = report.activities
    example = first.examples[0]
    entry = dataclasses.replace(example.entry, text=f"The plan is at {link} for everyone")
    first = dataclasses.replace(first, examples=[dataclasses.replace(example, entry=entry), *first.examples[1:]])
    line = report.groups[0]
    named = dataclasses.replace(line, period=dataclasses.replace(line.period, group=dataclasses.replace(
        line.period.group, name="Yrittäjät" + "ä" * 200)))  # fmt: skip
    report = dataclasses.replace(report, activities=[first, *rest], groups=[named, *report.groups[1:]])
    text = "".join("".join(pages_of(write_network_report_pdf(report, tmp_path / "long.pdf"))).split())
    assert link in text and "Yrittäjät" + "ä" * 200 in text
