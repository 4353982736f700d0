"""Reading a REFI-QDA project back (:mod:`exports.qdpx.reading`): what a QDA tool writes is read,
and a damaged, foreign or hostile file is refused whole with a reason a person can act on."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from exports.qdpx.reading import NAMESPACE, ProjectRefused, read_project


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


_PROJECT = f'<Project xmlns="{NAMESPACE}" name="x"><Sources/></Project>'.encode()
_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY a "aaaaaaaaaa">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
    + f']><Project xmlns="{NAMESPACE}"><Description>&i;</Description></Project>'
).encode()
REFUSED = {
    "not a zip": (b"just some text", "not a zip archive"),
    "no project.qde": (_zip({"sources/a.txt": b"text"}), "holds no project.qde"),
    "not XML": (_zip({"project.qde": b"<Project"}), "not valid XML"),
    "wrong root": (_zip({"project.qde": b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"/>'}), "not a REFI-QDA project"),
    "billion laughs": (_zip({"project.qde": _LAUGHS}), "declares a document type"),
    "a path with ..": (_zip({"project.qde": _PROJECT, "../evil.txt": b"x"}), "points outside it"),
    "a bad position": (
        _zip(
            {
                "project.qde": _PROJECT.replace(
                    b"<Sources/>",
                    b'<Sources><TextSource guid="A" name="s">'
                    b'<PlainTextContent>t</PlainTextContent><PlainTextSelection startPosition="x" endPosition="1"/>'
                    b"</TextSource></Sources>",
                )
            }
        ),
        "no valid start and end",
    ),
}


def test_a_truncated_project_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "truncated.qdpx"
    data = _zip({"project.qde": _PROJECT, "sources/a.txt": "Áilu opened the meeting.\n".encode() * 100})
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ProjectRefused, match="not a zip archive"):
        read_project(path)


def test_billion_laughs_is_refused_even_before_our_guard() -> None:
    """The document type refusal comes first; beneath it, the standard library's expat (2.4.1 and
    later) refuses the expansion on its own."""
    with pytest.raises(ET.ParseError, match="amplification"):
        ET.fromstring(_LAUGHS)


def test_a_link_in_the_project_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "link.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", _PROJECT)
        link = zipfile.ZipInfo("sources/a.txt")
        link.external_attr = 0o120777 << 16
        archive.writestr(link, "/etc/passwd")
    with pytest.raises(ProjectRefused, match="link"):
        read_project(path)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    path = tmp_path / "bomb.qdpx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", _PROJECT)
        archive.writestr("sources/a.txt", b"\0" * (8 << 20))
    with pytest.raises(ProjectRefused, match="packed suspiciously tightly"):
        read_project(path)


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_each_damaged_or_foreign_file_is_refused_with_its_reason(case: str, tmp_path: Path) -> None:
    data, reason = REFUSED[case]
    path = tmp_path / "damaged.qdpx"
    path.write_bytes(data)
    with pytest.raises(ProjectRefused, match=reason):
        read_project(path)


def test_what_a_qda_tool_writes_is_read(tmp_path: Path) -> None:
    """Codes nested in codes, the sources folder as NVivo names it, a text with a byte-order mark and
    Windows line ends, a text inside the project, a selection with no coding (MAXQDA's memo)."""
    project = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="{NAMESPACE}" name="coded">
  <CodeBook><Codes><Code guid="c1" name="Activities" isCodable="false">
    <Code guid="c2" name="PS problem-solving" isCodable="true"/></Code></Codes></CodeBook>
  <Sources>
    <TextSource guid="s1" name="Memo" plainTextPath="internal://s1.txt">
      <PlainTextSelection guid="p1" startPosition="0" endPosition="5">
        <Description>why</Description><Coding guid="k1"><CodeRef targetGUID="C2"/></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="p2" startPosition="6" endPosition="9">
        <Description>memo</Description></PlainTextSelection>
    </TextSource>
    <TextSource guid="s2" name="Inline"><PlainTextContent>Inline text</PlainTextContent></TextSource>
    <PictureSource guid="s3" name="Photo" path="internal://s3.png"/>
  </Sources>
</Project>""".encode()
    path = tmp_path / "tool.qdpx"
    path.write_bytes(_zip({"project.qde": project, "Sources/s1.txt": "\ufeffHello\r\nworld".encode()}))
    read = read_project(path)
    assert {guid: code.name for guid, code in read.codes.items()} == {"C1": "Activities", "C2": "PS problem-solving"}
    memo, inline, photo = read.sources
    assert (memo.guid, memo.name, memo.text) == ("S1", "Memo", "Hello\nworld")
    assert [(s.start, s.end, s.code_guids) for s in memo.selections] == [(0, 5, ("C2",)), (6, 9, ())]
    assert inline.text == "Inline text"
    assert photo.text is None and photo.problem == "not a text source"
