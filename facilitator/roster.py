"""Roster rules that screens show: who matches a filter, how consents read at a glance."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from facilitator.dates import format_count, format_month_year
from facilitator.i18n import _, pgettext
from facilitator.model import Person, Role
from facilitator.pseudonyms import shown_pseudonyms
from facilitator.rotation import HostingRecord
from facilitator.text import fold, sort_key


def matches(person: Person, query: str) -> bool:
    """Whether every word of ``query`` appears in the person's name, company, field or place (a
    pseudonym and a firm token as stored or as the user's language shows them)."""
    shown = shown_pseudonyms(f"{person.name} {person.company}")
    haystack = fold(
        " ".join((person.name, person.company, shown, person.business_field, person.municipality, person.email))
    )
    return all(word in haystack for word in fold(query).split())


def visible_people(people: Iterable[Person], query: str, today: date, *, former: bool) -> list[Person]:
    """The roster rows to show: matching the filter, and former members only if asked for, in the
    order of the names as shown ("Jäsen-B218CD" among the J's of a Finnish roster, not the M's)."""
    shown = [person for person in people if (former or person.is_current(today)) and matches(person, query)]
    return sorted(shown, key=lambda person: (sort_key(shown_pseudonyms(person.name)), person.id))


def consent_initials() -> tuple[str, str, str]:
    """The initials of the audio recording, research use and contact sharing consents in the
    user's language (A R C, Ä T Y, L F K), as the roster's column and its help name them."""
    return (
        pgettext("consent initial: audio recording", "A"),
        pgettext("consent initial: research use", "R"),
        pgettext("consent initial: sharing contact details", "C"),
    )


def consent_marks(person: Person) -> str:
    """Three marks, the initials of :func:`consent_initials`, with a dot for each consent not given."""
    given = (person.audio_consent, person.research_consent, person.contact_consent)
    return "".join(mark if consent else "·" for consent, mark in zip(given, consent_initials(), strict=True))


def display_name(person: Person) -> str:
    """The name (a pseudonym in the user's language), with the role added for anyone who is not a
    member entrepreneur."""
    name = shown_pseudonyms(person.name)
    if person.role is Role.MEMBER:
        return name
    return f"{name} ({person.role.label})"


def hosting_text(person: Person, record: HostingRecord | None) -> str:
    """The roster's host column: blank for members who cannot host, else how often and when last."""
    if not person.can_host:
        return ""
    if record is None or not record.times:
        return _("never")
    return _("{times}×, {last}").format(
        times=format_count(record.times), last=format_month_year(record.last) if record.last else "?"
    )
