"""The scales the growth interviews and the outcomes share: a firm's staff in full-time equivalents
and its turnover band, read and checked alike on every form and in every bundle."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from enum import StrEnum
from typing import TypeVar

from facilitator.dates import format_decimal
from facilitator.i18n import _
from facilitator.model.problems import Problem

ChoiceT = TypeVar("ChoiceT", bound=StrEnum)

#: Where a record not saved yet (or stored without the moment) stands among those of its day: first.
EARLIEST = datetime.min.replace(tzinfo=UTC)

#: Full-time equivalents a firm of this network can have: far above any micro-enterprise's, far
#: below a typing slip of six digits.
STAFF_MAX = 10_000.0


class TurnoverBand(StrEnum):
    """A firm's yearly turnover, in bands wide enough to be asked without the accounts at hand
    (the EU's micro-enterprise ceiling, 2 million euros, is a band's edge)."""

    UNDER_50K = "under_50k"
    UP_TO_200K = "50k_200k"
    UP_TO_500K = "200k_500k"
    UP_TO_2M = "500k_2m"
    UP_TO_10M = "2m_10m"
    OVER_10M = "over_10m"

    @property
    def label(self) -> str:
        return {
            TurnoverBand.UNDER_50K: _("under €50,000"),
            TurnoverBand.UP_TO_200K: _("€50,000–200,000"),
            TurnoverBand.UP_TO_500K: _("€200,000–500,000"),
            TurnoverBand.UP_TO_2M: _("€500,000–2 million"),
            TurnoverBand.UP_TO_10M: _("€2–10 million"),
            TurnoverBand.OVER_10M: _("over €10 million"),
        }[self]


def staff_problem(staff: float | None) -> str | None:
    """Why ``staff`` is not a staff count (None when it is, or is unknown)."""
    if staff is None:
        return None
    if isinstance(staff, bool) or not isinstance(staff, (int, float)) or not 0 <= staff <= STAFF_MAX:
        return _("Give the staff in full-time equivalents, from 0 to {most}.").format(most=format_decimal(STAFF_MAX, 0))
    return None


#: Digits, their thousands perhaps grouped with a space as the app shows counts ("1 200", a
#: no-break or a narrow space too), and at most one decimal after a point or a comma.
_STAFF_TYPED = re.compile(r"(?:[0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})+|[0-9]+)(?:[.,][0-9])?", re.ASCII)
_GROUPING = str.maketrans("", "", " \u00a0\u202f")


def read_staff(text: str) -> float | None:
    """A staff count as typed: whole figures with at most one decimal, the mark a point or a comma
    ("3", "2.5", "2,5"), thousands perhaps grouped with a space ("1 200,5"); blank is unknown.
    Raises ``ValueError`` with the user's message for anything else: a thousands separator other
    than a space ("1,000" is not one staff), a second decimal, a sign, an exponent."""
    typed = text.strip()
    if not typed:
        return None
    if not _STAFF_TYPED.fullmatch(typed) or (staff := float(typed.translate(_GROUPING).replace(",", "."))) > STAFF_MAX:
        raise ValueError(
            _("Write full-time equivalents from 0 to {most} with at most one decimal, such as {example}.").format(
                most=format_decimal(STAFF_MAX, 0), example=format_decimal(2.5, 1)
            )
        )
    return staff


def read_staff_field(
    values: Mapping[str, str | bool], field: str, kept: float | None, label: str, problems: list[Problem]
) -> float | None:
    """The staff count typed into a form's ``field`` (``kept`` when the form has no such field); a
    count that cannot be read is added to ``problems`` under ``label``, and ``kept`` returned."""
    if field not in values:
        return kept
    try:
        return read_staff(str(values[field]))
    except ValueError as error:
        problems.append(Problem(field, label, str(error)))
        return kept


def choice(values: Mapping[str, str | bool], field: str, enum: type[ChoiceT], kept: ChoiceT) -> ChoiceT:
    """The choice made in a form's ``field`` (an enum value), ``kept`` when there is none."""
    typed = values.get(field)
    return enum(typed) if isinstance(typed, str) and typed in enum._value2member_map_ else kept
