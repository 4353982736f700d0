"""What the tests of ``facilitator import research`` share: a coordinator's workspace with a group's
bundle imported, its project exported, and ``project.qde`` edited as a QDA tool rewrites it
(unzipped, changed, zipped again)."""

from __future__ import annotations

import dataclasses
import io
import shutil
import uuid
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from exports.bundle.importer import Importer
from exports.bundle.writer import make_bundle
from exports.qdpx.codings_back import CodingsBack
from exports.qdpx.project import qdpx_bytes
from exports.qdpx.reading import NAMESPACE
from exports.qdpx.sources import EntrySpan, MeetingSource, meeting_sources
from facilitator.cli import main
from facilitator.model import effective_codes
from storage.workspace import WorkspaceRole
from tests.conftest import demo_clock, make_demo
from tests.sync_support import opened, share_keys

NS = "{" + NAMESPACE + "}"
ET.register_namespace("", NAMESPACE)


@dataclasses.dataclass
class Network:
    coordinator: Path  # the coordinator's workspace, with a group's bundle imported
    laptop: Path  # the facilitator's workspace the bundle came from


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> Network:
    folder = tmp_path_factory.mktemp("qdpx-import")
    make_demo(folder / "laptop", groups=1, years=1)
    with (
        opened(folder / "coordinator", WorkspaceRole.COORDINATOR) as coordinator,
        opened(folder / "laptop") as laptop,
    ):
        laptop.load_all()
        share_keys(coordinator, [laptop], folder / "keys")
        assert Importer(coordinator).import_file(make_bundle(laptop, laptop.groups(), to=folder).path).ok
    return Network(folder / "coordinator", folder / "laptop")


@pytest.fixture
def coordinator(network: Network, tmp_path: Path) -> Path:
    """A copy of the coordinator's workspace of its own for the test."""
    return Path(shutil.copytree(network.coordinator, tmp_path / "coordinator"))


def made_sources(folder: Path) -> list[MeetingSource]:
    with opened(folder) as repository:
        repository.load_all()
        return meeting_sources(repository, repository.groups())


def export(folder: Path, path: Path) -> list[MeetingSource]:
    sources = made_sources(folder)
    path.write_bytes(qdpx_bytes(sources, demo_clock(), "Research"))
    return sources


def edit(
    path: Path,
    change: Callable[[ET.Element], None],
    rename: Callable[[str], str] = str,
    texts: Callable[[str, str], str] | None = None,
) -> None:
    """Change ``project.qde`` in the project at ``path`` the way a QDA tool rewrites it (and each
    source's text, ``texts(name in the zip, text)``)."""
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    root = ET.fromstring(members["project.qde"])
    change(root)
    members["project.qde"] = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    for name, data in members.items():
        if texts is not None and name.endswith(".txt"):
            members[name] = texts(name, data.decode()).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(rename(name), data)
    path.write_bytes(buffer.getvalue())


def source_element(root: ET.Element, source: MeetingSource) -> ET.Element:
    return next(element for element in root.iter(NS + "TextSource") if element.get("guid") == source.guid)


def select(element: ET.Element, start: int, end: int, code: str) -> None:
    selection = ET.SubElement(
        element, NS + "PlainTextSelection", {"guid": new_guid(), "startPosition": str(start), "endPosition": str(end)}
    )
    ET.SubElement(ET.SubElement(selection, NS + "Coding", {"guid": new_guid()}), NS + "CodeRef", {"targetGUID": code})


def add_code(root: ET.Element, name: str) -> str:
    guid = new_guid()
    codes = root.find(f"{NS}CodeBook/{NS}Codes")
    assert codes is not None
    ET.SubElement(codes, NS + "Code", {"guid": guid, "name": name, "isCodable": "true"})
    return guid


def new_guid() -> str:
    return str(uuid.uuid4()).upper()


def text_entries(source: MeetingSource) -> list[EntrySpan]:
    return [span for span in source.entries if span.start < span.end]


def run(folder: Path, *args: str | Path) -> int:
    return main(["--workspace", str(folder), "import", "research", *map(str, args)])


def effective(folder: Path) -> dict[str, list[str]]:
    """Every entry's codes as the analysis reads them, by entry id."""
    with opened(folder) as repository:
        repository.load_all()
        found = {}
        for group in repository.groups():
            for meeting in repository.meetings(group.id):
                if not repository.has_meeting_file(meeting.id):
                    continue
                codings = {coding.entry_id: coding for coding in repository.codings(meeting.id)}
                for entry in repository.memo(meeting.id):
                    found[entry.id] = effective_codes(entry.codes, codings.get(entry.id))
        return found


def nothing_found(plan: CodingsBack) -> bool:
    """Whether the plan found nothing to do or to say, but the sources it recognised."""
    return not any(getattr(plan, field.name) for field in dataclasses.fields(plan) if field.name != "sources")
