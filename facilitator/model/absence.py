"""A period when a member cannot host: parental leave, the busy season, a long trip."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from facilitator.i18n import _
from facilitator.model.problems import Problem
from facilitator.model.record import Record


@dataclass(kw_only=True)
class Absence(Record):
    """``person_id`` is unavailable from ``starts`` to ``ends``, both days included."""

    person_id: str
    starts: date
    ends: date
    reason: str = ""

    def covers(self, day: date) -> bool:
        return not self.deleted and self.starts <= day <= self.ends


def validate_absence(absence: Absence) -> list[Problem]:
    if absence.ends < absence.starts:
        return [Problem("ends", _("Until"), _("The period ends before it starts."))]
    return []
