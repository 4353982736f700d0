"""The name hider finds exactly what a plain longest-first search finds, only faster.

:class:`~facilitator.names.NameHider` searches with one regular expression whose forms share their
beginnings (a trie), leaves out the shown names that cannot cover a name to change, and folds text
through a table. Here it is checked against the first way it was written, kept below as a
reference: every folded form in one flat alternation sorted longest first, text folded letter by
letter with :func:`facilitator.text.fold`. Both run on thousands of generated texts and name sets
(fixed seeds): inflected, possessive, multi-word and shortened names, names that begin, contain or
run on into other names, accents given or left out, decomposed letters, names starting a sentence,
punctuation and regular expression characters in names, empty namings.
"""

from __future__ import annotations

import random
import re
import unicodedata

from facilitator.names import _ENDINGS, NameHider, name_forms
from facilitator.text import fold

# -- the reference: the flat longest-first alternation ---------------------------------------------


def _reference_hider(namings: dict[str, str | None]):
    forms = sorted(namings, key=len, reverse=True)
    endings = "|".join(re.escape(fold(ending)) for ending in sorted(set(_ENDINGS), key=len, reverse=True))
    alternatives = "|".join(re.escape(form) for form in forms)
    pattern = re.compile(rf"(?<!\w)({alternatives})((?:['’:]?(?:{endings}))?)(?!\w)") if alternatives else None

    def hide(text: str) -> str:
        text = unicodedata.normalize("NFC", text)
        if pattern is None:
            return text
        pieces = [fold(character) for character in text]
        offsets = [index for index, piece in enumerate(pieces) for _ in piece] + [len(text)]
        out, cursor = [], 0
        for match in pattern.finditer("".join(pieces)):
            replacement = namings[match.group(1)]
            if replacement is None:
                continue
            start, name_end, end = offsets[match.start()], offsets[match.end(1)], offsets[match.end()]
            ending = text[name_end:end]
            ending = ending if re.fullmatch(r"['’]s", ending) else ""
            before = text[:start].rstrip()
            if not before or before[-1] in ".!?:":
                replacement = replacement[:1].upper() + replacement[1:]
            out += [text[cursor:start], replacement + ending]
            cursor = end
        out.append(text[cursor:])
        return "".join(out)

    return hide


# -- generated names and texts ---------------------------------------------------------------------

PEOPLE = [
    "Anna",
    "Annamari",
    "Anna Maria",
    "Anna Maria Berg",
    "Anni",
    "Ann",
    "Anna Berg",
    "Anna-Liisa Ek",
    "Áilu Čuoŋ",
    "Ailu Juuso",
    "Čuoŋ",
    "Biret Ravna Guttorm",
    "Ravna",
    "Ánde Ŧeahkká",
    "Žaná Sámmol",
    "Matti Hyvönen",
    "Mattias Öberg",
    "Mat",
    "Lars Åberg",
    "Åsa",
    "Jussi Kemppainen",
    "Ida",
    "Ei",
    "Niillas Valkeapää",
    "Straße Groß",
    "Jo",
    "O'Brien",
    "D'Artagnan Lindqvist",
    "Maria Berg",
    "Berg",
    "Han",
    "S",
    "I",
    "A",
    "Sanna",
    "Ina",
    "Hanna",
]
ORGANISATIONS = [
    "Žaná's Bakery & Café",
    "Žaná's Bakery",
    "A+B Oy",
    "(Tmi) Virta",
    "Berg Bakery Oy",
    "Anna Maria Design",
    "Čuoŋ Duodji",
    "Visit Inari",
    "Hyvösen Puu Oy",
    "C++ Koodi [Ky]",
    "Ek & Co.",
    "$1 Kauppa",
    "Ry|Yhdistys",
    "Anna",
    "Oy Ab",
    "Oy A",
    "St. Anna's",
    "Ŧuolbma Guolli",
    "Guest-81BC0D",
    "Member-3F9A2C",
    "A Parcel Company",
    "En Route Oy",
    "'s Gravenhage",
    ":n Kauppa",
    "Anna Berg Oy",
    "The Regional Development",
    "Development Anna Berg",
    "Oy Anna",
    "Berg-Anna Ky",
    "Anna's Café",
    "Maria Berg & Anna",
    "Regional Bus",
]
MARKS = ["", "", "", "'", "’", ":"]
ENDINGS = [*_ENDINGS, "", "", "", "", "s", "kin", "ssakin", "x", "'"]
JOINERS = [" ", " ", " ", " ", "", "", ", ", ". ", "! ", ": ", "\n", " (", ") ", "-", " & ", "'", "’s "]
WORDS = ["and", "the", "ja", "och", "sold", "anna", "Oy", "Ab", "Berg", "on", "3", "_", "regional", "a", "s"]


def _spelled(name: str, rng: random.Random) -> str:
    """``name`` as someone might type it: case, accents left out, letters decomposed."""
    choice = rng.random()
    if choice < 0.15:
        name = name.upper()
    elif choice < 0.3:
        name = name.lower()
    elif choice < 0.4:
        name = fold(name)
    if rng.random() < 0.15:
        name = unicodedata.normalize("NFD", name)
    if rng.random() < 0.05:
        name = name.replace(" ", rng.choice(["  ", "\u00a0", " \n"]))
    return name


def _text(names: list[str], rng: random.Random) -> str:
    """Names (mostly of ``names``), inflected or not, and words, joined closely or not at all."""
    parts = []
    for _ in range(rng.randint(1, 9)):
        if rng.random() < 0.7:
            name = rng.choice(names) if names and rng.random() < 0.8 else rng.choice(PEOPLE + ORGANISATIONS)
            if names and rng.random() < 0.3:
                name = _run_on(name, rng.choice(names))
            part = _spelled(name, rng) + rng.choice(MARKS) + rng.choice(ENDINGS)
        else:
            part = rng.choice(WORDS)
        if rng.random() < 0.05:
            part = rng.choice(["x", "9", "_", "é", "ß", "ﬁ", "\u0301"]) + part  # glued to a word
        parts += [part, rng.choice(JOINERS)]
    return "".join(parts)


def _run_on(name: str, other: str) -> str:
    """``name`` running on into ``other`` where it ends as ``other`` begins ("Anna Maria Berg" from
    "Anna Maria" and "Maria Berg"), else ``name``."""
    for shared in range(min(len(name), len(other)) - 1, 0, -1):
        if fold(name[-shared:]) == fold(other[:shared]):
            return name + other[shared:]
    return name


def _namings(rng: random.Random) -> tuple[dict[str, str | None], list[str]]:
    """Namings of a group, and the names they come from."""
    people = rng.sample(PEOPLE, rng.randint(0, 10))
    organisations = rng.sample(ORGANISATIONS, rng.randint(0, 6))
    names = people + organisations
    if rng.random() < 0.5:  # folded forms as they are, not through name_forms, now and then an empty one
        forms = [fold(name) for name in names] + [""] * (rng.random() < 0.05)
        return {form: rng.choice([None, None, f"<{index}>", "a member"]) for index, form in enumerate(forms)}, names
    hidden = [(name, rng.choice([f"<{index}>", "a member", "Member-3F9A2C"])) for index, name in enumerate(people)]
    namings = name_forms(
        hidden[: len(hidden) // 2 + 1] if hidden else [],
        [name for name in people if rng.random() < 0.4],
        organisations,
        ambiguous="a member",
        hidden_organisations=[(name, f"[{name}]") for name in organisations if rng.random() < 0.3],
    )
    return namings, names


def test_the_hider_finds_and_replaces_exactly_what_the_flat_longest_first_search_does() -> None:
    rng = random.Random(15)
    compared = replaced = 0
    for _ in range(600):
        namings, names = _namings(rng)
        hider, reference = NameHider(namings), _reference_hider(namings)
        for _ in range(25):
            text = _text(names, rng)
            expected = reference(text)
            assert hider(text) == expected, (namings, text)
            compared += 1
            replaced += expected != unicodedata.normalize("NFC", text)
    assert compared == 15_000 and replaced > 5_000  # the texts did name people


#: Forms of a few letters and marks begin, contain and run on into one another, and into endings,
#: far more often than real names do; now and then one begins like an ending ("s", "i", "'").
FEW_LETTERS = ["b", "c", "d", "o", "bo", " ", " ", "+", ".", "&"]
LIKE_ENDINGS = ["s", "i", "'", ":"]
FEW_ENDINGS = ["n", "sta", "ista", "'s", ":n", "ssa"]


def _few_letter_forms(rng: random.Random) -> set[str]:
    if rng.random() < 0.5:  # words of names, as "Anna Maria", "Maria Berg", "Berg"
        return {" ".join(rng.choices(["bo", "c", "d", "do"], k=rng.randint(1, 3))) for _ in range(rng.randint(1, 6))}
    letters = FEW_LETTERS + [rng.choice(LIKE_ENDINGS)] * (rng.random() < 0.4)
    return {"".join(rng.choices(letters, k=rng.randint(1, 4))).strip() for _ in range(rng.randint(1, 6))}


def _few_letter_text(forms: list[str], rng: random.Random) -> str:
    text = ""
    for _ in range(rng.randint(1, 6)):
        if rng.random() < 0.6:
            piece = rng.choice(forms) + rng.choice(["", "", "", ":", "'"]) + rng.choice(["", "", "n", "ista"])
        else:
            piece = rng.choice(FEW_LETTERS + LIKE_ENDINGS + FEW_ENDINGS)
        text = _run_on(text, piece) if rng.random() < 0.3 else text + rng.choice(["", " ", " ", "+"]) + piece
    return text


def test_the_hider_agrees_with_the_flat_search_on_forms_made_of_a_few_letters_and_marks() -> None:
    rng = random.Random(4)
    for _ in range(3_000):
        forms = _few_letter_forms(rng)
        namings = {form: rng.choice([None, None, f"<{form}>"]) for form in forms if form or rng.random() < 0.1}
        hider, reference = NameHider(namings), _reference_hider(namings)
        for _ in range(20):
            text = _few_letter_text(sorted(forms), rng)
            assert hider(text) == reference(text), (namings, text)


def test_every_form_wins_over_those_it_begins_with_as_in_the_flat_search() -> None:
    forms = ["anna", "annamari", "anna maria", "anna maria berg", "ann", "anni", "a", "an"]
    namings: dict[str, str | None] = {form: f"<{form}>" for form in forms}
    hider = NameHider(namings)
    assert hider("Anna Maria Berg, Anna Marian, Annamarin, Anni's, Annas. ann anna berg") == (
        "<anna maria berg>, <anna maria>, <annamari>, <anni>'s, <anna>. <ann> <anna> berg"
    )
    texts = ["anna maria bergin", "anna mariax", "annamaris", "an anna", "a an ann anna annamari", "anna:lle"]
    reference = _reference_hider(namings)
    assert [hider(text) for text in texts] == [reference(text) for text in texts]


def test_a_name_left_as_typed_still_keeps_what_it_covers_as_typed() -> None:
    # The hider searches only for the shown names that could cover a name to change: these do.
    cases = [
        ({"anna": "<a>", "anna maria berg": None}, "Anna Maria Berg and Anna", "Anna Maria Berg and <a>"),
        ({"berg": "<b>", "anna berg oy": None}, "Anna Berg Oy, Bergin", "Anna Berg Oy, <b>"),
        # "Anna Maria" covers the start of "Maria Berg", which would cover "Berg"
        ({"berg": "<b>", "maria berg": None, "anna maria": None}, "Anna Maria Berg", "Anna Maria <b>"),
        ({"b+c oy": "<bc>", "oy b": None}, "Oy B+C Oy", "Oy B+C Oy"),  # its last letter
        # a name that could start in the ending after a shown one: after its mark, or as its first letters
        ({"'s gravenhage": "<g>", "ek & co.": None}, "Ek & Co.'s Gravenhage", "Ek & Co.'s Gravenhage"),
        ({"i": "<i>", "virta": None}, "Virta:ista, I", "Virta:ista, <i>"),
    ]
    for namings, text, expected in cases:
        assert NameHider(namings)(text) == expected == _reference_hider(namings)(text), text


def test_an_organisation_of_very_many_words_is_still_found_by_its_longest_shortening() -> None:
    words = [f"w{index}" for index in range(150)]
    organisation = " ".join(words)
    namings = name_forms([], [], [], ambiguous="a member", hidden_organisations=[(organisation, "<org>")])
    hider, reference = NameHider(namings), _reference_hider(namings)
    rng = random.Random(150)
    for length in [150, 149, 120, 101, 100, 99, 50, 2, 1] + [rng.randint(1, 150) for _ in range(20)]:
        text = f"Then {' '.join(words[:length])}n came, and {' '.join(words[:length])}x did not"
        assert hider(text) == reference(text), length


def test_no_names_or_only_an_empty_one_hide_nothing() -> None:
    for namings in ({}, {"": "<empty>"}):
        assert NameHider(namings)("Anna\u0301 meets Berg.") == "Anná meets Berg."


def test_names_are_folded_as_the_text_they_are_searched_in() -> None:
    rng = random.Random(7)
    letters = "aAáÁčČŋŊđĐŧŦžŽåÅäÄöÖßẞﬁĳǅ\u0301\u0308 -'’.&+(İıΣσς"
    for _ in range(2_000):
        name = "".join(rng.choice(letters) for _ in range(rng.randint(1, 12)))
        expected = fold(unicodedata.normalize("NFC", " ".join(name.split())))
        assert not expected or expected in name_forms([(name, "x")], [], [], ambiguous="y"), name
