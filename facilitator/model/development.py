"""The scales the growth interviews and the outcomes share: a firm's staff in full-time equivalents
and its turnover band, read and checked alike on every form and in every bundle."""

from __future__ import annotations

from enum import StrEnum

from facilitator.dates import format_decimal
from facilitator.i18n import _

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


def read_staff(text: str) -> float | None:
    """A staff count as typed, "3", "2.5" or "2,5"; blank is unknown. Raises ``ValueError`` with
    the user's message for anything else."""
    typed = text.strip().replace(",", ".")
    if not typed:
        return None
    try:
        staff = float(typed)
    except ValueError:
        staff = -1.0
    if staff != staff or staff_problem(staff):  # NaN ("nan" reads as a float), or out of range
        raise ValueError(staff_problem(-1.0))
    return round(staff, 1)
