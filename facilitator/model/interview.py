"""A growth interview: what an entrepreneur said, on joining the network, some months later and
on leaving, about the firm's plans, what holds it back and what the network gives."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from facilitator.dates import format_count, format_date
from facilitator.i18n import _
from facilitator.model.development import EARLIEST, TurnoverBand, choice, read_staff_field, staff_problem
from facilitator.model.person import Person
from facilitator.model.problems import Problem, per_language, read_dates
from facilitator.model.record import Record
from facilitator.model.sizes import with_size_problems

#: Characters of a note on one barrier: a sentence or two, as said in the interview.
BARRIER_NOTE_MAX = 500


class InterviewKind(StrEnum):
    JOINING = "joining"
    FOLLOW_UP = "follow_up"
    LEAVING = "leaving"

    @property
    def label(self) -> str:
        return {
            InterviewKind.JOINING: _("on joining"),
            InterviewKind.FOLLOW_UP: _("follow-up"),
            InterviewKind.LEAVING: _("on leaving"),
        }[self]


class GrowthIntention(StrEnum):
    """Where the entrepreneur means to take the firm, from the least growth to the most (the order
    of the members is the scale's: a transition table reads it so)."""

    CLOSE = "close_or_hand_over"
    STAY = "stay_as_now"
    MODERATE = "grow_moderately"
    STRONG = "grow_strongly"

    @property
    def label(self) -> str:
        return {
            GrowthIntention.CLOSE: _("close down or hand over"),
            GrowthIntention.STAY: _("stay as now"),
            GrowthIntention.MODERATE: _("grow moderately"),
            GrowthIntention.STRONG: _("grow strongly"),
        }[self]

    @property
    def rank(self) -> int:
        """0 for the least growth, 3 for the most."""
        return list(GrowthIntention).index(self)


class Barrier(StrEnum):
    FINANCE = "finance"
    SKILLS = "skills"
    TIME = "time"
    RECRUITMENT = "recruitment"
    MARKET_ACCESS = "market_access"
    DISTANCE = "distance"
    REGULATION = "regulation"
    FAMILY = "family_situation"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            Barrier.FINANCE: _("finance"),
            Barrier.SKILLS: _("skills"),
            Barrier.TIME: _("time"),
            Barrier.RECRUITMENT: _("recruitment"),
            Barrier.MARKET_ACCESS: _("market access"),
            Barrier.DISTANCE: _("distance"),
            Barrier.REGULATION: _("regulation"),
            Barrier.FAMILY: _("family situation"),
            Barrier.OTHER: _("other"),
        }[self]


@dataclass(kw_only=True)
class Interview(Record):
    """One interview of ``person_id`` on ``day``.

    ``barriers`` maps each barrier named (a :class:`Barrier` value) to its note ("" without one).
    ``staff`` and ``planned_staff`` are full-time equivalents, now and planned in a year;
    ``network_value`` is 1 (gives nothing) to 5 (gives very much), None when not asked.
    """

    person_id: str
    day: date
    kind: InterviewKind = InterviewKind.FOLLOW_UP
    interviewer: str = ""
    intention: GrowthIntention = GrowthIntention.STAY
    planned_staff: float | None = None
    planned_turnover: TurnoverBand | None = None
    barriers: dict[str, str] = dataclasses.field(default_factory=dict)
    staff: float | None = None
    turnover: TurnoverBand | None = None
    network_gives: str = ""
    network_value: int | None = None

    def order_key(self) -> tuple[date, datetime, str]:
        """Where the interview stands among the person's: by day, those of one day as they were
        saved (one not saved, or stored without the moment, first), the id settling the rest.
        Every list, figure and export orders interviews by this."""
        return self.day, self.created_at or EARLIEST, self.id

    def barrier_list(self) -> list[tuple[Barrier, str]]:
        """The barriers named, in the list's order, each with its note."""
        return [(barrier, self.barriers[barrier.value]) for barrier in Barrier if barrier.value in self.barriers]


@per_language
def interview_field_labels() -> dict[str, str]:
    return {
        "day": _("Date"),
        "kind": _("Interview"),
        "interviewer": _("Interviewer"),
        "intention": _("Growth intention"),
        "planned_staff": _("Planned staff in a year (FTE)"),
        "planned_turnover": _("Planned turnover in a year"),
        "barriers": _("Barriers to growth"),
        "staff": _("Staff now (FTE)"),
        "turnover": _("Turnover now"),
        "network_gives": _("What the network gives"),
        "network_value": _("Value of the network (1–5)"),
    }


def barrier_field(barrier: Barrier) -> str:
    """The form's key of the check box that names ``barrier``."""
    return f"barrier:{barrier.value}"


def barrier_note_field(barrier: Barrier) -> str:
    """The form's key of the note on ``barrier``."""
    return f"barrier_note:{barrier.value}"


def validate_interview(interview: Interview, today: date, *, typed: bool = True) -> list[Problem]:
    """Every problem with ``interview``, each naming its field: dated by ``today`` at the latest,
    staff counts in range, the value from 1 to 5, only the listed barriers with short notes.

    ``typed=False`` checks a stored copy (an arriving bundle's): a note's typing limit is the
    form's, and a coordinator's copy may have a name in it replaced by a longer pseudonym (see
    :mod:`exports.bundle.privacy`); the record sizes bound it instead."""
    labels = interview_field_labels()
    problems: list[Problem] = []
    if interview.day > today:
        problems.append(Problem("day", labels["day"], _("An interview cannot be dated in the future.")))
    for field in ("staff", "planned_staff"):
        if message := staff_problem(getattr(interview, field)):
            problems.append(Problem(field, labels[field], message))
    value = interview.network_value
    if value is not None and (isinstance(value, bool) or value not in range(1, 6)):
        problems.append(Problem("network_value", labels["network_value"], _("Give a whole number from 1 to 5.")))
    known = {barrier.value for barrier in Barrier}
    if any(name not in known for name in interview.barriers):
        problems.append(Problem("barriers", labels["barriers"], _("Name only the barriers of the list.")))
    elif typed:
        for barrier, note in interview.barrier_list():
            if len(note) > BARRIER_NOTE_MAX:
                message = _("Keep the note to {count} characters at most.").format(count=format_count(BARRIER_NOTE_MAX))
                problems.append(Problem(barrier_note_field(barrier), _note_label(barrier), message))
    return problems


def _note_label(barrier: Barrier) -> str:
    """The name a problem with ``barrier``'s note goes by: "Barriers to growth: finance"."""
    return _("{label}: {value}").format(label=interview_field_labels()["barriers"], value=barrier.label)


def in_form_order(problems: list[Problem]) -> list[Problem]:
    """``problems`` in the order of the form's fields, a barrier's box or note in the barriers' place."""
    order = list(interview_field_labels())

    def place(problem: Problem) -> int:
        field = "barriers" if problem.field.startswith(("barrier:", "barrier_note:")) else problem.field
        return order.index(field) if field in order else len(order)

    return sorted(problems, key=place)


def check_interview_form(
    values: Mapping[str, str | bool], base: Interview, today: date, person: Person | None = None
) -> tuple[Interview, list[Problem]]:
    """Read an interview form: the interview to save, or every problem with it.

    ``values`` holds the text of each field of :func:`interview_field_labels` (the choices as
    their enum values, "" for none), and for each barrier its check box
    (:func:`barrier_field`, a bool) and note (:func:`barrier_note_field`). A note beside a box
    left empty is a problem, not a barrier named nor a note thrown away: which was meant is the
    interviewer's to say. A growth intention left unchosen ("") is a problem too: it must be asked,
    not assumed. An interview dated before ``person`` joined is refused here, on the form
    only: a stored interview stays valid when the person's joining date is corrected later."""
    labels = interview_field_labels()
    problems: list[Problem] = []

    def text(field: str, kept: str) -> str:
        return str(values[field]).strip() if field in values else kept

    def day() -> date:
        days, told = read_dates({"day": text("day", "")}, labels, ("day",))
        problems.extend(told)
        if "day" not in days:
            return base.day
        found = days["day"]
        if person is not None and person.joined is not None and found < person.joined:
            message = _("The interview is dated before {name} joined on {date}.").format(
                name=person.name, date=format_date(person.joined)
            )
            problems.append(Problem("day", labels["day"], message))
        return found

    def staff(field: str, kept: float | None) -> float | None:
        return read_staff_field(values, field, kept, labels[field], problems)

    def value() -> int | None:
        typed = text("network_value", "" if base.network_value is None else str(base.network_value))
        if not typed:
            return None
        if typed in {"1", "2", "3", "4", "5"}:
            return int(typed)
        problems.append(Problem("network_value", labels["network_value"], _("Give a whole number from 1 to 5.")))
        return base.network_value

    barriers = dict(base.barriers) if not any(key.startswith("barrier") for key in values) else {}
    for barrier in Barrier:
        note = str(values.get(barrier_note_field(barrier), "")).strip()
        ticked = values.get(barrier_field(barrier), bool(note))
        if ticked is True:
            barriers[barrier.value] = note
        elif note:
            problems.append(
                Problem(barrier_note_field(barrier), _note_label(barrier), _("Tick the barrier or clear its note."))
            )
    interview = dataclasses.replace(
        base,
        day=day(),
        kind=choice(values, "kind", InterviewKind, base.kind),
        interviewer=text("interviewer", base.interviewer),
        intention=choice(values, "intention", GrowthIntention, base.intention),
        planned_staff=staff("planned_staff", base.planned_staff),
        planned_turnover=_optional_choice(values, "planned_turnover", base.planned_turnover),
        barriers=barriers,
        staff=staff("staff", base.staff),
        turnover=_optional_choice(values, "turnover", base.turnover),
        network_gives=text("network_gives", base.network_gives),
        network_value=value(),
    )
    if values.get("intention") == "":
        problems.append(
            Problem("intention", labels["intention"], _("Choose the growth intention the person expressed."))
        )
    reported = {problem.field for problem in problems}
    problems += [problem for problem in validate_interview(interview, today) if problem.field not in reported]
    told = list(problems)
    problems = with_size_problems(interview, labels, in_form_order(problems))
    if any(problem.field.startswith("barrier_note:") for problem in problems):
        # A note too long is told beside that note, not again as the barriers' size.
        problems = [problem for problem in problems if problem.field != "barriers" or problem in told]
    return interview, problems


def _optional_choice(values: Mapping[str, str | bool], field: str, kept: TurnoverBand | None) -> TurnoverBand | None:
    if field not in values:
        return kept
    typed = values[field]
    return TurnoverBand(typed) if isinstance(typed, str) and typed in TurnoverBand._value2member_map_ else None
