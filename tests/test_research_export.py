"""``facilitator export research``: the coded memo entries as CSV and JSON lines, read back as a
spreadsheet or a script reads them, with research consent respected; the eleven codes as a
REFI-QDA codebook validated against the standard's own schema (``tests/data/Codebook.xsd``)."""

from __future__ import annotations

import csv
import dataclasses
import json
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import xmlschema

from exports.bundle.importer import Importer
from exports.bundle.writer import make_bundle
from exports.research import COLUMNS, research_rows, write_research_export
from exports.research_codes import codebook_bytes
from facilitator.activities import activities
from facilitator.model import Coding, MemoEntry, MemoKind, Person, coding_id
from facilitator.pseudonyms import pseudonym
from storage.repository import Repository
from storage.workspace import Workspace, WorkspaceRole
from tests.conftest import make_demo
from tests.research_support import assert_no_one_without_consent_named, inari_and_two_members
from tests.sync_support import opened, share_keys
from tests.test_cli import facilitator, one_line_error

SCHEMA = Path(__file__).parent / "data" / "Codebook.xsd"
QDC = "{urn:QDA-XML:codebook:1.0}"
ELEVEN = {item.code for item in activities()}
SAMI = "Čuoŋ, Đ, Ŋ, Ŧ, Ž; á ä ö"


@dataclasses.dataclass
class Demo:
    folder: Path
    tricky: MemoEntry  # coded, naming a person with research consent and one without
    expected_text: str
    expected_people: list[str]
    expected_item: str
    expected_day: str
    group: str
    removed_id: str
    uncoded_id: str


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    """The demo network, with a coded entry whose text a CSV can get wrong, a coded entry removed
    again, and an entry with no code."""
    folder = tmp_path_factory.mktemp("research") / "demo"
    make_demo(folder)
    with Workspace.open(folder, purpose="test") as workspace:
        repository = Repository(workspace)
        group, shown, hidden = inari_and_two_members(repository)
        meeting = next(
            m for m in repository.meetings(group.id) if repository.has_meeting_file(m.id) and repository.agenda(m.id)
        )
        item = repository.agenda(meeting.id)[1]
        text = f'{shown.name} asked {hidden.name}: "{SAMI}?"\nNext line, with a comma\r\nand a last; one'
        tricky = repository.save_memo_entry(
            MemoEntry(
                meeting_id=meeting.id,
                group_id=group.id,
                text=text,
                written_at=meeting.starts_at + timedelta(minutes=5),
                kind=MemoKind.DECISION,
                codes=["ps", "SE"],
                people=[shown.id, hidden.id],
                agenda_item_id=item.id,
            )
        )
        removed = repository.save_memo_entry(
            MemoEntry(
                meeting_id=meeting.id,
                group_id=group.id,
                text="Removed again",
                written_at=meeting.starts_at,
                codes=["VI"],
            )
        )
        repository.remove_memo_entry(removed)
        uncoded = repository.save_memo_entry(
            MemoEntry(meeting_id=meeting.id, group_id=group.id, text="No code here", written_at=meeting.starts_at)
        )
        day = meeting.starts_at.astimezone(ZoneInfo(group.time_zone)).date().isoformat()
    return Demo(
        folder=folder,
        tricky=tricky,
        expected_text=text.replace(hidden.name, pseudonym(hidden.id, "Member")),
        expected_people=[shown.name, pseudonym(hidden.id, "Member")],
        expected_item=item.title,
        expected_day=day,
        group=group.name,
        removed_id=removed.id,
        uncoded_id=uncoded.id,
    )


def _export(folder: Path, *args: str | Path) -> Path:
    result = facilitator("export", "research", "--workspace", folder, *args)
    assert result.returncode == 0, result.stderr
    path = Path(result.stdout.splitlines()[0])
    assert path.is_file()
    return path


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        reader = csv.DictReader(file)
        assert tuple(reader.fieldnames or ()) == COLUMNS
        return list(reader)


def _read_jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _all_people(folder: Path) -> list[Person]:
    with Workspace.open(folder, purpose="test") as workspace:
        repository = Repository(workspace)
        return [person for group in repository.groups() for person in repository.people(group.id)]


# -- CSV ---------------------------------------------------------------------------------------


@pytest.mark.processes
def test_the_csv_reads_back_with_every_field_intact(demo: Demo, exports_folder: Path) -> None:
    path = _export(demo.folder, "--format", "csv")
    assert path.parent == exports_folder and path.name == "all-groups-research.csv"
    data = path.read_bytes()
    assert data.startswith(
        b"\xef\xbb\xbf" + b"group,meeting_date,agenda_item,kind,codes,text,people,entry_id,meeting_id\r\n"
    )
    rows = {row["entry_id"]: row for row in _read_csv(path)}
    assert rows[demo.tricky.id] == {
        "group": demo.group,
        "meeting_date": demo.expected_day,
        "agenda_item": demo.expected_item,
        "kind": "decision",
        "codes": "PS;SE",
        "text": demo.expected_text,
        "people": "; ".join(demo.expected_people),
        "entry_id": demo.tricky.id,
        "meeting_id": demo.tricky.meeting_id,
    }
    assert SAMI in rows[demo.tricky.id]["text"] and "\r\n" in rows[demo.tricky.id]["text"]
    assert demo.removed_id not in rows and demo.uncoded_id not in rows
    assert all(row["codes"] and set(row["codes"].split(";")) <= ELEVEN for row in rows.values())


def test_only_coded_entries_that_were_not_removed_are_written(demo: Demo) -> None:
    with Workspace.open(demo.folder, purpose="test") as workspace:
        repository = Repository(workspace)
        repository.load_all()
        expected = {
            entry.id
            for group in repository.groups()
            for meeting in repository.meetings(group.id)
            if repository.has_meeting_file(meeting.id)
            for entry in repository.memo(meeting.id)
            if {code.upper() for code in entry.codes} & ELEVEN
        }
        rows = research_rows(repository, repository.groups())
    assert {row.entry_id for row in rows} == expected
    assert len(rows) == len(expected) > 100


def test_a_researchers_re_code_is_the_code_exported(tmp_path: Path) -> None:
    make_demo(tmp_path / "demo", groups=1, years=1)
    with Workspace.open(tmp_path / "demo", purpose="test") as workspace:
        repository = Repository(workspace)
        repository.load_all()
        group = repository.groups()[0]
        meeting = next(m for m in repository.meetings(group.id) if repository.has_meeting_file(m.id))
        entries = repository.memo(meeting.id)
        uncoded = next(entry for entry in entries if not entry.codes)
        coded = next(entry for entry in entries if entry.codes)
        for entry, codes in ((uncoded, ["MK", "dp"]), (coded, [])):
            repository.save_coding(
                Coding(id=coding_id(entry.id), entry_id=entry.id, meeting_id=meeting.id, group_id=group.id, codes=codes)
            )
        rows = {row.entry_id: row for row in research_rows(repository, [group])}
    assert rows[uncoded.id].codes == ("MK", "DP")
    assert coded.id not in rows


# -- consent -----------------------------------------------------------------------------------


@pytest.mark.processes
def test_no_one_without_research_consent_is_named_and_no_contact_details_leave(demo: Demo) -> None:
    csv_text = _export(demo.folder, "--format", "csv").read_text(encoding="utf-8-sig")
    jsonl_text = _export(demo.folder, "--format", "jsonl").read_text(encoding="utf-8")
    people = _all_people(demo.folder)
    hidden = [person for person in people if person.research_consent is None]
    shown = [person for person in people if person.research_consent is not None]
    assert hidden and shown
    for text in (csv_text, jsonl_text):
        assert_no_one_without_consent_named(text, people)
        assert any(pseudonym(person.id, "Member") in text for person in hidden)
        assert any(person.name in text for person in shown)


def test_the_coordinators_export_is_the_facilitators(tmp_path: Path) -> None:
    """On the coordinator's workspace the records are pseudonymised already: the view applied
    again changes nothing, so both sides export the same rows."""
    make_demo(tmp_path / "laptop", groups=1, years=1)
    with (
        opened(tmp_path / "coordinator", WorkspaceRole.COORDINATOR) as coordinator,
        opened(tmp_path / "laptop") as laptop,
    ):
        laptop.load_all()
        share_keys(coordinator, [laptop], tmp_path / "keys")
        assert Importer(coordinator).import_file(make_bundle(laptop, laptop.groups(), to=tmp_path).path).ok
        coordinator.reload()
        on_laptop = research_rows(laptop, laptop.groups())
        at_coordinator = research_rows(coordinator, coordinator.groups())
    assert on_laptop and at_coordinator == on_laptop
    assert any(name.startswith("Member-") for row in on_laptop for name in row.people)


# -- JSON lines --------------------------------------------------------------------------------


@pytest.mark.processes
def test_json_lines_parse_one_by_one_with_lists(demo: Demo) -> None:
    path = _export(demo.folder, "--format", "jsonl")
    assert path.suffix == ".jsonl" and not path.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = _read_jsonl(path)
    assert all(tuple(row) == COLUMNS for row in rows)
    assert all(isinstance(row["codes"], list) and row["codes"] and set(row["codes"]) <= ELEVEN for row in rows)
    tricky = next(row for row in rows if row["entry_id"] == demo.tricky.id)
    assert tricky["codes"] == ["PS", "SE"] and tricky["people"] == demo.expected_people
    assert tricky["text"] == demo.expected_text and tricky["meeting_date"] == demo.expected_day
    assert len(rows) == len(_read_csv(_export(demo.folder, "--format", "csv")))


# -- dates and groups --------------------------------------------------------------------------


@pytest.mark.processes
def test_from_and_until_keep_the_meeting_days_between_in_either_way_of_writing(demo: Demo, tmp_path: Path) -> None:
    path = _export(demo.folder, "--group", "inari", "--from", "1.1.2026", "--until", "2026-06-30", "--to", tmp_path)
    assert path == tmp_path / "inari-peer-group-research-2026-01-01-2026-06-30.csv"
    rows = _read_csv(path)
    assert rows and all(row["group"] == demo.group for row in rows)
    assert all("2026-01-01" <= row["meeting_date"] <= "2026-06-30" for row in rows)
    every = [
        row
        for row in _read_csv(_export(demo.folder, "--group", "inari"))
        if "2026-01-01" <= row["meeting_date"] <= "2026-06-30"
    ]
    assert [row["entry_id"] for row in rows] == [row["entry_id"] for row in every]
    later = _read_csv(_export(demo.folder, "--from", "2026-07-01", "--to", tmp_path))
    assert later and all(row["meeting_date"] >= "2026-07-01" for row in later)


def test_the_day_is_the_groups_local_day(tmp_path: Path) -> None:
    """A meeting at 23:30 UTC on 1 March is on 2 March in Helsinki, and is filtered as such."""
    make_demo(tmp_path / "demo", groups=1, years=1)
    with Workspace.open(tmp_path / "demo", purpose="test") as workspace:
        repository = Repository(workspace)
        repository.load_all()
        group = repository.groups()[0]
        meeting = next(m for m in repository.meetings(group.id) if repository.has_meeting_file(m.id))
        late = meeting.starts_at.replace(hour=23, minute=30)
        repository.save_meeting(dataclasses.replace(meeting, starts_at=late, ends_at=late + timedelta(hours=2)))
        local_day = late.astimezone(ZoneInfo(group.time_zone)).date()
        assert local_day != late.date()
        rows = [row for row in research_rows(repository, [group], local_day, local_day) if row.meeting_id == meeting.id]
        assert rows and {row.meeting_date for row in rows} == {local_day}
        assert not research_rows(repository, [group], late.date(), late.date())


# -- the codebook ------------------------------------------------------------------------------


@pytest.mark.processes
def test_the_codebook_lists_the_eleven_codes_and_is_valid_refi_qda(demo: Demo) -> None:
    path = _export(demo.folder, "--format", "qdc")
    assert path.name == "research-codebook.qdc"
    xmlschema.XMLSchema(SCHEMA).validate(str(path))
    root = ET.parse(path).getroot()
    assert root.tag == f"{QDC}CodeBook" and root.get("origin", "").startswith("MicroENTRE Facilitator")
    codes = root.findall(f"{QDC}Codes/{QDC}Code")
    assert [code.get("name") for code in codes] == [f"{item.code} {item.name}" for item in activities()]
    assert [code.findtext(f"{QDC}Description") for code in codes] == [item.looks_like for item in activities()]
    assert all(code.get("isCodable") == "true" for code in codes)
    assert len({code.get("guid") for code in codes}) == len({code.get("color") for code in codes}) == 11
    first = path.read_bytes()
    assert _export(demo.folder, "--format", "qdc").read_bytes() == first == codebook_bytes()


def test_the_schema_refuses_a_broken_codebook() -> None:
    """The validation is real: a code without its GUID, or a colour that is no colour, fails."""
    schema = xmlschema.XMLSchema(SCHEMA)
    good = codebook_bytes().decode("utf-8")
    assert schema.is_valid(good)
    assert not schema.is_valid(good.replace('isCodable="true"', "", 1))
    assert not schema.is_valid(good.replace('color="#1F77B4"', 'color="blue"'))


# -- the command -------------------------------------------------------------------------------


@pytest.mark.processes
def test_the_command_refuses_what_it_cannot_do_in_one_line(demo: Demo, tmp_path: Path) -> None:
    assert "--format" in one_line_error(
        facilitator("export", "research", "--workspace", demo.folder, "--format", "xlsx"), 2
    )
    assert "Nowhere" in one_line_error(
        facilitator("export", "research", "--workspace", demo.folder, "--group", "Nowhere"), 1
    )
    assert "is not a date" in one_line_error(
        facilitator("export", "research", "--workspace", demo.folder, "--from", "31.2.2026"), 2
    )
    assert "after" in one_line_error(
        facilitator("export", "research", "--workspace", demo.folder, "--from", "2026-05-01", "--until", "2026-01-01"),
        2,
    )
    assert "--group" in one_line_error(
        facilitator("export", "research", "--workspace", demo.folder, "--format", "qdc", "--group", "Inari"), 2
    )
    assert "is a file, not a folder" in one_line_error(
        facilitator("export", "research", "--workspace", demo.folder, "--to", demo.folder / "workspace.json"), 1
    )
    assert "There is no workspace" in one_line_error(
        facilitator("export", "research", "--workspace", tmp_path / "typo"), 1
    )
    assert not (tmp_path / "typo").exists()


@pytest.mark.processes
def test_the_command_says_how_many_entries_it_wrote(demo: Demo, tmp_path: Path) -> None:
    for file_format in ("csv", "jsonl", "qdc"):
        result = facilitator(
            "export", "research", "--workspace", demo.folder, "--format", file_format, "--to", tmp_path
        )
        assert result.returncode == 0, result.stderr
        lines = result.stdout.splitlines()
        path = lines[0]
        assert Path(path).parent == tmp_path and Path(path).suffix == f".{file_format}"
        if file_format == "qdc":
            assert lines[1:] == ["11 codes."]
        else:
            *beside, count, development = lines[1:]
            assert count.endswith("coded memo entries.") and int(count.split()[0]) > 100
            assert development.startswith("Beside them, ")
            assert [Path(found).name for found in beside] == [
                Path(path).name.replace("research", f"research-{kind}") for kind in ("interviews", "outcomes")
            ]
            assert all(Path(found).is_file() for found in beside)


@pytest.mark.processes
def test_the_export_is_the_same_from_python(demo: Demo, tmp_path: Path) -> None:
    with Workspace.open(demo.folder, purpose="test") as workspace:
        repository = Repository(workspace)
        made = write_research_export(repository, "jsonl", to=tmp_path)
    assert made.entries == len(_read_jsonl(made.path))
    assert made.path.read_bytes() == _export(demo.folder, "--format", "jsonl").read_bytes()


@pytest.mark.processes
def test_an_empty_period_gives_the_header_alone(demo: Demo, tmp_path: Path) -> None:
    path = _export(demo.folder, "--from", "2040-01-01", "--to", tmp_path)
    assert _read_csv(path) == []
    assert date(2040, 1, 1).isoformat() in path.name
