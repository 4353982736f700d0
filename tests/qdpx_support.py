"""What the tests of the REFI-QDA project share: the demo network with the entries a project can
get wrong, and the project read back as a QDA tool reads it (QualCoder's way: ``project.qde`` at
the root, ``internal://`` sources, 0-based end-exclusive code-point offsets)."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest

from exports.research_codes import codebook_bytes
from facilitator.model import Coding, MeetingStatus, MemoEntry, MemoKind, coding_id
from facilitator.pseudonyms import pseudonym
from facilitator.text import unix_lines
from storage.repository import Repository
from storage.workspace import Workspace
from tests.conftest import make_demo
from tests.research_support import inari_and_two_members
from tests.test_cli import facilitator

SCHEMA = Path(__file__).parent / "data" / "Project-mrt2019.xsd"
QDA = "{urn:QDA-XML:project:1.0}"
QDC = "{urn:QDA-XML:codebook:1.0}"
NOW = "2026-12-04T08:00:00+00:00"
#: Characters outside the Basic Multilingual Plane (two UTF-16 units each) and combining accents
#: (two code points for one letter as seen; ŋ́ and q̃ have no composed form, and stay two after the
#: NFC the consent view writes): a tool counting anything but code points misplaces every
#: selection after them.
ASTRAL = "𝔘𝔱𝔰𝔧𝔬𝔨𝔦 😀 ja Sa\u0301mi \u014b\u0301 q\u0303 Čuoŋ"


@dataclasses.dataclass
class Demo:
    folder: Path
    group: str
    tricky_id: str  # coded, first in its meeting, with \r\n, astral characters and a hidden name
    tricky_text: str  # as the source must hold it
    hidden_name: str
    hidden_pseudonym: str
    empty_id: str  # coded, without text
    uncoded_id: str
    removed_id: str
    recoded_id: str  # re-coded by the researcher to MK and DP
    not_held_meeting: str  # a meeting with entries whose status went back to confirmed


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    folder = tmp_path_factory.mktemp("qdpx") / "demo"
    make_demo(folder)
    with Workspace.open(folder, purpose="test") as workspace:
        repository = Repository(workspace)
        group, shown, hidden = inari_and_two_members(repository)
        meetings = [
            m for m in repository.meetings(group.id) if m.status is MeetingStatus.HELD and repository.memo(m.id)
        ]
        meeting, other = meetings[-1], meetings[-2]
        item = repository.agenda(meeting.id)[0]
        text = f"{shown.name} asked {hidden.name}:\r\n{ASTRAL}?\rlast line"

        def entry(text: str, codes: list[str], minutes: int = 1) -> MemoEntry:
            return repository.save_memo_entry(
                MemoEntry(
                    meeting_id=meeting.id,
                    group_id=group.id,
                    text=text,
                    written_at=meeting.starts_at - timedelta(minutes=minutes),
                    kind=MemoKind.DECISION,
                    codes=codes,
                    agenda_item_id=item.id,
                )
            )

        tricky = entry(text, ["ps", "SE", "XX"], minutes=10)
        empty = entry("", ["VI"], minutes=9)
        uncoded = entry("Nothing coded here", [], minutes=8)
        removed = entry("Removed again", ["GC"], minutes=7)
        repository.remove_memo_entry(removed)
        recoded = next(
            each for each in repository.memo(meeting.id) if each.codes and each.text and each.id != tricky.id
        )
        repository.save_coding(
            Coding(
                id=coding_id(recoded.id),
                entry_id=recoded.id,
                meeting_id=meeting.id,
                group_id=group.id,
                codes=["MK", "dp"],
            )
        )
        repository.save_meeting(dataclasses.replace(other, status=MeetingStatus.CONFIRMED))
    return Demo(
        folder=folder,
        group=group.name,
        tricky_id=tricky.id,
        tricky_text=unix_lines(unicodedata.normalize("NFC", text).replace(hidden.name, pseudonym(hidden.id, "Member"))),
        hidden_name=hidden.name,
        hidden_pseudonym=pseudonym(hidden.id, "Member"),
        empty_id=empty.id,
        uncoded_id=uncoded.id,
        removed_id=removed.id,
        recoded_id=recoded.id,
        not_held_meeting=other.id,
    )


@dataclasses.dataclass
class Project:
    path: Path
    root: ET.Element
    texts: dict[str, str]  # source guid -> its text
    qde: bytes


@pytest.fixture(scope="module")
def network_project(demo: Demo, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Project]:
    """The whole network's project, as ``export research --format qdpx`` writes it into the folder
    given with it: exported once for the tests of a module that only read it."""
    to = tmp_path_factory.mktemp("network-qdpx")
    project, _lines = export_qdpx(demo.folder, to)
    return to, project


def without_moments(qde: bytes) -> bytes:
    """``project.qde`` without its creation moments: a command's clock runs on from FACILITATOR_NOW
    in real time, so two projects written a second apart differ there and nowhere else."""
    return re.sub(rb'creationDateTime="[^"]+"', b"", qde)


def export_qdpx(folder: Path, to: Path, *args: str | Path, now: str = NOW) -> tuple[Project, list[str]]:
    result = facilitator(
        "export", "research", "--workspace", folder, "--format", "qdpx", "--to", to, *args, env={"FACILITATOR_NOW": now}
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    return read_qdpx(Path(lines[0])), lines


def read_qdpx(path: Path) -> Project:
    """The project as a QDA tool reads it: ``project.qde`` at the root, each source's text where its
    ``plainTextPath`` points."""
    with zipfile.ZipFile(path) as archive:
        # The texts deflated; a recording's MP3 (compressed already) stored.
        assert all(
            info.compress_type == (zipfile.ZIP_STORED if info.filename.endswith(".mp3") else zipfile.ZIP_DEFLATED)
            for info in archive.infolist()
        )
        qde = archive.read("project.qde")
        root = ET.fromstring(qde)
        texts = {}
        for source in root.iter(f"{QDA}TextSource"):
            where = source.get("plainTextPath", "")
            assert where == f"internal://{source.get('guid')}.txt" and source.find(f"{QDA}PlainTextContent") is None
            data = archive.read("sources/" + where.removeprefix("internal://"))
            assert not data.startswith(b"\xef\xbb\xbf")
            texts[source.get("guid", "")] = data.decode("utf-8")
        sound = [
            f"sources/{member}"
            for source in root.iter(f"{QDA}AudioSource")
            for member in (
                source.get("path", "").removeprefix("internal://"),
                *(
                    each.get("plainTextPath", "").removeprefix("internal://")
                    for each in source.iter(f"{QDA}Transcript")
                ),
            )
        ]
        assert sorted(archive.namelist()) == sorted(["project.qde", *(f"sources/{guid}.txt" for guid in texts), *sound])
    return Project(path, root, texts, qde)


def selections(project: Project) -> dict[str, list[tuple[int, int, str]]]:
    """Each source's selections as (start, end, code GUID), each holding exactly one coding of one code."""
    found: dict[str, list[tuple[int, int, str]]] = {}
    for source in project.root.iter(f"{QDA}TextSource"):
        for selection in source.findall(f"{QDA}PlainTextSelection"):
            codings = selection.findall(f"{QDA}Coding")
            assert len(codings) == 1 and len(codings[0].findall(f"{QDA}CodeRef")) == 1
            start, end = int(selection.get("startPosition", "")), int(selection.get("endPosition", ""))
            code = codings[0].find(f"{QDA}CodeRef").get("targetGUID", "")  # type: ignore[union-attr]
            found.setdefault(source.get("guid", ""), []).append((start, end, code))
    return found


def code_guids() -> dict[str, str]:
    """The codebook's (.qdc's) GUID of each code, by code ("PS")."""
    codes = ET.fromstring(codebook_bytes()).iter(f"{QDC}Code")
    return {code.get("name", "").split()[0]: code.get("guid", "") for code in codes}
