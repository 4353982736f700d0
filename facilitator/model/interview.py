"""A growth interview: what an entrepreneur said, on joining the network, some months later and
on leaving, about the firm's plans, what holds it back and what the network gives."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TypeVar

from facilitator.i18n import _
from facilitator.model.development import TurnoverBand, read_staff, staff_problem
from facilitator.model.problems import Problem, parse_date, per_language
from facilitator.model.record import Record
from facilitator.model.sizes import with_size_problems

ChoiceT = TypeVar("ChoiceT", bound=StrEnum)

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


def validate_interview(interview: Interview, today: date) -> list[Problem]:
    """Every problem with ``interview``, each naming its field: dated by ``today`` at the latest,
    staff counts in range, the value from 1 to 5, only the listed barriers with short notes."""
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
    elif any(len(note) > BARRIER_NOTE_MAX for note in interview.barriers.values()):
        problems.append(
            Problem(
                "barriers",
                labels["barriers"],
                _("Keep each barrier's note under {count} characters.").format(count=BARRIER_NOTE_MAX),
            )
        )
    return problems


def check_interview_form(
    values: Mapping[str, str | bool], base: Interview, today: date
) -> tuple[Interview, list[Problem]]:
    """Read an interview form: the interview to save, or every problem with it.

    ``values`` holds the text of each field of :func:`interview_field_labels` (the choices as
    their enum values, "" for none), and for each barrier its check box
    (:func:`barrier_field`, a bool) and note (:func:`barrier_note_field`); a note makes its
    barrier named even when the box was left empty."""
    labels = interview_field_labels()
    problems: list[Problem] = []

    def text(field: str, kept: str) -> str:
        return str(values[field]).strip() if field in values else kept

    def day() -> date:
        try:
            found = parse_date(text("day", ""))
        except ValueError as error:
            problems.append(Problem("day", labels["day"], str(error)))
            return base.day
        if found is None:
            problems.append(Problem("day", labels["day"], _("Enter a date.")))
            return base.day
        return found

    def staff(field: str, kept: float | None) -> float | None:
        if field not in values:
            return kept
        try:
            return read_staff(str(values[field]))
        except ValueError as error:
            problems.append(Problem(field, labels[field], str(error)))
            return kept

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
        if values.get(barrier_field(barrier)) is True or note:
            barriers[barrier.value] = note
    interview = dataclasses.replace(
        base,
        day=day(),
        kind=_choice(values, "kind", InterviewKind, base.kind),
        interviewer=text("interviewer", base.interviewer),
        intention=_choice(values, "intention", GrowthIntention, base.intention),
        planned_staff=staff("planned_staff", base.planned_staff),
        planned_turnover=_optional_choice(values, "planned_turnover", base.planned_turnover),
        barriers=barriers,
        staff=staff("staff", base.staff),
        turnover=_optional_choice(values, "turnover", base.turnover),
        network_gives=text("network_gives", base.network_gives),
        network_value=value(),
    )
    reported = {problem.field for problem in problems}
    problems += [problem for problem in validate_interview(interview, today) if problem.field not in reported]
    order = list(labels)
    problems.sort(key=lambda problem: order.index(problem.field) if problem.field in order else len(order))
    return interview, with_size_problems(interview, labels, problems)


def _choice(values: Mapping[str, str | bool], field: str, enum: type[ChoiceT], kept: ChoiceT) -> ChoiceT:
    """The choice made in ``field`` (a select always holds one of its options)."""
    typed = values.get(field)
    return enum(typed) if isinstance(typed, str) and typed in enum._value2member_map_ else kept


def _optional_choice(values: Mapping[str, str | bool], field: str, kept: TurnoverBand | None) -> TurnoverBand | None:
    if field not in values:
        return kept
    typed = values[field]
    return TurnoverBand(typed) if isinstance(typed, str) and typed in TurnoverBand._value2member_map_ else None
