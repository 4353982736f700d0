"""The indicators PDF as a Finnish or Swedish funder reads it: the funder's codes and translated
labels (never our codes in English), the records' table with its ids in a column only as wide as
they are, the remarks' days in the language's short dates, and one word for a meeting in Swedish;
the CSV beside it keeps the codes and the ISO dates, for programs."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from exports.indicators_files import write_indicators
from exports.pdf.styles import TEXT_WIDTH
from facilitator.dates import format_date
from facilitator.indicator_codes import CODES
from facilitator.model import Interview, InterviewKind
from storage.repository import Repository
from tests.indicators_support import demo as demo
from tests.language_support import speaking

FIRST, LAST = date(2025, 1, 1), date(2025, 12, 31)
ISO_DAY = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def _written(repository: Repository, code: str, folder: Path) -> tuple[Path, Path]:
    with speaking(code):
        return write_indicators(repository, None, FIRST, LAST, folder)


def _records(table: Path) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(table.read_bytes().decode("utf-8-sig"), newline=""), delimiter=";"))
    return [row for row in rows[1:] if row[1] == "RCO01" and len(row) > 7 and row[6]]


def _lines(pdf: Path) -> list[str]:
    return [" ".join(line.split()) for page in PdfReader(pdf).pages for line in page.extract_text().splitlines()]


def _ids_left_edges(pdf: Path) -> list[float]:
    """Where on the page each line of record ids starts (points from the left edge)."""
    edges: list[float] = []

    def seen(text: str, cm: list[float], tm: list[float], _font: object, _size: object) -> None:
        if text.startswith(("person:", "meeting:", "interview:", "outcome:")):
            edges.append(cm[4] + tm[4])

    for page in PdfReader(pdf).pages:
        page.extract_text(visitor_text=seen)
    return edges


def test_the_ids_take_only_their_width_and_the_names_and_short_dates_the_rest(demo: Repository, tmp_path: Path) -> None:
    pdf, table = _written(demo, "fi", tmp_path)
    page_width = float(PdfReader(pdf).pages[0].mediabox.width)
    edges = _ids_left_edges(pdf)
    assert edges
    # The widest id at 6.5 points is about 168 wide: its column starts no further left than that
    # (with the padding) from the text's right edge, not in the middle of the page.
    right = (page_width + TEXT_WIDTH) / 2
    assert min(edges) > right - 190, (min(edges), right)
    records = _records(table)
    assert records
    lines = _lines(pdf)
    with speaking("fi"):
        for row in records:
            # The firm's name on one line; the remark's days in the Finnish short form (the CSV keeps ISO).
            assert any(row[5] in line for line in lines), row[5]
            days = [date.fromisoformat(day) for day in ISO_DAY.findall(row[7])]
            assert days and row[7].startswith("paikalla 20")
            shown = "paikalla " + ", ".join(format_date(day) for day in days)
            assert shown[:24] in " ".join(lines)
    remarks = [line for line in lines if line.startswith("paikalla") or "paikalla " in line]
    assert remarks and not any(ISO_DAY.search(line) for line in remarks)


def test_a_day_in_a_swedish_remark_is_never_broken_across_lines(demo: Repository, tmp_path: Path) -> None:
    pdf, _table = _written(demo, "sv", tmp_path)
    lines = _lines(pdf)
    months = "jan|feb|mars|apr|maj|juni|juli|aug|sep|okt|nov|dec"
    # A line that ends on a day and its month ("14 jan.") would have its year on the next line.
    broken = [line for line in lines if re.search(rf"\b\d{{1,2}}[ \u00a0]({months})\.?$", line)]
    assert broken == []
    assert any(re.search(rf"närvarande \d{{1,2}} ({months})\.? 2025", line) for line in lines)


@pytest.mark.parametrize("code", ["fi", "sv"])
def test_paper_shows_the_funders_codes_and_translated_labels_the_csv_keeps_ours(
    demo: Repository, tmp_path: Path, code: str
) -> None:
    pdf, table = _written(demo, code, tmp_path)
    text = " ".join(_lines(pdf))
    for english in ("-micro", "-small", "-medium", "-large", "size-not-known", "not-measurable", "meetings-held"):
        assert english not in text, english
    assert not re.search(r"\b(attendances|participants)\b", text)
    own = {"fi": "verkoston oma", "sv": "nätverkets egen"}[code]
    assert text.count(own) == 3  # meetings held, attendances and participants in the figures' table
    assert "RCO01 · " in text and "RCR01 · " in text
    csv_codes = {row[1] for row in csv.reader(io.StringIO(table.read_bytes().decode("utf-8-sig")), delimiter=";")}
    assert set(CODES) <= csv_codes


def test_the_finnish_jobs_remark_says_the_growth_as_a_word(demo: Repository, tmp_path: Path) -> None:
    group = demo.groups()[0]
    person = next(person for person in demo.people(group.id) if person.company.strip())
    for interview in demo.interviews_of(person.id):
        demo.remove_interview(interview.id)
    for outcome in demo.outcomes_of(person.id):
        demo.remove_outcome(outcome.id)
    demo.save_interview(Interview(person_id=person.id, day=date(2024, 6, 1), kind=InterviewKind.JOINING, staff=4))
    demo.save_interview(Interview(person_id=person.id, day=date(2025, 9, 1), staff=6.5))
    with speaking("fi"):
        pdf, table = write_indicators(demo, [group.id], FIRST, LAST, tmp_path)
    text = " ".join(_lines(pdf))
    assert "1.6.2024: 4 htv → 1.9.2025: 6,5 htv, kasvu 2,5 htv" in text
    assert "2024-06-01: 4 htv → 2025-09-01: 6,5 htv, kasvu 2,5 htv" in table.read_bytes().decode("utf-8-sig")
    assert not re.search(r"htv: \d", text)


def test_swedish_paper_says_traff_for_a_meeting(demo: Repository, tmp_path: Path) -> None:
    pdf, table = _written(demo, "sv", tmp_path)
    text = " ".join(_lines(pdf)).lower()
    assert "hållna träffar" in text and "efter träffdag" in text
    assert "möte" not in text and "möten" not in text
    assert "möte" not in table.read_bytes().decode("utf-8-sig").lower()
