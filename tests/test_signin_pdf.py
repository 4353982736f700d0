"""The sign-in sheet, read back with pypdf: every member with company, a tick box per row for consent
to audio recording, blank numbered rows for guests, rows tall enough to sign, the header on every
page of a long roster, Sami letters intact, clear failures; and the sheet the workspace writes."""

from __future__ import annotations

import dataclasses
import itertools
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from exports.errors import ExportFailed
from exports.meeting_files import write_meeting_file
from exports.pdf.signin import BOX, write_signin_pdf
from facilitator.model import Group, Meeting, Person, Role
from storage.repository import Repository
from tests.test_agenda_pdf import THEME, flowing, page_texts, saved_meeting
from tests.test_calendar_export import make_group, make_hosts, make_meeting

HELSINKI = "Europe/Helsinki"
CONSENT_HEADING = "I consent to audio recording of this meeting"
HEADERS = ("#", "Name", "Company", "Signature")


def roster(count: int = 5) -> tuple[Group, Meeting, list[Person]]:
    """Inari's meeting on 8 Dec 2026 and ``count`` members: the five Sami-named hosts first, then
    numbered ones; every third has given audio consent in the roster."""
    group = make_group()
    members = make_hosts(group)
    members += [
        Person(group_id=group.id, name=f"Ristenna Ŋuolja {number}", company=f"Ŧuoddar Čiekča {number} Oy")
        for number in range(len(members) + 1, count + 1)
    ]
    members = [
        dataclasses.replace(person, audio_consent=date(2025, 3, 1) if index % 3 == 0 else None)
        for index, person in enumerate(members[:count])
    ]
    meeting = dataclasses.replace(make_meeting(group, date(2026, 12, 8), members[0]), theme=THEME)
    return group, meeting, members


def row_numbers(path: Path) -> list[tuple[int, int, float]]:
    """(page, number, height above the page's foot in points) of every row number of the table."""
    found = []
    for page_number, page in enumerate(PdfReader(path).pages, start=1):

        def visit(text: str, cm: list[float], tm: list[float], *_: object, page_number: int = page_number) -> None:
            x, y = cm[4] + tm[4] * cm[0], cm[5] + tm[5] * cm[3]
            if text.strip().isdigit() and x < 25 * mm:  # the narrow # column at the left margin
                found.append((page_number, int(text), y))

        page.extract_text(visitor_text=visit)
    return found


def test_every_member_and_company_is_listed_with_a_box_to_tick(tmp_path: Path) -> None:
    group, meeting, members = roster()
    path = write_signin_pdf(group, meeting, members, tmp_path / "signin.pdf", HELSINKI)
    (text,) = page_texts(path)
    flow = flowing(text)
    for expected in (
        "Inari peer group",
        "Sign-in sheet",
        "Tuesday 8 December 2026",
        "17:30–20:00",
        members[0].premises_address,
        THEME,
        CONSENT_HEADING,
        *HEADERS,
    ):
        assert expected in flow, expected
    for person in members:
        assert person.name in text and person.company in text
    assert set("ČĐŊŦŽđŋ") <= set(text)
    assert text.count(BOX) == len(members) + 8
    assert "Guests: please write your name and organisation." in text
    assert text.count("consent on file") == sum(1 for person in members if person.audio_consent)
    assert "Inari peer group · Sign-in sheet · Tue 8 Dec 2026" in text


def test_members_keep_the_order_given_and_guests_get_numbered_blank_rows(tmp_path: Path) -> None:
    group, meeting, members = roster()
    members.reverse()
    path = write_signin_pdf(group, meeting, members, tmp_path / "signin.pdf", HELSINKI, guest_rows=3)
    (text,) = page_texts(path)
    positions = [text.index(person.name) for person in members]
    assert positions == sorted(positions)
    assert [number for _page, number, _y in row_numbers(path)] == list(range(1, len(members) + 4))
    assert text.count(BOX) == len(members) + 3

    (no_guests,) = page_texts(
        write_signin_pdf(group, meeting, members, tmp_path / "members.pdf", HELSINKI, guest_rows=0)
    )
    assert no_guests.count(BOX) == len(members) and "Guests" not in no_guests


def test_rows_are_tall_enough_to_sign(tmp_path: Path) -> None:
    group, meeting, members = roster()
    numbers = row_numbers(write_signin_pdf(group, meeting, members, tmp_path / "signin.pdf", HELSINKI))
    gaps = [above[2] - below[2] for above, below in itertools.pairwise(numbers) if above[0] == below[0]]
    assert len(gaps) == len(members) + 8 - 1
    assert all(gap >= 9 * mm - 0.1 for gap in gaps), [round(gap / mm, 2) for gap in gaps]  # 0.1 pt: rounding in the PDF
    assert max(gaps) < 20 * mm  # the guests' heading row is the only extra between two rows


def test_a_group_of_fourteen_with_eight_guest_rows_fits_one_sheet(tmp_path: Path) -> None:
    group, meeting, members = roster(14)
    pages = page_texts(write_signin_pdf(group, meeting, members, tmp_path / "signin.pdf", HELSINKI))
    assert len(pages) == 1 and pages[0].count(BOX) == 22


def test_a_long_roster_spans_pages_with_the_header_on_each(tmp_path: Path) -> None:
    group, meeting, members = roster(40)
    path = write_signin_pdf(group, meeting, members, tmp_path / "signin.pdf", HELSINKI)
    pages = page_texts(path)
    assert len(pages) > 1
    for number, text in enumerate(pages, start=1):
        flow = flowing(text)
        assert all(header in flow for header in HEADERS) and CONSENT_HEADING in flow
        assert f"Page {number} of {len(pages)}" in text and "Tue 8 Dec 2026" in text
    printed = "\n".join(pages)
    assert all(person.name in printed for person in members)
    assert printed.count(BOX) == 48
    numbers = row_numbers(path)
    assert [number for _page, number, _y in numbers] == list(range(1, 49))
    assert len({page for page, _number, _y in numbers}) == len(pages)


def test_only_embedded_dejavu_fonts_are_used(tmp_path: Path) -> None:
    group, meeting, members = roster()
    reader = PdfReader(write_signin_pdf(group, meeting, members, tmp_path / "signin.pdf", HELSINKI))
    fonts = [font.get_object() for page in reader.pages for font in page["/Resources"]["/Font"].values()]
    names = {str(font["/BaseFont"]) for font in fonts}
    assert names and all(re.fullmatch(r"/[A-Z]{6}\+DejaVuSans(-Bold)?", name) for name in names), names


def test_a_path_that_cannot_be_written_is_named_in_the_error(tmp_path: Path) -> None:
    group, meeting, members = roster()
    blocker = tmp_path / "notes.txt"
    blocker.write_text("a file, not a folder")
    under_file = blocker / "signin.pdf"
    with pytest.raises(ExportFailed, match=re.escape(str(under_file))) as raised:
        write_signin_pdf(group, meeting, members, under_file, HELSINKI)
    assert "is a file, not a folder" in str(raised.value)
    assert [path.name for path in tmp_path.iterdir()] == ["notes.txt"]


@pytest.mark.processes
@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler's pdftoppm is not installed")
def test_poppler_renders_the_sheet(tmp_path: Path) -> None:
    group, meeting, members = roster(40)
    path = write_signin_pdf(group, meeting, members, tmp_path / "signin.pdf", HELSINKI)
    subprocess.run(["pdftoppm", "-png", "-r", "30", str(path), str(tmp_path / "page")], check=True, capture_output=True)
    assert (tmp_path / "page-2.png").stat().st_size > 0


def test_the_workspace_sheet_lists_the_members_current_on_the_meeting_day(repository: Repository) -> None:
    group, meeting, hosts = saved_meeting(repository)

    def person(name: str, **fields: object) -> Person:
        return repository.save_person(Person(group_id=group.id, name=name, company=f"{name} Oy", **fields))

    leaving = person("Niillas Gávpi", left=date(2026, 12, 31))  # still a member on 8 December
    gone = person("Sunná Ovdal", left=date(2026, 11, 1))
    joining = person("Elle Máhtte", joined=date(2027, 1, 10))
    staff = person("Pirkko Facilitator", role=Role.FACILITATOR)
    removed = repository.remove_person(person("Jovnna Removed").id)

    path = write_meeting_file(repository, meeting, "signin")
    assert path == repository.workspace.exports_folder / "inari-peer-group-signin-2026-12-08.pdf"
    text = "\n".join(page_texts(path))
    for member in (*hosts, leaving):
        assert member.name in text
    for other in (gone, joining, staff, removed):
        assert other.name not in text
    assert text.count(BOX) == len(hosts) + 1 + 8


def test_a_pseudonymised_member_is_named_in_the_sheets_language(tmp_path: Path) -> None:
    from facilitator.i18n import language, use_language

    group, meeting, members = roster()
    members[1] = dataclasses.replace(members[1], name="Member-CEA40A", company="Firm e1f81757")
    before = language()
    use_language("sv")
    try:
        path = write_signin_pdf(group, meeting, members, tmp_path / "signin.pdf", HELSINKI)
    finally:
        use_language(before)
    (text,) = page_texts(path)
    assert "Medlem-CEA40A" in text and "Member-CEA40A" not in text
    assert "Företag e1f81757" in text and "Firm e1f81757" not in text
