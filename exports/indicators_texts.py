"""What both files of the indicators report say (the PDF: :mod:`exports.pdf.indicators`, the CSV
and the writing: :mod:`exports.indicators_files`): the report they hold and the words its period
and its corrections are said in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from facilitator.dates import format_date
from facilitator.i18n import _
from facilitator.indicator_codes import format_value
from facilitator.indicator_locks import Correction, Lock
from facilitator.indicators import Indicators


@dataclass(frozen=True)
class IndicatorsReport:
    """What both files say: whose figures (``scope_name``, the groups covered), the figures (as
    locked, when the period is exactly a locked one or is being locked: ``locked``), the corrections
    to the locked periods, and what the reading left out (``notices``)."""

    scope_name: str
    group_names: tuple[str, ...]
    indicators: Indicators
    locked: Lock | None
    corrections: tuple[Correction, ...]
    printed_on: date
    notices: tuple[str, ...] = ()


def period_text(first: date, last: date) -> str:
    return f"{format_date(first)} – {format_date(last)}"


def correction_note(correction: Correction) -> str:
    difference = format_value(correction.code, abs(correction.difference))
    sign = "+" if correction.difference > 0 else "-" if correction.difference < 0 else ""
    return _("locked {first} – {last}: reported {reported}, now {now}, difference {difference}").format(
        first=correction.lock.first.isoformat(),
        last=correction.lock.last.isoformat(),
        reported=format_value(correction.code, correction.reported),
        now=format_value(correction.code, correction.now),
        difference=f"{sign}{difference}",
    )


def changed_records(correction: Correction) -> str:
    """The records a correction names, as words (a spreadsheet takes a cell starting with + or - for
    a formula): "added: interview:… ; removed: …; changed: …"."""
    parts = []
    for label, ids in (
        (_("added: {records}"), correction.added),
        (_("removed: {records}"), correction.removed),
        (_("changed: {records}"), correction.changed),
    ):
        if ids:
            parts.append(label.format(records=" ".join(ids)))
    return "; ".join(parts)
