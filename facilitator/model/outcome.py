"""An outcome in an entrepreneur's business (a first employee, exports begun, a joint campaign)
with the members involved and the memo entries and meetings that led to it: what the meetings
came to, on record beside them."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from facilitator.dates import format_count
from facilitator.i18n import _
from facilitator.model.development import EARLIEST, choice, read_staff_field, staff_problem
from facilitator.model.problems import Problem, per_language, read_dates
from facilitator.model.record import Record
from facilitator.model.sizes import with_size_problems

#: Characters of an outcome's description: a few sentences.
DESCRIPTION_MAX = 2000


class OutcomeKind(StrEnum):
    FIRST_EMPLOYEE = "first_employee"
    MORE_STAFF = "more_staff"
    EXPORT = "export_started"
    NEW_PRODUCT = "new_product_or_service"
    NEW_SEGMENT = "new_customer_segment"
    JOINT = "joint_venture_or_campaign"
    INVESTMENT = "investment"
    PREMISES = "new_premises"
    CLOSED = "firm_closed"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            OutcomeKind.FIRST_EMPLOYEE: _("first employee"),
            OutcomeKind.MORE_STAFF: _("more staff"),
            OutcomeKind.EXPORT: _("export started"),
            OutcomeKind.NEW_PRODUCT: _("new product or service"),
            OutcomeKind.NEW_SEGMENT: _("new customer segment"),
            OutcomeKind.JOINT: _("joint venture or campaign with members"),
            OutcomeKind.INVESTMENT: _("investment"),
            OutcomeKind.PREMISES: _("new premises"),
            OutcomeKind.CLOSED: _("firm closed"),
            OutcomeKind.OTHER: _("other"),
        }[self]


@dataclass(kw_only=True)
class Outcome(Record):
    """An outcome in the business of ``person_id`` on ``day``.

    ``involved`` are the other members who took part (person ids of the same group);
    ``entry_ids`` the memo entries and ``meeting_ids`` the meetings that led to it (of the same
    group). ``staff_after`` is the firm's staff after it, in full-time equivalents. A ``draft``
    was made by a marker in a memo line and waits to be completed after the meeting.
    """

    person_id: str
    day: date
    kind: OutcomeKind = OutcomeKind.OTHER
    description: str = ""
    staff_after: float | None = None
    involved: list[str] = dataclasses.field(default_factory=list)
    entry_ids: list[str] = dataclasses.field(default_factory=list)
    meeting_ids: list[str] = dataclasses.field(default_factory=list)
    draft: bool = False

    def order_key(self) -> tuple[date, datetime, str]:
        """Where the outcome stands among others: by day, those of one day as they were saved (one
        not saved, or stored without the moment, first), the id settling the rest."""
        return self.day, self.created_at or EARLIEST, self.id

    def meetings_behind(self, meeting_of_entry: Mapping[str, str]) -> list[str]:
        """The ids of the meetings that led to the outcome, each once: those chosen, then those of
        the memo entries chosen (``meeting_of_entry`` gives each entry's meeting; see
        :func:`facilitator.history.entry_meetings`), an entry not found there left out."""
        behind = dict.fromkeys(self.meeting_ids)
        behind.update(dict.fromkeys(meeting_of_entry[entry] for entry in self.entry_ids if entry in meeting_of_entry))
        return list(behind)


@per_language
def outcome_field_labels() -> dict[str, str]:
    return {
        "kind": _("Outcome"),
        "day": _("Date"),
        "description": _("Description"),
        "staff_after": _("Staff after it (FTE)"),
        "involved": _("Members involved"),
        "entry_ids": _("Memo entries that led to it"),
        "meeting_ids": _("Meetings that led to it"),
    }


def validate_outcome(outcome: Outcome, today: date, *, typed: bool = True) -> list[Problem]:
    """Every problem with ``outcome``, each naming its field: dated by ``today`` at the latest, a
    description, a staff count in range, and no member named as involved in their own outcome.

    ``typed=False`` checks a stored copy (an arriving bundle's): the coordinator's copy of the
    outcome of a person without research consent has no description (see
    :mod:`exports.bundle.privacy`), which only the form asks for; and its description may be
    longer than the form's limit (a name in it replaced by a longer pseudonym): the record sizes
    bound it instead."""
    labels = outcome_field_labels()
    problems: list[Problem] = []
    if outcome.day > today:
        problems.append(Problem("day", labels["day"], _("An outcome cannot be dated in the future.")))
    if typed and not outcome.description.strip():
        problems.append(Problem("description", labels["description"], _("Say in a few words what happened.")))
    elif typed and len(outcome.description) > DESCRIPTION_MAX:
        problems.append(
            Problem(
                "description",
                labels["description"],
                _("Keep the description under {count} characters.").format(count=format_count(DESCRIPTION_MAX)),
            )
        )
    if message := staff_problem(outcome.staff_after):
        problems.append(Problem("staff_after", labels["staff_after"], message))
    if outcome.person_id in outcome.involved:
        problems.append(
            Problem("involved", labels["involved"], _("The entrepreneur whose outcome it is is not one of the others."))
        )
    return problems


def check_outcome_form(values: Mapping[str, str], base: Outcome, today: date) -> tuple[Outcome, list[Problem]]:
    """Read an outcome form's texts ("kind" as an :class:`OutcomeKind` value, "day",
    "description", "staff_after"): the outcome to save, no longer a draft, or every problem with
    it. The members and the entries and meetings behind it are chosen, not typed: the form puts
    them in ``base``."""
    labels = outcome_field_labels()
    days, problems = read_dates(values, labels, ("day",))
    staff_after = read_staff_field(values, "staff_after", base.staff_after, labels["staff_after"], problems)
    outcome = dataclasses.replace(
        base,
        day=days.get("day", base.day),
        kind=choice(values, "kind", OutcomeKind, base.kind),
        description=values.get("description", base.description).strip(),
        staff_after=staff_after,
        draft=False,
    )
    reported = {problem.field for problem in problems}
    problems += [problem for problem in validate_outcome(outcome, today) if problem.field not in reported]
    order = list(labels)
    problems.sort(key=lambda problem: order.index(problem.field) if problem.field in order else len(order))
    return outcome, with_size_problems(outcome, labels, problems)
