"""A researcher's coding of a memo entry: the activity codes the analysis reads for that entry.

Made on the coordinator's workspace, where the entry itself may be a pseudonymised copy that must
never travel back; so the re-code is a record of its own, one per entry (its id is derived from
the entry's), that travels to the group's facilitators in the coordinator's bundles.
"""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass

from facilitator.i18n import _
from facilitator.model.memo import code_problems
from facilitator.model.problems import Problem
from facilitator.model.record import Record

_CODING_NAMESPACE = uuid.UUID("6b0d3c52-2a39-4f0e-9d49-7c1a3f0e5b21")


def coding_id(entry_id: str) -> str:
    """The id of an entry's coding: the same on every workspace, so re-codes meet as versions."""
    return str(uuid.uuid5(_CODING_NAMESPACE, entry_id))


@dataclass(kw_only=True)
class Coding(Record):
    """The codes a researcher gave memo entry ``entry_id`` (of ``meeting_id`` in ``group_id``)."""

    entry_id: str
    meeting_id: str
    group_id: str
    codes: list[str] = dataclasses.field(default_factory=list)


def effective_codes(entry_codes: list[str], coding: Coding | None) -> list[str]:
    """The codes the analysis reads: the researcher's when the entry was re-coded, else its own."""
    if coding is not None and not coding.deleted:
        return list(coding.codes)
    return list(entry_codes)


def validate_coding(coding: Coding) -> list[Problem]:
    """Every problem with ``coding``: its codes are activity codes, each once, and its id is the
    one derived from its entry's (so that re-codes of one entry meet as versions of one record)."""
    problems = code_problems(coding.codes, "codes", _("Codes"))
    if coding.id != coding_id(coding.entry_id):
        problems.append(Problem("id", _("Coding"), _("The coding's id is not the one of its memo entry.")))
    return problems
