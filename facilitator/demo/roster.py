"""The rosters of the demo network's groups: everyone who has held a seat, members with a
micro-business of the area (its trade, name, mail domain and premises) and the staff, with the
consents each gave. Drawn from the caller's seeded generator, ids included."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterator
from datetime import date, timedelta

from facilitator.demo.data import (
    ADVISORY,
    BUSINESSES,
    FIRST_NAMES,
    LANGUAGE_MIX,
    LAST_NAMES,
    LEGAL_FORMS,
    MOBILE_PREFIXES,
    PLACES,
    STREETS,
    TEMPLATE_COLUMN,
    TRADES_BY_KIND,
    UNIVERSITY,
    Place,
)
from facilitator.demo.ids import record_id
from facilitator.model.group import Group
from facilitator.model.person import Person, Role

# Rates that make the roster look lived-in rather than uniform.
_FIRST_COHORT_MIN = 6
_HOST_SHARE = 0.7
_ADDRESS_WITHOUT_HOSTING = 0.25
_CONSENT_SHARE = 0.85
_RESEARCHER_SHARE = 0.4
_HOME_MUNICIPALITY_SHARE = 0.8
_MIN_TENURE_DAYS = 365
_MEMBER_TENURE_YEARS = 8
_STAFF_TENURE_YEARS = 6


def roster(
    rng: random.Random,
    group: Group,
    place: Place,
    start: date,
    today: date,
    letter_picks: tuple[tuple[str, str, str], ...],
) -> list[Person]:
    """Everyone who has held a seat in ``group``: members, facilitators and maybe a researcher.

    A seat opens (most at the start, the rest as the group grew) and passes from holder to holder,
    so the number of current members stays where it was set.
    """
    used_names = {name for name, _company, _field in letter_picks}
    seat_count = rng.randint(8, 16)
    first_cohort = rng.randint(_FIRST_COHORT_MIN, seat_count)
    openings = [start] * first_cohort + sorted(
        _date_between(rng, start, today) for _ in range(seat_count - first_cohort)
    )
    people = []
    for seat, opened in enumerate(openings):
        for term, (joined, left) in enumerate(_terms(rng, opened, today, _MEMBER_TENURE_YEARS)):
            pick = letter_picks[seat] if term == 0 and seat < len(letter_picks) else None
            people.append(_member(rng, group, place, joined, left, today, used_names, pick))
    staff_seats = [Role.FACILITATOR] * rng.randint(1, 2)
    if rng.random() < _RESEARCHER_SHARE:
        staff_seats.append(Role.RESEARCHER)
    for role in staff_seats:
        for joined, left in _terms(rng, start, today, _STAFF_TENURE_YEARS):
            people.append(_staff(rng, group, place, role, joined, left, used_names))
    _withhold_consents(rng, people, today)
    return people


def _terms(rng: random.Random, opened: date, today: date, mean_years: float) -> Iterator[tuple[date, date | None]]:
    """(joined, left) of each holder of one seat in turn; the last holder has not left."""
    joined = opened
    while True:
        left = joined + timedelta(days=_MIN_TENURE_DAYS + int(rng.expovariate(1 / (mean_years * 365))))
        if left > today:
            yield joined, None
            return
        yield joined, left
        joined = min(left + timedelta(days=rng.randint(14, 120)), today)


def _member(
    rng: random.Random,
    group: Group,
    place: Place,
    joined: date,
    left: date | None,
    today: date,
    used_names: set[str],
    pick: tuple[str, str, str] | None,
) -> Person:
    """A member entrepreneur with a micro-business of the area."""
    if pick:
        name, company, field = pick
    else:
        language = _language(rng, place.kind)
        name = _unique_name(rng, language, used_names)
        field, company = _business(rng, place.kind, language, name)
    used_names.add(name)
    home = place
    if rng.random() > _HOME_MUNICIPALITY_SHARE:
        home = rng.choice([other for other in PLACES if (other.region, other.kind) == (place.region, place.kind)])
    can_host = rng.random() < _HOST_SHARE
    has_address = can_host or rng.random() < _ADDRESS_WITHOUT_HOSTING
    latest_consent = min(today, left or today)

    def consent() -> date | None:
        """A consent most members have given, within six weeks of joining (and not after leaving)."""
        return (
            min(joined + timedelta(days=rng.randint(0, 45)), latest_consent) if rng.random() < _CONSENT_SHARE else None
        )

    audio, research, contact = consent(), consent(), consent()  # drawn in this order, as the seed's demo always was
    return Person(
        id=record_id(rng),
        group_id=group.id,
        name=name,
        role=Role.MEMBER,
        company=company,
        business_field=field,
        municipality=home.name,
        email=_email(name, _company_domain(company)),
        phone=_phone(rng),
        can_host=can_host,
        premises_address=_address(rng, home) if has_address else "",
        joined=joined,
        left=left,
        audio_consent=audio,
        research_consent=research,
        contact_consent=contact,
    )


def _staff(
    rng: random.Random,
    group: Group,
    place: Place,
    role: Role,
    joined: date,
    left: date | None,
    used_names: set[str],
) -> Person:
    """A PBAS adviser or a university researcher; staff consent to everything when they start."""
    name = _unique_name(rng, "sv" if place.kind == "coast" else "fi", used_names)
    used_names.add(name)
    if role is Role.FACILITATOR:
        organisation, domain = ADVISORY[place.region]
        field, municipality = "business advisory", place.name
    else:
        organisation, domain, municipality = UNIVERSITY
        field = "research"
    return Person(
        id=record_id(rng),
        group_id=group.id,
        name=name,
        role=role,
        company=organisation,
        business_field=field,
        municipality=municipality,
        email=_email(name, domain),
        phone=_phone(rng),
        joined=joined,
        left=left,
        audio_consent=joined,
        research_consent=joined,
        contact_consent=joined,
    )


def _withhold_consents(rng: random.Random, people: list[Person], today: date) -> None:
    """Make sure a current member refuses recording and another contact sharing, as happens in
    every real group, so that features honouring consents always have someone to honour."""
    current = [person for person in people if person.is_current_member(today)]
    no_audio, no_contact = rng.sample(current, 2)
    no_audio.audio_consent = None
    no_contact.contact_consent = None


def _language(rng: random.Random, kind: str) -> str:
    mix = LANGUAGE_MIX[kind]
    return rng.choices([language for language, _weight in mix], [weight for _language, weight in mix])[0]


def _unique_name(rng: random.Random, language: str, used_names: set[str]) -> str:
    """A name nobody else in the group has, so rosters and attendance lists stay unambiguous."""
    while True:
        name = f"{rng.choice(FIRST_NAMES[language])} {rng.choice(LAST_NAMES[language])}"
        if name not in used_names:
            return name


def _business(rng: random.Random, kind: str, language: str, name: str) -> tuple[str, str]:
    """(business field, company name) of a trade found where the group meets."""
    first, *_, last = name.split()
    row = rng.choice([row for row in BUSINESSES if row[1] in TRADES_BY_KIND[kind]])
    # A Swede in a Finnish-speaking area names the firm in Finnish; the Finnish name is the fallback.
    if language == "sv" and kind != "coast":
        language = "fi"
    template = row[TEMPLATE_COLUMN[language]] or row[TEMPLATE_COLUMN["fi"]]
    return row[0], template.format(first=first, last=last)


_ASCII_FOLD = str.maketrans({"đ": "d", "ŋ": "n", "ŧ": "t", "ø": "o", "æ": "ae"})


def _ascii(text: str) -> str:
    """Lower-case letters and digits only, Sami and Nordic letters folded, as mail addresses use."""
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_ASCII_FOLD))
    return "".join(character for character in decomposed if character.isascii() and character.isalnum())


def _company_domain(company: str) -> str:
    return "".join(_ascii(word) for word in company.split() if word not in LEGAL_FORMS) + ".fi"


def _email(name: str, domain: str) -> str:
    first, *_, last = name.split()
    return f"{_ascii(first)}.{_ascii(last)}@{domain}"


def _phone(rng: random.Random) -> str:
    return f"+358 {rng.choice(MOBILE_PREFIXES)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"


def _address(rng: random.Random, place: Place) -> str:
    streets = STREETS["sv" if place.kind == "coast" else "fi"]
    return f"{rng.choice(streets)} {rng.randint(1, 60)}, {place.postcode} {place.post_town}"


def _date_between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, (last - first).days))
