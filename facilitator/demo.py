"""A realistic demo network, so the app can be tried, shown and benchmarked without real people's data.

Everything is drawn from one ``random.Random(seed)``: the same arguments always give the same
network, record ids included, so demos, tests and benchmarks are repeatable.
"""

from __future__ import annotations

import random
import unicodedata
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from facilitator.demo_history import demo_pattern, group_history
from facilitator.demo_preparation import prepare_upcoming
from facilitator.model.absence import Absence
from facilitator.model.agenda import AgendaItem
from facilitator.model.group import Group
from facilitator.model.meeting import Meeting
from facilitator.model.person import CONSENT_FIELDS, Person, Role


@dataclass
class DemoNetwork:
    """The groups and everyone who has ever been on their rosters (former members included), the
    groups' meetings (held in the past, planned for the season ahead) and members' absences."""

    groups: list[Group]
    people: list[Person]
    meetings: list[Meeting] = field(default_factory=list)
    absences: list[Absence] = field(default_factory=list)
    agenda_items: list[AgendaItem] = field(default_factory=list)


@dataclass(frozen=True)
class _Place:
    """A municipality a group meets in; ``kind`` decides the mix of languages and trades."""

    name: str
    region: str
    kind: str  # sami (Sami homeland), north, east, coast (Swedish-speaking)
    post_town: str
    postcode: str


# Interleaved so that even a small network shows the Sami north, the east and the Swedish coast;
# Inari comes first because it carries the Sami letters every demo must show.
_PLACES = tuple(
    _Place(*row)
    for row in (
        ("Inari", "Lapland", "sami", "Ivalo", "99800"),
        ("Kuhmo", "Kainuu", "north", "Kuhmo", "88900"),
        ("Närpes", "Ostrobothnia", "coast", "Närpes", "64200"),
        ("Utsjoki", "Lapland", "sami", "Utsjoki", "99980"),
        ("Lieksa", "North Karelia", "east", "Lieksa", "81700"),
        ("Pargas", "Southwest Finland", "coast", "Pargas", "21600"),
        ("Sodankylä", "Lapland", "sami", "Sodankylä", "99600"),
        ("Suomussalmi", "Kainuu", "north", "Suomussalmi", "89600"),
        ("Kristinestad", "Ostrobothnia", "coast", "Kristinestad", "64100"),
        ("Taivalkoski", "North Ostrobothnia", "north", "Taivalkoski", "93400"),
        ("Enontekiö", "Lapland", "sami", "Enontekiö", "99400"),
        ("Ilomantsi", "North Karelia", "east", "Ilomantsi", "82900"),
        ("Kronoby", "Central Ostrobothnia", "coast", "Kronoby", "68500"),
        ("Kittilä", "Lapland", "north", "Kittilä", "99100"),
        ("Hyrynsalmi", "Kainuu", "north", "Hyrynsalmi", "89400"),
        ("Kimitoön", "Southwest Finland", "coast", "Kimito", "25700"),
        ("Salla", "Lapland", "north", "Salla", "98900"),
        ("Nurmes", "North Karelia", "east", "Nurmes", "75500"),
        ("Pudasjärvi", "North Ostrobothnia", "north", "Pudasjärvi", "93100"),
        ("Savukoski", "Lapland", "north", "Savukoski", "98800"),
        ("Puolanka", "Kainuu", "north", "Puolanka", "89200"),
        ("Pelkosenniemi", "Lapland", "north", "Pelkosenniemi", "98500"),
    )
)

#: The regional business advisory service (PBAS) of each region, and its mail domain.
_ADVISORY = {
    "Lapland": ("Business Lapland advisory", "businesslapland.fi"),
    "Kainuu": ("Kainuun Etu", "kainuunetu.fi"),
    "North Karelia": ("Pielisen Karjalan Kehittämiskeskus PIKES", "pikes.fi"),
    "North Ostrobothnia": ("Koillis-Suomen Yrityspalvelut", "kosyp.fi"),
    "Ostrobothnia": ("Företagshuset Dynamo", "dynamo.fi"),
    "Central Ostrobothnia": ("Kokkolanseudun Kehitys KOSEK", "kosek.fi"),
    "Southwest Finland": ("Åbolands företagstjänster", "abolandsforetag.fi"),
}
_UNIVERSITY = ("Kerttu Saalasti Institute, University of Oulu", "oulu.fi", "Oulu")

_GROUP_NAMES = {
    "sami": ("{place} peer group", "Yrittäjäryhmä {place}"),
    "north": ("Yrittäjäryhmä {place}", "{place} peer group", "Yrittäjäpiiri {place}"),
    "east": ("Yrittäjäryhmä {place}", "{place} peer group", "Yrittäjäpiiri {place}"),
    "coast": ("Företagargruppen {place}", "{place} peer group", "Företagarträffen {place}"),
}

#: How often a member's name is Finnish, Finland-Swedish or Northern Sami, by kind of place.
_LANGUAGE_MIX = {
    "sami": (("fi", 45), ("sv", 5), ("se", 50)),
    "north": (("fi", 90), ("sv", 7), ("se", 3)),
    "east": (("fi", 95), ("sv", 5)),
    "coast": (("fi", 25), ("sv", 75)),
}

_FIRST_NAMES = {
    "fi": "Matti Aino Juha Sari Pekka Tiina Jari Minna Timo Anne Kari Leena Mikko Heli Antti Satu Ville "
    "Riikka Eero Kaisa Jussi Helmi Ilkka Päivi Tuomas Marjut Veikko Sanna Lauri Eila".split(),
    "sv": "Johan Ebba Anders Maria Mikael Linnea Henrik Sofia Fredrik Ida Kristian Emma Patrik Camilla "
    "Erik Hanna Mats Malin Jonas Sara".split(),
    "se": "Áilu Máret Ánde Biret Niillas Ristenne Piera Elle Heaika Sunná Ovllá Inger Jovnna Ásllat "
    "Káren Ingá Áslat Sanna".split(),
}
_LAST_NAMES = {
    "fi": "Korhonen Heikkinen Virtanen Mäkinen Nieminen Kemppainen Kähkönen Tervo Pulkkinen Ahonen "
    "Lappalainen Karjalainen Hyvönen Keränen Väisänen Oikarinen Moilanen Huovinen Kyllönen Turunen "
    "Hiltunen Ojala Leinonen Partanen".split(),
    "sv": "Sjöberg Lindqvist Holmström Nyholm Backman Granqvist Söderlund Ek Westerlund Lindholm "
    "Björklund Sundqvist Forsman Stenberg Åkerman Blomqvist".split(),
    "se": "Niillas Sárá Gaup Guttorm Aikio Magga Valkeapää Länsman Näkkäläjärvi Helander Lukkari "
    "Ravna Palto Morottaja Juuso Labba Čuoŋ Đuđá".split(),
}

#: The first six members of the first (Inari) group: together they show Č, Đ, Ŋ, Š, Ŧ and Ž,
#: which every demo must contain so that fonts, sorting and exports meet them.
_SAMI_LETTER_PICKS = (
    ("Niillas Čuoŋ", "Čuovga Duodji", "handicrafts"),
    ("Ristenne Đuđá", "Đuđá Boazu", "reindeer meat processing"),
    ("Máret Sárá", "Ŋuolla Meahcci Safaris", "wilderness guiding"),
    ("Áilu Niillas", "Šiella Sauna", "sauna builder"),
    ("Biret Ravna Guttorm", "Ŧuolbma Guolli", "fishing tourism"),
    ("Ánde Gaup", "Žuolgu Gáffe", "café"),
)

#: Trades of the areas: (business field, where, Finnish, Swedish, Sami company name); an empty
#: name falls back to the Finnish one. "north" trades are not found on the Swedish coast and vice versa.
_BUSINESSES = (
    ("reindeer meat processing", "north", "Poroliha {last} Oy", "", "{last} Boazu"),
    ("wilderness guiding", "north", "Erä-{last} Oy", "", "Meahcci {last}"),
    ("husky safaris", "north", "Husky-{last} Ky", "", ""),
    ("archipelago guiding", "coast", "Saaristo-opas {last}", "Skärgårdsguide {last}", ""),
    ("greenhouse vegetables", "coast", "Kasvihuone {last}", "Växthus {last} Ab", ""),
    ("fish processing", "any", "Kalajaloste {last} Oy", "Fiskförädling {last} Ab", ""),
    ("fishing tourism", "any", "Kalastusmatkailu {last}", "Fisketurism {last} Ab", "Guolli {last}"),
    ("berry farm", "any", "Marjatila {last}", "Bärgård {last}", ""),
    ("sauna builder", "any", "Saunarakennus {last} Oy", "Bastubygge {last} Ab", ""),
    ("log house builder", "any", "Hirsirakenne {last} Oy", "Timmerhus {last} Ab", ""),
    ("carpentry", "any", "Puusepänliike {last}", "Snickeri {last} Ab", ""),
    ("blacksmith", "any", "Takomo {last}", "Smedja {last}", ""),
    ("bakery", "any", "Leipomo {last} Ky", "Bageri {last} Ab", ""),
    ("café", "any", "Kahvila {first}", "Café {first}", "Gáffe {first}"),
    ("hairdresser", "any", "Parturi-Kampaamo {first}", "Frisersalong {first}", ""),
    ("handicrafts", "any", "Käsityöpaja {last}", "Hantverk {first} {last}", "Duodji {first} {last}"),
    ("accounting office", "any", "Tilitoimisto {last} Oy", "Bokföringsbyrå {last} Ab", ""),
    ("electrical contractor", "any", "Sähkö-{last} Oy", "El-{last} Ab", ""),
    ("car repair", "any", "Autokorjaamo {last}", "Bilverkstad {last}", ""),
    ("guesthouse", "any", "Majatalo {last}", "Gästhem {last}", ""),
    ("photography", "any", "Kuvaamo {first} {last}", "Fotograf {first} {last}", ""),
    ("graphic design", "any", "Mainostoimisto {last}", "Reklambyrå {last}", ""),
    ("forestry services", "any", "Metsäpalvelu {last} Ky", "Skogstjänst {last} Ab", ""),
)
_TRADES_BY_KIND = {"sami": {"any", "north"}, "north": {"any", "north"}, "east": {"any"}, "coast": {"any", "coast"}}
_TEMPLATE_COLUMN = {"fi": 2, "sv": 3, "se": 4}
_LEGAL_FORMS = {"Oy", "Ab", "Ky", "Tmi"}

_STREETS = {
    "fi": "Kirkkotie Koulutie Rantatie Teollisuustie Pajatie Myllytie Kauppatie Sahatie Asematie Jokitie "
    "Tunturitie Kaarretie".split(),
    "sv": "Kyrkvägen Strandvägen Skolvägen Industrivägen Hamnvägen Storgatan Bygatan Åsvägen "
    "Handelsvägen Sågvägen".split(),
}
_MOBILE_PREFIXES = ("40", "44", "45", "50")

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


def generate_network(*, groups: int = 3, years: int = 2, seed: int = 1, today: date) -> DemoNetwork:
    """``groups`` peer groups whose history began ``years`` years before ``today``.

    Members joined over that span and some left and were replaced, so a long history has many
    former members while each group keeps 8–16 current ones. Each group met by its pattern from
    the start to yesterday, hosts taking turns by the fair rotation, and has its season planned up
    to the next 31 May (see :mod:`facilitator.demo_history`). Record metadata (created_at,
    revision…) is left for the repository to stamp on save.
    """
    if groups < 1:
        raise ValueError("A demo network needs at least one group.")
    if years < 0:
        raise ValueError("A demo network cannot start in the future.")
    rng = random.Random(seed)
    start = _years_before(today, years)
    network = DemoNetwork(groups=[], people=[])
    for index in range(groups):
        place = _PLACES[index % len(_PLACES)]
        group = _group(rng, place, round_=index // len(_PLACES), pattern_index=index)
        letter_picks = _SAMI_LETTER_PICKS if index == 0 else ()
        network.groups.append(group)
        network.people += _roster(rng, group, place, start, today, letter_picks)
    # Meetings are drawn after every roster, so the people stay those of the same seed without them.
    for index, group in enumerate(network.groups):
        people = [person for person in network.people if person.group_id == group.id]
        meetings, absences = group_history(
            rng, lambda: _record_id(rng), group, people, start, today, hand_swap=index == 0
        )
        network.absences += absences
        # Preparation draws from its own generator, so the history stays that of the same seed.
        preparing = random.Random(f"{seed}-{index}-preparation")
        meetings, agenda = prepare_upcoming(preparing, meetings, people, lambda: _record_id(preparing))
        network.meetings += meetings
        network.agenda_items += agenda
    return network


def _group(rng: random.Random, place: _Place, round_: int, pattern_index: int) -> Group:
    """A group of ``place``; later rounds through the municipalities get a number to stay unique."""
    name = rng.choice(_GROUP_NAMES[place.kind]).format(place=place.name)
    if round_:
        name = f"{name} {round_ + 1}"
    return Group(
        id=_record_id(rng),
        name=name,
        region=place.region,
        municipality=place.name,
        pbas_organisation=_ADVISORY[place.region][0],
        pattern=demo_pattern(pattern_index),
    )


def _roster(
    rng: random.Random,
    group: Group,
    place: _Place,
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
    place: _Place,
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
        home = rng.choice([other for other in _PLACES if (other.region, other.kind) == (place.region, place.kind)])
    can_host = rng.random() < _HOST_SHARE
    has_address = can_host or rng.random() < _ADDRESS_WITHOUT_HOSTING
    latest_consent = min(today, left or today)
    consents = {
        field_name: min(joined + timedelta(days=rng.randint(0, 45)), latest_consent)
        if rng.random() < _CONSENT_SHARE
        else None
        for field_name in CONSENT_FIELDS
    }
    return Person(
        id=_record_id(rng),
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
        **consents,
    )


def _staff(
    rng: random.Random,
    group: Group,
    place: _Place,
    role: Role,
    joined: date,
    left: date | None,
    used_names: set[str],
) -> Person:
    """A PBAS adviser or a university researcher; staff consent to everything when they start."""
    name = _unique_name(rng, "sv" if place.kind == "coast" else "fi", used_names)
    used_names.add(name)
    if role is Role.FACILITATOR:
        organisation, domain = _ADVISORY[place.region]
        field, municipality = "business advisory", place.name
    else:
        organisation, domain, municipality = _UNIVERSITY
        field = "research"
    return Person(
        id=_record_id(rng),
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
        **{field_name: joined for field_name in CONSENT_FIELDS},
    )


def _withhold_consents(rng: random.Random, people: list[Person], today: date) -> None:
    """Make sure a current member refuses recording and another contact sharing, as happens in
    every real group, so that features honouring consents always have someone to honour."""
    current = [person for person in people if person.is_current_member(today)]
    no_audio, no_contact = rng.sample(current, 2)
    no_audio.audio_consent = None
    no_contact.contact_consent = None


def _language(rng: random.Random, kind: str) -> str:
    languages, weights = zip(*_LANGUAGE_MIX[kind])
    return rng.choices(languages, weights)[0]


def _unique_name(rng: random.Random, language: str, used_names: set[str]) -> str:
    """A name nobody else in the group has, so rosters and attendance lists stay unambiguous."""
    while True:
        name = f"{rng.choice(_FIRST_NAMES[language])} {rng.choice(_LAST_NAMES[language])}"
        if name not in used_names:
            return name


def _business(rng: random.Random, kind: str, language: str, name: str) -> tuple[str, str]:
    """(business field, company name) of a trade found where the group meets."""
    first, *_, last = name.split()
    row = rng.choice([row for row in _BUSINESSES if row[1] in _TRADES_BY_KIND[kind]])
    # A Swede in a Finnish-speaking area names the firm in Finnish; the Finnish name is the fallback.
    if language == "sv" and kind != "coast":
        language = "fi"
    template = row[_TEMPLATE_COLUMN[language]] or row[_TEMPLATE_COLUMN["fi"]]
    return row[0], template.format(first=first, last=last)


_ASCII_FOLD = str.maketrans({"đ": "d", "ŋ": "n", "ŧ": "t", "ø": "o", "æ": "ae"})


def _ascii(text: str) -> str:
    """Lower-case letters and digits only, Sami and Nordic letters folded, as mail addresses use."""
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_ASCII_FOLD))
    return "".join(character for character in decomposed if character.isascii() and character.isalnum())


def _company_domain(company: str) -> str:
    return "".join(_ascii(word) for word in company.split() if word not in _LEGAL_FORMS) + ".fi"


def _email(name: str, domain: str) -> str:
    first, *_, last = name.split()
    return f"{_ascii(first)}.{_ascii(last)}@{domain}"


def _phone(rng: random.Random) -> str:
    return f"+358 {rng.choice(_MOBILE_PREFIXES)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"


def _address(rng: random.Random, place: _Place) -> str:
    streets = _STREETS["sv" if place.kind == "coast" else "fi"]
    return f"{rng.choice(streets)} {rng.randint(1, 60)}, {place.postcode} {place.post_town}"


def _record_id(rng: random.Random) -> str:
    """A UUID drawn from the seeded generator, so that a demo's ids are repeatable too."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _date_between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, (last - first).days))


def _years_before(today: date, years: int) -> date:
    """The same day ``years`` years earlier (28 February for a leap day)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)
