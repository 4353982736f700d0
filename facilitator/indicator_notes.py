"""A row of records behind an indicator, said in the reader's language: what its note is made of
(:class:`RowFacts`: days, staff counts, kinds of outcome, never a name or a word) and the note made
of them when it is shown, so that a locked row reads in the language of whoever reads it later and
names only what the records name then (see :mod:`facilitator.indicator_locks`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from facilitator.dates import format_count
from facilitator.i18n import _, ngettext
from facilitator.indicator_codes import (
    ATTENDANCES,
    INNOVATION,
    JOBS,
    MEETINGS,
    NON_FINANCIAL,
    NOT_MEASURABLE,
    PARTICIPANTS,
    SIZE_CODES,
    SUPPORTED,
    quantity,
)
from facilitator.interview_answers import staff_text
from facilitator.model import OutcomeKind


@dataclass(frozen=True)
class RowFacts:
    """What a row's note is made of, as values with no name and no word in them, so that a locked
    row keeps them and is said in the reader's language when shown (:func:`row_note`): the days of
    the meetings or of the products (``days``), the staff counts read (``staff``, day and FTE), the
    kinds of the outcomes (``kinds``, :class:`OutcomeKind` values, one per day) and the members
    present at a meeting (``present``)."""

    days: tuple[date, ...] = ()
    staff: tuple[tuple[date, float], ...] = ()
    kinds: tuple[str, ...] = ()
    present: int | None = None


#: A row whose note says nothing more than its figure's name.
NO_FACTS = RowFacts()


#: How a note writes a day: :meth:`date.isoformat` for the CSV (read by programs), or the reader's
#: short date on paper (:func:`facilitator.dates.format_date`).
DayText = Callable[[date], str]


def _staff_note(day: date, staff: float, day_text: DayText) -> str:
    """A staff count as a row's note says it: "2025-09-01: 6.5 FTE" (in the reader's language)."""
    return f"{day_text(day)}: {staff_text(staff)}"


def _days_text(days: Iterable[date], day_text: DayText) -> str:
    return ", ".join(day_text(day) for day in days)


def row_note(code: str, facts: RowFacts, firm: str = "", *, day_text: DayText = date.isoformat) -> str:
    """A row's note in the reader's language, from its ``facts`` (and, for a participant, the name of
    his or her ``firm``, looked up when shown), its days written by ``day_text``."""
    if code in (SUPPORTED, NON_FINANCIAL):
        return _("present on {days}").format(days=_days_text(facts.days, day_text))
    if code in SIZE_CODES.values():
        return _staff_note(*facts.staff[-1], day_text) if facts.staff else _("no staff count on record")
    if code == NOT_MEASURABLE:
        return _("fewer than two staff counts")
    if code == JOBS and len(facts.staff) == 2:
        (start_day, start), (end_day, end) = facts.staff
        return _("from {start} to {end}, growth {jobs}").format(
            start=_staff_note(start_day, start, day_text),
            end=_staff_note(end_day, end, day_text),
            jobs=quantity(JOBS, max(0.0, end - start)),
        )
    if code == INNOVATION:
        return ", ".join(
            f"{day_text(day)} {OutcomeKind(kind).label}" for day, kind in zip(facts.days, facts.kinds, strict=False)
        )
    if code == MEETINGS and facts.present is not None:
        return _members_present(facts.present)
    if code == ATTENDANCES:
        return _days_text(facts.days, day_text)
    if code == PARTICIPANTS:
        return firm
    return ""


def _members_present(count: int) -> str:
    return ngettext("{count} member present", "{count} members present", count).format(count=format_count(count))
