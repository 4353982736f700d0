"""The printed papers' tables: a heading never ends a page without the first rows of its table,
and a row of stacked paragraphs too long for a page is split where the page ends."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pypdf import PdfReader
from reportlab.platypus import Flowable, Spacer
from reportlab.platypus.doctemplate import LayoutError

from exports.pdf.styles import CONTENT_WIDTH, Paragraph, TableCell, build_pdf, styles
from exports.pdf.tables import long_table, with_heading

PRINTED = date(2026, 12, 1)


def pages_of(path: Path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]


def table(rows: int, text: str = "a row") -> Flowable:
    cells: list[list[TableCell]] = [[Paragraph("Date", styles().header_cell), Paragraph("What", styles().header_cell)]]
    cells += [[Paragraph(f"{number}.", styles().cell), Paragraph(text, styles().cell)] for number in range(rows)]
    return long_table(cells, [60, CONTENT_WIDTH - 60])


def frame_height(tmp_path: Path) -> float:
    """How much of a page the story may fill: the tallest spacer that keeps a one-page paper."""
    low, high = 100.0, 1000.0
    while high - low > 0.5:
        middle = (low + high) / 2
        try:
            build_pdf(tmp_path / "probe.pdf", [Spacer(1, middle)], title="t", group_name="g", printed_on=PRINTED)
        except LayoutError:  # taller than any page
            high = middle
            continue
        low, high = (middle, high) if len(PdfReader(tmp_path / "probe.pdf").pages) == 1 else (low, middle)
    return low


def test_a_heading_goes_to_the_next_page_with_its_table_when_no_row_fits_under_it(tmp_path: Path) -> None:
    room = frame_height(tmp_path)
    heading = Paragraph("Growth interviews", styles().subtitle)
    # Room left for the heading alone, not for the table's header and first row under it.
    heading_height = heading.wrap(CONTENT_WIDTH, room)[1] + heading.getSpaceBefore() + heading.getSpaceAfter()
    story = [Spacer(1, room - heading_height - 6), *with_heading(heading, [table(3)])]
    path = build_pdf(tmp_path / "kept.pdf", story, title="t", group_name="g", printed_on=PRINTED)
    first, second = pages_of(path)
    assert "Growth interviews" not in first
    assert second.startswith("Growth interviews Date What 0. a row")


def test_a_heading_stays_where_the_first_rows_fit_and_the_table_runs_over(tmp_path: Path) -> None:
    room = frame_height(tmp_path)
    story = [Spacer(1, room - 120), *with_heading(Paragraph("Memo", styles().subtitle), [table(40)])]
    path = build_pdf(tmp_path / "runs.pdf", story, title="t", group_name="g", printed_on=PRINTED)
    first, second, *_rest = pages_of(path)
    assert first.startswith("Memo Date What 0. a row") and second.startswith("Date What")


def test_a_cell_of_stacked_paragraphs_longer_than_a_page_is_split(tmp_path: Path) -> None:
    long = ("word " * 4000)[:20_000]
    rows: list[list[TableCell]] = [
        [Paragraph("Date", styles().header_cell), Paragraph("What", styles().header_cell)],
        [Paragraph("1.", styles().cell), [Paragraph("kind", styles().cell), Paragraph(long, styles().cell)]],
    ]
    story = [long_table(rows, [60, CONTENT_WIDTH - 60])]
    path = build_pdf(tmp_path / "long.pdf", story, title="t", group_name="g", printed_on=PRINTED)
    assert sum(page.count("word") for page in pages_of(path)) == 4000
