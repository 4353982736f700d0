"""The printed agenda, read back with pypdf: the meeting's facts, every item with its clock times in
order and its presenter, the follow-ups, Sami letters intact, only embedded DejaVu fonts, one page
for a normal evening, clear failures; and the file the workspace writes for a meeting."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from exports.errors import ExportFailed
from exports.meeting_files import MEETING_FILES, write_meeting_file
from exports.pdf.agenda import write_agenda_pdf
from facilitator.agenda import agenda_from_template, default_template
from facilitator.model import AgendaItem, Group, Meeting, Person
from storage.repository import Repository
from tests.test_calendar_export import make_group, make_hosts, make_meeting

HELSINKI = "Europe/Helsinki"
THEME = "Selling duodji abroad: Ŋ, Ŧ and Ž on the label"
HOST_NOTE = "Áilu has sold to Norway for three years and wants to share a stand at Jokkmokk."
FACILITATOR = Person(group_id="", name="Žaneta Đuđá-Ŧeahkká")


def prepared(day: date = date(2026, 12, 8)) -> tuple[Group, Meeting, Person, list[AgendaItem]]:
    """Inari's meeting at Áilu Čuoŋ's premises, with a theme, a note and the default evening plus
    a problem-solving item led by Biret Đuđá: six items from 17:30 to 20:00."""
    group = make_group()
    hosts = make_hosts(group)
    host = hosts[0]
    meeting = dataclasses.replace(make_meeting(group, day, host), theme=THEME, host_note=HOST_NOTE)
    items = agenda_from_template(default_template(), meeting, host, FACILITATOR)
    problem = AgendaItem(
        meeting_id=meeting.id,
        position=0,
        title="Pricing guided tours in the dark season",
        minutes=20,
        presenter="Biret Đuđá",
        notes="Bring last winter's figures",
    )
    items.insert(3, problem)
    items[2] = dataclasses.replace(items[2], minutes=40)
    return group, meeting, host, [dataclasses.replace(item, position=index) for index, item in enumerate(items)]


def page_texts(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def flowing(text: str) -> str:
    """``text`` with every run of white space made one space: a cell's wrapped lines read as one."""
    return " ".join(text.split())


def test_the_agenda_holds_the_meeting_its_items_in_clock_order_and_sami_letters(tmp_path: Path) -> None:
    group, meeting, host, items = prepared()
    path = write_agenda_pdf(group, meeting, host, items, [], tmp_path / "agenda.pdf", HELSINKI)
    (text,) = page_texts(path)
    flow = flowing(text)
    for expected in (
        "Inari peer group",
        "Agenda",
        "Tuesday 8 December 2026",
        "17:30–20:00",
        host.premises_address,
        host.name,
        host.company,
        THEME,
        HOST_NOTE,
    ):
        assert expected in flow, expected
    for item in items:
        assert item.title in flow and item.presenter in flow
    assert "Žaneta Đuđá-Ŧeahkká" in text and "Biret Đuđá" in text
    clock = ["17:30–17:45", "17:45–18:15", "18:15–18:55", "18:55–19:15", "19:15–19:30", "19:30–19:40"]
    positions = [text.index(times) for times in clock]
    assert positions == sorted(positions)
    assert text.index("Tuesday 8 December 2026") < positions[0]
    assert re.search(r"Total\s+130\b", text)  # the planned minutes add up
    assert set("ČĐŊŦŽđŋ") <= set(text)
    assert "Notes" in text
    assert "Inari peer group · Agenda · Tue 8 Dec 2026" in text  # the footer names the meeting


def test_clock_times_follow_the_zone_given(tmp_path: Path) -> None:
    group, meeting, host, items = prepared(date(2027, 6, 8))  # summer time: 17:30 EEST is 14:30 UTC
    helsinki = flowing(page_texts(write_agenda_pdf(group, meeting, host, items, [], tmp_path / "h.pdf", HELSINKI))[0])
    stockholm = flowing(
        page_texts(write_agenda_pdf(group, meeting, host, items, [], tmp_path / "s.pdf", "Europe/Stockholm"))[0]
    )
    assert "17:30–20:00" in helsinki and "17:30–17:45" in helsinki
    assert "16:30–19:00" in stockholm and "16:30–16:45" in stockholm and "17:30–17:45" not in stockholm


def test_the_follow_ups_block_says_there_are_none_or_lists_them(tmp_path: Path) -> None:
    group, meeting, host, items = prepared()
    (none,) = page_texts(write_agenda_pdf(group, meeting, host, items, [], tmp_path / "none.pdf", HELSINKI))
    assert "Follow-ups from earlier meetings" in none and "No open follow-ups." in none
    follow_ups = ["Biret Đuđá sends the Jokkmokk stand price list", "Máret Ŋuolja introduces Ánde to the Ivalo printer"]
    (some,) = page_texts(write_agenda_pdf(group, meeting, host, items, follow_ups, tmp_path / "some.pdf", HELSINKI))
    assert "Follow-ups from earlier meetings" in some and "No open follow-ups." not in some
    assert all(line in flowing(some) for line in follow_ups)
    assert some.index("Follow-ups from earlier meetings") < some.index(follow_ups[0]) < some.index(follow_ups[1])


def test_a_meeting_without_host_theme_or_items_still_prints(tmp_path: Path) -> None:
    group = make_group()
    meeting = make_meeting(group, date(2026, 12, 8), None)
    (text,) = page_texts(write_agenda_pdf(group, meeting, None, [], [], tmp_path / "bare.pdf", HELSINKI))
    assert "no host yet" in text and "to be agreed with the host" in text and "No agenda items yet." in text


def test_only_embedded_dejavu_fonts_are_used(tmp_path: Path) -> None:
    group, meeting, host, items = prepared()
    reader = PdfReader(
        write_agenda_pdf(group, meeting, host, items, ["Ŋ follow-up"], tmp_path / "agenda.pdf", HELSINKI)
    )
    fonts = [font.get_object() for page in reader.pages for font in page["/Resources"]["/Font"].values()]
    names = {str(font["/BaseFont"]) for font in fonts}
    assert names and all(re.fullmatch(r"/[A-Z]{6}\+DejaVuSans(-Bold)?", name) for name in names), names
    assert all("/FontFile2" in font["/FontDescriptor"] for font in fonts)


def test_a_normal_evening_of_eight_items_with_notes_fits_one_page(tmp_path: Path) -> None:
    group, meeting, host, items = prepared()
    items += [
        dataclasses.replace(
            items[-1],
            id=f"extra-{number}",
            position=len(items) + number,
            title=f"Short round {number}",
            notes="Who drives to the Jokkmokk market",
        )
        for number in range(2)
    ]
    assert len(items) == 8
    follow_ups = ["Biret Đuđá sends the price list", "Ánde Ŧeahkká books the van"]
    pages = page_texts(write_agenda_pdf(group, meeting, host, items, follow_ups, tmp_path / "agenda.pdf", HELSINKI))
    assert len(pages) == 1 and "Notes" in pages[0]


def test_a_long_agenda_repeats_the_table_header(tmp_path: Path) -> None:
    group, meeting, host, items = prepared()
    items = [dataclasses.replace(items[index % len(items)], id=f"item-{index}", position=index) for index in range(30)]
    pages = page_texts(write_agenda_pdf(group, meeting, host, items, [], tmp_path / "agenda.pdf", HELSINKI))
    assert len(pages) > 1
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
    for text in pages:
        if re.search(r"\d\d:\d\d–\d\d:\d\d\n", text):
            assert all(header in text for header in ("Time", "Item", "Minutes", "Presenter"))
    assert "Notes" in pages[-1]


def test_a_path_that_cannot_be_written_is_named_in_the_error(tmp_path: Path) -> None:
    group, meeting, host, items = prepared()
    blocker = tmp_path / "notes.txt"
    blocker.write_text("a file, not a folder")
    under_file = blocker / "agenda.pdf"
    with pytest.raises(ExportFailed, match=re.escape(str(under_file))) as raised:
        write_agenda_pdf(group, meeting, host, items, [], under_file, HELSINKI)
    assert "is a file, not a folder" in str(raised.value)
    assert [path.name for path in tmp_path.iterdir()] == ["notes.txt"]


@pytest.mark.processes
@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler's pdftoppm is not installed")
def test_poppler_renders_the_agenda(tmp_path: Path) -> None:
    group, meeting, host, items = prepared()
    path = write_agenda_pdf(group, meeting, host, items, ["Ŋ"], tmp_path / "agenda.pdf", HELSINKI)
    subprocess.run(["pdftoppm", "-png", "-r", "30", str(path), str(tmp_path / "page")], check=True, capture_output=True)
    assert (tmp_path / "page-1.png").stat().st_size > 0


# -- the file written for a meeting of a workspace -------------------------------------------------


def saved_meeting(repository: Repository) -> tuple[Group, Meeting, list[Person]]:
    """Inari with its five hosts, a meeting on 8 Dec 2026 at Áilu's and its default agenda, on disk."""
    group = repository.save_group(make_group())
    hosts = [repository.save_person(dataclasses.replace(host, group_id=group.id)) for host in make_hosts(group)]
    meeting = dataclasses.replace(make_meeting(group, date(2026, 12, 8), hosts[0]), theme=THEME, host_note=HOST_NOTE)
    meeting = repository.save_meeting(meeting)
    repository.save_agenda(meeting.id, agenda_from_template(default_template(), meeting, hosts[0], None))
    return group, meeting, hosts


def test_the_workspace_writes_the_agenda_under_a_readable_name(repository: Repository, tmp_path: Path) -> None:
    _group, meeting, hosts = saved_meeting(repository)
    assert MEETING_FILES == {"agenda": ".pdf", "signin": ".pdf", "feedback": ".pdf"}
    path = write_meeting_file(repository, meeting, "agenda")
    assert path == repository.workspace.exports_folder / "inari-peer-group-agenda-2026-12-08.pdf"
    flow = flowing("".join(page_texts(path)))
    assert THEME in flow and hosts[0].name in flow and hosts[0].company in flow and hosts[0].premises_address in flow
    assert "The host introduces the company and the theme" in flow and "17:45–18:15" in flow
    assert "the facilitator" in flow and "No open follow-ups." in flow

    elsewhere = tmp_path / "print"
    elsewhere.mkdir()
    assert write_meeting_file(repository, meeting, "agenda", elsewhere) == elsewhere / path.name
    with pytest.raises(ExportFailed, match=re.escape(str(tmp_path / "missing"))):
        write_meeting_file(repository, meeting, "agenda", tmp_path / "missing")


def test_pseudonyms_are_in_the_papers_language_in_follow_ups_items_and_host(tmp_path: Path) -> None:
    """A coordinator's copy names a person without consent "Member-CEA40A": on a Finnish agenda
    that is "Jäsen-CEA40A", as the summary prints it, in the follow-ups, the items and the host."""
    from facilitator.i18n import language, use_language

    group, meeting, host, items = prepared()
    host = dataclasses.replace(host, name="Member-1A2B3C")
    items[3] = dataclasses.replace(items[3], presenter="Guest-81BC0D", notes="With Member-CEA40A's figures")
    follow_ups = ["Henrik Stenberg sends Member-CEA40A the contact of the printer"]
    before = language()
    use_language("fi")
    try:
        path = write_agenda_pdf(group, meeting, host, items, follow_ups, tmp_path / "agenda.pdf", HELSINKI)
    finally:
        use_language(before)
    text = flowing(" ".join(page_texts(path)))
    assert "Henrik Stenberg sends Jäsen-CEA40A the contact of the printer" in text
    assert "Jäsen-1A2B3C" in text and "Vieras-81BC0D" in text and "With Jäsen-CEA40A's figures" in text
    assert not re.search(r"\b(Member|Guest)-[0-9A-F]{6}\b", text)
