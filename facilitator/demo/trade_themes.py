"""The themes of the members' trades in the north (tourism, reindeer, crafts, berries, wood,
transport), each with what tends to be said about it: the demo's content, in English."""

from __future__ import annotations

from facilitator.demo.lines import make_topic

TRADE_THEMES = (
    make_topic(
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
    make_topic(
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
    make_topic(
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
    make_topic(
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
            ("{a} needs help with the labelling rules for jam sold in Sweden and Norway", "RI"),
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
    make_topic(
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
    make_topic(
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
            ("{a} needs a freight price for pallets to Sweden and Norway", "RI MK"),
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
)
