"""The papers of a held meeting, read back with pypdf: the participants' summary holds every
conclusion, decision and action item and nothing private (no need, no code, no recording offset,
no feedback comment); the facilitator's record holds every memo entry, the needs, the timing and
the consents; a 3-hour meeting of 400 entries runs over clean pages; Sami letters stay intact;
and the files the workspace writes for a meeting, refused for a meeting not yet held."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from exports.errors import ExportFailed
from exports.summary_files import meeting_summary, write_summary_file, write_website_file
from facilitator.agenda import agenda_from_template, default_template
from facilitator.model import (
    AgendaItem,
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
)
from facilitator.summary import format_offset
from storage.repository import Repository
from tests.test_calendar_export import make_group, make_hosts, make_meeting

DAY = date(2026, 12, 8)
THEME = "Selling duodji abroad: Ŋ, Ŧ and Ž on the label"
CONCLUSIONS = [
    "Joint stand at the Jokkmokk winter market is worth a try",
    "Prices on the border shops' shelves must include their commission",
    "Čuoŋ Duodji and Đuđá Tours Oy share a van to Ivalo",
]
NEED_TEXT = "Máret Ŋuolja needs help with an export licence for reindeer leather"
DECISION_TEXT = "The group books one stand together at Jokkmokk"
ACTION_TEXT = "Biret Đuđá asks Jokkmokk for the stand price list"
GUEST = ("Olli Vieras", "Šiella Sauna")
COMMENT = "Too long a discussion about vans, sorry"


@dataclass
class Held:
    group: Group
    meeting: Meeting
    people: list[Person]
    items: list[AgendaItem]
    entries: list[MemoEntry]


def held_meeting(repository: Repository, extra_entries: int = 0, day: date = DAY) -> Held:
    """Inari's meeting at Áilu Čuoŋ's premises, held and closed, written through the repository:
    four members present (one with consent given on the spot), one with apologies, a facilitator
    and a guest; a recording; the default agenda run with times; a memo of every kind with codes,
    people, an owner and a due date; three feedback responses; the next meeting planned.

    ``extra_entries`` adds that many notes spread over the evening (a long meeting)."""
    group = repository.save_group(make_group())
    hosts = [
        repository.save_person(dataclasses.replace(host, group_id=group.id, joined=date(2024, 1, 1)))
        for host in make_hosts(group)
    ]
    ailu, biret, maret, ande, zana = hosts
    facilitator = repository.save_person(
        Person(group_id=group.id, name="Žaneta Đuđá-Ŧeahkká", role=Role.FACILITATOR, joined=date(2024, 1, 1))
    )
    people = [*hosts, facilitator]
    planned = make_meeting(group, day, ailu)
    started = planned.starts_at + timedelta(minutes=2)
    length = timedelta(hours=3) if extra_entries else timedelta(hours=2, minutes=25)
    closed = started + length
    meeting = repository.save_meeting(
        dataclasses.replace(
            planned,
            theme=THEME,
            host_note="Áilu has sold to Norway for three years.",
            status=MeetingStatus.HELD,
            started_at=started,
            closed_at=closed,
            recordings=[Recording(started_at=started + timedelta(minutes=5), stopped_at=closed - timedelta(minutes=5))],
            conclusions="\n".join(f"- {line}" for line in CONCLUSIONS),
        )
    )
    following = make_meeting(group, date(day.year + (day.month == 12), day.month % 12 + 1, 12), biret)
    repository.save_meeting(following)

    items = agenda_from_template(default_template(), meeting, ailu, facilitator)
    moment = started
    share = length / len(items)
    run = []
    for index, item in enumerate(items):
        ends = moment + (share if index < len(items) - 1 else closed - moment)
        run.append(dataclasses.replace(item, started_at=moment, ended_at=ends))
        moment = ends
    items = repository.save_agenda(meeting.id, run)

    for person, status, consent in (
        (ailu, Presence.PRESENT, None),
        (biret, Presence.PRESENT, None),
        (maret, Presence.PRESENT, DAY),
        (zana, Presence.PRESENT, None),
        (ande, Presence.APOLOGIES, None),
        (facilitator, Presence.PRESENT, None),
    ):
        repository.save_attendance(
            Attendance(
                meeting_id=meeting.id,
                person_id=person.id,
                status=status,
                arrived_at=started if status is Presence.PRESENT else None,
                audio_consent=consent,
            )
        )
    repository.save_attendance(
        Attendance(
            meeting_id=meeting.id,
            guest_name=GUEST[0],
            guest_organisation=GUEST[1],
            status=Presence.PRESENT,
            arrived_at=started,
            audio_consent=DAY,
        )
    )
    for person in (ailu, biret, zana, facilitator):
        repository.save_person(dataclasses.replace(person, audio_consent=date(2025, 3, 1)))

    recording_start = meeting.recordings[0].started_at

    def entry(minutes: float, text: str, kind: MemoKind = MemoKind.NOTE, **fields) -> MemoEntry:
        """An entry written ``minutes`` into the meeting, under the agenda item running then."""
        written = started + timedelta(minutes=minutes)
        offset = int((written - recording_start).total_seconds())
        item = next(item for item in reversed(items) if item.started_at <= written)
        return MemoEntry(
            meeting_id=meeting.id,
            group_id=group.id,
            text=text,
            kind=kind,
            written_at=written,
            agenda_item_id=item.id,
            recording_offset=offset if offset >= 0 else None,
            **fields,
        )

    entries = [
        entry(3, "Round of news: Žaná opened a café corner in Sevettijärvi", people=[zana.id]),
        entry(35, "Áilu Čuoŋ tells how the border shops price duodji", codes=["SE", "DD"], people=[ailu.id]),
        entry(45, NEED_TEXT, MemoKind.NEED, codes=["MK"], people=[maret.id]),
        entry(65, "Long discussion on commission: 25 % at most, everyone agrees", codes=["PS", "BA"]),
        entry(80, DECISION_TEXT, MemoKind.DECISION, codes=["CS"]),
        entry(
            90, ACTION_TEXT, MemoKind.ACTION, codes=["RI"], people=[biret.id], owner_id=biret.id, due=date(2026, 12, 15)
        ),
        entry(100, "A shared web shop for the group next year?", MemoKind.IDEA, codes=["RA"]),
    ]
    for number in range(extra_entries):
        minutes = 1 + number * (length.total_seconds() / 60 - 2) / extra_entries
        words = " ".join(["the group talks it over and"] * (1 + number % 7))
        entries.append(
            entry(
                minutes,
                f"Entry {number + 1:03d}: Biret Đuđá and Áilu Čuoŋ on stand logistics, {words} "
                f"agrees to come back to it",
                codes=["CS"] if number % 3 else [],
            )
        )
    entries = [repository.save_memo_entry(saved) for saved in sorted(entries, key=lambda saved: saved.written_at)]
    for usefulness, recommend, comment in ((5, True, ""), (4, True, COMMENT), (3, None, "")):
        repository.save_feedback(
            FeedbackResponse(meeting_id=meeting.id, usefulness=usefulness, recommend=recommend, comment=comment)
        )
    return Held(group, repository.meeting(meeting.id), people, items, entries)


def page_texts(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def flowing(text: str) -> str:
    return " ".join(text.split())


def test_the_participants_summary_holds_what_was_agreed_and_nothing_private(repository: Repository) -> None:
    held = held_meeting(repository)
    path = write_summary_file(repository, held.meeting, "participants")
    assert path == repository.workspace.exports_folder / "inari-peer-group-summary-2026-12-08.pdf"
    text = "\n".join(page_texts(path))
    flow = flowing(text)
    for expected in (
        "Inari peer group",
        "Meeting summary",
        "Tuesday 8 December 2026",
        "17:32–19:57",
        THEME,
        "Áilu Čuoŋ",
        "Čuoŋ Duodji",
        "Čuoŋgeaidnu 3, 99870 Inari",
        *CONCLUSIONS,
        DECISION_TEXT,
        ACTION_TEXT,
        "15 December 2026",
        GUEST[0],
        GUEST[1],
        "Žaneta Đuđá-Ŧeahkká",
        "Ánde Ŧeahkká",
    ):
        assert expected in flow, expected
    assert re.search(r"Biret Đuđá.{0,40}15 December 2026", flow)  # the action's owner and due date
    assert "Next meeting" in flow and "Tuesday 12 January 2027" in flow and "Đuđá Tours Oy" in flow
    assert set("ČĐŊŦŠŽáđŋ") <= set(text)
    # nothing private
    assert NEED_TEXT not in flow and "export licence" not in flow
    assert not re.search(r"#[A-Z]{2}\b", text)
    assert not re.search(r"\b(PS|RI|SE|RA|CS|BA|GC|DD|DP|VI|MK)\b", text)
    shown = [entry for entry in held.entries if entry.text in (DECISION_TEXT, ACTION_TEXT)]
    assert len(shown) == 2 and all(entry.recording_offset for entry in shown)
    for entry in shown:  # no recording offsets (the record prints them: 75:00, 85:00)
        assert format_offset(entry.recording_offset) not in flow
    assert COMMENT not in flow and "usefulness" not in flow.lower()
    assert "A shared web shop" not in flow  # ideas and notes stay in the record
    assert "consent" not in flow.lower()


def test_the_record_holds_every_entry_with_its_time_offset_kind_codes_and_people(repository: Repository) -> None:
    held = held_meeting(repository)
    path = write_summary_file(repository, held.meeting, "record")
    assert path.name == "inari-peer-group-record-2026-12-08.pdf"
    text = "\n".join(page_texts(path))
    flow = flowing(text)
    for entry in held.entries:
        assert entry.text in flow, entry.text
    # the need's and the idea's recording offsets, as mm:ss: the minutes go past 59 as a player counts
    assert "40:00" in flow and "95:00" in flow
    assert not re.search(r"\d:\d\d:\d\d", text)
    assert "#SE #DD" in flow and "#PS #BA" in flow
    for kind in ("note", "decision", "action", "need", "idea"):
        assert re.search(rf"\b{kind}\b", flow), kind
    memo = flow.index("Memo: 7 entries")
    positions = [flow.index(entry.text, memo) for entry in held.entries]
    assert positions == sorted(positions), "entries in the order they were written"
    # the agenda item each entry was written under
    assert flow.index("Open discussion and exchange of experience") < flow.index("Long discussion on commission")
    # the needs, the timing against plan, the consents, the feedback
    assert "Needs noted" in flow and flow.count(NEED_TEXT) == 2
    assert "Time per agenda item" in flow and re.search(r"15 min\s+29 min\s+14 min over", flow)
    assert "Recorded 17:37–19:52." in flow
    assert "6 of the 6 present had consented to audio recording." in flow
    assert "Consent given at this meeting: Máret Ŋuolja, Olli Vieras." in flow
    assert "3 responses, usefulness 4.0/5, 2 of 2 would recommend" in flow
    assert COMMENT not in flow
    # everything of the participants' summary too
    for expected in (*CONCLUSIONS, DECISION_TEXT, ACTION_TEXT, GUEST[0], "Tuesday 12 January 2027"):
        assert expected in flow
    assert set("ČĐŊŦŠŽáđŋ") <= set(text)


def test_a_three_hour_meeting_of_400_entries_runs_over_clean_pages(repository: Repository) -> None:
    held = held_meeting(repository, extra_entries=393)
    assert len(held.entries) == 400
    pages = page_texts(write_summary_file(repository, held.meeting, "record"))
    assert len(pages) >= 8
    flow = flowing("\n".join(pages))
    for entry in held.entries:
        assert entry.text in flow, entry.text
    numbers = [int(number) for number in re.findall(r"Entry (\d{3}):", flow)]
    assert numbers == list(range(1, 394))
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
    memo_pages = [text for text in pages if "Entry " in text]
    assert len(memo_pages) >= 6
    for text in memo_pages[1:]:  # the header row repeats on every page the memo runs over
        assert re.search(r"Time\s+Rec\.\s+Kind\s+Entry", text), text[:200]


def test_only_embedded_dejavu_fonts(repository: Repository) -> None:
    held = held_meeting(repository)
    for variant in ("participants", "record"):
        reader = PdfReader(write_summary_file(repository, held.meeting, variant))
        fonts = [font.get_object() for page in reader.pages for font in page["/Resources"]["/Font"].values()]
        names = {str(font["/BaseFont"]) for font in fonts}
        assert names and all(re.fullmatch(r"/[A-Z]{6}\+DejaVuSans(-Bold)?", name) for name in names), names


def test_a_meeting_not_yet_held_is_refused_and_nothing_written(repository: Repository, tmp_path: Path) -> None:
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    group = repository.save_group(make_group())
    meeting = repository.save_meeting(make_meeting(group, DAY, None))
    with pytest.raises(ExportFailed, match="has not been held yet"):
        write_summary_file(repository, meeting, "participants", tmp_path)
    under_way = repository.save_meeting(dataclasses.replace(meeting, started_at=meeting.starts_at))
    with pytest.raises(ExportFailed, match="still under way"):
        write_website_file(repository, under_way, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_cannot_be_written_is_named(repository: Repository, tmp_path: Path) -> None:
    held = held_meeting(repository)
    with pytest.raises(ExportFailed, match=re.escape(str(tmp_path / "missing"))):
        write_summary_file(repository, held.meeting, "record", tmp_path / "missing")


def test_the_website_files_are_markdown_and_plain_text(repository: Repository, tmp_path: Path) -> None:
    held = held_meeting(repository)
    markdown, plain = write_website_file(repository, held.meeting, tmp_path)
    assert (markdown.name, plain.name) == (
        "inari-peer-group-website-2026-12-08.md",
        "inari-peer-group-website-2026-12-08.txt",
    )
    md, txt = markdown.read_text(encoding="utf-8"), plain.read_text(encoding="utf-8")
    assert md.startswith("## Inari peer group, Tuesday 8 December 2026") and "### Main conclusions" in md
    assert "**Host:** Čuoŋ Duodji" in md and "Áilu" not in md  # no one in the demo gave contact consent
    assert "Joint stand at the Jokkmokk winter market is worth a try" in txt and "**" not in txt
    assert "Đuđá Tours Oy asks Jokkmokk" not in txt  # action items are not website material
    assert DECISION_TEXT in txt and NEED_TEXT not in txt and "Biret" not in txt and GUEST[0] not in txt


def test_a_meeting_without_agenda_memo_or_attendance_still_prints(repository: Repository, tmp_path: Path) -> None:
    group = repository.save_group(make_group())
    meeting = repository.save_meeting(dataclasses.replace(make_meeting(group, DAY, None), status=MeetingStatus.HELD))
    record = flowing("\n".join(page_texts(write_summary_file(repository, meeting, "record", tmp_path))))
    for expected in (
        "No one was checked in.",
        "No conclusions were recorded.",
        "The memo is empty.",
        "Not recorded.",
        "No feedback was entered.",
        "Not planned yet.",
    ):
        assert expected in record, expected
    summary = meeting_summary(repository, meeting)
    assert summary.entries == () and summary.next_meeting is None


@pytest.mark.processes
@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler's pdftoppm is not installed")
def test_poppler_renders_both_papers(repository: Repository, tmp_path: Path) -> None:
    held = held_meeting(repository)
    for variant in ("participants", "record"):
        path = write_summary_file(repository, held.meeting, variant, tmp_path)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "30", str(path), str(tmp_path / variant)], check=True, capture_output=True
        )
        assert (tmp_path / f"{variant}-1.png").stat().st_size > 0


def test_memo_lines_never_run_out_of_their_column() -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from exports.pdf.memo_rows import wrapped_lines
    from exports.pdf.styles import FONT, register_fonts

    register_fonts()
    text = (
        "Áilu sends https://example.fi/a-very-long-address-to-the-stand-booking-form-of-the-jokkmokk-winter-market"
        "-2027-with-every-option-filled-in to Biret Đuđá"
    )
    lines = wrapped_lines(text, FONT, 8.5, 120)
    assert len(lines) > 3
    assert all(stringWidth(line, FONT, 8.5) <= 120 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert wrapped_lines("short", FONT, 8.5, 120) == ["short"] and wrapped_lines("", FONT, 8.5, 120) == []


def test_an_entry_longer_than_a_page_runs_on_to_the_next_page(demo_path: Path, tmp_path: Path) -> None:
    from datetime import timedelta

    from exports.summary_files import write_summary_file
    from facilitator.lookup import last_held
    from facilitator.model import MemoEntry, MemoKind
    from tests.conftest import reopen

    long_text = " ".join(f"word{number}" for number in range(1500))
    repository = reopen(demo_path)
    try:
        group = repository.groups()[0]
        meeting = last_held(repository.meetings(group.id))
        owner = repository.people(group.id)[0]
        for minutes, kind in ((3, MemoKind.NOTE), (4, MemoKind.ACTION), (5, MemoKind.NEED)):
            repository.save_memo_entry(
                MemoEntry(
                    meeting_id=meeting.id,
                    group_id=group.id,
                    text=long_text,
                    kind=kind,
                    people=[owner.id],
                    owner_id=owner.id if kind is MemoKind.ACTION else "",
                    written_at=meeting.starts_at + timedelta(minutes=minutes),
                )
            )
        for variant in ("participants", "record"):
            path = write_summary_file(repository, repository.meeting(meeting.id), variant, tmp_path)
            words = " ".join(page.extract_text() for page in PdfReader(path).pages).split()
            assert "word0" in words and "word1499" in words, variant
        # The memo stays in line with the other tables on the pages where an entry is cut.
        pages = PdfReader(path).pages
        (item_left,) = {left for page in pages for left in left_edges(page, "Item")}
        memo_lefts = {left for page in pages for left in left_edges(page, "Time") if "Rec." in page.extract_text()}
        assert memo_lefts == {item_left}
    finally:
        repository.workspace.close()


def left_edges(page, word: str) -> list[float]:
    """Where on ``page`` the runs of text that are ``word`` start, in points from the left edge."""
    found = []

    def visit(text, matrix, text_matrix, font, size) -> None:
        if text.strip() == word:
            found.append(round(text_matrix[4] * matrix[0] + text_matrix[5] * matrix[2] + matrix[4], 1))

    page.extract_text(visitor_text=visit)
    return found
