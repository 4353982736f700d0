"""The themes of running a micro-business (VAT, the web shop, hiring, loans, pricing, the quiet
season, marketing, succession), each with what tends to be said about it: the demo's content, in
English."""

from __future__ import annotations

from facilitator.demo.lines import make_topic

BUSINESS_THEMES = (
    make_topic(
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
    make_topic(
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
    make_topic(
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
    make_topic(
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
    make_topic(
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
    make_topic(
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
    make_topic(
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
    make_topic(
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
