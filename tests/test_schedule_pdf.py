"""The printable season schedule, read back with pypdf: every date, host and address, Sami
letters intact, only embedded DejaVu fonts, the table header on every page, clear failures."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from dateutil.rrule import MONTHLY, TU, rrule
from pypdf import PdfReader

from exports.errors import ExportFailed
from exports.pdf.schedule import write_schedule_pdf
from facilitator.dates import format_date, format_long_day
from facilitator.local_time import local_day
from facilitator.model import Group, Meeting, MeetingStatus, Person, utc_now
from tests.test_calendar_export import make_group, make_hosts, make_meeting

HEADERS = ("Date", "Time", "Host", "Premises", "Status")


def season_of(count: int) -> tuple[Group, list[Meeting], dict[str, Person]]:
    """``count`` meetings on the second Tuesday of each month from September 2026, hosts in turn;
    every fourth one cancelled."""
    group = make_group()
    hosts = make_hosts(group)
    days = rrule(MONTHLY, byweekday=TU(+2), dtstart=date(2026, 9, 1), count=count)
    meetings = [
        make_meeting(
            group,
            day.date(),
            hosts[number % len(hosts)],
            MeetingStatus.CANCELLED if number % 4 == 3 else MeetingStatus.PLANNED,
        )
        for number, day in enumerate(days)
    ]
    return group, meetings, {host.id: host for host in hosts}


def page_texts(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def test_every_date_host_and_address_is_printed_with_sami_letters_intact(tmp_path: Path) -> None:
    group, meetings, people = season_of(12)
    before = local_day(utc_now(), group.time_zone)  # printed on the group's day
    path = write_schedule_pdf(group, meetings, people, tmp_path / "schedule.pdf")
    text = "\n".join(page_texts(path))
    assert "Inari peer group" in text and "Meeting schedule" in text
    assert "Season 8 September 2026 – 10 August 2027" in text
    flowing = " ".join(text.split())  # a cell's lines are extracted one after another
    assert "Tuesday 8 September 2026" in flowing  # the weekday over the date
    for meeting in meetings:
        assert format_long_day(meeting.starts_at.date()) in flowing
    assert text.count("17:30–20:00") == 12
    for host in people.values():
        assert host.name in text and host.premises_address in flowing
    assert set("ČĐŊŦŽđŋ") <= set(text)
    assert text.count("cancelled") == 3
    assert any(f"Printed on {format_date(day)}" in text for day in {before, local_day(utc_now(), group.time_zone)})


def test_only_embedded_dejavu_fonts_are_used(tmp_path: Path) -> None:
    group, meetings, people = season_of(12)
    reader = PdfReader(write_schedule_pdf(group, meetings, people, tmp_path / "schedule.pdf"))
    fonts = [font.get_object() for page in reader.pages for font in page["/Resources"]["/Font"].values()]
    names = {str(font["/BaseFont"]) for font in fonts}
    assert names and all(re.fullmatch(r"/[A-Z]{6}\+DejaVuSans(-Bold)?", name) for name in names), names
    assert all("/FontFile2" in font["/FontDescriptor"] for font in fonts)


def test_a_long_season_repeats_the_table_header_on_every_page(tmp_path: Path) -> None:
    group, meetings, people = season_of(40)
    pages = page_texts(write_schedule_pdf(group, meetings, people, tmp_path / "schedule.pdf"))
    assert len(pages) > 1
    for number, text in enumerate(pages, start=1):
        assert all(header in text for header in HEADERS)
        assert f"Page {number} of {len(pages)}" in text
        assert "Inari peer group" in text
    printed = " ".join(" ".join(pages).split())
    assert all(format_long_day(meeting.starts_at.date()) in printed for meeting in meetings)


def test_an_empty_season_says_so(tmp_path: Path) -> None:
    (text,) = page_texts(write_schedule_pdf(make_group(), [], {}, tmp_path / "schedule.pdf"))
    assert "No meetings are planned" in text


@pytest.mark.processes
@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler's pdftoppm is not installed")
def test_poppler_renders_the_schedule(tmp_path: Path) -> None:
    group, meetings, people = season_of(12)
    path = write_schedule_pdf(group, meetings, people, tmp_path / "schedule.pdf")
    subprocess.run(["pdftoppm", "-png", "-r", "30", str(path), str(tmp_path / "page")], check=True, capture_output=True)
    assert (tmp_path / "page-1.png").stat().st_size > 0


def test_a_path_that_cannot_be_written_is_named_in_the_error(tmp_path: Path) -> None:
    group, meetings, people = season_of(3)
    missing = tmp_path / "nowhere" / "schedule.pdf"
    with pytest.raises(ExportFailed, match=re.escape(str(missing))):
        write_schedule_pdf(group, meetings, people, missing)
    blocker = tmp_path / "notes.txt"
    blocker.write_text("a file, not a folder")
    under_file = blocker / "schedule.pdf"
    with pytest.raises(ExportFailed, match=re.escape(str(under_file))) as raised:
        write_schedule_pdf(group, meetings, people, under_file)
    assert "is a file, not a folder" in str(raised.value)
    folder_in_the_way = tmp_path / "schedule.pdf"
    folder_in_the_way.mkdir()
    with pytest.raises(ExportFailed, match=re.escape(str(folder_in_the_way))):
        write_schedule_pdf(group, meetings, people, folder_in_the_way)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["notes.txt", "schedule.pdf"]
    assert list(folder_in_the_way.iterdir()) == []


def test_writing_again_replaces_the_file_whole(tmp_path: Path) -> None:
    group, meetings, people = season_of(12)
    path = tmp_path / "schedule.pdf"
    write_schedule_pdf(group, meetings, people, path)
    write_schedule_pdf(group, meetings[:2], people, path)
    assert len(PdfReader(path).pages) == 1 and "13 October 2026" in page_texts(path)[0]
    assert "10 November 2026" not in page_texts(path)[0]
    assert [entry.name for entry in tmp_path.iterdir()] == ["schedule.pdf"]
