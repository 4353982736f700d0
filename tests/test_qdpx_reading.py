"""Reading a REFI-QDA project back (:mod:`exports.qdpx.reading`): what a QDA tool writes is read,
and a damaged, foreign or hostile file is refused whole with a reason a person can act on."""

from __future__ import annotations

import io
import random
import string
import tracemalloc
import warnings
import zipfile
from pathlib import Path

import pytest

from exports.bundle.archive import BundleRefused, check_entries
from exports.bundle.format import MAX_MEMBER_BYTES as BUNDLE_MEMBER_BYTES
from exports.qdpx.reading import MAX_MEMBER_BYTES, MAX_MEMBERS, NAMESPACE, ProjectRefused, read_project


def _zip(members: dict[str, bytes] | list[tuple[str, bytes]], method: int = zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w", method) as archive:
        warnings.simplefilter("ignore")  # a name twice, on purpose
        for name, data in members.items() if isinstance(members, dict) else members:
            archive.writestr(name, data)
    return buffer.getvalue()


def _encrypted(data: bytes) -> bytes:
    """``data`` (a zip of one member) with its member flagged as encrypted by zip itself."""
    flagged = bytearray(data)
    flagged[6] |= 0x1  # the local header's flags
    flagged[flagged.find(b"PK\x01\x02") + 8] |= 0x1  # the central directory's
    return bytes(flagged)


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
    # expat 2.4.1 and later refuses the expansion too, but only after reading the document type.
    "billion laughs": (_zip({"project.qde": _LAUGHS}), "declares a document type"),
    "a path with ..": (_zip({"project.qde": _PROJECT, "../evil.txt": b"x"}), "points outside it"),
    "a path with ..\\": (_zip({"project.qde": _PROJECT, "..\\evil.txt": b"x"}), "points outside it"),
    "an absolute path": (_zip({"project.qde": _PROJECT, "/etc/evil": b"x"}), "points outside it"),
    "a drive": (_zip({"project.qde": _PROJECT, "C:/evil": b"x"}), "points outside it"),
    "a name twice": (_zip([("project.qde", _PROJECT), ("project.qde", _PROJECT)]), "two files named project.qde"),
    "a name twice, once with \\": (
        _zip([("project.qde", _PROJECT), ("sources/a.txt", b"x"), ("sources\\a.txt", b"y")]),
        "two files named",
    ),
    "encrypted": (_encrypted(_zip({"project.qde": _PROJECT})), "encrypted file"),
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


def test_too_many_files_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "many.qdpx"
    path.write_bytes(_zip([("project.qde", _PROJECT), *((f"sources/{n}.txt", b"") for n in range(MAX_MEMBERS))]))
    with pytest.raises(ProjectRefused, match=f"holds {MAX_MEMBERS + 1} files: refused as too many"):
        read_project(path)


def test_a_project_qde_too_large_is_refused_as_too_large_a_file(tmp_path: Path) -> None:
    path = tmp_path / "large.qdpx"
    path.write_bytes(_zip({"project.qde": b" " * (MAX_MEMBER_BYTES + 1)}, zipfile.ZIP_DEFLATED))
    with pytest.raises(ProjectRefused, match=r"^project\.qde in the project file is too large"):
        read_project(path)


def test_a_bundle_member_too_large_is_refused_as_too_large_a_file() -> None:
    member = zipfile.ZipInfo("memo.json")
    member.file_size = member.compress_size = BUNDLE_MEMBER_BYTES + 1
    with pytest.raises(BundleRefused, match=r"^memo\.json in the bundle is too large"):
        check_entries([member])


def test_many_small_files_packed_tightly_are_refused_together(tmp_path: Path) -> None:
    """Each under the size from which packing matters, all of them over it: the whole is checked too."""
    path = tmp_path / "small-bombs.qdpx"
    path.write_bytes(
        _zip(
            {"project.qde": _PROJECT, **{f"sources/{n}.txt": b"\0" * (1 << 20) for n in range(8)}}, zipfile.ZIP_DEFLATED
        )
    )
    with pytest.raises(ProjectRefused, match="packed suspiciously tightly"):
        read_project(path)


def test_a_text_is_read_only_when_wanted_and_once_however_many_sources_name_it(tmp_path: Path) -> None:
    """A small file of thousands of sources naming one large text must not unpack it thousands of
    times; nor is the text of a source not wanted read at all."""
    sources = "".join(
        f'<TextSource guid="S{n}" name="s{n}" plainTextPath="internal://{n % 2}.txt"/>' for n in range(400)
    )
    text = "".join(random.Random(19).choices(string.ascii_letters, k=1 << 20))  # packs loosely
    path = tmp_path / "one-text.qdpx"
    path.write_bytes(
        _zip(
            {
                "project.qde": _PROJECT.replace(b"<Sources/>", f"<Sources>{sources}</Sources>".encode()),
                "sources/0.txt": text.encode(),
                "sources/1.txt": b"\xff not UTF-8",
            },
            zipfile.ZIP_DEFLATED,
        )
    )
    tracemalloc.start()
    try:
        read = read_project(path, wanted=lambda guid, name: guid != "S1")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 << 20, f"{peak >> 20} MB"
    assert all(source.text == text for source in read.sources[::2])
    assert read.sources[1].text is None and read.sources[1].problem == ""
    assert read.sources[3].problem == "its text is not UTF-8"


def test_member_names_with_backslashes_are_read(tmp_path: Path) -> None:
    """An older Windows "compress folder" writes "\\" between folders."""
    project = _PROJECT.replace(
        b"<Sources/>", b'<Sources><TextSource guid="A" name="s" plainTextPath="internal://a.txt"/></Sources>'
    )
    path = tmp_path / "windows.qdpx"
    path.write_bytes(_zip({"Research\\project.qde": project, "Research\\sources\\a.txt": b"Hello"}))
    assert read_project(path).sources[0].text == "Hello"


def test_a_name_from_the_file_is_told_without_terminal_controls(tmp_path: Path) -> None:
    path = tmp_path / "escape.qdpx"
    path.write_bytes(_zip({"project.qde": _PROJECT, "../\x1b[2Jevil\u202e.txt": b"x"}))
    with pytest.raises(ProjectRefused) as refused:
        read_project(path)
    assert "“../[2Jevil.txt”" in str(refused.value)


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


def test_a_lone_carriage_return_ends_a_line_as_in_the_sources_written(tmp_path: Path) -> None:
    """The sources are written with a lone \\r made \\n: a text read back counts its characters alike."""
    project = _PROJECT.replace(
        b"<Sources/>",
        b'<Sources><TextSource guid="A" name="a" plainTextPath="internal://a.txt"/>'
        b'<TextSource guid="B" name="b"><PlainTextContent>one\rtwo</PlainTextContent></TextSource></Sources>',
    )
    path = tmp_path / "mac.qdpx"
    path.write_bytes(_zip({"project.qde": project, "sources/a.txt": b"Hello\rworld\r\n"}))
    assert [source.text for source in read_project(path).sources] == ["Hello\nworld\n", "one\ntwo"]
