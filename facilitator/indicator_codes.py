"""The indicators' codes, in the order a report lists them, and the words and numbers they are said
in: each code's translated name (our own codes, such as ``meetings-held``, have one beside them as
the funder's do), its unit, and a value as the reader's language writes it or in the CSV's one
fixed form. The rules that count them: :mod:`facilitator.indicators`."""

from __future__ import annotations

from enum import StrEnum

from facilitator.dates import format_count, format_decimal
from facilitator.i18n import _, ngettext, pgettext

MICRO_BELOW = 10
SMALL_BELOW = 50
MEDIUM_BELOW = 250


class Size(StrEnum):
    MICRO = "micro"
    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"
    UNKNOWN = "unknown"


def size_of(staff: float | None) -> Size:
    if staff is None:
        return Size.UNKNOWN
    if staff < MICRO_BELOW:
        return Size.MICRO
    if staff < SMALL_BELOW:
        return Size.SMALL
    if staff < MEDIUM_BELOW:
        return Size.MEDIUM
    return Size.LARGE


#: The codes in the order a report lists them. Codes are the funder's (RCO, RCR) or ours.
SUPPORTED = "RCO01"
MICRO = "RCO01-micro"
SMALL = "RCO01-small"
MEDIUM = "RCO01-medium"
UNKNOWN_SIZE = "RCO01-size-not-known"
LARGE = "RCO01-large"
NON_FINANCIAL = "RCO04"
JOBS = "RCR01"
NOT_MEASURABLE = "RCR01-not-measurable"
INNOVATION = "RCR03"
MEETINGS = "meetings-held"
ATTENDANCES = "attendances"
PARTICIPANTS = "participants"
CODES = (
    SUPPORTED,
    MICRO,
    SMALL,
    MEDIUM,
    UNKNOWN_SIZE,
    LARGE,
    NON_FINANCIAL,
    JOBS,
    NOT_MEASURABLE,
    INNOVATION,
    MEETINGS,
    ATTENDANCES,
    PARTICIPANTS,
)
SIZE_CODES = {Size.MICRO: MICRO, Size.SMALL: SMALL, Size.MEDIUM: MEDIUM, Size.UNKNOWN: UNKNOWN_SIZE, Size.LARGE: LARGE}


def funder_code(code: str) -> str | None:
    """The funder's code a figure is reported under ("RCO01" for its sizes too), or None for the
    network's own figures (meetings held, attendances, participants)."""
    common = code.partition("-")[0]
    return common if common.startswith(("RCO", "RCR")) else None


def paper_code(code: str) -> str:
    """A figure's code as paper shows it to a reader: the funder's code, or, for the network's own
    figures, a word saying so. (The CSV keeps :data:`CODES` as they are, for programs.)"""
    return funder_code(code) or pgettext("indicator code", "network's own")


def indicator_name(code: str) -> str:
    return {
        SUPPORTED: _("Enterprises supported"),
        MICRO: _("of which micro (under 10 FTE)"),
        SMALL: _("of which small (10–49 FTE)"),
        MEDIUM: _("of which medium (50–249 FTE)"),
        UNKNOWN_SIZE: _("of which size not known"),
        LARGE: _("of which large, 250 FTE or more (not an SME)"),
        NON_FINANCIAL: _("Enterprises receiving non-financial support (the meetings)"),
        JOBS: _("Jobs created in supported enterprises"),
        NOT_MEASURABLE: _("Supported enterprises whose jobs cannot be measured (fewer than two staff counts)"),
        INNOVATION: _("SMEs introducing product or process innovation"),
        MEETINGS: _("Meetings held"),
        ATTENDANCES: _("Attendances of members"),
        PARTICIPANTS: _("Distinct participants (members)"),
    }[code]


def indicator_unit(code: str) -> str:
    """The unit as a table's column names it."""
    if code == JOBS:
        return pgettext("indicator unit", "annual FTEs")
    if code == MEETINGS:
        return pgettext("indicator unit", "meetings")
    if code == ATTENDANCES:
        return pgettext("indicator unit", "attendances")
    if code == PARTICIPANTS:
        return pgettext("indicator unit", "persons")
    return pgettext("indicator unit", "enterprises")


def quantity(code: str, value: float) -> str:
    """A figure with its unit, as a sentence says it: "1 enterprise", "2,5 annual FTEs"."""
    shown = format_value(code, value)
    count = round(value) if float(value).is_integer() else 2  # a fraction takes the plural
    if code == JOBS:
        return ngettext("{value} annual FTE", "{value} annual FTEs", count).format(value=shown)
    if code == MEETINGS:
        return ngettext("{value} meeting", "{value} meetings", count).format(value=shown)
    if code == ATTENDANCES:
        return ngettext("{value} attendance", "{value} attendances", count).format(value=shown)
    if code == PARTICIPANTS:
        return ngettext("{value} person", "{value} persons", count).format(value=shown)
    return ngettext("{value} enterprise", "{value} enterprises", count).format(value=shown)


def format_fte(value: float) -> str:
    """A number of FTEs in the one fixed form of the CSV: "." before the decimals, at most two."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def format_value(code: str, value: float, *, fixed: bool = False) -> str:
    """A figure's value as the reader's language writes it ("2,5"), or ``fixed`` for the CSV ("2.5")."""
    if code != JOBS:
        return str(round(value)) if fixed else format_count(round(value))
    if fixed:
        return format_fte(value)
    return format_decimal(value, len(format_fte(value).partition(".")[2]))
