"""What is said at the demo network's held meetings, whatever the theme: the general memo lines of
each agenda section, lines about a guest, closing conclusions and feedback comments; and the
themes a host brings up, gathered from :mod:`facilitator.demo.trade_themes` and
:mod:`facilitator.demo.business_themes`.

Data only, kept apart so that the material can grow without burying the logic that holds the
evenings: :mod:`facilitator.demo.memos` and :mod:`facilitator.demo.evenings` draw from it. A line's
placeholders stand for the people it is about and its codes are the activities of DESIGN §4 it
fits, the likeliest first (see :mod:`facilitator.demo.lines`). Texts are in English (the demo's
content, not the app's interface).
"""

from __future__ import annotations

from facilitator.demo.business_themes import BUSINESS_THEMES
from facilitator.demo.lines import Line, parse_lines
from facilitator.demo.trade_themes import TRADE_THEMES
from facilitator.model import MemoKind

#: The themes a host may bring up, in the order they are drawn from.
TOPICS = TRADE_THEMES + BUSINESS_THEMES

#: Agenda sections of the network's default evening (by position), each with its own lines.
NEWS, HOST, DISCUSSION, JOINT, FEEDBACK = range(5)

#: The memo's general lines by section and kind; the discussion draws on the theme's lines too.
#: Codes follow what the research team finds in such groups: problem-solving, seeking experience
#: and requests for information throughout, documentation projects and visits seldom.
GENERAL: dict[tuple[int, MemoKind], tuple[Line, ...]] = {
    (NEWS, MemoKind.NOTE): parse_lines(
        ("{a}: autumn better than last year, bookings up by a fifth", ""),
        ("{a} has moved the workshop to the old school building", ""),
        ("{a} took a summer trainee from the vocational college and would do it again", "SE"),
        ("{b} asks whether anyone knows a reliable accountant in the area", "RI MK"),
        ("{a}: the road to the village is closed for two weeks in May for repairs", "RI"),
        ("{a} is back after a long break and shows the new product line", "DD"),
        ("{b}: the development grant applied for last spring was approved", "GC"),
        ("{a} and {b} went to the regional trade fair together and shared the stand", "RA CS"),
        ("{a}'s electricity contract ends in January; who has a fixed price, and from whom?", "RI SE"),
        ("{b}: the joint advert in the local paper brought six calls", "CS"),
        ("{a}: a long-time customer went bankrupt with a 3 000 € invoice unpaid; what now?", "PS SE"),
        ("{b} won the municipality's small-business award this year", ""),
        ("{a}: the new price list is out; anyone else raised prices this year?", "SE"),
        ("{fac} tells about the region's new development grants", "RI"),
        ("{a} asks whether anyone has sold to the school kitchens", "SE RI"),
        ("{b} had the premises inspected and passed; tells what the inspector looked at", "SE"),
    ),
    (NEWS, MemoKind.NEED): parse_lines(
        ("{a} needs a partner for bookkeeping now that the turnover passed the VAT threshold", "RI MK"),
        ("{b} needs help with the report of the development grant", "RI"),
        ("{a} needs a new supplier of packaging", "RI"),
    ),
    (NEWS, MemoKind.IDEA): parse_lines(
        ("{a}: the group could go to the business fair in Oulu together", "CS"),
        ("{b}: one of the next meetings could be at {a}'s new premises", "VI"),
    ),
    (HOST, MemoKind.NOTE): parse_lines(
        ("{host} tells how {company} began: first orders from neighbours, now customers across the region", ""),
        ("Walk round the premises of {company}; {host} shows what last year's investment changed", "VI"),
        ("{host}: most of the turnover comes in four summer months; the rest of the year is lean", "PS"),
        ("{host} explains why the theme matters now: the same question came up three times this year", ""),
        ("{host} shows the new products and asks the group what it thinks of the prices", "DD GC"),
        ("{host} runs {company} alone; the family helps at peak times", ""),
        ("{host} would like to grow but not to become an employer overnight", "GC PS"),
        ("{a} asks how the premises were financed; {host}: a local bank loan and a small grant", "RI SE"),
        ("{host} shows the customer feedback of the last season and asks how others collect it", "SE DD"),
        ("{host}: {company} has three kinds of customers and earns most from the smallest group", "PS"),
        ("{a} asks {host} how the first customers were found", "SE RI"),
        ("{host} shows the new logo and packaging; the group comments", "DD"),
    ),
    (HOST, MemoKind.NEED): parse_lines(
        ("{host} needs advice on protecting the name of {company}", "RI"),
        ("{host} needs a mentor for the growth plan of {company}", "MK"),
    ),
    (HOST, MemoKind.IDEA): parse_lines(
        ("{a}: the premises of {company} would suit a joint Christmas sale", "RA CS"),
        ("{b}: {company} could sell the other members' products to its customers", "CS RA"),
    ),
    (DISCUSSION, MemoKind.NOTE): parse_lines(
        ("{a} asks if anyone has dealt with the same; {b} tells how it went last year", "SE"),
        ("{b} has done this twice and warns about the costs of the first year", "SE BA"),
        ("The group works through {host}'s numbers together: costs, price, volume", "PS"),
        ("{a} and {b} disagree: {b} would wait a year, {a} would start now", "BA PS"),
        ("{a} tests the plan on the group before talking to the bank", "GC PS"),
        ("Nobody in the group has done this; {fac} knows an adviser who has", "MK RI"),
        ("{fac} sums up the options discussed so far", "PS"),
        ("{a}: did exactly this a few years ago and would not do it the same way again", "SE"),
        ("{b} changes course after the discussion and tries the smaller version first", "BA GC"),
        ("{a} asks where to find the visitor statistics; {fac} knows the source", "RI"),
        ("{a} sketches a solution on the flip chart and the group improves it", "PS"),
        ("{b}: the same happened to a firm in the next municipality", "SE"),
        ("{a} asks for the name of a good lawyer for contracts; {b} has one", "RI"),
        ("Three ways out for {host}, written on the flip chart; the group picks the second", "PS"),
        ("{a} asks what the others pay for insurance", "RI SE"),
    ),
    (DISCUSSION, MemoKind.NEED): parse_lines(
        ("{a} needs help with a cash-flow plan for the winter", "PS"),
        ("{b} would need training in online marketing", "MK"),
        ("{a} needs a contact at the ELY Centre about the investment grant", "RI"),
    ),
    (DISCUSSION, MemoKind.IDEA): parse_lines(
        ("{a}: a shared price list for the members' services", "CS"),
        ("{b}: write down the group's experience of this for new members", "DP"),
    ),
    (DISCUSSION, MemoKind.DECISION): parse_lines(
        ("{host} tries the plan for one season and reports back", "GC PS"),
        ("{a} will not sign the contract as offered and asks for a shorter term", "BA PS"),
    ),
    (DISCUSSION, MemoKind.ACTION): parse_lines(
        ("{a} sends {host} the contract template that worked", "RA RI"),
        ("{b} finds out who in the region has done the same and tells {host}", "RI MK"),
    ),
    (JOINT, MemoKind.NOTE): parse_lines(
        ("Round of what everyone takes home from tonight", ""),
        ("{fac} goes through the open action items of earlier meetings", ""),
        ("{a} reports on the joint order agreed earlier: done and delivered", "CS"),
    ),
    (JOINT, MemoKind.DECISION): parse_lines(
        ("The group takes part in the regional Christmas market with one shared stand", "CS"),
        ("The joint packaging order goes ahead if at least five members join", "CS RA"),
        ("The group shares one advert in the summer guide", "CS"),
        ("A guest from Finnvera is invited to the spring meeting", "RI"),
        ("{a} and {b} share the van for deliveries to Oulu", "RA"),
        ("The group's experience on the theme is written up for the shared folder", "DP"),
        ("Next meeting's theme proposed by {a}", ""),
        ("{host} goes ahead with the plan as the group suggested", "GC PS"),
    ),
    (JOINT, MemoKind.ACTION): parse_lines(
        ("{a} collects the members' orders for the joint packaging purchase", "CS"),
        ("{a} books the stand at the Christmas market for the group", "CS"),
        ("{a} finds out the price of a shared trailer and reports back", "RA RI"),
        ("{b} sends the group's contact list round, with who knows what", "MK"),
        ("{a} shows {b} the booking system before the next meeting", "SE RA"),
        ("{host} writes a short note of tonight's advice for the shared folder", "DP"),
        ("{a} asks the municipality about a joint stand at the summer fair", "CS"),
        ("{b} sends {a} the contact of the supplier mentioned tonight", "RI"),
        ("{a} calls {host} in two weeks to hear how the plan went", "PS GC"),
        ("{b} sends {host} the figures asked for tonight", "RI"),
    ),
    (FEEDBACK, MemoKind.NOTE): parse_lines(
        ("Feedback forms handed out", ""),
        ("Short feedback round: the discussion could have been longer", ""),
    ),
}

#: The line written when nothing else fits (every other line used, or no one there to name).
LAST_RESORT = parse_lines(("{host} answers the group's questions", ""))[0]

#: Lines about a guest, used when one came.
GUEST_LINES = parse_lines(
    ("{guest} ({org}) tells what support there is and how to apply", "RI MK"),
    ("{a} asks {guest} how long a decision usually takes", "RI"),
)

GENERAL_CONCLUSIONS = (
    "Several members face the same question; the group comes back to it in spring.",
    "Peers' experience was worth more than any guide on the subject.",
    "Joint action beats each firm trying alone.",
    "The host's numbers made the discussion concrete.",
)

GUEST_ORGANISATIONS = ("the ELY Centre", "the municipality's business services", "the regional development agency")

COMMENTS = {
    "high": (
        "Very useful, thank you!",
        "Good to hear how the others have done it.",
        "Seeing the host's premises was the best part.",
        "I got two contacts I needed.",
        "More evenings like this.",
        "Useful numbers, I will use them.",
    ),
    "middle": (
        "Good discussion, a bit long.",
        "Could have had more time for the theme.",
        "Useful, but the news round took too long.",
        "Interesting, though not my field.",
    ),
    "low": (
        "Not much for my business this time.",
        "Too much talk about one firm.",
        "Started late and ran over.",
    ),
}
