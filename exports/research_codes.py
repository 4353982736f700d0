"""The eleven activity codes as a REFI-QDA codebook: the ``.qdc`` file and the ``<Codes>`` of a
project alike, with GUIDs that never change.

Both the codebook (``facilitator export research --format qdc``, :mod:`exports.research`) and the
project (``--format qdpx``, :mod:`exports.qdpx.project`) write their codes from here, and the
import of codings back (:mod:`exports.qdpx.codings_back`) recognises them here: a codebook
imported earlier, a project and the codings that come back from it all agree.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET

from facilitator import __version__
from facilitator.activities import activities

QDC_NAMESPACE = "urn:QDA-XML:codebook:1.0"
#: The namespace of the codes' GUIDs: the GUID of a code is the same in every export, so a
#: re-exported codebook is identical and a QDA program recognises the codes it has already.
CODE_NAMESPACE = uuid.UUID("0f5d7a2e-8c1b-5b6e-9a43-6e1f2d3c4b5a")
#: A colour per code, distinct from one another (in the order of DESIGN §4).
CODE_COLOURS = {
    "PS": "#1F77B4",
    "RI": "#FF7F0E",
    "SE": "#2CA02C",
    "RA": "#D62728",
    "CS": "#9467BD",
    "BA": "#8C564B",
    "GC": "#E377C2",
    "DD": "#7F7F7F",
    "DP": "#BCBD22",
    "VI": "#17BECF",
    "MK": "#393B79",
}


def code_guid(code: str) -> str:
    """The GUID of an activity code in the codebook: the same in every export."""
    return str(uuid.uuid5(CODE_NAMESPACE, code)).upper()


def codebook_bytes() -> bytes:
    """The eleven activity codes as a REFI-QDA codebook (QDA-XML codebook 1.0, a ``.qdc`` file)."""
    root = ET.Element("CodeBook", {"xmlns": QDC_NAMESPACE, "origin": f"MicroENTRE Facilitator {__version__}"})
    root.append(codes_element())
    return xml_bytes(root)


def xml_bytes(root: ET.Element) -> bytes:
    """``root`` as an indented UTF-8 XML document with its declaration, as the codebook and the project are written."""
    ET.indent(root)
    text = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + text + "\n").encode("utf-8")


def codes_element() -> ET.Element:
    """The ``<Codes>`` of a codebook (the ``.qdc`` and a project's alike, so that both agree): each
    code with its name, what it looks like in a meeting, a colour and a stable GUID. Its elements
    take the namespace of the document they are put in."""
    codes = ET.Element("Codes")
    for known in activities():
        code = ET.SubElement(
            codes,
            "Code",
            {
                "guid": code_guid(known.code),
                "name": f"{known.code} {known.name}",
                "isCodable": "true",
                "color": CODE_COLOURS[known.code],
            },
        )
        ET.SubElement(code, "Description").text = known.looks_like
    return codes
