"""Roster rules that screens show: who matches a filter, how consents read at a glance."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from facilitator.dates import format_month_year
from facilitator.i18n import _
from facilitator.model import Person, Role
from facilitator.rotation import HostingRecord
from facilitator.text import fold


def matches(person: Person, query: str) -> bool:
    """Whether every word of ``query`` appears in the person's name, company, field or place."""
    haystack = fold(" ".join((person.name, person.company, person.business_field, person.municipality, person.email)))
    return all(word in haystack for word in fold(query).split())


def visible_people(people: Iterable[Person], query: str, today: date, *, former: bool) -> list[Person]:
    """The roster rows to show: matching the filter, and former members only if asked for."""
    return [person for person in people if (former or person.is_current(today)) and matches(person, query)]


def consent_marks(person: Person) -> str:
    """Three marks, A(udio) R(esearch) C(ontact), with a dot for each consent not given."""
    marks = (
        (person.audio_consent, _("A")),
        (person.research_consent, _("R")),
        (person.contact_consent, _("C")),
    )
    return "".join(mark if given else "·" for given, mark in marks)


def display_name(person: Person) -> str:
    """The name, with the role added for anyone who is not a member entrepreneur."""
    if person.role is Role.MEMBER:
        return person.name
    return f"{person.name} ({person.role.label})"


def hosting_text(person: Person, record: HostingRecord | None) -> str:
    """The roster's host column: blank for members who cannot host, else how often and when last."""
    if not person.can_host:
        return ""
    if record is None or not record.times:
        return _("never")
    return _("{times}×, {last}").format(times=record.times, last=format_month_year(record.last) if record.last else "?")
