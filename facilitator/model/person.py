"""A person in a group's roster: member entrepreneur, facilitator or researcher."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from facilitator.dates import format_count, format_date
from facilitator.i18n import _
from facilitator.model.problems import Problem, parse_date, per_language
from facilitator.model.record import Record
from facilitator.model.sizes import with_size_problems


class Role(StrEnum):
    MEMBER = "member"
    FACILITATOR = "facilitator"
    RESEARCHER = "researcher"

    @property
    def label(self) -> str:
        return {
            Role.MEMBER: _("member"),
            Role.FACILITATOR: _("facilitator"),
            Role.RESEARCHER: _("researcher"),
        }[self]


#: The consents a person can give, each kept with the date it was given (None: not given).
CONSENT_FIELDS = ("audio_consent", "research_consent", "contact_consent")

#: A person's own fields, in the order forms, reports and roster files list them.
PERSON_FIELDS = (
    "name",
    "role",
    "company",
    "business_field",
    "municipality",
    "email",
    "phone",
    "can_host",
    "premises_address",
    "joined",
    "left",
    *CONSENT_FIELDS,
)


@per_language
def person_field_labels() -> dict[str, str]:
    """The label of each person field, as forms and messages show it."""
    return {
        "name": _("Name"),
        "role": _("Role"),
        "company": _("Company"),
        "business_field": _("Business field"),
        "municipality": _("Municipality"),
        "email": _("E-mail"),
        "phone": _("Phone"),
        "can_host": _("Can host"),
        "premises_address": _("Premises address"),
        "joined": _("Joined"),
        "left": _("Left"),
        "audio_consent": _("Audio recording consent"),
        "research_consent": _("Research use consent"),
        "contact_consent": _("Contact sharing consent"),
    }


@dataclass(kw_only=True)
class Person(Record):
    """Someone on a group's roster, with the consents he or she has given."""

    group_id: str
    name: str
    role: Role = Role.MEMBER
    company: str = ""
    business_field: str = ""
    municipality: str = ""
    email: str = ""
    phone: str = ""
    can_host: bool = False
    premises_address: str = ""
    joined: date | None = None
    left: date | None = None
    audio_consent: date | None = None
    research_consent: date | None = None
    contact_consent: date | None = None
    #: Set on an erased person's tombstone only (see :mod:`facilitator.erasure`): the key of the
    #: marks, and the marks by which the name, e-mail, phone and premises address are still
    #: recognised in records arriving late, without being kept.
    erased_salt: str = ""
    erased_marks: list[str] = dataclasses.field(default_factory=list)

    @property
    def erased(self) -> bool:
        """Whether this is the tombstone of an erased person: nothing of theirs is kept."""
        return bool(self.erased_salt)

    def is_current(self, today: date) -> bool:
        """Whether the person is on the roster on ``today``: joined by then and not yet left."""
        joined = self.joined is None or self.joined <= today
        return not self.deleted and joined and (self.left is None or self.left > today)

    def is_current_member(self, today: date) -> bool:
        return self.role is Role.MEMBER and self.is_current(today)


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
_PHONE_CHARACTERS = re.compile(r"^\+?[\d\s()\-/]+$")
NAME_MAX = 120


def validate_person(person: Person, today: date, *, typed: bool = True) -> list[Problem]:
    """Every problem with ``person`` at once, each naming its field. A stored copy (not ``typed``)
    is not held to a form's completeness: a coordinator's copy of a host leaves the premises
    address out (see :mod:`exports.bundle.privacy`)."""
    labels = person_field_labels()
    problems: list[Problem] = []

    def problem(field: str, message: str) -> None:
        problems.append(Problem(field, labels[field], message))

    name = person.name.strip()
    if not name:
        problem("name", _("Enter the person's name."))
    elif len(name) > NAME_MAX:
        problem("name", _("Keep the name under {count} characters.").format(count=format_count(NAME_MAX)))
    if person.email and not _EMAIL.match(person.email):
        problem(
            "email",
            _("“{email}” is not an e-mail address; it should look like name@example.fi.").format(email=person.email),
        )
    if person.phone:
        digits = sum(character.isdigit() for character in person.phone)
        if not _PHONE_CHARACTERS.match(person.phone) or not 5 <= digits <= 15:
            problem("phone", _("Write the phone number with digits, for example +358 40 123 4567."))
    if typed and person.can_host and not person.premises_address.strip():
        problem("premises_address", _("A host needs a premises address: the meetings take place there."))
    if person.joined and person.left and person.left < person.joined:
        problem(
            "left",
            _("Left ({left}) is before joined ({joined}).").format(
                left=format_date(person.left), joined=format_date(person.joined)
            ),
        )
    for field in CONSENT_FIELDS:
        given = getattr(person, field)
        if given and given > today:
            problem(field, _("A consent cannot be dated in the future."))
    return problems


def person_from_form(values: Mapping[str, str | bool], base: Person) -> tuple[Person, list[Problem]]:
    """``base`` with a person form's values applied, and the problems met while reading them.

    Text fields are trimmed, dates read with :func:`parse_date`, ``can_host`` is a bool and
    ``role`` a :class:`Role` value. Reading problems are returned; rule problems come from
    :func:`validate_person`.
    """
    labels = person_field_labels()
    problems: list[Problem] = []

    def text(field: str, kept: str) -> str:
        return str(values[field]).strip() if field in values else kept

    def day(field: str, kept: date | None) -> date | None:
        """The date typed into ``field``; one that is not a date is a problem, and the field keeps its value."""
        if field not in values:
            return kept
        try:
            return parse_date(str(values[field]))
        except ValueError as error:
            problems.append(Problem(field, labels[field], str(error)))
            return kept

    def role() -> Role:
        if "role" not in values:
            return base.role
        try:
            return Role(str(values["role"]))
        except ValueError:
            problems.append(Problem("role", labels["role"], _("Choose member, facilitator or researcher.")))
            return base.role

    person = dataclasses.replace(
        base,
        name=text("name", base.name),
        company=text("company", base.company),
        business_field=text("business_field", base.business_field),
        municipality=text("municipality", base.municipality),
        email=text("email", base.email),
        phone=text("phone", base.phone),
        premises_address=text("premises_address", base.premises_address),
        joined=day("joined", base.joined),
        left=day("left", base.left),
        audio_consent=day("audio_consent", base.audio_consent),
        research_consent=day("research_consent", base.research_consent),
        contact_consent=day("contact_consent", base.contact_consent),
        can_host=bool(values["can_host"]) if "can_host" in values else base.can_host,
        role=role(),  # last, as its problem comes after the dates'
    )
    return person, problems


def check_person_form(values: Mapping[str, str | bool], base: Person, today: date) -> tuple[Person, list[Problem]]:
    """Read a person form and apply every rule: the person to save, or the problems to fix."""
    person, problems = person_from_form(values, base)
    reported = {problem.field for problem in problems}
    problems += [problem for problem in validate_person(person, today) if problem.field not in reported]
    return person, with_size_problems(person, person_field_labels(), problems)
