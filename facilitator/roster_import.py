"""A roster spreadsheet's rows as a plan: who would be added, who updated (and in which fields),
who is unchanged and who skipped, and why; nothing is saved here.

Each row is read as the person form would read it and checked by the same rules
(:func:`~facilitator.model.person.check_person_form`). A row is matched with someone already on
the roster by the e-mail address, else by the name and the company (case and accents left out):
a match is an update of the fields that differ, or skipped if the user says so, never a second
person. An empty cell leaves what the roster holds; a consent written "no" withdraws it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from facilitator.dates import format_count
from facilitator.i18n import _, ngettext
from facilitator.model.person import CONSENT_FIELDS, PERSON_FIELDS, Person, check_person_form, person_field_labels
from facilitator.model.problems import Problem
from facilitator.roster_columns import (
    FIRST_NAME,
    LAST_NAME,
    Cell,
    can_make_name,
    cell_text,
    consent_text,
    phone_text,
    role_value,
    yes_or_no,
)
from facilitator.text import fold


class Action(StrEnum):
    ADD = "add"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    SKIP = "skip"

    @property
    def label(self) -> str:
        return {
            Action.ADD: _("add"),
            Action.UPDATE: _("update"),
            Action.UNCHANGED: _("unchanged"),
            Action.SKIP: _("skip"),
        }[self]


class NoNameColumn(ValueError):
    """No column of the file can be a name: the file is not a roster, or its headers are unknown."""


@dataclass
class RowPlan:
    """What one row of the file would do."""

    number: int  #: the row's number in the file, the header being row 1
    person: Person  #: the person as the row would leave him or her
    existing: Person | None = None  #: the person on the roster the row matched
    problems: list[Problem] = field(default_factory=list)
    differences: tuple[str, ...] = ()  #: the fields an update changes
    same_as_row: int | None = None  #: an earlier row of the file for the same person
    skipped_by_user: bool = False

    @property
    def action(self) -> Action:
        if self.problems or self.same_as_row is not None or self.skipped_by_user:
            return Action.SKIP
        if self.existing is None:
            return Action.ADD
        return Action.UPDATE if self.differences else Action.UNCHANGED

    @property
    def can_choose(self) -> bool:
        """Whether the user may choose between updating the person and skipping the row."""
        return bool(self.existing and self.differences and not self.problems and self.same_as_row is None)

    def reason(self) -> str:
        """Why the row is skipped, or what an update changes; blank for an addition."""
        if self.problems:
            return " · ".join(str(problem) for problem in self.problems)
        if self.same_as_row is not None:
            return _("the same person as row {row}").format(row=self.same_as_row)
        if self.existing is not None and self.differences:
            labels = person_field_labels()
            changed = ", ".join(labels[name] for name in self.differences)
            if self.skipped_by_user:
                return _("skipped by you; differs in {fields}").format(fields=changed)
            return _("changes {fields}").format(fields=changed)
        if self.existing is not None:
            return _("already on the roster as it is")
        return ""


@dataclass
class ImportPlan:
    """Every row of a roster file, and the columns it was read with."""

    header: list[str]
    fields: list[str | None]  #: the field of each column; None: left out
    rows: list[RowPlan]

    @property
    def left_out(self) -> list[str]:
        """The headers of the columns left out."""
        return [header for header, chosen in zip(self.header, self.fields, strict=True) if chosen is None]

    def count(self, action: Action) -> int:
        return sum(row.action is action for row in self.rows)

    def to_save(self) -> list[Person]:
        """The people to add and to update, as they are to be saved."""
        return [row.person for row in self.rows if row.action in (Action.ADD, Action.UPDATE)]

    def summary(self) -> str:
        """What the import would do, in one line."""
        return _("{add}, {update}, {unchanged}, {skip}").format(
            add=ngettext("{count} to add", "{count} to add", self.count(Action.ADD)).format(
                count=format_count(self.count(Action.ADD))
            ),
            update=ngettext("{count} to update", "{count} to update", self.count(Action.UPDATE)).format(
                count=format_count(self.count(Action.UPDATE))
            ),
            unchanged=ngettext("{count} unchanged", "{count} unchanged", self.count(Action.UNCHANGED)).format(
                count=format_count(self.count(Action.UNCHANGED))
            ),
            skip=ngettext("{count} to skip", "{count} to skip", self.count(Action.SKIP)).format(
                count=format_count(self.count(Action.SKIP))
            ),
        )

    def report(self) -> list[str]:
        """What the import did, once applied: added, updated, unchanged, and each row skipped and why."""
        lines = [
            ngettext("Added {count} person.", "Added {count} people.", self.count(Action.ADD)).format(
                count=format_count(self.count(Action.ADD))
            ),
            ngettext("Updated {count} person.", "Updated {count} people.", self.count(Action.UPDATE)).format(
                count=format_count(self.count(Action.UPDATE))
            ),
        ]
        if unchanged := self.count(Action.UNCHANGED):
            lines.append(
                ngettext(
                    "{count} person was already up to date.", "{count} people were already up to date.", unchanged
                ).format(count=format_count(unchanged))
            )
        skipped = [row for row in self.rows if row.action is Action.SKIP]
        lines.append(
            ngettext("Skipped {count} row.", "Skipped {count} rows.", len(skipped)).format(
                count=format_count(len(skipped))
            )
        )
        lines += [row_line(row) for row in skipped]
        return lines


def row_line(row: RowPlan) -> str:
    """One row of the plan as a line of text: number, name, what it does and why."""
    name = row.person.name or _("(no name)")
    reason = row.reason()
    line = _("Row {row}: {name} — {action}").format(row=row.number, name=name, action=row.action.label)
    return f"{line} ({reason})" if reason else line


def _folded(text: str) -> str:
    return fold(" ".join(text.split()))


class _Roster:
    """The people already on the roster, found by e-mail, else by name and company (by the name
    alone when the row gives no company and only one person has that name)."""

    def __init__(self, people: Sequence[Person]) -> None:
        self._by_email = {_folded(person.email): person for person in people if person.email.strip()}
        self._by_name: dict[str, list[Person]] = {}
        for person in people:
            self._by_name.setdefault(_folded(person.name), []).append(person)

    def find(self, email: str, name: str, company: str) -> Person | None:
        if email and (found := self._by_email.get(_folded(email))):
            return found
        namesakes = self._by_name.get(_folded(name), [])
        if company:
            return next((person for person in namesakes if _folded(person.company) == _folded(company)), None)
        return namesakes[0] if len(namesakes) == 1 else None


def _values(cells: Sequence[Cell], fields: Sequence[str | None], base: Person, today: date) -> dict[str, str | bool]:
    """A row's non-empty cells as the person form's values (``base``: the person it would change)."""
    values: dict[str, str | bool] = {}
    names: dict[str, str] = {}
    for cell, name in zip(cells, fields, strict=False):
        text = cell_text(cell)
        if name is None or not text:
            continue
        if name in (FIRST_NAME, LAST_NAME):
            names[name] = text
        elif name in CONSENT_FIELDS:
            values[name] = consent_text(cell, getattr(base, name), today)
        elif name == "can_host":
            answer = yes_or_no(cell)
            values[name] = bool(answer) if answer is not None else text
        elif name == "role":
            values[name] = role_value(cell)
        elif name == "phone":
            values[name] = phone_text(cell)
        else:
            values[name] = text
    if "name" not in values and names:
        values["name"] = " ".join(names[part] for part in (FIRST_NAME, LAST_NAME) if part in names)
    return values


def _can_host_problem(values: dict[str, str | bool]) -> list[Problem]:
    value = values.get("can_host")
    if isinstance(value, str):
        values.pop("can_host")
        label = person_field_labels()["can_host"]
        return [Problem("can_host", label, _("“{text}” is neither yes nor no.").format(text=value))]
    return []


def plan_row(
    number: int, cells: Sequence[Cell], fields: Sequence[str | None], group_id: str, roster: _Roster, today: date
) -> RowPlan:
    """What one row would do: read and checked as the person form would, matched with the roster."""
    new = Person(group_id=group_id, name="")
    values = _values(cells, fields, new, today)
    existing = roster.find(*(str(values.get(name, "")).strip() for name in ("email", "name", "company")))
    base = existing or new
    if existing is not None:  # a consent written "yes" keeps the date already recorded
        values = _values(cells, fields, existing, today)
    problems = _can_host_problem(values)
    person, found = check_person_form(values, base, today)
    problems += found
    if existing is None:
        return RowPlan(number, person, problems=problems)
    if _folded(person.email) == _folded(existing.email):  # an address is the same in any case
        person = dataclasses.replace(person, email=existing.email)
    differences = tuple(name for name in PERSON_FIELDS if getattr(person, name) != getattr(existing, name))
    return RowPlan(number, person, existing, problems, differences)


def plan_import(
    header: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    fields: Sequence[str | None],
    roster: Sequence[Person],
    group_id: str,
    today: date,
) -> ImportPlan:
    """The plan of importing ``rows`` (each a list of cells, the header left out) into the roster of
    ``group_id``, with ``fields`` giving each column's field. Raises :class:`NoNameColumn` when no
    column gives a name. Blank rows are left out; a row for someone an earlier row already names
    is skipped."""
    if not can_make_name(fields):
        raise NoNameColumn(
            _(
                "No column of the file could be a name: the first row must hold the headers, "
                "such as Name, Company, E-mail (or Nimi, Yritys, Sähköposti)."
            )
        )
    known = _Roster(roster)
    planned: list[RowPlan] = []
    seen: dict[tuple[str, str], int] = {}
    for index, cells in enumerate(rows):
        if not any(cell_text(cell) for cell in cells):
            continue
        row = plan_row(index + 2, cells, fields, group_id, known, today)
        keys = [(_folded(row.person.name), _folded(row.person.company))]
        if row.person.email:
            keys.append(("@", _folded(row.person.email)))
        earlier = next((seen[key] for key in keys if key in seen), None)
        if earlier is not None and row.person.name:
            row.same_as_row = earlier
        for key in keys:
            seen.setdefault(key, row.number)
        planned.append(row)
    return ImportPlan(list(header), list(fields), planned)


def keep_choices(old: ImportPlan, new: ImportPlan) -> ImportPlan:
    """``new`` with the rows the user chose to skip in ``old`` skipped again (after a column's field
    changed, the rows are read anew)."""
    skipped = {row.number for row in old.rows if row.skipped_by_user}
    for row in new.rows:
        row.skipped_by_user = row.number in skipped and row.can_choose
    return new
