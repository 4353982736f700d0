"""Which members' growth interviews are due, and which are overdue.

The rules:

- Interviews fall due for each member (not a facilitator or researcher, not removed) who has a
  joined date: at the joined day plus each month of the workspace's setting (3 and 12 unless set
  otherwise), then every 12 months after the last of them. A date past the end of a month falls
  on its last day (joined 31 August, due after 6 months: 28 or 29 February).
- A due point is *covered* by an interview of that person dated from one month before it until
  one month before the next point; the first point's too, so an interview on joining does not
  cover the 3-month interview (it is a different conversation).
- A point is *due* from one month before its day until it is covered, and *overdue* once its day
  has passed.
- One line per member: the latest point whose due month has begun; an earlier point not covered
  is superseded by it (counted as missed). When the latest is covered, nothing is due.
- No point falls due after the member's ``left`` day, and a member who has left is not listed at
  all, whatever was missed before.
- A member without a joined date is never due (:func:`never_due` counts them, so that the lists
  can say so).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta

from facilitator.dates import format_count, format_date
from facilitator.i18n import _, ngettext
from facilitator.interview_answers import next_interview
from facilitator.model import Interview, InterviewKind, Person, Role
from facilitator.text import sort_key

#: The setting (in ``workspace.json``) of the months after joining at which interviews fall due.
INTERVIEW_MONTHS_SETTING = "interview_months"
DEFAULT_INTERVIEW_MONTHS = (3, 12)
#: After the last month of the setting, an interview falls due every so many months.
YEARLY = 12
MONTHS_MAX = 120
POINTS_MAX = 12


@dataclass(frozen=True)
class DueInterview:
    """A member's interview that is due (or overdue) on ``today``."""

    person: Person
    due: date
    #: Months after joining.
    months: int
    overdue: bool
    #: The kind of the person's next interview (:func:`~facilitator.interview_answers.next_interview`).
    kind: InterviewKind
    #: Earlier points not covered, superseded by this one.
    missed: int = 0

    def days_from(self, today: date) -> int:
        """Days until the due day (negative once it has passed)."""
        return (self.due - today).days


def interview_months(settings: Mapping[str, object]) -> tuple[int, ...]:
    """The months of the workspace's setting; the default when it is missing or not a valid list
    (a hand-edited file must not stop the home screen)."""
    value = settings.get(INTERVIEW_MONTHS_SETTING)
    if isinstance(value, (list, tuple)) and all(type(month) is int for month in value):
        months = tuple(int(month) for month in value)
        if not months_problem(months):
            return months
    return DEFAULT_INTERVIEW_MONTHS


def months_text(months: Sequence[int]) -> str:
    """``3, 12``: the months as the settings field shows them."""
    return ", ".join(str(month) for month in months)


def read_interview_months(text: str) -> tuple[int, ...]:
    """The months typed in the settings (``3, 12``, spaces or semicolons allowed too); raises
    ValueError saying what is wrong."""
    parts = [part for part in text.replace(";", ",").replace(" ", ",").split(",") if part.strip()]
    if not parts:
        raise ValueError(_("Type at least one number of months, such as 3, 12."))
    months: list[int] = []
    for part in parts:
        try:
            months.append(int(part.strip()))
        except ValueError:
            raise ValueError(
                _("“{text}” is not a whole number of months: type them as 3, 12.").format(text=part.strip())
            ) from None
    if problem := months_problem(months):
        raise ValueError(problem)
    return tuple(months)


def months_problem(months: Sequence[int]) -> str | None:
    """What is wrong with the months, or None."""
    if not months:
        return _("Type at least one number of months, such as 3, 12.")
    if len(months) > POINTS_MAX:
        return _("Give at most {count} numbers of months; after the last one interviews fall due yearly.").format(
            count=format_count(POINTS_MAX)
        )
    if any(not 1 <= month <= MONTHS_MAX for month in months):
        return _("Each number of months is from 1 to {most}.").format(most=format_count(MONTHS_MAX))
    if any(later <= earlier for earlier, later in itertools.pairwise(months)):
        return _("Give the months in increasing order, each once, such as 3, 12.")
    return None


@dataclass(frozen=True)
class DuePoint:
    """A day at which an interview falls due, ``months`` after joining; it is due from ``opens``
    (a month before)."""

    months: int
    opens: date
    day: date


def due_point_days(joined: date, months: Sequence[int]) -> Iterator[DuePoint]:
    """Every due point of a member who joined on ``joined``, in order, for ever: at each of
    ``months`` after joining, then yearly (a day past a month's end falls on its last day)."""
    for after in _point_months(months):
        yield DuePoint(after, joined + relativedelta(months=after - 1), joined + relativedelta(months=after))


def _point_months(months: Sequence[int]) -> Iterator[int]:
    """Months after joining of every point: the listed ones, then yearly for ever."""
    yield from months
    last = months[-1]
    while True:
        last += YEARLY
        yield last


def due_interview(
    person: Person, interviews: Sequence[Interview], today: date, months: Sequence[int]
) -> DueInterview | None:
    """The member's interview due on ``today`` by the rules of this module, or None."""
    joined = person.joined
    if person.deleted or person.role is not Role.MEMBER or joined is None or not months:
        return None
    if person.left is not None and person.left <= today:
        return None
    days = [interview.day for interview in interviews if interview.person_id == person.id]
    # Each point whose due month has begun, with its window: from its opening to the next one's.
    points: list[tuple[DuePoint, tuple[date, date]]] = []
    for point, following in itertools.pairwise(due_point_days(joined, months)):
        if point.opens > today or (person.left is not None and point.day > person.left):
            break
        points.append((point, (point.opens, following.opens)))
    if not points:
        return None

    def covered(window: tuple[date, date]) -> bool:
        return any(window[0] <= day < window[1] for day in days)

    *earlier, (point, window) = points
    if covered(window):
        return None
    return DueInterview(
        person=person,
        due=point.day,
        months=point.months,
        overdue=point.day < today,
        kind=next_interview(person, interviews, today)[1],
        missed=sum(1 for _point, earlier_window in earlier if not covered(earlier_window)),
    )


def due_interviews(
    people: Iterable[Person], interviews: Sequence[Interview], today: date, months: Sequence[int]
) -> list[DueInterview]:
    """Every member's due interview, the most overdue first (then by name)."""
    by_person: dict[str, list[Interview]] = {}
    for interview in interviews:
        by_person.setdefault(interview.person_id, []).append(interview)
    found = [
        due
        for person in people
        if (due := due_interview(person, by_person.get(person.id, []), today, months)) is not None
    ]
    return sorted(found, key=lambda due: (due.due, sort_key(due.person.name), due.person.id))


def due_counts(due: Sequence[DueInterview]) -> tuple[int, int]:
    """How many are due (not yet overdue), and how many overdue."""
    overdue = sum(1 for line in due if line.overdue)
    return len(due) - overdue, overdue


def due_counts_text(due: Sequence[DueInterview]) -> str:
    """``2 due, 1 overdue``; empty when none is."""
    waiting, overdue = due_counts(due)
    parts = []
    if waiting:
        parts.append(ngettext("{count} due", "{count} due", waiting).format(count=format_count(waiting)))
    if overdue:
        parts.append(ngettext("{count} overdue", "{count} overdue", overdue).format(count=format_count(overdue)))
    return ", ".join(parts)


def due_status(due: DueInterview, today: date) -> str:
    """``due in 5 days``, ``due today``, ``overdue 3 days``; ``overdue 30 days (1 missed)`` when
    earlier interviews were missed (superseded by this one)."""
    days = due.days_from(today)
    if days > 0:
        status = ngettext("due in {count} day", "due in {count} days", days).format(count=format_count(days))
    elif days == 0:
        status = _("due today")
    else:
        status = ngettext("overdue {count} day", "overdue {count} days", -days).format(count=format_count(-days))
    if not due.missed:
        return status
    return ngettext("{status} ({count} missed)", "{status} ({count} missed)", due.missed).format(
        status=status, count=format_count(due.missed)
    )


def after_months_text(due: DueInterview) -> str:
    """``after 3 months``; in years from two years on, when whole: ``after 11 years``."""
    if due.months >= 2 * YEARLY and due.months % YEARLY == 0:
        years = due.months // YEARLY
        return ngettext("after {count} year", "after {count} years", years).format(count=format_count(years))
    return ngettext("after {count} month", "after {count} months", due.months).format(count=format_count(due.months))


def due_cells(due: DueInterview, today: date) -> list[str]:
    """A due list's row, as the screen and the command line show it: member, company, due day,
    after how long, and the status on ``today``."""
    return [due.person.name, due.person.company, format_date(due.due), after_months_text(due), due_status(due, today)]


def never_due(people: Iterable[Person], today: date) -> int:
    """How many current members have no joined date, so that no interview ever falls due for them."""
    return sum(1 for person in people if person.joined is None and person.is_current_member(today))


def never_due_text(count: int) -> str:
    """What the due list says under it of the members without a joined date; empty when none."""
    if not count:
        return ""
    return ngettext(
        "{count} member has no joined date and so is never due: fill it in on the roster.",
        "{count} members have no joined date and so are never due: fill it in on the roster.",
        count,
    ).format(count=format_count(count))
