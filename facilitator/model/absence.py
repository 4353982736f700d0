"""A period when a member cannot host: parental leave, the busy season, a long trip."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from facilitator.i18n import _
from facilitator.model.problems import Problem, per_language, period_problems, read_dates
from facilitator.model.record import Record
from facilitator.model.sizes import with_size_problems


@per_language
def absence_field_labels() -> dict[str, str]:
    return {"starts": _("From"), "ends": _("Until"), "reason": _("Reason")}


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
    return period_problems(absence.starts, absence.ends, "ends", absence_field_labels()["ends"])


def check_absence_form(values: Mapping[str, str], base: Absence) -> tuple[Absence, list[Problem]]:
    """Read an absence form: the period to save, or every problem with it."""
    labels = absence_field_labels()
    days, problems = read_dates(values, labels, ("starts", "ends"))
    absence = dataclasses.replace(
        base,
        reason=values.get("reason", base.reason).strip(),
        starts=days.get("starts", base.starts),
        ends=days.get("ends", base.ends),
    )
    return absence, with_size_problems(absence, labels, problems or validate_absence(absence))
