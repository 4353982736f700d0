"""The demo network's raw material: places, advisory services, names, trades and streets of the
sparsely populated regions where the groups meet. Data only; :mod:`facilitator.demo` draws from it."""

from __future__ import annotations

from dataclasses import dataclass

from facilitator.i18n import _


@dataclass(frozen=True)
class Place:
    """A municipality a group meets in; ``kind`` decides the mix of languages and trades."""

    name: str
    region: str
    kind: str  # sami (Sami homeland), north, east, coast (Swedish-speaking)
    post_town: str
    postcode: str


# Interleaved so that even a small network shows the Sami north, the east and the Swedish coast;
# Inari comes first because it carries the Sami letters every demo must show.
PLACES = tuple(
    Place(*row)
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
ADVISORY = {
    "Lapland": ("Business Lapland advisory", "businesslapland.fi"),
    "Kainuu": ("Kainuun Etu", "kainuunetu.fi"),
    "North Karelia": ("Pielisen Karjalan Kehittämiskeskus PIKES", "pikes.fi"),
    "North Ostrobothnia": ("Koillis-Suomen Yrityspalvelut", "kosyp.fi"),
    "Ostrobothnia": ("Företagshuset Dynamo", "dynamo.fi"),
    "Central Ostrobothnia": ("Kokkolanseudun Kehitys KOSEK", "kosek.fi"),
    "Southwest Finland": ("Åbolands företagstjänster", "abolandsforetag.fi"),
}


def region_name(region: str) -> str:
    """The region as the language the demo is made in names it ("Lapland", "Lappi", "Lappland"):
    the stored label only; the demo's draws go by the English key, so a seed makes the same network
    in every language."""
    names = {
        "Lapland": _("Lapland"),
        "Kainuu": _("Kainuu"),
        "North Karelia": _("North Karelia"),
        "North Ostrobothnia": _("North Ostrobothnia"),
        "Ostrobothnia": _("Ostrobothnia"),
        "Central Ostrobothnia": _("Central Ostrobothnia"),
        "Southwest Finland": _("Southwest Finland"),
    }
    return names[region]


UNIVERSITY = ("Kerttu Saalasti Institute, University of Oulu", "oulu.fi", "Oulu")

GROUP_NAMES = {
    "sami": ("{place} peer group", "Yrittäjäryhmä {place}"),
    "north": ("Yrittäjäryhmä {place}", "{place} peer group", "Yrittäjäpiiri {place}"),
    "east": ("Yrittäjäryhmä {place}", "{place} peer group", "Yrittäjäpiiri {place}"),
    "coast": ("Företagargruppen {place}", "{place} peer group", "Företagarträffen {place}"),
}

#: How often a member's name is Finnish, Finland-Swedish or Northern Sami, by kind of place.
LANGUAGE_MIX = {
    "sami": (("fi", 45), ("sv", 5), ("se", 50)),
    "north": (("fi", 90), ("sv", 7), ("se", 3)),
    "east": (("fi", 95), ("sv", 5)),
    "coast": (("fi", 25), ("sv", 75)),
}

FIRST_NAMES = {
    "fi": [
        "Matti",
        "Aino",
        "Juha",
        "Sari",
        "Pekka",
        "Tiina",
        "Jari",
        "Minna",
        "Timo",
        "Anne",
        "Kari",
        "Leena",
        "Mikko",
        "Heli",
        "Antti",
        "Satu",
        "Ville",
        "Riikka",
        "Eero",
        "Kaisa",
        "Jussi",
        "Helmi",
        "Ilkka",
        "Päivi",
        "Tuomas",
        "Marjut",
        "Veikko",
        "Sanna",
        "Lauri",
        "Eila",
    ],
    "sv": [
        "Johan",
        "Ebba",
        "Anders",
        "Maria",
        "Mikael",
        "Linnea",
        "Henrik",
        "Sofia",
        "Fredrik",
        "Ida",
        "Kristian",
        "Emma",
        "Patrik",
        "Camilla",
        "Erik",
        "Hanna",
        "Mats",
        "Malin",
        "Jonas",
        "Sara",
    ],
    "se": [
        "Áilu",
        "Máret",
        "Ánde",
        "Biret",
        "Niillas",
        "Ristenne",
        "Piera",
        "Elle",
        "Heaika",
        "Sunná",
        "Ovllá",
        "Inger",
        "Jovnna",
        "Ásllat",
        "Káren",
        "Ingá",
        "Áslat",
        "Sanna",
    ],
}
LAST_NAMES = {
    "fi": [
        "Korhonen",
        "Heikkinen",
        "Virtanen",
        "Mäkinen",
        "Nieminen",
        "Kemppainen",
        "Kähkönen",
        "Tervo",
        "Pulkkinen",
        "Ahonen",
        "Lappalainen",
        "Karjalainen",
        "Hyvönen",
        "Keränen",
        "Väisänen",
        "Oikarinen",
        "Moilanen",
        "Huovinen",
        "Kyllönen",
        "Turunen",
        "Hiltunen",
        "Ojala",
        "Leinonen",
        "Partanen",
    ],
    "sv": [
        "Sjöberg",
        "Lindqvist",
        "Holmström",
        "Nyholm",
        "Backman",
        "Granqvist",
        "Söderlund",
        "Ek",
        "Westerlund",
        "Lindholm",
        "Björklund",
        "Sundqvist",
        "Forsman",
        "Stenberg",
        "Åkerman",
        "Blomqvist",
    ],
    "se": [
        "Niillas",
        "Sárá",
        "Gaup",
        "Guttorm",
        "Aikio",
        "Magga",
        "Valkeapää",
        "Länsman",
        "Näkkäläjärvi",
        "Helander",
        "Lukkari",
        "Ravna",
        "Palto",
        "Morottaja",
        "Juuso",
        "Labba",
        "Čuoŋ",
        "Đuđá",
    ],
}

#: The first six members of the first (Inari) group: together they show Č, Đ, Ŋ, Š, Ŧ and Ž,
#: which every demo must contain so that fonts, sorting and exports meet them.
SAMI_LETTER_PICKS = (
    ("Niillas Čuoŋ", "Čuovga Duodji", "handicrafts"),
    ("Ristenne Đuđá", "Đuđá Boazu", "reindeer meat processing"),
    ("Máret Sárá", "Ŋuolla Meahcci Safaris", "wilderness guiding"),
    ("Áilu Niillas", "Šiella Sauna", "sauna builder"),
    ("Biret Ravna Guttorm", "Ŧuolbma Guolli", "fishing tourism"),
    ("Ánde Gaup", "Žuolgu Gáffe", "café"),
)

#: Trades of the areas: (business field, where, Finnish, Swedish, Sami company name); an empty
#: name falls back to the Finnish one. "north" trades are not found on the Swedish coast and vice versa.
BUSINESSES = (
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
TRADES_BY_KIND = {"sami": {"any", "north"}, "north": {"any", "north"}, "east": {"any"}, "coast": {"any", "coast"}}
TEMPLATE_COLUMN = {"fi": 2, "sv": 3, "se": 4}
LEGAL_FORMS = {"Oy", "Ab", "Ky", "Tmi"}

STREETS = {
    "fi": [
        "Kirkkotie",
        "Koulutie",
        "Rantatie",
        "Teollisuustie",
        "Pajatie",
        "Myllytie",
        "Kauppatie",
        "Sahatie",
        "Asematie",
        "Jokitie",
        "Tunturitie",
        "Kaarretie",
    ],
    "sv": [
        "Kyrkvägen",
        "Strandvägen",
        "Skolvägen",
        "Industrivägen",
        "Hamnvägen",
        "Storgatan",
        "Bygatan",
        "Åsvägen",
        "Handelsvägen",
        "Sågvägen",
    ],
}
MOBILE_PREFIXES = ("40", "44", "45", "50")
