"""What came of the demo network's meetings and what the members said in their growth interviews:
the memo lines that can come to an outcome (a hire, exports, a joint campaign, a new product, an
investment, new premises) with how the outcome is described, and the words of the interviews.

Data only, like :mod:`facilitator.demo.memo_texts`, whose lines it names by their text (with the
placeholders); :mod:`facilitator.demo.development` draws from it. In English: the demo's content,
not the app's interface.
"""

from __future__ import annotations

from dataclasses import dataclass

from facilitator.model import Barrier, OutcomeKind


@dataclass(frozen=True)
class Sequel:
    """What a memo line may come to: an outcome in the business of the member in placeholder
    ``whose``, ``share`` of the times it is written, some ``weeks`` (shortest, longest) after the
    meeting. ``descriptions`` may name the other member of the line as ``{other}``. A hire is
    written as FIRST_EMPLOYEE and becomes MORE_STAFF for a firm that already employs."""

    kind: OutcomeKind
    whose: str
    share: float
    weeks: tuple[int, int]
    descriptions: tuple[str, ...]


_SOON, _LATER = (3, 16), (6, 40)

HIRE, EXPORT, JOINT = OutcomeKind.FIRST_EMPLOYEE, OutcomeKind.EXPORT, OutcomeKind.JOINT
PRODUCT, SEGMENT = OutcomeKind.NEW_PRODUCT, OutcomeKind.NEW_SEGMENT
INVESTMENT, PREMISES = OutcomeKind.INVESTMENT, OutcomeKind.PREMISES

#: The memo lines that can come to an outcome, by their text.
SEQUELS: dict[str, Sequel] = {
    # -- hires
    "{host} hires a summer worker for three months as a trial": Sequel(
        HIRE,
        "host",
        0.7,
        _SOON,
        (
            "Hired a summer worker for three months; kept on part-time after the trial.",
            "The trial summer worker stayed on; orders no longer turned away.",
        ),
    ),
    "{a} will ask the employment office about the pay subsidy": Sequel(
        HIRE,
        "a",
        0.55,
        _SOON,
        ("Hired with the employment office's pay subsidy, as the group suggested.",),
    ),
    "{host} needs help with the first employment contract": Sequel(
        HIRE,
        "host",
        0.5,
        _LATER,
        ("Signed the first employment contract; the facilitator went through it beforehand.",),
    ),
    "{b} sends {host} the model employment contract": Sequel(
        HIRE,
        "host",
        0.5,
        _SOON,
        ("Hired a worker on the model contract {other} sent.",),
    ),
    "{a} needs a worker for the summer season only": Sequel(
        HIRE,
        "a",
        0.4,
        _LATER,
        ("A seasonal worker from May to September, found through the group's contacts.",),
    ),
    "{a} needs a second pair of hands for log work in summer": Sequel(
        HIRE,
        "a",
        0.4,
        _LATER,
        ("Hired a builder's assistant for the log work of the summer.",),
    ),
    "{host} would like to grow but not to become an employer overnight": Sequel(
        HIRE,
        "host",
        0.2,
        _LATER,
        ("Took on a part-time employee after a year of thinking it over with the group.",),
    ),
    # -- exports
    "{a} asks about VAT on sales to other EU countries; {host} knows the OSS scheme": Sequel(
        EXPORT,
        "a",
        0.55,
        _LATER,
        (
            "First web-shop orders from Sweden and Germany; the VAT goes through the OSS scheme as {other} showed.",
            "Sells to customers in Sweden through the web shop; {other}'s advice on the OSS scheme made it simple.",
        ),
    ),
    "{host} needs help with product photos and texts in English and German": Sequel(
        EXPORT,
        "host",
        0.5,
        _LATER,
        ("The web shop in English and German; the first orders came from Germany and Norway.",),
    ),
    "{a} asks who has dealt with Asian operators; {b} has, through the travel fair in Helsinki": Sequel(
        EXPORT,
        "a",
        0.45,
        _LATER,
        ("First contract with a foreign tour operator, through {other}'s contact from the travel fair.",),
    ),
    "{a} needs a freight price for pallets to Sweden and Norway": Sequel(
        EXPORT,
        "a",
        0.6,
        _LATER,
        (
            "First pallets to a wholesaler in Luleå, Sweden; the freight goes with a return lorry.",
            "Delivers to two shops in Tromsø, Norway, every other week.",
        ),
    ),
    "{a} needs help with the labelling rules for jam sold in Sweden and Norway": Sequel(
        EXPORT,
        "a",
        0.6,
        _LATER,
        ("Jam with Swedish and Norwegian labels on the shelves of three shops in Haparanda and Kirkenes.",),
    ),
    # -- joint campaigns and purchases
    "{a} books the stand at the Christmas market for the group": Sequel(
        JOINT,
        "a",
        0.25,
        _SOON,
        ("The group's shared stand at the Christmas market: five members, one stand, costs split.",),
    ),
    "{a} collects the members' orders for the joint packaging purchase": Sequel(
        JOINT,
        "a",
        0.25,
        _SOON,
        ("The joint packaging order went through; the members paid a third less than alone.",),
    ),
    "{a} asks the municipality about a joint stand at the summer fair": Sequel(
        JOINT,
        "a",
        0.2,
        _LATER,
        ("A joint stand at the summer fair with the municipality's help.",),
    ),
    "{a} drafts the winter weekend programme with {host}": Sequel(
        JOINT,
        "a",
        0.25,
        _SOON,
        ("The joint winter weekend ran with {other}: forty visitors in two days.",),
    ),
    "{a} collects the members' texts and photos for the leaflet": Sequel(
        JOINT,
        "a",
        0.25,
        _SOON,
        ("The members' joint summer leaflet, 5 000 copies in the tourist offices.",),
    ),
    "{a} and {b} share the van for deliveries to Oulu": Sequel(
        JOINT,
        "a",
        0.25,
        _SOON,
        ("A weekly delivery to Oulu in one van with {other}; the fuel bill halved.",),
    ),
    "{a}: a joint winter package of cabin, sauna and husky ride, sold by one member": Sequel(
        JOINT,
        "a",
        0.15,
        _LATER,
        ("A joint winter package with the other tourism members, sold to operators abroad.",),
    ),
    "{a} asks three suppliers for a price on jars for a joint order": Sequel(
        JOINT,
        "a",
        0.25,
        _SOON,
        ("The berry members' joint order of jars and labels.",),
    ),
    "{a} asks the parcel companies for a group offer": Sequel(
        JOINT,
        "a",
        0.2,
        _SOON,
        ("One parcel contract for the whole group, at a price none of the members got alone.",),
    ),
    "{a}: sell reindeer and fish together to restaurants in Helsinki, one delivery a week": Sequel(
        JOINT,
        "a",
        0.15,
        _LATER,
        ("Reindeer and fish to Helsinki restaurants in one weekly delivery with {other}.",),
    ),
    # -- new products and customers
    "{a}: a premium service at a higher price instead of raising everything": Sequel(
        PRODUCT,
        "a",
        0.3,
        _LATER,
        ("A premium service at a higher price; a fifth of the customers chose it.",),
    ),
    "{a} needs ideas for a winter product": Sequel(
        PRODUCT,
        "a",
        0.35,
        _LATER,
        ("A winter product for local customers, from the ideas the group gave.",),
    ),
    "{a}: winter courses at the members' premises": Sequel(
        PRODUCT,
        "a",
        0.3,
        _LATER,
        ("Winter evening courses at the members' premises, three of them full.",),
    ),
    "{a}: sell sauna kits made of {host}'s timber": Sequel(
        PRODUCT,
        "a",
        0.35,
        _LATER,
        ("Sauna kits of {other}'s timber, sold through the web shop.",),
    ),
    "{host} tries Christmas parties for local firms this winter": Sequel(
        SEGMENT,
        "host",
        0.5,
        _SOON,
        ("Christmas parties for six local firms: a new kind of customer for the quiet season.",),
    ),
    "{host} tests direct sales to three restaurants in spring": Sequel(
        SEGMENT,
        "host",
        0.5,
        _SOON,
        ("Sells direct to four restaurants now, past the wholesaler.",),
    ),
    "{b}: sell berry boxes to the tourism members' guests": Sequel(
        SEGMENT,
        "b",
        0.3,
        _LATER,
        ("Berry boxes for the tourism members' guests.",),
    ),
    # -- investments and premises
    "{host} applies for the guarantee before the bank meeting": Sequel(
        INVESTMENT,
        "host",
        0.55,
        _LATER,
        ("Bought the new van with a bank loan and a Finnvera guarantee.",),
    ),
    "{host} asks for an offer for a small kiln and brings it to the group": Sequel(
        INVESTMENT,
        "host",
        0.4,
        _LATER,
        ("A small drying kiln, with the ELY Centre's investment grant.",),
    ),
    "{host} needs financing for a drying kiln": Sequel(
        INVESTMENT,
        "host",
        0.3,
        _LATER,
        ("Financing arranged and the drying kiln bought.",),
    ),
    "{host} needs a freezer container for the peak weeks": Sequel(
        INVESTMENT,
        "host",
        0.4,
        _LATER,
        ("A second-hand freezer container for the berry weeks.",),
    ),
    "{host} needs a cold-storage solution for the summer months": Sequel(
        INVESTMENT,
        "host",
        0.35,
        _LATER,
        ("Cold storage for the summer months, shared with another member.",),
    ),
    "{a} needs a contact at the ELY Centre about the investment grant": Sequel(
        INVESTMENT,
        "a",
        0.3,
        _LATER,
        ("The investment grant came through; new machinery for the workshop.",),
    ),
    "{a} needs advice on the food-safety plan of a new smokehouse": Sequel(
        PREMISES,
        "a",
        0.45,
        _LATER,
        ("The new smokehouse passed the inspection and is in use.",),
    ),
    "{b}: one of the next meetings could be at {a}'s new premises": Sequel(
        PREMISES,
        "a",
        0.3,
        _SOON,
        ("Moved into the new premises; the group's next visit is booked.",),
    ),
}

#: Barriers to growth named in interviews, with how often, and the short notes some come with.
BARRIER_WEIGHTS: dict[Barrier, int] = {
    Barrier.TIME: 30,
    Barrier.FINANCE: 25,
    Barrier.MARKET_ACCESS: 20,
    Barrier.DISTANCE: 18,
    Barrier.RECRUITMENT: 18,
    Barrier.SKILLS: 12,
    Barrier.REGULATION: 10,
    Barrier.FAMILY: 8,
    Barrier.OTHER: 5,
}
BARRIER_NOTES: dict[Barrier, tuple[str, ...]] = {
    Barrier.TIME: ("Works alone; no hours left for developing the firm.", "The summer takes every hour."),
    Barrier.FINANCE: ("The bank asks for more security than the firm has.", "Grants need own money first."),
    Barrier.MARKET_ACCESS: ("Customers are far and shipping eats the margin.", "Hard to reach buyers abroad."),
    Barrier.DISTANCE: ("200 km to the nearest town.", "The road is closed for weeks in spring."),
    Barrier.RECRUITMENT: ("Nobody skilled within 50 km.", "Seasonal workers do not come back."),
    Barrier.SKILLS: ("Online marketing.", "No time to learn the accounting software."),
    Barrier.REGULATION: ("Food-safety rules written for big kitchens.", "Permits take months."),
    Barrier.FAMILY: ("Small children at home.", "The spouse works in another town."),
    Barrier.OTHER: ("Broadband too slow for the web shop.", "Electricity prices."),
}

#: What the network gives, as said in a follow-up interview.
NETWORK_GIVES = (
    "Peers who have done it before.",
    "Contacts I would not have found alone.",
    "Someone to test ideas on before the bank.",
    "Customers through the other members.",
    "Shared stands and shared costs.",
    "Practical answers about VAT and paperwork.",
    "An evening with people in the same boat.",
    "Courage to try.",
)
#: ... after an outcome of this kind since the last interview.
NETWORK_GIVES_AFTER: dict[OutcomeKind, str] = {
    OutcomeKind.FIRST_EMPLOYEE: "The push to hire the first employee.",
    OutcomeKind.MORE_STAFF: "Advice on being an employer.",
    OutcomeKind.EXPORT: "The contacts that opened sales abroad.",
    OutcomeKind.JOINT: "Joint campaigns with the other members.",
    OutcomeKind.NEW_PRODUCT: "Honest feedback on the new product.",
    OutcomeKind.NEW_SEGMENT: "New customers through the group's ideas.",
    OutcomeKind.INVESTMENT: "A sounding board for the investment.",
    OutcomeKind.PREMISES: "Help with the move and the permits.",
}
#: What a new member hopes the network will give.
NETWORK_HOPES = (
    "Hopes for peers to test ideas on.",
    "Expects contacts and joint marketing.",
    "Wants to hear how others handle the quiet season.",
    "Looking for partners for joint sales.",
)
#: What a leaving member says the network gave.
NETWORK_GAVE = (
    "Good years and good contacts; the firm needs it less now.",
    "Gave a lot at the start; now there is no time for the evenings.",
    "The group stays in touch; the evenings are too far now.",
)
