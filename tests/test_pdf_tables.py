"""The printed papers' tables: a heading never ends a page without the first rows of its table,
and a row of stacked paragraphs too long for a page is split where the page ends."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pypdf import PdfReader
from reportlab.platypus import Flowable, Spacer
from reportlab.platypus.doctemplate import LayoutError

from exports.pdf.styles import CONTENT_WIDTH, TEXT_WIDTH, Paragraph, TableCell, build_pdf, styles
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


def test_columns_are_never_narrower_than_their_widest_word() -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from exports.pdf.styles import FONT
    from exports.pdf.tables import column_widths

    style = styles().cell
    rows: list[list[TableCell]] = [
        [Paragraph("Ryhmä", styles().header_cell), Paragraph("Kaikki", styles().header_cell)],
        [Paragraph("Företagargruppen Närpes " * 8, style), Paragraph("1\u00a0470", style)],
    ]
    widths = column_widths(rows, 200)
    assert widths is not None and sum(widths) <= 200 + 0.01
    assert widths[0] > stringWidth("Företagargruppen", FONT, style.fontSize)
    assert widths[1] > stringWidth("1\u00a0470", FONT, style.fontSize)  # a count never breaks at its space
    assert column_widths(rows, 60) is None  # the words cannot stand side by side


def test_a_table_too_narrow_for_its_words_is_set_a_step_smaller() -> None:
    from exports.pdf.tables import column_widths, fitted_columns

    rows: list[list[TableCell]] = [[Paragraph(word, styles().cell) for word in ("Företagargruppen", "Kaikki")]]
    room = (column_widths(rows, 1000) or [])[0] + 30
    assert column_widths(rows, room) is None
    fitted, widths = fitted_columns(rows, room)
    assert sum(widths) <= room + 0.01
    assert fitted[0][0].style.fontSize < styles().cell.fontSize


# -- widths where the words do not fit, and tables with nothing in them -------------------------------


def test_a_word_wider_than_the_page_breaks_in_its_own_column_and_the_others_keep_their_words(
    tmp_path: Path,
) -> None:
    """A long link in a memo entry: the other columns keep their widest words (and the font its
    size); the link's column takes what is left, where reportlab breaks the link."""
    from reportlab.platypus import Table

    from exports.pdf.styles import CELL_PADDING
    from exports.pdf.tables import cell_widths, fitted_columns

    link = "https://example.sharepoint.com/sites/" + "x" * 170
    style = styles().cell
    rows: list[list[TableCell]] = [
        [Paragraph(text, styles().header_cell) for text in ("Code", "Activity", "Entries", "Representative entries")],
        *(
            [
                Paragraph("PS", style),
                Paragraph("problem-solving together", style),
                Paragraph("1\u00a0470", style),
                [Paragraph(f"Inari, 3 March 2026: the plan is at {link} for everyone", style)],
            ]
            for _row in range(3)
        ),
    ]
    fitted, widths = fitted_columns(rows, stretch=3, wrapped={1: 100})
    assert fitted[1][0].style.fontSize == style.fontSize  # no smaller font would make the link fit
    assert abs(sum(widths) - TEXT_WIDTH) < 0.01
    for index in range(3):
        word = max(cell_widths(row[index])[0] for row in rows)
        assert widths[index] >= word + 2 * CELL_PADDING, index
    path = build_pdf(
        tmp_path / "link.pdf", [Table(fitted, colWidths=widths)], title="t", group_name="g", printed_on=PRINTED
    )
    text = "".join("".join(pages_of(path)).split())
    assert link in text and text.count("problem-solving") == 3


def test_words_too_wide_in_two_columns_break_in_both() -> None:
    from exports.pdf.styles import CELL_PADDING
    from exports.pdf.tables import fitted_columns

    style = styles().cell
    rows = [[Paragraph("a" * 150, style), Paragraph("7", style), Paragraph("b" * 150, style)]]
    _fitted, widths = fitted_columns(rows, 300, stretch=2)
    assert abs(sum(widths) - 300) < 0.01
    assert all(width > 2 * CELL_PADDING for width in widths)


def test_tables_with_nothing_in_them_have_widths() -> None:
    from exports.pdf.tables import column_widths, fitted_columns

    assert fitted_columns([]) == ([], [])
    assert fitted_columns([], stretch=0) == ([], [])
    assert column_widths([], stretch=0) == []
    empty: list[list[TableCell]] = [[Paragraph("", styles().cell) for _column in range(3)] for _row in range(2)]
    _fitted, widths = fitted_columns(empty, 200, stretch=0)
    assert len(widths) == 3 and abs(sum(widths) - 200) < 0.01
    # Cells with no text whose padding alone is wider than the room: equal shares, no division by nothing.
    _fitted, widths = fitted_columns(empty, 12)
    assert widths == [4.0, 4.0, 4.0]


def test_one_column_and_rows_shorter_than_the_header() -> None:
    from exports.pdf.tables import fitted_columns

    style = styles().cell
    _fitted, widths = fitted_columns(
        [[Paragraph("Group", styles().header_cell)], [Paragraph("Inari", style)]], stretch=0
    )
    assert widths == [TEXT_WIDTH]
    long_name = Paragraph("Företagargruppen Närpes " * 20, style)
    _fitted, widths = fitted_columns([[Paragraph("Group", style)], [long_name]], 150)
    assert widths == [150]
    ragged: list[list[TableCell]] = [
        [Paragraph(text, styles().header_cell) for text in ("Group", "Members", "Attendance")],
        [Paragraph("Inari", style)],
        [Paragraph("Kuhmo", style), Paragraph("9", style)],
    ]
    _fitted, widths = fitted_columns(ragged, 300, stretch=2)
    assert len(widths) == 3 and abs(sum(widths) - 300) < 0.01
