"""A growth interview's answers as the interviewer reads them again: the previous interview of the
same person beside the new one (on the screen's form and on the printed form), and which interview
comes next."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from facilitator.dates import format_date, format_decimal
from facilitator.i18n import _
from facilitator.model import Barrier, Interview, InterviewKind, Person


def previous_interview(interviews: Sequence[Interview], interview: Interview) -> Interview | None:
    """The person's latest interview before ``interview`` (itself left out), or None: dated
    earlier, or the same day and saved before it (any saved one, for an interview not saved yet):
    in :meth:`~facilitator.model.Interview.order_key`'s order.

    ``interviews`` may hold anybody's: only those of ``interview``'s person count. The screen's
    form, the printed form and its file all take the previous interview from here."""

    def before(other: Interview) -> bool:
        if interview.created_at is None:  # not saved yet: after every saved one of its day
            return other.day <= interview.day
        return other.order_key() < interview.order_key()

    earlier = [
        other
        for other in interviews
        if other.person_id == interview.person_id and other.id != interview.id and not other.deleted and before(other)
    ]
    return max(earlier, key=Interview.order_key, default=None)


def next_interview(person: Person, interviews: Sequence[Interview], today: date) -> tuple[int, InterviewKind]:
    """The number of ``person``'s next interview (1 for the first) and its kind: on joining for
    the first, on leaving for a member who has left by ``today``, else a follow-up."""
    held = [interview for interview in interviews if interview.person_id == person.id and not interview.deleted]
    if not held:
        kind = InterviewKind.JOINING
    elif person.left is not None and person.left <= today:
        kind = InterviewKind.LEAVING
    else:
        kind = InterviewKind.FOLLOW_UP
    return len(held) + 1, kind


def staff_text(staff: float | None) -> str:
    """A staff count as read: "2 FTE", "2.5 FTE" ("2,5 htv" in Finnish); "" when unknown."""
    if staff is None:
        return ""
    digits = 0 if float(staff).is_integer() else 1
    return _("{staff} FTE").format(staff=format_decimal(staff, digits))


def staff_field_text(staff: float | None) -> str:
    """A staff count in a form's field, as the user would type it and
    :func:`~facilitator.model.development.read_staff` reads it back: "2", "2.5" ("2,5" in Finnish),
    "1200" (no thousands separator); "" when unknown."""
    if staff is None:
        return ""
    whole, _point, tenth = f"{round(float(staff), 1):.1f}".partition(".")
    if tenth == "0":
        return whole
    decimal_mark = format_decimal(0.5, 1)[1]  # "0.5", "0,5": the language's own, with no grouping to strip
    return f"{whole}{decimal_mark}{tenth}"


def staff_example() -> str:
    """What a staff field shows while empty: an example written the user's way."""
    return _("for example {staff}").format(staff=staff_field_text(2.5))


def barriers_text(interview: Interview) -> str:
    """The barriers named, each with its note: "finance (no loan for a van), time"."""
    return named_barriers_text(interview.barriers)


def named_barriers_text(barriers: Mapping[str, str]) -> str:
    """Barriers as an interview stores them (a barrier's value and its note), in the list's order,
    each with its note; a name not on the list (from a later release) as it is."""
    known = [(barrier.label, barriers[barrier.value]) for barrier in Barrier if barrier.value in barriers]
    known += [(name, note) for name, note in barriers.items() if name not in Barrier._value2member_map_]
    return ", ".join(
        _("{barrier} ({note})").format(barrier=label, note=note) if note else label for label, note in known
    )


def interview_heading(interview: Interview) -> str:
    """Which interview it was: "12.3.2026, on joining, by Anna Berg"."""
    heading = _("{date}, {kind}").format(date=format_date(interview.day), kind=interview.kind.label)
    if interview.interviewer:
        heading = _("{interview}, by {interviewer}").format(interview=heading, interviewer=interview.interviewer)
    return heading


def answer_texts(interview: Interview) -> dict[str, str]:
    """Each answer of ``interview`` as a short text, by the field it answers (the keys of
    :func:`~facilitator.model.interview_field_labels`); a question not answered is left out."""
    answers = {
        "kind": interview.kind.label,
        "interviewer": interview.interviewer,
        "intention": interview.intention.label,
        "planned_staff": staff_text(interview.planned_staff),
        "planned_turnover": interview.planned_turnover.label if interview.planned_turnover else "",
        "barriers": barriers_text(interview),
        "staff": staff_text(interview.staff),
        "turnover": interview.turnover.label if interview.turnover else "",
        "network_gives": " ".join(interview.network_gives.split()),
        "network_value": "" if interview.network_value is None else str(interview.network_value),
    }
    return {field: text for field, text in answers.items() if text}
