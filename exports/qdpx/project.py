"""The REFI-QDA project (``.qdpx``): the held meetings as coded plain-text sources that a QDA tool
(ATLAS.ti, MAXQDA, NVivo, QualCoder) opens as a ready project.

The file is a zip holding ``project.qde`` (QDA-XML project 1.0, the schema of 18 March 2019) at
its root and one ``sources/<guid>.txt`` per held meeting (UTF-8 without a byte-order mark), which
the project names ``internal://<guid>.txt``. Each coded memo entry carries one
``PlainTextSelection`` per code, exactly on the entry's characters (:mod:`exports.qdpx.sources`),
holding one ``Coding`` of that code. The codebook is the ``.qdc``'s, GUIDs and all
(:func:`exports.research_codes.codes_element`), so a codebook imported earlier and the project agree.

Cases and variables, for filtering the sources: every meeting's source has its own case without
a name, holding its variables (group, the group's region and municipality, the meeting place's
municipality as the host's research consent allows, meeting date, year, host's business field)
and one ``SourceRef``: the way MAXQDA and Quirkos write a document's variables, which QualCoder
reads as the source's own attributes and NVivo as a case classification. Each group also has a
named case that refers to its meetings' sources, holding no variables (QualCoder makes a variable
used by a named case a case variable); not every tool reads a case's references (QualCoder never
does), so the group a researcher can filter by in every tool is the sources' Group variable.
Variables are declared once.

Everything that names the GUIDs is derived from the records (uuid5), and the moment written is the
app's clock: the same workspace exported at the same moment gives the same bytes.
"""

from __future__ import annotations

import io
import re
import uuid
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from exports.qdpx.audio import AudioPart, audio_source
from exports.qdpx.reading import INTERNAL, NAMESPACE, PROJECT_MEMBER
from exports.qdpx.sources import HEADER_SEPARATOR, MeetingSource
from exports.research_codes import code_guid, codes_element, xml_bytes
from facilitator import __version__
from facilitator.i18n import _

_SOURCES_FOLDER = "sources"
#: The namespace of the project's other GUIDs (user, variables, cases, selections, codings).
_PROJECT_NAMESPACE_UUID = uuid.UUID("9c4f2a6d-1e3b-5d7a-8b2c-4f6e1a3d5c7b")
#: Characters XML 1.0 cannot hold (control characters but tab and line breaks).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _project_guid(*parts: str) -> str:
    """A GUID of the project derived from ``parts`` ("selection", entry id, code): the same in every export."""
    return str(uuid.uuid5(_PROJECT_NAMESPACE_UUID, "/".join(parts))).upper()


def _source_path(source: MeetingSource) -> str:
    """Where the source's text lies in the .qdpx."""
    return f"{_SOURCES_FOLDER}/{source.guid}.txt"


@dataclass(frozen=True)
class _Variable:
    key: str
    name: str
    kind: str  # typeOfVariable
    value: Callable[[MeetingSource], str]  # the source's value, held by a "<kind>Value" element

    @property
    def guid(self) -> str:
        return _project_guid("variable", self.key)


def _variables() -> tuple[_Variable, ...]:
    return (
        _Variable("group", _("Group"), "Text", lambda source: source.group_name),
        _Variable("region", _("Region"), "Text", lambda source: source.region),
        _Variable("municipality", _("Municipality"), "Text", lambda source: source.municipality),
        _Variable(
            "place_municipality",
            _("Meeting place's municipality"),
            "Text",
            lambda source: source.place_municipality,
        ),
        _Variable("date", _("Meeting date"), "Date", lambda source: source.day.isoformat()),
        _Variable("year", _("Year"), "Integer", lambda source: str(source.day.year)),
        _Variable("host_business_field", _("Host's business field"), "Text", lambda source: source.host_business_field),
    )


def project_bytes(
    sources: Iterable[MeetingSource], moment: datetime, name: str, sounds: Sequence[tuple[AudioPart, float]] = ()
) -> bytes:
    """``project.qde``: the project named ``name``, made at ``moment``, of ``sources`` and the
    recordings ``sounds`` (each with its MP3's seconds: see :mod:`exports.qdpx.audio`)."""
    sources = list(sources)
    created = moment.astimezone(UTC).replace(microsecond=0, tzinfo=None).isoformat() + "Z"
    user = _project_guid("user")
    root = ET.Element(
        "Project",
        {
            "xmlns": NAMESPACE,
            "name": _xml(name),
            "origin": f"MicroENTRE Facilitator {__version__}",
            "creatingUserGUID": user,
            "creationDateTime": created,
        },
    )
    ET.SubElement(ET.SubElement(root, "Users"), "User", {"guid": user, "name": "MicroENTRE Facilitator"})
    ET.SubElement(root, "CodeBook").append(codes_element())
    variables = _variables()
    declared = ET.SubElement(root, "Variables")
    for variable in variables:
        ET.SubElement(
            declared, "Variable", {"guid": variable.guid, "name": variable.name, "typeOfVariable": variable.kind}
        )
    if sources:
        heard: dict[str, list[str]] = {}
        for part, _seconds in sounds:
            heard.setdefault(part.source.guid, []).append(part.guid)
        _cases(ET.SubElement(root, "Cases"), sources, variables, heard)
        listed = ET.SubElement(root, "Sources")
        for source in sources:
            _text_source(listed, source, user, created)
        for part, seconds in sounds:
            audio_source(listed, part, seconds, user, created)
    return xml_bytes(root)


def _cases(
    cases: ET.Element, sources: list[MeetingSource], variables: tuple[_Variable, ...], heard: dict[str, list[str]]
) -> None:
    """The groups' and the sources' cases; a meeting's recordings (``heard``: their GUIDs by its
    source's) are sources of its group and have the meeting's variables, so that filtering finds them."""
    by_group: dict[str, list[MeetingSource]] = {}
    for source in sources:
        by_group.setdefault(source.group.id, []).append(source)
    for group_sources in by_group.values():
        first = group_sources[0]
        case = ET.SubElement(
            cases, "Case", {"guid": _project_guid("group", first.group.id), "name": _xml(first.group_name)}
        )
        where = HEADER_SEPARATOR.join(part for part in (first.municipality, first.region) if part)
        if where:
            ET.SubElement(case, "Description").text = _xml(where)
        for source in group_sources:
            for guid in (source.guid, *heard.get(source.guid, ())):
                ET.SubElement(case, "SourceRef", {"targetGUID": guid})
    for source in sources:
        # One case per source (the text, each recording), as tools read a case's variables as its one source's.
        for guid in (source.guid, *heard.get(source.guid, ())):
            key = ("meeting", source.meeting.id) if guid == source.guid else ("recording", guid)
            case = ET.SubElement(cases, "Case", {"guid": _project_guid(*key)})
            for variable in variables:
                value = variable.value(source)
                if value:
                    holder = ET.SubElement(case, "VariableValue")
                    ET.SubElement(holder, "VariableRef", {"targetGUID": variable.guid})
                    ET.SubElement(holder, f"{variable.kind}Value").text = _xml(value)
            ET.SubElement(case, "SourceRef", {"targetGUID": guid})


def _text_source(sources: ET.Element, source: MeetingSource, user: str, created: str) -> None:
    element = ET.SubElement(
        sources,
        "TextSource",
        {
            "guid": source.guid,
            "name": _xml(source.name),
            "plainTextPath": f"{INTERNAL}{source.guid}.txt",
            "creatingUser": user,
            "creationDateTime": created,
        },
    )
    for span in source.entries:
        if not span.coded:
            continue  # nothing to select: an empty entry (or one without codes) carries no coding
        for code in span.codes:
            selection = ET.SubElement(
                element,
                "PlainTextSelection",
                {
                    "guid": _project_guid("selection", span.entry_id, code),
                    "name": code,
                    "startPosition": str(span.start),
                    "endPosition": str(span.end),
                    "creatingUser": user,
                    "creationDateTime": created,
                },
            )
            coding = ET.SubElement(
                selection,
                "Coding",
                {
                    "guid": _project_guid("coding", span.entry_id, code),
                    "creatingUser": user,
                    "creationDateTime": created,
                },
            )
            ET.SubElement(coding, "CodeRef", {"targetGUID": code_guid(code)})


def qdpx_bytes(sources: Iterable[MeetingSource], moment: datetime, name: str) -> bytes:
    """The .qdpx: a deflated zip of ``project.qde`` and ``sources/<guid>.txt``, every member dated
    ``moment`` (so that the same moment gives the same bytes)."""
    sources = list(sources)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        add_member(archive, PROJECT_MEMBER, project_bytes(sources, moment, name), moment)
        add_texts(archive, sources, moment)
    return buffer.getvalue()


def add_texts(archive: zipfile.ZipFile, sources: Iterable[MeetingSource], moment: datetime) -> None:
    """Each source's text at ``sources/<guid>.txt`` (UTF-8, no byte-order mark)."""
    for source in sources:
        add_member(archive, _source_path(source), source.text.encode("utf-8"), moment)


def member_info(member: str, moment: datetime, compress_type: int = zipfile.ZIP_DEFLATED) -> zipfile.ZipInfo:
    """A member of the .qdpx dated ``moment`` (the same moment gives the same bytes), readable by all."""
    info = zipfile.ZipInfo(member, date_time=moment.astimezone(UTC).timetuple()[:6])
    info.compress_type = compress_type
    info.external_attr = 0o644 << 16
    return info


def add_member(archive: zipfile.ZipFile, member: str, data: bytes, moment: datetime) -> None:
    archive.writestr(member_info(member, moment), data)


def coded_entries(sources: Iterable[MeetingSource]) -> int:
    """How many entries the project codes (those with text and at least one code)."""
    return sum(1 for source in sources for span in source.entries if span.coded)


def _xml(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (a control character typed by mistake)."""
    return _NOT_XML.sub("", text)
