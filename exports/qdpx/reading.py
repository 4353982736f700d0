"""Reading a REFI-QDA project (``.qdpx``) that a QDA tool wrote back: its codes, its text sources
and the coded selections in them, for :mod:`exports.qdpx.codings_back`.

The file comes from another program, perhaps from another person: it is opened as untrusted. The
zip must be a sane size (no zip bomb), hold only plain files with safe names, and ``project.qde``
at its root (or in its single top folder, as a "compress folder" makes it). The XML is parsed by
the standard library's expat with no document type at all: a REFI-QDA project needs none, and
refusing it refuses every entity trick (external entities, "billion laughs") before expat reads one.
Whatever is wrong with the project refuses it whole (:class:`ProjectRefused`, saying why); a
source whose text cannot be read is kept with the reason, since only the sources this app made
matter, and a researcher's own documents beside them must not block the import.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from exports.zip_safety import ZIP_ERRORS, MemberReader, ZipLimits, ZipWords, safe_members
from facilitator.i18n import _
from facilitator.text import printable, unix_lines
from storage.errors import StorageError

NAMESPACE = "urn:QDA-XML:project:1.0"
_NS = "{" + NAMESPACE + "}"
PROJECT_MEMBER = "project.qde"
#: Limits far above any network's project (a source is one meeting's memo, a few kilobytes) and
#: far below what would exhaust a laptop.
MAX_MEMBERS = 100_000
MAX_MEMBER_BYTES = 64 << 20
MAX_TOTAL_BYTES = 1 << 30
MAX_COMPRESSION_RATIO = 200
_LIMITS = ZipLimits(MAX_MEMBERS, MAX_MEMBER_BYTES, MAX_TOTAL_BYTES, MAX_COMPRESSION_RATIO)
#: The project's sound, films, pictures and PDFs (a meeting's recording: some 80 MB of MP3 for three
#: hours) are never unpacked here: their names are checked, their sizes held to these limits only.
_MEDIA_SUFFIXES = (
    *(".mp3", ".m4a", ".aac", ".wav", ".ogg", ".opus", ".flac", ".wma"),
    *(".mp4", ".m4v", ".mov", ".avi", ".wmv", ".mkv", ".webm"),
    *(".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".pdf"),
)
_MEDIA_LIMITS = ZipLimits(MAX_MEMBERS, 16 << 30, 256 << 30, MAX_COMPRESSION_RATIO)
#: How a source names a text file inside the project (``internal://<guid>.txt``).
INTERNAL = "internal://"
#: Where tools keep a project's internal files: the standard says ``sources``; NVivo writes ``Sources``.
_SOURCE_FOLDERS = ("sources/", "Sources/")


#: Reads an internal file's text: (text, "") or (None, why not).
_TextReader = Callable[[str], tuple[str | None, str]]


class ProjectRefused(StorageError):
    """A project file that cannot be read back; ``str()`` says why, for the person importing it."""


@dataclass(frozen=True)
class ProjectCode:
    guid: str  # upper-case, as the codebook writes its GUIDs
    name: str


@dataclass(frozen=True)
class ProjectSelection:
    """A ``PlainTextSelection``: code points ``start`` to ``end`` (end excluded) coded with ``code_guids``."""

    start: int
    end: int
    code_guids: tuple[str, ...]


@dataclass(frozen=True)
class ProjectSource:
    """A source of the project; ``text`` is None when it cannot be read, and ``problem`` says why."""

    guid: str
    name: str
    text: str | None
    selections: tuple[ProjectSelection, ...]
    problem: str = ""


@dataclass(frozen=True)
class Project:
    codes: dict[str, ProjectCode]  # by GUID (upper-case)
    sources: tuple[ProjectSource, ...]


def read_project(path: Path, wanted: Callable[[str, str], bool] = lambda guid, name: True) -> Project:
    """The project in the ``.qdpx`` file at ``path``; :class:`ProjectRefused` if it is none.

    Only the text sources ``wanted(guid, name)`` (GUID upper-case) have their text read: a project
    of thousands of sources pointing at one large text must not unpack it thousands of times."""
    try:
        with zipfile.ZipFile(path) as archive:
            media, others = _media_apart(archive.infolist())
            safe_members(media, _MEDIA_LIMITS, _words())
            members = safe_members(others, _LIMITS, _words())
            root_folder = _root_folder(members)
            reader = MemberReader(archive, _LIMITS, _words())
            document = _parse(reader.read(members[root_folder + PROJECT_MEMBER]))
            texts = _InternalTexts(reader, members, root_folder)
            return _project(document, texts.text, wanted)
    except FileNotFoundError:
        raise ProjectRefused(_("There is no file {path}.").format(path=path)) from None
    except IsADirectoryError:
        raise ProjectRefused(_("{path} is a folder, not a project file.").format(path=path)) from None
    except OSError as error:
        raise ProjectRefused(_("Could not read {path}: {reason}.").format(path=path, reason=error.strerror)) from None
    except (*ZIP_ERRORS, zlib.error):
        raise ProjectRefused(
            _("{path} is not a REFI-QDA project file (.qdpx): it is not a zip archive, or it is damaged.").format(
                path=path
            )
        ) from None


def _media_apart(entries: list[zipfile.ZipInfo]) -> tuple[list[zipfile.ZipInfo], list[zipfile.ZipInfo]]:
    """The media files (never unpacked: see :data:`_MEDIA_SUFFIXES`), and the others."""
    if len(entries) > MAX_MEMBERS:
        raise _words().refuse(_words().too_many, count=len(entries), most=MAX_MEMBERS)
    media: list[zipfile.ZipInfo] = []
    others: list[zipfile.ZipInfo] = []
    for entry in entries:
        (media if entry.filename.lower().endswith(_MEDIA_SUFFIXES) else others).append(entry)
    return media, others


def _words() -> ZipWords:
    return ZipWords(
        refused=ProjectRefused,
        too_many=_("The project file holds {count} files: refused as too many."),
        outside=_("The project file holds a file named “{name}”, which points outside it: refused as unsafe."),
        link=_("The project file holds a link ({name}): refused as unsafe."),
        encrypted=_("The project file holds an encrypted file ({name}): refused."),
        twice=_("The project file holds two files named {name}."),
        member_too_large=_("{name} in the project file is too large."),
        too_large=_("The project file would unpack to more than {size} MB: refused."),
        tight=_("The project file is packed suspiciously tightly ({name}): refused."),
    )


def _root_folder(members: dict[str, zipfile.ZipInfo]) -> str:
    """Where ``project.qde`` is: the root, or the single folder everything is in ("" or "name/")."""
    if PROJECT_MEMBER in members:
        return ""
    tops = {name.split("/", 1)[0] for name in members}
    if len(tops) == 1 and (top := next(iter(tops)) + "/") + PROJECT_MEMBER in members:
        return top
    raise ProjectRefused(
        _("The file holds no {member}: it is not a REFI-QDA project (.qdpx).").format(member=PROJECT_MEMBER)
    )


class _NoDocumentTypes(ET.TreeBuilder):
    """Builds the tree, and stops at a ``<!DOCTYPE …>`` before any of its entities is used (see the module)."""

    def doctype(self, name: str, pubid: str | None, system: str | None) -> None:
        raise ProjectRefused(
            _("{member} declares a document type, which a REFI-QDA project never does: refused as unsafe.").format(
                member=PROJECT_MEMBER
            )
        )


def _parse(data: bytes) -> ET.Element:
    parser = ET.XMLParser(target=_NoDocumentTypes())
    try:
        parser.feed(data)
        root = parser.close()
    except ET.ParseError as error:
        raise ProjectRefused(
            _("{member} is not valid XML ({reason}): the file is damaged.").format(member=PROJECT_MEMBER, reason=error)
        ) from None
    if root.tag != _NS + "Project":
        raise ProjectRefused(
            _("{member} is not a REFI-QDA project: its root is not a Project of {namespace}.").format(
                member=PROJECT_MEMBER, namespace=NAMESPACE
            )
        )
    return root


def _project(root: ET.Element, internal_text: _TextReader, wanted: Callable[[str, str], bool]) -> Project:
    codes: dict[str, ProjectCode] = {}
    for codebook in root.findall(_NS + "CodeBook"):
        for code in codebook.iter(_NS + "Code"):  # nested codes too
            guid = code.get("guid", "").strip().upper()
            if guid:
                codes[guid] = ProjectCode(guid, code.get("name", ""))
    sources = []
    for holder in root.findall(_NS + "Sources"):
        for element in holder:
            if not isinstance(element.tag, str) or not element.tag.startswith(_NS):
                continue
            guid, name = element.get("guid", "").strip().upper(), element.get("name", "")
            if element.tag != _NS + "TextSource":
                sources.append(ProjectSource(guid, name, None, (), _("not a text source")))
                continue
            text, problem = _source_text(element, internal_text) if wanted(guid, name) else (None, "")
            sources.append(ProjectSource(guid, name, text, _selections(element, name), problem))
    return Project(codes, tuple(sources))


def _source_text(element: ET.Element, internal_text: _TextReader) -> tuple[str | None, str]:
    """A text source's text (line ends as ``\\n``: ATLAS.ti counts ``\\r\\n`` as one character) or why there is none."""
    path = element.get("plainTextPath")
    content = element.find(_NS + "PlainTextContent")
    if path is None and content is not None:
        return unix_lines(content.text or ""), ""
    if path is None:
        return None, _("it has no plain text")
    if not path.startswith(INTERNAL):
        return None, _("its text is kept outside the project file ({path})").format(path=path)
    return internal_text(path[len(INTERNAL) :].lstrip("/"))


@dataclass
class _InternalTexts:
    """The texts of a project's internal files, each decoded once however many sources name it."""

    reader: MemberReader
    members: dict[str, zipfile.ZipInfo]
    root_folder: str
    decoded: dict[str, tuple[str | None, str]] = field(default_factory=dict)

    def text(self, name: str) -> tuple[str | None, str]:
        for folder in _SOURCE_FOLDERS:
            entry = self.members.get(self.root_folder + folder + name)
            if entry is not None:
                if entry.filename not in self.decoded:
                    try:
                        # QualCoder writes its sources with a byte-order mark: "utf-8-sig" takes it off.
                        self.decoded[entry.filename] = (unix_lines(self.reader.read(entry).decode("utf-8-sig")), "")
                    except UnicodeDecodeError:
                        self.decoded[entry.filename] = (None, _("its text is not UTF-8"))
                return self.decoded[entry.filename]
        return None, _("its text file {name} is missing").format(name=name)


def _selections(source: ET.Element, source_name: str) -> tuple[ProjectSelection, ...]:
    selections = []
    for element in source.findall(_NS + "PlainTextSelection"):
        try:
            start, end = int(element.get("startPosition", "")), int(element.get("endPosition", ""))
        except ValueError:
            raise ProjectRefused(
                _("A selection in the source “{source}” has no valid start and end: the file is damaged.").format(
                    source=printable(source_name)
                )
            ) from None
        guids = tuple(
            reference.get("targetGUID", "").strip().upper()
            for coding in element.findall(_NS + "Coding")
            for reference in coding.findall(_NS + "CodeRef")
        )
        selections.append(ProjectSelection(start, end, guids))
    return tuple(selections)
