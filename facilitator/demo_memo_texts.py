"""What is said at the demo network's held meetings: the themes a host brings up, each with the
notes, needs, ideas, decisions and action items that tend to come up about it; the general memo
lines of each agenda section; lines about a guest; closing conclusions and feedback comments.

Data only, kept apart so that the material can grow without burying the logic that holds the
evenings: :mod:`facilitator.demo_memos` draws from it. A line's placeholders stand for the people
it is about and its codes are the activities of DESIGN §4 it fits, the likeliest first. Texts are
in English (the demo's content, not the app's interface).
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from facilitator.model import MemoKind


@dataclass(frozen=True)
class Line:
    """A memo line with placeholders ({a}, {b}: members present; {host}, {company}: the host and
    the firm; {fac}: the facilitator; {guest}, {org}: the guest) and the activity codes it fits,
    the likeliest first."""

    text: str
    codes: tuple[str, ...]
    fields: tuple[str, ...]


def _lines(*rows: tuple[str, str]) -> tuple[Line, ...]:
    """Lines from (text, codes separated by spaces); the placeholders are read once, here."""
    parsed = []
    for text, codes in rows:
        names = tuple(dict.fromkeys(name for _, name, _, _ in string.Formatter().parse(text) if name))
        parsed.append(Line(text, tuple(codes.split()), names))
    return tuple(parsed)


@dataclass(frozen=True)
class Topic:
    """A theme a host brings up, with what tends to be said about it."""

    key: str
    titles: tuple[str, ...]
    note: str  # the host's few words on why it matters
    trades: frozenset[str]  # hosts of these trades pick it more often
    conclusions: tuple[str, ...]
    lines: dict[MemoKind, tuple[Line, ...]]
    guests: tuple[str, ...] = ()  # organisations a guest on this theme comes from


def _topic(
    key: str,
    titles: tuple[str, ...],
    note: str,
    trades: str,
    conclusions: tuple[str, ...],
    *,
    notes: tuple[tuple[str, str], ...],
    needs: tuple[tuple[str, str], ...],
    ideas: tuple[tuple[str, str], ...],
    decisions: tuple[tuple[str, str], ...],
    actions: tuple[tuple[str, str], ...],
    guests: tuple[str, ...] = (),
) -> Topic:
    return Topic(
        key=key,
        titles=titles,
        note=note,
        trades=frozenset(trade.strip() for trade in trades.split(",") if trade.strip()),
        conclusions=conclusions,
        lines={
            MemoKind.NOTE: _lines(*notes),
            MemoKind.NEED: _lines(*needs),
            MemoKind.IDEA: _lines(*ideas),
            MemoKind.DECISION: _lines(*decisions),
            MemoKind.ACTION: _lines(*actions),
        },
        guests=guests,
    )


TOPICS = (
    _topic(
        "tourism",
        ("Selling winter trips to Central Europe", "Working with tour operators"),
        "Tour operators now book half of my winter; I want to know whether to depend on them.",
        "wilderness guiding, husky safaris, archipelago guiding, fishing tourism, guesthouse, café",
        (
            "Operators bring volume but take margin; a share of direct bookings protects the firm.",
            "Ask for an advance payment and clear cancellation terms in every operator contract.",
            "A joint winter package is worth trying with two or three members next season.",
        ),
        notes=(
            ("{host}: tour operators take 25–30 % commission and pay 60 days after the trip", "PS SE"),
            ("{a} sells direct to German families through the own website; no commission but slow to build", "SE"),
            ("{b} had a French operator cancel a whole week two days before arrival", "SE BA"),
            ("The group compares contract terms: cancellation, payment time, minimum group size", "PS RI"),
            ("{a} asks who has dealt with Asian operators; {b} has, through the travel fair in Helsinki", "SE RI"),
        ),
        needs=(
            ("{host} needs an English contract template for tour operators", "RI MK"),
            ("{a} needs a booking system that talks to the operators' systems", "MK RI"),
        ),
        ideas=(
            ("{a}: a joint winter package of cabin, sauna and husky ride, sold by one member", "CS DD"),
            ("{b}: the tourism members share one familiarisation trip for operators", "CS RA"),
        ),
        decisions=(
            ("{host} will ask next season's operators for a 30 % advance payment", "GC BA"),
            ("The tourism members share one stand at the travel fair in January", "CS"),
        ),
        actions=(
            ("{a} sends {host} the cancellation terms of the own operator contracts", "RA RI"),
            ("{b} asks the regional tourism office for the operators' contact list", "RI MK"),
        ),
        guests=("Visit Finland", "the regional tourism office"),
    ),
    _topic(
        "reindeer",
        ("Reindeer meat from the fell to restaurants", "Selling reindeer meat direct"),
        "Restaurants in the south ask for reindeer all year, but my slaughter season is short.",
        "reindeer meat processing, fish processing",
        (
            "Direct sales to restaurants pay better but need steady deliveries all year.",
            "Shared deliveries make the small orders to the south worth sending.",
            "The protected name of Lapland reindeer meat is worth using on every label.",
        ),
        notes=(
            ("{host} processes about 400 reindeer a year; most goes frozen to wholesalers", "DD"),
            ("Inspection fees of the small slaughterhouses rose again this year", "SE PS"),
            ("{a} sells smoked reindeer at the Christmas markets and is sold out by noon", "SE"),
            ("{b} asks how the restaurants want the meat cut and packed", "RI SE"),
            ("What the protected name 'Lapland reindeer meat' allows on labels", "RI MK"),
        ),
        needs=(
            ("{host} needs a cold-storage solution for the summer months", "PS RA"),
            ("{a} needs advice on the food-safety plan of a new smokehouse", "RI MK"),
        ),
        ideas=(
            ("{a}: sell reindeer and fish together to restaurants in Helsinki, one delivery a week", "CS RA"),
            ("{b}: a tasting evening at {company} for the region's chefs", "CS DD"),
        ),
        decisions=(
            ("{host} tests direct sales to three restaurants in spring", "GC"),
            ("{host} will not lower prices to match the wholesaler's offer", "BA GC"),
        ),
        actions=(
            ("{a} sends {host} the contact of the chef in Rovaniemi who buys local meat", "RI RA"),
            ("{host} asks the herders' association about the inspection fees", "RI"),
        ),
        guests=("the Reindeer Herders' Association", "the food authority of the municipality"),
    ),
    _topic(
        "crafts",
        ("Duodji and handicrafts: selling without underselling", "Handicrafts for tourists and collectors"),
        "Tourists ask for cheap souvenirs; I make pieces that take a week each.",
        "handicrafts, blacksmith, photography, graphic design",
        (
            "Handmade work is priced by the hours it takes, not by what souvenirs cost.",
            "The Duodji label and the maker's story sell the piece; tell both.",
            "A shared sales point costs each member less than a shop of their own.",
        ),
        notes=(
            ("{host} shows the new knives and silver work; each piece takes days", "DD"),
            ("{a}: the Duodji label tells the buyer the piece is genuine Sami handicraft", "RI SE"),
            ("Copies made abroad sell in the tourist shops at a third of the price", "PS BA"),
            ("{b} sells through a gallery in Helsinki; the gallery keeps 40 %", "SE"),
            ("{a} asks whether anyone prices work by the hour; {b} does and explains how", "SE PS"),
        ),
        needs=(
            ("{host} needs a photographer for the product pictures of the web shop", "RI MK"),
            ("{a} would need help applying for the Duodji label", "RI"),
        ),
        ideas=(
            ("{a}: a shared shop window for the crafts members at the village café", "RA CS"),
            ("{b}: short films of the making, for the web shop and social media", "DD"),
        ),
        decisions=(
            ("{host} raises the prices of the larger pieces by 15 % from the new year", "GC BA"),
            ("The crafts members take a joint table at the Easter market", "CS"),
        ),
        actions=(
            ("{b} sends {host} the gallery contract to compare", "RA RI"),
            ("{a} finds out the fees of the Christmas market and tells the group", "RI CS"),
        ),
        guests=("Sámi Duodji ry", "the crafts and design association"),
    ),
    _topic(
        "berries",
        ("Berry season: pickers, buyers and prices", "From the forest to the jar"),
        "Last summer I lost a week of cloudberries because I had no pickers.",
        "berry farm, greenhouse vegetables, bakery",
        (
            "Processing the berries pays better than selling them raw, once the kitchen is approved.",
            "Written agreements with pickers prevent the worst surprises of the season.",
            "A joint order of jars and labels is worth doing every spring.",
        ),
        notes=(
            ("{host} bought about 20 000 kg of bilberries from local pickers last summer", "DD"),
            ("In a good year the wholesalers pay under 2 € a kilo", "PS SE"),
            ("{a} asks about the rules for foreign pickers' housing; {b} knows them", "RI SE"),
            ("{b} freezes part of the crop and sells it in winter at a better price", "SE RA"),
            ("Jam and juice pay better than raw berries but need a kitchen that passes inspection", "PS BA"),
        ),
        needs=(
            ("{host} needs a freezer container for the peak weeks", "PS RA"),
            ("{a} needs help with the labelling rules for jam sold in shops", "RI"),
        ),
        ideas=(
            ("{a}: buy jars and labels together for all the berry members", "CS RA"),
            ("{b}: sell berry boxes to the tourism members' guests", "CS"),
        ),
        decisions=(
            ("{host} makes a written agreement with the pickers next summer", "GC"),
            ("The berry members agree a common price list for the local shops", "CS BA"),
        ),
        actions=(
            ("{b} sends {host} the model of the pickers' agreement", "RA RI"),
            ("{a} asks three suppliers for a price on jars for a joint order", "CS RI"),
        ),
        guests=("the Natural Resources Institute", "the local cooperative shop"),
    ),
    _topic(
        "sawmill",
        ("A small sawmill and the local builders", "Timber, logs and the building season"),
        "The big sawmills set the price; I need buyers who pay for special sizes.",
        "log house builder, carpentry, forestry services, sauna builder",
        (
            "Special sizes and local timber are the small sawmill's niche, not price.",
            "Planning the builders' timber needs in winter evens out the sawmill's year.",
            "A drying kiln pays only with steady buyers; get offers first.",
        ),
        notes=(
            ("Tour of {host}'s mobile sawmill and drying shed", "VI"),
            ("{host} cuts the special sizes and long logs the big mills do not", "DD"),
            ("{a} buys timber from {host} for sauna builds; better than from the store", "SE RA"),
            ("Drying is the bottleneck; a kiln costs about 40 000 €", "PS"),
            ("{b} asks who certifies the strength grading of sawn timber", "RI MK"),
        ),
        needs=(
            ("{host} needs financing for a drying kiln", "PS MK"),
            ("{a} needs a second pair of hands for log work in summer", "MK"),
        ),
        ideas=(
            ("{a}: sell sauna kits made of {host}'s timber", "CS DD"),
            ("{b}: the builders plan the season's timber needs together in winter", "CS"),
        ),
        decisions=(
            ("{host} asks for an offer for a small kiln and brings it to the group", "GC"),
            ("{a} buys all the log timber for next summer from {host}", "CS RA"),
        ),
        actions=(
            ("{b} sends {host} the contact of the timber grading course", "RI"),
            ("{a} collects the builders' timber needs for next summer for {host}", "CS RA"),
        ),
        guests=("the Forest Centre", "the local forest owners' association"),
    ),
    _topic(
        "transport",
        ("Shipping from the north", "Transport and logistics for small firms"),
        "For small orders the parcel costs more than the product.",
        "fish processing, reindeer meat processing, bakery, electrical contractor, car repair",
        (
            "Together the members send enough parcels to ask for a contract price.",
            "A shared weekly delivery is cheaper than each member driving.",
            "Free shipping is for large orders only.",
        ),
        notes=(
            ("{host} sends about 30 parcels a week; the cold chain doubles the price", "PS SE"),
            ("{a} uses the bus parcel service to Oulu: cheap, but weekdays only", "SE RI"),
            ("{b} asks who has a contract price with the parcel companies", "RI"),
            ("The group compares parcel lockers, bus freight and an own van", "PS SE"),
            ("Lorries go back south half empty; {a} has sent pallets with one", "SE RA"),
        ),
        needs=(
            ("{host} needs a cold-chain solution for parcels under 10 kg", "PS"),
            ("{a} needs a contract price for pallets to Helsinki", "RI MK"),
        ),
        ideas=(
            ("{a}: a shared weekly delivery to Oulu for all the members", "CS RA"),
            ("{b}: ask the parcel company for one contract for the whole group", "CS"),
        ),
        decisions=(
            ("The group asks for one contract price for all the members", "CS"),
            ("{host} stops free shipping for orders under 50 €", "BA GC"),
        ),
        actions=(
            ("{a} asks the parcel companies for a group offer", "CS RI"),
            ("{b} sends everyone the bus freight timetable", "RA RI"),
        ),
        guests=("the regional bus company", "a parcel company"),
    ),
    _topic(
        "vat",
        ("VAT, bookkeeping and the tax calendar", "When the turnover passes the VAT threshold"),
        "I passed the VAT threshold this year and the paperwork took me by surprise.",
        "accounting office, hairdresser, café, photography, graphic design",
        (
            "Know where the VAT relief ends before the turnover gets there.",
            "A tax calendar on the wall saves penalties.",
            "Buying bookkeeping often costs less than the hours it takes to do it yourself.",
        ),
        notes=(
            ("{host} explains the small-business VAT relief and where it ends", "RI SE"),
            ("{a} pays VAT quarterly; monthly would be easier for the cash flow", "SE"),
            ("{b} paid a late fee for a forgotten return and tells how to avoid it", "SE"),
            ("Do the bookkeeping yourself or buy it? The group is divided", "BA PS"),
            ("{a} asks about VAT on sales to other EU countries; {host} knows the OSS scheme", "RI SE"),
        ),
        needs=(
            ("{a} needs an accountant who understands tourism", "RI MK"),
            ("{b} needs a clear tax calendar for the year", "RI DP"),
        ),
        ideas=(
            ("{a}: a one-page guide to the tax deadlines in the group's shared folder", "DP"),
            ("{b}: buy bookkeeping software together at a group price", "CS RA"),
        ),
        decisions=(
            ("{a} moves to monthly VAT returns from January", "GC"),
            ("{b} buys the bookkeeping from {company} from next year", "RA"),
        ),
        actions=(
            ("{host} writes one page of the VAT dates for the members", "DP"),
            ("{a} finds out the group price of the bookkeeping software", "CS RI"),
        ),
        guests=("the Tax Administration", "the regional entrepreneurs' association"),
    ),
    _topic(
        "webshop",
        ("Opening a web shop", "Selling online without a shop window"),
        "Half of my customers find me online, but my web shop is a price list.",
        "handicrafts, reindeer meat processing, fish processing, berry farm, bakery, photography",
        (
            "Shipping costs shown early keep the buyer in the web shop.",
            "A ready-made platform is enough for a small shop.",
            "Good photos and short texts sell more than features.",
        ),
        notes=(
            ("{host} shows the web shop; most visitors leave at the shipping costs", "DD PS"),
            ("{a} uses a ready-made shop platform for 30 € a month and is happy with it", "SE"),
            ("{b} sells mostly through a marketplace: lower margin, but no marketing needed", "SE BA"),
            ("Good photos matter more than the platform, says {a}", "SE"),
            ("{a} asks about payment services and their fees; {b} has compared three", "RI SE"),
        ),
        needs=(
            ("{host} needs help with product photos and texts in English and German", "MK RI"),
            ("{a} needs a course on search-engine basics", "MK"),
        ),
        ideas=(
            ("{a}: one joint web shop for the group's products", "CS RA"),
            ("{b}: each member links to the others' products", "CS"),
        ),
        decisions=(
            ("{host} moves the web shop to a ready-made platform", "GC"),
            ("The group tries a joint Christmas campaign online", "CS"),
        ),
        actions=(
            ("{b} sends {host} the list of platforms with their fees", "RI RA"),
            ("{a} books a photographer for the members' product pictures", "CS RA"),
        ),
        guests=("the regional development agency's digital adviser",),
    ),
    _topic(
        "hiring",
        ("Hiring the first employee", "Summer help and seasonal workers"),
        "I turn work away every summer, but a salary all year frightens me.",
        "car repair, electrical contractor, hairdresser, wilderness guiding, husky safaris, berry farm, café, "
        "guesthouse",
        (
            "A first employee is easier as a seasonal trial than as a permanent post.",
            "Two firms can share one worker across the year.",
            "Know the employer's costs before deciding.",
        ),
        notes=(
            ("{host} works 60-hour weeks in summer and turns orders away", "PS"),
            ("{a} hired with the employment office's pay subsidy and tells what it required", "SE RI"),
            ("{b} shares a worker with a neighbour's firm: summer here, winter there", "SE RA"),
            ("The group goes through an employer's costs: pension, insurance, holiday pay", "PS RI"),
            ("{a} and {b} argue over a trainee versus an experienced worker", "BA"),
        ),
        needs=(
            ("{host} needs help with the first employment contract", "RI MK"),
            ("{a} needs a worker for the summer season only", "MK"),
        ),
        ideas=(
            ("{a}: two members hire one worker together", "CS RA"),
            ("{b}: ask the vocational college for trainees every spring", "CS MK"),
        ),
        decisions=(
            ("{host} hires a summer worker for three months as a trial", "GC"),
            ("{a} will ask the employment office about the pay subsidy", "GC"),
        ),
        actions=(
            ("{b} sends {host} the model employment contract", "RA RI"),
            ("{a} asks the vocational college about trainees for the group", "RI MK"),
        ),
        guests=("the employment office", "the vocational college"),
    ),
    _topic(
        "loans",
        ("Bank loans and guarantees for a small investment", "Financing the next investment"),
        "I need a new van and the bank asks for more security than I have.",
        "sauna builder, log house builder, car repair, guesthouse, greenhouse vegetables, fish processing",
        (
            "Go to the bank with a cash-flow plan and a guarantee already asked for.",
            "Leasing costs more in the end but keeps the cash.",
            "Grants and loans can be combined; ask the advisers early.",
        ),
        notes=(
            ("{host} needs about 60 000 € for the investment; the bank asks for a guarantee", "PS"),
            ("{a} got a Finnvera guarantee last year; it took six weeks", "SE RI"),
            ("{b} leased instead of buying and tells what it cost in the end", "SE BA"),
            ("The group goes through {host}'s cash-flow calculation", "PS"),
            ("{a} asks whether the ELY Centre's investment grant goes with a loan; {fac} explains", "RI"),
        ),
        needs=(
            ("{host} needs help with the financing plan for the bank", "PS MK"),
            ("{a} needs a contact at Finnvera", "RI MK"),
        ),
        ideas=(
            ("{a}: invite the bank and Finnvera advisers to the same meeting", "MK CS"),
            ("{b}: share a van instead of each buying one", "RA CS"),
        ),
        decisions=(
            ("{host} applies for the guarantee before the bank meeting", "GC"),
            ("{a} puts the investment off by one year", "BA GC"),
        ),
        actions=(
            ("{host} sends the cash-flow calculation to {fac} for comments", "PS"),
            ("{a} asks the Finnvera adviser to the next meeting", "MK RI"),
        ),
        guests=("Finnvera", "the local savings bank", "the ELY Centre"),
    ),
    _topic(
        "pricing",
        ("Pricing when costs rise", "Raising prices without losing customers"),
        "Fuel and electricity went up a third; I have not dared to raise prices.",
        "bakery, café, hairdresser, car repair, electrical contractor, accounting office",
        (
            "Most customers accept a raise when they know the reason.",
            "Calculate the real cost of an hour before setting prices.",
            "Small regular raises are easier than one large one.",
        ),
        notes=(
            ("{host} has not raised prices for three years; costs are up by a third", "PS"),
            ("{a} raised prices by 8 % and lost one customer out of forty", "SE GC"),
            ("{b} tells customers the reason for a raise; most accept it", "SE"),
            ("The group works out {host}'s break-even price together", "PS"),
            ("{a} and {b} argue: one raise at once, or small steps", "BA"),
        ),
        needs=(
            ("{host} needs help working out the real cost of an hour's work", "PS"),
            ("{a} needs advice on price lists for business customers", "RI"),
        ),
        ideas=(
            ("{a}: a premium service at a higher price instead of raising everything", "DD"),
            ("{b}: announce the new prices with the new season's offer", "DD GC"),
        ),
        decisions=(
            ("{host} raises prices by 10 % from the beginning of the month", "GC BA"),
            ("{a} keeps the old prices for regular customers until summer", "BA"),
        ),
        actions=(
            ("{host} writes the letter about the new prices and shows it to {a}", "GC"),
            ("{b} sends everyone the sheet for the cost of an hour", "RA DP"),
        ),
    ),
    _topic(
        "quiet",
        ("Surviving the quiet season", "Cash for the dark months"),
        "From October to February the cash runs thin every year.",
        "wilderness guiding, archipelago guiding, fishing tourism, guesthouse, café, berry farm",
        (
            "Plan the winter's cash in summer, when the money comes in.",
            "A small local winter product keeps the customers in touch.",
            "Joint campaigns make the dark months visible.",
        ),
        notes=(
            ("{host}'s turnover falls by 80 % from October to February", "PS"),
            ("{a} does maintenance and forest work in winter for extra income", "SE"),
            ("{b} started a winter product for local customers; slow start but growing", "SE DD"),
            ("The group goes through {host}'s year month by month", "PS"),
            ("{a} asks about an entrepreneur's unemployment benefit in the off-season; {fac} explains", "RI"),
        ),
        needs=(
            ("{host} needs a cash-flow plan for the winter", "PS MK"),
            ("{a} needs ideas for a winter product", "DD MK"),
        ),
        ideas=(
            ("{a}: winter courses at the members' premises", "DD CS"),
            ("{b}: offer the members' services to the municipality in winter", "CS"),
        ),
        decisions=(
            ("{host} tries Christmas parties for local firms this winter", "GC"),
            ("The group runs a joint winter weekend campaign", "CS"),
        ),
        actions=(
            ("{a} drafts the winter weekend programme with {host}", "CS"),
            ("{b} sends the municipality's contact for winter services", "RI"),
        ),
    ),
    _topic(
        "marketing",
        ("Joint marketing with the neighbours", "Social media on a small budget"),
        "Tourists come for the whole valley, not for one firm.",
        "graphic design, photography, guesthouse, café",
        (
            "Joint marketing makes the area visible where one firm is not.",
            "A post a week is enough when it is regular.",
            "Sharing each other's posts costs the members nothing.",
        ),
        notes=(
            ("{host} shows the firm's social media accounts; few posts this year", "DD"),
            ("{a} posts twice a week and gets most new customers from there", "SE"),
            ("{b} paid for an advert on social media and tells what it brought", "SE"),
            ("A joint brand for the area's firms: for and against", "CS BA"),
            ("{a} asks who made the area's tourist map; {fac} knows", "RI MK"),
        ),
        needs=(
            ("{host} needs training in social media", "MK"),
            ("{a} needs a graphic designer for a new logo", "RI MK"),
        ),
        ideas=(
            ("{a}: a joint map of the members' firms for tourists", "CS RA"),
            ("{b}: members share each other's posts every week", "CS"),
        ),
        decisions=(
            ("The group makes a joint leaflet for the summer", "CS"),
            ("{host} posts once a week for three months and reports back", "GC"),
        ),
        actions=(
            ("{a} collects the members' texts and photos for the leaflet", "CS RA"),
            ("{b} asks the graphic designer for an offer", "RI"),
        ),
        guests=("the local newspaper", "the municipality's business services"),
    ),
    _topic(
        "succession",
        ("Handing the firm over", "Succession and selling the business"),
        "I turn 63 next spring and nobody in the family wants to continue.",
        "blacksmith, bakery, car repair, carpentry, accounting office",
        (
            "Start a handover years ahead; a buyer pays for routines and customers.",
            "The regional succession service helps with the valuation.",
            "The group knows possible buyers; tell it early.",
        ),
        notes=(
            ("{host} wants to sell within five years; nobody in the family continues", "PS"),
            ("{a} bought the firm from the previous owner and tells what helped", "SE"),
            ("What a small firm is worth: the customers, the name, the premises", "BA PS"),
            ("{b} knows a young couple looking for a firm to buy", "MK RI"),
            ("{fac} tells about the regional succession service", "RI"),
        ),
        needs=(
            ("{host} needs a valuation of the firm", "RI MK"),
            ("{a} needs help writing down the firm's routines for a buyer", "DP"),
        ),
        ideas=(
            ("{a}: write down the firm's routines so that a buyer can take over", "DP"),
            ("{b}: a list of the members' firms that will be for sale", "MK CS"),
        ),
        decisions=(
            ("{host} starts by asking for a valuation", "GC"),
            ("{host} will meet the young couple {b} knows", "GC MK"),
        ),
        actions=(
            ("{b} sends {host} the contact of the young couple", "RI MK"),
            ("{host} asks {fac} about the succession service", "RI"),
        ),
        guests=("the regional succession service", "the Federation of Finnish Enterprises"),
    ),
)

#: Agenda sections of the network's default evening (by position), each with its own lines.
NEWS, HOST, DISCUSSION, JOINT, FEEDBACK = range(5)

#: The memo's general lines by section and kind; the discussion draws on the theme's lines too.
#: Codes follow what the research team finds in such groups: problem-solving, seeking experience
#: and requests for information throughout, documentation projects and visits seldom.
GENERAL: dict[tuple[int, MemoKind], tuple[Line, ...]] = {
    (NEWS, MemoKind.NOTE): _lines(
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
    (NEWS, MemoKind.NEED): _lines(
        ("{a} needs a partner for bookkeeping now that the turnover passed the VAT threshold", "RI MK"),
        ("{b} needs help with the report of the development grant", "RI"),
        ("{a} needs a new supplier of packaging", "RI"),
    ),
    (NEWS, MemoKind.IDEA): _lines(
        ("{a}: the group could go to the business fair in Oulu together", "CS"),
        ("{b}: one of the next meetings could be at {a}'s new premises", "VI"),
    ),
    (HOST, MemoKind.NOTE): _lines(
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
    (HOST, MemoKind.NEED): _lines(
        ("{host} needs advice on protecting the name of {company}", "RI"),
        ("{host} needs a mentor for the growth plan of {company}", "MK"),
    ),
    (HOST, MemoKind.IDEA): _lines(
        ("{a}: the premises of {company} would suit a joint Christmas sale", "RA CS"),
        ("{b}: {company} could sell the other members' products to its customers", "CS RA"),
    ),
    (DISCUSSION, MemoKind.NOTE): _lines(
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
    (DISCUSSION, MemoKind.NEED): _lines(
        ("{a} needs help with a cash-flow plan for the winter", "PS"),
        ("{b} would need training in online marketing", "MK"),
        ("{a} needs a contact at the ELY Centre about the investment grant", "RI"),
    ),
    (DISCUSSION, MemoKind.IDEA): _lines(
        ("{a}: a shared price list for the members' services", "CS"),
        ("{b}: write down the group's experience of this for new members", "DP"),
    ),
    (DISCUSSION, MemoKind.DECISION): _lines(
        ("{host} tries the plan for one season and reports back", "GC PS"),
        ("{a} will not sign the contract as offered and asks for a shorter term", "BA PS"),
    ),
    (DISCUSSION, MemoKind.ACTION): _lines(
        ("{a} sends {host} the contract template that worked", "RA RI"),
        ("{b} finds out who in the region has done the same and tells {host}", "RI MK"),
    ),
    (JOINT, MemoKind.NOTE): _lines(
        ("Round of what everyone takes home from tonight", ""),
        ("{fac} goes through the open action items of earlier meetings", ""),
        ("{a} reports on the joint order agreed earlier: done and delivered", "CS"),
    ),
    (JOINT, MemoKind.DECISION): _lines(
        ("The group takes part in the regional Christmas market with one shared stand", "CS"),
        ("The joint packaging order goes ahead if at least five members join", "CS RA"),
        ("The group shares one advert in the summer guide", "CS"),
        ("A guest from Finnvera is invited to the spring meeting", "RI"),
        ("{a} and {b} share the van for deliveries to Oulu", "RA"),
        ("The group's experience on the theme is written up for the shared folder", "DP"),
        ("Next meeting's theme proposed by {a}", ""),
        ("{host} goes ahead with the plan as the group suggested", "GC PS"),
    ),
    (JOINT, MemoKind.ACTION): _lines(
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
    (FEEDBACK, MemoKind.NOTE): _lines(
        ("Feedback forms handed out", ""),
        ("Short feedback round: the discussion could have been longer", ""),
    ),
}

#: The line written when nothing else fits (every other line used, or no one there to name).
LAST_RESORT = _lines(("{host} answers the group's questions", ""))[0]

#: Lines about a guest, used when one came.
GUEST_LINES = _lines(
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
